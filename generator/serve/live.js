// Dossier watch mode: reloads the page after each successful rebuild,
// keeping the scroll position; swaps stylesheets after a CSS-only change;
// shows the build's errors over the page while the build is broken.
(function () {
  "use strict";
  var key = "dossier-scroll:" + location.pathname;
  var saved = sessionStorage.getItem(key);
  if (saved !== null) {
    sessionStorage.removeItem(key);
    var y = parseInt(saved, 10);
    window.addEventListener("load", function () { window.scrollTo(0, y); });
  }

  function reload() {
    sessionStorage.setItem(key, String(window.scrollY));
    location.reload();
  }

  function swapStyles() {
    var links = document.querySelectorAll('link[rel="stylesheet"]');
    for (var i = 0; i < links.length; i++) {
      var url = new URL(links[i].href);
      url.searchParams.set("live", String(Date.now()));
      links[i].href = url.toString();
    }
  }

  var overlay = null;
  function showErrors(errors) {
    hideErrors();
    overlay = document.createElement("div");
    overlay.id = "dossier-errors";
    overlay.setAttribute("role", "alert");
    overlay.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;" +
      "background:rgba(20,20,20,.94);color:#fff;font:14px/1.5 ui-monospace,monospace;padding:2rem";
    var h = document.createElement("h2");
    h.textContent = "Build failed: the last good version is still served";
    h.style.cssText = "margin:0 0 1rem;color:#ff8a80;font-size:1.2rem";
    overlay.appendChild(h);
    errors.forEach(function (e) {
      var item = document.createElement("div");
      item.className = "dossier-error";
      item.style.cssText = "margin:0 0 1rem";
      var where = document.createElement("div");
      where.className = "dossier-error-pos";
      where.textContent = e.pos + ": " + e.msg;
      item.appendChild(where);
      if (e.line) {
        var line = document.createElement("pre");
        line.textContent = e.line;
        line.style.cssText = "margin:.25rem 0 0;padding:.25rem .5rem;background:#333;white-space:pre-wrap";
        item.appendChild(line);
      }
      overlay.appendChild(item);
    });
    document.body.appendChild(overlay);
  }
  function hideErrors() {
    if (overlay) {
      overlay.remove();
      overlay = null;
    }
  }

  var source = new EventSource("/__dossier/events");
  var broken = false;
  // A browser opens at most six connections to one host: a page left open
  // in the back-forward cache must not hold one, or after a few
  // navigations the next page waits for a connection that never frees.
  window.addEventListener("pagehide", function () {
    source.close();
  });
  window.addEventListener("pageshow", function (ev) {
    // back from the cache: the site may have been rebuilt meanwhile, and
    // the closed stream cannot say so
    if (ev.persisted) {
      location.reload();
    }
  });
  source.addEventListener("failed", function (ev) {
    broken = true;
    showErrors(JSON.parse(ev.data));
  });
  source.addEventListener("ok", function () {
    hideErrors();
  });
  source.addEventListener("open", function () {
    // lets tests (and curious authors) see that the page is listening
    document.documentElement.setAttribute("data-dossier-live", "connected");
  });
  source.addEventListener("reload", function () {
    broken = false;
    reload();
  });
  source.addEventListener("css", function () {
    if (broken) {
      reload();
      return;
    }
    swapStyles();
  });
})();

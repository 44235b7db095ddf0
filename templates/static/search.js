// Dossier client-side search. No libraries and no server-side code: the
// index is a set of scripts. The search page loads search/index.js, which
// lists the index's files (window.DOSSIER_SEARCH_FILES); this script loads
// them, each setting its part of window.DOSSIER_SEARCH_PARTS, and searches
// their entries in order. A theme may instead define window.DOSSIER_SEARCH,
// the entries themselves.
(function () {
  "use strict";

  var MAX_RESULTS = 50;
  var KIND_LABELS = { article: "Article", statement: "Statement", entity: "Player", page: "Page" };

  // fold lower-cases text, strips diacritics, so "Zoë" matches "zoe", and
  // makes every apostrophe a straight one: phones type "O’Byrne" where an
  // editor may have typed "O'Byrne".
  function fold(text) {
    var s = String(text || "").toLowerCase();
    if (s.normalize) {
      s = s.normalize("NFD").replace(/[\u0300-\u036f]/g, "");
    }
    return s.replace(/[\u2018\u2019\u02bc\u2032]/g, "'");
  }

  function terms(query) {
    // a word in single quotes (‘byrne’) is the word: its apostrophes
    // inside (o'byrne) are kept
    return fold(query).split(/[\s,;:!?"“”()]+/)
      .map(function (t) { return t.replace(/^'+|'+$/g, ""); })
      .filter(function (t) { return t.length > 0; });
  }

  function prepare(raw) {
    return raw
      .filter(function (e) { return e && typeof e.t === "string" && typeof e.u === "string"; })
      .map(function (e, i) {
        var title = fold(e.t);
        return {
          entry: e,
          order: i,
          title: title,
          summary: fold(e.s),
          all: title + "\n" + fold(e.s) + "\n" + fold(e.x)
        };
      });
  }

  // score returns -1 when an entry does not match every term; otherwise
  // higher is better: title hits count most, then summary hits.
  function score(doc, words) {
    var total = 0;
    for (var i = 0; i < words.length; i++) {
      var w = words[i];
      if (doc.all.indexOf(w) < 0) {
        return -1;
      }
      var at = doc.title.indexOf(w);
      if (at >= 0) {
        total += 100;
        if (at === 0 || /[^a-z0-9]/.test(doc.title.charAt(at - 1))) {
          total += 20; // the start of a word in the title
        }
      } else if (doc.summary.indexOf(w) >= 0) {
        total += 10;
      } else {
        total += 1;
      }
    }
    if (doc.title === words.join(" ")) {
      total += 200;
    }
    return total;
  }

  function search(docs, query) {
    var words = terms(query);
    if (words.length === 0) {
      return { words: words, hits: [] };
    }
    var hits = [];
    for (var i = 0; i < docs.length; i++) {
      var s = score(docs[i], words);
      if (s >= 0) {
        hits.push({ doc: docs[i], score: s });
      }
    }
    hits.sort(function (a, b) { return b.score - a.score || a.doc.order - b.doc.order; });
    return { words: words, hits: hits };
  }

  function snippet(text, words, length) {
    var s = String(text || "").replace(/\s+/g, " ").trim();
    if (s.length <= length) {
      return s;
    }
    var folded = fold(s);
    var first = -1;
    for (var i = 0; i < words.length; i++) {
      var at = folded.indexOf(words[i]);
      if (at >= 0 && (first < 0 || at < first)) {
        first = at;
      }
    }
    // Folding can change length; only trust positions when it did not.
    if (folded.length !== s.length || first < length / 2) {
      first = 0;
    }
    var start = first > 0 ? Math.max(0, first - Math.floor(length / 3)) : 0;
    var cut = s.slice(start, start + length);
    if (start > 0) {
      cut = "…" + cut.replace(/^\S*\s/, "");
    }
    if (start + length < s.length) {
      cut = cut.replace(/\s\S*$/, "") + "…";
    }
    return cut;
  }

  function render(list, status, result, query) {
    var hits = result.hits;
    while (list.firstChild) {
      list.removeChild(list.firstChild);
    }
    if (result.words.length === 0) {
      status.textContent = "";
      return;
    }
    if (hits.length === 0) {
      status.textContent = "No results for “" + query.trim() + "”.";
      return;
    }
    var shown = Math.min(hits.length, MAX_RESULTS);
    status.textContent = (hits.length === 1 ? "1 result" : hits.length + " results") +
      " for “" + query.trim() + "”" + (hits.length > shown ? ", showing the first " + shown : "") + ".";
    var ol = document.createElement("ol");
    ol.className = "items search-list";
    for (var i = 0; i < shown; i++) {
      var e = hits[i].doc.entry;
      var li = document.createElement("li");

      var title = document.createElement("p");
      title.className = "item-title";
      var label = document.createElement("span");
      label.className = "label kind kind-" + (e.k || "page");
      label.textContent = KIND_LABELS[e.k] || e.k || "Page";
      title.appendChild(label);
      title.appendChild(document.createTextNode(" "));
      var a = document.createElement("a");
      a.href = e.u;
      a.textContent = e.t;
      title.appendChild(a);
      li.appendChild(title);

      if (e.d) {
        var meta = document.createElement("p");
        meta.className = "item-meta";
        meta.textContent = e.d;
        li.appendChild(meta);
      }
      var text = e.s || "";
      if (text) {
        var p = document.createElement("p");
        p.className = "item-summary";
        p.textContent = snippet(text, result.words, 240);
        li.appendChild(p);
      }
      ol.appendChild(li);
    }
    list.appendChild(ol);
  }

  function readQuery() {
    try {
      return new URLSearchParams(window.location.search).get("q") || "";
    } catch (err) {
      return "";
    }
  }

  function writeQuery(query) {
    if (!window.history || !window.history.replaceState) {
      return;
    }
    try {
      var url = new URL(window.location.href);
      if (query.trim()) {
        url.searchParams.set("q", query);
      } else {
        url.searchParams.delete("q");
      }
      window.history.replaceState(null, "", url.toString());
    } catch (err) {
      // Some browsers refuse replaceState on file:// URLs; search still works.
    }
  }

  // loadIndex calls done with the index's entries once every file of it has
  // loaded, or with null if one cannot be.
  function loadIndex(done) {
    if (Array.isArray(window.DOSSIER_SEARCH)) {
      done(window.DOSSIER_SEARCH);
      return;
    }
    var files = window.DOSSIER_SEARCH_FILES;
    if (!Array.isArray(files)) {
      done(null);
      return;
    }
    var pending = files.length;
    var over = false;
    function finish(ok) {
      if (over) {
        return;
      }
      over = true;
      var parts = window.DOSSIER_SEARCH_PARTS || [];
      var entries = [];
      for (var i = 0; ok && i < files.length; i++) {
        if (!Array.isArray(parts[i])) {
          ok = false;
        } else {
          entries = entries.concat(parts[i]);
        }
      }
      done(ok ? entries : null);
    }
    if (pending === 0) {
      finish(true);
      return;
    }
    files.forEach(function (src) {
      var script = document.createElement("script");
      script.src = src;
      script.onload = function () {
        pending--;
        if (pending === 0) {
          finish(true);
        }
      };
      script.onerror = function () { finish(false); };
      document.head.appendChild(script);
    });
  }

  function start() {
    var form = document.querySelector("form[role=search]");
    var input = form && form.querySelector("input[name=q]");
    var status = document.getElementById("search-status");
    var list = document.getElementById("search-results");
    if (!form || !input || !status || !list) {
      return;
    }
    var docs = null;
    var failed = false;
    var timer = 0;

    function run() {
      var query = input.value;
      if (failed) {
        status.textContent = "The search index could not be loaded.";
      } else if (!docs) {
        status.textContent = terms(query).length ? "Loading the search index…" : "";
      } else {
        render(list, status, search(docs, query), query);
      }
      writeQuery(query);
    }

    // the query in the address goes into the box before the index is
    // asked for: a failed load reports at once, and must not clear it
    var initial = readQuery();
    if (initial) {
      input.value = initial;
    }

    loadIndex(function (entries) {
      if (entries) {
        docs = prepare(entries);
      } else {
        failed = true;
      }
      if (failed || terms(input.value).length) {
        run();
      }
    });

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(run, 100);
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      window.clearTimeout(timer);
      run();
    });

    if (initial && !docs && !failed) {
      run(); // "Loading the search index…" until it has
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();

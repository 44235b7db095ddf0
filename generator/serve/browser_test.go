package serve

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/dossier-news/dossier/templates"
)

// findChromium returns a Chromium or Chrome binary, or "".
func findChromium() string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// TestBrowserLiveReload opens an article in a real headless Chromium, edits
// files on disk, and watches the open page follow: the new text appears
// without the test navigating, a broken statement shows the error overlay
// with its file and line, and fixing it removes the overlay.
func TestBrowserLiveReload(t *testing.T) {
	chrome := findChromium()
	if chrome == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("no Chromium on a CI machine: .ci/run should install it")
		}
		t.Skip("no Chromium installed (apt-get install chromium)")
	}
	dir := t.TempDir()
	writeFiles(t, dir, testSite)
	// the site's own stylesheet, edited below
	css, err := templates.Default.ReadFile("static/style.css")
	if err != nil {
		t.Fatal(err)
	}
	writeFiles(t, dir, map[string]string{"templates/static/style.css": string(css)})
	base := startWatch(t, dir)

	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chrome),
		chromedp.NoSandbox,
		chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelAlloc()
	ctx, cancel := chromedp.NewContext(allocCtx)
	defer cancel()
	ctx, cancelTimeout := context.WithTimeout(ctx, 60*time.Second)
	defer cancelTimeout()

	if err := chromedp.Do(ctx, chromedp.Navigate(base+"articles/first/"), chromedp.WaitVisible("main")); err != nil {
		t.Fatal(err)
	}
	// wait until the page listens for rebuilds
	waitFor(t, ctx, 5*time.Second, `document.documentElement.getAttribute("data-dossier-live") === "connected"`)

	// Search runs in the page, from the prebuilt index.
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"search/?q=acme+spoke")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, 2*time.Second, `(document.getElementById("search-results") || {innerText: ""}).innerText.includes("First")`)

	// The players' index in two columns (with the site's own stylesheet,
	// which a step below replaces): the titles of its first row line up.
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 900), chromedp.Navigate(base+"entities/"), chromedp.WaitVisible("main")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, 2*time.Second, `(() => {
		const tops = [...document.querySelectorAll(".entity-list .item-title")].slice(0, 2).map(e => e.getBoundingClientRect().top);
		const lefts = [...document.querySelectorAll(".entity-list .item-title")].slice(0, 2).map(e => e.getBoundingClientRect().left);
		return tops.length === 2 && lefts[0] !== lefts[1] && Math.abs(tops[0] - tops[1]) < 1;
	})()`)
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"articles/first/"), chromedp.WaitVisible("main")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, 5*time.Second, `document.documentElement.getAttribute("data-dossier-live") === "connected"`)

	writeFiles(t, dir, map[string]string{"content/articles/first.md": "---\ntitle: First\ndate: 2018-08-06\n---\nWords typed in the editor just now.\n"})
	waitFor(t, ctx, 2*time.Second, `document.body.innerText.includes("Words typed in the editor just now.")`)

	// A CSS-only change swaps the stylesheet without reloading the page.
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[int](`window.dossierTestMarker = 42`)); err != nil {
		t.Fatal(err)
	}
	writeFiles(t, dir, map[string]string{"templates/static/style.css": "body { outline: 3px solid rgb(1, 2, 3); }\n"})
	waitFor(t, ctx, 2*time.Second, `getComputedStyle(document.body).outlineColor === "rgb(1, 2, 3)" && window.dossierTestMarker === 42`)

	writeFiles(t, dir, map[string]string{"content/statements/acme-1.yaml": "org: acme\ndate: 2018-08-06\nchannel: emial\nquote: We said it.\n"})
	waitFor(t, ctx, 2*time.Second, `(document.getElementById("dossier-errors") || {innerText: ""}).innerText.includes("content/statements/acme-1.yaml:3:10")`)

	writeFiles(t, dir, map[string]string{"content/statements/acme-1.yaml": "org: acme\ndate: 2018-08-06\nchannel: email\nquote: We said it.\n"})
	waitFor(t, ctx, 2*time.Second, `document.getElementById("dossier-errors") === null && document.body.innerText.includes("Words typed in the editor just now.")`)

	// The index is in three files here (the articles', the statement's, the
	// players'; two entries a file, the newest articles' up to three): a search finds
	// the documents of every file, whichever file loads first. (The first
	// article no longer names Acme after the edit above.)
	for _, search := range []struct{ query, status string }{
		{"acme", "2 results for"},  // the entity and its statement
		{"deep", "1 result for"},   // an article in a sub-folder
		{"other", "2 results for"}, // the entity and the second article
		// a phone's curly apostrophe finds the straight one typed in the
		// article (and the other way round)
		{"editor%E2%80%99s", "1 result for"},
		// and a word in single quotes is the word
		{"%E2%80%98editor%E2%80%99s%E2%80%99", "1 result for"},
	} {
		if err := chromedp.Do(ctx, chromedp.Navigate(base+"search/?q="+search.query)); err != nil {
			t.Fatal(err)
		}
		waitFor(t, ctx, 2*time.Second, `(document.getElementById("search-status") || {textContent: ""}).textContent.startsWith("`+search.status+`")`)
	}

	// Without its index, search says so and keeps the reader's query.
	if err := os.Remove(filepath.Join(dir, "public", "search", "index.js")); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"search/?q=acme")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, 2*time.Second, `document.getElementById("search-status").textContent === "The search index could not be loaded." &&
		document.querySelector("input[name=q]").value === "acme" && location.search === "?q=acme"`)
}

// waitFor evaluates a JavaScript condition in the page until it is true.
func waitFor(t *testing.T, ctx context.Context, limit time.Duration, condition string) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for {
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](condition))
		if err == nil && ok {
			return
		}
		if time.Now().After(deadline) {
			text, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body ? document.body.innerText.slice(0, 500) : ""`))
			t.Fatalf("within %s, never true: %s (err %v)\npage text: %s", limit, condition, err, text)
		}
		time.Sleep(25 * time.Millisecond)
	}
}

package serve

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dossier-news/dossier/generator/build"
	"github.com/dossier-news/dossier/templates"
	"github.com/fsnotify/fsnotify"
)

var testSite = map[string]string{
	"content/site.yaml":               "title: Watch test\nbase_url: https://example.org/\n",
	"content/entities/acme.yaml":      "name: Acme\nkind: company\n",
	"content/entities/other.yaml":     "name: Other\nkind: company\n",
	"content/statements/acme-1.yaml":  "org: acme\ndate: 2018-08-06\nchannel: email\nquote: We said it.\n",
	"content/articles/first.md":       "---\ntitle: First\ndate: 2018-08-06\n---\n[[acme]] spoke.\n\n![[acme-1]]\n",
	"content/articles/second.md":      "---\ntitle: Second\ndate: 2018-08-07\n---\nNothing of [[other]].\n",
	"content/articles/drafts/deep.md": "---\ntitle: Deep\ndate: 2018-08-08\n---\nIn a sub-folder, the editor's own.\n",
}

func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func newTestServer(t *testing.T) (*Server, string) {
	t.Helper()
	dir := t.TempDir()
	writeFiles(t, dir, testSite)
	s := New(Options{Source: dir, Out: filepath.Join(dir, "public"), Build: build.Options{Theme: templates.Default, BaseURL: "http://127.0.0.1/"}})
	if r := s.Rebuild(Batch{}); r.Failed {
		t.Fatal("initial build failed")
	}
	return s, dir
}

// TestBatcherEvents feeds the events editors produce and checks what the
// next rebuild is told.
func TestBatcherEvents(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, testSite)
	var watched []string
	b := NewBatcher(dir, func(d string) error { watched = append(watched, d); return nil })
	abs := func(rel string) string { return filepath.Join(dir, filepath.FromSlash(rel)) }
	ev := func(rel string, op fsnotify.Op) {
		if err := b.Event(fsnotify.Event{Name: abs(rel), Op: op}); err != nil {
			t.Fatal(err)
		}
	}
	// vim: writes a probe file, renames the original to a backup, creates
	// the new file, deletes the backup; also its swap file.
	ev("content/articles/4913", fsnotify.Create)
	ev("content/articles/4913", fsnotify.Remove)
	ev("content/articles/first.md", fsnotify.Rename)
	ev("content/articles/first.md~", fsnotify.Create)
	ev("content/articles/first.md", fsnotify.Create)
	ev("content/articles/first.md", fsnotify.Write)
	ev("content/articles/first.md~", fsnotify.Remove)
	ev("content/articles/.first.md.swp", fsnotify.Write)
	// JetBrains: safe write through a temporary file
	ev("content/articles/second.md___jb_tmp___", fsnotify.Create)
	ev("content/articles/second.md", fsnotify.Rename)
	ev("content/statements/acme-1.yaml", fsnotify.Remove)
	ev("outside.txt", fsnotify.Write)
	// in folders a build does not read: hidden, or an editor's or tool's
	ev("content/articles/old~/a.md", fsnotify.Write)
	ev("content/articles/.git/b.md", fsnotify.Create)
	ev("content/articles/#drafts", fsnotify.Create)
	got := b.Take()
	// outside.txt is not in content/ or templates/: not the site's
	want := []string{"content/articles/first.md", "content/articles/second.md", "content/statements/acme-1.yaml"}
	if strings.Join(got.Paths, ",") != strings.Join(want, ",") || got.Full {
		t.Errorf("batch %+v, want %v", got, want)
	}
	if b.Ready() {
		t.Error("batch not emptied")
	}

	// A new folder is watched, with its sub-folders, and named in the
	// batch, for the build to find the files it holds.
	writeFiles(t, dir, map[string]string{"content/articles/new/sub/x.md": "x"})
	ev("content/articles/new", fsnotify.Create)
	if got := b.Take(); got.Full || !slices.Equal(got.Paths, []string{"content/articles/new"}) {
		t.Errorf("new folder: batch %+v, want the folder", got)
	}
	if len(watched) != 2 || !strings.HasSuffix(watched[1], filepath.FromSlash("new/sub")) {
		t.Errorf("watched %v, want the new folder and its sub-folder", watched)
	}

	// A queue overflow loses events: rebuild everything.
	if err := b.Error(fsnotify.ErrEventOverflow); err != nil {
		t.Fatal(err)
	}
	if got := b.Take(); !got.Full {
		t.Errorf("overflow: batch %+v, want full", got)
	}
}

func TestWatchLimitMessage(t *testing.T) {
	err := watchTree(t.TempDir(), func(string) error { return os.NewSyscallError("inotify_add_watch", errENOSPC) })
	if err == nil || !strings.Contains(err.Error(), "fs.inotify.max_user_watches") {
		t.Errorf("error %v does not name the sysctl", err)
	}
}

// A folder made with files in it, named alone in the batch as the watcher
// names it, has its files built, those of its sub-folders too.
func TestRebuildNewFolder(t *testing.T) {
	s, dir := newTestServer(t)
	writeFiles(t, dir, map[string]string{
		"content/articles/2019/later.md":      "---\ntitle: Later\ndate: 2019-01-02\n---\nAbout [[other]].\n",
		"content/articles/2019/june/again.md": "---\ntitle: Again\ndate: 2019-06-02\n---\nAfter [[later]].\n",
	})
	r := s.Rebuild(Batch{Paths: []string{"content/articles/2019"}})
	if r.Failed {
		t.Fatal("rebuild failed")
	}
	for _, p := range []string{"articles/later/index.html", "articles/again/index.html"} {
		if _, err := os.Stat(filepath.Join(s.opts.Out, filepath.FromSlash(p))); err != nil {
			t.Errorf("%s: %v", p, err)
		}
	}
}

// A year's last story deleted, then one in another month of that year:
// the year's folder, gone with its last page, is made again (the writer
// remembered it as made, and the rebuild failed for good).
func TestRebuildMonthOfAYearEmptied(t *testing.T) {
	s, dir := newTestServer(t)
	for _, step := range []struct{ file, text string }{
		{"content/statements/jan.yaml", "org: acme\ndate: 2004-01-05\nquote: In January.\n"},
		{"content/statements/jan.yaml", ""},
		{"content/statements/feb.yaml", "org: acme\ndate: 2004-02-05\nquote: In February.\n"},
	} {
		p := filepath.Join(dir, filepath.FromSlash(step.file))
		if step.text == "" {
			if err := os.Remove(p); err != nil {
				t.Fatal(err)
			}
		} else {
			writeFiles(t, dir, map[string]string{step.file: step.text})
		}
		if r := s.Rebuild(Batch{Paths: []string{step.file}}); r.Failed {
			t.Fatalf("%s: rebuild failed", step.file)
		}
	}
	for _, p := range []string{"statements/2004/02/index.html", "timeline/2004/02/index.html"} {
		if _, err := os.Stat(filepath.Join(s.opts.Out, filepath.FromSlash(p))); err != nil {
			t.Errorf("%s: %v", p, err)
		}
	}
	for _, p := range []string{"statements/2004/01", "timeline/2004/01"} {
		if _, err := os.Stat(filepath.Join(s.opts.Out, filepath.FromSlash(p))); !os.IsNotExist(err) {
			t.Errorf("%s is left over: %v", p, err)
		}
	}
}

// A build that fails on an output it cannot write has written others: the
// next good build removes those the site does not have.
func TestFailedBuildsOutputsRemovedLater(t *testing.T) {
	s, dir := newTestServer(t)
	sitemap := filepath.Join(s.opts.Out, "sitemap.xml")
	if err := os.Remove(sitemap); err != nil {
		t.Fatal(err)
	}
	// a folder where the sitemap goes, which the new month's pages change
	writeFiles(t, dir, map[string]string{"public/sitemap.xml/keep": "in the way"})
	second := string(testFileBytes(t, dir, "content/articles/second.md"))
	writeFiles(t, dir, map[string]string{"content/articles/second.md": strings.Replace(second, "date: 2018-08-07", "date: 2019-03-05", 1)})
	if r := s.Rebuild(Batch{Paths: []string{"content/articles/second.md"}}); !r.Failed {
		t.Fatal("an output that cannot be written did not fail the build")
	}
	month := filepath.Join(s.opts.Out, "articles", "2019", "03", "index.html")
	if _, err := os.Stat(month); err != nil {
		t.Fatalf("the failed build did not write the new month's page: %v", err)
	}
	if err := os.RemoveAll(sitemap); err != nil {
		t.Fatal(err)
	}
	writeFiles(t, dir, map[string]string{"content/articles/second.md": second})
	if r := s.Rebuild(Batch{Paths: []string{"content/articles/second.md"}}); r.Failed {
		t.Fatal("rebuild failed")
	}
	if _, err := os.Stat(month); !os.IsNotExist(err) {
		t.Errorf("the page a failed build wrote for a month since left empty stays: %v", err)
	}
	if _, err := os.Stat(sitemap); err != nil {
		t.Errorf("the sitemap was not written again: %v", err)
	}
}

func testFileBytes(t *testing.T, dir, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestRebuildRendersOnlyWhatChanged(t *testing.T) {
	s, dir := newTestServer(t)
	all := len(s.Outputs())
	writeFiles(t, dir, map[string]string{"content/articles/second.md": "---\ntitle: Second\ndate: 2018-08-07\n---\nEdited text about [[other]].\n"})
	r := s.Rebuild(Batch{Paths: []string{"content/articles/second.md"}})
	if r.Failed || r.Rendered == 0 || r.Rendered > all/3 {
		t.Errorf("body edit re-rendered %d of %d outputs", r.Rendered, all)
	}
	data, _ := os.ReadFile(filepath.Join(dir, "public", "articles", "second", "index.html"))
	if !strings.Contains(string(data), "Edited text") {
		t.Error("edit not written")
	}
	// Removing an article removes its page.
	os.Remove(filepath.Join(dir, "content", "articles", "second.md"))
	if r := s.Rebuild(Batch{Paths: []string{"content/articles/second.md"}}); r.Failed || r.Removed == 0 {
		t.Errorf("removal: %+v", r)
	}
	if _, err := os.Stat(filepath.Join(dir, "public", "articles", "second", "index.html")); !os.IsNotExist(err) {
		t.Error("removed article's page still there")
	}
	// A CSS-only change is reported as such.
	writeFiles(t, dir, map[string]string{"templates/static/style.css": "body{color:red}"})
	if r := s.Rebuild(Batch{Paths: []string{"templates/static/style.css"}}); !r.CSSOnly {
		t.Errorf("CSS change: %+v", r)
	}
}

// The old files of large outputs, which the output folder holds open so
// that freeing them is not part of writing their replacements, are let go
// by the end of the rebuild: none is open between rebuilds.
func TestRebuildReleasesTheFilesItReplaced(t *testing.T) {
	s, dir := newTestServer(t)
	long := func(date string) string { // a page of more than a megabyte, and open data as long
		return "---\ntitle: Long\ndate: " + date + "\n---\n" + strings.Repeat("A long story about [[acme]]. ", 40_000) + "\n"
	}
	for _, date := range []string{"2018-08-09", "2017-01-02", "2016-03-04"} {
		writeFiles(t, dir, map[string]string{"content/articles/long.md": long(date)})
		if r := s.Rebuild(Batch{Paths: []string{"content/articles/long.md"}}); r.Failed || r.Written == 0 {
			t.Fatalf("%s: %+v", date, r)
		}
		if n := s.out.Held(); n != 0 {
			t.Errorf("%s: %d replaced files still held after the rebuild", date, n)
		}
		data, _ := os.ReadFile(filepath.Join(dir, "public", "data", "articles.json"))
		if !strings.Contains(string(data), date) {
			t.Errorf("%s: the open data does not have the new date", date)
		}
	}
}

func TestHTTP(t *testing.T) {
	s, dir := newTestServer(t)
	if err := os.WriteFile(filepath.Join(dir, "secret.txt"), []byte("secret"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(dir, "secret.txt"), filepath.Join(dir, "public", "link.txt")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(dir, filepath.Join(dir, "public", "up")); err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(s)
	defer ts.Close()
	get := func(p string) (int, string, string) {
		req, _ := http.NewRequest("GET", ts.URL+p, nil)
		req.URL.Opaque = p // send the path exactly as written
		client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, resp.Header.Get("Content-Type"), string(body)
	}
	cases := []struct {
		path   string
		status int
		ctype  string
		body   string
	}{
		{"/", 200, "text/html; charset=utf-8", `<script src="/__dossier/live.js" defer></script>`},
		{"/articles/first/", 200, "text/html; charset=utf-8", "First"},
		{"/articles/first", 301, "", ""},
		{"/static/style.css", 200, "text/css; charset=utf-8", ""},
		{"/feed.xml", 200, "application/atom+xml; charset=utf-8", "<feed"},
		{"/search/index.js", 200, "text/javascript; charset=utf-8", "DOSSIER_SEARCH"},
		{"/data/articles.json", 200, "application/json", `"id"`},
		{"/no/such/page/", 404, "text/html; charset=utf-8", "<main"},
		{"/../secret.txt", 404, "", ""},
		{"/%2e%2e/secret.txt", 404, "", ""},
		{"/articles/..%2f..%2fsecret.txt", 404, "", ""},
		{"/articles%2f..%2f..%2fsecret.txt", 404, "", ""},
		{"/..%5csecret.txt", 404, "", ""},
		{"/link.txt", 404, "", ""},
		{"/up/secret.txt", 404, "", ""},
		{"/__dossier/live.js", 200, "text/javascript; charset=utf-8", "EventSource"},
	}
	for _, c := range cases {
		status, ctype, body := get(c.path)
		if status != c.status || c.ctype != "" && ctype != c.ctype || !strings.Contains(body, c.body) || strings.Contains(body, "secret") && !strings.Contains(c.path, "__dossier") {
			t.Errorf("GET %s: %d %q, want %d %q containing %q", c.path, status, ctype, c.status, c.ctype, c.body)
		}
	}
	built, _ := os.ReadFile(filepath.Join(dir, "public", "index.html"))
	if strings.Contains(string(built), "__dossier") {
		t.Error("the live-reload script is in the built file")
	}
}

func TestPortInUse(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	_, err = Listen("127.0.0.1", ln.Addr().(*net.TCPAddr).Port)
	if err == nil || !strings.Contains(err.Error(), "in use") {
		t.Errorf("error %v does not say the port is in use", err)
	}
}

// TestWatchServeRealFiles starts the whole watch mode on the real file
// system, saves a file the way vim does, and polls until the new text is
// served; then breaks the file, checks the error event, and shuts down.
func TestWatchServeRealFiles(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, testSite)
	base := startWatch(t, dir)

	// Listen to the live-reload events.
	resp, err := http.Get(base + "__dossier/events")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	events := make(chan string, 16)
	go func() {
		sc := bufio.NewScanner(resp.Body)
		for sc.Scan() {
			if name, ok := strings.CutPrefix(sc.Text(), "event: "); ok {
				events <- name
			}
		}
		close(events)
	}()
	waitEvent := func(want string) {
		t.Helper()
		timeout := time.After(5 * time.Second)
		for {
			select {
			case name, ok := <-events:
				if !ok {
					t.Fatalf("event stream ended before %q", want)
				}
				if name == want {
					return
				}
			case <-timeout:
				t.Fatalf("no %q event", want)
			}
		}
	}
	waitEvent("ok")

	// Save like vim: write a backup by renaming, write the new file.
	page := filepath.Join(dir, "content", "articles", "first.md")
	if err := os.Rename(page, page+"~"); err != nil {
		t.Fatal(err)
	}
	writeFiles(t, dir, map[string]string{"content/articles/first.md": "---\ntitle: First\ndate: 2018-08-06\n---\nFreshly saved words about [[acme]].\n"})
	os.Remove(page + "~")
	poll(t, base+"articles/first/", "Freshly saved words")
	waitEvent("reload")

	// A templates/ folder made after start is watched: the site's own
	// template replaces the default one.
	writeFiles(t, dir, map[string]string{"templates/page.html": `{{define "main"}}<p>custom page template</p>{{end}}`})
	writeFiles(t, dir, map[string]string{"content/pages/about.md": "---\ntitle: About\n---\nText.\n"})
	poll(t, base+"about/", "custom page template")

	// A new folder with a new article is picked up.
	writeFiles(t, dir, map[string]string{"content/articles/later/new.md": "---\ntitle: Brand new\ndate: 2018-09-01\n---\nNew.\n"})
	poll(t, base+"articles/new/", "Brand new")

	// Break a statement: the error event names the file and line.
	writeFiles(t, dir, map[string]string{"content/statements/acme-1.yaml": "org: acme\ndate: 2018-08-06\nchannel: emial\nquote: We said it.\n"})
	waitEvent("failed")
	// the last good site is still served
	poll(t, base+"articles/first/", "Freshly saved words")
	writeFiles(t, dir, map[string]string{"content/statements/acme-1.yaml": "org: acme\ndate: 2018-08-06\nchannel: email\nquote: We said it again.\n"})
	waitEvent("reload")
	poll(t, base+"statements/acme-1/", "We said it again.")
}

// startWatch runs the whole watch mode on dir, as "dossier serve" does,
// until the test ends, and returns the site's URL.
func startWatch(t *testing.T, dir string) string {
	t.Helper()
	ln, err := Listen("127.0.0.1", 0)
	if err != nil {
		t.Fatal(err)
	}
	base := "http://" + ln.Addr().String() + "/"
	// two entries per file of the search index: the browser test searches
	// an index of several files, as on a large site
	s := New(Options{Source: dir, Out: filepath.Join(dir, "public"), Build: build.Options{Theme: templates.Default, BaseURL: base, SearchShardSize: 2}})
	s.Rebuild(Batch{})
	batches, errs, stop := make(chan Batch), make(chan error, 1), make(chan struct{})
	if err := Watch(dir, batches, errs, stop); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx, ln, batches, errs) }()
	t.Cleanup(func() {
		cancel()
		close(stop)
		if err := <-done; err != nil {
			t.Errorf("shutdown: %v", err)
		}
	})
	return base
}

func poll(t *testing.T, url, want string) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		resp, err := http.Get(url)
		if err == nil {
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if strings.Contains(string(body), want) {
				return
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("%s never served %q", url, want)
}

func TestRedirectsStayOnSite(t *testing.T) {
	s, _ := newTestServer(t)
	for _, p := range []string{"//articles", "/articles", "///articles"} {
		req := httptest.NewRequest("GET", "http://127.0.0.1"+p, nil)
		req.URL.Path = p
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		if loc := rec.Header().Get("Location"); rec.Code == http.StatusMovedPermanently && loc != "/articles/" {
			t.Errorf("GET %s redirects to %q", p, loc)
		}
	}
}

func TestLoopbackServerChecksHost(t *testing.T) {
	s, _ := newTestServer(t)
	s.opts.Bind = "127.0.0.1"
	for host, want := range map[string]int{
		"127.0.0.1:1313": http.StatusOK, "localhost:1313": http.StatusOK, "[::1]:1313": http.StatusOK,
		"evil.example": http.StatusForbidden, "evil.example:1313": http.StatusForbidden,
	} {
		req := httptest.NewRequest("GET", "/", nil)
		req.Host = host
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		if rec.Code != want {
			t.Errorf("Host %s: %d, want %d", host, rec.Code, want)
		}
	}
	s.opts.Bind = "0.0.0.0" // exposed on purpose: any name the user serves it under
	req := httptest.NewRequest("GET", "/", nil)
	req.Host = "my-laptop.lan:1313"
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		t.Errorf("bound to all interfaces, Host my-laptop.lan: %d", rec.Code)
	}
}

func TestFailedFirstBuildServesAPageThatListens(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{}
	for k, v := range testSite {
		files[k] = v
	}
	files["content/articles/first.md"] = "---\ntitle: First\ndate: 2018-08-06\n---\n[[nobody]]\n"
	writeFiles(t, dir, files)
	s := New(Options{Source: dir, Out: filepath.Join(dir, "public"), Build: build.Options{Theme: templates.Default}})
	if r := s.Rebuild(Batch{}); !r.Failed {
		t.Fatal("a broken site built")
	}
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, httptest.NewRequest("GET", "/articles/first/", nil))
	body := rec.Body.String()
	if rec.Code != http.StatusNotFound || !strings.Contains(body, "No site yet") || !strings.Contains(body, scriptPath) {
		t.Errorf("%d %q: want a page with the live-reload script", rec.Code, body)
	}
}

// The first build removes what an earlier server left that the site no
// longer has; later builds remove the outputs their build dropped.
func TestFirstBuildRemovesLeftovers(t *testing.T) {
	_, dir := newTestServer(t)
	leftover := filepath.Join(dir, "public", "articles", "gone", "index.html")
	writeFiles(t, dir, map[string]string{"public/articles/gone/index.html": "old"})
	s := New(Options{Source: dir, Out: filepath.Join(dir, "public"), Build: build.Options{Theme: templates.Default, BaseURL: "http://127.0.0.1/"}})
	r := s.Rebuild(Batch{})
	if r.Failed || r.Removed != 1 {
		t.Errorf("first build: %+v, want one output removed", r)
	}
	if _, err := os.Stat(leftover); !os.IsNotExist(err) {
		t.Error("leftover output still there")
	}
	if _, err := os.Stat(filepath.Join(dir, "public", "index.html")); err != nil {
		t.Error(err)
	}
}

// The log names what changed: the site's own files, an editor's temporary
// ones not counted among them.
func TestDescribeBatch(t *testing.T) {
	for _, tt := range []struct {
		batch Batch
		want  string
	}{
		{Batch{}, "initial build"},
		{Batch{Full: true}, "full rebuild"},
		{Batch{Paths: []string{"content/articles/a.md"}}, "content/articles/a.md changed"},
		{Batch{Paths: []string{"content/articles/sedXk2f9a", "content/articles/a.md"}}, "content/articles/a.md changed"},
		{Batch{Paths: []string{"content/articles/a.md", "content/articles/b.md", "content/articles/.a.md.swp"}}, "content/articles/a.md and 1 more changed"},
	} {
		if got := describe(tt.batch); got != tt.want {
			t.Errorf("describe(%v) = %q, want %q", tt.batch.Paths, got, tt.want)
		}
	}
}

// The rebuild that mends a failed one says so in the log.
func TestLogSaysErrorsFixed(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, testSite)
	var log bytes.Buffer
	s := New(Options{Source: dir, Out: filepath.Join(dir, "public"), Log: &log, Build: build.Options{Theme: templates.Default}})
	s.Rebuild(Batch{})
	const stmt = "content/statements/acme-1.yaml"
	writeFiles(t, dir, map[string]string{stmt: "org: acme\ndate: 2018-08-06\nchannel: emial\nquote: We said it.\n"})
	if r := s.Rebuild(Batch{Paths: []string{stmt}}); !r.Failed {
		t.Fatal("a broken statement built")
	}
	writeFiles(t, dir, map[string]string{stmt: "org: acme\ndate: 2018-08-06\nchannel: email\nquote: We said it.\n"})
	log.Reset()
	if r := s.Rebuild(Batch{Paths: []string{stmt}}); r.Failed {
		t.Fatal("the mended statement failed")
	}
	if !strings.Contains(log.String(), stmt+" changed, errors fixed: ") {
		t.Errorf("log after the mend: %q", log.String())
	}
	log.Reset()
	s.Rebuild(Batch{Paths: []string{stmt}})
	if strings.Contains(log.String(), "errors fixed") {
		t.Errorf("log of a build after a good one: %q", log.String())
	}
}

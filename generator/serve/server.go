package serve

import (
	"bytes"
	"cmp"
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"mime"
	"net"
	"net/http"
	"os"
	"path"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/dossier-news/dossier/generator/build"
	"github.com/dossier-news/dossier/generator/content"
	"github.com/dossier-news/dossier/generator/diag"
	"github.com/dossier-news/dossier/generator/output"
	"github.com/dossier-news/dossier/generator/render"
)

//go:embed live.js
var liveScript []byte

// Internal URLs of watch mode; they never appear in built output.
const (
	eventsPath = "/__dossier/events"
	scriptPath = "/__dossier/live.js"
)

// Options configure watch mode.
type Options struct {
	Source string // the site folder
	Out    string // the output folder
	Build  build.Options
	Log    io.Writer
	// Bind is the address the server listens on; on loopback, requests
	// must name a loopback host.
	Bind string
}

// Server builds, serves and rebuilds one site.
type Server struct {
	opts    Options
	builder *build.Builder
	fsys    fs.FS
	out     *output.Folder

	mu    sync.Mutex
	paths []string // outputs of the last good build, sorted
	// strays are outputs failed builds wrote (a build stops at its first
	// error, some of its outputs written): the next good build removes
	// those it does not make
	strays  []string
	errs    []ErrorView // the failed build's errors, or nil
	clients map[chan event]bool
	closed  bool
	idle    *idleCollector
}

// ErrorView is a diagnostic as the browser overlay shows it.
type ErrorView struct {
	Pos  string `json:"pos"`
	Msg  string `json:"msg"`
	Line string `json:"line,omitempty"`
}

type event struct {
	name string
	data string
}

// New prepares a server; call Rebuild once before serving.
func New(opts Options) *Server {
	if opts.Log == nil {
		opts.Log = io.Discard
	}
	return &Server{
		opts: opts, builder: build.NewBuilder(opts.Build), fsys: content.Dir(opts.Source),
		out: output.NewFolder(opts.Out), clients: map[chan event]bool{}, idle: newIdleCollector(),
	}
}

// Result summarises one rebuild for the terminal and for tests.
type Result struct {
	Rendered int
	Written  int
	Removed  int
	Took     time.Duration
	Failed   bool
	CSSOnly  bool
}

// Rebuild builds what changed in batch, writes changed outputs, removes
// outputs that are gone and tells the browsers. On errors it keeps the last
// good site and shows the errors in every open page.
func (s *Server) Rebuild(batch Batch) Result {
	defer s.idle.collectIfDue() // the build's garbage, while the author reads
	// the files large outputs replaced, freed once every output is written
	// (deferred calls run last first: before the collection)
	defer s.out.Release()
	start := time.Now()
	changed := batch.Paths
	if batch.Full || changed == nil {
		changed = nil
	}
	var (
		mu      sync.Mutex
		written []string
	)
	// an output that cannot be written fails the build, which says which
	res, diags := s.builder.Build(s.fsys, changed, func(o render.Output) error {
		w, err := s.out.Write(o.Path, o.Data)
		if w {
			mu.Lock()
			written = append(written, o.Path)
			mu.Unlock()
		}
		return err
	})
	r := Result{Took: time.Since(start), Written: len(written)}
	what := describe(batch)
	if diags.HasErrors() {
		r.Failed = true
		s.mu.Lock()
		s.strays = append(s.strays, written...)
		s.mu.Unlock()
		views := s.errorViews(diags)
		fmt.Fprintf(s.opts.Log, "%s  %s: build failed, still serving the last good site\n", stamp(), what)
		diags.Print(s.opts.Log, diag.DirReader(s.opts.Source))
		s.mu.Lock()
		s.errs = views
		s.mu.Unlock()
		data, _ := json.Marshal(views)
		s.broadcast(event{"failed", string(data)})
		return r
	}
	// remove what the site no longer has
	s.mu.Lock()
	old := s.paths
	hadErrors := s.errs != nil
	strays := s.strays
	s.errs, s.strays = nil, nil
	s.mu.Unlock()
	for _, p := range strays {
		if _, ok := slices.BinarySearch(res.Paths, p); !ok && s.out.Remove(p) == nil {
			r.Removed++
		}
	}
	if !res.SameOutputs || res.Stats.FullBuild {
		s.mu.Lock()
		s.paths = res.Paths
		s.mu.Unlock()
		var gone []string
		if res.Stats.FullBuild {
			// what an earlier server or build left in the folder
			onDisk, _ := output.List(s.opts.Out)
			for p := range onDisk {
				if _, ok := slices.BinarySearch(res.Paths, p); !ok && p != output.Marker {
					gone = append(gone, p)
				}
			}
		} else {
			gone = build.Missing(old, res.Paths)
		}
		for _, p := range gone {
			if err := s.out.Remove(p); err == nil {
				r.Removed++
			}
		}
	}
	r.Rendered = res.Stats.Rendered
	r.Took = time.Since(start)
	r.CSSOnly = len(batch.Paths) > 0 && !batch.Full
	for _, p := range batch.Paths {
		if !strings.HasPrefix(p, "templates/static/") || !strings.HasSuffix(p, ".css") {
			r.CSSOnly = false
		}
	}
	fixed := ""
	if hadErrors {
		fixed = ", errors fixed"
	}
	fmt.Fprintf(s.opts.Log, "%s  %s%s: %d of %d outputs re-rendered, %d written, %d removed in %s\n",
		stamp(), what, fixed, r.Rendered, len(res.Paths), r.Written, r.Removed, r.Took.Round(time.Microsecond))
	switch {
	case r.CSSOnly && !hadErrors:
		s.broadcast(event{"css", ""})
	case r.Written > 0 || r.Removed > 0 || hadErrors:
		s.broadcast(event{"reload", ""})
	}
	return r
}

func stamp() string { return time.Now().Format("15:04:05") }

func describe(b Batch) string {
	// name the site's own files first, not an editor's temporary ones
	paths := slices.Clone(b.Paths)
	slices.SortStableFunc(paths, func(x, y string) int {
		return cmp.Compare(sourceRank(x), sourceRank(y))
	})
	switch {
	case b.Paths == nil && !b.Full:
		return "initial build"
	case b.Full:
		return "full rebuild"
	}
	// an editor's temporary files (sed's, vim's) are not counted as more
	own := 0
	for _, p := range paths {
		if sourceRank(p) == 0 {
			own++
		}
	}
	if own <= 1 {
		return paths[0] + " changed"
	}
	return fmt.Sprintf("%s and %d more changed", paths[0], own-1)
}

func sourceRank(p string) int {
	if content.Kind(p) != "" || strings.HasPrefix(p, "templates/") {
		return 0
	}
	return 1
}

func (s *Server) errorViews(diags diag.List) []ErrorView {
	var views []ErrorView
	for _, d := range diags {
		if d.Severity != diag.Error {
			continue
		}
		msg := d.Msg
		if d.Suggestion != "" {
			msg += " (" + d.Suggestion + ")"
		}
		line, _ := diag.SourceLine(diag.DirReader(s.opts.Source), d.Pos)
		views = append(views, ErrorView{Pos: d.Pos.String(), Msg: msg, Line: line})
	}
	return views
}

func (s *Server) broadcast(ev event) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for c := range s.clients {
		select {
		case c <- ev:
		default: // a slow client misses an event rather than stalling rebuilds
		}
	}
}

// Close ends every live-reload connection.
func (s *Server) Close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closed = true
	for c := range s.clients {
		close(c)
		delete(s.clients, c)
	}
}

// ServeHTTP serves the built site, the live-reload script and its events.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	if !s.hostAllowed(r.Host) {
		// a page elsewhere that rebinds its DNS name to 127.0.0.1 must not
		// read the local site (drafts included)
		http.Error(w, "unexpected Host header", http.StatusForbidden)
		return
	}
	switch r.URL.Path {
	case eventsPath:
		s.serveEvents(w, r)
		return
	case scriptPath:
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		_, _ = w.Write(liveScript)
		return
	}
	name, ok := cleanRequestPath(r)
	if !ok {
		s.notFound(w)
		return
	}
	root, err := os.OpenRoot(s.opts.Out)
	if err != nil {
		s.notFound(w)
		return
	}
	defer root.Close()
	info, err := root.Stat(name)
	if err == nil && info.IsDir() {
		if !strings.HasSuffix(r.URL.Path, "/") {
			// built from the cleaned name, so "//host" cannot become a
			// redirect to another site
			target := "/" + name + "/"
			if r.URL.RawQuery != "" {
				target += "?" + r.URL.RawQuery
			}
			http.Redirect(w, r, target, http.StatusMovedPermanently)
			return
		}
		name = path.Join(name, "index.html")
	}
	// os.Root refuses any path that leaves the output folder, through ".."
	// or through a symbolic link
	data, err := readRegular(root, name)
	if err != nil {
		s.notFound(w)
		return
	}
	s.write(w, r, name, data, http.StatusOK)
}

// hostAllowed accepts any Host when the server listens beyond loopback (the
// user chose to expose it), and only loopback names when it does not.
func (s *Server) hostAllowed(hostport string) bool {
	if s.opts.Bind == "" || !isLoopback(s.opts.Bind) {
		return true
	}
	host, _, err := net.SplitHostPort(hostport)
	if err != nil {
		host = hostport
	}
	host = strings.Trim(host, "[]")
	return host == "localhost" || host == s.opts.Bind || isLoopback(host)
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(strings.Trim(host, "[]"))
	return ip != nil && ip.IsLoopback()
}

// cleanRequestPath maps a URL path to a path inside the output folder. It
// refuses encoded slashes and backslashes, NUL bytes and any ".." segment,
// whether written plainly or percent-encoded.
func cleanRequestPath(r *http.Request) (string, bool) {
	raw := r.URL.EscapedPath()
	lower := strings.ToLower(raw)
	if strings.Contains(lower, "%2f") || strings.Contains(lower, "%5c") || strings.Contains(lower, "%00") {
		return "", false
	}
	p := r.URL.Path
	if strings.ContainsAny(p, "\\\x00") {
		return "", false
	}
	for _, seg := range strings.Split(p, "/") {
		if seg == ".." {
			return "", false
		}
	}
	name := strings.TrimPrefix(path.Clean("/"+p), "/")
	if name == "" {
		name = "."
	}
	if !fs.ValidPath(name) {
		return "", false
	}
	return name, true
}

func readRegular(root *os.Root, name string) ([]byte, error) {
	f, err := root.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil || !info.Mode().IsRegular() {
		return nil, errors.New("not a regular file")
	}
	return io.ReadAll(f)
}

func (s *Server) notFound(w http.ResponseWriter) {
	root, err := os.OpenRoot(s.opts.Out)
	if err == nil {
		defer root.Close()
		if data, err := readRegular(root, "404.html"); err == nil {
			s.write(w, nil, "404.html", data, http.StatusNotFound)
			return
		}
	}
	// no site yet (the first build failed): a page that can show the
	// errors, and reloads once they are fixed
	s.write(w, nil, "404.html", []byte(noSitePage), http.StatusNotFound)
}

const noSitePage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>No site yet</title></head>
<body><main><h1>No site yet</h1><p>The site has not been built: fix the errors shown,
and this page reloads by itself.</p></main></body></html>
`

// contentTypes pins the types of the files Dossier writes, whatever the
// system's MIME tables say.
var contentTypes = map[string]string{
	".html": "text/html; charset=utf-8",
	".css":  "text/css; charset=utf-8",
	".js":   "text/javascript; charset=utf-8",
	".json": "application/json",
	".xml":  "application/xml; charset=utf-8",
	".txt":  "text/plain; charset=utf-8",
	".svg":  "image/svg+xml",
}

func (s *Server) write(w http.ResponseWriter, r *http.Request, name string, data []byte, status int) {
	ext := path.Ext(name)
	ct, ok := contentTypes[ext]
	if !ok {
		ct = mime.TypeByExtension(ext)
	}
	if path.Base(name) == "feed.xml" {
		ct = "application/atom+xml; charset=utf-8"
	}
	if ct == "" {
		ct = http.DetectContentType(data)
	}
	if ext == ".html" {
		data = injectLiveReload(data)
	}
	h := w.Header()
	h.Set("Content-Type", ct)
	h.Set("Cache-Control", "no-cache")
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	if r == nil || r.Method != http.MethodHead {
		_, _ = w.Write(data)
	}
}

// injectLiveReload adds the live-reload script to a page as it is served;
// built files never contain it.
func injectLiveReload(page []byte) []byte {
	tag := []byte(`<script src="` + scriptPath + `" defer></script>`)
	i := bytes.LastIndex(page, []byte("</body>"))
	if i < 0 {
		return append(page, tag...)
	}
	out := make([]byte, 0, len(page)+len(tag))
	out = append(out, page[:i]...)
	out = append(out, tag...)
	return append(out, page[i:]...)
}

func (s *Server) serveEvents(w http.ResponseWriter, r *http.Request) {
	flusher, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	c := make(chan event, 8)
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		http.Error(w, "shutting down", http.StatusServiceUnavailable)
		return
	}
	s.clients[c] = true
	errs := s.errs
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		if s.clients[c] {
			delete(s.clients, c)
		}
		s.mu.Unlock()
	}()
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	// a page opened while the build is broken shows the errors at once
	if errs != nil {
		data, _ := json.Marshal(errs)
		fmt.Fprintf(w, "event: failed\ndata: %s\n\n", data)
	} else {
		fmt.Fprint(w, "event: ok\ndata: \n\n")
	}
	flusher.Flush()
	keepAlive := time.NewTicker(15 * time.Second)
	defer keepAlive.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case ev, ok := <-c:
			if !ok {
				return
			}
			fmt.Fprintf(w, "event: %s\ndata: %s\n\n", ev.name, ev.data)
			flusher.Flush()
		case <-keepAlive.C:
			fmt.Fprint(w, ": keep-alive\n\n")
			flusher.Flush()
		}
	}
}

// Listen opens the listening socket, explaining a port in use.
func Listen(bind string, port int) (net.Listener, error) {
	addr := net.JoinHostPort(bind, fmt.Sprint(port))
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		if errors.Is(err, syscallEADDRINUSE) {
			return nil, fmt.Errorf("cannot listen on %s: the port is in use by another program; pick another with --port, or --port 0 for any free one", addr)
		}
		return nil, fmt.Errorf("cannot listen on %s: %w", addr, err)
	}
	return ln, nil
}

// Run serves on ln and rebuilds on every batch until ctx ends; then it
// closes live-reload connections and shuts the server down.
func (s *Server) Run(ctx context.Context, ln net.Listener, batches <-chan Batch, watchErrs <-chan error) error {
	srv := &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	for {
		select {
		case <-ctx.Done():
			s.Close()
			shutdownCtx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
			defer cancel()
			return srv.Shutdown(shutdownCtx)
		case err := <-served:
			return err
		case err := <-watchErrs:
			fmt.Fprintf(s.opts.Log, "%s  watch: %v\n", stamp(), err)
		case b := <-batches:
			s.Rebuild(b)
		}
	}
}

// Outputs lists the outputs of the last good build, sorted.
func (s *Server) Outputs() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.paths)
}

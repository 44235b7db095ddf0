// Package render turns the site graph into outputs: HTML pages through
// html/template, Atom feeds, the sitemap, the search index and open data.
// Each output records the dependency keys it read, so a rebuild re-renders
// only the outputs whose inputs changed.
package render

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"fmt"
	"hash/fnv"
	"hash/maphash"
	"html"
	"html/template"
	"io"
	"maps"
	"net/url"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/dossier-news/dossier/generator/content"
	"github.com/dossier-news/dossier/generator/markdown"
	"github.com/dossier-news/dossier/generator/site"
)

// Options change how the site is rendered.
type Options struct {
	// BaseURL overrides site.yaml's base_url.
	BaseURL string
	// Memo, if set, keeps the entries of the whole-site outputs for the
	// next build with the same Memo.
	Memo *Memo
	// Once means no build follows: outputs record no dependencies.
	Once bool
	// SitemapLimit lowers the number of URLs per sitemap file below the
	// protocol's SitemapLimit; zero keeps that.
	SitemapLimit int
	// SearchShardSize is the number of entries per file of the search
	// index; zero or less means SearchShardSize.
	SearchShardSize int
	// Stream takes the outputs made of an entry per document (the open
	// data and the search index's files) as their entries are made, rather
	// than whole: the open data of statements and of articles, held whole,
	// were up to 100 MB of a 10,000-article build's peak heap. Such an
	// output's Streamed is set. A renderer with a Memo keeps those entries
	// instead, and does not stream.
	Stream func(path string) (io.WriteCloser, error)
}

// WriteError is an output that could not be written: its file, given to
// Options.Stream or by whoever emits the outputs, could not be made,
// written or closed. It is a problem of where the outputs go (a full
// disk), not of the content or the theme, and RenderAll's error wraps it
// so that a caller can tell.
type WriteError struct {
	Path string
	Err  error
}

func (e *WriteError) Error() string { return e.Path + ": " + e.Err.Error() }
func (e *WriteError) Unwrap() error { return e.Err }

// Dep is one dependency of an output: a key and the version it had.
type Dep struct {
	Key     string
	Version uint64
}

// Output is one rendered file.
type Output struct {
	Path string // relative to the output folder, like "articles/x/index.html"
	Data []byte
	Deps []Dep // what it read, sorted by key
	// Streamed says the output was written through Options.Stream as it
	// was made: Data is empty.
	Streamed bool
	// Unchanged says Data are the bytes this renderer made for the path
	// last time, known without comparing them: a whole-site output none of
	// whose entries changed (the open data of statements, 18 MB at 10,000
	// articles, when an article's date changes). A builder does not emit
	// it again.
	Unchanged bool
}

// Job is an output not rendered yet: its path and how to render it.
type Job struct {
	Path   string
	render func(r *recorder) ([]byte, error)
	// searchPart marks a file of the search index, and searchList the
	// list of those files, which names each with a checksum of its bytes:
	// RenderAll renders the list once the files it renders are done.
	searchPart, searchList bool
}

// Renderer renders a linked graph with a theme.
type Renderer struct {
	g       *site.Graph
	theme   *Theme
	root    string // URL path prefix, "/" or "/base/"
	baseURL string // absolute, ending in /
	nav     []Link
	// chromeKeys are the keys the site's header and footer read: the site
	// and every page, which the navigation lists
	chromeKeys []string
	assets     map[string]string // static path -> URL with version
	// fragments caches the "card" and "item" partials' output by node: a
	// statement appears in many lists but renders once. fragmentReaders
	// lists the fragments that read each key, to forget them when it changes.
	// A plain map under a read-write lock: looking fragments up in a
	// sync.Map, by keys made by concatenation, was 7% of a build's CPU.
	fragmentMu      sync.RWMutex
	fragments       map[fragmentKey]template.HTML
	fragmentReaders map[string][]fragmentKey
	// siteLatest caches the site feed's choice of entries (nil until
	// chosen), which depends only on which documents there are and their
	// dates (an entity's feed has its entries chosen by the graph). Only
	// Begin and the site feed's one job use it, one after the other.
	siteLatest []site.Node
	memo       *Memo
	once       bool
	stream     func(path string) (io.WriteCloser, error)
	// items and cards keep each list item and statement card made, whole,
	// as long as its "item" or "card" fragment is kept: their fields read
	// the keys their fragments read, so both are forgotten together (see
	// Begin; a document gone from the graph leaves its item and card until
	// the graph is linked again, never to be asked for). An item shown in
	// many lists then has its fields (links, formatted dates, its card)
	// made once. Made again for every list they were in, with their
	// fragments looked up each time, items and cards were a tenth of a full
	// build's CPU time, and a third of a watch-mode rebuild's when a date
	// or a new story moves the pages of long lists.
	itemMu sync.RWMutex
	items  map[site.Node]Item
	cardMu sync.RWMutex
	cards  map[*site.Statement]*StatementCard
	// itemMaking and cardMaking let one goroutine make a node's item or
	// card while others wanting it wait, a lock for many nodes each (an
	// item's lock is taken before its card's, never after)
	itemMaking [64]sync.Mutex
	cardMaking [64]sync.Mutex
	// released holds the articles' HTML when the renderer renders once
	released *releasedHTML
	// paginations are the paginated lists of the jobs, archives the dated
	// lists paginated by month among them
	paginations []*pagination
	archives    []*archive
	// laidOut are where each archive's months started in its list (by
	// folder) when its pages were versioned last
	laidOut map[string]*archiveLayout
	// pagePaths are the pages of the jobs (folders of index.html files),
	// in the jobs' order, for the sitemaps; sitemapFiles is how many
	// sitemaps/N.xml they fill (0: sitemap.xml lists them itself)
	pagePaths    []string
	sitemapFiles int
	// jobArticles, jobStatements and jobEntities are the documents the
	// jobs render pages of, in the order of their IDs, and jobTags the
	// tags they list; standalone is how many standalone pages, searchShards
	// how many files of the search index: what Reshape compares the graph
	// with (kept by a renderer that renders again only)
	jobArticles   []*site.Article
	jobStatements []*site.Statement
	jobEntities   []*site.Entity
	jobTags       []*site.Tag
	standalone    int
	searchShards  int
	// jobCount is how many jobs Jobs made last
	jobCount int
	// moves is the graph's count of documents moved, added or removed
	// (site.Graph.Moves) that latest's choices were made for
	moves uint64
	// searchShardSize is how many documents a file of the search index
	// holds at most
	searchShardSize int
	// searchSums are the checksums of the search index's files: the
	// Memo's, or the renderer's own without one
	searchSums *searchSums
	// sitemapLimit is Options.SitemapLimit
	sitemapLimit int
	// changed holds the dependency keys that changed since the last build,
	// to find the Memo's stale entries; nil means unknown.
	changed map[string]struct{}
}

// Graph is the graph the renderer renders.
func (r *Renderer) Graph() *site.Graph { return r.g }

// Begin starts a build with this renderer, whose graph may have been updated
// in place since the last: it takes the dependency keys that changed since
// then, and forgets the fragments that read them (known=false: the changes
// are unknown, every fragment is forgotten and every memoized entry checked).
// A renderer that renders once begins with known=false, and takes the
// articles' HTML out of the graph then (see releasedHTML).
func (r *Renderer) Begin(changed []string, known bool) {
	r.fragmentMu.Lock()
	defer r.fragmentMu.Unlock()
	r.changed = nil
	if !known {
		clear(r.fragments)
		clear(r.fragmentReaders)
		r.siteLatest = nil
		r.itemMu.Lock()
		clear(r.items) // hold fragments, forgotten with them
		r.itemMu.Unlock()
		r.cardMu.Lock()
		clear(r.cards)
		r.cardMu.Unlock()
		if r.once && r.released == nil {
			// the site feed's entries are chosen now, to know which
			// articles' HTML it reads
			r.siteLatest = siteFeedLatest(r.g)
			r.holdArticleHTML(r.siteLatest)
		}
		return
	}
	r.itemMu.Lock()
	defer r.itemMu.Unlock()
	r.cardMu.Lock()
	defer r.cardMu.Unlock()
	for _, k := range changed {
		for _, f := range r.fragmentReaders[k] {
			delete(r.fragments, f)
			switch f.partial {
			case itemPartial:
				if n := r.g.Lookup(f.id); n != nil {
					delete(r.items, n)
				}
			case cardPartial:
				if s, ok := r.g.Lookup(f.id).(*site.Statement); ok {
					delete(r.cards, s)
				}
			}
		}
		delete(r.fragmentReaders, k)
	}
	if moves := r.g.Moves(); moves != r.moves {
		// a document has another date or date of update, or came or went:
		// the site's feed chooses its entries again (a pass over its
		// candidates, 7 ms at 10,000 articles, which other edits keep)
		r.siteLatest = nil
		r.moves = moves
	}
	r.changed = make(map[string]struct{}, len(changed))
	for _, k := range changed {
		r.changed[k] = struct{}{}
	}
}

// New prepares a renderer. The graph must be free of errors.
func New(g *site.Graph, theme *Theme, opts Options) *Renderer {
	base := g.Site.BaseURL
	if opts.BaseURL != "" {
		base = opts.BaseURL
	}
	if !strings.HasSuffix(base, "/") {
		base += "/"
	}
	root := "/"
	if u, err := url.Parse(base); err == nil && u.Path != "" {
		root = u.Path
	}
	r := &Renderer{g: g, theme: theme, root: root, baseURL: base, assets: map[string]string{}, memo: opts.Memo, once: opts.Once, stream: opts.Stream, moves: g.Moves(),
		sitemapLimit:    min(opts.SitemapLimit, SitemapLimit),
		searchShardSize: cmp.Or(max(opts.SearchShardSize, 0), SearchShardSize),
		fragments:       map[fragmentKey]template.HTML{}, fragmentReaders: map[string][]fragmentKey{}}
	r.searchSums = &searchSums{}
	if r.memo != nil {
		r.searchSums = &r.memo.searchSums
	}
	r.items = make(map[site.Node]Item, len(g.Articles)+len(g.Statements))
	r.cards = make(map[*site.Statement]*StatementCard, len(g.Statements))
	for name, version := range theme.Files {
		g.SetTemplateVersion(name, version)
	}
	for _, f := range theme.Static {
		// the version in the query string lets browsers cache assets for long
		r.assets[f.Path] = root + "static/" + f.Path + "?v=" + strconv.FormatUint(f.Hash>>32, 36)
	}
	r.nav = []Link{
		{"Articles", root + "articles/"},
		{"Statements", root + "statements/"},
		{"Players", root + "entities/"},
		{"Timeline", root + "timeline/"},
		{"Topics", root + "tags/"},
		{"Search", root + "search/"},
	}
	for _, p := range g.Pages {
		r.nav = append(r.nav, Link{p.Title(), root + p.Path()})
	}
	r.chromeKeys = []string{site.KeySite, site.KeyPages}
	for _, p := range g.Pages {
		r.chromeKeys = append(r.chromeKeys, site.DocKey(p))
	}
	return r
}

// recorder collects the dependency keys an output reads.
type recorder struct {
	r *Renderer
	// record says the keys are recorded (not by a renderer that renders
	// once); keys holds them as read, with repeats: appended, then sorted
	// once, they cost less than a set filled key by key (most repeats are
	// the same string, a node's cached key, and compare at once)
	record bool
	keys   []string
	// out is where the output is written: a buffer of the worker's, reused
	// for its next job, so what a job returns may point into it.
	out *bytes.Buffer
	// streamed says the output went through Options.Stream instead, and
	// streamSum is the checksum of what went
	streamed  bool
	streamSum uint32
	// unchanged says the output is the one made last time (Output.Unchanged)
	unchanged bool
	// ws is the worker's workspace, nil for a recorder of an entry of a
	// whole-site output
	ws *workspace
}

func (rec *recorder) use(keys ...string) {
	if !rec.record {
		return // a build with no next one records nothing
	}
	rec.keys = append(rec.keys, keys...)
}

func (rec *recorder) deps() []Dep {
	if !rec.record {
		return nil
	}
	slices.Sort(rec.keys)
	keys := slices.Compact(rec.keys)
	deps := make([]Dep, len(keys))
	for i, k := range keys {
		v, ok := rec.r.g.Version(k)
		if !ok {
			panic("render: dependency key without a version: " + k)
		}
		deps[i] = Dep{k, v}
	}
	return deps
}

// Render renders one job.
func (r *Renderer) Render(j Job) (Output, error) {
	out, err := r.render(j, &workspace{buf: &bytes.Buffer{}})
	return out, err
}

// workspace is what a worker rendering jobs one after another reuses from
// one to the next: the buffer an output is written into, the slice of the
// keys it reads (grown to hundreds of keys a list page, a quarter of what a
// watch-mode rebuild allocated for a back-dated statement's 1,400 pages),
// and the list items its page views hold (a sixth of it). Nothing a job
// returns holds the keys or the items.
type workspace struct {
	buf   *bytes.Buffer
	keys  []string
	items []Item
}

// carveItems returns room for n items from the workspace's, which the
// views of one job share; the room is the next job's once the job is done.
func (ws *workspace) carveItems(n int) []Item {
	if len(ws.items)+n > cap(ws.items) {
		// a new block: the views made so far keep the last
		ws.items = make([]Item, 0, max(2*cap(ws.items), n, 64))
	}
	from := len(ws.items)
	ws.items = ws.items[:from+n]
	return ws.items[from : from+n : from+n]
}

// render renders one job in ws; the output's data may point into ws.buf.
func (r *Renderer) render(j Job, ws *workspace) (out Output, err error) {
	ws.buf.Reset()
	rec := &recorder{r: r, out: ws.buf, ws: ws, record: !r.once}
	if rec.record {
		rec.keys = ws.keys[:0]
	}
	defer func() {
		// the keys (copied into the output's Deps) and the items are the
		// next job's, cleared so that they hold on to no string
		clear(rec.keys)
		ws.keys = rec.keys[:0]
		clear(ws.items)
		ws.items = ws.items[:0]
	}()
	defer func() {
		// a theme partial that fails inside a Markdown body panics out of the
		// splice; it is the theme's error, reported like any other
		if p := recover(); p != nil {
			e, ok := p.(error)
			if !ok {
				panic(p)
			}
			err = fmt.Errorf("render %s: %w", j.Path, e)
		}
	}()
	data, err := j.render(rec)
	if err != nil {
		return Output{}, fmt.Errorf("render %s: %w", j.Path, err)
	}
	return Output{Path: j.Path, Data: data, Deps: rec.deps(), Streamed: rec.streamed, Unchanged: rec.unchanged}, nil
}

// Stale reports whether an output rendered with deps would render
// differently now: whether any of its dependencies has a new version.
func (r *Renderer) Stale(deps []Dep) bool {
	for _, d := range deps {
		if v, ok := r.g.Version(d.Key); !ok || v != d.Version {
			return true
		}
	}
	return len(deps) == 0
}

// maxKeptBuffer is the largest buffer a render worker keeps for its next
// output: far above any page, far below the whole-site outputs.
const maxKeptBuffer = 1 << 20

// maxKeptWatchBuffer is the same for a renderer whose buffers outlive the
// build (Options.Memo, watch mode): large enough for a sitemap of 50,000
// pages and a search file, which a new document makes again. Grown anew for
// each, their buffers were a tenth of the work of a new statement at
// 10,000 articles, most of it touching memory for the first time.
const maxKeptWatchBuffer = 8 << 20

// RenderAll renders jobs on every core, calling emit for each output as it
// is done (from several goroutines at once). It stops at the first error.
// An output's Data is valid only until emit returns: its buffer is reused.
func (r *Renderer) RenderAll(jobs []Job, emit func(Output) error) error {
	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		firstErr error
		next     = make(chan Job)
		// the search index's files dispatched and not yet done (written,
		// or their error recorded), which the list of them waits for
		parts sync.WaitGroup
	)
	// Two goroutines per core: writing a page waits in system calls (the
	// file system locks the folder it makes a file or folder in), and a
	// core whose only goroutine waits there sits idle. At 10,000 articles
	// this took the render stage from 3.8 s to 3.5 s (median of five runs
	// each, see BENCHMARKS.md).
	keptBuffer := maxKeptBuffer
	if r.memo != nil {
		keptBuffer = maxKeptWatchBuffer
	}
	for range 2 * runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			// one buffer per worker, grown once to its largest page,
			// rather than a new one per output; one grown by a whole-site
			// output (the statements' open data is 20 MB at 10,000
			// articles) is let go rather than held through the build
			ws := &workspace{buf: r.memo.buffer()}
			defer func() { r.memo.release(ws.buf) }()
			for j := range next {
				out, err := r.render(j, ws)
				if err == nil {
					err = emit(out)
				}
				if ws.buf.Cap() > keptBuffer {
					ws.buf = r.memo.buffer()
				}
				if err != nil {
					mu.Lock()
					if firstErr == nil {
						firstErr = err
					}
					mu.Unlock()
				}
				if j.searchPart {
					parts.Done()
				}
			}
		})
	}
	// the list of the search index's files names each by its checksum,
	// known once the files rendered here are done: it waits for them at
	// the end, where waiting holds up no worker (a rebuild's jobs may
	// come in any order), and not at all once one failed
	var lists []Job
	failed := func() bool {
		mu.Lock()
		defer mu.Unlock()
		return firstErr != nil
	}
	for _, j := range jobs {
		if failed() {
			break
		}
		if j.searchList {
			lists = append(lists, j)
			continue
		}
		if j.searchPart {
			parts.Add(1)
		}
		next <- j
	}
	if len(lists) > 0 {
		parts.Wait()
		for _, j := range lists {
			if failed() {
				break
			}
			next <- j
		}
	}
	close(next)
	wg.Wait()
	return firstErr
}

// Jobs lists every output of the site, in a stable order.
func (r *Renderer) Jobs() []Job {
	g := r.g
	r.paginations, r.archives = r.paginations[:0], r.archives[:0]
	jobs := make([]Job, 0, r.jobCount) // as many as last time, give or take a few
	add := func(p string, f func(*recorder) ([]byte, error)) { jobs = append(jobs, Job{Path: p, render: f}) }
	page := func(p, tpl string, f func(*recorder) *Page) { jobs = append(jobs, folderPage(p, tpl, f)) }
	page("", "home.html", (*recorder).home)
	// the documents' pages in the order of their IDs, not of their dates or
	// names: the sitemaps list the pages in the jobs' order, which a new
	// date or name then leaves as it was (and Reshape finds the articles'
	// and statements' pages after the home page, in that order)
	for _, a := range g.ArticlesByID {
		jobs = append(jobs, articleJob(a))
	}
	// The outputs made of the whole site come early: the longest jobs of a
	// rebuild then run beside the pages instead of after them. Not first:
	// a build that renders once lets the articles' HTML go as their pages
	// are done, and these outputs' 40 MB of buffers (at 10,000 articles)
	// then do not come on top of it.
	searchShards := searchShardCount(g, r.searchShardSize)
	for i := range searchShards {
		jobs = append(jobs, r.searchShardJob(i))
	}
	add("data/articles.json", func(rec *recorder) ([]byte, error) { return rec.articlesJSON() })
	add("data/statements.json", func(rec *recorder) ([]byte, error) { return rec.statementsJSON() })
	add("data/entities.json", func(rec *recorder) ([]byte, error) { return rec.entitiesJSON() })
	for _, s := range g.StatementsByID {
		jobs = append(jobs, statementJob(s))
	}
	for _, e := range g.EntitiesByID {
		page(e.Path(), "entity.html", func(rec *recorder) *Page { return rec.entity(e) })
		r.paginate(&jobs, e.Path()+"timeline/", "list.html", false, func() int { return len(e.Timeline) }, func(rec *recorder, from, to int) *Page {
			rec.use(site.DocKey(e))
			return rec.list("Timeline: "+e.Name, "Everything in the story that involves "+e.Name+", in date order.",
				rec.items(e.Timeline[from:to]), &Link{e.Name, r.url(e)})
		})
		r.versionPages(site.LinksKey(e), func(i int) site.Node { return e.Timeline[i] }, nil)
		add(e.Path()+"feed.xml", func(rec *recorder) ([]byte, error) { return rec.entityFeed(e) })
	}
	for _, p := range g.Pages {
		page(p.Path(), "page.html", func(rec *recorder) *Page { return rec.standalone(p) })
	}
	r.archive(&jobs, &archive{base: "articles/", key: site.KeyArticles, heading: "Articles",
		intro:      "The latest articles, newest first, and every article by month.",
		monthIntro: func(during string) string { return "The articles published " + during + ", newest first." }, noun: [2]string{"article", "articles"},
		count: func() int { return len(g.Articles) }, node: func(i int) site.Node { return g.Articles[i] },
		nodes: func(from, to int) []site.Node { return asNodes(g.Articles[from:to]) }})
	r.archive(&jobs, &archive{base: "statements/", key: site.KeyStatements, heading: "Statements",
		intro:      "The ledger of everything said on the record: the latest first, and all of it by month.",
		monthIntro: func(during string) string { return "What was said on the record " + during + ", newest first." }, noun: [2]string{"statement", "statements"},
		count: func() int { return len(g.Statements) }, node: func(i int) site.Node { return g.Statements[i] },
		nodes: func(from, to int) []site.Node { return asNodes(g.Statements[from:to]) }})
	r.archive(&jobs, &archive{base: "timeline/", key: site.KeyTimeline, heading: "Timeline", ascending: true, yearPages: true,
		intro:      "Articles and statements in date order, from the start of the story, and all of them by month.",
		monthIntro: func(during string) string { return "Articles and statements " + during + ", oldest first." }, noun: [2]string{"article or statement", "articles and statements"},
		count: func() int { return len(g.Timeline) }, node: func(i int) site.Node { return g.Timeline[i] },
		nodes: func(from, to int) []site.Node { return g.Timeline[from:to] }})
	// the index's order (by kind, then name) is made as a page renders: a
	// new name moves an entity in it
	r.paginate(&jobs, "entities/", "entities.html", false, func() int { return len(g.Entities) }, func(rec *recorder, from, to int) *Page {
		return rec.entities(byKind(g.Entities), from, to, func(i int) string {
			return r.root + r.pagePath("entities/", i/g.Site.PageSize+1)
		})
	})
	page("tags/", "tags.html", (*recorder).tags)
	for _, t := range g.Tags {
		intro := func() string {
			return fmt.Sprintf("%d articles and %d statements.", len(t.Articles), len(t.Statements))
		}
		r.paginate(&jobs, t.Path(), "list.html", true, func() int { return len(t.Items) }, func(rec *recorder, from, to int) *Page {
			return rec.list("Topic: "+t.Name, intro(), rec.items(t.Items[from:to]), &Link{"All topics", r.root + "tags/"})
		})
		r.versionPages(site.TagKey(t.Name), func(i int) site.Node { return t.Items[i] }, intro)
	}
	page("search/", "search.html", func(rec *recorder) *Page {
		rec.useAllDocs(true) // the index URL carries the index's version
		return rec.basePage("search/", "Search", "Search the titles, summaries and opening paragraphs of every article, statement and player in the story.", &SearchView{IndexURL: r.root + "search/index.js?v=" + r.searchVersion()})
	})
	jobs = append(jobs, Job{Path: "search/index.js", searchList: true, render: func(rec *recorder) ([]byte, error) { return rec.searchFiles() }})
	add("404.html", func(rec *recorder) ([]byte, error) {
		pg := rec.basePage("404.html", "Page not found", "", nil)
		// served for any address that has no page: naming itself as the
		// canonical page of that address would be false
		pg.Canonical = ""
		return rec.page("404.html", "404.html", pg)
	})
	add(siteFeedPath, func(rec *recorder) ([]byte, error) { return rec.siteFeed() })
	if !r.once { // a build that renders once records no dependencies
		r.versionNewPages()
	}
	r.sitemaps(&jobs)
	add("robots.txt", func(rec *recorder) ([]byte, error) {
		rec.use(site.KeySite)
		return []byte("User-agent: *\nAllow: /\n\nSitemap: " + r.baseURL + "sitemap.xml\n"), nil
	})
	for _, f := range r.theme.Static {
		add("static/"+f.Path, func(rec *recorder) ([]byte, error) {
			rec.use(site.TemplateKey("static/" + f.Path))
			return f.Data, nil
		})
	}
	r.jobCount = len(jobs)
	if !r.once {
		// the graph's lists change in place
		r.jobArticles, r.jobStatements, r.jobEntities = slices.Clone(g.ArticlesByID), slices.Clone(g.StatementsByID), slices.Clone(g.EntitiesByID)
		r.jobTags = slices.Clone(g.Tags)
		r.standalone, r.searchShards = len(g.Pages), searchShards
	}
	return jobs
}

// folderPage is the job of the page in folder p.
func folderPage(p, tpl string, f func(*recorder) *Page) Job {
	return Job{Path: p + "index.html", render: func(rec *recorder) ([]byte, error) { return rec.page(p, tpl, f(rec)) }}
}

func articleJob(a *site.Article) Job {
	return folderPage(a.Path(), "article.html", func(rec *recorder) *Page { return rec.article(a) })
}

func statementJob(s *site.Statement) Job {
	return folderPage(s.Path(), "statement.html", func(rec *recorder) *Page { return rec.statement(s) })
}

// searchShardJob is the job of the search index's file i, which holds the
// documents the graph has in that place when it renders.
func (r *Renderer) searchShardJob(i int) Job {
	return Job{Path: searchShardPath(i), searchPart: true, render: func(rec *recorder) ([]byte, error) {
		return rec.searchIndex(i, searchShard(r.g, r.searchShardSize, i))
	}}
}

// sitemaps adds the sitemap of the pages among jobs: one file, or, past the
// limit of URLs per file, an index of several.
func (r *Renderer) sitemaps(jobs *[]Job) {
	r.pagePaths = r.pagePaths[:0]
	for _, j := range *jobs {
		if p, ok := strings.CutSuffix(j.Path, "index.html"); ok {
			r.pagePaths = append(r.pagePaths, p)
		}
	}
	// The sitemaps read the pages when they render: Repaginate may have
	// changed them since.
	r.setOutputPagesVersion()
	r.sitemapFiles = r.sitemapFileCount()
	if r.sitemapFiles == 0 {
		*jobs = append(*jobs, Job{Path: "sitemap.xml", render: func(rec *recorder) ([]byte, error) { return rec.sitemap("urlset", "url", r.pagePaths) }})
		return
	}
	limit := r.sitemapPageLimit()
	var files []string
	for i := range r.sitemapFiles {
		name := "sitemaps/" + strconv.Itoa(i+1) + ".xml"
		files = append(files, name)
		*jobs = append(*jobs, Job{Path: name, render: func(rec *recorder) ([]byte, error) {
			return rec.sitemap("urlset", "url", r.pagePaths[i*limit:min((i+1)*limit, len(r.pagePaths))])
		}})
	}
	*jobs = append(*jobs, Job{Path: "sitemap.xml", render: func(rec *recorder) ([]byte, error) { return rec.sitemap("sitemapindex", "sitemap", files) }})
}

// setOutputPagesVersion versions the set of pages for the sitemaps, which
// need not render again for an edit that changes lists but not how many
// pages they have (every link edit changes some list).
func (r *Renderer) setOutputPagesVersion() {
	var h maphash.Hash // versions are compared within a process only
	h.SetSeed(pagesSeed)
	for _, p := range r.pagePaths {
		_, _ = h.WriteString(p)
		_ = h.WriteByte(0)
	}
	r.g.SetOutputPagesVersion(h.Sum64())
}

// pagesSeed seeds the hash of the set of pages: maphash, not FNV, whose
// byte-at-a-time loop over 50,000 paths took a millisecond or two for every
// new story.
var pagesSeed = maphash.MakeSeed()

func (r *Renderer) sitemapPageLimit() int { return cmp.Or(r.sitemapLimit, SitemapLimit) }

// sitemapFileCount is how many sitemaps/N.xml files the pages fill: none
// when sitemap.xml can list them all itself.
func (r *Renderer) sitemapFileCount() int {
	limit := r.sitemapPageLimit()
	if len(r.pagePaths) <= limit {
		return 0
	}
	return (len(r.pagePaths) + limit - 1) / limit
}

// searchVersion changes whenever the search index does, to bust caches: the
// index covers every document, so it is made of the aggregate versions.
func (r *Renderer) searchVersion() string {
	docs, _ := r.g.Version(site.KeyAllDocs)
	bodies, _ := r.g.Version(site.KeyAllBodies)
	return strconv.FormatUint((docs^(bodies*1099511628211))>>32, 36)
}

// paginate adds the jobs of a list split into pages of the site's page size:
// base/ for the first page, base/page/N/ for the others; fromEnd for a list
// that grows at its start (newest first), see pagination. The list is read
// when a page renders, so the jobs stay valid for a graph updated in place
// as long as the number of pages is the same (see SamePages).
func (r *Renderer) paginate(jobs *[]Job, base, tpl string, fromEnd bool, count func() int, f func(rec *recorder, from, to int) *Page) {
	list := &pagination{base: base, tpl: tpl, count: count, page: f, fromEnd: fromEnd}
	list.pages = list.pageCount(count(), r.g.Site.PageSize)
	r.paginations = append(r.paginations, list)
	for i := range list.pages {
		*jobs = append(*jobs, r.pageJob(list, i))
	}
}

// pageJob is the job of page i (from 0) of a paginated list; it counts the
// list's pages when it renders.
func (r *Renderer) pageJob(list *pagination, i int) Job {
	size := r.g.Site.PageSize
	p := r.pagePath(list.base, i+1)
	return Job{Path: p + "index.html", render: func(rec *recorder) ([]byte, error) {
		if list.key != "" {
			rec.use(site.ListPageKey(list.pageName(), i+1))
		}
		n := list.count()
		pages := list.pageCount(n, size)
		from, to := list.bounds(i, n, size)
		pg := list.page(rec, from, to)
		pg.URL, pg.Canonical = r.root+p, r.abs(p)
		pg.Site.Nav = r.navFor(pg.URL)
		if pages > 1 {
			pg.Main.(interface{ setPager(*Pager) }).setPager(r.pager(list.base, i+1, pages))
			pg.Title += fmt.Sprintf(" (page %d of %d)", i+1, pages)
		}
		return rec.page(p, list.tpl, pg)
	}}
}

func pageCount(n, size int) int { return max(1, (n+size-1)/size) }

// pagination is a paginated list: its first page's folder, its template,
// its length now and its page views, and its number of pages when its
// jobs were made.
type pagination struct {
	base, tpl string
	count     func() int
	page      func(rec *recorder, from, to int) *Page
	pages     int
	// fromEnd counts the pages from the list's end, for a list that grows
	// at its start (newest first): every page but the first holds a fixed
	// run of the size counted from the end, and the first page the rest,
	// from the size to twice the size less one. A new first item (a new
	// story) then changes the first page alone, where pages counted from
	// the start would all shift by an item (600 pages of statements at
	// 10,000 articles), but once in a page size, when the first page
	// splits.
	fromEnd bool
	// key is the list's dependency key when its pages are versioned one
	// by one (see versionPages); node(i) is its i-th item, and intro what
	// else of the list every page shows, if anything
	key   string
	node  func(i int) site.Node
	intro func() string
	// pageKey names the pages' keys when key is another list's too (the
	// months of an archive); start is where the list's first item is among
	// those node reads (a month's, in the whole list); archive is the
	// dated list the list is a part of, if any
	pageKey string
	start   func() int
	archive *archive
	// monthPage says the list is the items of month of its archive
	monthPage bool
	month     month
}

// pageName is what the keys of the list's pages are named after.
func (p *pagination) pageName() string { return cmp.Or(p.pageKey, p.key) }

// pageCount is how many pages the list has at n items.
func (p *pagination) pageCount(n, size int) int {
	if p.fromEnd {
		return max(1, n/size)
	}
	return pageCount(n, size)
}

// bounds are the items from and up to to of page i (from 0) at n items.
func (p *pagination) bounds(i, n, size int) (from, to int) {
	if !p.fromEnd {
		return i * size, min(n, (i+1)*size)
	}
	to = n - (p.pageCount(n, size)-1-i)*size
	if i == 0 {
		return 0, to
	}
	return to - size, to
}

// versionPages makes the pages of the list paginated last depend on what
// each shows (site.ListPageKey) rather than on the list's key, which is
// list: a page reads only its own items, the number of pages and what
// intro returns (nil: nothing). VersionPages versions them.
func (r *Renderer) versionPages(list string, node func(i int) site.Node, intro func() string) {
	p := r.paginations[len(r.paginations)-1]
	p.key, p.node, p.intro = list, node, intro
}

// VersionPages versions the pages of the lists versioned page by page (see
// versionPages) whose keys are among changed, and of the archives where
// their items may have changed, and returns the keys of the pages that
// changed. A build whose graph was updated in place calls it
// before it renders. (Jobs versions the pages that have no version yet: a
// graph linked anew has none, and comparing it with the last tells which
// changed.)
func (r *Renderer) VersionPages(changed []string) []string {
	changedSet := make(map[string]bool, len(changed))
	for _, k := range changed {
		changedSet[k] = true
	}
	// An archive's pages are versioned again where its items may have
	// changed, as its list's key versions only its first few items: its
	// first page and years' pages, and the months touched (all of them
	// when a month came or went, which changes the links beside them, or
	// when they were not versioned in this renderer). Among those touched
	// are the months the documents whose own keys changed are in now (one
	// moved within its month, or one in and another out), the same for
	// every archive.
	redated := map[month]bool{}
	for _, k := range changed {
		if n := r.g.DocOfKey(k); n != nil && !n.Date().IsZero() {
			redated[monthOf(n.Date())] = true
		}
	}
	touched := map[*archive]map[month]bool{}
	for _, a := range r.archives {
		before := r.laidOut[a.base]
		r.relayout(a)
		if before == nil || !slices.Equal(before.months, a.current().months) {
			touched[a] = nil // all
		} else if months := touchedMonths(a, before, redated); len(months) > 0 {
			touched[a] = months
		}
	}
	return r.versionLists(func(list *pagination) bool {
		if list.archive == nil {
			return changedSet[list.key]
		}
		months, ok := touched[list.archive]
		return ok && (months == nil || !list.monthPage || months[list.month])
	})
}

// touchedMonths are the months of archive a whose items may have changed
// since its layout was before: those whose lengths changed (a document
// came, went or moved in or out), and those of redated. Only their pages
// are versioned again: the others show the same items as before, and
// versioning every month's pages after each new date read 50,000 documents
// from all over memory (5 ms of CPU at 10,000 articles).
func touchedMonths(a *archive, before *archiveLayout, redated map[month]bool) map[month]bool {
	now := a.current()
	touched := map[month]bool{}
	maps.Copy(touched, redated)
	length := func(l *archiveLayout, m month) int {
		if k, ok := l.index[m]; ok {
			return l.starts[k+1] - l.starts[k]
		}
		return 0
	}
	for _, m := range now.months {
		if length(now, m) != length(before, m) {
			touched[m] = true
		}
	}
	return touched
}

// versionNewPages versions the pages of the lists versioned page by page
// that have no version yet.
func (r *Renderer) versionNewPages() {
	r.versionLists(func(list *pagination) bool {
		_, ok := r.g.Version(site.ListPageKey(list.pageName(), 1))
		return !ok
	})
}

// versionLists versions the pages of the lists versioned page by page for
// which which reports true, and returns the keys of the pages that changed.
func (r *Renderer) versionLists(which func(*pagination) bool) []string {
	var lists []*pagination
	for _, list := range r.paginations {
		if list.key != "" && which(list) {
			lists = append(lists, list)
		}
	}
	// The lists' pages are hashed on every core (a new statement changes
	// lists of 70,000 items at 10,000 articles), and versioned in order.
	type pageVersion struct {
		key     string
		version uint64
	}
	versions := make([][]pageVersion, len(lists))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(len(lists), runtime.GOMAXPROCS(0)) {
		wg.Go(func() {
			var buf []byte
			for {
				i := int(next.Add(1)) - 1 // the next list no worker took
				if i >= len(lists) {
					return
				}
				r.eachPageVersion(lists[i], &buf, func(key string, version uint64) {
					versions[i] = append(versions[i], pageVersion{key, version})
				})
			}
		})
	}
	wg.Wait()
	var keys []string
	for _, list := range versions {
		for _, v := range list {
			if r.g.SetListPageVersion(v.key, v.version) {
				keys = append(keys, v.key)
			}
		}
	}
	return keys
}

// eachPageVersion calls f with the key and version of each page of list:
// a hash of what the page shows of the list: its items, the number of
// pages and the list's intro (not how many items there are: a page that
// shows none of the items that came or went stays as it was). What is
// hashed is gathered in *buf, which the caller reuses from list to list:
// a buffer for each was most of what versioning a new date's months
// allocated (660 KB a rebuild at 10,000 articles).
func (r *Renderer) eachPageVersion(list *pagination, buf *[]byte, f func(key string, version uint64)) {
	size := r.g.Site.PageSize
	n := list.count()
	pages := list.pageCount(n, size)
	start := 0
	if list.start != nil {
		start = list.start()
	}
	for i := range pages {
		b := strconv.AppendInt((*buf)[:0], int64(pages), 10)
		if list.intro != nil {
			b = append(append(b, 0), list.intro()...)
		}
		from, to := list.bounds(i, n, size)
		for j := from; j < to; j++ {
			b = binary.LittleEndian.AppendUint64(b, site.Identity(list.node(start+j)))
		}
		h := fnv.New64a()
		_, _ = h.Write(b)
		f(site.ListPageKey(list.pageName(), i+1), h.Sum64())
		*buf = b
	}
}

// SamePages reports whether every paginated list still has the number of
// pages the jobs were made for: a graph updated in place (an article
// linking one more entity lengthens the entity's timeline) keeps its jobs
// only then.
func (r *Renderer) SamePages() bool {
	if !r.sameMonths() {
		return false
	}
	for _, p := range r.paginations {
		if p.pageCount(p.count(), r.g.Site.PageSize) != p.pages {
			return false
		}
	}
	return true
}

// Repaginate brings the jobs up to date with lists of a graph updated in
// place that gained or lost pages (SamePages is false): it returns the
// jobs of the pages added and the paths of the outputs gone, the same that
// making every job again (Jobs) would add and leave out. The other jobs
// stay valid. It reports false, changing nothing, when the number of
// sitemap files would change too: then the jobs must be made again.
func (r *Renderer) Repaginate() (added []Job, removed []string, ok bool) {
	if !r.sameMonths() {
		return nil, nil, false // archives' pages came or went by month
	}
	changes, pagePaths, ok := r.repaginated(slices.Clone(r.pagePaths))
	if !ok || !r.setPagePaths(pagePaths) {
		return nil, nil, false
	}
	added, removed = r.applyPageCounts(changes)
	return added, removed, true
}

// Reshape brings the jobs up to date with a graph updated in place that
// gained or lost articles or statements (and so, perhaps, pages of lists
// and files of the search index), as Repaginate does for pages alone: it
// returns the jobs added and the paths of the outputs gone, those that
// making every job again (Jobs) would add and leave out; a new document's
// page renders only the new document, the other jobs read the graph as it
// is when they render. It reports false, changing nothing, when entities,
// tags or standalone pages came or went (their pages make lists of their
// own) or the number of sitemap files would change: then the jobs must be
// made again.
func (r *Renderer) Reshape() (added []Job, removed []string, ok bool) {
	g := r.g
	if r.once || len(g.Pages) != r.standalone || !slices.Equal(g.EntitiesByID, r.jobEntities) || !slices.Equal(g.Tags, r.jobTags) || !r.sameMonths() {
		return nil, nil, false
	}
	// the home page, then the articles' and statements' pages, as Jobs
	// lists them; the lists' pages after them. The pages of the documents
	// that stayed keep their paths: only those of the documents that came
	// are read from them.
	docs := 1 + len(r.jobArticles) + len(r.jobStatements)
	pagePaths := make([]string, 0, len(r.pagePaths)-docs+1+len(g.ArticlesByID)+len(g.StatementsByID))
	pagePaths = append(pagePaths, r.pagePaths[0])
	stayed := r.pagePaths[1:docs]
	keep := func(i int) { pagePaths = append(pagePaths, stayed[i]) }
	gone := func(n site.Node) { removed = append(removed, n.Path()+"index.html") }
	diffByID(r.jobArticles, g.ArticlesByID, keep, gone, func(a *site.Article) {
		pagePaths = append(pagePaths, a.Path())
		added = append(added, articleJob(a))
	})
	stayed = stayed[len(r.jobArticles):]
	diffByID(r.jobStatements, g.StatementsByID, keep, gone, func(s *site.Statement) {
		pagePaths = append(pagePaths, s.Path())
		added = append(added, statementJob(s))
	})
	pagePaths = append(pagePaths, r.pagePaths[docs:]...)
	changes, pagePaths, ok := r.repaginated(pagePaths)
	if !ok || !r.setPagePaths(pagePaths) {
		return nil, nil, false
	}
	shards := searchShardCount(g, r.searchShardSize)
	for i := shards; i < r.searchShards; i++ {
		removed = append(removed, searchShardPath(i))
	}
	for i := r.searchShards; i < shards; i++ {
		added = append(added, r.searchShardJob(i))
	}
	pagesAdded, pagesRemoved := r.applyPageCounts(changes)
	r.jobArticles, r.jobStatements = slices.Clone(g.ArticlesByID), slices.Clone(g.StatementsByID)
	r.searchShards = shards
	return append(added, pagesAdded...), append(removed, pagesRemoved...), true
}

// diffByID calls kept with the index in before of each node of now that
// before has, gone for each node of before that now lacks and came for each
// node of now that before lacks, in the order of now; both are in the order
// of IDs. Most nodes are where they were: the same pointer is enough, the
// IDs are compared only around the nodes that came or went (reading 40,000
// documents' IDs was a millisecond or two for every new story).
func diffByID[T interface {
	site.Node
	comparable
}](before, now []T, kept func(i int), gone func(site.Node), came func(T)) {
	i, j := 0, 0
	for i < len(before) || j < len(now) {
		switch {
		case i < len(before) && j < len(now) && before[i] == now[j]:
			kept(i)
			i++
			j++
		case j == len(now) || i < len(before) && before[i].NodeID() < now[j].NodeID():
			gone(before[i])
			i++
		case i == len(before) || now[j].NodeID() < before[i].NodeID():
			came(now[j])
			j++
		default: // another document with the ID
			gone(before[i])
			came(now[j])
			i++
			j++
		}
	}
}

// pageCountChange is a paginated list and its number of pages now.
type pageCountChange struct {
	list  *pagination
	pages int
}

// repaginated finds the lists whose number of pages changed and updates
// pagePaths (the jobs' pages, in their order) to match; false when a
// list's pages are not found there.
func (r *Renderer) repaginated(pagePaths []string) ([]pageCountChange, []string, bool) {
	var changes []pageCountChange
	for _, list := range r.paginations {
		pages := list.pageCount(list.count(), r.g.Site.PageSize)
		if pages == list.pages {
			continue
		}
		changes = append(changes, pageCountChange{list, pages})
		// a list's pages follow one another in the jobs' order
		last := slices.Index(pagePaths, r.pagePath(list.base, list.pages))
		if last < 0 {
			return nil, nil, false
		}
		if pages < list.pages {
			pagePaths = slices.Delete(pagePaths, last-(list.pages-pages)+1, last+1)
			continue
		}
		more := make([]string, 0, pages-list.pages)
		for i := list.pages; i < pages; i++ {
			more = append(more, r.pagePath(list.base, i+1))
		}
		pagePaths = slices.Insert(pagePaths, last+1, more...)
	}
	return changes, pagePaths, true
}

// setPagePaths makes pagePaths the jobs' pages, unless they would fill
// another number of sitemap files (whose jobs would come or go).
func (r *Renderer) setPagePaths(pagePaths []string) bool {
	before := r.pagePaths
	r.pagePaths = pagePaths
	if r.sitemapFileCount() != r.sitemapFiles {
		r.pagePaths = before
		return false
	}
	r.setOutputPagesVersion()
	return true
}

// applyPageCounts gives the lists their new numbers of pages and returns
// the jobs of the pages added and the paths of those removed.
func (r *Renderer) applyPageCounts(changes []pageCountChange) (added []Job, removed []string) {
	for _, c := range changes {
		for i := c.pages; i < c.list.pages; i++ {
			removed = append(removed, r.pagePath(c.list.base, i+1)+"index.html")
		}
		for i := c.list.pages; i < c.pages; i++ {
			added = append(added, r.pageJob(c.list, i))
		}
		c.list.pages = c.pages
	}
	return added, removed
}

func (r *Renderer) pagePath(base string, n int) string {
	if n == 1 {
		return base
	}
	return base + "page/" + strconv.Itoa(n) + "/"
}

// pagerReach is how many page numbers a pager shows on each side of the
// current page, besides the first and the last.
const pagerReach = 2

func (r *Renderer) pager(base string, current, total int) *Pager {
	p := &Pager{Current: current, Total: total, Pages: make([]PagerEntry, 0, 2*pagerReach+5)}
	// the numbers shown, in order: reading every page number of the list
	// for each of its pages made a list's pagers quadratic in its length
	// (64 million steps for the timeline's 8,000 pages at 100,000 articles)
	last := 0 // the last number shown
	shown := func(i int) {
		if last > 0 && i > last+1 {
			p.Pages = append(p.Pages, PagerEntry{Gap: true})
		}
		p.Pages = append(p.Pages, PagerEntry{Number: i, URL: r.root + r.pagePath(base, i), Current: i == current})
		last = i
	}
	shown(1)
	for i := max(2, current-pagerReach); i <= min(total-1, current+pagerReach); i++ {
		shown(i)
	}
	if total > 1 {
		shown(total)
	}
	if current > 1 {
		p.Prev = &Link{"Previous page", r.root + r.pagePath(base, current-1)}
	}
	if current < total {
		p.Next = &Link{"Next page", r.root + r.pagePath(base, current+1)}
	}
	return p
}

func asNodes[T site.Node](list []T) []site.Node {
	out := make([]site.Node, len(list))
	for i, n := range list {
		out[i] = n
	}
	return out
}

// url is the URL of a node's page.
func (r *Renderer) url(n site.Node) string {
	if r.root == "/" {
		return site.SlashPath(n) // no new string for each of a build's million links
	}
	return r.root + n.Path()
}

func (r *Renderer) abs(p string) string { return r.baseURL + strings.TrimPrefix(p, "/") }

func dateView(d content.Date) DateView { return DateView{Human: d.Human(), Machine: d.Machine()} }

func optDate(d content.Date) *DateView {
	if d.IsZero() {
		return nil
	}
	v := dateView(d)
	return &v
}

// basePage fills in what every page has.
func (rec *recorder) basePage(p, title, description string, main any) *Page {
	r := rec.r
	rec.use(site.KeySite, site.KeyPages, site.TemplateKey(layoutFile), site.TemplateKey(partialsFile))
	for _, p := range r.g.Pages {
		rec.use(site.DocKey(p)) // the navigation shows every page's title
	}
	for _, f := range r.theme.Static {
		rec.use(site.TemplateKey("static/" + f.Path))
	}
	if description == "" {
		description = r.g.Site.Description
	}
	return &Page{
		Site: Site{
			Title: r.g.Site.Title, Description: r.g.Site.Description, Language: r.g.Site.Language,
			Root: r.root, BaseURL: r.baseURL, Nav: r.navFor(r.root + p),
		},
		Title:       title,
		Description: description,
		URL:         r.root + p,
		Canonical:   r.abs(p),
		Stylesheet:  r.assets["style.css"],
		Script:      r.assets["search.js"],
		Main:        main,
	}
}

// navFor marks the navigation entry of the page at url, or of its section.
func (r *Renderer) navFor(url string) []NavLink {
	nav := make([]NavLink, len(r.nav))
	for i, l := range r.nav {
		nav[i] = NavLink{Link: l}
		switch {
		case url == l.URL:
			nav[i].Current = "page"
		case l.URL != r.root && strings.HasPrefix(url, l.URL):
			nav[i].Current = "true"
		}
	}
	return nav
}

// page executes a page template.
func (rec *recorder) page(p, tpl string, pg *Page) ([]byte, error) {
	rec.use(site.TemplateKey(tpl))
	pg.Kind = strings.TrimSuffix(tpl, ".html")
	pg.SiteHeader, pg.SiteFooter = rec.chrome(pg)
	if err := rec.r.theme.execute(tpl, pg, rec.out); err != nil {
		return nil, err
	}
	return rec.out.Bytes(), nil
}

// chrome renders the layout's header and footer for a page, or reuses them:
// the header varies only with where the page sits in the navigation, the
// footer only with the page's feed. basePage has recorded the keys they read.
func (rec *recorder) chrome(pg *Page) (header, footer template.HTML) {
	r := rec.r
	var key strings.Builder
	home := pg.URL == r.root
	if home {
		key.WriteString("home")
	}
	for _, l := range pg.Site.Nav {
		key.WriteString("\x00" + l.Current)
	}
	header, _ = rec.fragment(fragmentKey{partial: "site-header", id: key.String()}, func() ([]string, any) {
		return r.chromeKeys, Chrome{Site: pg.Site, Home: home}
	})
	key.Reset()
	if pg.Feed != nil {
		key.WriteString(pg.Feed.URL + "\x00" + pg.Feed.Text)
	}
	footer, _ = rec.fragment(fragmentKey{partial: "site-footer", id: key.String()}, func() ([]string, any) {
		return r.chromeKeys, Chrome{Site: pg.Site, Feed: pg.Feed}
	})
	return header, footer
}

// link points to a node, reading its title.
func (rec *recorder) link(n site.Node) Link {
	rec.use(site.ItemKey(n))
	if s, ok := n.(*site.Statement); ok {
		// a statement's title names its speaker and organization
		rec.use(site.DocKey(s.Org))
		if s.Speaker != nil {
			rec.use(site.DocKey(s.Speaker))
		}
	}
	return Link{n.Title(), rec.r.url(n)}
}

func (rec *recorder) entityLinks(list []*site.Entity) []Link {
	out := make([]Link, len(list))
	for i, e := range list {
		out[i] = rec.link(e)
	}
	return out
}

func (rec *recorder) tagLinks(list []*site.Tag) []Link {
	out := make([]Link, len(list))
	for i, t := range list {
		out[i] = Link{t.Name, rec.r.url(t)}
	}
	return out
}

// card shows a statement as a quotation, reading the statement, its speaker,
// its organization and its outlets.
func (rec *recorder) card(s *site.Statement) StatementCard { return *rec.cardRef(s) }

// cardRef is card, shared: a list item holds its statement's card, kept
// once (not copied) while its fragment is (see Renderer.cards).
func (rec *recorder) cardRef(s *site.Statement) *StatementCard {
	r := rec.r
	if c := r.keptCard(s); c != nil {
		rec.useCardKeys(s) // what making it records
		return c
	}
	// made by one goroutine, the others waiting for it: two cards made at
	// once could not both hold the bytes their item shares (see newItem)
	making := &r.cardMaking[site.Identity(s)%uint64(len(r.cardMaking))]
	making.Lock()
	defer making.Unlock()
	if c := r.keptCard(s); c != nil {
		rec.useCardKeys(s)
		return c
	}
	made := rec.newCard(s)
	r.cardMu.Lock()
	r.cards[s] = &made
	r.cardMu.Unlock()
	return &made
}

func (r *Renderer) keptCard(s *site.Statement) *StatementCard {
	r.cardMu.RLock()
	defer r.cardMu.RUnlock()
	return r.cards[s]
}

// useCardKeys records cardKeys(s), the keys making s's card reads, without
// a slice made for every card of every list page.
func (rec *recorder) useCardKeys(s *site.Statement) {
	if !rec.record {
		return
	}
	var keys [8]string
	rec.use(appendCardKeys(keys[:0], s)...)
}

func (rec *recorder) newCard(s *site.Statement) StatementCard {
	rec.use(site.DocKey(s))
	c := StatementCard{
		ID: s.ID, URL: rec.r.url(s), Quote: s.Quote, Paraphrase: s.Paraphrase,
		Role: s.Role(), Org: rec.link(s.Org), Date: dateView(s.Date()), Channel: s.Channel, Stance: s.Stance,
	}
	if s.Speaker != nil {
		l := rec.link(s.Speaker)
		c.Speaker = &l
	}
	for _, rep := range s.ReportedBy {
		c.ReportedBy = append(c.ReportedBy, rec.link(rep.Outlet))
	}
	// a theme made before the quotation was a fragment of its own may not
	// define it: its cards and statement pages do not print it either
	if rec.r.theme.quotations {
		c.Quotation, _ = rec.fragment(quotationKey(s), func() ([]string, any) { return quotationKeys(s), c })
	}
	var fresh bool
	c.HTML, fresh = rec.fragment(cardKey(s), func() ([]string, any) { return cardKeys(s), c })
	if fresh && c.Quotation != "" {
		// the default card holds the quotation; the card kept holds the
		// shared bytes too, or its copy would outlive the fragment's
		c.Quotation = rec.r.shareFragment(quotationKey(s), c.Quotation, c.HTML)
	}
	return c
}

// quotationKeys are the keys a statement's quotation reads.
func quotationKeys(s *site.Statement) []string { return appendQuotationKeys(nil, s) }

func appendQuotationKeys(keys []string, s *site.Statement) []string {
	keys = append(keys, site.DocKey(s), site.DocKey(s.Org))
	if s.Speaker != nil {
		keys = append(keys, site.DocKey(s.Speaker))
	}
	return keys
}

// cardKeys are the keys a statement's card reads: its quotation's and the
// reporting outlets'.
func cardKeys(s *site.Statement) []string { return appendCardKeys(nil, s) }

func appendCardKeys(keys []string, s *site.Statement) []string {
	keys = appendQuotationKeys(keys, s)
	for _, rep := range s.ReportedBy {
		keys = append(keys, site.DocKey(rep.Outlet))
	}
	return keys
}

// fragmentKey names a cached fragment: the partial, and the node (kind
// and ID) or navigation state it shows.
type fragmentKey struct{ partial, kind, id string }

// The partials of a statement's card and of a list item.
const (
	cardPartial = "card"
	itemPartial = "item"
)

func cardKey(s *site.Statement) fragmentKey { return fragmentKey{partial: cardPartial, id: s.ID} }

func quotationKey(s *site.Statement) fragmentKey {
	return fragmentKey{partial: "quotation", id: s.ID}
}

// fragment renders a partial once for a node and returns the cached output
// afterwards, until one of the keys it read changes; fresh says it was
// rendered now. miss gives those keys and the partial's data; it runs only
// when the fragment is not cached, so that a cached one costs no allocation
// (building them on every use was a tenth of a build's allocations). The
// caller has recorded the keys.
func (rec *recorder) fragment(key fragmentKey, miss func() (keys []string, data any)) (h template.HTML, fresh bool) {
	r := rec.r
	r.fragmentMu.RLock()
	h, ok := r.fragments[key]
	r.fragmentMu.RUnlock()
	if ok {
		return h, false
	}
	keys, data := miss()
	out, err := r.theme.partial(key.partial, data)
	if err != nil {
		panic(err) // reported by Render's recover, with the output's path
	}
	h = template.HTML(out)
	r.fragmentMu.Lock()
	defer r.fragmentMu.Unlock()
	_, ok = r.fragments[key]
	r.fragments[key] = h
	if !ok && !r.once {
		for _, k := range keys {
			r.fragmentReaders[k] = append(r.fragmentReaders[k], key)
		}
	}
	return h, true
}

func (rec *recorder) cards(list []*site.Statement) []StatementCard {
	out := make([]StatementCard, len(list))
	for i, s := range list {
		out[i] = rec.card(s)
	}
	return out
}

// item shows any node in a list, kept while its fragment is (see
// Renderer.items).
func (rec *recorder) item(n site.Node) Item {
	r := rec.r
	it, ok := r.keptItem(n)
	if !ok {
		// made by one goroutine, as cards are (see cardRef)
		making := &r.itemMaking[site.Identity(n)%uint64(len(r.itemMaking))]
		making.Lock()
		defer making.Unlock()
		it, ok = r.keptItem(n)
	}
	if ok {
		// what making it records
		rec.use(site.ItemKey(n))
		if s, ok := n.(*site.Statement); ok {
			rec.useCardKeys(s)
		}
		return it
	}
	it = rec.newItem(n)
	r.itemMu.Lock()
	r.items[n] = it
	r.itemMu.Unlock()
	return it
}

func (r *Renderer) keptItem(n site.Node) (Item, bool) {
	r.itemMu.RLock()
	defer r.itemMu.RUnlock()
	it, ok := r.items[n]
	return it, ok
}

func (rec *recorder) newItem(n site.Node) Item {
	rec.use(site.ItemKey(n))
	it := Item{Kind: n.Kind(), Title: n.Title(), URL: rec.r.url(n)}
	var statement *site.Statement
	switch n := n.(type) {
	case *site.Article:
		it.Summary = n.Summary
	case *site.Statement:
		statement = n
		it.Statement = rec.cardRef(n)
		it.Date = it.Statement.Date // the same date, formatted once
		it.Summary = n.Quote
	case *site.Entity:
		it.Summary = strings.TrimSpace(n.Role)
	case *site.Page:
		it.Summary = n.Summary
	}
	if statement == nil {
		it.Date = dateView(n.Date())
	}
	var fresh bool
	it.HTML, fresh = rec.fragment(fragmentKey{partial: itemPartial, kind: n.Kind(), id: n.NodeID()}, func() ([]string, any) {
		if statement != nil {
			return cardKeys(statement), it
		}
		return []string{site.ItemKey(n)}, it
	})
	if statement != nil && fresh {
		// The default item of a statement is its card, which holds its
		// quotation: one copy of the bytes for the three. The card kept
		// (see cardRef) is replaced by one holding the shared bytes, not
		// changed: other pages may be reading it.
		shared := *it.Statement
		shared.HTML = rec.r.shareFragment(cardKey(statement), shared.HTML, it.HTML)
		shared.Quotation = rec.r.shareFragment(quotationKey(statement), shared.Quotation, it.HTML)
		r := rec.r
		r.cardMu.Lock()
		if r.cards[statement] == it.Statement { // not forgotten or replaced meanwhile
			r.cards[statement] = &shared
		}
		r.cardMu.Unlock()
		it.Statement = &shared
	}
	return it
}

// shareFragment makes inner, the fragment cached at key, a part of outer
// when outer holds its bytes, instead of a second copy of them: a
// statement's card and its list item were 30 MB of the same bytes twice at
// 10,000 articles. It returns inner, shared when it could be, for the other
// holders of the copy to let it go too.
func (r *Renderer) shareFragment(key fragmentKey, inner, outer template.HTML) template.HTML {
	i := strings.Index(string(outer), string(inner))
	if inner == "" || i < 0 {
		return inner
	}
	shared := outer[i : i+len(inner)]
	r.fragmentMu.Lock()
	defer r.fragmentMu.Unlock()
	if r.fragments[key] == inner { // not forgotten or made anew meanwhile
		r.fragments[key] = shared
	}
	return shared
}

func (rec *recorder) items(list []site.Node) []Item {
	var out []Item
	if rec.ws != nil {
		out = rec.ws.carveItems(len(list))
	} else {
		out = make([]Item, len(list))
	}
	for i, n := range list {
		out[i] = rec.item(n)
	}
	return out
}

// rootLinks puts the site's base path in front of the site-relative links
// and images an editor wrote in Markdown ("/static/chart.png"), so they work
// when the site lives below a path (https://example.org/news/). Goldmark
// writes attributes with double quotes and escapes quotes in text, so the
// attribute forms below occur only as attributes.
func rootLinks(chunks []string, root string) []string {
	out := make([]string, len(chunks))
	for i, c := range chunks {
		for _, attr := range []string{` href="/`, ` src="/`} {
			if !strings.Contains(c, attr) {
				continue
			}
			var sb strings.Builder
			for {
				j := strings.Index(c, attr)
				if j < 0 {
					break
				}
				end := j + len(attr)
				sb.WriteString(c[:end-1])
				if end < len(c) && c[end] == '/' { // protocol-relative: not ours
					sb.WriteByte('/')
				} else {
					sb.WriteString(root)
				}
				c = c[end:]
			}
			sb.WriteString(c)
			c = sb.String()
		}
		out[i] = c
	}
	return out
}

// refText names the references of a body in plain text: embeds by nothing,
// links by their labels or their targets' names.
func (rec *recorder) refText(targets []site.Node) func(int, markdown.Reference) string {
	return func(i int, ref markdown.Reference) string {
		if ref.Embed {
			return ""
		}
		if ref.Label != "" {
			return ref.Label
		}
		if i < len(targets) && targets[i] != nil {
			return rec.link(targets[i]).Text
		}
		return ref.ID
	}
}

// body splices a Markdown body's references: links by name, and statement
// embeds rendered with the theme's "card" partial.
func (rec *recorder) body(b markdown.Body, targets []site.Node) string {
	if rec.r.root != "/" {
		b.Chunks = rootLinks(b.Chunks, rec.r.root)
	}
	h := b.HTML(func(i int, ref markdown.Reference) string {
		var target site.Node
		if i < len(targets) {
			target = targets[i]
		}
		if target == nil {
			return html.EscapeString(ref.ID)
		}
		if s, ok := target.(*site.Statement); ok && ref.Embed {
			// the theme's card, also where no page's partials are read
			// (the site's feed holds whole articles)
			rec.use(site.TemplateKey(partialsFile))
			return string(rec.card(s).HTML)
		}
		l := rec.link(target)
		text := l.Text
		if ref.Label != "" {
			text = ref.Label
		}
		return `<a class="ref ref-` + target.Kind() + `" href="` + html.EscapeString(l.URL) + `">` + html.EscapeString(text) + `</a>`
	})
	return string(h)
}

// Package build runs Dossier's pipeline, load -> link -> render, as a
// function of an fs.FS holding content/ and templates/. A Builder keeps what
// it loaded, converted and rendered, so a second Build after an edit reloads
// only the changed files and re-renders only the outputs whose dependencies
// changed; a one-off build is the same code with an empty Builder.
package build

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"path"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/dossier-news/dossier/generator/content"
	"github.com/dossier-news/dossier/generator/diag"
	"github.com/dossier-news/dossier/generator/markdown"
	"github.com/dossier-news/dossier/generator/render"
	"github.com/dossier-news/dossier/generator/site"
)

// Options configure a build.
type Options struct {
	Drafts  bool
	BaseURL string
	// Theme is the default theme, which the site's templates/ overrides.
	Theme fs.FS
	// SitemapLimit lowers the number of URLs per sitemap file below the
	// protocol's 50,000; past it, sitemap.xml is an index of sitemaps/N.xml.
	SitemapLimit int
	// SearchShardSize is about how many entries each file of the search
	// index holds; zero means render.SearchShardSize.
	SearchShardSize int
	// Once means the Builder builds once, as `dossier build` does: it keeps
	// nothing for a next build (no dependency records, no memoized entries),
	// which saves memory and time. A next build is a full one.
	Once bool
	// Stream, with Once, takes the outputs made of an entry per document
	// as they are made (see render.Options.Stream): Build's emit is not
	// called with them. Without Once it is not used: watch mode keeps
	// those entries to splice them.
	Stream func(path string) (io.WriteCloser, error)
}

// Stats describe one build.
type Stats struct {
	Files     int // content files
	Outputs   int // outputs planned
	Rendered  int // outputs rendered (all, for a first build)
	ByKind    map[string]int
	Load      time.Duration
	Link      time.Duration
	Render    time.Duration
	FullBuild bool
	// SlowTemplateRuns counts the template executions html/template made
	// because the fast executor could not; SlowTemplates names the theme's
	// templates it cannot run at all.
	SlowTemplateRuns int64
	SlowTemplates    []string
}

// Result is a successful build: every output path, and the outputs that
// were rendered (all of them for a first build).
type Result struct {
	Paths []string // sorted; the caller must not modify them
	// SameOutputs reports that Paths are the last build's: no output was
	// added or removed.
	SameOutputs bool
	Stats       Stats
}

// Emit receives each rendered output; it is called from several goroutines.
// The output's Data is valid only until it returns.
type Emit func(render.Output) error

type loaded struct {
	data  []byte
	doc   content.Doc
	diags diag.List
}

type bodyKey struct {
	file string
	hash uint64
	line int
}

type convertedBody struct {
	body  markdown.Body
	diags diag.List
}

// Builder runs builds and remembers enough of the last one to make the next
// incremental. It is not safe for concurrent use.
type Builder struct {
	opts  Options
	conv  *markdown.Converter
	files map[string]*loaded
	// withDiags lists the loaded files that have problems to report, so a
	// rebuild need not visit every file to find them.
	withDiags map[string]bool
	// drafts lists the files of the draft articles by ID, which the graph
	// does not hold (but with Options.Drafts): a new document must not
	// take one's ID
	drafts  map[string][]string
	bodyMu  sync.Mutex
	bodies  map[string]map[bodyKey]convertedBody // by file
	records map[string][]render.Dep              // output path -> deps of its last render
	theme   *render.Theme                        // the last good build's theme
	// readTheme is the theme as the last build read it, good or not, and
	// readThemeDiags its problems: both stand while no file under
	// templates/ changes, rather than every file of the theme read and
	// hashed again for each rebuild
	readTheme      *render.Theme
	readThemeDiags diag.List
	memo           *render.Memo // the whole-site outputs' entries
	graph          *site.Graph  // the last good build's graph
	// renderer, with its jobs, their paths sorted and the index of each job
	// by path, is the last build's: kept while the outputs stay the same.
	renderer *render.Renderer
	jobs     []render.Job
	paths    []string
	jobIndex map[string]int
	// dependents maps each dependency key to the outputs that read it. It
	// may list more than the truth (old dependencies linger), never less;
	// nil means unknown, and every output is checked.
	dependents map[string][]string
	// folders counts the loaded files under each folder: made the first
	// time a path gone from the site is no file of it, and kept up to date
	// from then on. An editor's temporary file, saved and deleted beside
	// the file it edits, was looked for under every file of the site (4 ms
	// of each save at 10,000 articles).
	folders map[string]int
	// touched reports whether the last load changed, added or removed any
	// content file; touchedFiles lists them when the load was incremental.
	// It is not the list of changed paths: an editor's temporary file, or a
	// file saved unchanged, touches nothing.
	touched      bool
	touchedFiles []string
	// failed reports whether the last build failed: its errors live in no
	// graph, so the next build links from scratch.
	failed bool
}

// NewBuilder returns a Builder with nothing cached.
func NewBuilder(opts Options) *Builder {
	b := &Builder{opts: opts, conv: markdown.New(), bodies: map[string]map[bodyKey]convertedBody{}}
	if !opts.Once {
		b.memo = render.NewMemo()
	}
	return b
}

// Build builds the site in fsys. changed lists the files that changed since
// the last build (paths relative to fsys); nil means "anything may have
// changed", which rereads every file. Only outputs that changed are passed to
// emit. When the input has errors, nothing is emitted and the diagnostics are
// returned; when a template fails while rendering, what was emitted before
// the failure is rendered again by the next build.
func (b *Builder) Build(fsys fs.FS, changed []string, emit Emit) (*Result, diag.List) {
	if b.opts.Once {
		// what was loaded may have lost its Markdown to linking (see
		// site.Options.ForgetSources), even when linking failed: load anew
		changed = nil
	}
	stats := Stats{ByKind: map[string]int{}, FullBuild: b.records == nil}
	start := time.Now()
	diags := b.load(fsys, changed)
	stats.Files = len(b.files)
	stats.Load = time.Since(start)

	start = time.Now()
	oldGraph := b.graph
	if b.failed {
		// the last graph does not reflect the files' errors: link them
		oldGraph, b.graph = nil, nil
	}
	templatesChanged := slices.ContainsFunc(changed, func(p string) bool {
		return strings.HasPrefix(p, render.TemplatesDir+"/") || p == render.TemplatesDir
	})
	// nothing that the graph is made of changed (a file saved unchanged):
	// keep the graph, and no output can be stale but for templates
	unchanged := oldGraph != nil && !b.touched && !templatesChanged
	var graph *site.Graph
	var more diag.List
	var fastKeys []string
	reshaped := false // the graph updated in place has documents added or removed
	if unchanged {
		graph = oldGraph
	} else if templatesChanged {
		// The new templates' versions are compared with the last graph's
		// when the whole site is linked again; the keys of an update in
		// place would not name them.
		graph = nil
	} else {
		graph, more, fastKeys, reshaped = b.relinkBody(b.touchedFiles)
	}
	if graph == nil {
		// The corpus's own problems (two files with one ID) cannot arise on
		// the fast paths, which keep every document's file and ID.
		corpus, corpusDiags := b.assemble()
		diags = append(diags, corpusDiags...)
		graph, more = site.Link(corpus, b.convert, site.Options{Drafts: b.opts.Drafts, ForgetSources: b.opts.Once})
	}
	diags = append(diags, more...)
	theme, more := b.readTheme, b.readThemeDiags
	if changed == nil || templatesChanged || theme == nil {
		theme, more = render.LoadTheme(fsys, b.opts.Theme, b.theme)
		b.readTheme, b.readThemeDiags = theme, more
	}
	diags = append(diags, more...)
	stats.Link = time.Since(start)
	if diags.HasErrors() {
		if graph != nil && theme != nil {
			// every problem at once: the links written as paths too, against
			// the outputs the site would have (the graph stays whole after
			// its errors, see site.Link)
			paths := outputPaths(render.New(graph, theme, render.Options{BaseURL: b.opts.BaseURL, Once: true}).Jobs())
			diags = append(diags, checkLocalLinks(graph, paths)...)
		}
		b.fail()
		return nil, diags.Sort()
	}

	if b.opts.Once {
		b.forgetSources()
	}

	start = time.Now()
	// The same graph (updated in place, or not at all) with the same theme
	// and as many pages in each list has the same outputs: keep the
	// renderer and its jobs.
	sameRenderer := b.renderer != nil && graph == b.renderer.Graph() && theme == b.theme
	sameOutputs := sameRenderer && !reshaped && b.renderer.SamePages()
	// A graph updated in place whose lists gained or lost pages, or which
	// gained or lost documents: only their jobs come or go, when the index
	// of dependents can say which of the others to render. Otherwise the
	// renderer makes its jobs again (and keeps its rendered fragments); for
	// documents that came or went, the outputs gone are then told from
	// those that stay (rejobbed, see newJobs).
	var added []render.Job
	patched := false
	if sameRenderer && !sameOutputs && b.dependents != nil {
		patch := b.renderer.Repaginate
		if reshaped {
			patch = b.renderer.Reshape
		}
		var removed []string
		if added, removed, patched = patch(); patched {
			b.patchJobs(added, removed)
		}
	}
	rejobbed := sameRenderer && reshaped && b.dependents != nil && !patched
	if !sameOutputs && !patched {
		if !sameRenderer {
			b.renderer = render.New(graph, theme, render.Options{BaseURL: b.opts.BaseURL, Memo: b.memo, Once: b.opts.Once, Stream: b.opts.Stream, SitemapLimit: b.opts.SitemapLimit, SearchShardSize: b.opts.SearchShardSize})
		}
		before := b.paths
		b.jobs = b.renderer.Jobs()
		b.paths = make([]string, len(b.jobs))
		b.jobIndex = make(map[string]int, len(b.jobs))
		for i, j := range b.jobs {
			b.paths[i] = j.Path
			if !b.opts.Once {
				b.jobIndex[j.Path] = i
			}
		}
		sort.Strings(b.paths)
		if rejobbed {
			added = b.newJobs(Missing(before, b.paths))
		}
	}
	// links written as paths, known good only now that the outputs are
	if more := checkLocalLinks(graph, b.paths); len(more) > 0 {
		diags = append(diags, more...)
		if more.HasErrors() {
			b.fail()
			return nil, diags.Sort()
		}
	}
	if !sameOutputs && b.memo != nil {
		// A whole-site output whose job went away may come back (the
		// search index's last file, with one document more), and what its
		// entries read meanwhile changed unseen: it starts anew then.
		b.memo.Retain(func(p string) bool { _, ok := b.jobIndex[p]; return ok })
	}
	r, jobs := b.renderer, b.jobs
	var changedKeys []string
	switch {
	case unchanged:
	case fastKeys != nil:
		changedKeys = fastKeys
		if !sameOutputs {
			// the renderer versioned its new set of pages
			changedKeys = append(changedKeys, site.KeyOutputPages)
		}
		changedKeys = append(changedKeys, r.VersionPages(fastKeys)...)
	case b.dependents != nil:
		changedKeys = graph.ChangedKeys(oldGraph)
	}
	// the changed keys are known when the index of dependents is
	r.Begin(changedKeys, b.dependents != nil)
	slowRuns := theme.SlowRuns()
	todo, records := jobs, map[string][]render.Dep(nil)
	if !b.opts.Once {
		todo, records = b.plan(r, jobs, changedKeys, sameOutputs || patched || rejobbed, added)
	}
	res := &Result{Paths: b.paths, SameOutputs: sameOutputs}
	var mu sync.Mutex
	var emitted []string
	// the keys each re-rendered output read that it did not read last time,
	// under which the index of dependents does not list it yet: found beside
	// the rendering, on every core, not after it (6 ms with nothing else to
	// do for a back-dated statement's 1,400 pages)
	newKeys := map[string][]string{}
	indexing := records != nil && b.dependents != nil
	err := r.RenderAll(todo, func(out render.Output) error {
		mu.Lock()
		var before []render.Dep
		if records != nil {
			before = b.records[out.Path]
			records[out.Path] = out.Deps
		}
		stats.ByKind[kindOf(out.Path)]++
		emitted = append(emitted, out.Path)
		mu.Unlock()
		if indexing {
			added := keysNotIn(out.Deps, before)
			mu.Lock()
			newKeys[out.Path] = added
			mu.Unlock()
		}
		if out.Streamed || out.Unchanged {
			return nil // written already, now or by the last build
		}
		if err := emit(out); err != nil {
			return &render.WriteError{Path: out.Path, Err: err}
		}
		return nil
	})
	stats.Render = time.Since(start)
	stats.SlowTemplateRuns, stats.SlowTemplates = theme.SlowRuns()-slowRuns, theme.SlowTemplates()
	if err != nil {
		// Outputs emitted before the error may already be written: forget
		// how they were made, so the next build renders them again.
		for _, p := range emitted {
			delete(b.records, p)
		}
		b.fail()
		var written *render.WriteError
		if errors.As(err, &written) {
			// not a template's fault: named by the output, not a template
			diags.Add(diag.Pos{File: written.Path}, "cannot write this output: %v", written.Err)
		} else {
			diags = append(diags, theme.RenderDiag(err))
		}
		return nil, diags
	}
	if !b.opts.Once {
		b.index(records, newKeys)
		b.records = records
	}
	b.theme = theme
	b.graph = graph
	b.failed = false
	stats.Outputs, stats.Rendered = len(jobs), len(todo)
	res.Stats = stats
	return res, diags.Sort()
}

// plan splits the jobs into those to render and the records of the outputs
// that stay as they were. Only an output that read a changed key can be
// stale: the index from keys to outputs finds them, rather than checking
// every output's dependencies. Without the index, every output is checked.
// When the outputs are the last build's, the records are updated in place.
func (b *Builder) plan(r *render.Renderer, jobs []render.Job, changedKeys []string, sameOutputs bool, added []render.Job) ([]render.Job, map[string][]render.Dep) {
	if b.dependents != nil && sameOutputs {
		var stale []int
		seen := map[string]bool{}
		for _, j := range added {
			seen[j.Path] = true
			stale = append(stale, b.jobIndex[j.Path])
		}
		g := r.Graph()
		for _, k := range changedKeys {
			version, live := g.Version(k)
			for _, p := range b.dependents[k] {
				// the index still names outputs that an earlier build
				// removed: they have no job
				i, ok := b.jobIndex[p]
				if !ok || seen[p] {
					continue
				}
				seen[p] = true
				// An output that read k at another version is stale; one
				// listed under k that no longer reads it (the index lists
				// more than the truth) has all its keys checked. Checking
				// every output's keys was 11 ms before a back-dated
				// statement's 1,400 pages could start rendering.
				deps, recorded := b.records[p]
				if !recorded || readOtherVersion(deps, k, version, live) || r.Stale(deps) {
					stale = append(stale, i)
				}
			}
		}
		slices.Sort(stale) // render in the order of a full build
		todo := make([]render.Job, len(stale))
		for n, i := range stale {
			todo[n] = jobs[i]
		}
		return todo, b.records
	}
	var candidates map[string]bool
	if b.dependents != nil {
		candidates = map[string]bool{}
		for _, k := range changedKeys {
			for _, p := range b.dependents[k] {
				candidates[p] = true
			}
		}
	}
	var todo []render.Job
	records := make(map[string][]render.Dep, len(jobs))
	for _, j := range jobs {
		deps, ok := b.records[j.Path]
		if ok && (candidates != nil && !candidates[j.Path] || !r.Stale(deps)) {
			records[j.Path] = deps
			continue
		}
		todo = append(todo, j)
	}
	return todo, records
}

// readOtherVersion reports whether deps, sorted by key as the renderer
// records them, hold key at a version other than version, or hold it when
// it is no longer live.
func readOtherVersion(deps []render.Dep, key string, version uint64, live bool) bool {
	i, found := slices.BinarySearchFunc(deps, key, func(d render.Dep, k string) int { return strings.Compare(d.Key, k) })
	return found && (!live || deps[i].Version != version)
}

// newJobs, after the jobs were made again for documents that came or went,
// forgets what the last builds recorded of the outputs gone (one could come
// back, with another record to make) and returns the jobs of the outputs
// that have no record, new. Then the index of dependents finds the stale
// outputs among the rest, rather than every output's record checked and
// copied (15 ms at 10,000 articles).
func (b *Builder) newJobs(gone []string) (added []render.Job) {
	for _, p := range gone {
		delete(b.records, p)
	}
	for _, j := range b.jobs {
		if _, ok := b.records[j.Path]; !ok {
			added = append(added, j)
		}
	}
	return added
}

// Missing returns the paths of before that now lacks, both sorted (as
// Result's are): a walk through the two, not a set of 50,000 paths made for
// every document that comes or goes.
func Missing(before, now []string) []string {
	var missing []string
	j := 0
	for _, p := range before {
		for j < len(now) && now[j] < p {
			j++
		}
		if j == len(now) || now[j] != p {
			missing = append(missing, p)
		}
	}
	return missing
}

// patchJobs takes the jobs of the removed outputs out, with what the last
// builds recorded of them, and adds the added jobs, as Renderer.Repaginate
// and Renderer.Reshape return them. The order of the jobs changes; a full
// build's is only for rendering whole-site outputs early, which a rebuild
// does not need.
func (b *Builder) patchJobs(added []render.Job, removed []string) {
	// the last result's paths are the caller's
	b.paths = slices.Clone(b.paths)
	for _, p := range removed {
		i, ok := b.jobIndex[p]
		if !ok {
			continue // not a job: nothing to take out (job 0 would be, as the index's zero)
		}
		last := len(b.jobs) - 1
		b.jobs[i] = b.jobs[last]
		b.jobIndex[b.jobs[i].Path] = i
		b.jobs = b.jobs[:last]
		delete(b.jobIndex, p)
		delete(b.records, p)
		if k, ok := slices.BinarySearch(b.paths, p); ok {
			b.paths = slices.Delete(b.paths, k, k+1)
		}
	}
	for _, j := range added {
		b.jobIndex[j.Path] = len(b.jobs)
		b.jobs = append(b.jobs, j)
		k, _ := slices.BinarySearch(b.paths, j.Path)
		b.paths = slices.Insert(b.paths, k, j.Path)
	}
}

// checkLocalLinks reports the links of graph's bodies written as paths
// that lead to none of paths, the site's outputs, sorted.
func checkLocalLinks(graph *site.Graph, paths []string) diag.List {
	return graph.CheckLocalLinks(func(p string) bool {
		_, ok := slices.BinarySearch(paths, p)
		return ok
	})
}

// outputPaths are the paths of jobs, sorted.
func outputPaths(jobs []render.Job) []string {
	paths := make([]string, len(jobs))
	for i, j := range jobs {
		paths[i] = j.Path
	}
	sort.Strings(paths)
	return paths
}

// fail forgets what a failed build may have left inconsistent: the last
// graph may have been updated in place, so the next build links again and
// checks every output instead of trusting the index.
func (b *Builder) fail() {
	b.dependents = nil
	b.failed = true
}

// index records which outputs read which keys: all of them after a build
// that checked every output; otherwise each re-rendered output under the
// keys new to it (newKeys), so the index does not grow with every edit of a
// long watch session. Under a key it no longer reads an output stays
// listed, which costs a check of its dependencies when that key changes.
func (b *Builder) index(records map[string][]render.Dep, newKeys map[string][]string) {
	if b.dependents == nil {
		b.dependents = make(map[string][]string)
		for p, deps := range records {
			for _, d := range deps {
				b.dependents[d.Key] = append(b.dependents[d.Key], p)
			}
		}
		return
	}
	for p, keys := range newKeys {
		for _, k := range keys {
			b.dependents[k] = append(b.dependents[k], p)
		}
	}
}

// keysNotIn returns the keys of now that old lacks. Both are sorted by key,
// as the renderer records them: one walk through the two, where a set of
// the old ones cost 10 ms for the open data of statements (60,000 keys at
// 10,000 articles) at every new statement.
func keysNotIn(now, old []render.Dep) []string {
	var missing []string
	i := 0
	for _, d := range now {
		for i < len(old) && old[i].Key < d.Key {
			i++
		}
		if i == len(old) || old[i].Key != d.Key {
			missing = append(missing, d.Key)
		}
	}
	return missing
}

// relinkBody is the fast path for the edits of watch mode short of
// standalone pages: articles, statements and entities edited (dates, tags,
// kinds, organizations and references included), added, or removed when
// nothing refers to them. The last graph is updated in place instead of
// linking the whole site again: for prose with the same references, or a
// statement's words, only those documents differ; for changed links, tags,
// dates or other front matter, the graph updates what they link
// (site.Graph's UpdateArticleLinks, UpdateStatementLinks and
// UpdateEntity), and it takes new articles, statements and entities in and
// lets go of those nothing refers to (AddArticle, RemoveArticle and the
// same for statements and entities).
// It takes the files the load touched and returns the dependency keys that
// changed, and whether documents or tags came or went (then their jobs
// come or go), or a nil graph when any edit is anything else (then the
// graph is left as it was).
func (b *Builder) relinkBody(touched []string) (graph *site.Graph, diags diag.List, keys []string, reshaped bool) {
	if b.graph == nil || len(touched) == 0 {
		return nil, nil, nil, false
	}
	var (
		updates []func() []string
		// the IDs of the batch's new documents, and of the documents gone
		added []string
		gone  = map[string]bool{}
		// what the batch's new and edited documents refer to
		refs []batchRef
		// the new kinds of the batch's entities that change kinds
		rekinded = map[string]string{}
	)
	// claim records a new document's ID, if no other file of the site or
	// of the batch has it
	claim := func(id, file string) bool {
		if slices.Contains(added, id) || !b.soleClaim(id, file) {
			return false
		}
		added = append(added, id)
		return true
	}
	// convert converts a document's Markdown, collecting its warnings; an
	// error is for a full link to report
	convert := func(src content.Markdown, hash uint64) (markdown.Body, bool) {
		body, more := b.convert(src, hash)
		diags = append(diags, more...)
		return body, !more.HasErrors()
	}
	// A file moved (a folder renamed) is a file gone and one come with the
	// same ID: the document's new version, not a removal and an addition
	// (whose ID the graph holds still).
	moved := map[string]string{} // the file come -> the file gone
	movedFrom := map[string]bool{}
	come := map[string]string{} // ID -> a file of the batch that has it
	for _, p := range touched {
		if _, ok := b.files[p]; ok {
			come[content.ID(p)] = p
		}
	}
	for _, p := range touched {
		id := content.ID(p)
		if _, ok := b.files[p]; !ok && come[id] != "" && nodeFile(b.graph.Lookup(id)) == p {
			moved[come[id]], movedFrom[p] = p, true
		}
	}
	for _, p := range touched {
		l, ok := b.files[p]
		if !ok && movedFrom[p] {
			continue // its document is updated from where it went
		}
		if !ok {
			// a file gone: an article, statement or entity nothing refers
			// to leaves in place
			var remove func() []string
			node := b.graph.Lookup(content.ID(p))
			if nodeFile(node) != p {
				return nil, nil, nil, false
			}
			switch n := node.(type) {
			case *site.Article:
				if b.graph.CanRemoveArticle(n) {
					remove = func() []string { return b.graph.RemoveArticle(n) }
				}
			case *site.Statement:
				if b.graph.CanRemoveStatement(n) {
					remove = func() []string { return b.graph.RemoveStatement(n) }
				}
			case *site.Entity:
				if b.graph.CanRemoveEntity(n) {
					remove = func() []string { return b.graph.RemoveEntity(n) }
				}
			}
			if remove != nil {
				gone[node.NodeID()] = true
				updates = append(updates, remove)
				continue
			}
			return nil, nil, nil, false
		}
		if len(l.diags) > 0 {
			return nil, nil, nil, false
		}
		if s := l.doc.Statement; s != nil {
			node := b.graph.Lookup(s.ID)
			if node == nil {
				if !b.graph.CanAddStatement(s) || !claim(s.ID, s.File) {
					return nil, nil, nil, false
				}
				refs = appendStatementRefs(refs, s)
				updates = append(updates, func() []string { return b.graph.AddStatement(s) })
				continue
			}
			old, ok := node.(*site.Statement)
			refs = appendStatementRefs(refs, s)
			switch {
			case !ok || old.File != s.File && old.File != moved[p]:
				return nil, nil, nil, false
			case sameStatementLinks(old.Statement, s):
				updates = append(updates, func() []string { return b.graph.UpdateStatement(old, s) })
			case b.graph.CanUpdateStatementLinks(old, s):
				updates = append(updates, func() []string { return b.graph.UpdateStatementLinks(old, s) })
			default:
				return nil, nil, nil, false
			}
			continue
		}
		if e := l.doc.Entity; e != nil {
			node := b.graph.Lookup(e.ID)
			if node == nil {
				description, ok := convert(e.Description, e.Hash)
				if !ok || !b.graph.CanAddEntity(e, description) || !claim(e.ID, e.File) {
					return nil, nil, nil, false
				}
				refs = appendEntityRefs(refs, e, description)
				updates = append(updates, func() []string { return b.graph.AddEntity(e, description) })
				continue
			}
			old, ok := node.(*site.Entity)
			if !ok || old.File != e.File && old.File != moved[p] {
				return nil, nil, nil, false
			}
			description, ok := convert(e.Description, e.Hash)
			if !ok || !b.graph.CanUpdateEntity(old, e, description) {
				return nil, nil, nil, false
			}
			if old.Entity.Kind != e.Kind {
				rekinded[e.ID] = e.Kind
			}
			refs = appendEntityRefs(refs, e, description)
			updates = append(updates, func() []string { return b.graph.UpdateEntity(old, e, description) })
			continue
		}
		if l.doc.Article == nil {
			return nil, nil, nil, false
		}
		doc := l.doc.Article
		node := b.graph.Lookup(doc.Slug)
		if node == nil {
			body, ok := convert(doc.Body, doc.Hash)
			if !ok || !b.graph.CanAddArticle(doc, body) || !claim(doc.Slug, doc.File) {
				return nil, nil, nil, false
			}
			refs = appendArticleRefs(refs, doc, body)
			updates = append(updates, func() []string { return b.graph.AddArticle(doc, body) })
			continue
		}
		old, ok := node.(*site.Article)
		if !ok || old.File != doc.File && old.File != moved[p] {
			return nil, nil, nil, false
		}
		body, ok := convert(doc.Body, doc.Hash)
		if !ok {
			return nil, nil, nil, false
		}
		refs = appendArticleRefs(refs, doc, body)
		switch {
		case old.MetaHash == doc.MetaHash && old.Body.SameReferences(body):
			updates = append(updates, func() []string { return b.graph.UpdateBody(old, doc, body) })
		case b.graph.CanUpdateArticleLinks(old, doc, body):
			updates = append(updates, func() []string { return b.graph.UpdateArticleLinks(old, doc, body) })
		default:
			return nil, nil, nil, false // a full link reports the references that do not resolve
		}
	}
	// Each document was checked against the graph as it is, where the
	// documents gone are still (each free of references, so none refers to
	// another) and every entity has the kind it had: a batch whose new or
	// edited documents refer to a document gone, or name an entity whose
	// kind the batch changes as what that kind is not, is for a full link to
	// report. Then the updates may come in any order (tags need no such
	// care: each update settles the site's tags as it leaves them).
	for _, r := range refs {
		if kind, ok := rekinded[r.id]; gone[r.id] || ok && !r.fits(kind) {
			return nil, nil, nil, false
		}
	}
	keys = []string{}
	tags, _ := b.graph.Version(site.KeyTags)
	for _, update := range updates {
		keys = append(keys, update()...)
	}
	// a tag that came or went comes or goes with its pages
	retags, _ := b.graph.Version(site.KeyTags)
	return b.graph, diags, keys, len(added)+len(gone) > 0 || retags != tags
}

// nodeFile is the file of a document the fast paths update in place, or
// "".
func nodeFile(n site.Node) string {
	switch n := n.(type) {
	case *site.Article:
		return n.File
	case *site.Statement:
		return n.File
	case *site.Entity:
		return n.File
	}
	return ""
}

// batchRef is a reference of a batch's new or edited document: the ID it
// names, and what kind of entity it needs the ID to be, if any.
type batchRef struct{ id, as string }

// What a batchRef needs its entity to be.
const (
	asAny     = ""
	asOrg     = "org"     // not a person
	asSpeaker = "speaker" // a person
	asOutlet  = "outlet"
)

func (r batchRef) fits(kind string) bool {
	switch r.as {
	case asOrg:
		return kind != content.KindPerson
	case asSpeaker:
		return kind == content.KindPerson
	case asOutlet:
		return kind == content.KindOutlet
	}
	return true
}

// appendStatementRefs appends what a statement refers to: its
// organization, speaker, subjects, outlets and the document it answers.
func appendStatementRefs(refs []batchRef, s *content.Statement) []batchRef {
	refs = append(refs, batchRef{s.Org.ID, asOrg}, batchRef{s.Speaker.ID, asSpeaker}, batchRef{s.RespondsTo.ID, asAny})
	for _, r := range s.About {
		refs = append(refs, batchRef{r.ID, asAny})
	}
	for _, r := range s.ReportedBy {
		refs = append(refs, batchRef{r.Outlet.ID, asOutlet})
	}
	return refs
}

// appendArticleRefs appends what an article refers to: its entities, its
// sources' outlets and its body's references.
func appendArticleRefs(refs []batchRef, a *content.Article, body markdown.Body) []batchRef {
	for _, r := range a.Entities {
		refs = append(refs, batchRef{r.ID, asAny})
	}
	for _, src := range a.Sources {
		refs = append(refs, batchRef{src.Outlet.ID, asOutlet})
	}
	return appendBodyRefs(refs, body)
}

// appendEntityRefs appends what an entity refers to: its organization and
// its description's references.
func appendEntityRefs(refs []batchRef, e *content.Entity, description markdown.Body) []batchRef {
	return appendBodyRefs(append(refs, batchRef{e.Org.ID, asOrg}), description)
}

// appendBodyRefs appends the references of a converted body.
func appendBodyRefs(refs []batchRef, body markdown.Body) []batchRef {
	for _, r := range body.Refs {
		refs = append(refs, batchRef{r.ID, asAny})
	}
	return refs
}

// soleClaim reports whether no file but file holds a document with the ID
// id (drafts included, which the graph does not hold).
func (b *Builder) soleClaim(id, file string) bool {
	if b.graph.Lookup(id) != nil {
		return false
	}
	// the graph holds every other file's document, but drafts'
	for _, f := range b.drafts[id] {
		if f != file {
			return false
		}
	}
	return true
}

// sameStatementLinks reports whether two versions of a statement link the
// same documents, in the same order by date, under the same stance and
// topics: then only its words (quote, role, channel, paraphrase, outlet
// URLs) differ, which change no list or index.
func sameStatementLinks(a, b *content.Statement) bool {
	return a.Org.ID == b.Org.ID && a.Speaker.ID == b.Speaker.ID && a.RespondsTo.ID == b.RespondsTo.ID &&
		a.Date.Compare(b.Date) == 0 && a.Stance == b.Stance &&
		sameBy(a.About, b.About, func(r content.Ref) string { return r.ID }) &&
		sameBy(a.Topics, b.Topics, func(t content.Tag) string { return t.Name }) &&
		sameBy(a.ReportedBy, b.ReportedBy, func(r content.Report) string { return r.Outlet.ID })
}

// sameBy reports whether two lists name the same things in the same order.
func sameBy[T any](a, b []T, name func(T) string) bool {
	return slices.EqualFunc(a, b, func(x, y T) bool { return name(x) == name(y) })
}

// kindOf names the kind of an output for statistics: its first folder.
func kindOf(p string) string {
	for i := 0; i < len(p); i++ {
		if p[i] == '/' {
			return p[:i]
		}
	}
	return p
}

// convert converts Markdown, caching by file, content and position, so an
// incremental build converts only the documents that changed.
func (b *Builder) convert(src content.Markdown, hash uint64) (markdown.Body, diag.List) {
	if b.opts.Once {
		// no next build to reuse the conversion
		return b.conv.Convert(src)
	}
	key := bodyKey{src.File, hash, src.StartLine}
	b.bodyMu.Lock()
	c, ok := b.bodies[key.file][key]
	b.bodyMu.Unlock()
	if ok {
		return c.body, c.diags
	}
	body, diags := b.conv.Convert(src)
	b.bodyMu.Lock()
	if b.bodies[key.file] == nil {
		b.bodies[key.file] = map[bodyKey]convertedBody{}
	}
	b.bodies[key.file][key] = convertedBody{body, diags}
	b.bodyMu.Unlock()
	return body, diags
}

// load reads the content files, reusing what it loaded before for files not
// in changed, and returns the files' own problems.
func (b *Builder) load(fsys fs.FS, changed []string) diag.List {
	var diags diag.List
	if changed == nil || b.files == nil {
		paths, listDiags := content.ListFiles(fsys)
		diags = listDiags
		old := b.files
		b.files = make(map[string]*loaded, len(paths))
		b.folders = nil // counted again when needed
		b.withDiags = map[string]bool{}
		b.drafts = map[string][]string{}
		var mu sync.Mutex
		parallel(len(paths), func(i int) {
			l := b.loadFile(fsys, paths[i], old)
			mu.Lock()
			b.setFile(paths[i], l)
			mu.Unlock()
		})
		b.pruneBodies()
		if !b.opts.Once {
			// counted now, not at the first event for a path gone that no
			// file was loaded from (an editor's temporary file), which
			// then waited 15 to 20 ms for 41,000 files' folders at 10,000
			// articles: a full load takes seconds
			b.folderFiles(".")
		}
		b.touched, b.touchedFiles = true, nil
	} else {
		b.touched, b.touchedFiles = false, nil
		for _, p := range changed {
			if info, err := fs.Stat(fsys, p); err != nil || info.IsDir() {
				// gone (a file, or a whole folder moved away or deleted,
				// which the watcher reports as one event for the folder),
				// or a folder: what the path holds now
				if synced := b.syncFolder(fsys, p); len(synced) > 0 {
					b.touched = true
					b.touchedFiles = append(b.touchedFiles, synced...)
				}
				continue
			}
			if content.Kind(p) == "" || !content.InFolders(fsys, path.Dir(p)) {
				continue // not content, or in a folder a full build does not enter
			}
			if l := b.loadFile(fsys, p, b.files); l != b.files[p] {
				b.forgetBodies(p)
				b.setFile(p, l)
				b.touched = true
				b.touchedFiles = append(b.touchedFiles, p)
			}
		}
		if _, ok := b.files[content.SiteFile]; !ok {
			diags.AddSuggest(diag.Pos{File: content.SiteFile}, "create it with at least a title: line", "missing site settings file")
		}
	}
	for p := range b.withDiags {
		diags = append(diags, b.files[p].diags...) // sorted with the rest at the end
	}
	return diags
}

// forgetSources lets the garbage collector have what only a next build
// would read: the documents as loaded (the Markdown of articles and pages
// went as it was converted, see site.Options.ForgetSources). A next build,
// if any, loads every file again.
func (b *Builder) forgetSources() {
	b.files, b.withDiags, b.drafts = nil, nil, nil
}

// setFile records what was loaded from p; nil forgets p.
func (b *Builder) setFile(p string, l *loaded) {
	if _, had := b.files[p]; b.folders != nil && had != (l != nil) {
		b.countFolders(p, l != nil)
	}
	delete(b.withDiags, p)
	if old, ok := b.files[p]; ok && old.doc.Article != nil && old.doc.Article.Draft {
		slug := old.doc.Article.Slug
		b.drafts[slug] = slices.DeleteFunc(b.drafts[slug], func(f string) bool { return f == p })
		if len(b.drafts[slug]) == 0 {
			delete(b.drafts, slug)
		}
	}
	if l == nil {
		delete(b.files, p)
		return
	}
	b.files[p] = l
	if len(l.diags) > 0 {
		b.withDiags[p] = true
	}
	if a := l.doc.Article; a != nil && a.Draft {
		b.drafts[a.Slug] = append(b.drafts[a.Slug], p)
	}
}

// assemble puts the loaded documents together for linking. Only a build
// that links the whole site needs it: the fast paths, which keep the last
// graph, skip its sorting of every file.
func (b *Builder) assemble() (*content.Corpus, diag.List) {
	paths := slices.Sorted(maps.Keys(b.files))
	docs := make([]content.Doc, len(paths))
	for i, p := range paths {
		docs[i] = b.files[p].doc
	}
	return content.Assemble(docs)
}

func (b *Builder) loadFile(fsys fs.FS, p string, old map[string]*loaded) *loaded {
	data, err := fs.ReadFile(fsys, p)
	if err != nil {
		var l diag.List
		l.Add(diag.Pos{File: p}, "read: %v", err)
		return &loaded{diags: l}
	}
	if prev, ok := old[p]; ok && string(prev.data) == string(data) {
		return prev
	}
	doc, diags := content.LoadFile(p, data)
	if b.opts.Once {
		// nothing compares the file with a next version: keep only what
		// was decoded from it (an article's Markdown still points into it
		// until converted)
		data = nil
	}
	return &loaded{data: data, doc: doc, diags: diags}
}

// syncFolder makes the loaded files at dir, a path gone or a folder, the
// content files it holds now, and returns those that came, changed or
// went. A batch naming an existing folder can mean a folder moved in, or
// one removed and made again, with other files, before the batch was
// taken: its files are named by nothing else. A path gone that held no
// loaded file (an editor's temporary file) costs a look at the folders
// above it.
func (b *Builder) syncFolder(fsys fs.FS, dir string) []string {
	var synced []string
	set := func(f string, l *loaded) {
		b.forgetBodies(f)
		b.setFile(f, l)
		synced = append(synced, f)
	}
	if _, ok := b.files[dir]; ok {
		set(dir, nil) // a file gone, or a folder now
	}
	onDisk := map[string]bool{}
	for _, f := range content.FilesIn(fsys, dir) {
		onDisk[f] = true
	}
	if b.folderFiles(dir) > 0 {
		var gone []string
		for f := range b.files {
			if strings.HasPrefix(f, dir+"/") && !onDisk[f] {
				gone = append(gone, f)
			}
		}
		for _, f := range gone {
			set(f, nil)
		}
	}
	for _, f := range slices.Sorted(maps.Keys(onDisk)) {
		if l := b.loadFile(fsys, f, b.files); l != b.files[f] {
			set(f, l)
		}
	}
	slices.Sort(synced)
	return synced
}

// folderFiles is how many loaded files folder p holds, at any depth.
func (b *Builder) folderFiles(p string) int {
	if b.folders == nil {
		b.folders = map[string]int{}
		for f := range b.files {
			b.countFolders(f, true)
		}
	}
	return b.folders[p]
}

// countFolders counts file p in or out of the folders it is in. The paths
// are clean and slash-separated: each folder is the path up to a slash.
func (b *Builder) countFolders(p string, in bool) {
	for i := strings.LastIndexByte(p, '/'); i > 0; i = strings.LastIndexByte(p[:i], '/') {
		d := p[:i]
		if in {
			b.folders[d]++
		} else if b.folders[d]--; b.folders[d] <= 0 {
			delete(b.folders, d)
		}
	}
}

// forgetBodies drops the converted Markdown of a changed or removed file,
// so a long watch session does not accumulate old versions.
func (b *Builder) forgetBodies(p string) {
	b.bodyMu.Lock()
	defer b.bodyMu.Unlock()
	delete(b.bodies, p)
}

// pruneBodies forgets converted Markdown of files that are gone or changed,
// so a long watch session does not grow without bound.
func (b *Builder) pruneBodies() {
	for file, converted := range b.bodies {
		l, ok := b.files[file]
		if !ok {
			delete(b.bodies, file)
			continue
		}
		hash := content.HashBytes(l.data)
		for key := range converted {
			if key.hash != hash {
				delete(converted, key)
			}
		}
	}
}

// parallel calls f(0..n-1) on every core.
func parallel(n int, f func(i int)) {
	var wg sync.WaitGroup
	workers := min(n, 8)
	for w := range workers {
		wg.Go(func() {
			for i := w; i < n; i += workers {
				f(i)
			}
		})
	}
	wg.Wait()
}

// Build is the pure form of the pipeline: it builds fsys from scratch and
// returns every output by path. Tests and `check` use it.
func Build(fsys fs.FS, opts Options) (map[string][]byte, diag.List) {
	outputs := map[string][]byte{}
	var mu sync.Mutex
	opts.Once = true
	opts.Stream = nil // every output in the map
	_, diags := NewBuilder(opts).Build(fsys, nil, func(out render.Output) error {
		mu.Lock()
		defer mu.Unlock()
		if _, dup := outputs[out.Path]; dup {
			return fmt.Errorf("two outputs at %s", out.Path)
		}
		outputs[out.Path] = bytes.Clone(out.Data)
		return nil
	})
	if diags.HasErrors() {
		return nil, diags
	}
	return outputs, diags
}

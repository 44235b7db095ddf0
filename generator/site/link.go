package site

import (
	"cmp"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"unsafe"

	"github.com/dossier-news/dossier/generator/content"
	"github.com/dossier-news/dossier/generator/diag"
	"github.com/dossier-news/dossier/generator/markdown"
)

// Options change what is linked.
type Options struct {
	// Drafts includes draft articles and pages.
	Drafts bool
	// ForgetSources lets the Markdown of each article and page go as soon
	// as it is converted, for a build that converts nothing again: at
	// 10,000 articles it is 45 MB, held beside its HTML until the end of
	// linking otherwise.
	ForgetSources bool
}

// Reserved lists the top-level paths the site itself uses, which a page slug
// cannot take.
var Reserved = []string{"articles", "statements", "entities", "timeline", "tags", "search", "data", "static", "feed", "page", "404"}

// Convert turns one Markdown text into a Body. Watch mode passes a cached
// converter; a plain build passes markdown.Converter.Convert.
type Convert func(content.Markdown, uint64) (markdown.Body, diag.List)

// Link resolves every reference in the corpus and builds the graph. It
// reports every problem it finds and returns a graph even then, so callers
// can check a whole site in one pass.
func Link(c *content.Corpus, convert Convert, opts Options) (*Graph, diag.List) {
	// the maps at their final size: grown step by step, they were rehashed
	// a dozen times over at 100,000 articles
	docs := len(c.Articles) + len(c.Statements) + len(c.Entities) + len(c.Pages)
	keys := 4*len(c.Articles) + 2*len(c.Statements) + 3*len(c.Entities) + 3*len(c.Pages) // see versions
	l := &linker{g: &Graph{Site: c.Site, SiteHash: c.Site.Hash, byID: make(map[string]Node, docs), versions: make(map[string]uint64, keys)}, convert: convert, forgetSources: opts.ForgetSources}
	g := l.g
	g.contested = c.Contested
	drafts := map[string]string{}
	for _, a := range c.Articles {
		if a.Draft && !opts.Drafts {
			drafts[a.Slug] = a.File
			continue
		}
		node := newArticle(a)
		g.noteUpdated(a)
		g.Articles = append(g.Articles, node)
		g.byID[a.Slug] = node
	}
	for _, s := range c.Statements {
		node := &Statement{Statement: s}
		node.setKeys("statement", s.ID)
		g.Statements = append(g.Statements, node)
		g.byID[s.ID] = node
	}
	for _, e := range c.Entities {
		node := &Entity{Entity: e}
		node.setKeys("entity", e.ID)
		g.Entities = append(g.Entities, node)
		g.byID[e.ID] = node
	}
	for _, p := range c.Pages {
		if p.Draft && !opts.Drafts {
			continue
		}
		if slices.Contains(Reserved, p.Slug) {
			l.diags.AddSuggest(diag.Pos{File: p.File, Line: 1, Col: 1}, "rename the file", "page %q would replace the site's own /%s/ section", p.Slug, p.Slug)
			continue
		}
		node := &Page{Page: p}
		node.setKeys("page", p.Slug)
		g.Pages = append(g.Pages, node)
	}
	l.drafts = drafts
	g.ArticlesByID, g.StatementsByID, g.EntitiesByID = byID(g.Articles), byID(g.Statements), byID(g.Entities)
	l.convertAll()
	for _, a := range g.Articles {
		g.noteLinks(a, a.Body)
	}
	for _, e := range g.Entities {
		g.noteLinks(e, e.Description)
	}
	for _, p := range g.Pages {
		g.noteLinks(p, p.Body)
	}

	for _, e := range g.Entities {
		l.linkEntity(e)
	}
	for _, s := range g.Statements {
		l.linkStatement(s)
	}
	for _, a := range g.Articles {
		l.linkArticle(a)
	}
	for _, p := range g.Pages {
		p.Targets = l.resolveBody(p, p.File, p.Body)
	}
	l.index()
	return g, l.diags
}

type linker struct {
	g             *Graph
	convert       Convert
	forgetSources bool
	diags         diag.List
	drafts        map[string]string
	tags          map[string]*Tag
	ids           []string // every ID, sorted, for suggestions; built on first use
}

// convertAll converts every Markdown text in parallel; conversion dominates
// the cost of linking.
func (l *linker) convertAll() {
	type job struct {
		src  *content.Markdown
		hash uint64
		body *markdown.Body
		// the source is needed once converted: entity descriptions are
		// published as Markdown in the open data
		keep bool
	}
	var jobs []job
	for _, a := range l.g.Articles {
		jobs = append(jobs, job{&a.Article.Body, a.Hash, &a.Body, false})
	}
	for _, e := range l.g.Entities {
		jobs = append(jobs, job{&e.Entity.Description, e.Hash, &e.Description, true})
	}
	for _, p := range l.g.Pages {
		jobs = append(jobs, job{&p.Page.Body, p.Hash, &p.Body, false})
	}
	diags := make([]diag.List, len(jobs))
	parallelFor(workers(len(jobs)), len(jobs), func(_, i int) {
		j := jobs[i]
		*j.body, diags[i] = l.convert(*j.src, j.hash)
		if l.forgetSources && !j.keep {
			j.src.Source = nil
		}
	})
	for _, d := range diags {
		l.diags = append(l.diags, d...)
	}
}

// unknown reports a reference to an ID that does not exist, suggesting the
// closest ID or an entity whose alias matches.
//
// fits says which documents would be valid here, so that a mistyped outlet
// is not "corrected" to a statement; nil means any.
func (l *linker) unknown(ref content.Ref, what string, fits func(Node) bool) {
	if file, ok := l.drafts[ref.ID]; ok {
		l.diags.AddSuggest(ref.Pos, "publish it with draft: false, or build with --drafts", "%s %q is a draft, in %s", what, ref.ID, file)
		return
	}
	if l.ids == nil {
		for id := range l.g.byID {
			l.ids = append(l.ids, id)
		}
		sort.Strings(l.ids)
	}
	if fits == nil {
		fits = func(Node) bool { return true }
	}
	suggestion := ""
	for _, e := range l.g.Entities {
		for _, alias := range e.Aliases {
			if content.Slugify(alias) == ref.ID && fits(e) {
				suggestion = "did you mean \"" + e.ID + "\" (" + e.Name + ")?"
			}
		}
	}
	if suggestion == "" {
		var candidates []string
		for _, id := range l.ids {
			if fits(l.g.byID[id]) {
				candidates = append(candidates, id)
			}
		}
		if best := content.Closest(ref.ID, candidates); best != "" {
			suggestion = "did you mean \"" + best + "\"?"
		}
	}
	l.diags.AddSuggest(ref.Pos, suggestion, "unknown %s %q", what, ref.ID)
}

func (l *linker) entity(ref content.Ref, what string) *Entity {
	return l.entityFits(ref, what, isEntity)
}

func isEntity(n Node) bool {
	_, ok := n.(*Entity)
	return ok
}

// entityFits resolves an entity; fits narrows suggestions for unknown IDs.
func (l *linker) entityFits(ref content.Ref, what string, fits func(Node) bool) *Entity {
	if ref.IsZero() || l.g.contested[ref.ID] {
		return nil
	}
	n, ok := l.g.byID[ref.ID]
	if !ok {
		l.unknown(ref, what, fits)
		return nil
	}
	e, ok := n.(*Entity)
	if !ok {
		l.diags.Add(ref.Pos, "%s %q is %s, not an entity", what, ref.ID, article(n.Kind()))
		return nil
	}
	return e
}

// entityOfKind resolves an entity that must (or, with not, must not) be of
// one kind: an outlet must be an outlet, a speaker a person, an org not one.
func (l *linker) entityOfKind(ref content.Ref, what, kind string, not bool) *Entity {
	e := l.entityFits(ref, what, func(n Node) bool {
		e, ok := n.(*Entity)
		return ok && (e.Entity.Kind == kind) != not
	})
	if e == nil {
		return nil
	}
	if !slices.Contains(content.Kinds, e.Entity.Kind) {
		// the entity's own file failed (its kind missing, unknown, or the
		// whole file unreadable) and says so: "is a , not a person" here
		// would be a second error about the same mistake, and a wrong one
		return e
	}
	if !not && e.Entity.Kind != kind {
		l.diags.Add(ref.Pos, "%s %q is %s, not %s", what, ref.ID, article(e.Entity.Kind), article(kind))
		return nil
	}
	if not && e.Entity.Kind == kind {
		l.diags.Add(ref.Pos, "%s %q is %s: give the organization they speak for", what, ref.ID, article(kind))
		return nil
	}
	return e
}

// article prefixes a kind with "a" or "an", for messages.
func article(kind string) string {
	if kind != "" && strings.ContainsRune("aeiou", rune(kind[0])) {
		return "an " + kind
	}
	return "a " + kind
}

func (l *linker) linkEntity(e *Entity) {
	e.Org = l.entityOfKind(e.Entity.Org, "org", content.KindPerson, true)
	if e.Org != nil {
		e.Org.People = append(e.Org.People, e)
		addBacklink(e.Org, e)
	}
	e.Targets = l.resolveBody(e, e.File, e.Description)
}

func (l *linker) linkStatement(s *Statement) {
	s.Org = l.entityOfKind(s.Statement.Org, "org", content.KindPerson, true)
	if s.Org == nil {
		// keep rendering possible after an error: the build fails anyway
		s.Org = &Entity{Entity: &content.Entity{ID: s.Statement.Org.ID, Name: s.Statement.Org.ID}}
	} else {
		s.Org.Statements = append(s.Org.Statements, s)
		addBacklink(s.Org, s)
	}
	s.Speaker = l.entityOfKind(s.Statement.Speaker, "speaker", content.KindPerson, false)
	if s.Speaker != nil {
		s.Speaker.Statements = append(s.Speaker.Statements, s)
		addBacklink(s.Speaker, s)
	}
	for _, ref := range s.Statement.About {
		if e := l.entity(ref, "entity"); e != nil && !slices.Contains(s.About, e) {
			s.About = append(s.About, e)
			// an entity's own statements are listed as its statements, not
			// again as statements about it
			if e != s.Org && e != s.Speaker {
				e.AboutIt = append(e.AboutIt, s)
				addBacklink(e, s)
			}
		}
	}
	for _, r := range s.Statement.ReportedBy {
		outlet := l.entityOfKind(r.Outlet, "outlet", content.KindOutlet, false)
		if outlet == nil {
			continue
		}
		s.ReportedBy = append(s.ReportedBy, StatementReport{Report: r, Outlet: outlet})
		outlet.Reported = appendOnce(outlet.Reported, s)
		addBacklink(outlet, s)
	}
	for _, t := range s.Statement.Topics {
		tag := l.tag(t.Name)
		if !slices.Contains(s.Topics, tag) {
			tag.Statements = append(tag.Statements, s)
			s.Topics = append(s.Topics, tag)
		}
	}
	if ref := s.Statement.RespondsTo; !ref.IsZero() && !l.g.contested[ref.ID] {
		switch target := l.g.byID[ref.ID].(type) {
		case nil:
			l.unknown(ref, "statement or article", func(n Node) bool {
				_, isStatement := n.(*Statement)
				_, isArticle := n.(*Article)
				return isStatement || isArticle
			})
		case *Statement:
			if target == s {
				l.diags.Add(ref.Pos, "a statement cannot respond to itself")
				break
			}
			s.RespondsTo = target
			target.Responses = append(target.Responses, s)
			addBacklink(target, s)
		case *Article:
			s.RespondsTo = target
			addBacklink(target, s)
		default:
			l.diags.Add(ref.Pos, "responds_to %q is an entity: a statement responds to a statement or an article", ref.ID)
		}
	}
}

func (l *linker) linkArticle(a *Article) {
	for _, t := range a.Article.Tags {
		tag := l.tag(t.Name)
		if !slices.Contains(a.Tags, tag) {
			tag.Articles = append(tag.Articles, a)
			a.Tags = append(a.Tags, tag)
		}
	}
	for _, ref := range a.Article.Entities {
		if e := l.entity(ref, "entity"); e != nil {
			a.mention(e)
		}
	}
	for _, src := range a.Article.Sources {
		outlet := l.entityOfKind(src.Outlet, "outlet", content.KindOutlet, false)
		a.Sources = append(a.Sources, ArticleSource{Source: src, Outlet: outlet})
		if outlet != nil {
			outlet.SourceFor = appendOnce(outlet.SourceFor, a)
			addBacklink(outlet, a)
		}
	}
	a.Targets = l.resolveBody(a, a.File, a.Body)
	for i, target := range a.Targets {
		switch t := target.(type) {
		case *Entity:
			a.mention(t)
		case *Statement:
			if a.Body.Refs[i].Embed && !slices.Contains(a.Embeds, t) {
				a.Embeds = append(a.Embeds, t)
			}
			if !slices.Contains(a.Cites, t) {
				a.Cites = append(a.Cites, t)
				t.CitedBy = appendOnce(t.CitedBy, a)
			}
		}
	}
}

func (a *Article) mention(e *Entity) {
	if !slices.Contains(a.Mentions, e) {
		a.Mentions = append(a.Mentions, e)
		e.Mentioned = append(e.Mentioned, a)
		addBacklink(e, a)
	}
}

// resolveBody resolves the references in a Markdown body of file, recording
// a backlink from each target to from.
func (l *linker) resolveBody(from Node, file string, body markdown.Body) []Node {
	targets := make([]Node, len(body.Refs))
	for i, ref := range body.Refs {
		if content.CheckID(ref.ID) != nil || l.g.contested[ref.ID] {
			continue // reported by the Markdown stage, or when assembled
		}
		cref := content.Ref{ID: ref.ID, Pos: ref.At(file)}
		target, ok := l.g.byID[ref.ID]
		if !ok {
			var fits func(Node) bool
			if ref.Embed {
				fits = func(n Node) bool { _, ok := n.(*Statement); return ok }
			}
			l.unknown(cref, "reference", fits)
			continue
		}
		if ref.Embed {
			if _, isStatement := target.(*Statement); !isStatement {
				l.diags.AddSuggest(cref.Pos, "write [["+ref.ID+"]] to link it", "![[%s]] embeds %s: only statements can be embedded", ref.ID, article(target.Kind()))
				continue
			}
		}
		targets[i] = target
		// The target's own ID, equal to the one the Markdown stage copied
		// out of the source: that copy goes, 9 MB at 10,000 articles.
		body.Refs[i].ID = target.NodeID()
		if target != from {
			addBacklink(target, from)
		}
	}
	return targets
}

// appendOnce appends n unless it is already the last element. Linking
// handles one document at a time, so repeats of the same link are always
// adjacent, and this keeps lists free of duplicates in constant time.
func appendOnce[T comparable](list []T, n T) []T {
	if len(list) > 0 && list[len(list)-1] == n {
		return list
	}
	return append(list, n)
}

func addBacklink(to Node, from Node) {
	if l := to.keys(); l != nil {
		l.backlinks = appendOnce(l.backlinks, from)
	}
}

// removeBacklink takes from out of to's backlinks.
func removeBacklink(to Node, from Node) {
	if l := to.keys(); l != nil {
		l.backlinks = slices.DeleteFunc(l.backlinks, func(n Node) bool { return n == from })
	}
}

func (l *linker) tag(name string) *Tag {
	if l.tags == nil {
		l.tags = map[string]*Tag{}
	}
	t, ok := l.tags[name]
	if !ok {
		t = &Tag{Name: name}
		l.tags[name] = t
		l.g.Tags = append(l.g.Tags, t)
	}
	return t
}

// The orders below compare what breaks a tie only on a tie: cmp.Or, which
// takes every comparison made, compared the IDs (and kinds) of every pair,
// a third of the sorting of an entity's timeline and backlinks.

// newestFirst orders by date, newest first, then by ID for stable output.
func newestFirst(a, b Node) int {
	if c := b.Date().Compare(a.Date()); c != 0 {
		return c
	}
	return strings.Compare(a.NodeID(), b.NodeID())
}

func oldestFirst(a, b Node) int {
	if c := a.Date().Compare(b.Date()); c != 0 {
		return c
	}
	if c := strings.Compare(a.Kind(), b.Kind()); c != 0 {
		return c
	}
	return strings.Compare(a.NodeID(), b.NodeID())
}

func byName(a, b *Entity) int {
	if c := strings.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name)); c != 0 {
		return c
	}
	return strings.Compare(a.ID, b.ID)
}

// backlinkOrder shows articles, then statements, entities and pages, each
// newest first.
func backlinkOrder(a, b Node) int {
	if c := kindRank(a) - kindRank(b); c != 0 {
		return c
	}
	return newestFirst(a, b)
}

func kindRank(n Node) int {
	switch n.(type) {
	case *Article:
		return 0
	case *Statement:
		return 1
	case *Entity:
		return 2
	}
	return 3
}

// index sorts every list so output is repeatable, builds the timeline, the
// related articles, and the version of every dependency key.
func (l *linker) index() {
	g := l.g
	// Each stage runs its independent parts on every core; the lists' orders
	// are total, so the result does not depend on which part runs first.
	inParallel(
		func() { sortNewestFirst(g.Articles) },
		func() { sortNewestFirst(g.Statements) },
		func() { slices.SortFunc(g.Entities, byName) },
		func() { slices.SortFunc(g.Tags, func(a, b *Tag) int { return strings.Compare(a.Name, b.Name) }) },
	)
	inParallel(
		func() {
			g.Stances = stances(g.Statements)
			g.Timeline = make([]Node, 0, len(g.Statements)+len(g.Articles))
			for _, s := range g.Statements {
				g.Timeline = append(g.Timeline, s)
			}
			for _, a := range g.Articles {
				g.Timeline = append(g.Timeline, a)
			}
			sortOldestFirst(g.Timeline)
		},
		func() {
			eachInParallel(g.Entities, (*Entity).sortLists)
		},
		func() {
			eachInParallel(g.Statements, (*Statement).sortLists)
		},
		func() {
			for _, t := range g.Tags {
				t.sortLists()
			}
		},
	)
	inParallel(
		func() { g.Players = players(g.Entities) },
		l.relate, // writes each article's Related; the others its backlinks
		func() {
			eachInParallel(g.Articles, func(a *Article) { sortBacklinks(&a.links) })
			for _, p := range g.Pages {
				sortBacklinks(&p.links)
			}
		},
	)
	l.versions()
}

// sortLists puts an entity's lists in the order pages show them, and makes
// its timeline from its backlinks.
func (e *Entity) sortLists() {
	slices.SortFunc(e.People, byName)
	sortNewestFirst(e.Statements)
	sortNewestFirst(e.AboutIt)
	sortNewestFirst(e.Mentioned)
	sortNewestFirst(e.Reported)
	sortNewestFirst(e.SourceFor)
	sortBacklinks(&e.links)
	e.Timeline = datedTimeline(e.backlinks)
}

// sortLists puts a statement's lists in the order pages show them.
func (s *Statement) sortLists() {
	sortNewestFirst(s.Responses)
	sortNewestFirst(s.CitedBy)
	sortBacklinks(&s.links)
}

// sortLists puts a tag's lists in order and makes its items from them.
func (t *Tag) sortLists() {
	sortNewestFirst(t.Articles)
	sortNewestFirst(t.Statements)
	t.makeItems()
}

// makeItems makes the tag's items, newest first, from its sorted lists.
func (t *Tag) makeItems() {
	t.Items = make([]Node, 0, len(t.Articles)+len(t.Statements))
	i, j := 0, 0
	for i < len(t.Articles) || j < len(t.Statements) {
		if j == len(t.Statements) || i < len(t.Articles) && newestFirst(t.Articles[i], t.Statements[j]) < 0 {
			t.Items = append(t.Items, t.Articles[i])
			i++
		} else {
			t.Items = append(t.Items, t.Statements[j])
			j++
		}
	}
}

func sortBacklinks(l *links) { slices.SortFunc(l.backlinks, backlinkOrder) }

// inParallel runs each of fs on a goroutine of its own and waits for all.
func inParallel(fs ...func()) {
	var wg sync.WaitGroup
	for _, f := range fs {
		wg.Go(f)
	}
	wg.Wait()
}

// eachInParallel calls f on every element of list, spread over the cores.
func eachInParallel[T any](list []T, f func(T)) {
	parallelFor(workers(len(list)), len(list), func(_, i int) { f(list[i]) })
}

// parallelFor calls f for every i below n on w goroutines, workers(n) for
// one per core, telling it which goroutine (0 to w-1) runs it: a caller
// with a state for each goroutine makes w of them, counted once, since the
// number of cores can change meanwhile. The goroutines claim a few indices
// at a time rather than a fixed share each: a share holding the longest
// documents, or a core lent to the collector or to another process, would
// leave the other cores idle at the end. Of a few indices they claim one
// at a time, which could otherwise all fall to one goroutine (the dozen
// entities among an update's changed nodes).
func parallelFor(w, n int, f func(worker, i int)) {
	claim := max(1, min(16, n/(4*max(w, 1))))
	var wg sync.WaitGroup
	var next atomic.Int64
	for k := range w {
		wg.Go(func() {
			for {
				start := int(next.Add(int64(claim))) - claim
				if start >= n {
					return
				}
				for i := start; i < min(start+claim, n); i++ {
					f(k, i)
				}
			}
		})
	}
	wg.Wait()
}

// workers is how many goroutines to run n calls on: one per core, at most n.
func workers(n int) int { return min(runtime.GOMAXPROCS(0), n) }

// byID is a copy of list in the order of the nodes' IDs.
func byID[T Node](list []T) []T {
	out := slices.Clone(list)
	if !slices.IsSortedFunc(out, idOrder) { // a corpus is, as Assemble makes it
		slices.SortFunc(out, idOrder)
	}
	return out
}

func idOrder[T Node](a, b T) int { return strings.Compare(a.NodeID(), b.NodeID()) }

// insertByID puts n in list, which is in the order of IDs.
func insertByID[T Node](list []T, n T) []T {
	i, _ := slices.BinarySearchFunc(list, n, idOrder)
	return slices.Insert(list, i, n)
}

// deleteByID takes n out of list, which is in the order of IDs.
func deleteByID[T Node](list []T, n T) []T {
	if i, ok := slices.BinarySearchFunc(list, n, idOrder); ok {
		return slices.Delete(list, i, i+1)
	}
	return list
}

// datedTimeline is the dated documents among nodes, oldest first.
func datedTimeline(nodes []Node) []Node {
	out := make([]Node, 0, len(nodes))
	for _, n := range nodes {
		if !n.Date().IsZero() {
			out = append(out, n)
		}
	}
	sortOldestFirst(out)
	return out
}

// playerCount is how many players the graph ranks.
const playerCount = 12

// Weight ranks entities for the home page: speaking counts double.
func (e *Entity) Weight() int { return 2*len(e.Statements) + len(e.AboutIt) + len(e.Mentioned) }

func players(entities []*Entity) []*Entity {
	ranked := slices.Clone(entities)
	slices.SortStableFunc(ranked, func(a, b *Entity) int { return b.Weight() - a.Weight() })
	return ranked[:min(playerCount, len(ranked))]
}

// sortNewestFirst sorts list in newestFirst's order, comparing keys taken
// from each node once: comparing the nodes themselves reached through two
// interfaces into two nodes scattered over the heap at every comparison,
// which at 100,000 articles missed the cache on most of them.
func sortNewestFirst[T Node](list []T) {
	sortDated(list, func(a, b datedKey[T]) int {
		if c := b.compareDate(a); c != 0 {
			return c
		}
		return strings.Compare(a.id, b.id)
	})
}

// sortOldestFirst sorts list in oldestFirst's order, as sortNewestFirst
// does newestFirst's: the site's timeline and every entity's, 0.25 s of a
// 10,000-article build's CPU time comparing nodes.
func sortOldestFirst[T Node](list []T) {
	sortDated(list, func(a, b datedKey[T]) int {
		if c := a.compareDate(b); c != 0 {
			return c
		}
		if c := strings.Compare(a.kind, b.kind); c != 0 {
			return c
		}
		return strings.Compare(a.id, b.id)
	})
}

// datedKey is what the dated orders compare of a node.
type datedKey[T Node] struct {
	sec      int64
	nsec     int
	prec     content.Precision
	kind, id string
	node     T
}

// compareDate compares the dates of k and o as content.Date.Compare does.
func (k datedKey[T]) compareDate(o datedKey[T]) int {
	switch {
	case k.sec != o.sec:
		return cmp.Compare(k.sec, o.sec)
	case k.nsec != o.nsec:
		return cmp.Compare(k.nsec, o.nsec)
	}
	return cmp.Compare(k.prec, o.prec)
}

// sortDated sorts list by the keys of its nodes in order.
func sortDated[T Node](list []T, order func(a, b datedKey[T]) int) {
	if len(list) < 2 {
		return
	}
	keys := make([]datedKey[T], len(list))
	for i, n := range list {
		d := n.Date()
		keys[i] = datedKey[T]{sec: d.Time.Unix(), nsec: d.Time.Nanosecond(), prec: d.Precision, kind: n.Kind(), id: n.NodeID(), node: n}
	}
	slices.SortFunc(keys, order)
	for i := range keys {
		list[i] = keys[i].node
	}
}

// relatedCount is how many related articles an article shows.
const relatedCount = 5

// relate finds each article's related articles: those sharing the most tags
// and entities, nearest in date first. To stay linear in the size of the
// site, it looks only at the nearest neighbours in each shared tag or entity.
func (l *linker) relate() {
	// where each article sits in each list it belongs to, found in one pass
	// over the lists and kept as the hints placesOf starts from
	for _, a := range l.g.Articles {
		a.placeHints = make([]int32, len(a.Tags)+len(a.Mentions))
	}
	for _, t := range l.g.Tags {
		for i, a := range t.Articles {
			if k := slices.Index(a.Tags, t); k >= 0 {
				a.placeHints[k] = int32(i)
			}
		}
	}
	for _, e := range l.g.Entities {
		for i, a := range e.Mentioned {
			if k := slices.Index(a.Mentions, e); k >= 0 {
				a.placeHints[len(a.Tags)+k] = int32(i)
			}
		}
	}
	related := relatedOf(l.g.Articles)
	for i, a := range l.g.Articles {
		a.Related = related[i]
	}
}

// relatedOf finds the related articles of each of the articles from its
// places, on every core: each article's are its own, and the graph is only
// read meanwhile (170 ms on one core for a whole site of 10,000 articles; a
// new date has several hundred articles nearby, each ranking a few hundred
// candidates).
func relatedOf(articles []*Article) [][]*Article {
	related := make([][]*Article, len(articles))
	relaters := make([]relater, workers(len(articles)))
	parallelFor(len(relaters), len(articles), func(k, i int) {
		r := &relaters[k]
		r.places = placesOf(articles[i], r.places[:0])
		related[i] = r.related(articles[i], r.places)
	})
	return related
}

// relatedWindow is how far around an article, in each list it belongs
// to, relate looks for related articles.
const relatedWindow = 8

// place is where an article sits in one list of articles: a tag's or the
// articles mentioning an entity.
type place struct {
	list []*Article
	at   int
}

// placesOf finds where a sits in each list it belongs to, appended to
// out[:0]. Each search starts where the last one found it (or where relate
// saw it) and widens from there: a new date moves an article by one place
// in the lists it crosses, and scanning each of the lists of the hundreds
// of articles near a new date from their starts was half the time of
// finding their related articles again (1.75 of 3.25 s in 200 rebuilds at
// 10,000 articles). Only a's own job calls it, so a's hints are written by
// one goroutine at a time.
func placesOf(a *Article, out []place) []place {
	out = out[:0]
	for _, t := range a.Tags {
		out = append(out, place{t.Articles, -1})
	}
	for _, e := range a.Mentions {
		out = append(out, place{e.Mentioned, -1})
	}
	if len(a.placeHints) != len(out) {
		a.placeHints = make([]int32, len(out))
	}
	for k := range out {
		out[k].at = indexNear(out[k].list, a, int(a.placeHints[k]))
		a.placeHints[k] = int32(max(out[k].at, 0))
	}
	return out
}

// indexNear is slices.Index(list, a), looked for at hint first and then
// ever farther on both sides.
func indexNear(list []*Article, a *Article, hint int) int {
	hint = min(max(hint, 0), len(list))
	for d := 0; hint-d >= 0 || hint+d < len(list); d++ {
		if i := hint + d; i < len(list) && list[i] == a {
			return i
		}
		if i := hint - d; d > 0 && i >= 0 && list[i] == a {
			return i
		}
	}
	return -1
}

type candidate struct {
	a     *Article
	score int
	dist  int64 // seconds between the two articles' dates: nearer first
}

// dateDistance is how far apart two articles' dates are, in seconds. It is
// the articles' own: an article whose date changes changes no other pair's
// distance, so only the articles near it in its lists need their related
// articles found again (see UpdateArticleLinks). (Their distance in the
// list of all articles, used before, changed for every pair on either side
// of the stretch the article crossed.)
func dateDistance(a, b *Article) int64 {
	return abs(a.unix - b.unix)
}

// relater finds related articles, reusing its buffers from one article to
// the next.
type relater struct {
	cands []candidate
	seen  seenTable // candidate -> its index in cands
	// places are the places of the article whose related articles it
	// finds
	places []place
	tally  []int // score -> how many candidates have it
}

// seenTable maps the candidates for one article's related articles to
// their places in relater.cands: a table open-addressed by the articles'
// addresses, at least twice as large as the candidates can be many, and
// emptied for each article. A Go map's look-ups were two thirds of the time
// of finding the related articles of the hundreds near a new date (in
// watch mode, 2.5 ms of an article's new date at 10,000 articles); the
// table's take a fifth of that.
type seenTable struct {
	keys  []*Article
	at    []int32
	shift uint
	// used are the slots taken since the last reset, which the next
	// clears rather than the whole table: the table is made for a few
	// hundred articles, and clearing all of it for each article near a new
	// date was a sixth of finding their related articles
	used []int32
}

// reset empties the table, with room for n articles.
func (t *seenTable) reset(n int) {
	for _, i := range t.used {
		t.keys[i] = nil
	}
	t.used = t.used[:0]
	size, shift := 16, uint(64-4)
	for size < 2*n {
		size, shift = size*2, shift-1
	}
	if cap(t.keys) < size {
		t.keys, t.at = make([]*Article, size), make([]int32, size)
	}
	t.keys, t.at, t.shift = t.keys[:size], t.at[:size], shift
}

// slot is where a is in the table, or the empty slot it would take.
func (t *seenTable) slot(a *Article) int {
	// Fibonacci hashing of the address, whose low bits are the same for
	// every article
	i := int(uint64(uintptr(unsafe.Pointer(a))>>3) * 0x9E3779B97F4A7C15 >> t.shift)
	for t.keys[i] != nil && t.keys[i] != a {
		i = (i + 1) & (len(t.keys) - 1)
	}
	return i
}

// put puts a in slot i, which slot found empty, at index at.
func (t *seenTable) put(i int, a *Article, at int32) {
	t.keys[i], t.at[i] = a, at
	t.used = append(t.used, int32(i))
}

func better(x, y candidate) bool {
	if x.score != y.score {
		return x.score > y.score
	}
	if x.dist != y.dist {
		return x.dist < y.dist
	}
	return x.a.Slug < y.a.Slug
}

// related returns a's related articles, from its places in its lists.
func (r *relater) related(a *Article, places []place) []*Article {
	r.cands = r.cands[:0]
	r.seen.reset(len(places) * (2*relatedWindow + 1))
	for _, p := range places {
		for j := max(0, p.at-relatedWindow); j < min(len(p.list), p.at+relatedWindow+1); j++ {
			b := p.list[j]
			if b == a {
				continue
			}
			if i := r.seen.slot(b); r.seen.keys[i] == b {
				r.cands[r.seen.at[i]].score++
			} else {
				r.seen.put(i, b, int32(len(r.cands)))
				r.cands = append(r.cands, candidate{b, 1, 0})
			}
		}
	}
	// Only a candidate scoring at least the best few's lowest score can be
	// among them, and only such a candidate's distance is read: reading it
	// follows two pointers to the candidate's date, a third of the time of
	// finding the related articles of the hundreds near a new date.
	floor := r.scoreFloor(len(places))
	// keep the best few by insertion: far cheaper than sorting them all
	var top [relatedCount]candidate
	n := 0
	for _, c := range r.cands {
		if c.score < floor {
			continue
		}
		c.dist = dateDistance(a, c.a)
		i := n
		if n < relatedCount {
			n++
		} else if !better(c, top[relatedCount-1]) {
			continue
		} else {
			i = relatedCount - 1
		}
		for ; i > 0 && better(c, top[i-1]); i-- {
			top[i] = top[i-1]
		}
		top[i] = c
	}
	related := make([]*Article, n)
	for i := range n {
		related[i] = top[i].a
	}
	return related
}

// scoreFloor is the lowest score among the relatedCount best candidates
// (each scores at most one per list, of lists many), or 0 when there are
// fewer.
func (r *relater) scoreFloor(lists int) int {
	r.tally = slices.Grow(r.tally[:0], lists+1)[:lists+1]
	clear(r.tally)
	for _, c := range r.cands {
		r.tally[c.score]++
	}
	kept := 0
	for score := lists; score > 0; score-- {
		if kept += r.tally[score]; kept >= relatedCount {
			return score
		}
	}
	return 0
}

func abs(x int64) int64 {
	if x < 0 {
		return -x
	}
	return x
}

// ListHead is how many of the site's dated lists' first items their keys
// (KeyArticles, KeyStatements, KeyTimeline) version, with their lengths:
// what the home page shows of them. The pages of the lists themselves are
// versioned page by page, month by month (see render's archives).
const ListHead = 6

// headVersion versions a site's dated list as ListHead says: hashing every
// item's identity, on the critical path of every new date, read 50,000
// documents from memory at 10,000 articles (3 ms of CPU), for no output
// that shows more than the first few.
func headVersion[T Node](list []T) uint64 {
	var h hasher
	h.u64(uint64(len(list)))
	h.nodes(asNodes(list[:min(ListHead, len(list))]))
	return h.sum()
}

// Dependency keys. A rendered page records the keys it read; a rebuild
// re-renders it only if one of their versions changed.
const (
	KeySite       = "site"
	KeyArticles   = "list:articles"
	KeyStatements = "list:statements"
	KeyEntities   = "list:entities"
	KeyTimeline   = "list:timeline"
	KeyTags       = "list:tags"
	KeyPages      = "list:pages"
	KeyStances    = "list:stances"
	KeyPlayers    = "list:players"
	// KeyOutputPages is the set of pages the renderer makes, which it
	// versions itself (SetOutputPagesVersion): the sitemaps list them.
	KeyOutputPages = "render:pages"
	// KeyAllDocs changes whenever any document, list, tag or backlink
	// changes: one key for the outputs that cover the whole site, instead of
	// tens of thousands to record and check.
	KeyAllDocs = "all:docs"
	// KeyAllBodies changes whenever the text of any article or page does.
	KeyAllBodies     = "all:bodies"
	keyDocPrefix     = "doc:"
	keyLinksPrefix   = "links:"
	keyBodyPrefix    = "body:"
	keyTagPrefix     = "tag:"
	keyFeedPrefix    = "feed:"
	keyShownPrefix   = "shown:"
	keyTemplatePrefx = "template:"
	keyItemPrefix    = "item:"
)

// DocKey is the key for a document's own content.
func DocKey(n Node) string {
	if k := cachedKeys(n); k != nil {
		return k.keyDoc
	}
	return keyDocPrefix + n.Kind() + ":" + n.NodeID()
}

// DocOfKey is the document whose DocKey key is, if the graph has it.
func (g *Graph) DocOfKey(key string) Node {
	kindID, ok := strings.CutPrefix(key, keyDocPrefix)
	if !ok {
		return nil
	}
	kind, id, _ := strings.Cut(kindID, ":")
	if n := g.byID[id]; n != nil && n.Kind() == kind {
		return n
	}
	return nil
}

// cachedKeys returns the keys made when the node was linked, if it was.
func cachedKeys(n Node) *links {
	if k := n.keys(); k != nil && k.keyDoc != "" {
		return k
	}
	return nil
}

// ItemKey is the key for what lists, links and feeds show of a document:
// an article's title, dates, summary and authors, not the tags, entities and
// sources its own page shows (DocKey, which covers all of its front matter);
// for other documents, DocKey.
func ItemKey(n Node) string {
	if a, ok := n.(*Article); ok && a.keyItem != "" {
		return a.keyItem
	}
	return DocKey(n)
}

// articleItemHash versions an article's ItemKey.
func articleItemHash(a *content.Article) uint64 {
	var h hasher
	h.str(a.Title)
	h.str(a.Date.Machine())
	h.str(a.Updated.Machine())
	h.str(a.Summary)
	for _, author := range a.Authors {
		h.str(author)
	}
	return h.sum()
}

// BodyKey is the key for an article's or page's whole text, body included,
// or an entity's whole file; DocKey covers only what lists and links show
// (the front matter; an entity's name, kind, role and organization).
func BodyKey(n Node) string {
	if k := cachedKeys(n); k != nil {
		return k.keyBody
	}
	return keyBodyPrefix + n.Kind() + ":" + n.NodeID()
}

// LinksKey is the key for everything derived about a node from other
// documents: its backlinks and the lists on its page (an entity's timeline,
// see entityLinks).
func LinksKey(n Node) string {
	if k := cachedKeys(n); k != nil {
		return k.keyLinks
	}
	return keyLinksPrefix + n.Kind() + ":" + n.NodeID()
}

// FeedKey is the key for the entries an entity's feed chose (Latest): a
// new date in the middle of an entity's timeline changes its lists, and so
// its LinksKey, but leaves its feed as it was.
func FeedKey(e *Entity) string { return keyFeedPrefix + e.ID }

// feedVersion is FeedKey's version: the entries, in order (what each shows
// is its own keys').
func (h *hasher) feedVersion(e *Entity) uint64 {
	h.nodes(e.Latest)
	return h.sum()
}

// ShownKey is the key for what an entity's page and its entry in the index
// of entities show of its lists: the first EntitySection items of each and
// how many there are, its people and its other mentions. A date moved or a
// document added deep in the entity's lists changes its LinksKey (and the
// pages of its timeline) but leaves that as it was: its page was rendered
// again for nothing for each of the two dozen entities an article
// mentions, and the index's pages that list them.
func ShownKey(e *Entity) string { return keyShownPrefix + e.ID }

// prepareFeedAndShown chooses the entity's feed's entries and hashes what
// its page shows of its lists (ShownKey's version, kept in e.shown), on the
// core that hashes its links: finding its other mentions takes a map of
// all its lists, a few milliseconds for the entities a new date changes
// when done one after another.
func (e *Entity) prepareFeedAndShown(updatedBound content.Date) {
	e.chooseLatest(updatedBound)
	var h hasher
	e.shown = h.shownVersion(e)
}

// shownVersion is ShownKey's version.
func (h *hasher) shownVersion(e *Entity) uint64 {
	h.nodes(asNodes(e.People), e.OtherMentions())
	hashSection(h, e.Statements)
	hashSection(h, e.AboutIt)
	hashSection(h, e.Mentioned)
	hashSection(h, e.ReportedByOthers())
	hashSection(h, e.SourceFor)
	return h.sum()
}

// hashSection hashes what a section of an entity's page shows of list: how
// many there are and the first EntitySection.
func hashSection[T Node](h *hasher, list []T) {
	h.u64(uint64(len(list)))
	h.nodes(asNodes(list[:min(EntitySection, len(list))]))
}

// TagKey is the key for a tag's membership.
func TagKey(name string) string { return keyTagPrefix + name }

// hasher is 64-bit FNV-1a over what is written to it, hashed as it is
// written: the bytes of a list of 40,000 nodes, gathered first, were 3 MB
// allocated at each new date or statement in watch mode. It holds the hash
// so far XORed with FNV's offset basis, so that its zero value is a new
// hash.
type hasher struct{ state uint64 }

const (
	fnvOffset64 = 14695981039346656037
	fnvPrime64  = 1099511628211
)

// str hashes s's bytes and a 0 byte ending them.
func (h *hasher) str(s string) {
	x := h.state ^ fnvOffset64
	for i := 0; i < len(s); i++ {
		x = (x ^ uint64(s[i])) * fnvPrime64
	}
	h.state = x*fnvPrime64 ^ fnvOffset64
}

// u64 hashes v's eight bytes, least significant first.
func (h *hasher) u64(v uint64) {
	x := h.state ^ fnvOffset64
	for range 8 {
		x = (x ^ (v & 0xff)) * fnvPrime64
		v >>= 8
	}
	h.state = x ^ fnvOffset64
}

func (h *hasher) nodes(list ...[]Node) {
	for _, l := range list {
		for _, n := range l {
			h.u64(Identity(n))
		}
		h.str("|")
	}
}

// sum returns the hash of what was written since the last sum.
func (h *hasher) sum() uint64 {
	x := h.state ^ fnvOffset64
	h.state = 0
	return x
}

func asNodes[T Node](list []T) []Node {
	out := make([]Node, len(list))
	for i, n := range list {
		out[i] = n
	}
	return out
}

// versions computes the version of every dependency key from the graph, so
// that a rebuild can tell which pages are stale without rendering them.
func (l *linker) versions() {
	g := l.g
	// the hashes of every node's links, on every core; the map of
	// versions is then filled on one
	articleLinks := hashEach(g.Articles, (*hasher).articleLinks)
	statementLinks := hashEach(g.Statements, (*hasher).statementLinks)
	entityLinks := hashEach(g.Entities, func(h *hasher, e *Entity) {
		e.prepareFeedAndShown(g.updatedBound)
		h.entityLinks(e)
	})
	var h hasher
	g.versions[KeyAllDocs], g.versions[KeyAllBodies] = 0, 0
	g.setVersion(KeySite, g.SiteHash)
	for i, a := range g.Articles {
		a.fileVersions(g.setVersion)
		g.setVersion(LinksKey(a), articleLinks[i])
	}
	for i, s := range g.Statements {
		g.setVersion(DocKey(s), s.Hash)
		g.setVersion(LinksKey(s), statementLinks[i])
	}
	for i, e := range g.Entities {
		e.fileVersions(g.setVersion)
		g.setVersion(LinksKey(e), entityLinks[i])
		g.setVersion(FeedKey(e), h.feedVersion(e))
		g.setVersion(ShownKey(e), e.shown)
	}
	for _, p := range g.Pages {
		g.setVersion(DocKey(p), p.MetaHash)
		g.setVersion(BodyKey(p), p.Hash)
		h.pageLinks(p)
		g.setVersion(LinksKey(p), h.sum())
	}
	for _, t := range g.Tags {
		h.nodes(t.Items)
		g.setVersion(TagKey(t.Name), h.sum())
	}
	h.players(g.Players)
	g.setVersion(KeyPlayers, h.sum())
	g.setVersion(KeyArticles, headVersion(g.Articles))
	g.setVersion(KeyStatements, headVersion(g.Statements))
	g.setVersion(KeyEntities, entitiesVersion(g.Entities))
	g.setVersion(KeyTimeline, headVersion(g.Timeline))
	h.nodes(asNodes(g.Tags))
	g.setVersion(KeyTags, h.sum())
	h.nodes(asNodes(g.Pages))
	g.setVersion(KeyPages, h.sum())
	g.setVersion(KeyStances, stancesVersion(g.Stances))
}

// stances lists every stance the statements take, sorted.
func stances(statements []*Statement) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range statements {
		if s.Stance != "" && !seen[s.Stance] {
			seen[s.Stance] = true
			out = append(out, s.Stance)
		}
	}
	sort.Strings(out)
	return out
}

func stancesVersion(stances []string) uint64 {
	var h hasher
	for _, s := range stances {
		h.str(s)
	}
	return h.sum()
}

// fileVersions sets, through set, the versions of the keys the article's
// own file decides: linking and the in-place updates set them alike.
func (a *Article) fileVersions(set func(key string, version uint64)) {
	set(DocKey(a), a.MetaHash)
	set(ItemKey(a), articleItemHash(a.Article))
	set(BodyKey(a), a.Hash)
}

// fileVersions sets, through set, the versions of the keys the entity's own
// file decides.
func (e *Entity) fileVersions(set func(key string, version uint64)) {
	set(DocKey(e), entityMetaHash(e.Entity))
	set(BodyKey(e), e.Hash)
}

// entityMetaHash versions what pages that link or list an entity show of
// it: its name, kind, role and organization (its DocKey). The rest of its
// file (description, website, aliases) is its BodyKey's, which only its own
// page and the site-wide outputs read.
func entityMetaHash(e *content.Entity) uint64 {
	var h hasher
	h.str(e.Name)
	h.str(e.Kind)
	h.str(e.Role)
	h.str(e.Org.ID)
	return h.sum()
}

// What each node's LinksKey stands for: the lists its pages show.
func (h *hasher) articleLinks(a *Article) {
	h.nodes(asNodes(a.Tags), asNodes(a.Related), a.backlinks, asNodes(a.Mentions), asNodes(a.Cites))
}

func (h *hasher) statementLinks(s *Statement) {
	h.nodes(asNodes(s.Responses), asNodes(s.CitedBy), s.backlinks, asNodes(s.Topics))
}

// entityLinks hashes what an entity's LinksKey stands for: its timeline,
// whose pages are versioned again when it changes. Nothing else reads it:
// the entity's page and its entry in the index read ShownKey, its feed
// FeedKey. Hashing every list of the entity as well, its backlinks twice
// over, was half of versioning the two dozen entities of a moved article.
func (h *hasher) entityLinks(e *Entity) {
	h.nodes(e.Timeline)
}

func (h *hasher) pageLinks(p *Page) { h.nodes(p.backlinks) }

// players is what KeyPlayers stands for: the ranking and its counts.
// entitiesVersion is KeyEntities's version: the index of entities groups
// them by kind, and each of its pages shows how many there are of each kind
// and where they start.
func entitiesVersion(entities []*Entity) uint64 {
	var h hasher
	for _, e := range entities {
		h.str(e.ID)
		h.str(e.Entity.Kind)
	}
	return h.sum()
}

func (h *hasher) players(players []*Entity) {
	for _, e := range players {
		h.str(e.ID)
		h.u64(uint64(len(e.Statements)))
		h.u64(uint64(len(e.Mentioned)))
	}
}

// hashEach returns, for each node of list, the sum of what write puts in a
// hasher, computed on every core.
func hashEach[T any](list []T, write func(*hasher, T)) []uint64 {
	sums := make([]uint64, len(list))
	// padded, so that workers do not share a cache line
	hashers := make([]struct {
		hasher
		_ [64]byte
	}, workers(len(list)))
	parallelFor(len(hashers), len(list), func(w, i int) {
		h := &hashers[w].hasher
		write(h, list[i])
		sums[i] = h.sum()
	})
	return sums
}

// TemplateKey is the key for one template file.
func TemplateKey(name string) string { return keyTemplatePrefx + name }

// SetTemplateVersion records a template file's version, which the graph does
// not know of itself.
func (g *Graph) SetTemplateVersion(name string, version uint64) {
	g.setVersion(TemplateKey(name), version)
}

// SetOutputPagesVersion records the version of the set of pages the
// renderer makes, which the graph does not know of itself.
func (g *Graph) SetOutputPagesVersion(version uint64) {
	g.setVersion(KeyOutputPages, version)
}

// ListPageKey is the key of page n (from 1) of the list whose key is list,
// which the renderer versions itself (SetListPageVersion) by what the page
// shows: an article's new date moves it from one page to another, and only
// the pages between are made again, not every page of the list.
func ListPageKey(list string, n int) string {
	return "render:page:" + list + ":" + strconv.Itoa(n)
}

// SetListPageVersion records the version of a key made by ListPageKey, and
// reports whether it changed.
func (g *Graph) SetListPageVersion(key string, version uint64) bool {
	old, ok := g.versions[key]
	g.setVersion(key, version)
	return !ok || old != version
}

// aggregateOf names the aggregate key a dependency key counts toward, if any.
func aggregateOf(key string) string {
	switch {
	case strings.HasPrefix(key, keyBodyPrefix):
		return KeyAllBodies
	case key == KeySite || strings.HasPrefix(key, keyDocPrefix) || strings.HasPrefix(key, keyLinksPrefix) ||
		strings.HasPrefix(key, keyTagPrefix) || strings.HasPrefix(key, "list:"):
		return KeyAllDocs
	}
	return ""
}

// setVersion sets a key's version and keeps its aggregate's version up to
// date in constant time: an aggregate's version is the sum of a mix of each
// of its keys with its version, so one key's change is one subtraction and
// one addition.
func (g *Graph) setVersion(key string, version uint64) {
	old, existed := g.versions[key]
	g.versions[key] = version
	agg := aggregateOf(key)
	if agg == "" || existed && old == version {
		return
	}
	sum := g.versions[agg]
	if existed {
		sum -= mixVersion(key, old)
	}
	g.versions[agg] = sum + mixVersion(key, version)
}

// deleteVersion forgets a key's version, and takes it out of its aggregate.
func (g *Graph) deleteVersion(key string) {
	old, ok := g.versions[key]
	if !ok {
		return
	}
	delete(g.versions, key)
	if agg := aggregateOf(key); agg != "" {
		g.versions[agg] -= mixVersion(key, old)
	}
}

// mixVersion spreads a key and its version over 64 bits (FNV-1a of the key,
// then the SplitMix64 finalizer), so that sums of them rarely collide.
func mixVersion(key string, version uint64) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(key); i++ {
		h = (h ^ uint64(key[i])) * 1099511628211
	}
	z := h ^ version
	z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
	z = (z ^ z>>27) * 0x94d049bb133111eb
	return z ^ z>>31
}

package render

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"maps"
	"slices"
	"sync"
	"testing"
	"testing/fstest"
	"unsafe"

	"github.com/dossier-news/dossier/generator/content"
	"github.com/dossier-news/dossier/generator/corpus"
	"github.com/dossier-news/dossier/generator/corpus/corpustest"
	"github.com/dossier-news/dossier/generator/diag"
	"github.com/dossier-news/dossier/generator/markdown"
	"github.com/dossier-news/dossier/generator/site"
	"github.com/dossier-news/dossier/templates"
)

// linkSite loads and links a site.
func linkSite(t *testing.T, fsys fstest.MapFS) *site.Graph {
	t.Helper()
	c, diags := content.Load(fsys)
	conv := markdown.New()
	g, more := site.Link(c, func(src content.Markdown, _ uint64) (markdown.Body, diag.List) { return conv.Convert(src) }, site.Options{})
	if all := append(diags, more...); all.HasErrors() {
		t.Fatalf("site has errors: %v", all)
	}
	return g
}

// recordingRenderer is a renderer that records what each output reads, for
// a generated site of 20 articles made from seed, and its jobs.
func recordingRenderer(t *testing.T, seed uint64) (*Renderer, []Job) {
	t.Helper()
	fsys := corpustest.FS(corpus.Options{Articles: 20, Entities: 20, Tags: 4, Seed: seed})
	g := linkSite(t, fsys)
	theme, diags := LoadTheme(fsys, templates.Default, nil)
	if diags.HasErrors() {
		t.Fatalf("theme has errors: %v", diags)
	}
	r := New(g, theme, Options{})
	r.Begin(nil, false)
	return r, r.Jobs()
}

// renderSite links a generated site and renders every output of it.
// Each change is made to the theme first.
func renderSite(t *testing.T, fsys fstest.MapFS, once bool, changes ...func(*Theme)) (*Renderer, map[string][]byte) {
	t.Helper()
	g := linkSite(t, fsys)
	theme, diags := LoadTheme(fsys, templates.Default, nil)
	if diags.HasErrors() {
		t.Fatalf("theme has errors: %v", diags)
	}
	for _, change := range changes {
		change(theme)
	}
	r := New(g, theme, Options{Once: once})
	r.Begin(nil, false)
	out := map[string][]byte{}
	var mu sync.Mutex
	err := r.RenderAll(r.Jobs(), func(o Output) error {
		mu.Lock()
		defer mu.Unlock()
		out[o.Path] = bytes.Clone(o.Data)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return r, out
}

// A renderer that renders once lets every article's HTML go once the
// outputs showing it are rendered, and renders what one that keeps it does.
func TestOnceLetsArticleHTMLGo(t *testing.T) {
	// more articles and statements than the site's feed shows: some
	// articles are read by their page alone, others by the feed too
	fsys := corpustest.FS(corpus.Options{Articles: 40, Seed: 3})
	once, onceOut := renderSite(t, fsys, true)
	_, keptOut := renderSite(t, fsys, false)
	if n := len(once.released.pending); n != 0 {
		t.Errorf("%d articles' HTML held after every output was rendered", n)
	}
	inFeed := 0
	for _, n := range once.siteLatest {
		if _, ok := n.(*site.Article); ok {
			inFeed++
		}
	}
	if inFeed == 0 || inFeed == len(once.g.Articles) {
		t.Errorf("%d of %d articles in the feed: the test needs some in it and some not", inFeed, len(once.g.Articles))
	}
	if !maps.EqualFunc(onceOut, keptOut, bytes.Equal) {
		for p := range keptOut {
			if !bytes.Equal(onceOut[p], keptOut[p]) {
				t.Errorf("%s differs when rendered once", p)
			}
		}
	}
}

// An output that shows a kept list item or statement card records what
// making it records: the keys it reads, which its fragment reads too.
func TestKeptItemsAndCardsRecordWhatMakingThemRecords(t *testing.T) {
	r, jobs := recordingRenderer(t, 4)
	made := map[string]Output{} // each output with every item and card made for it
	for _, j := range jobs {
		clear(r.items)
		clear(r.cards)
		out, err := r.Render(j)
		if err != nil {
			t.Fatal(err)
		}
		out.Data = bytes.Clone(out.Data)
		made[j.Path] = out
	}
	kept := 0
	for _, j := range jobs {
		kept += min(len(r.items), len(r.cards))
		out, err := r.Render(j)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(out.Deps, made[j.Path].Deps) || !bytes.Equal(out.Data, made[j.Path].Data) {
			t.Errorf("%s with kept cards: deps %v, want %v", j.Path, out.Deps, made[j.Path].Deps)
		}
	}
	if kept == 0 {
		t.Error("no item or card was kept")
	}
}

// A statement's card and quotation are parts of its list item's bytes, in
// the fragments and in the card kept: a copy held by either was 50 MB of
// a 10,000-article build's live heap.
func TestStatementFragmentsShareTheItemsBytes(t *testing.T) {
	fsys := corpustest.FS(corpus.Options{Articles: 12, Entities: 20, Tags: 4, Seed: 5})
	for _, once := range []bool{true, false} {
		r, _ := renderSite(t, fsys, once)
		if len(r.g.Statements) == 0 {
			t.Fatal("no statements")
		}
		for _, s := range r.g.Statements {
			item, ok := r.items[site.Node(s)]
			if !ok {
				t.Fatalf("once=%v: %s has no kept item", once, s.ID)
			}
			card := r.cards[s]
			if card == nil || card.HTML == "" || card.Quotation == "" {
				t.Fatalf("once=%v: %s has no kept card with a quotation", once, s.ID)
			}
			within := func(what string, h template.HTML) {
				t.Helper()
				if !holds(item.HTML, h) {
					t.Errorf("once=%v: %s's %s is a copy, not a part of its item", once, s.ID, what)
				}
			}
			within("kept card", card.HTML)
			within("kept quotation", card.Quotation)
			within("card fragment", r.fragments[cardKey(s)])
			within("quotation fragment", r.fragments[quotationKey(s)])
			if item.Statement != card {
				t.Errorf("once=%v: %s's item holds a card other than the one kept", once, s.ID)
			}
		}
	}
}

// A theme whose list item of a statement is not its card still has the
// card hold its quotation's bytes.
func TestCardSharesItsQuotationsBytes(t *testing.T) {
	fsys := corpustest.FS(corpus.Options{Articles: 12, Entities: 20, Tags: 4, Seed: 5})
	partials, err := fs.ReadFile(templates.Default, "partials.html")
	if err != nil {
		t.Fatal(err)
	}
	const card = "{{define \"item\"}}\n{{- with .Statement}}\n{{.HTML}}"
	if !bytes.Contains(partials, []byte(card)) {
		t.Fatal("the default item partial no longer shows a statement's card as written here")
	}
	fsys["templates/partials.html"] = &fstest.MapFile{Data: bytes.Replace(partials, []byte(card), []byte("{{define \"item\"}}\n{{- with .Statement}}\n<p>{{.ID}}</p>"), 1)}
	r, _ := renderSite(t, fsys, true)
	for _, s := range r.g.Statements {
		c := r.cards[s]
		if c == nil || c.Quotation == "" {
			t.Fatalf("%s has no kept card with a quotation", s.ID)
		}
		if holds(r.items[site.Node(s)].HTML, c.HTML) {
			t.Fatalf("%s's item holds its card: the theme was not changed", s.ID)
		}
		if !holds(c.HTML, c.Quotation) || !holds(c.HTML, r.fragments[quotationKey(s)]) {
			t.Errorf("%s's quotation is a copy, not a part of its card", s.ID)
		}
	}
}

// holds reports whether part's bytes lie in outer's memory.
func holds(outer, part template.HTML) bool {
	o := uintptr(unsafe.Pointer(unsafe.StringData(string(outer))))
	p := uintptr(unsafe.Pointer(unsafe.StringData(string(part))))
	return len(part) > 0 && p >= o && p+uintptr(len(part)) <= o+uintptr(len(outer))
}

// A worker's workspace, reused from job to job, makes each output and its
// dependencies as a workspace of its own would: no key or list item of a
// job is left to the next (TestCarveItemsDoNotOverlap: nor shared by two
// views of one job).
func TestWorkspaceReuseRendersAsNew(t *testing.T) {
	r, jobs := recordingRenderer(t, 6)
	// made once each, so that every item and card is kept for both runs
	for _, j := range jobs {
		if _, err := r.Render(j); err != nil {
			t.Fatal(err)
		}
	}
	ws := &workspace{buf: &bytes.Buffer{}}
	lists := 0
	for _, j := range jobs {
		reused, err := r.render(j, ws)
		if err != nil {
			t.Fatal(err)
		}
		data, deps := bytes.Clone(reused.Data), slices.Clone(reused.Deps)
		fresh, err := r.Render(j)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(data, fresh.Data) || !slices.Equal(deps, fresh.Deps) {
			t.Fatalf("%s rendered in a reused workspace differs from a new one's", j.Path)
		}
		if bytes.Contains(data, []byte(`<ul class="items`)) {
			lists++
		}
	}
	if lists < 10 || cap(ws.items) == 0 || cap(ws.keys) == 0 {
		t.Errorf("%d outputs with lists, workspace of %d items and %d keys: nothing was reused", lists, cap(ws.items), cap(ws.keys))
	}
}

// The items a workspace gives one job's views are each their own: filling
// one, or appending to it, leaves the others as they were.
func TestCarveItemsDoNotOverlap(t *testing.T) {
	ws := &workspace{}
	var carved [][]Item
	for round, n := range []int{3, 100, 2, 0, 61, 7} {
		items := ws.carveItems(n)
		if len(items) != n || cap(items) != n {
			t.Fatalf("carved %d items of room %d, want %d", len(items), cap(items), n)
		}
		for i := range items {
			items[i].Title = fmt.Sprint(round, ":", i)
		}
		carved = append(carved, items)
	}
	carved[0] = append(carved[0], Item{Title: "appended"})
	for round, items := range carved[1:] {
		for i, it := range items {
			if want := fmt.Sprint(round+1, ":", i); it.Title != want {
				t.Fatalf("item %d of view %d is %q, want %q", i, round+1, it.Title, want)
			}
		}
	}
}

// A pager shows the first and last pages, those within pagerReach of the
// current one, and a gap for each run left out, as reading every page
// number would show them.
func TestPagerShowsPagesNearAndEnds(t *testing.T) {
	r := &Renderer{root: "/"}
	for total := 1; total <= 30; total++ {
		for current := 1; current <= total; current++ {
			var want []PagerEntry
			for i := 1; i <= total; i++ {
				if i == 1 || i == total || (i >= current-pagerReach && i <= current+pagerReach) {
					want = append(want, PagerEntry{Number: i, URL: r.root + r.pagePath("timeline/", i), Current: i == current})
				} else if last := len(want) - 1; !want[last].Gap {
					want = append(want, PagerEntry{Gap: true})
				}
			}
			if got := r.pager("timeline/", current, total).Pages; !slices.Equal(got, want) {
				t.Fatalf("page %d of %d: %+v, want %+v", current, total, got, want)
			}
		}
	}
}

package render

import (
	"bytes"
	"maps"
	"slices"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/dossier-news/dossier/generator/content"
	"github.com/dossier-news/dossier/generator/corpus"
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
	fsys := fstest.MapFS{}
	for p, data := range corpus.Generate(corpus.Options{Articles: 40, Seed: 3}) {
		fsys[p] = &fstest.MapFile{Data: data}
	}
	once, onceOut := renderSite(t, fsys, true)
	_, keptOut := renderSite(t, fsys, false)
	if n := len(once.released.pending); n != 0 {
		t.Errorf("%d articles' HTML held after every output was rendered", n)
	}
	inFeed := 0
	for _, n := range once.latest[siteFeedPath] {
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
	fsys := fstest.MapFS{}
	for p, data := range corpus.Generate(corpus.Options{Articles: 20, Entities: 20, Tags: 4, Seed: 4}) {
		fsys[p] = &fstest.MapFile{Data: data}
	}
	g := linkSite(t, fsys)
	theme, diags := LoadTheme(fsys, templates.Default, nil)
	if diags.HasErrors() {
		t.Fatalf("theme has errors: %v", diags)
	}
	r := New(g, theme, Options{})
	r.Begin(nil, false)
	jobs := r.Jobs()
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

package render

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/dossier-news/dossier/generator/corpus"
	"github.com/dossier-news/dossier/generator/corpus/corpustest"
	"github.com/dossier-news/dossier/generator/markdown"
	"github.com/dossier-news/dossier/generator/site"
	"github.com/dossier-news/dossier/templates"
)

// An excerpt made from the start of a body's plain text is the excerpt of
// all of it: for generated articles and entities without a summary, and for
// bodies whose text ends just short of the excerpt's limit, at it and just
// past it, with references on either side of the cut and ending at it.
func TestSummaryIsTheExcerptOfTheWholeText(t *testing.T) {
	fsys := corpustest.FS(corpus.Options{Articles: 30, Seed: 5})
	noSummary := regexp.MustCompile(`(?m)^summary: .*\n`)
	for p, f := range fsys {
		if strings.HasPrefix(p, "content/articles/") {
			f.Data = noSummary.ReplaceAll(f.Data, nil)
		}
	}
	for words := 36; words <= 44; words++ {
		for _, ref := range []string{"", "[[entity-1]] ", "[[entity-2|a label]] ", "\n\n![[statement-1-1]]\n\n"} {
			for _, at := range []int{0, words / 2, words - 1} {
				var body strings.Builder
				for i := range words {
					if i == at {
						body.WriteString(ref)
					}
					body.WriteString("Word ")
				}
				p := fmt.Sprintf("content/articles/x/cut-%d-%d-%d.md", words, len(ref), at)
				fsys[p] = &fstest.MapFile{Data: []byte("---\ntitle: Cut\ndate: 2020-01-01\n---\n" + body.String() + "\n")}
			}
		}
	}
	// labels of every length, so that some reference ends the text read so
	// far exactly at the limit, with more text and references after it
	for words := 36; words <= 40; words++ {
		for label := 1; label <= 12; label++ {
			p := fmt.Sprintf("content/articles/x/label-%d-%d.md", words, label)
			body := strings.Repeat("Word ", words) + "[[entity-2|" + strings.Repeat("x", label) + "]] and more [[entity-3]] to end."
			fsys[p] = &fstest.MapFile{Data: []byte("---\ntitle: Label\ndate: 2020-01-01\n---\n" + body + "\n")}
		}
	}
	g := linkSite(t, fsys)
	theme, diags := LoadTheme(fsys, templates.Default, nil)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	rec := &recorder{r: New(g, theme, Options{}), out: &bytes.Buffer{}}
	checked, long := 0, 0
	check := func(n site.Node, got string, whole string) {
		t.Helper()
		if want := excerpt(whole); got != want {
			t.Errorf("%s: summary %q, want %q", n.NodeID(), got, want)
		}
		checked++
		if len(whole) > excerptLimit {
			long++
		}
	}
	for _, a := range g.Articles {
		check(a, rec.summary("", a.Body, a.Targets), a.Body.PlainText(rec.refText(a.Targets)))
		if got := rec.summary("given", a.Body, a.Targets); got != "given" {
			t.Errorf("%s: summary %q, not the one given", a.NodeID(), got)
		}
	}
	for _, e := range g.Entities {
		check(e, rec.summary("", e.Description, e.Targets), e.Description.PlainText(rec.refText(e.Targets)))
	}
	if long == 0 || long == checked {
		t.Errorf("%d of %d texts longer than an excerpt: the test needs both", long, checked)
	}
}

// The bodies keep the start of their text that summaries and search
// entries show, and one byte more to tell whether it was cut: no more.
func TestBodiesKeepTheTextOutputsShow(t *testing.T) {
	for name, limit := range map[string]int{"excerpt": excerptLimit, "search entry": searchTextLimit} {
		if limit+1 > markdown.TextLimit {
			t.Errorf("a %s shows %d bytes of a body's text, and bodies keep %d (markdown.TextLimit)", name, limit, markdown.TextLimit)
		}
	}
}

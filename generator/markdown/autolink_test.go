package markdown

import (
	"reflect"
	"strings"
	"testing"

	"github.com/dossier-news/dossier/generator/content"
	"github.com/dossier-news/dossier/generator/corpus"
)

// withAutolinksAlways is c converting every document with autolinks, as
// it did before it learned to skip them.
func withAutolinksAlways(c *Converter) *Converter {
	return &Converter{md: c.md, plain: c.md}
}

// autolinkSeeds are bodies that hold what autolinks are made from, or
// something close to it, among the inline syntax that goldmark's parsers
// start from (spaces, emphasis, brackets, parentheses, line ends).
var autolinkSeeds = []string{
	"See https://example.org/a?b=1 for more.\n",
	"Or (www.example.org), or *http://example.org*.\n",
	"Write to press@example.org.\n",
	"ftp://files.example.org/x and _www.example.org_ ~https://x.org~\n",
	"http: no host, www no dot, press at example.org, ftp\n",
	"Line one  \nline two \nline three\\\n(four) *five* _six_ ~~seven~~\n",
	"| a | b |\n| --- | --- |\n| [[x]] | https://example.org |\n",
	"A [link](https://example.org) and [[entity|its label]] and `https://code`.\n\n![[statement-1]]\n",
	"> quoted www.example.org\n\n- item press@example.org\n- item\n",
	"Mail: a.b+c@sub.example.org, or -x@y.z-, or @handle.\n",
}

// TestAutolinksStillFound checks that a document with an autolink in it
// keeps it: were mayAutolink to say no, it would convert without them.
func TestAutolinksStillFound(t *testing.T) {
	c := New()
	for _, src := range []string{
		"See https://example.org/a for more.\n",
		"See http://example.org for more.\n",
		"Files at ftp://files.example.org/x.\n",
		"Or (www.example.org).\n",
		"Write to press@example.org.\n",
		"*https://example.org*\n",
	} {
		if !mayAutolink([]byte(src)) {
			t.Errorf("mayAutolink(%q) = false", src)
		}
		body, _ := c.Convert(md(src))
		if html := splice(body); !strings.Contains(html, "<a href=") {
			t.Errorf("%q converts without its link: %s", src, html)
		}
	}
}

// TestSkippingAutolinksChangesNothing converts every seed with and without
// the choice, and then each seed with its autolink candidates taken out,
// which the converter then converts without autolinks.
func TestSkippingAutolinksChangesNothing(t *testing.T) {
	c := New()
	always := withAutolinksAlways(c)
	skipped := 0
	for _, seed := range autolinkSeeds {
		for _, src := range []string{seed, withoutAutolinkCandidates(seed)} {
			if !mayAutolink([]byte(src)) {
				skipped++
			}
			checkSameConversion(t, c, always, src)
		}
	}
	if skipped < len(autolinkSeeds) {
		t.Errorf("only %d of %d bodies converted without autolinks", skipped, 2*len(autolinkSeeds))
	}
}

// FuzzSkippingAutolinksChangesNothing: any body converts the same whether
// or not the converter may skip autolinks for it.
func FuzzSkippingAutolinksChangesNothing(f *testing.F) {
	for _, seed := range autolinkSeeds {
		f.Add(seed)
		f.Add(withoutAutolinkCandidates(seed))
	}
	c := New()
	always := withAutolinksAlways(c)
	f.Fuzz(func(t *testing.T, src string) {
		checkSameConversion(t, c, always, src)
	})
}

// withoutAutolinkCandidates is src with what mayAutolink looks for made
// into something else: a document near one with autolinks.
func withoutAutolinkCandidates(src string) string {
	return strings.NewReplacer("@", " at ", "www.", "www ", "http:", "http ", "https:", "https ", "ftp:", "ftp ").Replace(src)
}

func checkSameConversion(t *testing.T, c, always *Converter, src string) {
	t.Helper()
	gotBody, gotDiags := c.Convert(md(src))
	wantBody, wantDiags := always.Convert(md(src))
	if !reflect.DeepEqual(gotBody, wantBody) {
		t.Errorf("%q converts to\n%#v\nwith autolinks always tried, to\n%#v", src, gotBody, wantBody)
	}
	if !reflect.DeepEqual(gotDiags, wantDiags) {
		t.Errorf("%q reports %v, with autolinks always tried %v", src, gotDiags, wantDiags)
	}
}

// BenchmarkConvertArticles converts the bodies of 200 synthetic articles
// (which hold no autolinks, as most articles do not) per op, with the
// autolink parser skipped as Convert chooses and with it always tried.
func BenchmarkConvertArticles(b *testing.B) {
	var bodies []content.Markdown
	for p, data := range corpus.Generate(corpus.Options{Articles: 200}) {
		if !strings.HasPrefix(p, "content/articles/") {
			continue
		}
		doc, diags := content.LoadFile(p, data)
		if diags.HasErrors() {
			b.Fatal(diags)
		}
		bodies = append(bodies, doc.Article.Body)
	}
	c := New()
	for _, bench := range []struct {
		name string
		c    *Converter
	}{{"skipped", c}, {"tried", withAutolinksAlways(c)}} {
		b.Run("autolinks-"+bench.name, func(b *testing.B) {
			for b.Loop() {
				for _, m := range bodies {
					bench.c.Convert(m)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(bodies)), "ns/article")
		})
	}
}

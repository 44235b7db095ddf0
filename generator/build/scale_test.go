package build

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/dossier-news/dossier/generator/corpus"
	"github.com/dossier-news/dossier/templates"
)

// wholeSite are the outputs that cover every document by design: indexes for
// machines, not pages for readers.
var wholeSite = map[string]bool{
	"search/index.js": true, "data/articles.json": true, "data/statements.json": true,
	"data/entities.json": true, "sitemap.xml": true,
}

func buildCorpus(t *testing.T, articles int) map[string][]byte {
	t.Helper()
	fsys := fstest.MapFS{}
	for p, data := range corpus.Generate(corpus.Options{Articles: articles, Seed: 7}) {
		if p == "content/site.yaml" {
			data = append(data, "page_size: 5\n"...)
		}
		fsys[p] = &fstest.MapFile{Data: data}
	}
	// small files of the search index, so that their size is checked too
	out, diags := Build(fsys, Options{Theme: templates.Default, SearchShardSize: 50})
	if diags.HasErrors() {
		t.Fatalf("build failed:\n%s", formatDiags(diags))
	}
	return out
}

// pageKind groups outputs by what they are: "statements/page/N/index.html"
// and "statements/index.html" are both the statement list.
func pageKind(p string) string {
	if strings.HasPrefix(p, "search/index-") {
		return "search index file"
	}
	parts := strings.Split(p, "/")
	if len(parts) < 3 {
		return p
	}
	kind := parts[0]
	switch {
	case strings.Contains(p, "/timeline/"):
		kind += " timeline"
	case strings.Contains(p, "/page/") || len(parts) == 2:
		kind += " list"
	case strings.HasSuffix(p, "feed.xml"):
		kind += " feed"
	}
	return kind
}

// TestNoPageGrowsWithTheSite builds a corpus and one four times its size:
// apart from the whole-site indexes, the largest output of each kind must
// stay the same size, so build time and output size grow linearly.
func TestNoPageGrowsWithTheSite(t *testing.T) {
	if testing.Short() {
		t.Skip("builds two corpora")
	}
	largest := func(out map[string][]byte) map[string]int {
		sizes := map[string]int{}
		for p, data := range out {
			if !wholeSite[p] {
				sizes[pageKind(p)] = max(sizes[pageKind(p)], len(data))
			}
		}
		return sizes
	}
	bigOut := buildCorpus(t, 400)
	small, big := largest(buildCorpus(t, 100)), largest(bigOut)
	for kind, n := range big {
		// generous: random text varies; growth with the site is 4x
		if limit := small[kind] * 13 / 10; n > limit {
			t.Errorf("%s: largest output %d bytes at 400 articles, %d at 100", kind, n, small[kind])

		}
	}
	// 1,200 statements, 5 a page: the pager shows the first and last pages
	// and two on each side of the current one
	assertFile(t, bigOut, "statements/page/120/index.html", `href="/statements/"`, `href="/statements/page/118/"`,
		`href="/statements/page/122/"`, `href="/statements/page/240/"`, `class="pager-gap"`)
	assertNotFile(t, bigOut, "statements/page/120/index.html", `href="/statements/page/117/"`, `href="/statements/page/123/"`)
	// every kind of entity is in the contents of every page of the index
	for _, p := range []string{"entities/index.html", "entities/page/2/index.html"} {
		assertFile(t, bigOut, p, `#kind-company">Companies</a>`, `#kind-person">People</a>`)
	}
}

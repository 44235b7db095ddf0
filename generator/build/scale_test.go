package build

import (
	"regexp"
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

// archiveIndexes are the first pages of the dated lists, which list the
// story's months: they grow with the time the story covers (twelve entries
// a year), not with how much it holds. The test corpus spreads 28 articles
// a month, so four times the articles cover four times the months.
var archiveIndexes = map[string]bool{"articles/index.html": true, "statements/index.html": true, "timeline/index.html": true}

// yearPage matches the pages of a dated list's year, which list its months:
// thirteen at most, whatever the size of the site.
var yearPage = regexp.MustCompile(`^(articles|statements|timeline)/\d{4}/index\.html$`)

// monthPage matches the pages of a dated list's month.
var monthPage = regexp.MustCompile(`^(articles|statements|timeline)/\d{4}/(\d{2}|year)/`)

// pageKind groups outputs by what they are: "statements/2000/01/index.html"
// and "statements/2000/01/page/2/index.html" are both the statement list.
func pageKind(p string) string {
	if strings.HasPrefix(p, "search/index-") {
		return "search index file"
	}
	if m := monthPage.FindStringSubmatch(p); m != nil {
		return m[1] + " list"
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
			if !wholeSite[p] && !archiveIndexes[p] && !yearPage.MatchString(p) {
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
	// 84 statements a month, 5 a page: the pager of a month shows its first
	// and last pages and two on each side of the current one
	assertFile(t, bigOut, "statements/2000/01/page/9/index.html", `href="/statements/2000/01/"`, `href="/statements/2000/01/page/7/"`,
		`href="/statements/2000/01/page/11/"`, `href="/statements/2000/01/page/17/"`, `class="pager-gap"`, `Statements: January 2000 (page 9 of 17)`)
	assertNotFile(t, bigOut, "statements/2000/01/page/9/index.html", `href="/statements/2000/01/page/6/"`, `href="/statements/2000/01/page/12/"`)
	// the first page of a dated list shows a page of items, whatever the
	// size of the site, and each of its months once
	for p := range archiveIndexes {
		if n := strings.Count(string(bigOut[p]), `<div class="item `) + strings.Count(string(bigOut[p]), `<div class="card">`); n != 5 {
			t.Errorf("%s: %d items, want a page of 5", p, n)
		}
		assertFile(t, bigOut, p, `<h3 class="archive-year">`, `>2001<`)
		if n := strings.Count(string(bigOut[p]), `/2000/01/"`); n != 1 {
			t.Errorf("%s: January 2000 linked %d times, want once", p, n)
		}
	}
	// every kind of entity is in the contents of every page of the index
	for _, p := range []string{"entities/index.html", "entities/page/2/index.html"} {
		assertFile(t, bigOut, p, `#kind-company">Companies</a>`, `#kind-person">People</a>`)
	}
}

package build

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"io/fs"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"testing/fstest"

	"github.com/dossier-news/dossier/generator/corpus"
	"github.com/dossier-news/dossier/generator/corpus/corpustest"
	"github.com/dossier-news/dossier/generator/diag"
	"github.com/dossier-news/dossier/generator/render"
	"github.com/dossier-news/dossier/templates"
)

const storySite = `
-- content/site.yaml --
title: Test Dossier
base_url: https://example.org/news/
description: A story in a test.
authors: [Desk]
page_size: 2
-- content/entities/facebook.yaml --
name: Facebook
kind: company
description: Social network; see [[wells-fargo]].
-- content/entities/wells-fargo.yaml --
name: Wells Fargo
kind: bank
aliases: [Wells]
-- content/entities/hilary-obyrne.yaml --
name: Hilary O'Byrne
kind: person
org: wells-fargo
role: Spokeswoman
-- content/entities/wsj.yaml --
name: The Wall Street Journal
kind: outlet
-- content/statements/wf-obyrne.yaml --
org: wells-fargo
speaker: hilary-obyrne
date: 2018-08
channel: email
quote: not actively engaging in data-sharing conversations with Facebook
stance: denies
about: [facebook]
topics: [data-sharing]
reported_by:
  - outlet: wsj
responds_to: fb-asks
-- content/articles/fb-asks.md --
---
title: Facebook asks banks for data
date: 2018-08-06
updated: 2018-08-07T14:00:00Z
summary: The social network approached big banks.
tags: [privacy, banking]
entities: [facebook]
sources:
  - outlet: wsj
    title: A report
    url: https://www.wsj.com/articles/x
corrections:
  - date: 2018-08-07
    text: Fixed a name.
---
[[facebook]] asked [[wells-fargo|the bank]] for data. Read [[wf-obyrne]].

![[wf-obyrne]]

## Background <script>alert(1)</script>

More text, a [chart](/static/chart.txt) and [elsewhere](https://example.com/x).
-- content/articles/second.md --
---
title: A second article <em>escaped</em>
date: 2018
tags: [privacy]
---
See [[fb-asks]].
-- content/articles/third.md --
---
title: Third
date: 2018-09
tags: [privacy]
---
Plain.
-- content/articles/draft-one.md --
---
title: Unfinished
date: 2018-10
draft: true
---
Draft text.
-- content/pages/about.md --
---
title: About us
---
We follow [[facebook]].
-- templates/static/chart.txt --
A chart the first article links to.
`

func mustBuild(t *testing.T, archive string, opts Options) map[string][]byte {
	t.Helper()
	if opts.Theme == nil {
		opts.Theme = templates.Default
	}
	out, diags := Build(siteFS(t, archive), opts)
	if diags.HasErrors() {
		t.Fatalf("build failed:\n%s", formatDiags(diags))
	}
	return out
}

func formatDiags(l diag.List) string {
	var b bytes.Buffer
	l.Print(&b, nil)
	return b.String()
}

// assertFile checks that an output exists and contains each of the given
// snippets, as Hugo's AssertFileContent does.
func assertFile(t *testing.T, out map[string][]byte, path string, wants ...string) {
	t.Helper()
	data, ok := out[path]
	if !ok {
		t.Fatalf("no output %s", path)
	}
	for _, w := range wants {
		if !bytes.Contains(data, []byte(w)) {
			t.Errorf("%s does not contain %q", path, w)
		}
	}
}

func assertNotFile(t *testing.T, out map[string][]byte, path string, unwanted ...string) {
	t.Helper()
	data := out[path]
	for _, w := range unwanted {
		if bytes.Contains(data, []byte(w)) {
			t.Errorf("%s contains %q", path, w)
		}
	}
}

func TestStorySitePages(t *testing.T) {
	out := mustBuild(t, storySite, Options{})
	for _, p := range []string{
		"index.html", "articles/index.html", "articles/fb-asks/index.html", "statements/index.html",
		"statements/wf-obyrne/index.html", "entities/index.html", "entities/wells-fargo/index.html",
		"entities/wells-fargo/feed.xml", "entities/wells-fargo/timeline/index.html", "timeline/index.html",
		"tags/index.html", "tags/privacy/index.html", "tags/data-sharing/index.html", "search/index.html",
		"search/index-1.js", "about/index.html", "feed.xml", "sitemap.xml", "robots.txt", "404.html",
		"data/articles.json", "data/statements.json", "data/entities.json", "static/style.css",
	} {
		if _, ok := out[p]; !ok {
			t.Errorf("missing output %s", p)
		}
	}
	// Links resolve under the base path, references render by name or label.
	assertFile(t, out, "articles/fb-asks/index.html",
		`href="/news/entities/facebook/">Facebook</a>`,
		`href="/news/entities/wells-fargo/">the bank</a>`,
		`not actively engaging in data-sharing conversations with Facebook`,
		`href="https://example.org/news/articles/fb-asks/"`,
		`2018-08-07T14:00:00Z`, "6 August 2018", "Fixed a name.", "https://www.wsj.com/articles/x",
	)
	// Site-relative Markdown links get the base path.
	assertFile(t, out, "articles/fb-asks/index.html", `href="/news/static/chart.txt"`, `href="https://example.com/x"`)
	// Raw HTML is not passed through, and titles are escaped.
	assertNotFile(t, out, "articles/fb-asks/index.html", "<script>alert(1)")
	assertFile(t, out, "articles/second/index.html", "A second article &lt;em&gt;escaped&lt;/em&gt;")
	// Dates keep their precision.
	assertFile(t, out, "statements/wf-obyrne/index.html", "August 2018", `datetime="2018-08"`)
	assertFile(t, out, "articles/second/index.html", `datetime="2018"`)
	// Drafts are left out.
	if _, ok := out["articles/draft-one/index.html"]; ok {
		t.Error("draft article was built without --drafts")
	}
	assertNotFile(t, out, "articles/index.html", "Unfinished")
}

func TestBacklinksBothWays(t *testing.T) {
	out := mustBuild(t, storySite, Options{})
	// The statement page lists the article that embeds it and the article it answers.
	assertFile(t, out, "statements/wf-obyrne/index.html", `href="/news/articles/fb-asks/"`, `href="/news/entities/wsj/"`, `href="/news/tags/data-sharing/"`)
	// The organization, the speaker and the subject list the statement.
	for _, p := range []string{"entities/wells-fargo/index.html", "entities/hilary-obyrne/index.html", "entities/facebook/index.html", "entities/wsj/index.html"} {
		assertFile(t, out, p, `href="/news/statements/wf-obyrne/"`)
	}
	// Entities list the articles mentioning them, in front matter or body,
	// and the pages and profiles that link them.
	assertFile(t, out, "entities/wells-fargo/index.html", `href="/news/articles/fb-asks/"`, `href="/news/entities/facebook/"`, `href="/news/entities/hilary-obyrne/"`)
	assertFile(t, out, "entities/facebook/index.html", `href="/news/articles/fb-asks/"`, `href="/news/about/"`)
	// An article linked from another lists it back.
	assertFile(t, out, "articles/fb-asks/index.html", `href="/news/articles/second/"`)
}

func TestPaginationAndFeeds(t *testing.T) {
	out := mustBuild(t, storySite, Options{})
	// page_size 2: a dated list's first page shows its first two items and
	// its months by year, with their counts; the articles newest first
	assertFile(t, out, "articles/index.html", `href="/news/articles/third/"`, `href="/news/articles/fb-asks/"`,
		`<a href="#archive-heading">Every month, by year ↓</a>`, `<h2 id="archive-heading">By month</h2>`,
		`<h3 class="archive-year">2018</h3>`, `<a href="/news/articles/2018/09/">September</a> <span class="count">(1<span class="visually-hidden"> article</span>)</span>`,
		`<a href="/news/articles/2018/08/">August</a> <span class="count">(1<span class="visually-hidden"> article</span>)</span>`,
		`<a href="/news/articles/2018/year/">Month not given</a> <span class="count">(1<span class="visually-hidden"> article</span>)</span>`)
	assertNotFile(t, out, "articles/index.html", `href="/news/articles/second/"`, `class="month-pager"`)
	// a month's page: its items, the way back, the months beside it in the
	// list's order; a date given as the year alone has a part of its own
	assertFile(t, out, "articles/2018/08/index.html", `<h1>Articles: August 2018</h1>`, `href="/news/articles/fb-asks/"`,
		`<a href="/news/articles/">← Articles</a>`, `<a href="/news/articles/2018/09/">← September 2018</a>`,
		`<a href="/news/articles/2018/year/">2018, month not given →</a>`)
	assertNotFile(t, out, "articles/2018/08/index.html", `href="/news/articles/third/"`, `href="/news/articles/second/"`, `class="archive-jump"`, `archive-heading`)
	assertFile(t, out, "articles/2018/year/index.html", `<h1>Articles: 2018, month not given</h1>`, `href="/news/articles/second/"`,
		`The articles published in 2018 (no month given), newest first.`)
	assertFile(t, out, "articles/2018/08/index.html", `The articles published in August 2018, newest first.`)
	assertNotFile(t, out, "articles/2018/year/index.html", `class="month-next"`)
	// the timeline, oldest first: the year alone before the months
	assertFile(t, out, "timeline/index.html", `href="/news/articles/second/"`, `href="/news/statements/wf-obyrne/"`,
		`<a href="/news/timeline/2018/year/">Month not given</a> <span class="count">(1<span class="visually-hidden"> article or statement</span>)</span>`,
		`<a href="/news/timeline/2018/08/">August</a> <span class="count">(2<span class="visually-hidden"> articles and statements</span>)</span>`)
	assertFile(t, out, "timeline/2018/08/index.html", `href="/news/statements/wf-obyrne/"`, `href="/news/articles/fb-asks/"`,
		`← 2018, month not given`, `September 2018 →`)
	assertFile(t, out, "statements/2018/08/index.html", `href="/news/statements/wf-obyrne/"`)
	// the timeline's years have pages: their months, the way back, the
	// years beside them (none); the articles' do not (an article's ID may
	// be a year)
	assertFile(t, out, "timeline/index.html", `<h3 class="archive-year"><a href="/news/timeline/2018/">2018</a></h3>`)
	if _, ok := out["articles/2018/index.html"]; ok {
		t.Error("a page for a year of the articles, where an article may have its page")
	}
	assertFile(t, out, "timeline/2018/index.html", `<h1>Timeline: 2018</h1>`, `<a href="/news/timeline/">← Timeline</a>`,
		`<a href="/news/timeline/2018/year/">Month not given</a>`, `<a href="/news/timeline/2018/08/">August</a>`, `<a href="/news/timeline/2018/09/">September</a>`)
	assertNotFile(t, out, "timeline/2018/index.html", `class="archive-year"`, `class="month-pager"`, `class="empty"`, `archive-jump`)
	// a document's page links to its month in the timeline, which has it
	assertFile(t, out, "articles/fb-asks/index.html", `<a class="timeline-link" href="/news/timeline/2018/08/">August 2018 in the timeline</a>`)
	assertFile(t, out, "articles/second/index.html", `<a class="timeline-link" href="/news/timeline/2018/year/">2018 in the timeline</a>`)
	assertFile(t, out, "statements/wf-obyrne/index.html", `<dt>In the timeline</dt>`, `<a href="/news/timeline/2018/08/">August 2018</a>`)
	assertFile(t, out, "timeline/2018/year/index.html", `href="/news/articles/second/"`)
	// no page counted along a whole dated list
	for _, p := range []string{"articles/page/2/index.html", "timeline/page/2/index.html", "statements/page/2/index.html"} {
		if _, ok := out[p]; ok {
			t.Errorf("%s: a dated list paginated along its whole length", p)
		}
	}
	for _, p := range []string{"feed.xml", "entities/wells-fargo/feed.xml"} {
		var feed struct {
			XMLName xml.Name
			Entries []struct {
				Title   string `xml:"title"`
				Updated string `xml:"updated"`
			} `xml:"entry"`
		}
		if err := xml.Unmarshal(out[p], &feed); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		if feed.XMLName.Space != "http://www.w3.org/2005/Atom" || len(feed.Entries) == 0 {
			t.Errorf("%s: not an Atom feed with entries: %+v", p, feed)
		}
	}
	assertFile(t, out, "feed.xml", "<updated>2018-08-07T14:00:00Z</updated>",
		// whole articles, their links absolute for feed readers
		`href=&#34;https://example.org/news/entities/facebook/&#34;`)
	assertNotFile(t, out, "feed.xml", `href=&#34;/news/`, "visually-hidden")
	assertFile(t, out, "sitemap.xml", "<loc>https://example.org/news/articles/fb-asks/</loc>")
	assertFile(t, out, "robots.txt", "Sitemap: https://example.org/news/sitemap.xml")
	// search text shows references by their targets' names
	assertFile(t, out, "search/index-1.js", "(window.DOSSIER_SEARCH_PARTS = window.DOSSIER_SEARCH_PARTS || [])[0] = [", `"u":"/news/articles/fb-asks/"`,
		"read statement by hilary o'byrne, wells fargo.")
	assertFile(t, out, "data/statements.json", `{"id":"wf-obyrne",`, `"date":"2018-08"`, `"cited_by":[`)
	// each open-data file is a JSON array with an entry per line
	for _, p := range []string{"data/articles.json", "data/statements.json", "data/entities.json"} {
		var entries []map[string]any
		if err := json.Unmarshal(out[p], &entries); err != nil {
			t.Errorf("%s: %v", p, err)
		}
		lines := strings.Split(strings.TrimSuffix(string(out[p]), "\n"), "\n")
		if len(entries) == 0 || len(lines) != len(entries)+2 || lines[0] != "[" || lines[len(lines)-1] != "]" {
			t.Errorf("%s: %d entries on %d lines, want one per line between [ and ]:\n%s", p, len(entries), len(lines), out[p])
		}
		for i, e := range entries {
			if e["id"] == nil || e["url"] == nil {
				t.Errorf("%s: entry %d has no id or url: %v", p, i, e)
			}
		}
	}
}

// patchJobs leaves the jobs as they are for a removed path that is not one
// of theirs, rather than taking out the job the index's zero points at.
func TestPatchJobsIgnoresUnknownPaths(t *testing.T) {
	b := NewBuilder(Options{Theme: templates.Default})
	if _, diags := b.Build(siteFS(t, storySite), nil, func(render.Output) error { return nil }); diags.HasErrors() {
		t.Fatalf("build failed:\n%s", formatDiags(diags))
	}
	paths := slices.Clone(b.paths)
	first := b.jobs[0].Path
	b.patchJobs(nil, []string{"no/such/index.html"})
	if !slices.Equal(b.paths, paths) || len(b.jobs) != len(paths) || b.jobs[0].Path != first {
		t.Errorf("an unknown path changed the jobs: %d jobs, first %s", len(b.jobs), b.jobs[0].Path)
	}
}

// TestLargeOutputsRenderEarly checks the order of the render jobs: the
// outputs made of the whole site (open data, the search index), the longest
// to render and write, come right after the home page and the articles'
// pages, before every other page: in a rebuild they run beside the pages
// rather than after them, and a build that renders once has let the
// articles' HTML go by the time their buffers are needed.
func TestLargeOutputsRenderEarly(t *testing.T) {
	b := NewBuilder(Options{Theme: templates.Default, SearchShardSize: 4})
	if _, diags := b.Build(siteFS(t, storySite), nil, func(render.Output) error { return nil }); diags.HasErrors() {
		t.Fatalf("build failed:\n%s", formatDiags(diags))
	}
	large := func(p string) bool {
		return strings.HasPrefix(p, "data/") || regexp.MustCompile(`^search/index-\d+\.js$`).MatchString(p)
	}
	before := func(p string) bool {
		return p == "index.html" || regexp.MustCompile(`^articles/[^/]+/index\.html$`).MatchString(p)
	}
	var order []string // "before", "large", "other", each run once
	for _, j := range b.jobs {
		kind := "other"
		switch {
		case large(j.Path):
			kind = "large"
		case before(j.Path):
			kind = "before"
		}
		if len(order) == 0 || order[len(order)-1] != kind {
			order = append(order, kind)
		}
	}
	if want := []string{"before", "large", "other"}; !slices.Equal(order, want) {
		t.Errorf("jobs in runs of %v, want %v", order, want)
	}
	count := 0
	for _, j := range b.jobs {
		if large(j.Path) {
			count++
		}
	}
	if count < 6 {
		t.Errorf("%d large outputs, want the 3 data files and at least 3 search files", count)
	}
}

// TestSearchIndexShards: the search index is split into files of
// SearchShardSize entries (the newest articles' and statements' files up to
// twice as many), which together hold every document once, in order, and
// which search/index.js lists, each with the index's version.
func TestSearchIndexShards(t *testing.T) {
	const size = 2
	out := mustBuild(t, storySite, Options{SearchShardSize: size})
	one := mustBuild(t, storySite, Options{})
	entry := regexp.MustCompile(`"u":"([^"]+)"`)
	files := regexp.MustCompile(`search/index-\d+\.js`)
	// in the default size, a file for each kind of document
	var want []string
	for _, p := range files.FindAll(one["search/index.js"], -1) {
		for _, m := range entry.FindAllSubmatch(one[string(p)], -1) {
			want = append(want, string(m[1]))
		}
	}
	if len(want) != 9 {
		t.Fatalf("the index holds %d documents, want all 9: %v", len(want), want)
	}
	shards := len(files.FindAll(out["search/index.js"], -1))
	if shards < 3 {
		t.Fatalf("%d entries make %d shards: too few to test", len(want), shards)
	}
	var got []string
	for i := 1; i <= shards; i++ {
		p := fmt.Sprintf("search/index-%d.js", i)
		assertFile(t, out, p, fmt.Sprintf("(window.DOSSIER_SEARCH_PARTS = window.DOSSIER_SEARCH_PARTS || [])[%d] = [", i-1))
		assertFile(t, out, "search/index.js", fmt.Sprintf(`"/news/%s?v=`, p))
		entries := entry.FindAllSubmatch(out[p], -1)
		if len(entries) == 0 || len(entries) >= 2*size {
			t.Errorf("%s holds %d entries, want 1 to %d", p, len(entries), 2*size-1)
		}
		for _, m := range entries {
			got = append(got, string(m[1]))
		}
	}
	if _, ok := out[fmt.Sprintf("search/index-%d.js", shards+1)]; ok {
		t.Errorf("more than the %d shards search/index.js lists", shards)
	}
	if !slices.Equal(got, want) {
		t.Errorf("the shards hold %v, want every document once, in order: %v", got, want)
	}
	assertFile(t, out, "search/index.html", `<script src="/news/search/index.js?v=`)
	if versions := searchFileVersions(t, out); len(versions) != shards {
		t.Errorf("search/index.js gives %d files a version, want all %d", len(versions), shards)
	}
}

// searchFileVersions returns the version search/index.js gives each file
// of the search index, by path, after checking that it is the checksum of
// the file's bytes: what lets a browser keep a file that did not change.
func searchFileVersions(t *testing.T, out map[string][]byte) map[string]string {
	t.Helper()
	versions := map[string]string{}
	table := crc32.MakeTable(crc32.Castagnoli)
	for _, m := range regexp.MustCompile(`"[^"]*/(search/index-\d+\.js)\?v=([0-9a-z]+)"`).FindAllSubmatch(out["search/index.js"], -1) {
		p, v := string(m[1]), string(m[2])
		data, ok := out[p]
		if !ok {
			t.Errorf("search/index.js lists %s, which the build did not make", p)
			continue
		}
		if want := strconv.FormatUint(uint64(crc32.Checksum(data, table)), 36); v != want {
			t.Errorf("search/index.js gives %s the version %s, want its bytes' checksum %s", p, v, want)
		}
		versions[p] = v
	}
	return versions
}

// TestSitemapIndex: past the limit of URLs per sitemap, sitemap.xml is an
// index of sitemaps that together list every page once.
func TestSitemapIndex(t *testing.T) {
	one := mustBuild(t, storySite, Options{})
	var pages []string
	for p := range one {
		if dir, ok := strings.CutSuffix(p, "index.html"); ok {
			pages = append(pages, "https://example.org/news/"+dir)
		}
	}
	type urlset struct {
		XMLName xml.Name
		URLs    []string `xml:"url>loc"`
		Maps    []string `xml:"sitemap>loc"`
	}
	parse := func(out map[string][]byte, p string) urlset {
		var u urlset
		if err := xml.Unmarshal(out[p], &u); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		return u
	}
	if u := parse(one, "sitemap.xml"); u.XMLName.Local != "urlset" || len(u.URLs) != len(pages) {
		t.Fatalf("a small site's sitemap.xml: %s of %d URLs, want a urlset of %d", u.XMLName.Local, len(u.URLs), len(pages))
	}

	const limit = 7
	out := mustBuild(t, storySite, Options{SitemapLimit: limit})
	index := parse(out, "sitemap.xml")
	if index.XMLName.Local != "sitemapindex" || len(index.Maps) != (len(pages)+limit-1)/limit {
		t.Fatalf("sitemap.xml is %s of %d sitemaps, want an index of %d", index.XMLName.Local, len(index.Maps), (len(pages)+limit-1)/limit)
	}
	var listed []string
	for _, loc := range index.Maps {
		p := strings.TrimPrefix(loc, "https://example.org/news/")
		u := parse(out, p)
		if u.XMLName.Local != "urlset" || len(u.URLs) == 0 || len(u.URLs) > limit {
			t.Errorf("%s: %s of %d URLs, want a urlset of 1 to %d", p, u.XMLName.Local, len(u.URLs), limit)
		}
		listed = append(listed, u.URLs...)
	}
	slices.Sort(pages)
	slices.Sort(listed)
	if !slices.Equal(listed, pages) {
		t.Errorf("the sitemaps list %d URLs, want the %d pages once each", len(listed), len(pages))
	}
}

func TestOptions(t *testing.T) {
	out := mustBuild(t, storySite, Options{Drafts: true, BaseURL: "http://localhost:1313/"})
	assertFile(t, out, "articles/draft-one/index.html", "Unfinished")
	assertFile(t, out, "articles/fb-asks/index.html", `href="/entities/facebook/"`, `href="http://localhost:1313/articles/fb-asks/"`)
}

func TestUserTemplateOverridesDefault(t *testing.T) {
	archive := storySite + `
-- templates/page.html --
{{define "main"}}<p class="custom-page">{{.Main.Title}} custom</p>{{end}}
-- templates/static/extra.txt --
hello
`
	out := mustBuild(t, archive, Options{})
	assertFile(t, out, "about/index.html", `<p class="custom-page">About us custom</p>`)
	assertFile(t, out, "static/extra.txt", "hello")
	// Other templates still come from the default theme.
	assertFile(t, out, "articles/fb-asks/index.html", "Facebook asks banks for data")
}

func TestRepeatableOutput(t *testing.T) {
	a := mustBuild(t, storySite, Options{})
	b := mustBuild(t, storySite, Options{})
	if len(a) != len(b) {
		t.Fatalf("%d outputs, then %d", len(a), len(b))
	}
	for p, data := range a {
		if !bytes.Equal(data, b[p]) {
			t.Errorf("%s differs between two builds", p)
		}
	}
}

func TestTemplateErrorsHavePositions(t *testing.T) {
	archive := storySite + `
-- templates/page.html --
{{define "main"}}
<p>{{.Main.Title</p>
{{end}}
`
	_, diags := Build(siteFS(t, archive), Options{Theme: templates.Default})
	if !diags.HasErrors() {
		t.Fatal("broken template built")
	}
	var errs []diag.Diagnostic
	for _, d := range diags {
		if d.Severity == diag.Error {
			errs = append(errs, d)
		}
	}
	if len(errs) != 1 || errs[0].Pos.String() != "templates/page.html:2" {
		t.Errorf("errors %v, want one at templates/page.html:2", errs)
	}
}

func TestEveryProblemReportedAtOnce(t *testing.T) {
	archive := strings.Replace(storySite, "[[facebook]] asked", "[[facebok]] asked", 1)
	archive = strings.Replace(archive, "speaker: hilary-obyrne", "speaker: wsj", 1)
	archive = strings.Replace(archive, "channel: email", "channel: emial", 1)
	_, diags := Build(siteFS(t, archive), Options{Theme: templates.Default})
	want := []string{
		`content/articles/fb-asks.md:16:1: unknown reference "facebok" (did you mean "facebook"?)`,
		`content/statements/wf-obyrne.yaml:2:10: speaker "wsj" is an outlet, not a person`,
		`content/statements/wf-obyrne.yaml:4:10: unknown channel "emial": one of email, interview, press-release, social, filing, event, report (did you mean "email"?)`,
	}
	got := errorLines(diags)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestTemplateRuntimeErrorIsReported(t *testing.T) {
	partials, err := templates.Default.ReadFile("partials.html")
	if err != nil {
		t.Fatal(err)
	}
	broken := strings.Replace(string(partials), `{{define "card"}}`, `{{define "card"}}{{.NoSuchField}}`, 1)
	fsys := siteFS(t, storySite)
	fsys["templates/partials.html"] = &fstest.MapFile{Data: []byte(broken)}
	_, diags := Build(fsys, Options{Theme: templates.Default})
	// at the partial's line and column in the site's file, like a parse error
	line := strings.Count(broken[:strings.Index(broken, "{{.NoSuchField}}")], "\n") + 1
	want := fmt.Sprintf(`templates/partials.html:%d:%d: executing "card" at <.NoSuchField>: can't evaluate field NoSuchField`, line, len(`{{define "card"}}{{`)+1)
	if !diags.HasErrors() || !strings.Contains(formatDiags(diags), want) || !strings.Contains(formatDiags(diags), "(rendering ") {
		t.Errorf("a failing partial gave:\n%s\nwant it to start with %s and name the output", formatDiags(diags), want)
	}
}

// A builder that builds once drops each article's Markdown as it converts
// it, so a next build (after one that failed) loads every file again.
func TestOnceBuilderBuildsAgainInFull(t *testing.T) {
	fsys := siteFS(t, storySite)
	third := "content/articles/third.md"
	good := string(fsys[third].Data)
	fsys[third] = &fstest.MapFile{Data: []byte(strings.Replace(good, "Plain.", "Plain [[nobody]].", 1))}
	b := NewBuilder(Options{Theme: templates.Default, Once: true})
	if _, diags := b.Build(fsys, nil, func(render.Output) error { return nil }); !diags.HasErrors() {
		t.Fatal("a reference to nobody built")
	}
	fsys[third] = &fstest.MapFile{Data: []byte(good)}
	out := map[string][]byte{}
	var mu sync.Mutex
	_, diags := b.Build(fsys, []string{third}, func(o render.Output) error {
		mu.Lock()
		defer mu.Unlock()
		out[o.Path] = bytes.Clone(o.Data)
		return nil
	})
	if diags.HasErrors() {
		t.Fatal(formatDiags(diags))
	}
	fresh, _ := Build(fsys, Options{Theme: templates.Default})
	if len(fresh) != len(out) {
		t.Errorf("%d outputs, a fresh build has %d", len(out), len(fresh))
	}
	for p, data := range fresh {
		if !bytes.Equal(out[p], data) {
			t.Errorf("%s differs from a fresh build", p)
		}
	}
}

// The builder's index of dependents compares an output's dependencies
// before and after in one walk, which needs them sorted by key.
func TestOutputDependenciesSortedByKey(t *testing.T) {
	var mu sync.Mutex
	count := 0
	_, diags := NewBuilder(Options{Theme: templates.Default}).Build(siteFS(t, storySite), nil, func(o render.Output) error {
		mu.Lock()
		defer mu.Unlock()
		count++
		if len(o.Deps) == 0 {
			t.Errorf("%s: no dependencies recorded", o.Path)
		}
		if !slices.IsSortedFunc(o.Deps, func(a, b render.Dep) int { return strings.Compare(a.Key, b.Key) }) {
			t.Errorf("%s: dependencies not sorted by key", o.Path)
		}
		return nil
	})
	if diags.HasErrors() || count == 0 {
		t.Fatalf("build failed (%d outputs):\n%s", count, formatDiags(diags))
	}
}

func TestMissing(t *testing.T) {
	for _, c := range []struct{ before, now, want []string }{
		{nil, []string{"a"}, nil},
		{[]string{"a", "b", "c"}, []string{"a", "b", "c"}, nil},
		{[]string{"a", "b", "c"}, []string{"b"}, []string{"a", "c"}},
		{[]string{"a", "c"}, []string{"a", "b", "c", "d"}, nil},
		{[]string{"a", "b/", "b/c"}, []string{"a", "b/c", "z"}, []string{"b/"}},
		{[]string{"x", "y"}, nil, []string{"x", "y"}},
	} {
		if got := Missing(c.before, c.now); !slices.Equal(got, c.want) {
			t.Errorf("Missing(%q, %q) = %q, want %q", c.before, c.now, got, c.want)
		}
	}
}

// streamSink collects the files written through Options.Stream.
type streamSink struct {
	mu    sync.Mutex
	files map[string]*bytes.Buffer
}

func (s *streamSink) create(path string) (io.WriteCloser, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.files[path] != nil {
		return nil, fmt.Errorf("%s streamed twice", path)
	}
	b := &bytes.Buffer{}
	s.files[path] = b
	return nopCloser{b}, nil
}

type nopCloser struct{ io.Writer }

func (nopCloser) Close() error { return nil }

// failingStream is an Options.Stream whose files fail as a full disk
// does: at creation, at a write or at closing, as fail says.
type failingStream struct{ fail string }

func (s failingStream) create(path string) (io.WriteCloser, error) {
	if s.fail == "create" {
		return nil, &fs.PathError{Op: "open", Path: path, Err: syscall.ENOSPC}
	}
	return failingFile{s.fail}, nil
}

type failingFile struct{ fail string }

func (f failingFile) Write(p []byte) (int, error) {
	if f.fail == "write" {
		return 0, syscall.ENOSPC
	}
	return len(p), nil
}

func (f failingFile) Close() error {
	if f.fail == "close" {
		return syscall.ENOSPC
	}
	return nil
}

// An output that cannot be streamed is a problem of where the outputs go,
// reported at the output as one that cannot be written is, not as an error
// of the theme's templates, which would send an editor looking in the
// wrong place for a full disk.
func TestStreamFailureIsTheOutputsNotTheTemplates(t *testing.T) {
	fsys := corpustest.FS(corpus.Options{Articles: 10, Seed: 9})
	for _, fail := range []string{"create", "write", "close"} {
		opts := Options{Theme: templates.Default, Once: true, Stream: failingStream{fail}.create}
		_, diags := NewBuilder(opts).Build(fsys, nil, func(render.Output) error { return nil })
		if !diags.HasErrors() {
			t.Fatalf("%s failing: the build succeeded", fail)
		}
		for _, d := range diags {
			if d.Severity != diag.Error {
				continue
			}
			if !strings.HasPrefix(d.Pos.File, "data/") && !strings.HasPrefix(d.Pos.File, "search/") ||
				!strings.HasPrefix(d.Msg, "cannot write this output: ") || !strings.Contains(d.Msg, "no space left on device") {
				t.Errorf("%s failing: %s, want the streamed output's path and \"cannot write this output: ...no space left on device\"", fail, d)
			}
		}
	}
}

// A build that streams the outputs made of an entry per document writes
// them as they are made, not through emit, with the bytes a build
// emitting them whole gives; the other outputs are emitted as before.
func TestStreamedOutputsAreTheEmittedOnes(t *testing.T) {
	fsys := corpustest.FS(corpus.Options{Articles: 30, Seed: 9})
	// the pure Build returns every output, even given a stream
	unused := &streamSink{files: map[string]*bytes.Buffer{}}
	opts := Options{Theme: templates.Default, SearchShardSize: 20, Stream: unused.create}
	whole, diags := Build(fsys, opts)
	if diags.HasErrors() {
		t.Fatal(formatDiags(diags))
	}
	if len(unused.files) > 0 || whole["data/statements.json"] == nil {
		t.Errorf("Build streamed %d outputs", len(unused.files))
	}
	sink := &streamSink{files: map[string]*bytes.Buffer{}}
	opts.Once, opts.Stream = true, sink.create
	emitted := map[string][]byte{}
	var mu sync.Mutex
	_, diags = NewBuilder(opts).Build(fsys, nil, func(o render.Output) error {
		mu.Lock()
		defer mu.Unlock()
		if o.Streamed {
			t.Errorf("%s emitted after it was streamed", o.Path)
		}
		emitted[o.Path] = bytes.Clone(o.Data)
		return nil
	})
	if diags.HasErrors() {
		t.Fatal(formatDiags(diags))
	}
	shards := 0
	for p, b := range sink.files {
		if _, ok := emitted[p]; ok {
			t.Errorf("%s both streamed and emitted", p)
		}
		emitted[p] = b.Bytes()
		if strings.HasPrefix(p, "search/index-") {
			shards++
		}
	}
	for _, p := range []string{"data/articles.json", "data/statements.json", "data/entities.json"} {
		if sink.files[p] == nil {
			t.Errorf("%s not streamed", p)
		}
	}
	if shards < 2 {
		t.Errorf("%d files of the search index streamed, want them all (2 or more)", shards)
	}
	if !maps.EqualFunc(emitted, whole, bytes.Equal) {
		for p := range whole {
			if !bytes.Equal(emitted[p], whole[p]) {
				t.Errorf("%s differs when streamed", p)
			}
		}
		t.Errorf("%d outputs, want %d", len(emitted), len(whole))
	}
}

// The sitemap's URLs are escaped as XML where they need it: a base URL
// with an ampersand and a quote is read back whole.
func TestSitemapEscapesURLs(t *testing.T) {
	const base = "https://example.org/r&d/it's/"
	out := mustBuild(t, storySite, Options{BaseURL: base})
	var u struct {
		URLs []string `xml:"url>loc"`
	}
	if err := xml.Unmarshal(out["sitemap.xml"], &u); err != nil {
		t.Fatal(err)
	}
	if len(u.URLs) == 0 {
		t.Fatal("the sitemap lists no URL")
	}
	for _, loc := range u.URLs {
		if !strings.HasPrefix(loc, base) {
			t.Errorf("sitemap URL %q, want it under %q", loc, base)
		}
	}
	if !strings.Contains(string(out["sitemap.xml"]), "r&amp;d/it&#39;s/") {
		t.Error("the base URL is not escaped as encoding/xml escapes it")
	}
}

// An output is stale by a changed key only when it read that key at another
// version, or the key is gone; an output the index lists under a key it no
// longer reads is not (its other keys decide).
func TestReadOtherVersion(t *testing.T) {
	deps := []render.Dep{{Key: "doc:article:a", Version: 1}, {Key: "doc:entity:b", Version: 2}, {Key: "list:timeline:3", Version: 3}}
	for _, c := range []struct {
		key     string
		version uint64
		live    bool
		want    bool
	}{
		{"doc:entity:b", 2, true, false},
		{"doc:entity:b", 5, true, true},
		{"doc:entity:b", 2, false, true},
		{"doc:article:a", 9, true, true},
		{"list:timeline:3", 4, true, true},
		{"doc:entity:c", 7, true, false}, // not read
		{"doc:entity:c", 7, false, false},
	} {
		if got := readOtherVersion(deps, c.key, c.version, c.live); got != c.want {
			t.Errorf("readOtherVersion(%s, %d, live %v) = %v, want %v", c.key, c.version, c.live, got, c.want)
		}
	}
}

// Links written as paths are checked against the site's outputs: from the
// root or from the page, to a page with or without its slash, a file, the
// home page, with a fragment or a query; those that lead nowhere, or out
// of the site, are errors at their place, reported with every other
// problem of the build.
func TestLocalLinksChecked(t *testing.T) {
	good := "More text, a [chart](/static/chart.txt) and [elsewhere](https://example.com/x).\n\n" +
		"[Second](/articles/second/), [no slash](/articles/second), [relative](../second/#top), " +
		"[home](/), [about](/about/?from=story), [feed](/feed.xml), [here](#background), [topic](/tags/privacy/).\n"
	archive := strings.Replace(storySite, "More text, a [chart](/static/chart.txt) and [elsewhere](https://example.com/x).\n", good, 1)
	if out := mustBuild(t, archive, Options{}); out["articles/fb-asks/index.html"] == nil {
		t.Fatal("no article page")
	}

	bad := good + "\nA [gone](/articles/gone/) page, a [missing](../../static/missing.png) file,\n" +
		"![map](/static/map.png) and [out](../../../../etc/passwd).\n"
	archive = strings.Replace(storySite, "More text, a [chart](/static/chart.txt) and [elsewhere](https://example.com/x).\n", bad, 1)
	archive = strings.Replace(archive, "[[facebook]] asked", "[[facebok]] asked", 1) // and a reference error
	_, diags := Build(siteFS(t, archive), Options{Theme: templates.Default})
	got := errorLines(diags)
	want := []string{
		`content/articles/fb-asks.md:16:1: unknown reference "facebok" (did you mean "facebook"?)`,
		`content/articles/fb-asks.md:26:3: link "/articles/gone/" leads to no page or file of the site (link a document with [[id]], which is checked and follows it when it moves)`,
		`content/articles/fb-asks.md:26:35: link "../../static/missing.png" leads to no page or file of the site (link a document with [[id]], which is checked and follows it when it moves)`,
		`content/articles/fb-asks.md:27:1: link "/static/map.png" leads to no page or file of the site (link a document with [[id]], which is checked and follows it when it moves)`,
		`content/articles/fb-asks.md:27:29: link "../../../../etc/passwd" leads out of the site`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// In watch mode a link is checked again when what it leads to goes away.
func TestIncrementalLocalLinkToDeletedPage(t *testing.T) {
	archive := strings.Replace(storySite, "[elsewhere](https://example.com/x)", "[the second](/articles/second/)", 1)
	inc := newIncremental(t, archive)
	delete(inc.fsys, "content/articles/second.md")
	_, diags := inc.b.Build(inc.fsys, []string{"content/articles/second.md"}, func(render.Output) error { return nil })
	if !strings.Contains(diags.Error(), `link "/articles/second/" leads to no page`) {
		t.Errorf("the linked page deleted: %v", diags)
	}
	inc.write("content/articles/second.md", "---\ntitle: Second\ndate: 2018-08-08\n---\nBack.\n")
	inc.assertSameAsFresh("the linked page back")

	// a link written anew, in prose edited in place and in a player's
	// description, is checked as in a full build
	for _, edit := range []struct{ file, text string }{
		{"content/articles/third.md", "---\ntitle: Third\ndate: 2018-09\ntags: [privacy]\n---\nNow a [lost](/articles/lost/) link.\n"},
		{"content/entities/wsj.yaml", "name: The Wall Street Journal\nkind: outlet\ndescription: See [the lost page](../../lost/).\n"},
	} {
		old := inc.fsys[edit.file]
		inc.fsys[edit.file] = &fstest.MapFile{Data: []byte(edit.text)}
		_, diags := inc.b.Build(inc.fsys, []string{edit.file}, func(render.Output) error { return nil })
		if !strings.Contains(diags.Error(), "leads to no page") {
			t.Errorf("%s with a link to nothing: %v", edit.file, diags)
		}
		inc.fsys[edit.file] = old
		if !inc.build([]string{edit.file}) {
			t.Fatalf("%s put back: the build failed", edit.file)
		}
	}
}

// A card is shown once on a page: a statement an article embeds is not
// listed again under "Statements cited", and an outlet's own statements,
// listed as its statements, not again as statements it reported.
func TestCardsShownOncePerPage(t *testing.T) {
	out := mustBuild(t, acmeSite+`
-- content/entities/daily.yaml --
name: The Daily
kind: outlet
-- content/statements/daily-own.yaml --
org: daily
date: 2018-08-06
channel: report
quote: The Daily's own words.
reported_by:
  - outlet: daily
-- content/statements/acme-said.yaml --
org: acme
date: 2018-08-07
quote: Acme's words.
reported_by:
  - outlet: daily
-- content/articles/story.md --
---
title: Story
date: 2018-08-08
---
As [[acme-said]] has it:

![[daily-own]]
`, Options{})
	page := string(out["articles/story/index.html"])
	if n := strings.Count(page, "The Daily&#39;s own words."); n != 1 {
		t.Errorf("the embedded statement shown %d times on the article's page", n)
	}
	if !strings.Contains(page, "Statements cited") || strings.Count(page, "Acme&#39;s words.") != 1 {
		t.Errorf("the linked statement is not listed once under Statements cited")
	}
	daily := string(out["entities/daily/index.html"])
	if n := strings.Count(daily, "The Daily&#39;s own words."); n != 1 {
		t.Errorf("the outlet's own statement shown %d times on its page", n)
	}
	if !strings.Contains(daily, `Statements reported <span class="count">(1)</span>`) || strings.Count(daily, "Acme&#39;s words.") != 1 {
		t.Errorf("the outlet's page does not list Acme's statement alone as reported:\n%s", daily)
	}
}

// A link into the folder of a document whose ID two files claim is not
// reported besides the claim: neither has a page until one is renamed.
func TestLocalLinkToContestedID(t *testing.T) {
	archive := strings.Replace(storySite, "[elsewhere](https://example.com/x)", "[the bank](/entities/wells-fargo/)", 1)
	archive += "-- content/articles/wells-fargo.md --\n---\ntitle: Copy\ndate: 2018-08-09\n---\nText.\n"
	_, diags := Build(siteFS(t, archive), Options{Theme: templates.Default})
	errs := errorLines(diags)
	if len(errs) != 2 || !strings.Contains(errs[0], `also has the ID "wells-fargo"`) || !strings.Contains(errs[1], `also has the ID "wells-fargo"`) {
		t.Errorf("errors: %s", strings.Join(errs, "\n"))
	}
}

// A speaker's statements of one month share a heading, but not a title in
// a browser's tabs and history: it carries the start of the quotation.
func TestStatementTitlesTellApart(t *testing.T) {
	out := mustBuild(t, acmeSite+`
-- content/statements/acme-1.yaml --
org: acme
date: 2018-08
quote: We never shared any customer data with anyone, and we will not start now that we are asked.
-- content/statements/acme-2.yaml --
org: acme
date: 2018-08
paraphrase: true
quote: Acme declined to comment.
`, Options{})
	for p, want := range map[string]string{
		"statements/acme-1/index.html": "<title>Statement by Acme, August 2018: “We never shared any customer data with anyone, and we will…” — T</title>",
		"statements/acme-2/index.html": "<title>Statement by Acme, August 2018: Acme declined to comment. — T</title>",
	} {
		assertFile(t, out, p, want, "<h1>Statement by Acme, August 2018</h1>")
	}
	// and the feeds' entries likewise
	assertFile(t, out, "entities/acme/feed.xml", "<title>Statement by Acme (August 2018): Acme declined to comment.</title>")
}

// errorLines are the errors of diags, as printed, warnings left out.
func errorLines(diags diag.List) []string {
	var lines []string
	for _, d := range diags {
		if d.Severity != diag.Warning {
			lines = append(lines, d.String())
		}
	}
	return lines
}

// acmeSite is the start of a small site: its settings and one company.
const acmeSite = `
-- content/site.yaml --
title: T
-- content/entities/acme.yaml --
name: Acme
kind: company`

// An output that cannot be written is reported as such, at its path: not
// as a problem of the templates, which are fine.
func TestWriteErrorNamesTheOutput(t *testing.T) {
	b := NewBuilder(Options{Theme: templates.Default})
	full := errors.New("no space left on device")
	_, diags := b.Build(siteFS(t, storySite), nil, func(o render.Output) error {
		if o.Path == "timeline/index.html" {
			return full
		}
		return nil
	})
	var errs []diag.Diagnostic
	for _, d := range diags {
		if d.Severity == diag.Error {
			errs = append(errs, d)
		}
	}
	if len(errs) != 1 || errs[0].Pos.File != "timeline/index.html" || !strings.Contains(errs[0].Msg, "cannot write this output: no space left on device") {
		t.Fatalf("got %v, want one error at timeline/index.html saying it cannot be written", errs)
	}
}

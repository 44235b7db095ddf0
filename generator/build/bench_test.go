package build

import (
	"bytes"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/fstest"

	"github.com/dossier-news/dossier/generator/content"
	"github.com/dossier-news/dossier/generator/corpus"
	"github.com/dossier-news/dossier/generator/corpus/corpustest"
	"github.com/dossier-news/dossier/generator/output"
	"github.com/dossier-news/dossier/generator/render"
	"github.com/dossier-news/dossier/templates"
	"github.com/yuin/goldmark"
)

var (
	benchOnce  sync.Once
	benchFiles fstest.MapFS
)

func benchCorpus(b *testing.B) fstest.MapFS {
	benchOnce.Do(func() {
		benchFiles = fstest.MapFS{}
		for p, data := range corpus.Generate(corpus.Options{Articles: corpustest.Articles(b), Seed: 1}) {
			benchFiles[p] = &fstest.MapFile{Data: data}
		}
	})
	// each benchmark edits its own copy
	fsys := make(fstest.MapFS, len(benchFiles))
	for p, f := range benchFiles {
		fsys[p] = &fstest.MapFile{Data: f.Data}
	}
	return fsys
}

// countingEmit discards outputs, counting their bytes.
func countingEmit(total *atomic.Int64) Emit {
	return func(o render.Output) error {
		total.Add(int64(len(o.Data)))
		return nil
	}
}

// BenchmarkGoldmarkFloor is the floor: plain goldmark converting every
// article's Markdown, on every core, with nothing else.
func BenchmarkGoldmarkFloor(b *testing.B) { goldmarkFloor(b, false) }

// BenchmarkGoldmarkFloorWrite is the floor with output: plain goldmark
// converting every article and writing each as a page of its own.
func BenchmarkGoldmarkFloorWrite(b *testing.B) { goldmarkFloor(b, true) }

// BenchmarkGoldmarkFloorSiteWrite is the floor over every page with
// Markdown of its own, as the performance issue counts pages: each article's
// body, each statement's quote and each entity's description converted by
// plain goldmark and written as a page (41,000 at 10,000 articles). Reading
// the quotes and descriptions out of their YAML happens before the timer.
func BenchmarkGoldmarkFloorSiteWrite(b *testing.B) { goldmarkFloor(b, true, "statement", "entity") }

type floorPage struct {
	path string
	body []byte
}

// floorPages are the pages of the floor: the articles', and those of the
// other kinds of content asked for.
func floorPages(b *testing.B, fsys fstest.MapFS, kinds ...string) []floorPage {
	var pages []floorPage
	for p, f := range fsys {
		kind := content.Kind(p)
		page := floorPage{path: path.Base(strings.TrimSuffix(p, path.Ext(p))) + "/index.html"}
		switch {
		case kind == "article":
			_, body, _ := strings.Cut(string(f.Data[4:]), "\n---\n")
			page.path, page.body = "articles/"+page.path, []byte(body)
		case !slices.Contains(kinds, kind):
			continue
		case kind == "statement":
			doc, diags := content.LoadFile(p, f.Data)
			if diags.HasErrors() {
				b.Fatal(diags)
			}
			page.path, page.body = "statements/"+page.path, []byte(doc.Statement.Quote)
		case kind == "entity":
			doc, diags := content.LoadFile(p, f.Data)
			if diags.HasErrors() {
				b.Fatal(diags)
			}
			page.path, page.body = "entities/"+page.path, doc.Entity.Description.Source
		default:
			continue
		}
		pages = append(pages, page)
	}
	return pages
}

func goldmarkFloor(b *testing.B, write bool, kinds ...string) {
	pages := floorPages(b, benchCorpus(b), kinds...)
	md := goldmark.New()
	b.ResetTimer()
	for b.Loop() {
		out := ""
		if write {
			out = corpustest.OutDir(b)
		}
		var wg sync.WaitGroup
		workers := runtime.GOMAXPROCS(0)
		for w := range workers {
			wg.Go(func() {
				var buf bytes.Buffer
				for i := w; i < len(pages); i += workers {
					buf.Reset()
					if err := md.Convert(pages[i].body, &buf); err != nil {
						b.Error(err)
					}
					if write {
						// what a program of goldmark alone would do: no
						// staging, no comparison with an older file
						target := filepath.Join(out, filepath.FromSlash(pages[i].path))
						err := os.MkdirAll(filepath.Dir(target), 0o755)
						if err == nil {
							err = os.WriteFile(target, buf.Bytes(), 0o644)
						}
						if err != nil {
							b.Error(err)
						}
					}
				}
			})
		}
		wg.Wait()
	}
	b.ReportMetric(float64(len(pages)), "pages")
}

// BenchmarkFullBuild is a one-shot build, as `dossier build` makes, with the
// outputs discarded.
func BenchmarkFullBuild(b *testing.B) {
	fsys := benchCorpus(b)
	var total atomic.Int64
	b.ResetTimer()
	for b.Loop() {
		total.Store(0)
		res, diags := NewBuilder(Options{Theme: templates.Default, Once: true}).Build(fsys, nil, countingEmit(&total))
		if diags.HasErrors() {
			b.Fatal(diags)
		}
		b.ReportMetric(float64(res.Stats.Outputs), "outputs")
	}
	b.ReportMetric(float64(total.Load())/1e6, "MB")
}

// rebuildBench measures one rebuild after edit changes the files it returns.
func rebuildBench(b *testing.B, edit func(fsys fstest.MapFS, i int) []string) {
	fsys := benchCorpus(b)
	builder := NewBuilder(Options{Theme: templates.Default})
	var total atomic.Int64
	if _, diags := builder.Build(fsys, nil, countingEmit(&total)); diags.HasErrors() {
		b.Fatal(diags)
	}
	// the first build's garbage collected before the timer starts, as
	// watch mode collects it while the author reads: otherwise whichever
	// rebuilds the collector lands in pay for it, and 40 rebuilds of a
	// statement's words took from 4 to 19 ms each at 10,000 articles
	runtime.GC()
	rendered := 0
	i := 0
	b.ResetTimer()
	for b.Loop() {
		i++
		changed := edit(fsys, i)
		res, diags := builder.Build(fsys, changed, countingEmit(&total))
		if diags.HasErrors() {
			b.Fatal(diags)
		}
		rendered = res.Stats.Rendered
	}
	b.ReportMetric(float64(rendered), "rendered")
}

func BenchmarkNoChangeRebuild(b *testing.B) {
	rebuildBench(b, func(fstest.MapFS, int) []string { return []string{} })
}

func appendToFile(fsys fstest.MapFS, p, text string) []string {
	f := fsys[p]
	fsys[p] = &fstest.MapFile{Data: append(bytes.Clone(f.Data), text...)}
	return []string{p}
}

func BenchmarkArticleEdit(b *testing.B) {
	rebuildBench(b, func(fsys fstest.MapFS, i int) []string {
		return appendToFile(fsys, "content/articles/0/article-7.md", "\nEdit number "+strconv.Itoa(i)+".\n")
	})
}

// BenchmarkArticleLinkEdit: one article's edit adds a reference to an
// entity, or takes it away again, which changes backlinks and lists.
func BenchmarkArticleLinkEdit(b *testing.B) {
	rebuildBench(b, func(fsys fstest.MapFS, i int) []string {
		p := "content/articles/0/article-7.md"
		if i%2 == 0 {
			fsys[p] = &fstest.MapFile{Data: benchFiles[p].Data}
			return []string{p}
		}
		return appendToFile(fsys, p, "\nSee also [[entity-5]].\n")
	})
}

func BenchmarkStatementEdit(b *testing.B) {
	rebuildBench(b, func(fsys fstest.MapFS, i int) []string {
		p := "content/statements/0/statement-7-1.yaml"
		text := string(benchFiles[p].Data)
		text = strings.Replace(text, "quote: >-\n", "quote: >-\n  Edit number "+strconv.Itoa(i)+".\n", 1)
		fsys[p] = &fstest.MapFile{Data: []byte(text)}
		return []string{p}
	})
}

// toggleLines measures edits that set front-matter lines of file p (each
// key and its new line, as in "about: [entity-5]") on odd iterations and
// put the file back as it was on even ones.
func toggleLines(b *testing.B, p string, lines ...string) {
	rebuildBench(b, func(fsys fstest.MapFS, i int) []string {
		text := string(benchFiles[p].Data)
		for _, line := range lines {
			if i%2 == 1 {
				key, _, _ := strings.Cut(line, ":")
				text = regexp.MustCompile(`(?m)^`+key+`: .*$`).ReplaceAllLiteralString(text, line)
			}
		}
		fsys[p] = &fstest.MapFile{Data: []byte(text)}
		return []string{p}
	})
}

// BenchmarkStatementLinkEdit: one statement's subjects change, or change
// back, which changes entities' lists and timelines.
func BenchmarkStatementLinkEdit(b *testing.B) {
	toggleLines(b, "content/statements/0/statement-7-1.yaml", "about: [entity-5]")
}

// BenchmarkArticleTagEdit: one article's tags change, or change back, which
// moves it between tags' lists and changes related articles.
func BenchmarkArticleTagEdit(b *testing.B) {
	toggleLines(b, "content/articles/0/article-7.md", "tags: [tag-1, tag-2]")
}

// BenchmarkArticleNewTag: one article takes a tag no document had, or
// leaves it again: the site has a tag more or less, and its pages come or
// go (the graph is updated in place; the renderer makes its jobs again).
func BenchmarkArticleNewTag(b *testing.B) {
	toggleLines(b, "content/articles/0/article-7.md", "tags: [brand-new]")
}

// BenchmarkArticleDateEdit: one article's date changes, or changes back,
// which moves it in every list it is in, the site's and its tags' and
// players', and changes related articles around both places.
func BenchmarkArticleDateEdit(b *testing.B) {
	toggleLines(b, "content/articles/0/article-7.md", "date: 2001-06-15")
}

// BenchmarkArticleDateMoves: each edit moves another article, far from
// the last, to a date years from its own, as an author working through
// the story would; ArticleDateEdit moves the same article to and fro,
// which finds the articles near it as it left them.
func BenchmarkArticleDateMoves(b *testing.B) {
	articles := corpustest.Articles(b)
	dateLine := regexp.MustCompile(`(?m)^date: .*$`)
	rebuildBench(b, func(fsys fstest.MapFS, i int) []string {
		n := i * 3571 % articles
		p := "content/articles/" + strconv.Itoa(n/1000) + "/article-" + strconv.Itoa(n) + ".md"
		date := "date: " + strconv.Itoa(2000+i*7%20) + "-0" + strconv.Itoa(1+i%9) + "-1" + strconv.Itoa(i%10)
		text := dateLine.ReplaceAllLiteralString(string(fsys[p].Data), date)
		fsys[p] = &fstest.MapFile{Data: []byte(text)}
		return []string{p}
	})
}

// BenchmarkArticleAdd: a new article, a file of its own, with tags in use,
// references to entities, an article and a statement, and an embed, dated
// 2001 (a third of the way from the oldest).
func BenchmarkArticleAdd(b *testing.B) { addArticles(b, "added", "2001-06-15") }

// BenchmarkArticleAddNewest: the same, the newest, as a story's next piece
// is: the lists shown newest first change on their first pages only (but
// once in a page size, when their first pages split).
func BenchmarkArticleAddNewest(b *testing.B) { addArticles(b, "newest", "2030-06-15") }

// addArticles adds a new article named name-i, dated date, for each edit.
func addArticles(b *testing.B, name, date string) {
	rebuildBench(b, func(fsys fstest.MapFS, i int) []string {
		p := "content/articles/new/" + name + "-" + strconv.Itoa(i) + ".md"
		fsys[p] = &fstest.MapFile{Data: []byte("---\ntitle: Added " + strconv.Itoa(i) + "\ndate: " + date + "\ntags: [tag-3, tag-35]\nentities: [entity-9]\n---\n" +
			"About [[entity-5]] and [[article-7]].\n\n![[statement-7-1]]\n")}
		return []string{p}
	})
}

// BenchmarkStatementDateEdit: one statement's date changes, or changes
// back, which moves it in its speaker's, organization's, subjects', topic's
// and the site's lists.
func BenchmarkStatementDateEdit(b *testing.B) {
	toggleLines(b, "content/statements/0/statement-7-1.yaml", "date: 2001-06-15")
}

// BenchmarkStatementAdd: a new statement, a file of its own: a copy of one
// (its organization, speaker, subjects, topic and outlet) with other words
// and another date, in 2001.
func BenchmarkStatementAdd(b *testing.B) { addStatements(b, "said", "2001-06-15") }

// BenchmarkStatementAddNewest: the same, the newest.
func BenchmarkStatementAddNewest(b *testing.B) { addStatements(b, "newest", "2030-06-15") }

// addStatements adds a copy of a statement named name-i, dated date, with
// other words, for each edit.
func addStatements(b *testing.B, name, date string) {
	rebuildBench(b, func(fsys fstest.MapFS, i int) []string {
		text := string(benchFiles["content/statements/0/statement-7-1.yaml"].Data)
		text = regexp.MustCompile(`(?m)^date: .*$`).ReplaceAllString(text, "date: "+date)
		text = strings.Replace(text, "quote: >-\n", "quote: >-\n  Said "+strconv.Itoa(i)+".\n", 1)
		p := "content/statements/new/" + name + "-" + strconv.Itoa(i) + ".yaml"
		fsys[p] = &fstest.MapFile{Data: []byte(text)}
		return []string{p}
	})
}

// BenchmarkStatementTopicEdit: one statement's topic and stance change, or
// change back. Its old topic has 1,201 items at 10,000 articles: a page of it
// comes and goes with each edit.
func BenchmarkStatementTopicEdit(b *testing.B) {
	toggleLines(b, "content/statements/0/statement-7-1.yaml", "topics: [tag-3]", "stance: ponders")
}

// BenchmarkEntityEdit: a person's website and role change, or change back;
// the role shows in every card of their statements.
func BenchmarkEntityEdit(b *testing.B) {
	person := firstBenchFile(b, func(p string, _ []byte) bool { return strings.HasPrefix(p, "content/entities/person/") })
	toggleLines(b, person, "url: https://example.org/edited", "role: Head of communications")
}

// firstBenchFile is the first path, in sorted order, of the benchmarks'
// corpus for which match reports true.
func firstBenchFile(b *testing.B, match func(p string, data []byte) bool) string {
	benchCorpus(b)
	first := ""
	for p, f := range benchFiles {
		if match(p, f.Data) && (first == "" || p < first) {
			first = p
		}
	}
	if first == "" {
		b.Fatal("no file of the corpus fits the benchmark")
	}
	return first
}

// BenchmarkEntityRename: a bank's name changes, or changes back: every
// page naming it, and the index of entities.
func BenchmarkEntityRename(b *testing.B) {
	toggleLines(b, "content/entities/bank/entity-1.yaml", "name: Aardvark Bank")
}

// BenchmarkEntityLinkEdit: a bank's description refers to other documents,
// or to those it did: the documents it leaves and joins list it among their
// backlinks, or no longer.
func BenchmarkEntityLinkEdit(b *testing.B) {
	toggleLines(b, "content/entities/bank/entity-1.yaml", "description: See [[article-7]] and [[entity-5]].")
}

// BenchmarkEntityOrgEdit: a person moves to another organization, or back:
// both organizations' people and backlinks, and every page naming them.
func BenchmarkEntityOrgEdit(b *testing.B) {
	person := firstBenchFile(b, func(p string, data []byte) bool {
		return strings.HasPrefix(p, "content/entities/person/") && bytes.Contains(data, []byte("\norg: "))
	})
	toggleLines(b, person, "org: entity-1")
}

// BenchmarkEntityKindEdit: a company becomes an organization, or back: every
// page naming it, and the index of entities, which is by kind.
func BenchmarkEntityKindEdit(b *testing.B) {
	company := firstBenchFile(b, func(p string, _ []byte) bool { return strings.HasPrefix(p, "content/entities/company/") })
	toggleLines(b, company, "kind: organization")
}

// BenchmarkEntityAdd: a new person at a bank, a file of their own.
func BenchmarkEntityAdd(b *testing.B) {
	rebuildBench(b, func(fsys fstest.MapFS, i int) []string {
		p := "content/entities/new/person-" + strconv.Itoa(i) + ".yaml"
		fsys[p] = &fstest.MapFile{Data: []byte("name: New Person " + strconv.Itoa(i) + "\nkind: person\norg: entity-1\nrole: Spokesperson\n")}
		return []string{p}
	})
}

// BenchmarkEntityWebsiteEdit: an entity's website changes, or changes back,
// which only its own page and the site-wide outputs show.
func BenchmarkEntityWebsiteEdit(b *testing.B) {
	toggleLines(b, "content/entities/bank/entity-1.yaml", "url: https://example.org/edited")
}

func BenchmarkTemplateEdit(b *testing.B) {
	rebuildBench(b, func(fsys fstest.MapFS, i int) []string {
		data, _ := templates.Default.ReadFile("statement.html")
		fsys["templates/statement.html"] = &fstest.MapFile{Data: append(data, "\n{{/* edit "+strconv.Itoa(i)+" */}}"...)}
		return []string{"templates/statement.html"}
	})
}

// BenchmarkFullBuildWrite is a whole build written through the staging
// folder, as `dossier build` does.
func BenchmarkFullBuildWrite(b *testing.B) {
	fsys := benchCorpus(b)
	b.ResetTimer()
	for b.Loop() {
		stage, err := output.NewStage(corpustest.OutDir(b))
		if err != nil {
			b.Fatal(err)
		}
		_, diags := NewBuilder(Options{Theme: templates.Default, Once: true}).Build(fsys, nil, func(o render.Output) error {
			return stage.Write(o.Path, o.Data)
		})
		if diags.HasErrors() {
			b.Fatal(diags)
		}
		if err := stage.Commit(); err != nil {
			b.Fatal(err)
		}
	}
}

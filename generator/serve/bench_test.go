package serve

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/dossier-news/dossier/generator/build"
	"github.com/dossier-news/dossier/generator/corpus"
	"github.com/dossier-news/dossier/generator/corpus/corpustest"
	"github.com/dossier-news/dossier/templates"
)

// watchBench times what watch mode does once an editor's save has been
// debounced: from the batch of changed paths to every affected output
// written to the output folder, on a corpus of DOSSIER_BENCH_ARTICLES
// articles (1,000 by default) read from disk. The output goes under
// DOSSIER_BENCH_OUT (/dev/shm for steady figures), else a temporary folder.
func watchBench(b *testing.B, edit func(source string, i int) []string) {
	source := b.TempDir()
	if err := corpus.Write(source, corpus.Generate(corpus.Options{Articles: corpustest.Articles(b), Seed: 1})); err != nil {
		b.Fatal(err)
	}
	out := corpustest.OutDir(b)
	s := New(Options{Source: source, Out: out, Build: build.Options{Theme: templates.Default}})
	if r := s.Rebuild(Batch{}); r.Failed {
		b.Fatal("the first build failed")
	}
	// what the idle collector started after the first build, done before
	// the first edit, as it is seconds later in watch mode
	for s.idle.running.Load() {
		time.Sleep(time.Millisecond)
	}
	var last Result
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		b.StopTimer()
		paths := edit(source, i)
		b.StartTimer()
		last = s.Rebuild(Batch{Paths: paths})
		if last.Failed || last.Written == 0 {
			b.Fatalf("edit %d: %+v", i, last)
		}
	}
	b.ReportMetric(float64(last.Rendered), "rendered")
	b.ReportMetric(float64(last.Written), "written")
}

// fileEditor returns an edit that rewrites one source file with the i-th
// change applied to its first version, so that every edit is new and of
// about the same size.
func fileEditor(b *testing.B, rel string, change func(text string, i int) string) func(source string, i int) []string {
	var original []byte
	return func(source string, i int) []string {
		p := filepath.Join(source, filepath.FromSlash(rel))
		if original == nil {
			var err error
			if original, err = os.ReadFile(p); err != nil {
				b.Fatal(err)
			}
		}
		if err := os.WriteFile(p, []byte(change(string(original), i)), 0o644); err != nil {
			b.Fatal(err)
		}
		return []string{rel}
	}
}

func BenchmarkWatchArticleEdit(b *testing.B) {
	watchBench(b, fileEditor(b, "content/articles/0/article-7.md", func(text string, i int) string {
		return text + "\nEdit number " + strconv.Itoa(i) + ".\n"
	}))
}

// BenchmarkWatchArticleLinkEdit: the edit adds a reference to an entity,
// or takes it away again, changing backlinks, lists and timelines.
func BenchmarkWatchArticleLinkEdit(b *testing.B) {
	watchBench(b, fileEditor(b, "content/articles/0/article-7.md", func(text string, i int) string {
		if i%2 == 1 {
			return text
		}
		return text + "\nSee also [[entity-5]].\n"
	}))
}

func BenchmarkWatchStatementEdit(b *testing.B) {
	watchBench(b, fileEditor(b, "content/statements/0/statement-7-1.yaml", func(text string, i int) string {
		return strings.Replace(text, "quote: >-\n", "quote: >-\n  Edit number "+strconv.Itoa(i)+".\n", 1)
	}))
}

// BenchmarkWatchArticleDateEdit: the article's date moves to 2001, or back,
// moving it in every list it is in and changing the pages between its two
// places, each written.
func BenchmarkWatchArticleDateEdit(b *testing.B) {
	date := regexp.MustCompile(`(?m)^date: .*$`)
	watchBench(b, fileEditor(b, "content/articles/0/article-7.md", func(text string, i int) string {
		if i%2 == 1 {
			return text
		}
		return date.ReplaceAllLiteralString(text, "date: 2001-06-15")
	}))
}

package build

import (
	"os"
	"runtime/pprof"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"testing/fstest"
	"time"

	"github.com/dossier-news/dossier/templates"
)

func BenchmarkZZProfileEdits(b *testing.B) {
	fsys := benchCorpus(b)
	builder := NewBuilder(Options{Theme: templates.Default})
	var total atomic.Int64
	if _, diags := builder.Build(fsys, nil, countingEmit(&total)); diags.HasErrors() {
		b.Fatal(diags)
	}
	f, _ := os.Create("/tmp/edit.prof")
	pprof.StartCPUProfile(f)
	for i := range 10 {
		for _, edit := range []func() []string{
			func() []string {
				return appendToFile(fsys, "content/articles/0/article-7.md", "\nEdit number "+strconv.Itoa(i)+".\n")
			},
			func() []string {
				p := "content/statements/0/statement-7-1.yaml"
				text := string(benchFiles[p].Data)
				text = strings.Replace(text, "quote: >-\n", "quote: >-\n  Edit number "+strconv.Itoa(i)+".\n", 1)
				fsys[p] = &fstest.MapFile{Data: []byte(text)}
				return []string{p}
			},
		} {
			start := time.Now()
			changed := edit()
			res, _ := builder.Build(fsys, changed, countingEmit(&total))
			b.Logf("%v rendered %d in %v", changed, res.Stats.Rendered, time.Since(start))
		}
	}
	pprof.StopCPUProfile()
	f.Close()
}

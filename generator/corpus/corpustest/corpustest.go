// Package corpustest holds what the tests and benchmarks of several
// packages share: a generated site as a file system, and, set from the
// environment, the benchmarks' corpus size and where their output goes.
package corpustest

import (
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"testing/fstest"

	"github.com/dossier-news/dossier/generator/corpus"
)

// FS is the site corpus.Generate makes with opts, in memory.
func FS(opts corpus.Options) fstest.MapFS {
	fsys := fstest.MapFS{}
	for p, data := range corpus.Generate(opts) {
		fsys[p] = &fstest.MapFile{Data: data}
	}
	return fsys
}

// Articles is the corpus size of the benchmarks: 1,000 articles by default
// (what CI runs), DOSSIER_BENCH_ARTICLES=10000 for the figures in
// BENCHMARKS.md.
func Articles(tb testing.TB) int {
	s := os.Getenv("DOSSIER_BENCH_ARTICLES")
	if s == "" {
		return 1000
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 {
		tb.Fatalf("DOSSIER_BENCH_ARTICLES=%q: want a number of articles", s)
	}
	return n
}

// OutDir is a new, empty folder for a benchmark's output, removed when it
// ends: under DOSSIER_BENCH_OUT (/dev/shm for figures that do not swing
// with the disk), else a temporary folder.
func OutDir(tb testing.TB) string {
	dir := os.Getenv("DOSSIER_BENCH_OUT")
	if dir == "" {
		return filepath.Join(tb.TempDir(), "public")
	}
	d, err := os.MkdirTemp(dir, "dossier-bench-")
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { os.RemoveAll(d) })
	return filepath.Join(d, "public")
}

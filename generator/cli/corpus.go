package cli

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/dossier-news/dossier/generator/corpus"
)

// runCorpus writes a synthetic site for benchmarks: content/ under --out.
func runCorpus(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("corpus", flag.ContinueOnError)
	articles := fs.Int("articles", 1000, "number of articles (3 statements each)")
	seed := fs.Uint64("seed", 1, "random seed; the same seed gives the same corpus")
	out := fs.String("out", "", "folder to write content/ into (must not exist yet)")
	if code, ok := parse(fs, args, stdout, stderr); !ok {
		return code
	}
	if *out == "" || *articles < 1 {
		fmt.Fprintln(stderr, "dossier corpus: --out is required and --articles must be positive")
		return ExitUsage
	}
	if _, err := os.Stat(filepath.Join(*out, "content")); err == nil {
		fmt.Fprintf(stderr, "dossier corpus: %s already has a content/ folder\n", *out)
		return ExitUsage
	}
	files := corpus.Generate(corpus.Options{Articles: *articles, Seed: *seed})
	if err := corpus.Write(*out, files); err != nil {
		fmt.Fprintf(stderr, "dossier corpus: %v\n", err)
		return ExitInvalid
	}
	fmt.Fprintf(stdout, "wrote %d files under %s\n", len(files), *out)
	return ExitOK
}

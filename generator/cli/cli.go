// Package cli is Dossier's command line: build, check and serve, their flags
// and exit codes. Run is the whole program, so tests call it directly.
package cli

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"sort"
	"strings"
	"time"

	"github.com/dossier-news/dossier/generator/build"
	"github.com/dossier-news/dossier/generator/content"
	"github.com/dossier-news/dossier/generator/diag"
	"github.com/dossier-news/dossier/generator/output"
	"github.com/dossier-news/dossier/generator/render"
	"github.com/dossier-news/dossier/templates"
)

// Exit codes.
const (
	ExitOK      = 0
	ExitInvalid = 1 // the site has errors, or the build failed
	ExitUsage   = 2 // the command line is wrong
)

const usage = `Dossier builds a cross-referenced news site from content/ and templates/.

Usage:
  dossier build [flags]   build the site into public/
  dossier check [flags]   validate everything, write nothing
  dossier serve [flags]   build, serve on 127.0.0.1:1313, rebuild on change
  dossier corpus [flags]  write a synthetic site of any size, for benchmarks
  dossier help            show this help

Run "dossier COMMAND -h" for a command's flags.
`

// Run runs the command line args and returns the exit code.
func Run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return ExitUsage
	}
	switch args[0] {
	case "build":
		return runBuild(args[1:], stdout, stderr)
	case "check":
		return runCheck(args[1:], stdout, stderr)
	case "serve":
		return runServe(ctx, args[1:], stdout, stderr)
	case "corpus":
		return runCorpus(args[1:], stdout, stderr)
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, usage)
		return ExitOK
	}
	fmt.Fprintf(stderr, "dossier: unknown command %q\n\n%s", args[0], usage)
	return ExitUsage
}

// siteFlags are the flags every command that reads a site has.
type siteFlags struct {
	source  string
	drafts  bool
	baseURL string
}

func (s *siteFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&s.source, "source", ".", "folder holding content/ and templates/")
	fs.BoolVar(&s.drafts, "drafts", false, "include drafts")
	fs.StringVar(&s.baseURL, "base-url", "", "override base_url from content/site.yaml")
}

func (s *siteFlags) options() build.Options {
	return build.Options{Drafts: s.drafts, BaseURL: s.baseURL, Theme: templates.Default}
}

// parse parses a command's flags. When it returns false the command stops
// with the exit code it returns: 0 after -h, which prints the flags to
// stdout as asked, the usage code after a wrong command line.
func parse(fs *flag.FlagSet, args []string, stdout, stderr io.Writer) (int, bool) {
	// what the flag package prints goes where it belongs once it is known
	// whether the flags were asked for or wrong
	var printed bytes.Buffer
	fs.SetOutput(&printed)
	err := fs.Parse(args)
	fs.SetOutput(stderr)
	switch {
	case errors.Is(err, flag.ErrHelp):
		stdout.Write(printed.Bytes())
		return ExitOK, false
	case err != nil:
		stderr.Write(printed.Bytes())
		return ExitUsage, false
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "dossier %s: unexpected argument %q\n", fs.Name(), fs.Arg(0))
		return ExitUsage, false
	}
	if f := fs.Lookup("base-url"); f != nil && f.Value.String() != "" {
		if err := content.CheckExternalURL(f.Value.String()); err != nil || strings.HasPrefix(f.Value.String(), "mailto:") {
			fmt.Fprintf(stderr, "dossier %s: --base-url: want an absolute http(s) URL, like https://example.org/news/\n", fs.Name())
			return ExitUsage, false
		}
	}
	if f := fs.Lookup("source"); f != nil {
		if err := checkSource(f.Value.String()); err != nil {
			fmt.Fprintf(stderr, "dossier %s: %v\n", fs.Name(), err)
			return ExitUsage, false
		}
	}
	return ExitOK, true
}

// checkSource makes sure the site's folder holds content/: without it every
// build fails on a missing site.yaml, which sends an editor who named the
// content folder itself (the natural slip) to create the wrong file.
func checkSource(source string) error {
	info, err := os.Stat(source)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("--source %s: no such folder", source)
	case err != nil:
		return fmt.Errorf("--source %s: %v", source, err)
	case !info.IsDir():
		return fmt.Errorf("--source %s: not a folder; give the folder that holds content/ and templates/", source)
	}
	if info, err := os.Stat(filepath.Join(source, "content")); err == nil && info.IsDir() {
		return nil
	}
	if filepath.Base(filepath.Clean(source)) == "content" {
		return fmt.Errorf("--source %s: no content/ folder in it; --source names the folder that holds content/ (did you mean --source %s?)", source, filepath.Dir(filepath.Clean(source)))
	}
	if source == "." {
		return fmt.Errorf("no content/ folder here: run dossier in the folder that holds content/, or name it with --source")
	}
	return fmt.Errorf("--source %s: no content/ folder in it; --source names the folder that holds content/ and templates/", source)
}

func runCheck(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	var sf siteFlags
	sf.register(fs)
	if code, ok := parse(fs, args, stdout, stderr); !ok {
		return code
	}
	start := time.Now()
	opts := sf.options()
	opts.Once = true
	// made and dropped entry by entry, as build writes them, rather than
	// held whole (270 MB at 100,000 articles)
	opts.Stream = func(string) (io.WriteCloser, error) { return discard{}, nil }
	res, diags := build.NewBuilder(opts).Build(content.Dir(sf.source), nil, func(render.Output) error { return nil })
	diags.Print(stderr, diag.DirReader(sf.source))
	if diags.HasErrors() {
		return ExitInvalid
	}
	fmt.Fprintf(stdout, "ok: %d content files, %d outputs, no errors (%s)\n", res.Stats.Files, res.Stats.Outputs, time.Since(start).Round(time.Millisecond))
	return ExitOK
}

// discard is a file that writes nowhere.
type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }
func (discard) Close() error                { return nil }

func runBuild(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("build", flag.ContinueOnError)
	var sf siteFlags
	sf.register(fs)
	out := fs.String("out", "public", "output folder")
	stats := fs.Bool("stats", false, "print pages by kind, bytes written and time per stage")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile to this file")
	memProfile := fs.String("memprofile", "", "write a heap profile to this file")
	if code, ok := parse(fs, args, stdout, stderr); !ok {
		return code
	}
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			fmt.Fprintf(stderr, "dossier build: %v\n", err)
			return ExitUsage
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			fmt.Fprintf(stderr, "dossier build: %v\n", err)
			return ExitUsage
		}
		defer pprof.StopCPUProfile()
	}
	return buildOnce(sf, *out, *stats, *memProfile, stdout, stderr)
}

// writeHeapProfile writes what is in use now: called while the builder still
// holds the site, it shows what the build keeps, not what is left after it.
func writeHeapProfile(path string, stderr io.Writer) {
	f, err := os.Create(path)
	if err == nil {
		runtime.GC()
		err = pprof.WriteHeapProfile(f)
		f.Close()
	}
	if err != nil {
		fmt.Fprintf(stderr, "dossier build: memprofile: %v\n", err)
	}
}

func buildOnce(sf siteFlags, out string, printStats bool, memProfile string, stdout, stderr io.Writer) int {
	start := time.Now()
	if err := checkOutDir(sf.source, out); err != nil {
		fmt.Fprintf(stderr, "dossier build: %v\n", err)
		return ExitUsage
	}
	if err := output.CheckOwned(out); err != nil {
		fmt.Fprintf(stderr, "dossier build: %v\n", err)
		return ExitUsage
	}
	stage, err := output.NewStage(out)
	if err != nil {
		fmt.Fprintf(stderr, "dossier build: %v\n", err)
		return ExitInvalid
	}
	opts := sf.options()
	opts.Once = true           // nothing follows: keep no state for a rebuild
	opts.Stream = stage.Create // the open data, not held whole
	builder := build.NewBuilder(opts)
	res, diags := builder.Build(content.Dir(sf.source), nil, func(o render.Output) error {
		return stage.Write(o.Path, o.Data)
	})
	if memProfile != "" {
		writeHeapProfile(memProfile, stderr)
		runtime.KeepAlive(builder)
	}
	diags.Print(stderr, diag.DirReader(sf.source))
	if diags.HasErrors() {
		stage.Abort()
		fmt.Fprintf(stderr, "build failed: %s left unchanged\n", out)
		return ExitInvalid
	}
	writeStart := time.Now()
	if err := stage.Commit(); err != nil {
		stage.Abort()
		fmt.Fprintf(stderr, "dossier build: %v\n", err)
		return ExitInvalid
	}
	written, kept, size := stage.Counts()
	fmt.Fprintf(stdout, "built %d files in %s: %d written, %d unchanged (%s)\n",
		res.Stats.Outputs, out, written, kept, time.Since(start).Round(time.Millisecond))
	if printStats {
		s := res.Stats
		fmt.Fprintf(stdout, "content files: %d\n", s.Files)
		kinds := make([]string, 0, len(s.ByKind))
		for k := range s.ByKind {
			kinds = append(kinds, k)
		}
		sort.Strings(kinds)
		for _, k := range kinds {
			fmt.Fprintf(stdout, "  %-16s %6d\n", k, s.ByKind[k])
		}
		fmt.Fprintf(stdout, "bytes: %d\nload: %s\nlink+theme: %s\nrender+write: %s\ncommit: %s\n",
			size, s.Load.Round(time.Microsecond), s.Link.Round(time.Microsecond), s.Render.Round(time.Microsecond), time.Since(writeStart).Round(time.Microsecond))
		// a theme's template the fast executor cannot run makes every page
		// using it several times slower to render: say which
		fmt.Fprintf(stdout, "templates run by html/template: %d", s.SlowTemplateRuns)
		if len(s.SlowTemplates) > 0 {
			fmt.Fprintf(stdout, " (%s use functions or values the fast executor leaves to it)", strings.Join(s.SlowTemplates, ", "))
		}
		fmt.Fprintln(stdout)
	}
	return ExitOK
}

// checkOutDir refuses output folders whose emptying would delete the site's own
// sources: the source folder itself or any folder holding it.
func checkOutDir(source, out string) error {
	src, err1 := filepath.Abs(source)
	dst, err2 := filepath.Abs(out)
	if err := errors.Join(err1, err2); err != nil {
		return err
	}
	if rel, err := filepath.Rel(dst, src); err == nil && filepath.IsLocal(rel) || src == dst {
		return fmt.Errorf("--out %s holds the site's sources; choose another folder", out)
	}
	for _, sub := range []string{"content", "templates"} {
		if rel, err := filepath.Rel(filepath.Join(src, sub), dst); err == nil && (filepath.IsLocal(rel) || rel == ".") {
			return fmt.Errorf("--out %s is inside %s/; choose another folder", out, sub)
		}
	}
	return nil
}

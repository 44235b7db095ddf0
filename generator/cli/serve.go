package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"

	"github.com/dossier-news/dossier/generator/output"
	"github.com/dossier-news/dossier/generator/serve"
)

func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	var sf siteFlags
	sf.register(fs)
	out := fs.String("out", "", "output folder, rebuilt in place (default: a temporary folder, removed on exit,\nso that public/ never holds a build made for the local server)")
	bind := fs.String("bind", "127.0.0.1", "address to listen on (loopback unless told otherwise)")
	port := fs.Int("port", 1313, "port to listen on; 0 picks a free one")
	if code, ok := parse(fs, args, stdout, stderr); !ok {
		return code
	}
	if *out == "" {
		tmp, err := os.MkdirTemp("", "dossier-serve-")
		if err != nil {
			fmt.Fprintf(stderr, "dossier serve: %v\n", err)
			return ExitInvalid
		}
		defer os.RemoveAll(tmp)
		*out = tmp
	}
	if err := output.CheckOwned(*out); err != nil {
		fmt.Fprintf(stderr, "dossier serve: %v\n", err)
		return ExitUsage
	}
	if err := output.Mark(*out); err != nil {
		fmt.Fprintf(stderr, "dossier serve: %v\n", err)
		return ExitInvalid
	}
	if err := checkOutDir(sf.source, *out); err != nil {
		fmt.Fprintf(stderr, "dossier serve: %v\n", err)
		return ExitUsage
	}
	ln, err := serve.Listen(*bind, *port)
	if err != nil {
		fmt.Fprintf(stderr, "dossier serve: %v\n", err)
		return ExitInvalid
	}
	addr := ln.Addr().(*net.TCPAddr)
	url := fmt.Sprintf("http://%s/", net.JoinHostPort(*bind, fmt.Sprint(addr.Port)))
	opts := sf.options()
	if opts.BaseURL == "" {
		opts.BaseURL = url
	}
	source, _ := filepath.Abs(sf.source)
	srv := serve.New(serve.Options{Source: source, Out: *out, Build: opts, Log: stdout, Bind: *bind})
	// watch before the first build, so that no save during it is lost: the
	// watcher holds its batch until the server takes it
	batches := make(chan serve.Batch)
	watchErrs := make(chan error, 1)
	stop := make(chan struct{})
	defer close(stop)
	if err := serve.Watch(source, batches, watchErrs, stop); err != nil {
		ln.Close()
		fmt.Fprintf(stderr, "dossier serve: %v\n", err)
		return ExitInvalid
	}
	srv.Rebuild(serve.Batch{})
	fmt.Fprintf(stdout, "serving %s at %s (Ctrl-C to stop)\n", *out, url)
	if err := srv.Run(ctx, ln, batches, watchErrs); err != nil {
		fmt.Fprintf(stderr, "dossier serve: %v\n", err)
		return ExitInvalid
	}
	fmt.Fprintln(stdout, "stopped")
	return ExitOK
}

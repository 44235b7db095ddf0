package cli

import (
	"bytes"
	"context"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

var smallSite = map[string]string{
	"content/site.yaml":              "title: Small\nbase_url: https://example.org/\n",
	"content/entities/acme.yaml":     "name: Acme\nkind: company\n",
	"content/entities/daily.yaml":    "name: The Daily\nkind: outlet\n",
	"content/statements/acme-1.yaml": "org: acme\ndate: 2018-08-06\nchannel: email\nquote: We said it.\n",
	"content/articles/first.md":      "---\ntitle: First\ndate: 2018-08-06\n---\n[[acme]] spoke.\n\n![[acme-1]]\n",
}

func writeSite(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func run(args ...string) (int, string, string) {
	var stdout, stderr bytes.Buffer
	code := Run(context.Background(), args, &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

func TestBuildWritesSiteAndKeepsUnchangedFiles(t *testing.T) {
	dir := writeSite(t, smallSite)
	out := filepath.Join(dir, "public")
	if code, _, stderr := run("build", "--source", dir, "--out", out); code != ExitOK {
		t.Fatalf("build: exit %d\n%s", code, stderr)
	}
	page := filepath.Join(out, "articles", "first", "index.html")
	other := filepath.Join(out, "entities", "daily", "index.html")
	old := time.Now().Add(-time.Hour)
	for _, p := range []string{page, other} {
		if err := os.Chtimes(p, old, old); err != nil {
			t.Fatal(err)
		}
	}
	// Edit the article: its page changes, the outlet's page does not.
	articlePath := filepath.Join(dir, "content", "articles", "first.md")
	if err := os.WriteFile(articlePath, []byte("---\ntitle: First, edited\ndate: 2018-08-06\n---\nNew text.\n\n![[acme-1]]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := run("build", "--source", dir, "--out", out)
	if code != ExitOK {
		t.Fatalf("second build: exit %d\n%s", code, stderr)
	}
	if !strings.Contains(stdout, "unchanged") {
		t.Errorf("no summary: %q", stdout)
	}
	if info, _ := os.Stat(other); !info.ModTime().Equal(old) {
		t.Errorf("unchanged page was rewritten: mtime %v", info.ModTime())
	}
	data, _ := os.ReadFile(page)
	if info, _ := os.Stat(page); info.ModTime().Equal(old) || !strings.Contains(string(data), "First, edited") {
		t.Errorf("changed page was not rewritten")
	}
	// Nothing is left beside the output.
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.Contains(e.Name(), "staging") {
			t.Errorf("leftover %s", e.Name())
		}
	}
}

func TestFailedBuildLeavesOutputAlone(t *testing.T) {
	dir := writeSite(t, smallSite)
	out := filepath.Join(dir, "public")
	if code, _, stderr := run("build", "--source", dir, "--out", out); code != ExitOK {
		t.Fatalf("build: exit %d\n%s", code, stderr)
	}
	before, _ := os.ReadFile(filepath.Join(out, "articles", "first", "index.html"))
	bad := filepath.Join(dir, "content", "articles", "first.md")
	if err := os.WriteFile(bad, []byte("---\ntitle: First\ndate: 2018-08-06\n---\n[[acme-2]] and [[acme]].\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := run("build", "--source", dir, "--out", out)
	if code != ExitInvalid {
		t.Fatalf("build with a bad reference: exit %d, want %d", code, ExitInvalid)
	}
	if !strings.Contains(stderr, `content/articles/first.md:5:1: unknown reference "acme-2" (did you mean "acme-1"?)`) {
		t.Errorf("stderr lacks the positioned error:\n%s", stderr)
	}
	if !strings.Contains(stderr, "    [[acme-2]] and [[acme]].\n    ^") {
		t.Errorf("stderr lacks the source line and caret:\n%s", stderr)
	}
	after, _ := os.ReadFile(filepath.Join(out, "articles", "first", "index.html"))
	if !bytes.Equal(before, after) {
		t.Error("a failed build changed the output")
	}
}

func TestCheckReportsAllAndWritesNothing(t *testing.T) {
	files := map[string]string{}
	for k, v := range smallSite {
		files[k] = v
	}
	files["content/statements/acme-2.yaml"] = "org: acme\ndate: 2018-08-32\nquote: x\n"
	files["content/entities/bad.yaml"] = "name: Bad\nkind: bnak\n"
	dir := writeSite(t, files)
	code, _, stderr := run("check", "--source", dir)
	if code != ExitInvalid {
		t.Fatalf("check: exit %d, want %d", code, ExitInvalid)
	}
	first := strings.Index(stderr, "content/entities/bad.yaml:2:7")
	second := strings.Index(stderr, "content/statements/acme-2.yaml:2:7")
	if first < 0 || second < 0 || first > second {
		t.Errorf("want both errors, sorted by file:\n%s", stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "public")); !os.IsNotExist(err) {
		t.Error("check wrote public/")
	}
	delete(files, "content/statements/acme-2.yaml")
	delete(files, "content/entities/bad.yaml")
	if code, stdout, stderr := run("check", "--source", writeSite(t, files)); code != ExitOK || !strings.Contains(stdout, "ok") {
		t.Errorf("check of a good site: exit %d\n%s%s", code, stdout, stderr)
	}
}

func TestUsageErrors(t *testing.T) {
	dir := writeSite(t, smallSite)
	for _, args := range [][]string{
		{},
		{"frobnicate"},
		{"build", "--no-such-flag"},
		{"build", "--source", dir, "--out", dir},
		{"build", "--source", dir, "--out", filepath.Join(dir, "content", "x")},
		{"build", "--source", dir, "--out", filepath.Dir(dir)},
	} {
		if code, _, _ := run(args...); code != ExitUsage {
			t.Errorf("%q: exit %d, want %d", args, code, ExitUsage)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "content", "site.yaml")); err != nil {
		t.Errorf("a refused build touched the sources: %v", err)
	}
}

// syncBuffer is a bytes.Buffer safe to read while serve writes to it.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func TestServeStartsAndStops(t *testing.T) {
	dir := writeSite(t, smallSite)
	ctx, cancel := context.WithCancel(context.Background())
	var stdout, stderr syncBuffer
	done := make(chan int, 1)
	go func() { done <- Run(ctx, []string{"serve", "--source", dir, "--port", "0"}, &stdout, &stderr) }()
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(stdout.String(), "serving ") {
		if time.Now().After(deadline) {
			t.Fatalf("serve did not start:\n%s%s", stdout.String(), stderr.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
	line := stdout.String()[strings.Index(stdout.String(), "serving "):]
	fields := strings.Fields(line)
	tmp, url := fields[1], fields[3]
	if !strings.HasPrefix(url, "http://127.0.0.1:") {
		t.Errorf("serving at %s, want loopback", url)
	}
	resp, err := http.Get(url + "articles/first/")
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("GET article: %v %v", resp, err)
	}
	resp.Body.Close()
	if _, err := os.Stat(filepath.Join(dir, "public")); !os.IsNotExist(err) {
		t.Error("serve wrote public/")
	}
	cancel()
	select {
	case code := <-done:
		if code != ExitOK {
			t.Errorf("exit %d\n%s", code, stderr.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not stop")
	}
	if _, err := os.Stat(tmp); !os.IsNotExist(err) {
		t.Errorf("temporary output %s left behind", tmp)
	}
}

func TestBuildRefusesForeignOutputFolder(t *testing.T) {
	dir := writeSite(t, smallSite)
	foreign := filepath.Join(dir, "documents")
	if err := os.MkdirAll(filepath.Join(foreign, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(foreign, "letter.txt"), []byte("keep me"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, cmd := range []string{"build", "serve"} {
		code, _, stderr := run(cmd, "--source", dir, "--out", foreign, "--port", "0")
		if cmd == "build" {
			code, _, stderr = run(cmd, "--source", dir, "--out", foreign)
		}
		if code != ExitUsage || !strings.Contains(stderr, "did not write") {
			t.Errorf("%s into a foreign folder: exit %d\n%s", cmd, code, stderr)
		}
	}
	if data, err := os.ReadFile(filepath.Join(foreign, "letter.txt")); err != nil || string(data) != "keep me" {
		t.Error("the foreign folder was touched")
	}
	if _, err := os.Stat(filepath.Join(foreign, ".git")); err != nil {
		t.Error("the foreign folder's .git is gone")
	}
	// An output folder Dossier wrote is replaced as usual.
	out := filepath.Join(dir, "public")
	for range 2 {
		if code, _, stderr := run("build", "--source", dir, "--out", out); code != ExitOK {
			t.Fatalf("build: exit %d\n%s", code, stderr)
		}
	}
}

func TestBadBaseURL(t *testing.T) {
	dir := writeSite(t, smallSite)
	for _, u := range []string{"javascript:alert(1)", "example.org", "mailto:a@b.org"} {
		if code, _, stderr := run("build", "--source", dir, "--base-url", u); code != ExitUsage || !strings.Contains(stderr, "--base-url") {
			t.Errorf("--base-url %s: exit %d\n%s", u, code, stderr)
		}
	}
}

// --stats says how many pages html/template rendered, and which of the
// theme's templates made it: those the fast executor cannot run.
func TestStatsNameSlowTemplates(t *testing.T) {
	for _, c := range []struct {
		custom bool
		want   string
	}{
		{false, "templates run by html/template: 0\n"},
		{true, "templates run by html/template: 1 (404.html use functions or values the fast executor leaves to it)\n"},
	} {
		files := map[string]string{}
		for name, text := range smallSite {
			files[name] = text
		}
		if c.custom {
			files["templates/404.html"] = `{{define "main"}}<h1>{{printf "%s" "Not here"}}</h1>{{end}}`
		}
		dir := writeSite(t, files)
		code, stdout, stderr := run("build", "--source", dir, "--out", filepath.Join(dir, "public"), "--stats")
		if code != ExitOK {
			t.Fatalf("build: exit %d\n%s", code, stderr)
		}
		if !strings.Contains(stdout, c.want) {
			t.Errorf("custom 404 template %v: stats do not say %q:\n%s", c.custom, c.want, stdout)
		}
		if page, _ := os.ReadFile(filepath.Join(dir, "public", "404.html")); c.custom && !strings.Contains(string(page), "<h1>Not here</h1>") {
			t.Errorf("404 page rendered by html/template is wrong:\n%s", page)
		}
	}
}

// A wrong --source names the path given and what to give instead, rather
// than failing on a missing site.yaml the editor should not create.
func TestSourceMistakes(t *testing.T) {
	dir := writeSite(t, smallSite)
	contentDir := filepath.Join(dir, "content")
	file := filepath.Join(contentDir, "articles", "first.md")
	missing := filepath.Join(dir, "nowhere")
	for _, cmd := range [][]string{{"build", "--out", filepath.Join(t.TempDir(), "public")}, {"check"}, {"serve", "--port", "0"}} {
		for source, want := range map[string]string{
			contentDir: "did you mean --source " + dir + "?",
			missing:    "--source " + missing + ": no such folder",
			file:       "--source " + file + ": not a folder",
		} {
			code, _, stderr := run(append(cmd, "--source", source)...)
			if code != ExitUsage || !strings.Contains(stderr, want) || strings.Contains(stderr, "site.yaml") {
				t.Errorf("%s --source %s: exit %d, stderr %q; want exit %d and %q", cmd[0], source, code, stderr, ExitUsage, want)
			}
		}
	}
	// the current folder without content/
	t.Chdir(t.TempDir())
	if code, _, stderr := run("check"); code != ExitUsage || !strings.Contains(stderr, "no content/ folder here") {
		t.Errorf("check in a folder without content/: exit %d, stderr %q", code, stderr)
	}
}

// -h asks for the flags: they go to stdout and the exit code is 0.
func TestCommandHelp(t *testing.T) {
	for _, cmd := range []string{"build", "check", "serve", "corpus"} {
		for _, h := range []string{"-h", "--help"} {
			code, stdout, stderr := run(cmd, h)
			if code != ExitOK || !strings.Contains(stdout, "Usage of "+cmd) || stderr != "" {
				t.Errorf("%s %s: exit %d, stdout %q, stderr %q", cmd, h, code, stdout, stderr)
			}
		}
	}
	for _, args := range [][]string{{"build", "--no-such-flag"}, {"build", "--no-such-flag", "-h"}} {
		if code, stdout, stderr := run(args...); code != ExitUsage || !strings.Contains(stderr, "no-such-flag") || stdout != "" {
			t.Errorf("%q: exit %d, stdout %q, stderr %q", args, code, stdout, stderr)
		}
	}
}

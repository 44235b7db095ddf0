package render

import (
	"bytes"
	"io/fs"
	"maps"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/dossier-news/dossier/generator/content"
	"github.com/dossier-news/dossier/generator/corpus"
	"github.com/dossier-news/dossier/generator/corpus/corpustest"
	"github.com/dossier-news/dossier/templates"
)

// The default theme runs entirely on the fast executor, and a site rendered
// with it is byte for byte the site html/template renders.
func TestFastExecutorRendersTheSiteAsHTMLTemplate(t *testing.T) {
	theme, diags := LoadTheme(nil, templates.Default, nil)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	for _, name := range pageTemplates {
		if theme.fastPages[name] == nil {
			t.Errorf("page template %s is not run by the fast executor", name)
		}
	}
	for _, name := range fragmentPartials {
		if theme.fastPartials[name] == nil {
			t.Errorf("partial %s is not run by the fast executor", name)
		}
	}

	fsys := corpustest.FS(corpus.Options{Articles: 40, Seed: 5})
	fast, fastOut := renderSite(t, fsys, false)
	if n := fast.theme.slowRuns.Load(); n != 0 {
		t.Errorf("%d executions went back to html/template", n)
	}
	slow, slowOut := renderSite(t, fsys, false, func(th *Theme) { th.fastPages, th.fastPartials = nil, nil })
	if n := slow.theme.slowRuns.Load(); n == 0 {
		t.Fatal("the html/template rendering used the fast executor")
	}
	if len(fastOut) < 100 {
		t.Fatalf("only %d outputs", len(fastOut))
	}
	if !maps.EqualFunc(fastOut, slowOut, bytes.Equal) {
		for p := range slowOut {
			if !bytes.Equal(fastOut[p], slowOut[p]) {
				t.Errorf("%s differs:\n%s", p, firstDifference(fastOut[p], slowOut[p]))
			}
		}
	}
}

func firstDifference(a, b []byte) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	from := max(0, i-80)
	return "fast: " + string(a[from:min(len(a), i+80)]) + "\nhtml/template: " + string(b[from:min(len(b), i+80)])
}

// A theme that predates the quotation fragment (its card and statement page
// execute their own quotation template, and it defines no "quotation")
// renders as the default theme does.
func TestThemeWithoutQuotationFragment(t *testing.T) {
	fsys := corpustest.FS(corpus.Options{Articles: 10, Seed: 2})
	_, want := renderSite(t, fsys, false)
	partials, _ := fs.ReadFile(templates.Default, "partials.html")
	statement, _ := fs.ReadFile(templates.Default, "statement.html")
	old := strings.NewReplacer(`{{define "quotation"}}`, `{{define "old-quotation"}}`, `{{- .Quotation}}`, `{{- template "old-quotation" .}}`)
	fsys["templates/partials.html"] = &fstest.MapFile{Data: []byte(old.Replace(string(partials)))}
	fsys["templates/statement.html"] = &fstest.MapFile{Data: []byte(strings.Replace(string(statement), `{{.Card.Quotation}}`, `{{template "old-quotation" .Card}}`, 1))}
	r, got := renderSite(t, fsys, false)
	if r.theme.quotations || len(r.theme.SlowTemplates()) != 0 {
		t.Fatalf("theme defines quotation: %v; slow templates %v", r.theme.quotations, r.theme.SlowTemplates())
	}
	if !maps.EqualFunc(got, want, bytes.Equal) {
		for p := range want {
			if !bytes.Equal(got[p], want[p]) {
				t.Errorf("%s differs:\n%s", p, firstDifference(got[p], want[p]))
			}
		}
	}
}

// A theme's folders that watch mode does not watch (hidden, or an editor's
// or tool's) are not read either: a broken template in one is no error.
func TestThemeSkipsIgnoredFolders(t *testing.T) {
	fsys := corpustest.FS(corpus.Options{Articles: 2, Seed: 2})
	for _, p := range []string{"templates/.git/page.html", "templates/old~/page.html", "templates/static/#backup/x.html"} {
		fsys[p] = &fstest.MapFile{Data: []byte(`{{define "page"}}{{.Broken`)}
	}
	theme, diags := LoadTheme(fsys, templates.Default, nil)
	if diags.HasErrors() {
		t.Fatalf("a template in an ignored folder was read: %v", diags)
	}
	for name := range theme.Files {
		if strings.Contains(name, ".git") || strings.Contains(name, "old~") || strings.Contains(name, "#backup") {
			t.Errorf("theme has %s", name)
		}
	}
}

// Every channel reads as a phrase in an attribution ("— Wells Fargo, by
// email, 6 August 2018") and after "Channel" in a statement's facts.
func TestChannelPhrases(t *testing.T) {
	theme, diags := LoadTheme(nil, templates.Default, nil)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	want := map[string]string{
		"email": "by email", "interview": "in an interview", "press-release": "in a press release",
		"social": "on social media", "filing": "in a filing", "event": "at an event", "report": "in a news report",
	}
	for _, channel := range content.Channels {
		var b strings.Builder
		if err := theme.pages["statement.html"].ExecuteTemplate(&b, "channel", channel); err != nil {
			t.Fatal(err)
		}
		if b.String() != want[channel] {
			t.Errorf("channel %q reads %q, want %q", channel, b.String(), want[channel])
		}
	}
}

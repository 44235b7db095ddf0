package site

import (
	"maps"
	"slices"
	"testing"
	"testing/fstest"

	"github.com/dossier-news/dossier/generator/content"
	"github.com/dossier-news/dossier/generator/diag"
	"github.com/dossier-news/dossier/generator/diag/diagtest"
	"github.com/dossier-news/dossier/generator/markdown"
)

type want = diagtest.Want

func checkDiags(t *testing.T, got diag.List, wants ...want) {
	t.Helper()
	diagtest.Check(t, got, wants...)
}

func convert() Convert {
	conv := markdown.New()
	return func(m content.Markdown, _ uint64) (markdown.Body, diag.List) { return conv.Convert(m) }
}

// base is a small site with no errors: a bank with a spokesperson, a
// company, two outlets, two statements and two articles.
var base = map[string]string{
	"content/site.yaml": "title: Dossier\n",
	"content/entities/us-bancorp.yaml": "name: U.S. Bancorp\nkind: bank\naliases: [US Bank, U.S. Bank]\n" +
		"description: A bank; see [[usb-ripley-2018-08-06]].\n",
	"content/entities/dana-ripley.yaml": "name: Dana Ripley\nkind: person\norg: us-bancorp\nrole: Chief communications officer\n",
	"content/entities/facebook.yaml":    "name: Facebook\nkind: company\n",
	"content/entities/wells-fargo.yaml": "name: Wells Fargo\nkind: bank\n",
	"content/entities/wsj.yaml":         "name: The Wall Street Journal\nkind: outlet\n",
	"content/entities/pcmag.yaml":       "name: PCMag\nkind: outlet\n",
	"content/statements/usb-ripley-2018-08-06.yaml": "org: us-bancorp\nspeaker: dana-ripley\ndate: 2018-08-06\nchannel: email\n" +
		"quote: We haven't shared any customer information.\nstance: denies\nabout: [facebook]\ntopics: [data-sharing]\n" +
		"reported_by:\n  - outlet: pcmag\n    url: https://www.pcmag.com/x\nresponds_to: facebook-banks\n",
	"content/statements/wf-2018-08-07.yaml": "org: wells-fargo\ndate: 2018-08-07\nquote: No comment.\nstance: declines\n" +
		"about: facebook\nresponds_to: usb-ripley-2018-08-06\n",
	"content/articles/facebook-banks.md": "---\ntitle: Facebook asks banks for data\ndate: 2018-08-06\ntags: [privacy, data-sharing]\n" +
		"entities: [facebook]\nsources:\n  - outlet: wsj\n    url: https://www.wsj.com/x\n---\n" +
		"Facebook asked [[us-bancorp|US Bank]] and [[wells-fargo]].\n\n![[usb-ripley-2018-08-06]]\n",
	"content/articles/follow-up.md": "---\ntitle: Follow-up\ndate: 2018-08-09\ntags: [privacy]\n---\n" +
		"After [[facebook-banks]], [[wf-2018-08-07]] came.\n",
	"content/pages/about.md": "---\ntitle: About\n---\nWe follow [[facebook]].\n",
}

// with returns base changed by files; an empty value removes a file.
func with(files map[string]string) map[string]string {
	out := maps.Clone(base)
	for k, v := range files {
		if v == "" {
			delete(out, k)
		} else {
			out[k] = v
		}
	}
	return out
}

func load(t *testing.T, files map[string]string) *content.Corpus {
	t.Helper()
	fsys := fstest.MapFS{}
	for p, s := range files {
		fsys[p] = &fstest.MapFile{Data: []byte(s)}
	}
	c, diags := content.Load(fsys)
	if diags.HasErrors() {
		t.Fatalf("content does not load: %v", diags)
	}
	return c
}

func build(t *testing.T, files map[string]string, opts Options) (*Graph, diag.List) {
	t.Helper()
	return Link(load(t, files), convert(), opts)
}

func mustBuild(t *testing.T, files map[string]string) *Graph {
	t.Helper()
	g, diags := build(t, files, Options{})
	checkDiags(t, diags)
	return g
}

func ids[T Node](list []T) []string {
	out := make([]string, len(list))
	for i, n := range list {
		out[i] = n.Kind() + ":" + n.NodeID()
	}
	return out
}

func checkIDs[T Node](t *testing.T, what string, list []T, want ...string) {
	t.Helper()
	if got := ids(list); !slices.Equal(got, want) {
		t.Errorf("%s = %q, want %q", what, got, want)
	}
}

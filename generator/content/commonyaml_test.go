package content

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path"
	"strings"
	"testing"

	"github.com/dossier-news/dossier/generator/corpus"
	"go.yaml.in/yaml/v3"
)

// sameTree describes the first difference between two YAML trees in what
// the decoder reads of them, or returns "".
func sameTree(got, want *yaml.Node, where string) string {
	if got == nil || want == nil {
		if got != want {
			return fmt.Sprintf("%s: %v, want %v", where, got, want)
		}
		return ""
	}
	if got.Kind != want.Kind || got.Style != want.Style || got.Tag != want.Tag || got.Value != want.Value ||
		got.Line != want.Line || got.Column != want.Column || got.Anchor != want.Anchor || got.Alias != want.Alias {
		return fmt.Sprintf("%s: got {kind %v style %v tag %s value %q at %d:%d}, want {kind %v style %v tag %s value %q at %d:%d}",
			where, got.Kind, got.Style, got.Tag, got.Value, got.Line, got.Column,
			want.Kind, want.Style, want.Tag, want.Value, want.Line, want.Column)
	}
	if len(got.Content) != len(want.Content) {
		return fmt.Sprintf("%s: %d children, want %d", where, len(got.Content), len(want.Content))
	}
	for i := range got.Content {
		if d := sameTree(got.Content[i], want.Content[i], fmt.Sprintf("%s/%d", where, i)); d != "" {
			return d
		}
	}
	return ""
}

// checkCommonYAML fails when parseCommonYAML accepts text yaml.v3 rejects or
// builds a tree other than yaml.v3's. It reports whether the fast path took it.
func checkCommonYAML(t *testing.T, data []byte) bool {
	t.Helper()
	// a slab holding another tree's nodes, as the decoder reuses them:
	// nothing of them may show in this tree
	slab := make([]yaml.Node, 3, 5)
	for i := range slab {
		slab[i] = yaml.Node{Kind: yaml.AliasNode, Value: "stale", Line: 99}
	}
	got, ok := parseCommonYAML(data, &slab)
	if !ok {
		return false
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		t.Fatalf("accepted text yaml.v3 rejects (%v):\n%s", err, data)
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		t.Fatalf("accepted text yaml.v3 finds empty:\n%s", data)
	}
	if d := sameTree(got, doc.Content[0], "root"); d != "" {
		t.Fatalf("tree differs from yaml.v3's: %s\n%s", d, data)
	}
	return true
}

// commonYAMLCases are texts the fast path must take (true) or leave to
// yaml.v3 (false); they also seed the fuzz test.
var commonYAMLCases = []struct {
	text string
	fast bool
}{
	{"name: Wells Fargo\nkind: bank\n", true},
	{"a: 1\nb: true\nc: ~\nd: 2021-06-03\ne: 1.5\nf: <<\ng: FALSE\nh: null\n", true},
	{"title: Facebook [sic] and the banks, again\n", true},
	{"url: https://example.com/a?b=c#frag\n", true},
	{"q: \"Déjà vu — it's \"\nr: 'it''s ''quoted'''\ns: ''\n", true},
	{"tags: [tag-1, tag-2]\nauthors: [Bench desk]\nempty: []\nspaced: [ a ,b ]\n", true},
	{"sources:\n  - outlet: wsj\n    url: https://wsj.com/x\n    date: 2018-08-06\n  - outlet: slate\n", true},
	{"list:\n- a\n- 'b'\n- [c]\nnext: x\n", true},
	{"reported_by:\n- outlet: wsj\n  url: https://wsj.com/x\n", true},
	{"nav:\n  main:\n    about: x\n  other: y\nz: 1\n", true},
	{"quote: >-\n  One line\n  and another.\n\n  A paragraph.\n\n\n  Two blanks.\nnext: x\n", true},
	{"quote: >\n  Clipped.\n\n\nnext: x\n", true},
	{"quote: |\n  Line one\n    indented\n\n  after a blank\n", true},
	{"quote: |-\n    deep\n    text\n", true},
	{"quote: |\n  no final newline", true},
	{"quote: >-\n  text\n# a comment\nnext: x\n", true},
	{"# a comment\n\nname: X\n\n# another\n", true},
	{"name: Zoë Ñandú\nrole: «Porte-parole» — ☃\nnote: '𝄞 clef'\n", true},
	{"a: x\nb: [x, y]", true},
	{"person:\n  - name: a\n    roles: [x, y]\n    more:\n      - 1\n", true},
	{"k: v\n   \nj: w\n", true},

	{"", false},
	{"# only a comment\n", false},
	{"---\nname: X\n", false},
	{"name: X # trailing comment\n", false},
	{"name: &a X\nother: *a\n", false},
	{"name: !!str 12\n", false},
	{"q: \"tab\\tescape\"\n", false},
	{"plain: goes\n  on the next line\n", false},
	{"list: [a,\n  b]\n", false},
	{"list: [a, b,]\n", false},
	{"empty:\nnext: x\n", false},
	{"name:\tX\n", false},
	{"name: X\r\n", false},
	{"\ufeffname: X\n", false},
	{"bad: a: b\n", false},
	{"quote: >+\n  kept\n\n", false},
	{"quote: >2\n   indented\n", false},
	{"quote: >\n  more\n    indented\n", false},
	{"quote: >\n\n  starts blank\n", false},
	{"quote: >\nnext: x\n", false},
	{"- a\n- b\n", false},
	{"  indented: root\n", false},
	{"a: b\n  # indented comment\n", false},
	{"\"quoted key\": x\n", false},
	{"? complex\n: key\n", false},
	{"list:\n  - - nested\n", false},
	{"list:\n  - >\n    text\n", false},
	{"a: -1\n", false},
	{"a: {b: c}\n", false},
	{"a: 'unclosed\n", false},
	{"name: trailing  \u2028 separator\n", false},
}

func TestCommonYAMLMatchesYAMLv3(t *testing.T) {
	for _, c := range commonYAMLCases {
		if got := checkCommonYAML(t, []byte(c.text)); got != c.fast {
			t.Errorf("fast path took %q: %v, want %v", c.text, got, c.fast)
		}
	}
}

// TestCommonYAMLTakesContent checks that the content the fast path is for
// does take it: every YAML text of a generated corpus and of this
// repository's own site. A fast path that silently falls back is no faster.
func TestCommonYAMLTakesContent(t *testing.T) {
	texts := map[string][]byte{}
	for p, data := range corpus.Generate(corpus.Options{Articles: 60, Seed: 3}) {
		texts["corpus/"+p] = data
	}
	site := os.DirFS("../..")
	err := fs.WalkDir(site, "content", func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		data, err := fs.ReadFile(site, p)
		texts[p] = data
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for p, data := range texts {
		switch path.Ext(p) {
		case ".yaml":
		case ".md":
			rest, ok := bytes.CutPrefix(data, []byte("---\n"))
			end := bytes.Index(rest, []byte("\n---\n"))
			if !ok || end < 0 {
				continue
			}
			data = rest[:end+1]
		default:
			continue
		}
		n++
		if !checkCommonYAML(t, data) {
			t.Errorf("%s: left to yaml.v3:\n%s", p, data)
		}
	}
	if n < 250 {
		t.Fatalf("only %d YAML texts checked", n)
	}
}

// FuzzCommonYAML checks that whatever the fast path accepts, yaml.v3
// accepts too, with the same tree. Run it with
// go test -fuzz FuzzCommonYAML ./generator/content
func FuzzCommonYAML(f *testing.F) {
	for _, c := range commonYAMLCases {
		f.Add(c.text)
	}
	for p, data := range corpus.Generate(corpus.Options{Articles: 2, Seed: 1}) {
		if strings.HasSuffix(p, ".yaml") {
			f.Add(string(data))
		}
	}
	f.Fuzz(func(t *testing.T, text string) {
		checkCommonYAML(t, []byte(text))
	})
}

// scalarTag, which skips yaml.v3's resolver for words and dates, tags every
// plain scalar as the resolver does.
func TestScalarTagMatchesYAMLv3(t *testing.T) {
	for _, v := range []string{
		"2018-08-06", "2018-02-30", "2018-13-01", "+018-08-06", "-018-08-06", "2018-8-6", "2018-08-6", "2018-08-06x",
		"2018-08", "2018", "2018-08-06T10:00:00Z", "2018-08-06 10:00:00", "0018-08-06", "2018-08-0\u0666", "20180-8-06",
		"yes", "no", "true", "True", "TRUE", "false", "Null", "null", "NULL", "~", "on", "off", "y", "n",
		"hello", "Hello world", "O'Brien", "tag-3", "entity-771", "zebra", "Apple", "<<", ".inf", ".5", "-.inf",
		"12", "0x1F", "1e3", "1_000", "+1", "-", "É", "été", "_x", "nan", "Infinity",
	} {
		n := &yaml.Node{Kind: yaml.ScalarNode, Value: v}
		if got, want := scalarTag(n), n.ShortTag(); got != want {
			t.Errorf("%q: tagged %s, yaml.v3 says %s", v, got, want)
		}
		quoted := &yaml.Node{Kind: yaml.ScalarNode, Style: yaml.DoubleQuotedStyle, Value: v}
		if got := scalarTag(quoted); got != "!!str" {
			t.Errorf("quoted %q: tagged %s", v, got)
		}
	}
}

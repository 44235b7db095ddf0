package fastexec

import (
	"bytes"
	"fmt"
	"html/template"
	"io"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
)

// funcs are the functions the cases' templates are parsed with, as a
// theme's are.
var funcs = template.FuncMap{"join": strings.Join}

type link struct{ Text, URL string }

type navLink struct {
	link
	Current string
}

// fastData is what the template cases below execute on.
type fastData struct {
	S     string
	Empty string
	N     int
	Zero  int
	B     bool
	H     template.HTML
	U     template.URL
	L     []string
	Links []link
	None  []link
	Nav   []navLink
	P     *link
	Nil   *link
	Any   any
	NoAny any
	Map   map[string]string
	Kind  fastKind
	Shade shadowed
	RV    reflect.Value
	RVAny any
}

type fastKind string

// shadowed has a method that hides a field of the struct it embeds: a
// template naming it calls the method.
type shadowed struct{ link }

func (shadowed) Text() string { return "the method" }

func (d fastData) Method() string { return "m" }

var fastSample = fastData{
	S: `<b title="x">Tom & Jerry's +1</b>`, N: 3, B: true,
	H: `<i>safe</i> & sound`, U: `javascript:alert(1)`,
	L:     []string{"a", "b<c"},
	Links: []link{{Text: "One", URL: "/one/?a=1&b=2"}, {Text: "Two", URL: "javascript:x()"}, {Text: "Three", URL: "https://ex.org/a b/ü%zz%41"}},
	Nav:   []navLink{{link: link{Text: "Home", URL: "/"}, Current: "page"}},
	P:     &link{Text: "P", URL: "mailto:a@b.c"},
	Any:   &link{Text: "in any", URL: "/any/"},
	Map:   map[string]string{"k": "v"},
	Kind:  "article",
	Shade: shadowed{link{Text: "the field", URL: "/shade/"}},
	RV:    reflect.ValueOf(""),
	RVAny: reflect.ValueOf(0),
}

// fastCases run on the fast executor (fast) or go back to html/template
// (!fast); either way the output must be html/template's.
var fastCases = []struct {
	src  string
	fast bool
}{
	{`<p>{{.S}}</p><p title="{{.S}}">{{.H}}</p><a href="{{.U}}">{{.P.URL}}</a>`, true},
	{`<title>{{.S}} {{.H}}</title>`, true},
	{`{{range $i, $l := .Links}}{{if $i}}, {{end}}<a href="{{$l.URL}}">{{$l.Text}}</a>{{end}}`, true},
	{`{{range .Links}}<a href="/x/{{.URL}}">{{.Text}}</a>{{else}}none{{end}}{{range .None}}{{else}}empty{{end}}`, true},
	{`{{range $x := .L}}{{$x}}{{$}}{{end}}`, false}, // $ is a struct: printing it is html/template's
	{`{{range $x := .L}}[{{$x}}]{{end}}{{range .Nav}}<a href="{{.URL}}"{{with .Current}} aria-current="{{.}}"{{end}}>{{.Text}}</a>{{end}}`, true},
	{`{{with .P}}{{.Text}}{{else}}no{{end}}{{with .Nil}}{{.Text}}{{else}}nil{{end}}{{with .Any}}{{.URL}}{{end}}{{with .NoAny}}x{{else}}none{{end}}`, true},
	{`{{if and .S .N}}a{{end}}{{if and .S .Zero}}b{{end}}{{if or .Empty .B}}c{{end}}{{if or .Empty .Zero}}d{{else}}e{{end}}{{and .N .S}}{{or .Empty .N}}`, true},
	{`{{if not .B}}x{{else}}y{{end}}{{not .Zero}}{{if eq .N 3}}three{{end}}{{if eq .S "a" "b"}}no{{end}}{{if ne .Kind "page"}}kind{{end}}`, true},
	{`{{if gt .N 1}}gt{{end}}{{if lt .N 1}}lt{{end}}{{if le .N 3}}le{{end}}{{if ge .N 4}}ge{{end}}{{if lt .S "z"}}s{{end}}`, true},
	{`{{len .L}} {{len .S}} {{print .N " & " .S}} {{join .L ", "}} {{.N}} {{.B}} {{.Zero}}`, true},
	{`{{$v := .S}}{{with .P}}{{$v}}{{$w := .Text}}{{$w}}{{end}}{{$v = "changed"}}{{$v}}`, true},
	{`{{define "t"}}[{{.}}|{{$}}]{{end}}{{template "t" .S}}{{template "t" .N}}{{template "t"}}`, true},
	{`{{if ne .P.URL (print "mail" "to:a@b.c")}}differ{{else}}same{{end}}`, true},
	{`{{.Method}}`, false},
	{`{{.Shade.Text}}`, false},
	{`{{.Shade.URL}}`, true},
	{`{{.Map.k}}`, false},
	{`{{.Nil.Text}}`, false},
	{`{{printf "%d" .N}}`, false},
	{`{{.Kind}}`, false},
	{`{{range .Map}}{{.}}{{end}}`, false},
	{`{{if lt .B .B}}x{{end}}`, false},
	{`<a title="{{.H}}">x</a>`, false},
	{`<script>var x = {{.S}};</script>`, false},
	{`{{range .L}}{{break}}{{end}}`, false},
	// text/template looks inside a reflect.Value found in the data
	{`{{if .RV}}yes{{else}}no{{end}}`, false},
	{`{{not .RVAny}}`, false},
	{`{{with .RVAny}}{{and . "x"}}{{end}}`, false},
}

// A reflect.Value as the data, and a template's own function named like a
// builtin, are left to html/template, which treats them its own way.
func TestLeavesOverridesToHTMLTemplate(t *testing.T) {
	tpl := template.Must(template.New("case").Parse(`{{if .}}yes{{else}}no{{end}}`))
	if err := tpl.Execute(io.Discard, nil); err != nil {
		t.Fatal(err)
	}
	if ft := Compile(tpl, "case", nil); ft == nil || ft.ExecuteOrUndo(&bytes.Buffer{}, reflect.ValueOf("")) {
		t.Error("the fast executor ran on a reflect.Value")
	}
	overrides := template.FuncMap{"eq": func(a, b any) bool { return true }, "join": func([]string, string) string { return "J" }}
	for name, f := range overrides {
		tpl := template.Must(template.New("case").Funcs(template.FuncMap{name: f}).Parse(`{{.}}`))
		if err := tpl.Execute(io.Discard, ""); err != nil {
			t.Fatal(err)
		}
		if Compile(tpl, "case", template.FuncMap{name: f}) != nil {
			t.Errorf("compiled with a function of its own named %s", name)
		}
	}
	own := template.Must(template.New("case").Funcs(funcs).Parse(`{{join . ","}}`))
	if err := own.Execute(io.Discard, []string{"a"}); err != nil {
		t.Fatal(err)
	}
	if Compile(own, "case", funcs) == nil {
		t.Error("the theme's own join is not run by the fast executor")
	}
}

func TestMatchesHTMLTemplate(t *testing.T) {
	for _, c := range fastCases {
		var want bytes.Buffer
		tpl := template.Must(template.New("case").Funcs(funcs).Parse(c.src))
		wantErr := tpl.Execute(&want, fastSample) // escapes the tree, too
		var got bytes.Buffer
		ft := Compile(tpl, "case", funcs)
		ran := ft.ExecuteOrUndo(&got, fastSample)
		if ran != c.fast {
			t.Errorf("%s: fast executor ran: %v, want %v", c.src, ran, c.fast)
		}
		if !ran {
			continue
		}
		if wantErr != nil {
			t.Errorf("%s: fast executor ran where html/template fails: %v", c.src, wantErr)
		}
		if got.String() != want.String() {
			t.Errorf("%s:\n got %s\nwant %s", c.src, got.String(), want.String())
		}
	}
}

// FuzzEscapers checks the escapers on any text, in each context the
// default theme prints into, against html/template's.
func FuzzEscapers(f *testing.F) {
	for _, s := range []string{"", "plain", `<a href="x">&amp; 'q' +1</a>`, "javascript:alert(1)", "https://ex.org/a b?c=d&e=%41%zz#f", "\x00\xff\u00e9\u2028", "MAILTO:x", "/rel:ative", "data:text/html,x"} {
		f.Add(s, uint8(0))
		f.Add(s, uint8(1))
		f.Add(s, uint8(2))
	}
	src := `<p>{{.V}}</p><p title="{{.V}}">x</p><a href="{{.V}}">x</a><a href="/p/{{.V}}">x</a><title>{{.V}}</title>`
	f.Fuzz(func(t *testing.T, s string, kind uint8) {
		var v any = s
		switch kind % 3 {
		case 1:
			v = template.URL(s)
		case 2:
			v = template.HTML(s) // in an attribute it goes back to html/template
		}
		data := struct{ V any }{v}
		tpl := template.Must(template.New("e").Parse(src))
		var want, got bytes.Buffer
		if err := tpl.Execute(&want, data); err != nil {
			t.Fatal(err)
		}
		ft := Compile(tpl, "e", nil)
		if ft == nil {
			t.Fatal("not compiled")
		}
		if !ft.ExecuteOrUndo(&got, data) {
			if kind%3 == 2 && strings.Contains(src, `title="{{.V}}"`) {
				return
			}
			t.Fatalf("went back to html/template for %q", s)
		}
		if got.String() != want.String() {
			t.Fatalf("%q:\n got %s\nwant %s", s, got.String(), want.String())
		}
	})
}

// TestOnRandomTemplates runs templates made at random from the
// constructs the executor handles (and some it does not) on the case data:
// whenever it runs one, the output must be html/template's, and it must not
// run one html/template fails on.
func TestOnRandomTemplates(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 13))
	values := []string{".S", ".Empty", ".N", ".Zero", ".B", ".H", ".U", ".L", ".Links", ".None", ".P", ".Nil",
		".Any", ".NoAny", ".P.Text", ".P.URL", ".Shade.URL", ".Kind", ".Map", `"a<b"`, `"article"`, "3", "0", "true", "$", "$x", "."}
	var expr func(depth int) string
	expr = func(depth int) string {
		if depth > 2 || rng.IntN(3) > 0 {
			return values[rng.IntN(len(values))]
		}
		// each with explicit argument indexes, which may leave one unused
		calls := []string{"(and %[1]s %[2]s)", "(or %[1]s %[2]s)", "(not %[1]s)", "(eq %[1]s %[2]s)",
			"(ne %[1]s %[2]s)", "(lt %[1]s %[2]s)", "(len %[1]s)", "(print %[1]s %[2]s)", "(join .L %[1]s)"}
		return fmt.Sprintf(calls[rng.IntN(len(calls))], expr(depth+1), expr(depth+1))
	}
	var body func(depth int) string
	body = func(depth int) string {
		var b strings.Builder
		for range 1 + rng.IntN(3) {
			e := expr(0)
			switch n := rng.IntN(12); {
			case n < 3:
				b.WriteString("<p>{{" + e + "}}</p>")
			case n == 3:
				b.WriteString(`<a title="{{` + e + `}}" href="{{` + expr(0) + `}}">x</a>`)
			case n == 4:
				b.WriteString("<title>{{" + e + "}}</title>")
			case n == 5:
				b.WriteString("{{$x := " + e + "}}")
			case n == 6 && depth < 3:
				b.WriteString("{{if " + e + "}}" + body(depth+1) + "{{else}}" + body(depth+1) + "{{end}}")
			case n == 7 && depth < 3:
				b.WriteString("{{with " + e + "}}" + body(depth+1) + "{{end}}")
			case n == 8 && depth < 3:
				b.WriteString("{{range $i, $l := " + e + "}}[{{$i}}]" + body(depth+1) + "{{else}}none{{end}}")
			case n == 9:
				b.WriteString(`{{template "t" ` + e + "}}")
			default:
				b.WriteString("{{" + e + "}} ")
			}
		}
		return b.String()
	}
	ran := 0
	const rounds = 3000
	for range rounds {
		src := `{{define "t"}}<i>{{.}}</i>{{end}}{{$x := .S}}` + body(0)
		tpl, err := template.New("case").Funcs(funcs).Parse(src)
		if err != nil {
			continue
		}
		var want, got bytes.Buffer
		wantErr := tpl.Execute(&want, fastSample)
		ft := Compile(tpl, "case", funcs)
		if !ft.ExecuteOrUndo(&got, fastSample) {
			continue
		}
		ran++
		if wantErr != nil {
			t.Fatalf("ran where html/template fails (%v):\n%s", wantErr, src)
		}
		if got.String() != want.String() {
			t.Fatalf("%s\n got %s\nwant %s", src, got.String(), want.String())
		}
	}
	if ran < rounds/5 {
		t.Errorf("the fast executor ran only %d of %d templates", ran, rounds)
	}
}

package diag

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

func TestPosString(t *testing.T) {
	tests := []struct {
		pos  Pos
		want string
	}{
		{Pos{File: "content/a.md", Line: 3, Col: 7}, "content/a.md:3:7"},
		{Pos{File: "content/a.md", Line: 3}, "content/a.md:3"},
		{Pos{File: "content/a.md"}, "content/a.md"},
		{Pos{File: "content/a.md", Col: 9}, "content/a.md"}, // no line: the whole file
		{Pos{}, ""},
	}
	for _, tt := range tests {
		if got := tt.pos.String(); got != tt.want {
			t.Errorf("%#v.String() = %q, want %q", tt.pos, got, tt.want)
		}
	}
}

func TestSeverityString(t *testing.T) {
	if got := Error.String(); got != "error" {
		t.Errorf("Error.String() = %q", got)
	}
	if got := Warning.String(); got != "warning" {
		t.Errorf("Warning.String() = %q", got)
	}
}

func TestDiagnosticString(t *testing.T) {
	pos := Pos{File: "f.yaml", Line: 2, Col: 5}
	tests := []struct {
		name string
		d    Diagnostic
		want string
	}{
		{"error", Diagnostic{Pos: pos, Msg: "unknown field \"titel\""}, `f.yaml:2:5: unknown field "titel"`},
		{"error with suggestion", Diagnostic{Pos: pos, Msg: "unknown field \"titel\"", Suggestion: `did you mean "title"?`},
			`f.yaml:2:5: unknown field "titel" (did you mean "title"?)`},
		{"warning", Diagnostic{Pos: pos, Severity: Warning, Msg: "raw HTML"}, "f.yaml:2:5: warning: raw HTML"},
		{"warning with suggestion", Diagnostic{Pos: pos, Severity: Warning, Msg: "raw HTML", Suggestion: "write Markdown"},
			"f.yaml:2:5: warning: raw HTML (write Markdown)"},
		{"whole file", Diagnostic{Pos: Pos{File: "content/site.yaml"}, Msg: "missing"}, "content/site.yaml: missing"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.d.String(); got != tt.want {
				t.Errorf("String() = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestListAdders(t *testing.T) {
	var l List
	if l.HasErrors() || l.ErrorCount() != 0 {
		t.Fatal("empty list has errors")
	}
	p := Pos{File: "a", Line: 1, Col: 2}
	l.Warn(p, "w %d", 1)
	if l.HasErrors() || l.ErrorCount() != 0 {
		t.Error("a warning counts as an error")
	}
	l.Add(p, "e %s", "x")
	l.AddSuggest(p, "fix it", "e %q", "y")
	want := List{
		{Pos: p, Severity: Warning, Msg: "w 1"},
		{Pos: p, Severity: Error, Msg: "e x"},
		{Pos: p, Severity: Error, Msg: `e "y"`, Suggestion: "fix it"},
	}
	if !slices.Equal(l, want) {
		t.Errorf("list = %#v, want %#v", l, want)
	}
	if !l.HasErrors() || l.ErrorCount() != 2 {
		t.Errorf("HasErrors = %v, ErrorCount = %d, want true, 2", l.HasErrors(), l.ErrorCount())
	}
}

func TestSort(t *testing.T) {
	d := func(file string, line, col int, msg string) Diagnostic {
		return Diagnostic{Pos: Pos{File: file, Line: line, Col: col}, Msg: msg}
	}
	warn := func(x Diagnostic) Diagnostic { x.Severity = Warning; return x }
	sugg := func(x Diagnostic, s string) Diagnostic { x.Suggestion = s; return x }
	tests := []struct {
		name string
		in   List
		want List
	}{
		{"empty", nil, List{}},
		{
			"by file, then line, then column, then message",
			List{d("b", 1, 1, "x"), d("a", 2, 1, "x"), d("a", 1, 5, "x"), d("a", 1, 2, "z"), d("a", 1, 2, "y"), d("a", 0, 0, "whole")},
			List{d("a", 0, 0, "whole"), d("a", 1, 2, "y"), d("a", 1, 2, "z"), d("a", 1, 5, "x"), d("a", 2, 1, "x"), d("b", 1, 1, "x")},
		},
		{
			"numeric, not lexical, line order",
			List{d("a", 10, 1, "x"), d("a", 9, 1, "x"), d("a", 100, 1, "x")},
			List{d("a", 9, 1, "x"), d("a", 10, 1, "x"), d("a", 100, 1, "x")},
		},
		{
			"exact duplicates dropped",
			List{d("a", 1, 1, "x"), d("b", 1, 1, "y"), d("a", 1, 1, "x"), d("a", 1, 1, "x")},
			List{d("a", 1, 1, "x"), d("b", 1, 1, "y")},
		},
		{
			"same place and message but different severity or suggestion kept",
			List{d("a", 1, 1, "x"), warn(d("a", 1, 1, "x")), sugg(d("a", 1, 1, "x"), "s")},
			List{d("a", 1, 1, "x"), sugg(d("a", 1, 1, "x"), "s"), warn(d("a", 1, 1, "x"))},
		},
		{
			"duplicates separated by a near-duplicate still dropped",
			List{sugg(d("a", 1, 1, "x"), "s1"), sugg(d("a", 1, 1, "x"), "s2"), sugg(d("a", 1, 1, "x"), "s1"),
				warn(d("a", 1, 1, "x")), d("a", 1, 1, "x"), warn(d("a", 1, 1, "x"))},
			List{d("a", 1, 1, "x"), sugg(d("a", 1, 1, "x"), "s1"), sugg(d("a", 1, 1, "x"), "s2"), warn(d("a", 1, 1, "x"))},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := slices.Clone(tt.in).Sort()
			if !slices.Equal(got, tt.want) {
				t.Errorf("Sort() =\n%v\nwant\n%v", got, tt.want)
			}
		})
	}
}

func TestSortIsIndependentOfInputOrder(t *testing.T) {
	base := List{
		{Pos: Pos{File: "a", Line: 1, Col: 1}, Msg: "m"},
		{Pos: Pos{File: "a", Line: 1, Col: 1}, Msg: "m", Severity: Warning},
		{Pos: Pos{File: "a", Line: 1, Col: 1}, Msg: "m", Suggestion: "s"},
		{Pos: Pos{File: "a", Line: 2, Col: 1}, Msg: "m"},
		{Pos: Pos{File: "b"}, Msg: "m"},
	}
	want := slices.Clone(base).Sort()
	rev := slices.Clone(base)
	slices.Reverse(rev)
	if got := rev.Sort(); !slices.Equal(got, want) {
		t.Errorf("reversed input sorts to\n%v\nwant\n%v", got, want)
	}
}

func TestListError(t *testing.T) {
	p := Pos{File: "f", Line: 1, Col: 1}
	var err error = List{{Pos: p, Msg: "one"}}
	if got := err.Error(); got != "f:1:1: one" {
		t.Errorf("one: %q", got)
	}
	err = List{{Pos: p, Msg: "one"}, {Pos: p, Msg: "two"}, {Pos: p, Msg: "three"}}
	if got := err.Error(); got != "f:1:1: one (and 2 more)" {
		t.Errorf("three: %q", got)
	}
	if got := (List{}).Error(); got != "no errors" {
		t.Errorf("none: %q", got)
	}
	var l List
	if !errors.As(err, &l) || len(l) != 3 {
		t.Errorf("errors.As did not recover the list")
	}
}

func TestSourceLine(t *testing.T) {
	files := map[string]string{
		"a": "first\nsecond\r\nthird",
		"b": "",
		"c": "only\n",
	}
	src := func(f string) []byte {
		s, ok := files[f]
		if !ok {
			return nil
		}
		return []byte(s)
	}
	tests := []struct {
		pos    Pos
		want   string
		wantOK bool
	}{
		{Pos{File: "a", Line: 1}, "first", true},
		{Pos{File: "a", Line: 2}, "second", true}, // \r dropped
		{Pos{File: "a", Line: 3}, "third", true},  // no final newline
		{Pos{File: "a", Line: 4}, "", false},
		{Pos{File: "a", Line: 0}, "", false},
		{Pos{File: "c", Line: 2}, "", true}, // the empty line after the final newline
		{Pos{File: "missing", Line: 1}, "", false},
	}
	for _, tt := range tests {
		got, ok := SourceLine(src, tt.pos)
		if got != tt.want || ok != tt.wantOK {
			t.Errorf("SourceLine(%v) = %q, %v, want %q, %v", tt.pos, got, ok, tt.want, tt.wantOK)
		}
	}
	if _, ok := SourceLine(nil, Pos{File: "a", Line: 1}); ok {
		t.Error("SourceLine with a nil reader reported a line")
	}
}

func TestPrint(t *testing.T) {
	files := map[string]string{
		"content/a.md":  "---\ntitel: X\ndate: 2018-13-01\n---\n",
		"content/t.md":  "\tkey:\tvalue\n",
		"content/u.md":  "é [[Bad Id]]\n",
		"content/s.yml": "x\n",
		"content/b.yml": "\uFEFFname: [x\n",
	}
	src := func(f string) []byte {
		if s, ok := files[f]; ok {
			return []byte(s)
		}
		return nil
	}
	tests := []struct {
		name string
		l    List
		want string
	}{
		{
			"line and caret under the column",
			List{{Pos: Pos{File: "content/a.md", Line: 3, Col: 7}, Msg: "invalid date"}},
			"content/a.md:3:7: invalid date\n" +
				"    date: 2018-13-01\n" +
				"          ^\n" +
				"1 error(s)\n",
		},
		{
			// the column counts from after a byte order mark, as the
			// loader reads the file; the line is shown without it
			"byte order mark",
			List{{Pos: Pos{File: "content/b.yml", Line: 1, Col: 7}, Msg: "bad flow"}},
			"content/b.yml:1:7: bad flow\n" +
				"    name: [x\n" +
				"          ^\n" +
				"1 error(s)\n",
		},
		{
			"caret at column 1, with suggestion",
			List{{Pos: Pos{File: "content/a.md", Line: 2, Col: 1}, Msg: `unknown field "titel"`, Suggestion: `did you mean "title"?`}},
			"content/a.md:2:1: unknown field \"titel\" (did you mean \"title\"?)\n" +
				"    titel: X\n" +
				"    ^\n" +
				"1 error(s)\n",
		},
		{
			"tabs are kept so the caret lines up",
			List{{Pos: Pos{File: "content/t.md", Line: 1, Col: 7}, Msg: "m"}}, // under the v of value
			"content/t.md:1:7: m\n" +
				"    \tkey:\tvalue\n" +
				"    \t    \t^\n" +
				"1 error(s)\n",
		},
		{
			"one space per character, not per byte",
			List{{Pos: Pos{File: "content/u.md", Line: 1, Col: 4}, Msg: "m"}}, // é is two bytes
			"content/u.md:1:4: m\n" +
				"    é [[Bad Id]]\n" +
				"      ^\n" +
				"1 error(s)\n",
		},
		{
			"no column: line without caret",
			List{{Pos: Pos{File: "content/a.md", Line: 2}, Msg: "m"}},
			"content/a.md:2: m\n" +
				"    titel: X\n" +
				"1 error(s)\n",
		},
		{
			"whole file, unreadable file: no source line",
			List{{Pos: Pos{File: "content/a.md"}, Msg: "whole"}, {Pos: Pos{File: "nope", Line: 1, Col: 1}, Msg: "gone"}},
			"content/a.md: whole\n" +
				"nope:1:1: gone\n" +
				"2 error(s)\n",
		},
		{
			"warnings are not counted",
			List{{Pos: Pos{File: "content/s.yml", Line: 1, Col: 1}, Severity: Warning, Msg: "w"}},
			"content/s.yml:1:1: warning: w\n" +
				"    x\n" +
				"    ^\n",
		},
		{"empty", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b strings.Builder
			tt.l.Print(&b, src)
			if got := b.String(); got != tt.want {
				t.Errorf("Print() =\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

func TestPrintNilReader(t *testing.T) {
	var b strings.Builder
	List{{Pos: Pos{File: "f", Line: 1, Col: 3}, Msg: "m"}}.Print(&b, nil)
	if got, want := b.String(), "f:1:3: m\n1 error(s)\n"; got != want {
		t.Errorf("Print(nil reader) = %q, want %q", got, want)
	}
}

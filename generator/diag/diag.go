// Package diag holds the diagnostics every stage of the build reports: a
// problem, where it is (file:line:col), and what might fix it. Stages collect
// all of their problems instead of stopping at the first, so an editor sees
// every mistake in one run.
package diag

import (
	"cmp"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// Pos is a position in a source file. Line and Col are 1-based; Col counts
// bytes, as go/scanner does. A zero Line means "the whole file".
type Pos struct {
	File string
	Line int
	Col  int
}

// String formats the position as file:line:col, omitting what is unknown.
func (p Pos) String() string {
	switch {
	case p.Line == 0:
		return p.File
	case p.Col == 0:
		return fmt.Sprintf("%s:%d", p.File, p.Line)
	}
	return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col)
}

// Severity says whether a diagnostic fails the build.
type Severity int

// Severities, from the one that fails the build to the one that only informs.
const (
	Error Severity = iota
	Warning
)

func (s Severity) String() string {
	if s == Warning {
		return "warning"
	}
	return "error"
}

// Diagnostic is one problem found in the input.
type Diagnostic struct {
	Pos      Pos
	Severity Severity
	Msg      string
	// Suggestion, when set, is a likely fix ("did you mean ...?").
	Suggestion string
}

func (d Diagnostic) String() string {
	var b strings.Builder
	b.WriteString(d.Pos.String())
	b.WriteString(": ")
	if d.Severity == Warning {
		b.WriteString("warning: ")
	}
	b.WriteString(d.Msg)
	if d.Suggestion != "" {
		b.WriteString(" (")
		b.WriteString(d.Suggestion)
		b.WriteString(")")
	}
	return b.String()
}

// List is an ordered collection of diagnostics.
type List []Diagnostic

// Add appends an error at pos.
func (l *List) Add(pos Pos, format string, args ...any) {
	*l = append(*l, Diagnostic{Pos: pos, Msg: fmt.Sprintf(format, args...)})
}

// AddSuggest appends an error at pos with a suggested fix.
func (l *List) AddSuggest(pos Pos, suggestion, format string, args ...any) {
	*l = append(*l, Diagnostic{Pos: pos, Msg: fmt.Sprintf(format, args...), Suggestion: suggestion})
}

// Warn appends a warning at pos.
func (l *List) Warn(pos Pos, format string, args ...any) {
	*l = append(*l, Diagnostic{Pos: pos, Severity: Warning, Msg: fmt.Sprintf(format, args...)})
}

// HasErrors reports whether any diagnostic in the list fails the build.
func (l List) HasErrors() bool {
	for _, d := range l {
		if d.Severity == Error {
			return true
		}
	}
	return false
}

// ErrorCount counts the diagnostics that fail the build.
func (l List) ErrorCount() int {
	n := 0
	for _, d := range l {
		if d.Severity == Error {
			n++
		}
	}
	return n
}

// Sort orders the list by file, line, column and message, and drops exact
// duplicates, so output is stable whatever order the stages ran in.
func (l List) Sort() List {
	slices.SortStableFunc(l, func(a, b Diagnostic) int {
		return cmp.Or(
			cmp.Compare(a.Pos.File, b.Pos.File),
			cmp.Compare(a.Pos.Line, b.Pos.Line),
			cmp.Compare(a.Pos.Col, b.Pos.Col),
			cmp.Compare(a.Msg, b.Msg),
			// and the rest, so that exact duplicates end up adjacent for Compact
			cmp.Compare(a.Severity, b.Severity),
			cmp.Compare(a.Suggestion, b.Suggestion),
		)
	})
	return slices.Compact(l)
}

// Error makes a List usable as an error; it lists the first few problems and
// counts the rest, as go/scanner.ErrorList does.
func (l List) Error() string {
	switch len(l) {
	case 0:
		return "no errors"
	case 1:
		return l[0].String()
	}
	return fmt.Sprintf("%s (and %d more)", l[0], len(l)-1)
}

// SourceReader returns the text of a source file, so a diagnostic can show the
// offending line. It may return nil when the file cannot be read.
type SourceReader func(file string) []byte

// DirReader reads source files relative to the folder root, for Print.
func DirReader(root string) SourceReader {
	return func(file string) []byte {
		data, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(file)))
		if err != nil {
			return nil
		}
		return data
	}
}

// Print writes every diagnostic, each followed by its source line and a caret
// under the column when src can supply the line, then a count of errors.
func (l List) Print(w io.Writer, src SourceReader) {
	for _, d := range l {
		fmt.Fprintln(w, d.String())
		if line, ok := SourceLine(src, d.Pos); ok {
			fmt.Fprintf(w, "    %s\n", line)
			if d.Pos.Col > 0 {
				fmt.Fprintf(w, "    %s^\n", caretPad(line, d.Pos.Col))
			}
		}
	}
	if n := l.ErrorCount(); n > 0 {
		fmt.Fprintf(w, "%d error(s)\n", n)
	}
}

// SourceLine returns line pos.Line of pos.File with tabs kept, if available.
func SourceLine(src SourceReader, pos Pos) (string, bool) {
	if src == nil || pos.Line <= 0 {
		return "", false
	}
	data := src(pos.File)
	if data == nil {
		return "", false
	}
	for i := 1; i < pos.Line; i++ {
		nl := strings.IndexByte(string(data), '\n')
		if nl < 0 {
			return "", false
		}
		data = data[nl+1:]
	}
	line := string(data)
	if nl := strings.IndexByte(line, '\n'); nl >= 0 {
		line = line[:nl]
	}
	if pos.Line == 1 {
		// a byte order mark is no character of the line for its reader, and
		// drawn as one it would put the caret a column off
		line = strings.TrimPrefix(line, "\uFEFF")
	}
	return strings.TrimRight(line, "\r"), true
}

// caretPad keeps tabs from the line so the caret lines up under the column.
func caretPad(line string, col int) string {
	var b strings.Builder
	for i := 0; i < col-1 && i < len(line); i++ {
		if line[i] == '\t' {
			b.WriteByte('\t')
		} else if line[i]&0xC0 != 0x80 { // one space per character, not per byte
			b.WriteByte(' ')
		}
	}
	return b.String()
}

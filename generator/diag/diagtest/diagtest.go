// Package diagtest checks diagnostics in tests: that a list holds exactly
// the expected problems, each at its exact position.
package diagtest

import (
	"strings"
	"testing"

	"github.com/dossier-news/dossier/generator/diag"
)

// Want is one expected diagnostic: its exact position (diag.Pos.String()),
// a distinctive part of its message and, when set, of its suggestion.
type Want struct {
	Pos  string
	Msg  string
	Sugg string
	// Warning, when set, expects a warning instead of an error.
	Warning bool
	// NoSugg, when set, expects no suggestion at all.
	NoSugg bool
}

func (w Want) matches(d diag.Diagnostic) bool {
	if d.Pos.String() != w.Pos || !strings.Contains(d.Msg, w.Msg) {
		return false
	}
	if w.Sugg != "" && !strings.Contains(d.Suggestion, w.Sugg) || w.NoSugg && d.Suggestion != "" {
		return false
	}
	return (d.Severity == diag.Warning) == w.Warning
}

// Check asserts that got holds exactly the diagnostics in wants, in any
// order: each expected one once, and nothing else.
func Check(t testing.TB, got diag.List, wants ...Want) {
	t.Helper()
	used := make([]bool, len(got))
	for _, w := range wants {
		found := false
		for i, d := range got {
			if !used[i] && w.matches(d) {
				used[i], found = true, true
				break
			}
		}
		if !found {
			t.Errorf("missing diagnostic %s: %q (suggestion %q, warning %v)", w.Pos, w.Msg, w.Sugg, w.Warning)
		}
	}
	for i, d := range got {
		if !used[i] {
			t.Errorf("unexpected diagnostic: %s", d)
		}
	}
}

package content

import (
	"strings"
	"testing"

	"github.com/dossier-news/dossier/generator/diag"
)

// want is one expected diagnostic: its exact position (diag.Pos.String()),
// a distinctive part of its message and, when set, of its suggestion.
type want struct {
	pos  string
	msg  string
	sugg string
	// warning, when set, expects a warning instead of an error.
	warning bool
	// noSugg, when set, expects no suggestion at all.
	noSugg bool
}

func (w want) matches(d diag.Diagnostic) bool {
	if d.Pos.String() != w.pos || !strings.Contains(d.Msg, w.msg) {
		return false
	}
	if w.sugg != "" && !strings.Contains(d.Suggestion, w.sugg) || w.noSugg && d.Suggestion != "" {
		return false
	}
	return (d.Severity == diag.Warning) == w.warning
}

// checkDiags asserts that got holds exactly the diagnostics in wants, in any
// order: each expected one once, and nothing else.
func checkDiags(t *testing.T, got diag.List, wants ...want) {
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
			t.Errorf("missing diagnostic %s: %q (suggestion %q, warning %v)", w.pos, w.msg, w.sugg, w.warning)
		}
	}
	for i, d := range got {
		if !used[i] {
			t.Errorf("unexpected diagnostic: %s", d)
		}
	}
}

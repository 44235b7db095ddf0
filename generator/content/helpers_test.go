package content

import (
	"testing"

	"github.com/dossier-news/dossier/generator/diag"
	"github.com/dossier-news/dossier/generator/diag/diagtest"
)

type want = diagtest.Want

func checkDiags(t *testing.T, got diag.List, wants ...want) {
	t.Helper()
	diagtest.Check(t, got, wants...)
}

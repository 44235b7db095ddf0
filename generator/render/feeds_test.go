package render

import (
	"encoding/xml"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dossier-news/dossier/generator/content"
	"github.com/dossier-news/dossier/generator/site"
)

// latest keeps the same nodes, in byChange order, whatever order it reads
// them in: shuffled, oldest first (as an entity's timeline is), newest first.
func TestLatestKeepsTheLatestInAnyOrder(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 5))
	base := time.Date(2018, 8, 6, 0, 0, 0, 0, time.UTC)
	day := func() content.Date {
		return content.Date{Time: base.Add(time.Duration(rng.IntN(60)) * 24 * time.Hour), Precision: content.Day}
	}
	for round := range 200 {
		var nodes []site.Node
		for i := range rng.IntN(80) {
			id := fmt.Sprintf("n-%d", i)
			if rng.IntN(2) == 0 {
				a := &content.Article{Slug: id, Date: day()}
				if rng.IntN(3) == 0 {
					a.Updated = day() // a later change can reorder it
				}
				nodes = append(nodes, &site.Article{Article: a})
			} else {
				nodes = append(nodes, &site.Statement{Statement: &content.Statement{ID: id, Date: day()}})
			}
		}
		want := slices.Clone(nodes)
		slices.SortFunc(want, byChange)
		want = want[:min(feedSize, len(want))]
		byDate := func(a, b site.Node) int { return a.Date().Compare(b.Date()) }
		oldestFirst := slices.Clone(nodes)
		slices.SortStableFunc(oldestFirst, byDate)
		newestFirst := slices.Clone(oldestFirst)
		slices.Reverse(newestFirst)
		for name, order := range map[string][]site.Node{"shuffled": nodes, "oldest first": oldestFirst, "newest first": newestFirst} {
			if got := latest(order, feedSize); !slices.Equal(got, want) {
				t.Fatalf("round %d, %s: kept %d nodes, not the %d latest in order", round, name, len(got), len(want))
			}
		}
	}
}

// plainXML says a string needs no escaping only when xml.EscapeText would
// leave it as it is.
func TestPlainXMLAgreesWithEscapeText(t *testing.T) {
	var inputs []string
	for c := range 256 {
		inputs = append(inputs, "https://example.org/a"+string(rune(c))+"b/", "x"+string([]byte{byte(c)}))
	}
	inputs = append(inputs, "https://example.org/articles/fb-asks/", "https://example.org/news/", "", "é", "a\u2028b", "\uFFFE")
	for _, s := range inputs {
		var b strings.Builder
		_ = xml.EscapeText(&b, []byte(s))
		if plainXML(s) && b.String() != s {
			t.Errorf("%q: plain, but EscapeText writes %q", s, b.String())
		}
	}
	if !plainXML("https://example.org/news/articles/fb-asks/") {
		t.Error("a plain URL is not plain")
	}
}

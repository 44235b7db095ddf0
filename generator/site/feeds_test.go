package site

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/dossier-news/dossier/generator/content"
)

// Latest keeps the same nodes, in ByChange order, whatever order it reads
// them in: shuffled, oldest first (as an entity's timeline is), newest first.
func TestLatestKeepsTheLatestInAnyOrder(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 5))
	base := time.Date(2018, 8, 6, 0, 0, 0, 0, time.UTC)
	day := func() content.Date {
		return content.Date{Time: base.Add(time.Duration(rng.IntN(60)) * 24 * time.Hour), Precision: content.Day}
	}
	for round := range 200 {
		var nodes []Node
		for i := range rng.IntN(80) {
			id := fmt.Sprintf("n-%d", i)
			if rng.IntN(2) == 0 {
				a := &content.Article{Slug: id, Date: day()}
				if rng.IntN(3) == 0 {
					a.Updated = day() // a later change can reorder it
				}
				nodes = append(nodes, &Article{Article: a})
			} else {
				nodes = append(nodes, &Statement{Statement: &content.Statement{ID: id, Date: day()}})
			}
		}
		want := slices.Clone(nodes)
		slices.SortFunc(want, ByChange)
		want = want[:min(FeedSize, len(want))]
		byDate := func(a, b Node) int { return a.Date().Compare(b.Date()) }
		oldestFirst := slices.Clone(nodes)
		slices.SortStableFunc(oldestFirst, byDate)
		newestFirst := slices.Clone(oldestFirst)
		slices.Reverse(newestFirst)
		for name, order := range map[string][]Node{"shuffled": nodes, "oldest first": oldestFirst, "newest first": newestFirst} {
			if got := Latest(order, FeedSize); !slices.Equal(got, want) {
				t.Fatalf("round %d, %s: kept %d nodes, not the %d latest in order", round, name, len(got), len(want))
			}
		}
	}
}

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

// LatestDated keeps what Latest keeps, reading a list in date order from
// its newest, with the bound on dates of update at the latest of them or
// later; the updates go back or forward from their articles' dates, and
// in every other round many nodes share a day.
func TestLatestDatedKeepsWhatLatestKeeps(t *testing.T) {
	rng := rand.New(rand.NewPCG(8, 2))
	base := time.Date(2018, 8, 6, 0, 0, 0, 0, time.UTC)
	days := 400
	day := func() content.Date {
		return content.Date{Time: base.Add(time.Duration(rng.IntN(days)) * 24 * time.Hour), Precision: content.Day}
	}
	for round := range 600 {
		days = []int{400, 25}[round%2]
		var nodes []Node
		var bound content.Date
		for i := range rng.IntN(120) {
			id := fmt.Sprintf("n-%d", i)
			if rng.IntN(2) == 0 {
				a := &content.Article{Slug: id, Date: day()}
				if rng.IntN(6) == 0 {
					a.Updated = day()
					if a.Updated.Compare(bound) > 0 {
						bound = a.Updated
					}
				}
				nodes = append(nodes, &Article{Article: a})
			} else {
				nodes = append(nodes, &Statement{Statement: &content.Statement{ID: id, Date: day()}})
			}
		}
		if rng.IntN(4) == 0 {
			bound = day() // a bound later than any update, as a graph keeps it
			for _, n := range nodes {
				if a, ok := n.(*Article); ok && a.Updated.Compare(bound) > 0 {
					bound = a.Updated
				}
			}
		}
		want := Latest(nodes, FeedSize)
		oldestFirst := slices.Clone(nodes)
		slices.SortFunc(oldestFirst, func(a, b Node) int { return a.Date().Compare(b.Date()) })
		newestFirst := slices.Clone(oldestFirst)
		slices.Reverse(newestFirst)
		if got := LatestDated(oldestFirst, FeedSize, true, bound); !slices.Equal(got, want) {
			t.Fatalf("round %d, oldest first: kept %v, want %v", round, ids(got), ids(want))
		}
		if got := LatestDated(newestFirst, FeedSize, false, bound); !slices.Equal(got, want) {
			t.Fatalf("round %d, newest first: kept %v, want %v", round, ids(got), ids(want))
		}
	}
}

// undatable is a node whose date must not be read.
type undatable struct {
	*Statement
	t *testing.T
}

func (u undatable) Date() content.Date {
	u.t.Fatalf("%s: read, but older than the feed's entries and no update later", u.ID)
	return content.Date{}
}

// With no date of update later than its entries, LatestDated reads no
// further back than the first node older than them all.
func TestLatestDatedStopsAtTheOlder(t *testing.T) {
	base := time.Date(2018, 8, 6, 0, 0, 0, 0, time.UTC)
	var nodes []Node
	for i := range 2 * FeedSize {
		s := &Statement{Statement: &content.Statement{ID: fmt.Sprintf("s-%03d", i), Date: content.Date{Time: base.AddDate(0, 0, i), Precision: content.Day}}}
		if i < FeedSize-1 { // the older ones, but for the one it stops at
			nodes = append(nodes, undatable{s, t})
		} else {
			nodes = append(nodes, s)
		}
	}
	bound := content.Date{Time: base.AddDate(0, 0, FeedSize-1), Precision: content.Day} // before the entries
	got := LatestDated(nodes, FeedSize, true, bound)
	if len(got) != FeedSize || got[0] != nodes[len(nodes)-1] || got[FeedSize-1] != nodes[FeedSize] {
		t.Errorf("kept %v", ids(got))
	}
}

package render

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dossier-news/dossier/generator/content"
	"github.com/dossier-news/dossier/generator/site"
)

func TestMonthNamesAndFolders(t *testing.T) {
	for _, tc := range []struct {
		date, path, label, short string
	}{
		{"2018-08-06", "2018/08/", "August 2018", "August"},
		{"2018-08", "2018/08/", "August 2018", "August"},
		{"2018", "2018/year/", "2018, month not given", "Month not given"},
		{"2018-12-31T23:30:00-05:00", "2019/01/", "January 2019", "January"}, // in UTC, as dates sort
		{"0999-01-02", "0999/01/", "January 0999", "January"},                // as its dates show it
		{"0999", "0999/year/", "0999, month not given", "Month not given"},
	} {
		d, err := content.ParseDate(tc.date)
		if err != nil {
			t.Fatal(err)
		}
		m := monthOf(d)
		if m.path() != tc.path || m.label() != tc.label || m.shortLabel() != tc.short {
			t.Errorf("%s: %q %q %q, want %q %q %q", tc.date, m.path(), m.label(), m.shortLabel(), tc.path, tc.label, tc.short)
		}
	}
}

// The archive finds each month's items by halving, which holds only if a
// list sorted as the graph sorts it (by time, then precision, then ID) has
// each month's items together: dates given to the year alone first in their
// year, instants with offsets where their UTC month is. Checked against a
// plain walk over random lists in both orders.
func TestArchiveMonthsAgreeWithAWalk(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	zones := []*time.Location{time.UTC, time.FixedZone("", -5*3600), time.FixedZone("", 9*3600+1800)}
	for round := range 200 {
		var nodes []site.Node
		for i := range rng.IntN(60) {
			t0 := time.Date(2017+rng.IntN(3), time.Month(1+rng.IntN(12)), 1+rng.IntN(31), rng.IntN(24), 0, 0, 0, zones[rng.IntN(len(zones))])
			prec := content.Precision(1 + rng.IntN(4))
			switch prec {
			case content.Year:
				t0 = time.Date(t0.Year(), 1, 1, 0, 0, 0, 0, time.UTC)
			case content.Month:
				t0 = time.Date(t0.Year(), t0.Month(), 1, 0, 0, 0, 0, time.UTC)
			case content.Day:
				t0 = time.Date(t0.Year(), t0.Month(), t0.Day(), 0, 0, 0, 0, time.UTC)
			}
			nodes = append(nodes, &site.Article{Article: &content.Article{Slug: "a" + string(rune('a'+i%26)) + string(rune('a'+i/26)), Date: content.Date{Time: t0, Precision: prec}}})
		}
		for _, ascending := range []bool{true, false} {
			list := slices.Clone(nodes)
			slices.SortFunc(list, func(a, b site.Node) int {
				c := a.Date().Compare(b.Date())
				if c == 0 {
					c = strings.Compare(a.NodeID(), b.NodeID())
				}
				if !ascending {
					c = -c
				}
				return c
			})
			a := &archive{ascending: ascending, count: func() int { return len(list) }, node: func(i int) site.Node { return list[i] },
				moves: func() uint64 { return 0 }}
			var walked []month
			starts := map[month]int{}
			for i, n := range list {
				m := monthOf(n.Date())
				if len(walked) == 0 || walked[len(walked)-1] != m {
					if slices.Contains(walked, m) {
						t.Fatalf("round %d: month %s comes twice in the list", round, m.label())
					}
					walked = append(walked, m)
					starts[m] = i
				}
			}
			if got := a.current().months; !slices.Equal(got, walked) {
				t.Fatalf("round %d, ascending %v: months %v, want %v", round, ascending, got, walked)
			}
			for k, m := range walked {
				lo, hi := a.span(m)
				end := len(list)
				if k+1 < len(walked) {
					end = starts[walked[k+1]]
				}
				if lo != starts[m] || hi != end {
					t.Fatalf("round %d: %s spans [%d, %d), want [%d, %d)", round, m.label(), lo, hi, starts[m], end)
				}
			}
		}
	}
}

package render

import (
	"fmt"
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
	randomDate := func() content.Date {
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
		return content.Date{Time: t0, Precision: prec}
	}
	for round := range 200 {
		var articles []*content.Article
		var nodes []site.Node
		for i := range rng.IntN(60) {
			doc := &content.Article{Slug: "a" + string(rune('a'+i%26)) + string(rune('a'+i/26)), Date: randomDate()}
			articles = append(articles, doc)
			nodes = append(nodes, &site.Article{Article: doc})
		}
		for _, ascending := range []bool{true, false} {
			list := slices.Clone(nodes)
			moves := uint64(0)
			a := &archive{ascending: ascending, count: func() int { return len(list) }, node: func(i int) site.Node { return list[i] },
				moves: func() uint64 { return moves }}
			// the layout found, then found again after moves: a few
			// documents given other dates (in the same month, or not),
			// which the check of the last layout must catch
			for step := range 4 {
				if step > 0 {
					for range 1 + rng.IntN(3) {
						if len(articles) > 0 {
							doc := articles[rng.IntN(len(articles))]
							if rng.IntN(2) == 0 {
								doc.Date = randomDate()
							} else if doc.Date.Precision == content.Instant {
								// the same month, most of the time
								doc.Date.Time = doc.Date.Time.Add(time.Duration(rng.IntN(3)-1) * time.Hour)
							}
						}
					}
					moves++
				}
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
				checkArchiveLayout(t, fmt.Sprintf("round %d, ascending %v, step %d", round, ascending, step), a, list)
			}
		}
	}
}

// checkArchiveLayout checks a's months and where they are against a walk
// along list.
func checkArchiveLayout(t *testing.T, name string, a *archive, list []site.Node) {
	t.Helper()
	var walked []month
	starts := map[month]int{}
	for i, n := range list {
		m := monthOf(n.Date())
		if len(walked) == 0 || walked[len(walked)-1] != m {
			if slices.Contains(walked, m) {
				t.Fatalf("%s: month %s comes twice in the list", name, m.label())
			}
			walked = append(walked, m)
			starts[m] = i
		}
	}
	if got := a.current().months; !slices.Equal(got, walked) {
		t.Fatalf("%s: months %v, want %v", name, got, walked)
	}
	for k, m := range walked {
		lo, hi := a.span(m)
		end := len(list)
		if k+1 < len(walked) {
			end = starts[walked[k+1]]
		}
		if lo != starts[m] || hi != end {
			t.Fatalf("%s: %s spans [%d, %d), want [%d, %d)", name, m.label(), lo, hi, starts[m], end)
		}
	}
}

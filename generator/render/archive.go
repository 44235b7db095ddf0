package render

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/dossier-news/dossier/generator/content"
	"github.com/dossier-news/dossier/generator/site"
)

// An archive is one of the site's dated lists (the articles, the
// statements, the timeline) in pages by month: base/ shows the list's first
// items and an index of its months, base/2018/08/ (then
// base/2018/08/page/2/, ...) the items of August 2018, and, for the
// timeline, base/2018/ the months of 2018. What a month's page
// shows and where it is depend on that month alone: a statement dated into
// the middle of the story changes its month's pages and the first page,
// where pages counted along the whole list all shifted by an item (1,400
// pages for a back-dated statement at 10,000 articles), and an address
// keeps showing the same part of the story as the story grows.
type archive struct {
	base, key string
	// heading names the list; intro describes its first page, monthIntro a
	// month's, told when its items are dated (see month.during)
	heading, intro string
	monthIntro     func(during string) string
	// noun names the list's items, one and several
	noun [2]string
	// yearPages gives each year a page listing its months (base/2018/):
	// the timeline's, under which no document has its page; an article or
	// a statement may have a year for its ID
	yearPages bool
	// ascending is the list's order: oldest first (the timeline) or newest
	// first
	ascending bool
	count     func() int
	node      func(i int) site.Node
	nodes     func(from, to int) []site.Node
	// months are the list's months when the jobs were made, in its order:
	// a month that comes or goes makes the jobs again (see sameMonths)
	months []month
	// moves tells when the graph's documents last changed dates or came or
	// went, and so when the list's months may have (see site.Graph.Moves)
	moves func() uint64
	// layout is where the months are in the list, found when first asked
	// after such a change: each search reads documents from all over
	// memory, and finding a month's items anew for each page that reads
	// them and each check of the months took 10 to 15 ms of every rebuild
	// at 10,000 articles
	layout atomic.Pointer[archiveLayout]
}

// archiveLayout is where the months of an archive's list are: months[k]
// from starts[k] to starts[k+1], as of the graph's count of moves.
type archiveLayout struct {
	moves  uint64
	months []month
	starts []int
	index  map[month]int
}

// month is a month of a dated list, year*13+month; month 0 of a year holds
// the dates given as the year alone, which sort first in their year (see
// content.Date.Compare). Months are read in UTC, as dates sort: a time
// given with an offset belongs to the month its instant is in there.
type month int

func monthOf(d content.Date) month {
	t := d.Time.UTC()
	m := 0
	if d.Precision >= content.Month {
		m = int(t.Month())
	}
	return month(t.Year()*13 + m)
}

func (m month) year() int        { return int(m) / 13 }
func (m month) monthNumber() int { return int(m) % 13 }

// path is the month's folder below its archive's: "2018/08/", or
// "2018/year/" for the dates given as the year alone.
func (m month) path() string {
	if m.monthNumber() == 0 {
		return m.yearPath() + "year/"
	}
	return m.yearPath() + fmt.Sprintf("%02d/", m.monthNumber())
}

// yearPath is the folder of the month's year below its archive's: "2018/".
func (m month) yearPath() string { return m.yearLabel() + "/" }

// label names the month for readers as dates are shown ("August 2018",
// "July 0999"), or "2018, month not given".
func (m month) label() string {
	if m.monthNumber() == 0 {
		return m.yearLabel() + ", month not given"
	}
	return time.Date(m.year(), time.Month(m.monthNumber()), 1, 0, 0, 0, 0, time.UTC).Format("January 2006")
}

// yearLabel is the month's year as dates show it ("2018", "0999").
func (m month) yearLabel() string {
	return time.Date(m.year(), 1, 1, 0, 0, 0, 0, time.UTC).Format("2006")
}

// during says when the month's items are dated, within a sentence: "in
// August 2018", "in 2018 (no month given)".
func (m month) during() string {
	if m.monthNumber() == 0 {
		return "in " + m.yearLabel() + " (no month given)"
	}
	return "in " + m.label()
}

// shortLabel names the month within its year in the archive's index.
func (m month) shortLabel() string {
	if m.monthNumber() == 0 {
		return "Month not given"
	}
	return time.Month(m.monthNumber()).String()
}

// before reports whether items of m come before items of o in the list.
func (a *archive) before(m, o month) bool {
	if a.ascending {
		return m < o
	}
	return m > o
}

// monthAt is the month of the list's i-th item.
func (a *archive) monthAt(i int) month { return monthOf(a.node(i).Date()) }

// span is where month m's items are in the list: [lo, hi).
func (a *archive) span(m month) (lo, hi int) {
	l := a.current()
	k, ok := l.index[m]
	if !ok {
		return 0, 0 // a month gone: its jobs are made again before rendering
	}
	return l.starts[k], l.starts[k+1]
}

// current is the list's layout now: the months in its order, each month's
// end found from the length it had in the layout before (two reads), or
// else by halving, as a list sorted by date has each month's items
// together (300 months of 40,000 items: 5,000 reads, not 40,000). A new
// date changes the lengths of two months at most, and an article's none of
// the statements' (finding every layout by halving took 5 ms of CPU after
// each new date at 10,000 articles). Render workers may ask at once: one
// of them finds it, or several the same.
func (a *archive) current() *archiveLayout {
	if l := a.cached(); l != nil {
		return l
	}
	moves, n := a.moves(), a.count()
	last := a.layout.Load()
	l := &archiveLayout{moves: moves, index: map[month]int{}}
	for i := 0; i < n; {
		m := a.monthAt(i)
		l.index[m] = len(l.months)
		l.months = append(l.months, m)
		l.starts = append(l.starts, i)
		i = a.monthEnd(m, i, n, last)
	}
	l.starts = append(l.starts, n)
	a.layout.Store(l)
	return l
}

// monthEnd is where the items of month m, the first of which is the i-th
// of n, end: where they ended in the last layout, if the items on either
// side of that end show it still is (in a list sorted by date, every item
// between the i-th and the last of m is of m too), or else found by
// halving.
func (a *archive) monthEnd(m month, i, n int, last *archiveLayout) int {
	if last != nil {
		if k, ok := last.index[m]; ok {
			end := i + last.starts[k+1] - last.starts[k]
			if end <= n && a.monthAt(end-1) == m && (end == n || a.monthAt(end) != m) {
				return end
			}
		}
	}
	return i + sort.Search(n-i, func(j int) bool { return a.before(m, a.monthAt(i+j)) })
}

// cached is the layout found last, if the list has not changed since: the
// graph counted no move, and the list's length is the same (in case it
// changed without a move counted).
func (a *archive) cached() *archiveLayout {
	if l := a.layout.Load(); l != nil && l.moves == a.moves() && l.starts[len(l.starts)-1] == a.count() {
		return l
	}
	return nil
}

// archive adds the jobs of a dated list: its first page, and the pages of
// each of its months.
func (r *Renderer) archive(jobs *[]Job, a *archive) {
	a.moves = r.g.Moves
	a.months = a.current().months
	r.archives = append(r.archives, a)
	size := r.g.Site.PageSize
	// the first page: a list of one page, the first items, versioned with
	// where the months start (its index counts each month's items)
	r.paginate(jobs, a.base, "list.html", false, func() int { return min(a.count(), size) }, func(rec *recorder, from, to int) *Page {
		return rec.archiveFirstPage(a, to)
	})
	r.versionArchivePages(a, "first", func() string { return monthCounts(a.current(), allYears) })
	back := &Link{a.heading, r.root + a.base} // from a year's or a month's pages
	var years []month
	if a.yearPages {
		years = a.years()
	}
	for i, y := range years {
		nav, beside := r.beside(a, years, i, month.yearLabel, month.yearPath, "Years")
		heading := a.heading + ": " + y.yearLabel()
		intro := "The months of " + y.yearLabel() + " that have " + a.noun[1] + ", with how many."
		// a page of no items: its months, versioned with where they start
		r.paginate(jobs, a.base+y.yearPath(), "list.html", false, func() int { return 0 }, func(rec *recorder, _, _ int) *Page {
			pg := rec.list(heading, intro, nil, back)
			view := pg.Main.(*ListView)
			view.Months, view.Archive = nav, rec.archiveIndex(a, y.year())
			return pg
		})
		r.versionArchivePages(a, y.yearPath(), func() string { return beside + monthCounts(a.current(), y.year()) })
	}
	for i, m := range a.months {
		nav, beside := r.beside(a, a.months, i, month.label, month.path, "Months")
		heading, intro := a.heading+": "+m.label(), a.monthIntro(m.during())
		r.paginate(jobs, a.base+m.path(), "list.html", false, func() int {
			lo, hi := a.span(m)
			return hi - lo
		}, func(rec *recorder, from, to int) *Page {
			lo, _ := a.span(m)
			pg := rec.list(heading, intro, rec.items(a.nodes(lo+from, lo+to)), back)
			pg.Main.(*ListView).Months = nav
			return pg
		})
		r.versionArchivePages(a, m.path(), func() string { return beside })
		p := r.paginations[len(r.paginations)-1]
		p.start = func() int {
			lo, _ := a.span(m)
			return lo
		}
		p.monthPage, p.month = true, m
	}
	if _, versioned := r.g.Version(site.ListPageKey(a.key+"@first", 1)); !versioned {
		// a graph linked anew: its pages are versioned as they are now
		r.relayout(a)
	}
}

// beside links the pages of periods[i] (months, or years) of a to the
// periods before and after it in the list's order, and returns what of
// them the pages show, for their version: nil and "" when it has none.
func (r *Renderer) beside(a *archive, periods []month, i int, label, path func(month) string, name string) (*MonthPager, string) {
	var prev, next *Link
	if i > 0 {
		prev = &Link{label(periods[i-1]), r.root + a.base + path(periods[i-1])}
	}
	if i+1 < len(periods) {
		next = &Link{label(periods[i+1]), r.root + a.base + path(periods[i+1])}
	}
	if prev == nil && next == nil {
		return nil, ""
	}
	shown := ""
	for _, l := range []*Link{prev, next} {
		if l != nil {
			shown += l.URL
		}
		shown += "\x00"
	}
	return &MonthPager{Label: name, Prev: prev, Next: next}, shown
}

// years are the years of a's months when its jobs were made, in the
// list's order, each as its month 0.
func (a *archive) years() []month {
	var years []month
	for _, m := range a.months {
		if y := month(m.year() * 13); len(years) == 0 || years[len(years)-1] != y {
			years = append(years, y)
		}
	}
	return years
}

// versionArchivePages versions the pages of a part of archive a, the list
// paginated last, page by page (see versionPages), under names of their
// own, with what else they show (shown): they are versioned again where
// the archive's items may have changed (see VersionPages), not with the
// list's key, which versions only its first few items.
func (r *Renderer) versionArchivePages(a *archive, part string, shown func() string) {
	p := r.paginations[len(r.paginations)-1]
	p.key, p.pageKey, p.archive = a.key, a.key+"@"+part, a
	p.node, p.intro = a.node, shown
}

// monthCounts writes down the months of year (or of every year) and how
// many items each has: what the index of months shows, and, for every year,
// where each month starts in the list.
func monthCounts(l *archiveLayout, year int) string {
	var b []byte
	for k, m := range l.months {
		if year == allYears || m.year() == year {
			b = strconv.AppendInt(b, int64(m), 10)
			b = append(b, ':')
			b = strconv.AppendInt(b, int64(l.starts[k+1]-l.starts[k]), 10)
			b = append(b, ' ')
		}
	}
	return string(b)
}

// relayout records where a's months start in its list now, as of the
// versions of its pages (see VersionPages).
func (r *Renderer) relayout(a *archive) {
	if r.laidOut == nil {
		r.laidOut = map[string]*archiveLayout{}
	}
	r.laidOut[a.base] = a.current()
}

// timelineMonth links a document's date to its month in the timeline, to
// read what else happened then.
func (r *Renderer) timelineMonth(d content.Date) *Link {
	m := monthOf(d)
	text := m.label()
	if m.monthNumber() == 0 {
		text = m.yearLabel() // "2018 in the timeline", its dates without months
	}
	return &Link{text, r.root + "timeline/" + m.path()}
}

// archiveFirstPage is the first page of a dated list: its first items, up
// to to, then its months by year.
func (rec *recorder) archiveFirstPage(a *archive, to int) *Page {
	pg := rec.list(a.heading, a.intro, rec.items(a.nodes(0, to)), nil)
	pg.Main.(*ListView).Archive = rec.archiveIndex(a, allYears)
	return pg
}

// allYears asks archiveIndex for every year.
const allYears = math.MinInt

// archiveIndex is a's months with their counts, by year, each year linking
// to its page if it has one: every year's, or those of year only, on its
// own page, under no heading of their own.
func (rec *recorder) archiveIndex(a *archive, year int) []ArchiveYear {
	var index []ArchiveYear
	l := a.current()
	for k, m := range l.months {
		if year != allYears && m.year() != year {
			continue
		}
		if len(index) == 0 || (year == allYears && index[len(index)-1].Year != m.yearLabel()) {
			index = append(index, ArchiveYear{})
			if year == allYears {
				index[len(index)-1].Year = m.yearLabel()
				if a.yearPages {
					index[len(index)-1].URL = rec.r.root + a.base + m.yearPath()
				}
			}
		}
		y := &index[len(index)-1]
		n := l.starts[k+1] - l.starts[k]
		noun := a.noun[1]
		if n == 1 {
			noun = a.noun[0]
		}
		y.Months = append(y.Months, ArchiveMonth{Label: m.shortLabel(), URL: rec.r.root + a.base + m.path(), Count: n, Noun: noun})
	}
	return index
}

// sameMonths reports whether every archive has the months its jobs were
// made for.
func (r *Renderer) sameMonths() bool {
	// the archives' layouts on every core: each reads thousands of
	// documents from all over memory (about a millisecond at 10,000
	// articles)
	var wg sync.WaitGroup
	for _, a := range r.archives {
		if a.cached() == nil {
			wg.Go(func() { a.current() })
		}
	}
	wg.Wait()
	for _, a := range r.archives {
		if !slices.Equal(a.current().months, a.months) {
			return false
		}
	}
	return true
}

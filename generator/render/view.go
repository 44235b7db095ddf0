package render

import (
	"html/template"
)

// The types in this file are what templates see. They hold plain values
// (text is escaped by html/template; only Markdown bodies are template.HTML),
// so a template can be overridden without knowing the site graph.

// Link is a piece of text pointing to a page of the site or elsewhere.
type Link struct {
	Text string
	URL  string
}

// DateView is a date ready to show: Human for readers ("August 2018"),
// Machine for <time datetime>.
type DateView struct {
	Human   string
	Machine string
}

// Site is the site-wide data every page gets.
type Site struct {
	Title       string
	Description string
	Language    string
	// Root is the path every site URL starts with ("/" or "/base/").
	Root string
	// BaseURL is the absolute URL of the site, ending in a slash.
	BaseURL string
	Nav     []NavLink
}

// NavLink is an entry of the main navigation. Current is "page" on the
// page it points to, "true" within its section, "" elsewhere: the value of
// aria-current.
type NavLink struct {
	Link
	Current string
}

// Page is the data a template executes with.
type Page struct {
	Site Site
	// Kind is the page template's name without .html ("article", "list").
	Kind string
	// Title is the page's own title; the layout adds the site's.
	Title string
	// HeadTitle, when set, is what a browser's tab, its history and search
	// results show instead of Title: more than the heading, where pages
	// share one (a speaker's statements of one month).
	HeadTitle   string
	Description string
	// URL is this page's URL path; Canonical its absolute URL.
	URL       string
	Canonical string
	// Feed, when set, is an Atom feed for this page's subject.
	Feed *Link
	// Stylesheet and Script are the theme's asset URLs.
	Stylesheet string
	Script     string
	// Main is one of the *View types below, by Kind.
	Main any
	// SiteHeader and SiteFooter are the layout's "site-header" and
	// "site-footer" templates, executed on the page's Chrome. They are the
	// same on most pages, so each is rendered once per distinct Chrome and
	// reused: a fifth of a page's rendering time otherwise.
	SiteHeader template.HTML
	SiteFooter template.HTML
}

// Chrome is what the site's header and footer may show: the site, whether
// the page is the home page, and the page's own feed. A header or footer
// template reading anything else would make every page's the same.
type Chrome struct {
	Site Site
	Home bool
	Feed *Link
}

// Item is an entry in any list: an article, a statement, an entity or a page.
type Item struct {
	Kind    string // "article", "statement", "entity", "page"
	Title   string
	URL     string
	Date    DateView
	Summary string
	// Statement is set when the item is a statement, for quotation cards.
	Statement *StatementCard
	// HTML is the "item" partial's output for this item. It is rendered once
	// per build and reused by every list showing the item, which is much
	// faster than executing the partial in each list.
	HTML template.HTML
}

// StatementCard is a statement as an attributed quotation.
type StatementCard struct {
	ID         string
	URL        string
	Quote      string
	Paraphrase bool
	Speaker    *Link // nil for an unnamed spokesperson
	Role       string
	Org        Link
	Date       DateView
	Channel    string
	Stance     string
	ReportedBy []Link
	// Quotation is the "quotation" partial's output for this statement,
	// rendered once per build and reused by its card and its page.
	Quotation template.HTML
	// HTML is the "card" partial's output for this statement, rendered once
	// per build and reused wherever the statement is shown.
	HTML template.HTML
}

// Pager links the pages of a paginated list.
type Pager struct {
	Current int
	Total   int
	Prev    *Link
	Next    *Link
	// Pages is a window of page links: the first and last pages and those
	// near the current one, with gaps between, so a pager's size does not
	// grow with the list (the whole list's pagers would grow quadratically).
	Pages []PagerEntry
}

// PagerEntry is one page number in a pager, or a gap between numbers.
type PagerEntry struct {
	Number  int
	URL     string
	Current bool
	Gap     bool
}

// ArticleView is the main data of an article page.
type ArticleView struct {
	Title   string
	Date    DateView
	Updated *DateView
	// Month is the article's month in the timeline: the story around it
	Month       *Link
	Summary     string
	Authors     []string
	Tags        []Link
	Body        template.HTML
	Sources     []SourceView
	Corrections []CorrectionView
	Entities    []Link
	Statements  []StatementCard // statements cited or embedded
	Related     []Item
	// Backlinks are the documents referring to the article, less those
	// already listed as related.
	Backlinks []Item
}

// SourceView is one source of an article.
type SourceView struct {
	Outlet Link
	Title  string
	URL    string
	Date   *DateView
}

// CorrectionView is one correction of an article.
type CorrectionView struct {
	Date DateView
	Text string
}

// StatementView is the main data of a statement page.
type StatementView struct {
	Card StatementCard
	// Month is the statement's month in the timeline
	Month      *Link
	About      []Link
	Topics     []Link
	Sources    []SourceView // reported_by entries
	RespondsTo *Item
	Responses  []StatementCard
	CitedBy    []Item
	// Backlinks are the documents referring to the statement, less the
	// responses and citing articles listed above them.
	Backlinks []Item
}

// EntityView is the main data of an entity page.
type EntityView struct {
	Name        string
	Kind        string
	Aliases     []string
	URL         string
	Description template.HTML
	Org         *Link
	Role        string
	People      []Link
	// Each section shows its most recent items; Timeline has everything.
	Statements      []StatementCard
	StatementsCount int
	About           []StatementCard
	AboutCount      int
	Articles        []Item
	ArticlesCount   int
	Reported        []Item
	ReportedCount   int
	SourceFor       []Item
	SourceForCount  int
	OtherMentions   []Item
	// TimelineURL is the entity's complete, paginated, dated timeline.
	TimelineURL string
}

// ListView is a paginated list of items: the article and statement ledgers,
// the timeline, a tag, an entity's timeline.
type ListView struct {
	Heading string
	Intro   string
	Items   []Item
	Pager   *Pager
	// Back links to the subject of the list, for sub-lists like an entity's timeline.
	Back *Link
	// Archive is the index of a dated list's months, on its first page
	// (see archive); Months links a month's pages to the months beside it.
	Archive []ArchiveYear
	Months  *MonthPager
}

// ArchiveYear is a year of a dated list's index of months.
type ArchiveYear struct {
	Year   string // "" on the year's own page
	URL    string // the year's page, if it has one
	Months []ArchiveMonth
}

// ArchiveMonth is a month in the index: its name within the year, its
// first page and how many items it has, and what they are ("articles"),
// for screen readers.
type ArchiveMonth struct {
	Label string
	URL   string
	Count int
	Noun  string
}

// MonthPager links the pages of a month (or a year) of a dated list to the
// months (or years) before and after it in the list's order.
type MonthPager struct {
	Label      string // what it links: "Months", "Years"
	Prev, Next *Link
}

func (v *ListView) setPager(p *Pager)     { v.Pager = p }
func (v *EntitiesView) setPager(p *Pager) { v.Pager = p }

// EntityGroup is one kind of entity on a page of the entities index.
type EntityGroup struct {
	Kind     string // plural label, like "Banks"
	Anchor   string // the group's id, where a KindCount links
	Entities []EntitySummary
}

// EntitySummary is an entity on the entities index or the home page.
type EntitySummary struct {
	Link       Link
	Kind       string
	Role       string
	Org        *Link
	Statements int
	Mentions   int
}

// EntitiesView is the main data of one page of the entities index.
type EntitiesView struct {
	// Kinds counts the entities of each kind, linking to the page where
	// their group starts.
	Kinds  []KindCount
	Groups []EntityGroup
	Pager  *Pager
}

// KindCount is one kind of entity in the entities index's contents.
type KindCount struct {
	Kind  string // plural label, like "Banks"
	Count int
	URL   string
}

// TagSummary is a tag on the tags index.
type TagSummary struct {
	Link       Link
	Articles   int
	Statements int
}

// TagsView is the main data of the tags index.
type TagsView struct {
	Tags    []TagSummary
	Stances []string
}

// HomeView is the main data of the home page.
type HomeView struct {
	Intro      string
	Articles   []Item
	Statements []StatementCard
	Players    []EntitySummary
	Counts     struct{ Articles, Statements, Entities int }
}

// PageView is the main data of a standalone page.
type PageView struct {
	Title     string
	Summary   string
	Body      template.HTML
	Backlinks []Item
}

// SearchView is the main data of the search page.
type SearchView struct {
	IndexURL string
}

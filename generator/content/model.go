// Package content is Dossier's editor-facing model: the typed documents an
// editor writes under content/ (articles, statements, entities, pages and the
// site settings) and their strict loading from YAML and Markdown, each value
// carrying the position it came from so later stages can report problems at
// file:line:col.
package content

import (
	"github.com/dossier-news/dossier/generator/diag"
)

// Ref is a reference by ID to another document, not yet resolved. Pos is
// where the ID was written, for "unknown ID" errors.
type Ref struct {
	ID  string
	Pos diag.Pos
}

// IsZero reports whether the reference was left out.
func (r Ref) IsZero() bool { return r.ID == "" }

// Site holds the settings in content/site.yaml.
type Site struct {
	// Hash identifies the file's bytes, so rebuilds can tell what changed.
	Hash        uint64
	Title       string
	Description string
	BaseURL     string
	Language    string
	Authors     []string
	// PageSize is how many items a list page shows before paginating.
	PageSize int
}

// Source is an outlet's report an article draws on.
type Source struct {
	Outlet Ref
	Title  string
	URL    string
	Date   Date
}

// Correction is a dated note of a fix to an article.
type Correction struct {
	Date Date
	Text string
}

// Article is one Markdown file under content/articles.
type Article struct {
	// Hash identifies the file's bytes, so rebuilds can tell what changed.
	Hash        uint64
	Slug        string
	File        string
	Title       string
	Date        Date
	Updated     Date
	Summary     string
	Authors     []string
	Tags        []Tag
	Entities    []Ref
	Sources     []Source
	Corrections []Correction
	Draft       bool
	Body        Markdown
	// MetaHash identifies the front matter alone: lists showing the article
	// need not change when only its body does.
	MetaHash uint64
}

// Markdown is Markdown source with the line of the file it starts on, so the
// Markdown stage can report positions in the file and not in the snippet.
type Markdown struct {
	Source    []byte
	File      string
	StartLine int
	StartCol  int
	// Spans, when set, place the text in its file piece by piece, for
	// text that is not a copy of its lines there: a YAML scalar's folded
	// or plain lines are joined with spaces, a block's indentation is left
	// out, a quoted one's escapes are resolved. Without them the text runs
	// from StartLine:StartCol as written.
	Spans []Span
}

// Span is a run of a Markdown text that stands in its file as it is: the
// text from byte Off on is at Line:Col, until the next span.
type Span struct {
	Off, Line, Col int
}

// Tag is a tag or topic as written, with its position.
type Tag struct {
	Name string
	Pos  diag.Pos
}

// Report is an outlet's publication of a statement.
type Report struct {
	Outlet Ref
	URL    string
}

// Channels lists the channels a statement can come through.
var Channels = []string{"email", "interview", "press-release", "social", "filing", "event", "report"}

// Statement is one YAML file under content/statements: who said what, for
// whom, when, through which channel, and who reported it.
type Statement struct {
	// Hash identifies the file's bytes, so rebuilds can tell what changed.
	Hash       uint64
	ID         string
	File       string
	Org        Ref
	Speaker    Ref
	Role       string
	Date       Date
	Channel    string
	Quote      string
	Paraphrase bool
	Stance     string
	About      []Ref
	Topics     []Tag
	ReportedBy []Report
	RespondsTo Ref
}

// Entity kinds.
const (
	KindPerson       = "person"
	KindCompany      = "company"
	KindBank         = "bank"
	KindOutlet       = "outlet"
	KindRegulator    = "regulator"
	KindOrganization = "organization"
)

// Kinds lists the entity kinds in the order the site shows them.
var Kinds = []string{KindOrganization, KindCompany, KindBank, KindRegulator, KindOutlet, KindPerson}

// Entity is one YAML file under content/entities: an organization, bank,
// outlet, person and so on.
type Entity struct {
	// Hash identifies the file's bytes, so rebuilds can tell what changed.
	Hash        uint64
	ID          string
	File        string
	Name        string
	Kind        string
	Aliases     []string
	URL         string
	Description Markdown
	Org         Ref
	Role        string
}

// Page is a standalone Markdown page under content/pages, served at /SLUG/.
type Page struct {
	// Hash identifies the file's bytes, so rebuilds can tell what changed.
	Hash    uint64
	Slug    string
	File    string
	Title   string
	Summary string
	Draft   bool
	Body    Markdown
	// MetaHash identifies the front matter alone.
	MetaHash uint64
}

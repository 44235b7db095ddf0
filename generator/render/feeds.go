package render

import (
	"bytes"
	"cmp"
	"encoding/json"
	"encoding/xml"
	"slices"
	"strings"

	"github.com/dossier-news/dossier/generator/content"
	"github.com/dossier-news/dossier/generator/site"
)

// feedSize is how many entries a feed carries.
const feedSize = 30

type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Title   string      `xml:"title"`
	Sub     string      `xml:"subtitle,omitempty"`
	ID      string      `xml:"id"`
	Updated string      `xml:"updated"`
	Links   []atomLink  `xml:"link"`
	Author  *atomAuthor `xml:"author,omitempty"`
	Entries []atomEntry `xml:"entry"`
}

type atomLink struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
}

type atomAuthor struct {
	Name string `xml:"name"`
}

type atomText struct {
	Type string `xml:"type,attr"`
	Body string `xml:",chardata"`
}

type atomEntry struct {
	Title     string      `xml:"title"`
	ID        string      `xml:"id"`
	Updated   string      `xml:"updated"`
	Published string      `xml:"published,omitempty"`
	Link      atomLink    `xml:"link"`
	Author    *atomAuthor `xml:"author,omitempty"`
	Summary   *atomText   `xml:"summary,omitempty"`
	Content   *atomText   `xml:"content,omitempty"`
}

// lastChange is when a node last changed, for feeds: updated or date.
func lastChange(n site.Node) content.Date {
	if a, ok := n.(*site.Article); ok && !a.Updated.IsZero() {
		return a.Updated
	}
	return n.Date()
}

// feed renders an Atom feed; withContent puts whole articles in it (the
// site's feed), otherwise entries carry summaries (per-entity feeds, which
// would otherwise repeat every article many times over).
func (rec *recorder) feed(title, subtitle, p string, nodes []site.Node, withContent bool) ([]byte, error) {
	r := rec.r
	rec.use(site.KeySite)
	nodes = append([]site.Node(nil), nodes...)
	sortByChange(nodes)
	nodes = nodes[:min(feedSize, len(nodes))]
	f := atomFeed{
		Title: title, Sub: subtitle, ID: r.abs(p),
		Links: []atomLink{{Href: r.abs(p), Rel: "self", Type: "application/atom+xml"}, {Href: r.abs(strings.TrimSuffix(p, "feed.xml")), Rel: "alternate", Type: "text/html"}},
	}
	if len(r.g.Site.Authors) > 0 {
		f.Author = &atomAuthor{Name: strings.Join(r.g.Site.Authors, ", ")}
	} else {
		f.Author = &atomAuthor{Name: r.g.Site.Title}
	}
	f.Updated = "1970-01-01T00:00:00Z"
	for i, n := range nodes {
		rec.use(site.DocKey(n))
		e := atomEntry{
			Title: n.Title(), ID: r.abs(n.Path()), Updated: lastChange(n).RFC3339(), Published: n.Date().RFC3339(),
			Link: atomLink{Href: r.abs(n.Path()), Rel: "alternate", Type: "text/html"},
		}
		if i == 0 {
			f.Updated = e.Updated
		}
		switch n := n.(type) {
		case *site.Article:
			if n.Summary == "" {
				rec.use(site.BodyKey(n)) // the summary comes from the body
			}
			e.Summary = &atomText{Type: "text", Body: cmp.Or(n.Summary, excerpt(rec.text(n.Body, n.Targets)))}
			if withContent {
				rec.use(site.BodyKey(n))
				e.Content = &atomText{Type: "html", Body: rec.body(n.Body, n.Targets)}
			}
			if len(n.Authors) > 0 {
				e.Author = &atomAuthor{Name: strings.Join(n.Authors, ", ")}
			}
		case *site.Statement:
			rec.card(n)
			quote := n.Quote
			if !n.Paraphrase {
				quote = "“" + quote + "”"
			}
			e.Title = n.Title() + " (" + n.Date().Human() + ")"
			e.Content = &atomText{Type: "text", Body: quote + " — " + n.Attribution()}
		}
		f.Entries = append(f.Entries, e)
	}
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	enc.Indent("", "  ")
	if err := enc.Encode(f); err != nil {
		return nil, err
	}
	buf.WriteByte('\n')
	return buf.Bytes(), nil
}

func sortByChange(nodes []site.Node) {
	slices.SortStableFunc(nodes, func(a, b site.Node) int {
		if c := lastChange(b).Compare(lastChange(a)); c != 0 {
			return c
		}
		if c := strings.Compare(a.Kind(), b.Kind()); c != 0 {
			return c
		}
		return strings.Compare(a.NodeID(), b.NodeID())
	})
}

func (rec *recorder) siteFeed() ([]byte, error) {
	g := rec.r.g
	rec.use(site.KeyArticles, site.KeyStatements)
	// every article or statement could be among the latest, so the feed
	// reads them all; it is one cheap file.
	nodes := append(asNodes(g.Articles), asNodes(g.Statements)...)
	for _, n := range nodes {
		rec.use(site.DocKey(n))
	}
	return rec.feed(g.Site.Title, g.Site.Description, "feed.xml", nodes, true)
}

func (rec *recorder) entityFeed(e *site.Entity) ([]byte, error) {
	rec.use(site.DocKey(e), site.LinksKey(e))
	nodes := e.Timeline
	for _, n := range nodes {
		rec.use(site.DocKey(n))
	}
	return rec.feed(e.Name+" — "+rec.r.g.Site.Title, "Articles and statements involving "+e.Name+".", e.Path()+"feed.xml", nodes, false)
}

// useAllDocs records a dependency on every document and list, for outputs
// that cover the whole site; with bodies, on the text of every article and
// page too (the search index), which a body edit then re-renders.
func (rec *recorder) useAllDocs(withBodies bool) {
	rec.use(site.KeyAllDocs)
	if withBodies {
		rec.use(site.KeyAllBodies)
	}
}

func (rec *recorder) sitemap(jobs []Job) ([]byte, error) {
	rec.useAllDocs(false)
	var b bytes.Buffer
	b.WriteString(xml.Header)
	b.WriteString(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
	for _, j := range jobs {
		p, ok := strings.CutSuffix(j.Path, "index.html")
		if !ok {
			continue
		}
		b.WriteString("  <url><loc>")
		_ = xml.EscapeText(&b, []byte(rec.r.abs(p)))
		b.WriteString("</loc></url>\n")
	}
	b.WriteString("</urlset>\n")
	return b.Bytes(), nil
}

// searchTextLimit bounds the text each search entry carries, so the index
// stays small enough to load on a phone as the site grows.
const searchTextLimit = 600

type searchEntry struct {
	Title   string `json:"t"`
	URL     string `json:"u"`
	Kind    string `json:"k"`
	Date    string `json:"d,omitempty"`
	Summary string `json:"s,omitempty"`
	Text    string `json:"x,omitempty"`
}

// searchIndex is a script defining the search entries: a script, not JSON,
// so that search works from file:// and any static host, with no server.
func (rec *recorder) searchIndex() ([]byte, error) {
	g := rec.r.g
	rec.useAllDocs(true)
	var entries []searchEntry
	add := func(n site.Node, summary, text string) {
		if len(text) > searchTextLimit {
			text = excerptAt(text, searchTextLimit)
		}
		entries = append(entries, searchEntry{Title: n.Title(), URL: rec.r.url(n), Kind: n.Kind(), Date: n.Date().Human(), Summary: summary, Text: strings.ToLower(text)})
	}
	for _, a := range g.Articles {
		tags := make([]string, len(a.Tags))
		for i, t := range a.Tags {
			tags[i] = t.Name
		}
		add(a, a.Summary, strings.Join(tags, " ")+" "+rec.text(a.Body, a.Targets))
	}
	for _, s := range g.Statements {
		add(s, s.Quote, s.Attribution()+" "+s.Role()+" "+s.Stance+" "+s.Channel)
	}
	for _, e := range g.Entities {
		add(e, e.Role, strings.Join(e.Aliases, " ")+" "+e.Entity.Kind+" "+rec.text(e.Description, e.Targets))
	}
	for _, p := range g.Pages {
		add(p, p.Summary, rec.text(p.Body, p.Targets))
	}
	data, err := json.Marshal(entries)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	b.WriteString("window.DOSSIER_SEARCH = ")
	b.Write(data)
	b.WriteString(";\n")
	return b.Bytes(), nil
}

func excerptAt(text string, limit int) string {
	cut := strings.LastIndexByte(text[:limit], ' ')
	if cut < 0 {
		cut = limit
	}
	return text[:cut]
}

type jsonDate struct {
	content.Date
}

func (d jsonDate) MarshalJSON() ([]byte, error) { return json.Marshal(d.Machine()) }

func ids[T site.Node](list []T) []string {
	out := make([]string, len(list))
	for i, n := range list {
		out[i] = n.NodeID()
	}
	return out
}

func (rec *recorder) writeJSON(v any) ([]byte, error) {
	rec.useAllDocs(false)
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", " ")
	err := enc.Encode(v)
	return b.Bytes(), err
}

func (rec *recorder) articlesJSON() ([]byte, error) {
	type source struct {
		Outlet string    `json:"outlet"`
		Title  string    `json:"title,omitempty"`
		URL    string    `json:"url,omitempty"`
		Date   *jsonDate `json:"date,omitempty"`
	}
	type article struct {
		ID         string    `json:"id"`
		URL        string    `json:"url"`
		Title      string    `json:"title"`
		Date       jsonDate  `json:"date"`
		Updated    *jsonDate `json:"updated,omitempty"`
		Summary    string    `json:"summary,omitempty"`
		Authors    []string  `json:"authors,omitempty"`
		Tags       []string  `json:"tags,omitempty"`
		Entities   []string  `json:"entities,omitempty"`
		Statements []string  `json:"statements,omitempty"`
		Sources    []source  `json:"sources,omitempty"`
	}
	out := []article{}
	for _, a := range rec.r.g.Articles {
		v := article{ID: a.Slug, URL: rec.r.abs(a.Path()), Title: a.Title(), Date: jsonDate{a.Date()}, Summary: a.Summary,
			Authors: a.Authors, Tags: ids(a.Tags), Entities: ids(a.Mentions), Statements: ids(a.Cites)}
		if len(v.Authors) == 0 {
			v.Authors = rec.r.g.Site.Authors // as the article's page shows
		}
		if !a.Updated.IsZero() {
			v.Updated = &jsonDate{a.Updated}
		}
		for _, s := range a.Sources {
			src := source{Outlet: s.Source.Outlet.ID, Title: s.Title, URL: s.URL}
			if !s.Date.IsZero() {
				src.Date = &jsonDate{s.Date}
			}
			v.Sources = append(v.Sources, src)
		}
		out = append(out, v)
	}
	return rec.writeJSON(out)
}

func (rec *recorder) statementsJSON() ([]byte, error) {
	type report struct {
		Outlet string `json:"outlet"`
		URL    string `json:"url,omitempty"`
	}
	type statement struct {
		ID         string   `json:"id"`
		URL        string   `json:"url"`
		Org        string   `json:"org"`
		Speaker    string   `json:"speaker,omitempty"`
		Role       string   `json:"role,omitempty"`
		Date       jsonDate `json:"date"`
		Channel    string   `json:"channel,omitempty"`
		Quote      string   `json:"quote"`
		Paraphrase bool     `json:"paraphrase"`
		Stance     string   `json:"stance,omitempty"`
		About      []string `json:"about,omitempty"`
		Topics     []string `json:"topics,omitempty"`
		ReportedBy []report `json:"reported_by,omitempty"`
		RespondsTo string   `json:"responds_to,omitempty"`
		CitedBy    []string `json:"cited_by,omitempty"`
	}
	out := []statement{}
	for _, s := range rec.r.g.Statements {
		v := statement{ID: s.ID, URL: rec.r.abs(s.Path()), Org: s.Org.ID, Role: s.Role(), Date: jsonDate{s.Date()},
			Channel: s.Channel, Quote: s.Quote, Paraphrase: s.Paraphrase, Stance: s.Stance,
			About: ids(s.About), Topics: ids(s.Topics), CitedBy: ids(s.CitedBy)}
		if s.Speaker != nil {
			v.Speaker = s.Speaker.ID
		}
		if s.RespondsTo != nil {
			v.RespondsTo = s.RespondsTo.NodeID()
		}
		for _, r := range s.ReportedBy {
			v.ReportedBy = append(v.ReportedBy, report{Outlet: r.Outlet.ID, URL: r.URL})
		}
		out = append(out, v)
	}
	return rec.writeJSON(out)
}

func (rec *recorder) entitiesJSON() ([]byte, error) {
	type entity struct {
		ID          string   `json:"id"`
		URL         string   `json:"url"`
		Name        string   `json:"name"`
		Kind        string   `json:"kind"`
		Aliases     []string `json:"aliases,omitempty"`
		Website     string   `json:"website,omitempty"`
		Description string   `json:"description,omitempty"`
		Org         string   `json:"org,omitempty"`
		Role        string   `json:"role,omitempty"`
	}
	out := []entity{}
	for _, e := range rec.r.g.Entities {
		v := entity{ID: e.ID, URL: rec.r.abs(e.Path()), Name: e.Name, Kind: e.Entity.Kind, Aliases: e.Aliases,
			Website: e.URL, Description: string(e.Entity.Description.Source), Role: e.Role}
		if e.Org != nil {
			v.Org = e.Org.ID
		}
		out = append(out, v)
	}
	return rec.writeJSON(out)
}

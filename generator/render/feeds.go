package render

import (
	"bytes"
	"encoding/xml"
	"net/url"
	"path"
	"strings"
	"unicode/utf8"

	"github.com/dossier-news/dossier/generator/site"
)

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

// write writes the feed as an XML document, as encoding/xml marshals it
// (indented by two spaces) after xml.Header, and a newline: written by
// hand, since marshalling by reflection was a third of an entity feed's
// time, and a date moves two dozen of them (TestFeedWriterIsXMLMarshal
// holds the two the same).
func (f *atomFeed) write(b *bytes.Buffer) {
	b.WriteString(xml.Header)
	b.WriteString(`<feed xmlns="http://www.w3.org/2005/Atom">`)
	xmlElement(b, "\n  ", "title", f.Title)
	if f.Sub != "" {
		xmlElement(b, "\n  ", "subtitle", f.Sub)
	}
	xmlElement(b, "\n  ", "id", f.ID)
	xmlElement(b, "\n  ", "updated", f.Updated)
	for _, l := range f.Links {
		l.write(b, "\n  ")
	}
	if f.Author != nil {
		f.Author.write(b, "\n  ")
	}
	for _, e := range f.Entries {
		b.WriteString("\n  <entry>")
		xmlElement(b, "\n    ", "title", e.Title)
		xmlElement(b, "\n    ", "id", e.ID)
		xmlElement(b, "\n    ", "updated", e.Updated)
		if e.Published != "" {
			xmlElement(b, "\n    ", "published", e.Published)
		}
		e.Link.write(b, "\n    ")
		if e.Author != nil {
			e.Author.write(b, "\n    ")
		}
		if e.Summary != nil {
			e.Summary.write(b, "\n    ", "summary")
		}
		if e.Content != nil {
			e.Content.write(b, "\n    ", "content")
		}
		b.WriteString("\n  </entry>")
	}
	b.WriteString("\n</feed>\n")
}

func (l atomLink) write(b *bytes.Buffer, indent string) {
	b.WriteString(indent)
	b.WriteString(`<link href="`)
	escapeXML(b, l.Href)
	if l.Rel != "" {
		b.WriteString(`" rel="`)
		escapeXML(b, l.Rel)
	}
	if l.Type != "" {
		b.WriteString(`" type="`)
		escapeXML(b, l.Type)
	}
	b.WriteString(`"></link>`)
}

func (a *atomAuthor) write(b *bytes.Buffer, indent string) {
	b.WriteString(indent)
	b.WriteString("<author>")
	xmlElement(b, indent+"  ", "name", a.Name)
	b.WriteString(indent)
	b.WriteString("</author>")
}

func (t *atomText) write(b *bytes.Buffer, indent, name string) {
	b.WriteString(indent)
	b.WriteString("<" + name + ` type="`)
	escapeXML(b, t.Type)
	b.WriteString(`">`)
	escapeXML(b, t.Body)
	b.WriteString("</" + name + ">")
}

// xmlElement writes an element holding text, on a line of its own.
func xmlElement(b *bytes.Buffer, indent, name, text string) {
	b.WriteString(indent)
	b.WriteString("<" + name + ">")
	escapeXML(b, text)
	b.WriteString("</" + name + ">")
}

// escapeXML writes s as encoding/xml escapes text and attribute values:
// the five special characters, tab and line breaks as references, and
// what XML cannot hold (control characters, invalid UTF-8) as U+FFFD.
func escapeXML(b *bytes.Buffer, s string) {
	last := 0
	for i := 0; i < len(s); {
		c := s[i]
		if xmlPlain[c] {
			i++
			continue
		}
		r, width := rune(c), 1
		if c >= utf8.RuneSelf {
			r, width = utf8.DecodeRuneInString(s[i:])
		}
		var esc string
		switch r {
		case '"':
			esc = "&#34;"
		case '\'':
			esc = "&#39;"
		case '&':
			esc = "&amp;"
		case '<':
			esc = "&lt;"
		case '>':
			esc = "&gt;"
		case '\t':
			esc = "&#x9;"
		case '\n':
			esc = "&#xA;"
		case '\r':
			esc = "&#xD;"
		default:
			if inXMLRange(r) && (r != utf8.RuneError || width > 1) {
				i += width
				continue
			}
			esc = "\uFFFD"
		}
		b.WriteString(s[last:i])
		b.WriteString(esc)
		i += width
		last = i
	}
	b.WriteString(s[last:])
}

// xmlPlain marks the bytes escapeXML copies as they are: ASCII but the
// control characters and the five special ones. A look-up, where six
// comparisons a byte were half the time of writing the sitemaps (50,000
// URLs, at every new document in watch mode).
var xmlPlain = func() (plain [256]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		plain[c] = !strings.ContainsRune(`"'&<>`, rune(c))
	}
	return plain
}()

// inXMLRange reports whether XML 1.0 allows the character r.
func inXMLRange(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D || r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF
}

// feed renders an Atom feed; withContent puts whole articles in it (the
// site's feed), otherwise entries carry summaries (per-entity feeds, which
// would otherwise repeat every article many times over).
func (rec *recorder) feed(title, subtitle, p string, nodes []site.Node, withContent bool) ([]byte, error) {
	r := rec.r
	rec.use(site.KeySite)
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
		rec.use(site.ItemKey(n))
		e := atomEntry{
			Title: n.Title(), ID: r.abs(n.Path()), Updated: site.LastChange(n).RFC3339(), Published: n.Date().RFC3339(),
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
			e.Summary = &atomText{Type: "text", Body: rec.summary(n.Summary, n.Body, n.Targets)}
			if withContent {
				rec.use(site.BodyKey(n))
				e.Content = &atomText{Type: "html", Body: feedHTML(rec.articleBody(n), r.abs(n.Path()))}
			}
			if len(n.Authors) > 0 {
				e.Author = &atomAuthor{Name: strings.Join(n.Authors, ", ")}
			}
		case *site.Statement:
			rec.card(n)
			e.Title = n.Title() + " (" + n.Date().Human() + "): " + quoteStart(n)
			e.Content = &atomText{Type: "text", Body: quoted(n, n.Quote) + " — " + n.Attribution()}
		}
		f.Entries = append(f.Entries, e)
	}
	f.write(rec.out)
	return rec.out.Bytes(), nil
}

// siteFeedPath is the site's feed, the one with whole articles.
const siteFeedPath = "feed.xml"

func (rec *recorder) siteFeed() ([]byte, error) {
	g := rec.r.g
	// every article or statement could be among the latest: the feed
	// reads them all, through the aggregate key
	rec.useAllDocs(false)
	r := rec.r
	if r.siteLatest == nil {
		r.siteLatest = siteFeedLatest(g)
	}
	return rec.feed(g.Site.Title, g.Site.Description, siteFeedPath, r.siteLatest, true)
}

// siteFeedLatest are the entries of the site's feed: the latest of every
// article (an article updated late can be among the latest however old it
// is; site.LatestDated reads back from the newest only as far as it must)
// and the newest statements. The statements are in byChange's order already
// (newest first, then by ID, and none has an updated date), so only the
// first site.FeedSize can be among the latest: reading the others too was
// most of a new story's feed (30,000 statements read at 10,000 articles).
func siteFeedLatest(g *site.Graph) []site.Node {
	articles := site.LatestDated(g.Articles, site.FeedSize, false, g.UpdatedBound())
	return site.Latest(append(articles, asNodes(g.Statements[:min(site.FeedSize, len(g.Statements))])...), site.FeedSize)
}

func (rec *recorder) entityFeed(e *site.Entity) ([]byte, error) {
	// the graph chose the entries, and FeedKey versions its choice
	rec.use(site.DocKey(e), site.FeedKey(e))
	return rec.feed(e.Name+" — "+rec.r.g.Site.Title, "Articles and statements involving "+e.Name+".", e.Path()+"feed.xml", e.Latest, false)
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

// SitemapLimit is the most URLs one sitemap file may list, by the sitemap
// protocol; a larger site gets a sitemap index and several sitemaps.
const SitemapLimit = 50000

// sitemap writes a sitemap file: root, in the sitemap namespace, holding an
// element named entry with the URL of each path. It is the sitemap of some
// pages ("urlset", "url") or the index of sitemaps ("sitemapindex", "sitemap").
func (rec *recorder) sitemap(root, entry string, paths []string) ([]byte, error) {
	// the base URL, and the pages: which lists there are and how many
	// pages each has (not what the pages say)
	rec.use(site.KeySite, site.KeyOutputPages)
	b := rec.out
	b.WriteString(xml.Header)
	b.WriteString("<" + root + ` xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
	// written in pieces, escaped only where needed: 50,000 URLs each made
	// and escaped rune by rune took 18 ms, at every new document in watch
	// mode; into a buffer grown once to the size they take (grown as it
	// filled, the worker's buffer was copied over and over, a third of
	// the sitemaps' time)
	open, close := "  <"+entry+"><loc>", "</loc></"+entry+">\n"
	base := rec.r.baseURL
	size := 0
	var escaped bytes.Buffer
	escapeXML(&escaped, base) // once: it starts every URL
	for _, p := range paths {
		size += len(open) + escaped.Len() + len(p) + len(close)
	}
	b.Grow(size + len(root) + 4)
	for _, p := range paths {
		b.WriteString(open)
		b.Write(escaped.Bytes()) // the base ends with "/": no character is cut in two
		escapeXML(b, strings.TrimPrefix(p, "/"))
		b.WriteString(close)
	}
	b.WriteString("</" + root + ">\n")
	return b.Bytes(), nil
}

// excerptAt is text cut at the last word boundary before limit bytes, or
// within a word that long at the start of a character.
func excerptAt(text string, limit int) string {
	cut := strings.LastIndexByte(text[:limit], ' ')
	if cut < 0 {
		cut = limit
		for cut > 0 && !utf8.RuneStart(text[cut]) {
			cut--
		}
	}
	return text[:cut]
}

// hiddenOpen starts the text a page shows only to screen readers; a feed
// reader has no stylesheet to hide it ("Statement details: Dana Ripley,
// August 2018" where the page reads "Statement details"). The theme puts
// text alone in it, up to the next </span>.
const hiddenOpen = `<span class="visually-hidden">`

// feedHTML is a page's HTML made for a feed reader: its links and images
// absolute, resolved against page (the page's absolute URL), since a
// reader may not resolve them against the page's address (and xml:base is
// not read by all), and without the text meant for screen readers only.
// Links to other hosts ("//host/x", "https://...") stay as they are; with
// no absolute URL for the page, so do all. One pass over the HTML: the
// site's feed is made again at every edit of a recent story.
func feedHTML(html, page string) string {
	base, err := url.Parse(page)
	absolute := err == nil && base.Scheme != "" && base.Host != ""
	var b strings.Builder
	b.Grow(len(html) + len(html)/8)
	next := func(from int, s string) int { // s's next place at or after from, or len(html)
		if i := strings.Index(html[from:], s); i >= 0 {
			return from + i
		}
		return len(html)
	}
	done, hidden := 0, next(0, hiddenOpen)
	for pos := 0; ; {
		quote := next(pos, `"`)
		if hidden < quote { // text for screen readers only: left out
			b.WriteString(html[done:hidden])
			done = next(hidden, "</span>") + len("</span>")
			if done > len(html) {
				return b.String() // unclosed: the rest is theirs
			}
			pos, hidden = done, next(done, hiddenOpen)
			continue
		}
		if quote == len(html) {
			break
		}
		// an attribute's value, between quote and the next quote
		end := next(quote+1, `"`)
		if end == len(html) {
			break
		}
		if absolute && (strings.HasSuffix(html[:quote+1], ` href="`) || strings.HasSuffix(html[:quote+1], ` src="`)) {
			b.WriteString(html[done : quote+1])
			b.WriteString(absoluteRef(html[quote+1:end], base.Scheme+"://"+base.Host, base.Path))
			done = end
		}
		pos = end + 1
	}
	b.WriteString(html[done:])
	return b.String()
}

// absoluteRef makes ref, an attribute's value as written (its & escaped),
// absolute from the page at dir (a path ending in its folder's slash) of
// origin. Only the path is resolved; a query and fragment stay as written.
func absoluteRef(ref, origin, dir string) string {
	switch {
	case ref == "" || strings.HasPrefix(ref, "//"):
		return ref
	case strings.HasPrefix(ref, "/"):
		return origin + ref
	case strings.HasPrefix(ref, "#") || strings.HasPrefix(ref, "?"):
		return origin + dir + ref
	}
	if colon := strings.IndexByte(ref, ':'); colon >= 0 && !strings.ContainsAny(ref[:colon], "/?#") {
		return ref // a scheme: another host, or mailto:
	}
	p, suffix := ref, ""
	if i := strings.IndexAny(ref, "?#"); i >= 0 {
		p, suffix = ref[:i], ref[i:]
	}
	resolved := path.Join(dir, p)
	folder := strings.HasSuffix(p, "/") || p == "." || p == ".." || strings.HasSuffix(p, "/.") || strings.HasSuffix(p, "/..")
	if folder && !strings.HasSuffix(resolved, "/") { // the root is "/" already
		resolved += "/"
	}
	return origin + resolved + suffix
}

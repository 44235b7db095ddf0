package render

import (
	"cmp"
	"html/template"
	"slices"
	"strings"

	"github.com/dossier-news/dossier/generator/content"
	"github.com/dossier-news/dossier/generator/markdown"
	"github.com/dossier-news/dossier/generator/site"
)

// sectionSize is how many items each section of an entity page shows, as
// ShownKey versions them.
const sectionSize = site.EntitySection

// homeCount is how many articles, statements and players the home page
// shows: what the keys of the site's lists version of them.
const homeCount = site.ListHead

func (rec *recorder) home() *Page {
	g := rec.r.g
	rec.use(site.KeyArticles, site.KeyStatements, site.KeyEntities)
	v := &HomeView{Intro: g.Site.Description}
	v.Counts.Articles, v.Counts.Statements, v.Counts.Entities = len(g.Articles), len(g.Statements), len(g.Entities)
	v.Articles = rec.items(asNodes(g.Articles[:min(homeCount, len(g.Articles))]))
	v.Statements = rec.cards(g.Statements[:min(homeCount, len(g.Statements))])
	v.Players = rec.players(homeCount)
	pg := rec.basePage("", g.Site.Title, g.Site.Description, v)
	pg.Feed = &Link{"Subscribe to the story (Atom)", rec.r.root + "feed.xml"}
	return pg
}

// players are the entities that speak and are spoken of most.
func (rec *recorder) players(n int) []EntitySummary {
	rec.use(site.KeyPlayers)
	ents := rec.r.g.Players[:min(n, len(rec.r.g.Players))]
	out := make([]EntitySummary, 0, n)
	for _, e := range ents {
		out = append(out, rec.entitySummary(e))
	}
	return out
}

func (rec *recorder) entitySummary(e *site.Entity) EntitySummary {
	s := EntitySummary{Link: rec.link(e), Kind: e.Entity.Kind, Role: e.Role, Statements: len(e.Statements), Mentions: len(e.Mentioned)}
	if e.Org != nil {
		l := rec.link(e.Org)
		s.Org = &l
	}
	return s
}

// articleBody is an article's body as HTML, for one of the outputs that
// show it.
func (rec *recorder) articleBody(a *site.Article) string {
	b := a.Body
	b.Chunks = rec.r.articleHTML(a)
	return rec.body(b, a.Targets)
}

func (rec *recorder) article(a *site.Article) *Page {
	rec.use(site.DocKey(a), site.BodyKey(a), site.LinksKey(a))
	body := rec.articleBody(a)
	v := &ArticleView{
		Title: a.Title(), Date: dateView(a.Date()), Month: rec.r.timelineMonth(a.Date()), Updated: optDate(a.Updated), Summary: a.Summary,
		Authors: a.Authors, Tags: rec.tagLinks(a.Tags), Body: template.HTML(body),
		Entities: rec.entityLinks(a.Mentions), Statements: rec.cards(notEmbedded(a)),
		Related: rec.items(asNodes(a.Related)), Backlinks: rec.items(except(a.Backlinks(), asNodes(a.Related))),
	}
	if len(v.Authors) == 0 {
		v.Authors = rec.r.g.Site.Authors
	}
	for _, s := range a.Sources {
		sv := SourceView{Title: s.Title, URL: s.URL, Date: optDate(s.Date)}
		if s.Outlet != nil {
			sv.Outlet = rec.link(s.Outlet)
		}
		v.Sources = append(v.Sources, sv)
	}
	for _, c := range a.Corrections {
		v.Corrections = append(v.Corrections, CorrectionView{Date: dateView(c.Date), Text: c.Text})
	}
	return rec.basePage(a.Path(), a.Title(), rec.summary(a.Summary, a.Body, a.Targets), v)
}

// notEmbedded are the statements a cites that its body does not embed: an
// embedded one is shown whole where it stands, not again under the body.
func notEmbedded(a *site.Article) []*site.Statement {
	if len(a.Embeds) == 0 {
		return a.Cites
	}
	var out []*site.Statement
	for _, s := range a.Cites {
		if !slices.Contains(a.Embeds, s) {
			out = append(out, s)
		}
	}
	return out
}

// except returns the nodes of list that are in none of shown, in order.
func except(list []site.Node, shown ...[]site.Node) []site.Node {
	var out []site.Node
	for _, n := range list {
		dup := false
		for _, s := range shown {
			dup = dup || slices.Contains(s, n)
		}
		if !dup {
			out = append(out, n)
		}
	}
	return out
}

// excerptLimit is the most bytes of text an excerpt keeps.
const excerptLimit = 200

// excerpt shortens text to about a sentence or two for descriptions.
func excerpt(text string) string { return shorten(text, excerptLimit) }

// shorten cuts text to at most limit bytes at a word, marking the cut.
func shorten(text string, limit int) string {
	if len(text) <= limit {
		return text
	}
	return excerptAt(text, limit) + "…"
}

// summary is given, the summary its author wrote, or when there is none the
// excerpt of a body. The excerpt reads only as much of the body's plain
// text as it keeps: made from the whole text, and made even when a summary
// was given, it was a tenth of an entity feed's time.
func (rec *recorder) summary(given string, b markdown.Body, targets []site.Node) string {
	if given != "" {
		return given
	}
	return excerpt(rec.textPrefix(b, targets, excerptLimit+1))
}

func (rec *recorder) statement(s *site.Statement) *Page {
	rec.use(site.LinksKey(s))
	v := &StatementView{
		Card: rec.card(s), Month: rec.r.timelineMonth(s.Date()), About: rec.entityLinks(s.About), Topics: rec.tagLinks(s.Topics),
		Responses: rec.cards(s.Responses), CitedBy: rec.items(asNodes(s.CitedBy)),
		Backlinks: rec.items(except(s.Backlinks(), asNodes(s.Responses), asNodes(s.CitedBy))),
	}
	for _, rep := range s.ReportedBy {
		v.Sources = append(v.Sources, SourceView{Outlet: rec.link(rep.Outlet), URL: rep.URL})
	}
	if s.RespondsTo != nil {
		it := rec.item(s.RespondsTo)
		v.RespondsTo = &it
	}
	pg := rec.basePage(s.Path(), s.Title()+", "+s.Date().Human(), excerpt(s.Quote), v)
	pg.HeadTitle = pg.Title + ": " + quoteStart(s)
	return pg
}

// quoteStartLimit is about how many bytes of a quotation a statement's
// head title shows.
const quoteStartLimit = 60

// quoteStart is the start of s's quotation, cut at a word: what tells a
// speaker's statements of one month apart in a browser's tabs and history.
func quoteStart(s *site.Statement) string {
	return quoted(s, shorten(strings.Join(strings.Fields(s.Quote), " "), quoteStartLimit))
}

// quoted marks text from s's quotation as a quotation, unless s gives a
// paraphrase.
func quoted(s *site.Statement, text string) string {
	if s.Paraphrase {
		return text
	}
	return "“" + text + "”"
}

func (rec *recorder) entity(e *site.Entity) *Page {
	// what the page shows of the entity's lists: ShownKey, not LinksKey,
	// which a document dated deep in them changes too
	rec.use(site.DocKey(e), site.BodyKey(e), site.ShownKey(e))
	desc := rec.body(e.Description, e.Targets)
	reported := e.ReportedByOthers()
	v := &EntityView{
		Name: e.Name, Kind: e.Entity.Kind, Aliases: e.Aliases, URL: e.URL, Description: template.HTML(desc),
		Role: e.Role, People: rec.entityLinks(e.People),
		Statements: rec.cards(e.Statements[:min(sectionSize, len(e.Statements))]), StatementsCount: len(e.Statements),
		About: rec.cards(e.AboutIt[:min(sectionSize, len(e.AboutIt))]), AboutCount: len(e.AboutIt),
		Articles: rec.items(asNodes(e.Mentioned[:min(sectionSize, len(e.Mentioned))])), ArticlesCount: len(e.Mentioned),
		Reported: rec.items(asNodes(reported[:min(sectionSize, len(reported))])), ReportedCount: len(reported),
		SourceFor: rec.items(asNodes(e.SourceFor[:min(sectionSize, len(e.SourceFor))])), SourceForCount: len(e.SourceFor),
		TimelineURL: rec.r.url(e) + "timeline/",
	}
	if e.Org != nil {
		l := rec.link(e.Org)
		v.Org = &l
	}
	v.OtherMentions = rec.items(e.OtherMentions())
	pg := rec.basePage(e.Path(), e.Name, cmp.Or(rec.summary("", e.Description, e.Targets), e.Name+": statements, mentions and timeline."), v)
	pg.Feed = &Link{"Subscribe to " + e.Name + " (Atom)", rec.r.url(e) + "feed.xml"}
	return pg
}

func (rec *recorder) standalone(p *site.Page) *Page {
	rec.use(site.DocKey(p), site.BodyKey(p), site.LinksKey(p))
	body := rec.body(p.Body, p.Targets)
	v := &PageView{Title: p.Title(), Summary: p.Summary, Body: template.HTML(body), Backlinks: rec.items(p.Backlinks())}
	return rec.basePage(p.Path(), p.Title(), rec.summary(p.Summary, p.Body, p.Targets), v)
}

func (rec *recorder) list(heading, intro string, items []Item, back *Link) *Page {
	return rec.basePage("", heading, intro, &ListView{Heading: heading, Intro: intro, Items: items, Back: back})
}

// kindLabels are the headings of the entities index, by kind.
var kindLabels = map[string]string{
	content.KindOrganization: "Organizations", content.KindCompany: "Companies", content.KindBank: "Banks",
	content.KindRegulator: "Regulators", content.KindOutlet: "News outlets", content.KindPerson: "People",
}

// byKind returns the entities in the order of the entities index: by kind,
// then in the graph's order.
func byKind(all []*site.Entity) []*site.Entity {
	out := make([]*site.Entity, 0, len(all))
	for _, kind := range content.Kinds {
		for _, e := range all {
			if e.Entity.Kind == kind {
				out = append(out, e)
			}
		}
	}
	return out
}

// entities renders one page of the entities index, ents[from:to] of the
// entities in index order; kindPage(i) is the page that shows ents[i].
func (rec *recorder) entities(ents []*site.Entity, from, to int, kindPage func(i int) string) *Page {
	rec.use(site.KeyEntities)
	v := &EntitiesView{}
	for i := 0; i < len(ents); {
		j := i
		for j < len(ents) && ents[j].Entity.Kind == ents[i].Entity.Kind {
			j++
		}
		kind := ents[i].Entity.Kind
		v.Kinds = append(v.Kinds, KindCount{Kind: kindLabels[kind], Count: j - i, URL: kindPage(i) + "#kind-" + kind})
		if i < to && j > from {
			group := EntityGroup{Kind: kindLabels[kind], Anchor: "kind-" + kind}
			for _, e := range ents[max(i, from):min(j, to)] {
				rec.use(site.ShownKey(e)) // its counts
				group.Entities = append(group.Entities, rec.entitySummary(e))
			}
			v.Groups = append(v.Groups, group)
		}
		i = j
	}
	return rec.basePage("entities/", "Players", "Everyone in the story: companies, banks, outlets and people.", v)
}

func (rec *recorder) tags() *Page {
	rec.use(site.KeyTags, site.KeyStances)
	v := &TagsView{Stances: rec.r.g.Stances}
	for _, t := range rec.r.g.Tags {
		rec.use(site.TagKey(t.Name))
		v.Tags = append(v.Tags, TagSummary{Link: Link{t.Name, rec.r.url(t)}, Articles: len(t.Articles), Statements: len(t.Statements)})
	}
	return rec.basePage("tags/", "Topics", "Every tag and topic in the story.", v)
}

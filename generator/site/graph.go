// Package site links loaded documents into the site graph: it resolves every
// reference, records each link in both directions, and builds the indexes
// readers navigate by (timeline, tags, players). Linking is where a wrong ID
// becomes an error at the position it was written, with a suggestion.
package site

import (
	"fmt"
	"hash/fnv"
	"slices"
	"unsafe"

	"github.com/dossier-news/dossier/generator/content"
	"github.com/dossier-news/dossier/generator/markdown"
)

// Node is anything with its own page that a reference can point to.
type Node interface {
	NodeID() string
	// Kind is "article", "statement", "entity", "page" or "tag".
	Kind() string
	// Title is the node's name as readers see it, plain text.
	Title() string
	// Path is the site-relative URL path of the node's page, like
	// "articles/slug/", without the base path.
	Path() string
	Date() content.Date
	// Backlinks lists every document that refers to this one, in order.
	Backlinks() []Node
	// settleLists puts back in order the node's lists that a document
	// linked again was appended to.
	settleLists()
	// keys is the document's links and the keys made for it, nil for a
	// tag: a method of Node, as a type assertion to an interface holding
	// it was most of the time spent making the keys of every dependency
	// recorded (5 ms of a 60 ms rebuild after a new date).
	keys() *links
}

type links struct {
	backlinks []Node
	// the node's dependency keys, made once: rendering records them for
	// every page that shows the node, and the records keep them
	keyDoc, keyBody, keyLinks string
	// slashPath is the node's Path with a leading slash, made once too:
	// every list and link showing the node needs its URL
	slashPath string
	// identity is Identity's hash of the node's kind and ID
	identity uint64
}

func (l *links) setKeys(kind, id string) {
	l.keyDoc = keyDocPrefix + kind + ":" + id
	l.keyBody = keyBodyPrefix + kind + ":" + id
	l.keyLinks = keyLinksPrefix + kind + ":" + id
	l.slashPath = "/" + pagePath(kind, id)
	l.identity = identityOf(kind, id)
}

// Identity is a hash of the node's kind and ID, which the versions of lists
// are made of: hashing the names of every node of every list a new story
// joins was most of the time spent versioning them (100,000 names at
// 10,000 articles). It is made once for the documents of a graph.
func Identity(n Node) uint64 {
	if k := cachedKeys(n); k != nil {
		return k.identity
	}
	return identityOf(n.Kind(), n.NodeID())
}

func identityOf(kind, id string) uint64 {
	h := fnv.New64a()
	_, _ = h.Write([]byte(kind))
	_, _ = h.Write([]byte{0})
	_, _ = h.Write([]byte(id))
	return h.Sum64()
}

// pagePath is the folder of the page of a document of kind with id.
func pagePath(kind, id string) string {
	switch kind {
	case "article":
		return "articles/" + id + "/"
	case "statement":
		return "statements/" + id + "/"
	case "entity":
		return "entities/" + id + "/"
	}
	return id + "/" // a page
}

// path is the node's Path: made once for the documents of a graph, made
// now for a node made otherwise.
func (l *links) path(kind, id string) string {
	if l.slashPath != "" {
		return l.slashPath[1:]
	}
	return pagePath(kind, id)
}

// SlashPath is "/" + n.Path(), made once for the documents of a graph.
func SlashPath(n Node) string {
	if k := cachedKeys(n); k != nil {
		return k.slashPath
	}
	return "/" + n.Path()
}

func (l *links) keys() *links { return l }

func (l *links) Backlinks() []Node { return l.backlinks }

// Article is an article with its references resolved.
type Article struct {
	*content.Article
	// unix is Article.Date in seconds, beside the pointer to the document
	// that holds it: finding related articles compares the dates of
	// hundreds of candidates, and each read of a date through the document
	// was a second visit to memory far away (see dateDistance)
	unix int64
	links
	Body     markdown.Body
	Tags     []*Tag
	Mentions []*Entity    // entities named in front matter or the body
	Embeds   []*Statement // statements embedded with ![[id]]
	Cites    []*Statement // statements linked or embedded
	Sources  []ArticleSource
	Related  []*Article
	// Targets resolves each reference in Body.Refs, index for index.
	Targets []Node
	// keyItem is its ItemKey, made once
	keyItem string
	// placeHints are where placesOf last found it in the lists of its Tags
	// then its Mentions, index for index, for the next search to start
	// there (see placesOf)
	placeHints []int32
}

// newArticle is the node of an article document.
func newArticle(doc *content.Article) *Article {
	a := &Article{keyItem: keyItemPrefix + "article:" + doc.Slug}
	a.setDoc(doc)
	a.setKeys("article", doc.Slug)
	return a
}

// setDoc makes doc the article's document.
func (a *Article) setDoc(doc *content.Article) {
	a.Article, a.unix = doc, doc.Date.Time.Unix()
}

// ArticleSource is a source with its outlet resolved.
type ArticleSource struct {
	content.Source
	Outlet *Entity
}

func (a *Article) NodeID() string      { return a.Slug }
func (a *Article) Kind() string        { return "article" }
func (a *Article) Title() string       { return a.Article.Title }
func (a *Article) Path() string        { return a.path("article", a.Slug) }
func (a *Article) Date() content.Date  { return a.Article.Date }
func (a *Article) Backlinks() []Node   { return a.backlinks }
func (s *Statement) Backlinks() []Node { return s.backlinks }

// Statement is a statement with its references resolved.
type Statement struct {
	*content.Statement
	links
	Org        *Entity
	Speaker    *Entity // nil for an unnamed spokesperson
	About      []*Entity
	Topics     []*Tag
	ReportedBy []StatementReport
	RespondsTo Node // a *Statement or *Article, or nil
	Responses  []*Statement
	CitedBy    []*Article
}

// StatementReport is a report with its outlet resolved.
type StatementReport struct {
	content.Report
	Outlet *Entity
}

// Role is the speaker's role for this statement: its own, or the person's.
func (s *Statement) Role() string {
	if s.Statement.Role != "" || s.Speaker == nil {
		return s.Statement.Role
	}
	return s.Speaker.Role
}

// Attribution names who spoke, for titles and lists: "Dana Ripley, U.S. Bancorp"
// or "U.S. Bancorp spokesperson".
func (s *Statement) Attribution() string {
	org := s.Org.Name
	if s.Speaker != nil {
		return s.Speaker.Name + ", " + org
	}
	return org
}

func (s *Statement) NodeID() string     { return s.ID }
func (s *Statement) Kind() string       { return "statement" }
func (s *Statement) Title() string      { return "Statement by " + s.Attribution() }
func (s *Statement) Path() string       { return s.path("statement", s.ID) }
func (s *Statement) Date() content.Date { return s.Statement.Date }

// Entity is an entity with everything that points at it.
type Entity struct {
	*content.Entity
	links
	Description markdown.Body
	Targets     []Node
	Org         *Entity   // a person's organization
	People      []*Entity // persons whose org this is
	Statements  []*Statement
	AboutIt     []*Statement // statements about this entity
	Mentioned   []*Article   // articles mentioning it
	Reported    []*Statement // for outlets: statements they reported
	SourceFor   []*Article   // for outlets: articles citing their reporting
	// Timeline is every dated document involving the entity, oldest first.
	Timeline []Node
	// Latest are the entries of the entity's feed: the FeedSize documents
	// of its timeline that changed last, in ByChange order.
	Latest []Node
	// shown is ShownKey's version, made with Latest
	shown uint64
}

// EntitySection is how many items each section of an entity's page shows
// of its list; the entity's paginated timeline has the rest, so no page
// grows with the site.
const EntitySection = 10

// ReportedByOthers are the statements the entity reported that are not its
// own (as organization or speaker), which its page lists.
func (e *Entity) ReportedByOthers() []*Statement {
	own := func(s *Statement) bool { return s.Org == e || s.Speaker == e }
	if !slices.ContainsFunc(e.Reported, own) {
		return e.Reported
	}
	return slices.DeleteFunc(slices.Clone(e.Reported), own)
}

// OtherMentions are the documents referring to the entity that are in
// none of its lists (profiles of other entities, standalone pages), few
// enough for its page to list them all. The lists' nodes are looked for by
// address in a sorted slice: a map of them, made for each entity's page
// and for its ShownKey, was 70 MB of a build's garbage at 10,000 articles.
func (e *Entity) OtherMentions() []Node {
	shown := make([]uintptr, 0, len(e.Statements)+len(e.AboutIt)+len(e.Mentioned)+len(e.Reported)+len(e.SourceFor)+len(e.People))
	shown = appendAddresses(shown, e.Statements)
	shown = appendAddresses(shown, e.AboutIt)
	shown = appendAddresses(shown, e.Mentioned)
	shown = appendAddresses(shown, e.Reported)
	shown = appendAddresses(shown, e.SourceFor)
	shown = appendAddresses(shown, e.People)
	slices.Sort(shown)
	var others []Node
	for _, n := range e.backlinks {
		if _, found := slices.BinarySearch(shown, address(n)); !found {
			others = append(others, n)
		}
	}
	return others
}

// appendAddresses appends the addresses of list's nodes to out.
func appendAddresses[T any](out []uintptr, list []*T) []uintptr {
	for _, n := range list {
		out = append(out, uintptr(unsafe.Pointer(n)))
	}
	return out
}

// address is where node n is in memory: the same for n and for the
// pointer to it in a typed list, as the collector does not move objects.
func address(n Node) uintptr {
	switch n := n.(type) {
	case *Article:
		return uintptr(unsafe.Pointer(n))
	case *Statement:
		return uintptr(unsafe.Pointer(n))
	case *Entity:
		return uintptr(unsafe.Pointer(n))
	case *Page:
		return uintptr(unsafe.Pointer(n))
	case *Tag:
		return uintptr(unsafe.Pointer(n))
	}
	panic(fmt.Sprintf("site: a node of type %T", n))
}

func (e *Entity) NodeID() string     { return e.ID }
func (e *Entity) Kind() string       { return "entity" }
func (e *Entity) Title() string      { return e.Name }
func (e *Entity) Path() string       { return e.path("entity", e.ID) }
func (e *Entity) Date() content.Date { return content.Date{} }
func (e *Entity) Backlinks() []Node  { return e.backlinks }

// Page is a standalone page.
type Page struct {
	*content.Page
	links
	Body    markdown.Body
	Targets []Node
}

func (p *Page) NodeID() string     { return p.Slug }
func (p *Page) Kind() string       { return "page" }
func (p *Page) Title() string      { return p.Page.Title }
func (p *Page) Path() string       { return p.path("page", p.Slug) }
func (p *Page) Date() content.Date { return content.Date{} }
func (p *Page) Backlinks() []Node  { return p.backlinks }

// Tag is a tag of articles or a topic of statements; one namespace.
type Tag struct {
	Name       string
	Articles   []*Article
	Statements []*Statement
	// Items is the articles and statements together, newest first.
	Items []Node
}

func (t *Tag) NodeID() string     { return t.Name }
func (t *Tag) Kind() string       { return "tag" }
func (t *Tag) Title() string      { return t.Name }
func (t *Tag) Path() string       { return "tags/" + t.Name + "/" }
func (t *Tag) Date() content.Date { return content.Date{} }
func (t *Tag) Backlinks() []Node  { return nil }

// Graph is the linked site: every document, indexes, and the version of
// every key a rendered page can depend on.
type Graph struct {
	// contested are the IDs two files claim (see content.Corpus.Contested)
	contested map[string]bool
	// linkers are the documents whose bodies have links written as paths,
	// which CheckLocalLinks reads (not every document, on every rebuild)
	linkers    map[Node]bool
	Site       content.Site
	SiteHash   uint64
	Articles   []*Article   // newest first
	Statements []*Statement // newest first
	Entities   []*Entity    // by name
	Pages      []*Page      // by slug
	Tags       []*Tag       // by name
	// Timeline is every article and statement, oldest first.
	Timeline []Node
	// ArticlesByID, StatementsByID and EntitiesByID are the same documents
	// in the order of their IDs, which no date or name changes: the order
	// of their pages in the sitemaps.
	ArticlesByID   []*Article
	StatementsByID []*Statement
	EntitiesByID   []*Entity
	// Stances lists every stance used, sorted.
	Stances []string
	// Players are the entities that speak and are spoken of most, first.
	Players []*Entity
	byID    map[string]Node
	// versions maps each dependency key to a hash of what it stands for.
	versions map[string]uint64
	// moves counts the in-place updates that moved a document in time or
	// added or removed one (see Moves)
	moves uint64
	// updatedBound is no earlier than any article's date of update: the
	// latest any article has had since the graph was linked (see
	// LatestDated)
	updatedBound content.Date
}

// noteUpdated keeps updatedBound no earlier than an article's date of
// update. An article whose date of update goes back, or which goes, leaves
// the bound where it was: a bound too late only reads more.
func (g *Graph) noteUpdated(doc *content.Article) {
	if doc.Updated.Compare(g.updatedBound) > 0 {
		g.updatedBound = doc.Updated
	}
}

// UpdatedBound is a date no article's date of update is later than.
func (g *Graph) UpdatedBound() content.Date { return g.updatedBound }

// Moves counts the updates in place that gave a document another date (or
// date of update), added one or removed one: what feeds choose their
// entries by. No dependency key stands for it, as no output reads all the
// dates; a renderer compares it with the count it last saw.
func (g *Graph) Moves() uint64 { return g.moves }

// Lookup finds an article, statement or entity by ID.
func (g *Graph) Lookup(id string) Node { return g.byID[id] }

// Version is the current version of a dependency key, and whether it exists.
func (g *Graph) Version(key string) (uint64, bool) {
	v, ok := g.versions[key]
	return v, ok
}

// UpdateBody replaces an article's document and converted body when only
// its prose changed: the same front matter and the same references, so
// every link, list and index of the graph stays as it is.
// It returns the dependency keys that changed.
func (g *Graph) UpdateBody(a *Article, doc *content.Article, body markdown.Body) []string {
	a.setDoc(doc)
	g.noteUpdated(doc) // the same front matter, but a bound kept by every write stays right
	a.Body = body
	g.noteLinks(a, body)
	g.setVersion(BodyKey(a), doc.Hash)
	return []string{BodyKey(a), KeyAllBodies}
}

// CanUpdateEntity reports whether UpdateEntity can take a new version of
// entity e whose description is converted: one whose kind still fits every
// way it is referred to (a person speaks and belongs to organizations, the
// rest are organizations; outlets report), whose organization, if any, is
// another entity that is not a person, and whose description refers only
// to documents of the graph it can point to, so that linking it reports
// nothing.
func (g *Graph) CanUpdateEntity(e *Entity, doc *content.Entity, description markdown.Body) bool {
	if !e.kindFits(doc.Kind) || !g.refsResolve(description) {
		return false
	}
	if doc.Org.IsZero() || doc.Org.ID == e.Entity.Org.ID {
		return true
	}
	org, ok := g.byID[doc.Org.ID].(*Entity)
	return ok && org != e && org.Entity.Kind != content.KindPerson
}

// kindFits reports whether the entity could be of that kind as the graph
// refers to it: a person is no organization (of statements or people), an
// organization speaks for none (as a statement's speaker), and only an
// outlet reports statements or is cited as an article's source.
func (e *Entity) kindFits(kind string) bool {
	if kind == e.Entity.Kind {
		return true
	}
	if kind != content.KindOutlet && (len(e.Reported) > 0 || len(e.SourceFor) > 0) {
		return false
	}
	if kind == content.KindPerson && len(e.People) > 0 {
		return false
	}
	for _, s := range e.Statements {
		if kind == content.KindPerson && s.Org == e || kind != content.KindPerson && s.Speaker == e {
			return false
		}
	}
	return true
}

// UpdateEntity replaces an entity's document and converted description: its
// words (name, role, website, aliases, the description's prose), its kind,
// its organization, or the documents its description refers to. Pages that
// link or list the entity read again for a new name, kind, role or
// organization (its DocKey); the rest is its BodyKey's. A new name moves it
// in the site's list of entities and in its organization's people, which
// are by name; a new name or kind, in the index of entities. What it
// linked and no longer does loses it from its backlinks (and an
// organization from its people), what it links now gains it. The caller
// has checked that it can (CanUpdateEntity). It returns the dependency
// keys that changed.
func (g *Graph) UpdateEntity(e *Entity, doc *content.Entity, description markdown.Body) []string {
	renamed := e.Entity.Name != doc.Name
	regrouped := renamed || e.Entity.Kind != doc.Kind // the index of entities is by kind and name
	relinked := e.Entity.Org.ID != doc.Org.ID || !e.Description.SameReferences(description)
	changed := map[Node]bool{}
	e.Entity = doc
	e.Description = description
	g.noteLinks(e, description)
	if relinked {
		g.relinkEntity(e, changed)
	}
	if renamed {
		g.Entities = moveTo(g.Entities, e, byName)
		if e.Org != nil {
			e.Org.People = moveTo(e.Org.People, e, byName)
			changed[e.Org] = true
		}
	}
	u := g.update()
	e.fileVersions(u.set)
	if regrouped {
		u.set(KeyEntities, entitiesVersion(g.Entities))
	}
	return u.done(changed)
}

// relinkEntity links the entity's organization and description again, as
// its document now names them (all of which resolve: CanUpdateEntity): what
// it linked loses it from its backlinks (its organization from its people
// too), what it links now gains it in its place. Every one of them is
// changed.
func (g *Graph) relinkEntity(e *Entity, changed map[Node]bool) {
	if e.Org != nil {
		e.Org.People = slices.DeleteFunc(e.Org.People, func(p *Entity) bool { return p == e })
		removeBacklink(e.Org, e)
		changed[e.Org] = true
	}
	for _, t := range e.Targets {
		if t != nil && t != Node(e) {
			removeBacklink(t, e)
			changed[t] = true
		}
	}
	// linked as a whole-site link links it, which appends it to the lists
	// of what it links: each goes to its place
	g.relinker().linkEntity(e)
	if e.Org != nil {
		e.Org.People = moveTo(e.Org.People, e, byName)
		e.Org.settleLists()
		changed[e.Org] = true
	}
	for _, t := range e.Targets {
		if t != nil && t != Node(e) {
			t.settleLists()
			changed[t] = true
		}
	}
}

// ChangedKeys lists the dependency keys whose version differs from old's,
// including keys only one of the graphs has. A nil old changes everything.
func (g *Graph) ChangedKeys(old *Graph) []string {
	var keys []string
	var oldVersions map[string]uint64
	if old != nil {
		oldVersions = old.versions
	}
	for k, v := range g.versions {
		if w, ok := oldVersions[k]; !ok || v != w {
			keys = append(keys, k)
		}
	}
	for k := range oldVersions {
		if _, ok := g.versions[k]; !ok {
			keys = append(keys, k)
		}
	}
	return keys
}

// UpdateStatement replaces a statement's document when only its words
// changed: the same organization, speaker, subjects, topics, outlets,
// stance, date and answer, so no list or index of the graph changes.
// It returns the dependency keys that changed.
func (g *Graph) UpdateStatement(s *Statement, doc *content.Statement) []string {
	s.Statement = doc
	reports := make([]StatementReport, len(s.ReportedBy))
	for i, r := range s.ReportedBy {
		reports[i] = StatementReport{Report: doc.ReportedBy[i], Outlet: r.Outlet}
	}
	s.ReportedBy = reports
	g.setVersion(DocKey(s), doc.Hash)
	return []string{DocKey(s), KeyAllDocs}
}

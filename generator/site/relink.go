package site

import (
	"maps"
	"slices"
	"sort"
	"strings"

	"github.com/dossier-news/dossier/generator/content"
	"github.com/dossier-news/dossier/generator/markdown"
)

// CanUpdateArticleLinks reports whether UpdateArticleLinks can take a new
// version of article a: one that stays published or a draft as it was, and
// whose every reference, in front matter and body, names a document it can
// point to, so that linking it reports nothing. (What does not resolve is
// for a full link to report, with its suggestion.) Its tags may be new to
// the site, or leave a tag without documents: the site's set of tags, and
// so of outputs, changes then.
func (g *Graph) CanUpdateArticleLinks(a *Article, doc *content.Article, body markdown.Body) bool {
	return a.Article.Draft == doc.Draft && g.canLinkArticle(doc, body)
}

// CanAddArticle reports whether AddArticle can take a new article: one
// published (not a draft), with an ID no document of the graph has, that
// CanUpdateArticleLinks would take as an edit. The caller checks that no
// draft has its ID either: the graph does not hold drafts.
func (g *Graph) CanAddArticle(doc *content.Article, body markdown.Body) bool {
	_, taken := g.byID[doc.Slug]
	return !taken && !doc.Draft && content.CheckID(doc.Slug) == nil && g.canLinkArticle(doc, body)
}

// canLinkArticle reports whether an article can be linked in place as doc.
func (g *Graph) canLinkArticle(doc *content.Article, body markdown.Body) bool {
	for _, ref := range doc.Entities {
		if _, ok := g.byID[ref.ID].(*Entity); !ok {
			return false
		}
	}
	for _, src := range doc.Sources {
		if e, ok := g.byID[src.Outlet.ID].(*Entity); !src.Outlet.IsZero() && (!ok || e.Entity.Kind != content.KindOutlet) {
			return false
		}
	}
	return g.refsResolve(body)
}

// UpdateArticleLinks replaces an article's document and converted body when
// its front matter, its tags or its references changed, and updates what
// depends on them: the backlinks, mentions and citations of the documents
// it pointed to and points to now, their timelines, the lists of the tags
// it left or joined, the related articles of the articles near it in the
// lists it joined or left, and the ranking of players. A new date moves it
// in every list it stays in too, and in the site's lists of articles and of
// everything by date, and changes the related articles near both its
// places in each list. (A date of update moves it in no list; feeds choose
// their entries again at each rebuild.) It leaves the graph as linking the
// whole site again would (which took a second at 10,000 articles), and
// returns the dependency keys that changed. The caller has checked that it
// can (CanUpdateArticleLinks).
func (g *Graph) UpdateArticleLinks(a *Article, doc *content.Article, body markdown.Body) []string {
	reupdated := a.Article.Updated.Compare(doc.Updated) != 0
	if reupdated {
		g.moves++
	}
	return g.relinkArticle(a, doc, body, a.Article.Date.Compare(doc.Date) != 0, reupdated)
}

// AddArticle links a new article into the graph in place, as linking the
// whole site again would: it joins the lists of the documents it links, of
// its tags and the site's, the related articles near it in each change, and
// it gets its own. It returns the dependency keys that changed. The caller
// has checked that it can (CanAddArticle), and makes the renderer's jobs
// again: the site has one more page.
func (g *Graph) AddArticle(doc *content.Article, body markdown.Body) []string {
	a := newArticle(doc)
	g.byID[doc.Slug] = a
	g.ArticlesByID = insertByID(g.ArticlesByID, a)
	return g.relinkArticle(a, doc, body, true, false)
}

// relinkArticle links a again as doc, with body: a new article has no links
// yet. An article that moved (a new one, or one with a new date) is put in
// its place in the site's lists, and the related articles near its old and
// new places in each of its lists are found again. One with a new date of
// update (reupdated) has the feeds of its entities choose again.
func (g *Graph) relinkArticle(a *Article, doc *content.Article, body markdown.Body, redated, reupdated bool) []string {
	before := a.linkSet()
	// a's neighbours in each list it is in now, which it may leave
	left := map[nodeLink][]*Article{}
	for link := range before {
		left[link] = a.neighbours(link)
	}

	// Take a out of every list and link it again: it is appended to the
	// lists it belongs to, and moved to its place in each below.
	a.unlink()
	a.setDoc(doc)
	a.Body = body
	g.noteUpdated(doc)
	g.noteLinks(a, body)
	g.relinker().linkArticle(a)
	after := a.linkSet()
	changed, gone, added := relinked(a, before, after)
	if reupdated {
		// the entities' feeds choose by date of update: versioning their
		// links chooses again
		for link := range after {
			if e, ok := link.node.(*Entity); ok {
				changed[e] = true
			}
		}
	}
	if redated {
		// a moved in every list it stays in: each is for the update to
		// version again, and a's neighbours at both its places may relate
		// to other articles now
		g.moves++
		gone, added = slices.Collect(maps.Keys(before)), slices.Collect(maps.Keys(after))
		replaceIn(a, before, changed)
		g.Articles = moveTo(g.Articles, a, articlesNewestFirst)
		g.Timeline = moveTo(g.Timeline, Node(a), oldestFirst)
	}
	nearby := map[*Article]bool{a: true}
	for _, link := range gone {
		for _, b := range left[link] {
			nearby[b] = true
		}
	}
	for _, link := range added {
		for _, b := range a.neighbours(link) {
			nearby[b] = true
		}
	}
	relateAgain(nearby, changed)
	u := g.update()
	a.fileVersions(u.set)
	if redated {
		u.siteLists(KeyArticles, headVersion(g.Articles))
	}
	return u.done(changed)
}

// CanRemoveArticle reports whether RemoveArticle can take article a out of
// the graph: no document refers to it (a full link reports the references
// left without a target).
func (g *Graph) CanRemoveArticle(a *Article) bool {
	return len(a.backlinks) == 0
}

// RemoveArticle takes an article whose file is gone out of the graph in
// place, as linking the whole site again would, and returns the dependency
// keys that changed: its own, and those of the lists it leaves. The caller
// has checked that it can (CanRemoveArticle), and makes the renderer's jobs
// again: the site has one page less.
func (g *Graph) RemoveArticle(a *Article) []string {
	before := a.linkSet()
	left := map[nodeLink][]*Article{}
	for link := range before {
		left[link] = a.neighbours(link)
	}
	a.unlink()
	forgetDated(g, &g.ArticlesByID, &g.Articles, a)
	changed := map[Node]bool{}
	replaceIn(a, before, changed)
	nearby := map[*Article]bool{}
	for _, list := range left {
		for _, b := range list {
			if b != a {
				nearby[b] = true
			}
		}
	}
	relateAgain(nearby, changed)
	u := g.update()
	for _, key := range []string{DocKey(a), ItemKey(a), BodyKey(a), LinksKey(a)} {
		u.remove(key)
	}
	u.siteLists(KeyArticles, headVersion(g.Articles))
	return u.done(changed)
}

// CanAddEntity reports whether AddEntity can take a new entity: one with an
// ID no document of the graph has, whose organization, if any, is an entity
// that is not a person, and whose description's references all resolve (an
// embed to a statement). The caller checks that no draft article has its
// ID: the graph does not hold drafts.
func (g *Graph) CanAddEntity(doc *content.Entity, description markdown.Body) bool {
	if _, taken := g.byID[doc.ID]; taken || content.CheckID(doc.ID) != nil {
		return false
	}
	if !doc.Org.IsZero() {
		if org, ok := g.byID[doc.Org.ID].(*Entity); !ok || org.Entity.Kind == content.KindPerson {
			return false
		}
	}
	return g.refsResolve(description)
}

// refsResolve reports whether every reference of a body names a document
// of the graph it can point to, so that linking it reports nothing.
func (g *Graph) refsResolve(body markdown.Body) bool {
	for _, ref := range body.Refs {
		target, ok := g.byID[ref.ID]
		if content.CheckID(ref.ID) != nil || !ok {
			return false
		}
		if _, isStatement := target.(*Statement); ref.Embed && !isStatement {
			return false
		}
	}
	return true
}

// AddEntity links a new entity into the graph in place, as linking the
// whole site again would: it joins the site's entities and its
// organization's people, and the documents its description refers to list
// it among their backlinks. It returns the dependency keys that changed.
// The caller has checked that it can (CanAddEntity), and makes the
// renderer's jobs again: the site has new pages.
func (g *Graph) AddEntity(doc *content.Entity, description markdown.Body) []string {
	e := &Entity{Entity: doc, Description: description}
	g.noteLinks(e, description)
	e.setKeys("entity", doc.ID)
	g.byID[doc.ID] = e
	g.EntitiesByID = insertByID(g.EntitiesByID, e)
	g.Entities = moveTo(g.Entities, e, byName)
	g.relinker().linkEntity(e)
	e.Timeline = datedTimeline(e.backlinks) // none yet, as linking makes it
	changed := map[Node]bool{e: true}
	if e.Org != nil {
		e.Org.People = moveTo(e.Org.People, e, byName)
		settle(e.Org.backlinks, backlinkOrder)
		changed[e.Org] = true
	}
	for _, t := range e.Targets {
		if t != nil && t != Node(e) {
			t.settleLists()
			changed[t] = true
		}
	}
	u := g.update()
	e.fileVersions(u.set)
	u.set(KeyEntities, entitiesVersion(g.Entities))
	return u.done(changed)
}

// CanRemoveEntity reports whether RemoveEntity can take entity e out of the
// graph: no document refers to it, speaks for it, names it as speaker,
// subject, outlet or organization (a full link reports what is left
// without a target).
func (g *Graph) CanRemoveEntity(e *Entity) bool {
	return len(e.backlinks) == 0 && len(e.People) == 0 && len(e.Statements) == 0 && len(e.AboutIt) == 0 &&
		len(e.Mentioned) == 0 && len(e.Reported) == 0 && len(e.SourceFor) == 0
}

// RemoveEntity takes an entity whose file is gone out of the graph in
// place, as linking the whole site again would, and returns the dependency
// keys that changed. The caller has checked that it can
// (CanRemoveEntity), and makes the renderer's jobs again.
func (g *Graph) RemoveEntity(e *Entity) []string {
	changed := map[Node]bool{}
	if e.Org != nil {
		e.Org.People = slices.DeleteFunc(e.Org.People, func(p *Entity) bool { return p == e })
		removeBacklink(e.Org, e)
		changed[e.Org] = true
	}
	for _, t := range e.Targets {
		if t == nil || t == Node(e) {
			continue
		}
		removeBacklink(t, e)
		changed[t] = true
	}
	delete(g.byID, e.ID)
	g.EntitiesByID = deleteByID(g.EntitiesByID, e)
	g.Entities = slices.DeleteFunc(g.Entities, func(f *Entity) bool { return f == e })
	u := g.update()
	for _, key := range []string{DocKey(e), BodyKey(e), LinksKey(e), FeedKey(e), ShownKey(e)} {
		u.remove(key)
	}
	u.set(KeyEntities, entitiesVersion(g.Entities))
	return u.done(changed)
}

// neighbours are the articles near a in the list of articles that link
// stands for, if any (a tag's articles, an entity's mentions): related
// articles come from windows around each article in those lists, and only
// the articles near a in a list it leaves or joins can see theirs change:
// those at most relatedWindow places from it. One farther away had a
// outside its window, and the articles within it are the same with a gone
// (taking these 16 rather than 18 was a ninth less of finding the related
// articles of the hundreds near a moved date again).
func (a *Article) neighbours(link nodeLink) []*Article {
	var list []*Article
	switch n := link.node.(type) {
	case *Tag:
		list = n.Articles
	case *Entity:
		if link.role != roleMention {
			return nil
		}
		list = n.Mentioned
	default:
		return nil
	}
	i := slices.Index(list, a)
	if i < 0 {
		return nil
	}
	return slices.Clone(list[max(0, i-relatedWindow):min(len(list), i+relatedWindow+1)])
}

// replaceIn puts the nodes a document linked (before), which it moved in
// or left, among the changed ones, and takes its old place in their derived
// lists (an entity's timeline, a tag's items) out or moves it.
func replaceIn(doc Node, before map[nodeLink]bool, changed map[Node]bool) {
	for link := range before {
		changed[link.node] = true
		switch n := link.node.(type) {
		case *Entity:
			n.placeInTimeline(doc)
		case *Tag:
			n.placeInItems(doc)
		}
	}
}

// relateAgain finds the related articles of the nearby articles again,
// marking those whose changed.
func relateAgain(nearby map[*Article]bool, changed map[Node]bool) {
	articles := slices.Collect(maps.Keys(nearby))
	related := relatedOf(articles)
	for i, b := range articles {
		if !slices.Equal(related[i], b.Related) {
			b.Related = related[i]
			changed[b] = true
		}
	}
}

// moveTo moves n, whose sort key changed (or which is new to list), to its
// place in list, which is otherwise in order.
func moveTo[T comparable](list []T, n T, order func(x, y T) int) []T {
	list = slices.DeleteFunc(list, func(m T) bool { return m == n })
	i, _ := slices.BinarySearchFunc(list, n, order)
	return slices.Insert(list, i, n)
}

// relinker is a linker for one document of the graph, linked again.
func (g *Graph) relinker() *linker {
	l := &linker{g: g, tags: map[string]*Tag{}}
	for _, t := range g.Tags {
		l.tags[t.Name] = t
	}
	return l
}

// relinked finishes linking a document again: linking appended it to the
// lists of the nodes it links, and each goes to its place. It then compares
// how the document linked other nodes before and after, returns the nodes
// whose links from it changed (and it), the links gone and the links
// added, puts the document in or out of the timelines of the entities
// among them, and makes the items of the tags among them again.
func relinked(doc Node, before, after map[nodeLink]bool) (changed map[Node]bool, gone, added []nodeLink) {
	for link := range after {
		link.node.settleLists()
	}
	changed = map[Node]bool{doc: true}
	for link := range before {
		if !after[link] {
			changed[link.node] = true
			gone = append(gone, link)
		}
	}
	for link := range after {
		if !before[link] {
			changed[link.node] = true
			added = append(added, link)
		}
	}
	for n := range changed {
		switch n := n.(type) {
		case *Entity:
			n.placeInTimeline(doc)
		case *Tag:
			n.placeInItems(doc)
		}
	}
	return changed, gone, added
}

// versionUpdate sets the versions of the dependency keys an in-place update
// changed, and lists them for the rebuild.
type versionUpdate struct {
	g            *Graph
	keys         []string
	docs, bodies uint64 // the aggregates' versions before
}

func (g *Graph) update() *versionUpdate {
	u := &versionUpdate{g: g}
	u.docs, _ = g.Version(KeyAllDocs)
	u.bodies, _ = g.Version(KeyAllBodies)
	return u
}

// siteLists versions the site's list of a kind of document (key, with the
// headVersion of the list) and of everything by date, which a document
// joined, left or moved in.
func (u *versionUpdate) siteLists(key string, head uint64) {
	u.set(key, head)
	u.set(KeyTimeline, headVersion(u.g.Timeline))
}

// remove forgets the version of a key whose document is gone.
func (u *versionUpdate) remove(key string) {
	if _, ok := u.g.versions[key]; ok {
		u.keys = append(u.keys, key)
		u.g.deleteVersion(key)
	}
}

func (u *versionUpdate) set(key string, version uint64) {
	if old, ok := u.g.versions[key]; !ok || old != version {
		u.keys = append(u.keys, key)
		u.g.setVersion(key, version)
	}
}

// done sets the versions of the changed nodes' links and tags' lists and
// the players' ranking, and returns the keys that changed, aggregates
// included. A tag that came (linking a document made it) or went (its last
// document left it) changes the site's set of tags first.
func (u *versionUpdate) done(changed map[Node]bool) []string {
	g := u.g
	u.settleTags(changed)
	// on every core: a new date changes the lists of a dozen entities, each
	// of hundreds of documents read from memory (3 ms on one core at 10,000
	// articles); the graph is only read meanwhile, but for each entity's
	// choice of its feed's entries and hash of what its page shows, its own
	nodes := slices.Collect(maps.Keys(changed))
	sums := hashEach(nodes, func(h *hasher, n Node) {
		if e, ok := n.(*Entity); ok {
			e.prepareFeedAndShown(g.updatedBound)
		}
		h.links(n)
	})
	var h hasher
	for i, n := range nodes {
		if key := linksKey(n); key != "" {
			u.set(key, sums[i])
		}
		if e, ok := n.(*Entity); ok {
			u.set(FeedKey(e), h.feedVersion(e)) // chosen again above
			u.set(ShownKey(e), e.shown)
		}
	}
	g.Players = players(g.Entities)
	h.players(g.Players)
	u.set(KeyPlayers, h.sum())
	if v, _ := g.Version(KeyAllDocs); v != u.docs {
		u.keys = append(u.keys, KeyAllDocs)
	}
	if v, _ := g.Version(KeyAllBodies); v != u.bodies {
		u.keys = append(u.keys, KeyAllBodies)
	}
	return u.keys
}

// linksKey is the key for what a node links: a document's LinksKey, a
// tag's TagKey (its list); "" for other nodes.
func linksKey(n Node) string {
	switch n := n.(type) {
	case *Article, *Statement, *Entity, *Page:
		return LinksKey(n)
	case *Tag:
		return TagKey(n.Name)
	}
	return ""
}

// links hashes what linksKey(n) stands for.
func (h *hasher) links(n Node) {
	switch n := n.(type) {
	case *Article:
		h.articleLinks(n)
	case *Statement:
		h.statementLinks(n)
	case *Entity:
		h.entityLinks(n)
	case *Page:
		h.pageLinks(n)
	case *Tag:
		h.nodes(n.Items)
	}
}

// settleTags keeps the site's tags as linking the whole site would make
// them: in the order of their names, each with a document at least. Both
// a tag new to the site (the linker appended it to the tags; its key has
// no version yet) and one that lost its last document (which leaves the
// site and the changed nodes, its key with it) are among the changed
// nodes. Either changes the set of tags (KeyTags), and so the site's
// outputs (the tag's pages).
func (u *versionUpdate) settleTags(changed map[Node]bool) {
	g := u.g
	reshaped := false
	for n := range changed {
		t, ok := n.(*Tag)
		if !ok {
			continue
		}
		if _, known := g.versions[TagKey(t.Name)]; !known {
			reshaped = true // new
		}
		if len(t.Articles)+len(t.Statements) == 0 {
			g.Tags = slices.DeleteFunc(g.Tags, func(o *Tag) bool { return o == t })
			delete(changed, n)
			u.remove(TagKey(t.Name))
			reshaped = true
		}
	}
	if !reshaped {
		return
	}
	slices.SortFunc(g.Tags, func(a, b *Tag) int { return strings.Compare(a.Name, b.Name) })
	var h hasher
	h.nodes(asNodes(g.Tags))
	u.set(KeyTags, h.sum())
}

// settleLists moves a document appended at the end of any of the node's
// sorted lists to its place; lists in order stay as they are.
func (e *Entity) settleLists() {
	settle(e.Statements, statementsNewestFirst)
	settle(e.AboutIt, statementsNewestFirst)
	settle(e.Reported, statementsNewestFirst)
	settle(e.Mentioned, articlesNewestFirst)
	settle(e.SourceFor, articlesNewestFirst)
	settle(e.backlinks, backlinkOrder)
}

func (s *Statement) settleLists() {
	settle(s.Responses, statementsNewestFirst)
	settle(s.CitedBy, articlesNewestFirst)
	settle(s.backlinks, backlinkOrder)
}

// keys is nil: a tag's keys are made from its name (TagKey).
func (t *Tag) keys() *links { return nil }

func (t *Tag) settleLists() {
	settle(t.Articles, articlesNewestFirst)
	settle(t.Statements, statementsNewestFirst)
}

func (a *Article) settleLists() { settle(a.backlinks, backlinkOrder) }
func (p *Page) settleLists()    { settle(p.backlinks, backlinkOrder) }

// settle moves the last element of list, the only one out of order, to its
// place: after every element that does not order after it. Its place is
// searched for, not walked to: a new story, the newest, went one step at a
// time through every list it joined, each step two documents' dates read
// through their pointers (4 ms of a new date at 10,000 articles).
func settle[T any](list []T, order func(x, y T) int) {
	n := len(list) - 1
	if n < 1 || order(list[n-1], list[n]) <= 0 {
		return
	}
	last := list[n]
	i := sort.Search(n, func(i int) bool { return order(list[i], last) > 0 })
	copy(list[i+1:], list[i:n])
	list[i] = last
}

func articlesNewestFirst(x, y *Article) int { return newestFirst(x, y) }

// The ways a document links a node.
const (
	roleTag = iota
	roleMention
	roleSource
	roleTarget
	roleCite
)

// nodeLink is one way a document links a node.
type nodeLink struct {
	role int
	node Node
}

// linkSet lists the ways the article links other nodes.
func (a *Article) linkSet() map[nodeLink]bool {
	out := map[nodeLink]bool{}
	for _, t := range a.Tags {
		out[nodeLink{roleTag, t}] = true
	}
	for _, e := range a.Mentions {
		out[nodeLink{roleMention, e}] = true
	}
	for _, src := range a.Sources {
		if src.Outlet != nil {
			out[nodeLink{roleSource, src.Outlet}] = true
		}
	}
	for _, t := range a.Targets {
		if t != nil && t != Node(a) {
			out[nodeLink{roleTarget, t}] = true
		}
	}
	for _, s := range a.Cites {
		out[nodeLink{roleCite, s}] = true
	}
	return out
}

// unlink takes back everything linkArticle recorded of a in other nodes,
// and a's own links, so that linking it again records them anew. Lists
// keep their order.
func (a *Article) unlink() {
	isA := func(n Node) bool { return n == Node(a) }
	isArticle := func(b *Article) bool { return b == a }
	for _, t := range a.Tags {
		t.Articles = slices.DeleteFunc(t.Articles, isArticle)
	}
	for _, e := range a.Mentions {
		e.Mentioned = slices.DeleteFunc(e.Mentioned, isArticle)
		e.backlinks = slices.DeleteFunc(e.backlinks, isA)
	}
	for _, src := range a.Sources {
		if src.Outlet != nil {
			src.Outlet.SourceFor = slices.DeleteFunc(src.Outlet.SourceFor, isArticle)
			src.Outlet.backlinks = slices.DeleteFunc(src.Outlet.backlinks, isA)
		}
	}
	for _, t := range a.Targets {
		switch t := t.(type) {
		case *Article:
			if t != a {
				t.backlinks = slices.DeleteFunc(t.backlinks, isA)
			}
		case *Statement:
			t.backlinks = slices.DeleteFunc(t.backlinks, isA)
			t.CitedBy = slices.DeleteFunc(t.CitedBy, isArticle)
		case *Entity:
			t.backlinks = slices.DeleteFunc(t.backlinks, isA)
		case *Page:
			t.backlinks = slices.DeleteFunc(t.backlinks, isA)
		}
	}
	a.Tags, a.Mentions, a.Sources, a.Targets, a.Embeds, a.Cites = nil, nil, nil, nil, nil, nil
}

// CanUpdateStatementLinks reports whether UpdateStatementLinks can take a
// new version of statement s: one that keeps its place in every list by
// date (the same date), whose topics are all in use already and leave none
// unused, and whose every reference names a document it can point to, so
// that linking it reports nothing.
func (g *Graph) CanUpdateStatementLinks(s *Statement, doc *content.Statement) bool {
	return g.canLinkStatement(doc)
}

// CanAddStatement reports whether AddStatement can take a new statement:
// one with an ID no document of the graph has, that CanUpdateStatementLinks
// would take as an edit. The caller checks that no draft article has its
// ID: the graph does not hold drafts.
func (g *Graph) CanAddStatement(doc *content.Statement) bool {
	_, taken := g.byID[doc.ID]
	return !taken && content.CheckID(doc.ID) == nil && g.canLinkStatement(doc)
}

// canLinkStatement reports whether a statement can be linked in place as
// doc.
func (g *Graph) canLinkStatement(doc *content.Statement) bool {
	kindIs := func(ref content.Ref, kind string, want bool) bool {
		e, ok := g.byID[ref.ID].(*Entity)
		return ok && (e.Entity.Kind == kind) == want
	}
	if !kindIs(doc.Org, content.KindPerson, false) || !doc.Speaker.IsZero() && !kindIs(doc.Speaker, content.KindPerson, true) {
		return false
	}
	for _, ref := range doc.About {
		if _, ok := g.byID[ref.ID].(*Entity); !ok {
			return false
		}
	}
	for _, r := range doc.ReportedBy {
		if !r.Outlet.IsZero() && !kindIs(r.Outlet, content.KindOutlet, true) {
			return false
		}
	}
	if ref := doc.RespondsTo; !ref.IsZero() {
		switch target := g.byID[ref.ID].(type) {
		case *Statement:
			return target.ID != doc.ID
		case *Article:
		default:
			return false
		}
	}
	return true
}

// UpdateStatementLinks replaces a statement's document when what it links
// changed: its organization, speaker, subjects, outlets, topics or the
// document it responds to, its stance, or its date. It updates the lists,
// backlinks and timelines of the entities, tags and documents it linked and
// links now (a new date moves it in those it stays in, and in the site's
// lists of statements and of everything by date), the site's list of
// stances and the players' ranking, leaving the graph as linking the whole
// site again would, and returns the dependency keys that changed. The
// caller has checked that it can (CanUpdateStatementLinks).
func (g *Graph) UpdateStatementLinks(s *Statement, doc *content.Statement) []string {
	return g.relinkStatement(s, doc, s.Statement.Date.Compare(doc.Date) != 0)
}

// AddStatement links a new statement into the graph in place, as linking
// the whole site again would, and returns the dependency keys that changed.
// The caller has checked that it can (CanAddStatement), and makes the
// renderer's jobs again: the site has one more page.
func (g *Graph) AddStatement(doc *content.Statement) []string {
	s := &Statement{}
	s.setKeys("statement", doc.ID)
	g.byID[doc.ID] = s
	keys := g.relinkStatement(s, doc, true)
	g.StatementsByID = insertByID(g.StatementsByID, s)
	return keys
}

// relinkStatement links s again as doc; a new statement has no links yet.
// One that moved (a new one, or one with a new date) is put in its place in
// the site's lists.
func (g *Graph) relinkStatement(s *Statement, doc *content.Statement, moved bool) []string {
	before := s.linkSet()
	oldStance, isNew := "", s.Statement == nil
	if !isNew {
		oldStance = s.Stance
	}
	s.unlink()
	s.Statement = doc
	g.relinker().linkStatement(s)
	changed, _, _ := relinked(s, before, s.linkSet())
	if moved {
		g.moves++
		replaceIn(s, before, changed)
		g.Statements = moveTo(g.Statements, s, statementsNewestFirst)
		g.Timeline = moveTo(g.Timeline, Node(s), oldestFirst)
	}
	u := g.update()
	u.set(DocKey(s), doc.Hash)
	if g.updateStances(oldStance, doc.Stance) {
		u.set(KeyStances, stancesVersion(g.Stances))
	}
	if moved {
		u.siteLists(KeyStatements, headVersion(g.Statements))
	}
	return u.done(changed)
}

// updateStances brings the site's stances up to date after a statement in
// the graph's list (or gone from it) took stance now ("" for none, or gone)
// where it took before, and reports whether they changed. They are made
// again only when a stance comes, or may have gone: made again for every
// new statement, they took 6 ms at 10,000 articles.
func (g *Graph) updateStances(before, now string) bool {
	came := now != "" && !slices.Contains(g.Stances, now)
	gone := before != "" && before != now && !slices.ContainsFunc(g.Statements, func(s *Statement) bool { return s.Stance == before })
	if !came && !gone {
		return false
	}
	g.Stances = stances(g.Statements)
	return true
}

// forgetDated takes an article or statement whose file is gone out of the
// graph's index, its list by ID (byID), its list by date (byDate) and the
// timeline: a document moved out of every list.
func forgetDated[T Node](g *Graph, byID, byDate *[]T, n T) {
	delete(g.byID, n.NodeID())
	*byID = deleteByID(*byID, n)
	*byDate = slices.DeleteFunc(*byDate, func(m T) bool { return Node(m) == Node(n) })
	g.Timeline = slices.DeleteFunc(g.Timeline, func(m Node) bool { return m == Node(n) })
	g.moves++
}

// CanRemoveStatement reports whether RemoveStatement can take statement s
// out of the graph: no document refers to it, responds to it or embeds it
// (a full link reports what is left without a target).
func (g *Graph) CanRemoveStatement(s *Statement) bool {
	return len(s.backlinks) == 0 && len(s.Responses) == 0 && len(s.CitedBy) == 0
}

// RemoveStatement takes a statement whose file is gone out of the graph in
// place, as linking the whole site again would, and returns the dependency
// keys that changed. The caller has checked that it can
// (CanRemoveStatement), and makes the renderer's jobs again.
func (g *Graph) RemoveStatement(s *Statement) []string {
	before := s.linkSet()
	s.unlink()
	forgetDated(g, &g.StatementsByID, &g.Statements, s)
	changed := map[Node]bool{}
	replaceIn(s, before, changed)
	u := g.update()
	u.remove(DocKey(s))
	u.remove(LinksKey(s))
	if g.updateStances(s.Stance, "") {
		u.set(KeyStances, stancesVersion(g.Stances))
	}
	u.siteLists(KeyStatements, headVersion(g.Statements))
	return u.done(changed)
}

func statementsNewestFirst(x, y *Statement) int { return newestFirst(x, y) }

// placeInTimeline puts n in the entity's timeline, or takes it out, as the
// entity's backlinks now say.
func (e *Entity) placeInTimeline(n Node) {
	e.Timeline = slices.DeleteFunc(e.Timeline, func(m Node) bool { return m == n })
	if slices.Contains(e.backlinks, n) && !n.Date().IsZero() {
		e.Timeline = append(e.Timeline, n)
		settle(e.Timeline, oldestFirst)
	}
}

// placeInItems takes n out of the tag's items and puts it back at its place
// if the tag still lists it: the items are the tag's articles and
// statements merged newest first, and n the one document that came, went
// or moved. Merging them all again read the dates of a topic's thousands of
// documents from all over memory for each tag of a moved article (1.5 of
// a move's 60 ms of CPU in watch mode at 10,000 articles).
func (t *Tag) placeInItems(n Node) {
	listed := false
	switch n := n.(type) {
	case *Article:
		listed = slices.Contains(t.Articles, n)
	case *Statement:
		listed = slices.Contains(t.Statements, n)
	}
	if listed {
		t.Items = moveTo(t.Items, n, newestFirst)
	} else {
		t.Items = slices.DeleteFunc(t.Items, func(m Node) bool { return m == n })
	}
}

// The ways a statement links a node.
const (
	roleOrg = iota + roleCite + 1 // after the article's
	roleSpeaker
	roleAbout
	roleReport
	roleTopic
	roleRespondsTo
)

// linkSet lists the ways the statement links other nodes.
func (s *Statement) linkSet() map[nodeLink]bool {
	out := map[nodeLink]bool{}
	add := func(role int, n Node) { out[nodeLink{role, n}] = true }
	if s.Org != nil {
		add(roleOrg, s.Org)
	}
	if s.Speaker != nil {
		add(roleSpeaker, s.Speaker)
	}
	for _, e := range s.About {
		add(roleAbout, e)
	}
	for _, r := range s.ReportedBy {
		add(roleReport, r.Outlet)
	}
	for _, t := range s.Topics {
		add(roleTopic, t)
	}
	if s.RespondsTo != nil {
		add(roleRespondsTo, s.RespondsTo)
	}
	return out
}

// unlink takes back everything linkStatement recorded of s in other nodes,
// and s's own links. Lists keep their order.
func (s *Statement) unlink() {
	isS := func(n Node) bool { return n == Node(s) }
	isStatement := func(t *Statement) bool { return t == s }
	for _, e := range []*Entity{s.Org, s.Speaker} {
		if e != nil {
			e.Statements = slices.DeleteFunc(e.Statements, isStatement)
			e.backlinks = slices.DeleteFunc(e.backlinks, isS)
		}
	}
	for _, e := range s.About {
		e.AboutIt = slices.DeleteFunc(e.AboutIt, isStatement)
		e.backlinks = slices.DeleteFunc(e.backlinks, isS)
	}
	for _, r := range s.ReportedBy {
		r.Outlet.Reported = slices.DeleteFunc(r.Outlet.Reported, isStatement)
		r.Outlet.backlinks = slices.DeleteFunc(r.Outlet.backlinks, isS)
	}
	for _, t := range s.Topics {
		t.Statements = slices.DeleteFunc(t.Statements, isStatement)
	}
	switch t := s.RespondsTo.(type) {
	case *Statement:
		t.Responses = slices.DeleteFunc(t.Responses, isStatement)
		t.backlinks = slices.DeleteFunc(t.backlinks, isS)
	case *Article:
		t.backlinks = slices.DeleteFunc(t.backlinks, isS)
	}
	s.Org, s.Speaker, s.About, s.ReportedBy, s.Topics, s.RespondsTo = nil, nil, nil, nil, nil, nil
}

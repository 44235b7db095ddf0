package site

import (
	"encoding/binary"
	"fmt"
	"hash/fnv"
	"maps"
	"math/rand/v2"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"testing/fstest"
	"time"

	"github.com/dossier-news/dossier/generator/content"
	"github.com/dossier-news/dossier/generator/corpus"
)

func TestBacklinks(t *testing.T) {
	g := mustBuild(t, base)
	usb := g.Lookup("usb-ripley-2018-08-06").(*Statement)
	wf := g.Lookup("wf-2018-08-07").(*Statement)
	fbBanks := g.Lookup("facebook-banks").(*Article)
	followUp := g.Lookup("follow-up").(*Article)
	entity := func(id string) *Entity { return g.Lookup(id).(*Entity) }

	// an article embedding a statement is on the statement's page
	checkIDs(t, "usb-ripley cited by", usb.CitedBy, "article:facebook-banks")
	checkIDs(t, "usb-ripley backlinks", usb.Backlinks(), "article:facebook-banks", "statement:wf-2018-08-07", "entity:us-bancorp")
	checkIDs(t, "usb-ripley responses", usb.Responses, "statement:wf-2018-08-07")
	if usb.RespondsTo != Node(fbBanks) {
		t.Errorf("usb-ripley responds to %v", usb.RespondsTo)
	}
	checkIDs(t, "wf cited by", wf.CitedBy, "article:follow-up")
	checkIDs(t, "wf backlinks", wf.Backlinks(), "article:follow-up")
	if wf.RespondsTo != Node(usb) {
		t.Errorf("wf responds to %v", wf.RespondsTo)
	}

	// statements are on their org's, speaker's and subjects' pages
	checkIDs(t, "us-bancorp statements", entity("us-bancorp").Statements, "statement:usb-ripley-2018-08-06")
	checkIDs(t, "dana-ripley statements", entity("dana-ripley").Statements, "statement:usb-ripley-2018-08-06")
	checkIDs(t, "wells-fargo statements", entity("wells-fargo").Statements, "statement:wf-2018-08-07")
	checkIDs(t, "facebook about it", entity("facebook").AboutIt, "statement:wf-2018-08-07", "statement:usb-ripley-2018-08-06")
	checkIDs(t, "us-bancorp about it", entity("us-bancorp").AboutIt)
	if usb.Org != entity("us-bancorp") || usb.Speaker != entity("dana-ripley") {
		t.Errorf("usb-ripley org %v, speaker %v", usb.Org, usb.Speaker)
	}
	checkIDs(t, "usb-ripley about", usb.About, "entity:facebook")

	// people are on their org's page
	checkIDs(t, "us-bancorp people", entity("us-bancorp").People, "entity:dana-ripley")
	if entity("dana-ripley").Org != entity("us-bancorp") {
		t.Error("dana-ripley's org not resolved")
	}

	// articles mentioning an entity, in front matter or body
	checkIDs(t, "facebook mentioned", entity("facebook").Mentioned, "article:facebook-banks")
	checkIDs(t, "us-bancorp mentioned", entity("us-bancorp").Mentioned, "article:facebook-banks")
	checkIDs(t, "wells-fargo mentioned", entity("wells-fargo").Mentioned, "article:facebook-banks")
	checkIDs(t, "facebook-banks mentions", fbBanks.Mentions, "entity:facebook", "entity:us-bancorp", "entity:wells-fargo")

	// outlets
	checkIDs(t, "pcmag reported", entity("pcmag").Reported, "statement:usb-ripley-2018-08-06")
	checkIDs(t, "wsj source for", entity("wsj").SourceFor, "article:facebook-banks")
	if len(usb.ReportedBy) != 1 || usb.ReportedBy[0].Outlet != entity("pcmag") || usb.ReportedBy[0].URL != "https://www.pcmag.com/x" {
		t.Errorf("usb-ripley reported by %+v", usb.ReportedBy)
	}
	if len(fbBanks.Sources) != 1 || fbBanks.Sources[0].Outlet != entity("wsj") {
		t.Errorf("facebook-banks sources %+v", fbBanks.Sources)
	}

	// every backlink: articles, then statements, entities and pages, newest first
	checkIDs(t, "facebook backlinks", entity("facebook").Backlinks(),
		"article:facebook-banks", "statement:wf-2018-08-07", "statement:usb-ripley-2018-08-06", "page:about")
	checkIDs(t, "us-bancorp backlinks", entity("us-bancorp").Backlinks(),
		"article:facebook-banks", "statement:usb-ripley-2018-08-06", "entity:dana-ripley")
	checkIDs(t, "dana-ripley backlinks", entity("dana-ripley").Backlinks(), "statement:usb-ripley-2018-08-06")
	checkIDs(t, "wells-fargo backlinks", entity("wells-fargo").Backlinks(), "article:facebook-banks", "statement:wf-2018-08-07")
	checkIDs(t, "pcmag backlinks", entity("pcmag").Backlinks(), "statement:usb-ripley-2018-08-06")
	checkIDs(t, "wsj backlinks", entity("wsj").Backlinks(), "article:facebook-banks")
	checkIDs(t, "facebook-banks backlinks", fbBanks.Backlinks(), "article:follow-up", "statement:usb-ripley-2018-08-06")
	checkIDs(t, "follow-up backlinks", followUp.Backlinks())
	checkIDs(t, "about backlinks", g.Pages[0].Backlinks())

	// what an article links to
	checkIDs(t, "facebook-banks embeds", fbBanks.Embeds, "statement:usb-ripley-2018-08-06")
	checkIDs(t, "facebook-banks cites", fbBanks.Cites, "statement:usb-ripley-2018-08-06")
	checkIDs(t, "follow-up cites", followUp.Cites, "statement:wf-2018-08-07")
	checkIDs(t, "follow-up embeds", followUp.Embeds)
}

// Every link exists in both directions: whatever a document points to lists
// the document among its backlinks.
func TestEveryLinkHasABacklink(t *testing.T) {
	g := mustBuild(t, base)
	check := func(from Node, targets []Node) {
		for _, to := range targets {
			if to == nil || to == from {
				continue
			}
			if !slices.Contains(to.Backlinks(), from) {
				t.Errorf("%s:%s links to %s:%s, which does not list it", from.Kind(), from.NodeID(), to.Kind(), to.NodeID())
			}
		}
	}
	for _, a := range g.Articles {
		check(a, a.Targets)
		check(a, asNodes(a.Mentions))
		for _, s := range a.Sources {
			check(a, []Node{s.Outlet})
		}
	}
	for _, s := range g.Statements {
		check(s, []Node{s.Org, s.RespondsTo})
		if s.Speaker != nil {
			check(s, []Node{s.Speaker})
		}
		check(s, asNodes(s.About))
		for _, r := range s.ReportedBy {
			check(s, []Node{r.Outlet})
		}
	}
	for _, e := range g.Entities {
		check(e, e.Targets)
		if e.Org != nil {
			check(e, []Node{e.Org})
		}
	}
	for _, p := range g.Pages {
		check(p, p.Targets)
	}
}

func TestBacklinksHaveNoDuplicates(t *testing.T) {
	g := mustBuild(t, with(map[string]string{
		"content/articles/t.md": "---\ntitle: T\ndate: 2018-09-01\nentities: [facebook, facebook]\nsources: [{outlet: wsj}, {outlet: wsj}]\n---\n" +
			"[[facebook]] and [[facebook|FB]] and [[wf-2018-08-07]].\n\n![[wf-2018-08-07]]\n\n![[wf-2018-08-07]]\n",
		"content/statements/s.yaml": "org: facebook\nspeaker: dana-ripley\ndate: 2018\nquote: q\nabout: [facebook, facebook]\nreported_by: [{outlet: wsj}, {outlet: wsj}]\n",
	}))
	fb := g.Lookup("facebook").(*Entity)
	wf := g.Lookup("wf-2018-08-07").(*Statement)
	a := g.Lookup("t").(*Article)
	checkIDs(t, "facebook mentioned", fb.Mentioned, "article:t", "article:facebook-banks")
	// s speaks for facebook: it is among facebook's statements, not about it
	checkIDs(t, "facebook about it", fb.AboutIt, "statement:wf-2018-08-07", "statement:usb-ripley-2018-08-06")
	checkIDs(t, "facebook statements", fb.Statements, "statement:s")
	checkIDs(t, "facebook backlinks", fb.Backlinks(),
		"article:t", "article:facebook-banks", "statement:wf-2018-08-07", "statement:usb-ripley-2018-08-06", "statement:s", "page:about")
	checkIDs(t, "wf cited by", wf.CitedBy, "article:t", "article:follow-up")
	checkIDs(t, "wf backlinks", wf.Backlinks(), "article:t", "article:follow-up")
	checkIDs(t, "t embeds", a.Embeds, "statement:wf-2018-08-07")
	checkIDs(t, "t cites", a.Cites, "statement:wf-2018-08-07")
	checkIDs(t, "t mentions", a.Mentions, "entity:facebook")
	checkIDs(t, "wsj source for", g.Lookup("wsj").(*Entity).SourceFor, "article:t", "article:facebook-banks")
	checkIDs(t, "wsj reported", g.Lookup("wsj").(*Entity).Reported, "statement:s")
	checkIDs(t, "wsj backlinks", g.Lookup("wsj").(*Entity).Backlinks(), "article:t", "article:facebook-banks", "statement:s")
	s := g.Lookup("s").(*Statement)
	checkIDs(t, "s about", s.About, "entity:facebook")
	if len(s.ReportedBy) != 2 {
		t.Errorf("s reported by %d reports, want both as written", len(s.ReportedBy))
	}
}

func TestIndexes(t *testing.T) {
	g := mustBuild(t, base)
	checkIDs(t, "articles", g.Articles, "article:follow-up", "article:facebook-banks")
	checkIDs(t, "statements", g.Statements, "statement:wf-2018-08-07", "statement:usb-ripley-2018-08-06")
	checkIDs(t, "entities", g.Entities, "entity:dana-ripley", "entity:facebook", "entity:pcmag", "entity:wsj", "entity:us-bancorp", "entity:wells-fargo")
	checkIDs(t, "pages", g.Pages, "page:about")
	checkIDs(t, "tags", g.Tags, "tag:data-sharing", "tag:privacy")
	checkIDs(t, "timeline", g.Timeline,
		"article:facebook-banks", "statement:usb-ripley-2018-08-06", "statement:wf-2018-08-07", "article:follow-up")
	if !slices.Equal(g.Stances, []string{"declines", "denies"}) {
		t.Errorf("stances = %q", g.Stances)
	}
	tags := map[string]*Tag{}
	for _, tag := range g.Tags {
		tags[tag.Name] = tag
	}
	// tags and topics share one namespace
	checkIDs(t, "data-sharing articles", tags["data-sharing"].Articles, "article:facebook-banks")
	checkIDs(t, "data-sharing statements", tags["data-sharing"].Statements, "statement:usb-ripley-2018-08-06")
	checkIDs(t, "privacy articles", tags["privacy"].Articles, "article:follow-up", "article:facebook-banks")
	checkIDs(t, "related to facebook-banks", g.Lookup("facebook-banks").(*Article).Related, "article:follow-up")
	checkIDs(t, "related to follow-up", g.Lookup("follow-up").(*Article).Related, "article:facebook-banks")
	if g.Site.Title != "Dossier" || g.SiteHash == 0 {
		t.Errorf("site = %+v, hash %x", g.Site, g.SiteHash)
	}
}

func TestTimelineSortsImpreciseDatesFirst(t *testing.T) {
	g := mustBuild(t, with(map[string]string{
		"content/articles/y.md":     "---\ntitle: Y\ndate: 2018\n---\n",
		"content/articles/m.md":     "---\ntitle: M\ndate: 2018-08\n---\n",
		"content/statements/x.yaml": "org: facebook\ndate: 2018-08\nquote: q\n",
	}))
	checkIDs(t, "timeline", g.Timeline,
		"article:y", "article:m", "statement:x", "article:facebook-banks", "statement:usb-ripley-2018-08-06",
		"statement:wf-2018-08-07", "article:follow-up")
}

func TestRelatedArticles(t *testing.T) {
	files := with(nil)
	// a shares two tags and an entity with r; b one tag; c nothing
	files["content/articles/r.md"] = "---\ntitle: R\ndate: 2019-01-01\ntags: [x, y]\nentities: [wsj]\n---\n"
	files["content/articles/a.md"] = "---\ntitle: A\ndate: 2017-01-01\ntags: [x, y]\n---\n[[wsj]]\n"
	files["content/articles/b.md"] = "---\ntitle: B\ndate: 2019-01-02\ntags: [y]\n---\n"
	files["content/articles/c.md"] = "---\ntitle: C\ndate: 2019-01-01\ntags: [z]\n---\n"
	g := mustBuild(t, files)
	checkIDs(t, "related to r", g.Lookup("r").(*Article).Related, "article:a", "article:b")
	checkIDs(t, "related to c", g.Lookup("c").(*Article).Related)

	// at most five
	for _, id := range []string{"r1", "r2", "r3", "r4", "r5", "r6", "r7"} {
		files["content/articles/"+id+".md"] = "---\ntitle: " + id + "\ndate: 2019\ntags: [z]\n---\n"
	}
	g = mustBuild(t, files)
	if n := len(g.Lookup("c").(*Article).Related); n != relatedCount {
		t.Errorf("c has %d related articles, want %d", n, relatedCount)
	}
}

// related keeps the best few of its candidates as sorting them all would,
// though it reads the dates of only those that score enough.
func TestRelatedKeepsTheBestCandidates(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 8))
	base := time.Date(2018, 1, 1, 0, 0, 0, 0, time.UTC)
	var r relater
	for round := range 500 {
		articles := make([]*Article, 2+rng.IntN(60))
		for i := range articles {
			articles[i] = newArticle(&content.Article{Slug: fmt.Sprintf("a-%03d", i), Date: content.Date{Time: base.AddDate(0, 0, rng.IntN(40)), Precision: content.Day}})
		}
		a := articles[0]
		var places []place
		for range 1 + rng.IntN(12) { // lists holding a, as tags and entities do
			list := []*Article{a}
			for _, b := range articles[1:] {
				if rng.IntN(3) == 0 {
					list = append(list, b)
				}
			}
			rng.Shuffle(len(list), func(i, j int) { list[i], list[j] = list[j], list[i] })
			places = append(places, place{list, slices.Index(list, a)})
		}
		// the reference: every candidate scored, distance known, all sorted
		score := map[*Article]int{}
		for _, p := range places {
			for j := max(0, p.at-relatedWindow); j < min(len(p.list), p.at+relatedWindow+1); j++ {
				if p.list[j] != a {
					score[p.list[j]]++
				}
			}
		}
		var all []candidate
		for b, n := range score {
			all = append(all, candidate{b, n, abs(a.Article.Date.Time.Unix() - b.Article.Date.Time.Unix())})
		}
		slices.SortFunc(all, func(x, y candidate) int {
			if better(x, y) {
				return -1
			}
			return 1
		})
		var want []*Article
		for _, c := range all[:min(relatedCount, len(all))] {
			want = append(want, c.a)
		}
		if got := r.related(a, places); !slices.Equal(got, want) {
			t.Fatalf("round %d: related %v, want %v", round, slugs(got), slugs(want))
		}
	}
}

// placesOf finds an article where slices.Index would, from any hint its
// last search left, as lists shift under it.
func TestPlacesOfFollowsShiftingLists(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 1))
	articles := make([]*Article, 40)
	for i := range articles {
		articles[i] = &Article{Article: &content.Article{Slug: fmt.Sprintf("a-%02d", i)}}
	}
	a := articles[0]
	tags := []*Tag{{}, {}}
	entities := []*Entity{{}, {}, {}}
	a.Tags, a.Mentions = tags, entities
	for round := range 300 {
		lists := make([][]*Article, 0, len(tags)+len(entities))
		for _, list := range []*[]*Article{&tags[0].Articles, &tags[1].Articles, &entities[0].Mentioned, &entities[1].Mentioned, &entities[2].Mentioned} {
			others := slices.Clone(articles[1 : 1+rng.IntN(len(articles)-1)])
			rng.Shuffle(len(others), func(i, j int) { others[i], others[j] = others[j], others[i] })
			if rng.IntN(8) > 0 { // a list it has left, now and then
				others = slices.Insert(others, rng.IntN(len(others)+1), a)
			}
			*list = others
			lists = append(lists, others)
		}
		if round%50 == 0 { // hints from another shape of the article
			a.placeHints = nil
		}
		got := placesOf(a, nil)
		for k, p := range got {
			if len(p.list) != len(lists[k]) || len(p.list) > 0 && &p.list[0] != &lists[k][0] {
				t.Fatalf("round %d: list %d is not the one it belongs to", round, k)
			}
			if want := slices.Index(lists[k], a); p.at != want {
				t.Fatalf("round %d: list %d: found at %d, want %d", round, k, p.at, want)
			}
		}
	}
}

// Linking leaves each article's place hints where the article is, so the
// first search after a build finds it at once: a new date's neighbours
// are seldom the last one's, and with hints left at 0 each of their lists
// was scanned from its start as before (a hint that is wrong costs only
// time, which no other test would see).
func TestLinkingLeavesPlaceHintsRight(t *testing.T) {
	files := with(nil)
	for i := range 12 {
		files[fmt.Sprintf("content/articles/p%02d.md", i)] = fmt.Sprintf(
			"---\ntitle: P%d\ndate: 2019-01-%02d\ntags: [x, y%d]\nentities: [wsj]\n---\n[[facebook]]\n", i, 1+i, i%3)
	}
	g := mustBuild(t, files)
	checked := 0
	for _, a := range g.Articles {
		var lists [][]*Article
		for _, tag := range a.Tags {
			lists = append(lists, tag.Articles)
		}
		for _, e := range a.Mentions {
			lists = append(lists, e.Mentioned)
		}
		if len(a.placeHints) != len(lists) {
			t.Fatalf("%s: %d hints for %d lists", a.Slug, len(a.placeHints), len(lists))
		}
		for k, list := range lists {
			if h := a.placeHints[k]; list[h] != a {
				t.Errorf("%s: hint %d for list %d, where it is at %d", a.Slug, h, k, slices.Index(list, a))
			}
			checked++
		}
	}
	if checked < 12*4 {
		t.Errorf("checked %d places, want at least 48", checked)
	}
}

func slugs(list []*Article) []string {
	out := make([]string, len(list))
	for i, a := range list {
		out[i] = a.Slug
	}
	return out
}

// changedKeys lists the dependency keys whose version differs between two
// graphs, or that only one of them has.
func changedKeys(a, b *Graph) []string {
	var out []string
	for k, v := range a.versions {
		if w, ok := b.versions[k]; !ok || v != w {
			out = append(out, k)
		}
	}
	for k := range b.versions {
		if _, ok := a.versions[k]; !ok {
			out = append(out, k)
		}
	}
	slices.Sort(out)
	return out
}

func TestVersions(t *testing.T) {
	before := mustBuild(t, base)
	tests := []struct {
		name    string
		files   map[string]string
		changed []string
	}{
		{"nothing", nil, nil},
		{"an article's body", map[string]string{
			"content/articles/follow-up.md": "---\ntitle: Follow-up\ndate: 2018-08-09\ntags: [privacy]\n---\n" +
				"Later, after [[facebook-banks]], [[wf-2018-08-07]] came.\n",
		}, []string{"all:bodies", "body:article:follow-up"}},
		{"an article's title", map[string]string{
			"content/articles/follow-up.md": "---\ntitle: Follow-up, updated\ndate: 2018-08-09\ntags: [privacy]\n---\n" +
				"After [[facebook-banks]], [[wf-2018-08-07]] came.\n",
		}, []string{"all:bodies", "all:docs", "body:article:follow-up", "doc:article:follow-up", "item:article:follow-up"}},
		// lists, links and feeds show no tags: the item key stays
		{"an article's tags", map[string]string{
			"content/articles/follow-up.md": "---\ntitle: Follow-up\ndate: 2018-08-09\ntags: [privacy, banking]\n---\n" +
				"After [[facebook-banks]], [[wf-2018-08-07]] came.\n",
		}, []string{"all:bodies", "all:docs", "body:article:follow-up", "doc:article:follow-up", "links:article:follow-up", "list:tags", "tag:banking"}},
		{"a statement's quote", map[string]string{
			"content/statements/wf-2018-08-07.yaml": "org: wells-fargo\ndate: 2018-08-07\nquote: No comment at all.\nstance: declines\n" +
				"about: facebook\nresponds_to: usb-ripley-2018-08-06\n",
		}, []string{"all:docs", "doc:statement:wf-2018-08-07"}},
		{"an entity's name", map[string]string{
			"content/entities/pcmag.yaml": "name: PC Magazine\nkind: outlet\n",
		}, []string{"all:bodies", "all:docs", "body:entity:pcmag", "doc:entity:pcmag"}},
		{"an entity's name, changing the order of entities", map[string]string{
			"content/entities/pcmag.yaml": "name: Ziff Davis PCMag\nkind: outlet\n",
		}, []string{"all:bodies", "all:docs", "body:entity:pcmag", "doc:entity:pcmag", "list:entities", "list:players"}}, // ties ranked by name
		// what links and lists show of an entity stays: only its own page
		// and the site-wide outputs read the rest
		{"an entity's website", map[string]string{
			"content/entities/pcmag.yaml": "name: PCMag\nkind: outlet\nurl: https://www.pcmag.com/\n",
		}, []string{"all:bodies", "body:entity:pcmag"}},
		{"the site", map[string]string{"content/site.yaml": "title: Dossier 2\n"}, []string{"all:docs", "site"}},
		{"a new statement about an entity", map[string]string{
			"content/statements/fb-2018-09-01.yaml": "org: facebook\ndate: 2018-09-01\nquote: q\nabout: [wells-fargo]\n",
		}, []string{
			"all:docs", "doc:statement:fb-2018-09-01", "feed:facebook", "feed:wells-fargo", "links:entity:facebook", "links:entity:wells-fargo",
			"links:statement:fb-2018-09-01", "list:players", "list:statements", "list:timeline", "shown:facebook", "shown:wells-fargo",
		}},
		{"a new stance", map[string]string{
			"content/statements/fb-2018-09-01.yaml": "org: facebook\ndate: 2018-09-01\nquote: q\nstance: confirms\n",
		}, []string{
			"all:docs", "doc:statement:fb-2018-09-01", "feed:facebook", "links:entity:facebook", "links:statement:fb-2018-09-01",
			"list:players", "list:stances", "list:statements", "list:timeline", "shown:facebook",
		}},
		{"a statement removed", map[string]string{
			"content/statements/wf-2018-08-07.yaml": "",
			"content/articles/follow-up.md":         "---\ntitle: Follow-up\ndate: 2018-08-09\ntags: [privacy]\n---\nAfter [[facebook-banks]].\n",
		}, []string{
			"all:bodies", "all:docs", "body:article:follow-up", "doc:statement:wf-2018-08-07", "feed:facebook", "feed:wells-fargo", "links:article:follow-up",
			"links:entity:facebook", "links:entity:wells-fargo",
			"links:statement:usb-ripley-2018-08-06", "links:statement:wf-2018-08-07", "list:players", "list:stances", "list:statements", "list:timeline",
			"shown:facebook", "shown:wells-fargo",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			after := mustBuild(t, with(tt.files))
			got := changedKeys(before, after)
			if !slices.Equal(got, tt.changed) {
				t.Errorf("changed keys = %q\nwant %q", got, tt.changed)
			}
		})
	}
}

func TestVersionKeys(t *testing.T) {
	g := mustBuild(t, base)
	a := g.Lookup("facebook-banks")
	s := g.Lookup("usb-ripley-2018-08-06")
	e := g.Lookup("us-bancorp")
	p := g.Pages[0]
	keys := []string{
		KeySite, KeyArticles, KeyStatements, KeyEntities, KeyTimeline, KeyTags, KeyPages, KeyStances,
		DocKey(a), BodyKey(a), LinksKey(a), DocKey(s), LinksKey(s), DocKey(e), LinksKey(e),
		DocKey(p), BodyKey(p), LinksKey(p), TagKey("privacy"), TagKey("data-sharing"),
	}
	for _, k := range keys {
		if _, ok := g.Version(k); !ok {
			t.Errorf("no version for %q", k)
		}
	}
	if DocKey(a) != "doc:article:facebook-banks" || LinksKey(e) != "links:entity:us-bancorp" || BodyKey(p) != "body:page:about" || TagKey("x") != "tag:x" {
		t.Errorf("key formats: %s %s %s %s", DocKey(a), LinksKey(e), BodyKey(p), TagKey("x"))
	}
	for _, k := range []string{"doc:article:nothing", TagKey("nothing"), TemplateKey("base.html")} {
		if _, ok := g.Version(k); ok {
			t.Errorf("version for unknown key %q", k)
		}
	}
	g.SetTemplateVersion("base.html", 42)
	if v, ok := g.Version(TemplateKey("base.html")); !ok || v != 42 {
		t.Errorf("template version = %d, %v", v, ok)
	}
	if v, _ := g.Version(DocKey(a)); v != a.(*Article).MetaHash {
		t.Error("an article's doc key is not its front matter hash")
	}
	if v, _ := g.Version(BodyKey(a)); v != a.(*Article).Hash {
		t.Error("an article's body key is not its file hash")
	}
	// distinct documents have distinct keys
	seen := map[string]bool{}
	for k := range maps.Keys(g.versions) {
		if seen[k] {
			t.Errorf("key %q twice", k)
		}
		seen[k] = true
		if !strings.Contains(k, ":") && k != KeySite {
			t.Errorf("odd key %q", k)
		}
	}
}

func TestLinkIsDeterministic(t *testing.T) {
	c1 := mustBuild(t, base)
	for range 5 {
		c2 := mustBuild(t, base)
		if got := changedKeys(c1, c2); len(got) != 0 {
			t.Fatalf("two builds of one site differ in %q", got)
		}
		checkIDs(t, "timeline", c2.Timeline, ids(c1.Timeline)...)
	}
}

// TestUpdateInPlaceMatchesLinking checks the fast paths of watch mode: an
// edit applied to the graph in place leaves every version, aggregates
// included, as linking the edited site from scratch does.
func TestUpdateInPlaceMatchesLinking(t *testing.T) {
	prose := with(map[string]string{
		"content/articles/follow-up.md": "---\ntitle: Follow-up\ndate: 2018-08-09\ntags: [privacy]\n---\n" +
			"Much later, after [[facebook-banks]], [[wf-2018-08-07]] came.\n",
	})
	words := with(map[string]string{
		"content/statements/wf-2018-08-07.yaml": "org: wells-fargo\ndate: 2018-08-07\nquote: No comment at all.\nstance: declines\n" +
			"about: facebook\nresponds_to: usb-ripley-2018-08-06\n",
	})
	g, fresh := mustBuild(t, base), mustBuild(t, prose)
	edited := fresh.Lookup("follow-up").(*Article)
	keys := g.UpdateBody(g.Lookup("follow-up").(*Article), edited.Article, edited.Body)
	if got := changedKeys(g, fresh); got != nil {
		t.Errorf("article prose: keys differing from a fresh link: %q", got)
	}
	if want := []string{"body:article:follow-up", "all:bodies"}; !slices.Equal(keys, want) {
		t.Errorf("UpdateBody reported %q, want %q", keys, want)
	}

	g, fresh = mustBuild(t, base), mustBuild(t, words)
	keys = g.UpdateStatement(g.Lookup("wf-2018-08-07").(*Statement), fresh.Lookup("wf-2018-08-07").(*Statement).Statement)
	if got := changedKeys(g, fresh); got != nil {
		t.Errorf("statement words: keys differing from a fresh link: %q", got)
	}
	if want := []string{"doc:statement:wf-2018-08-07", "all:docs"}; !slices.Equal(keys, want) {
		t.Errorf("UpdateStatement reported %q, want %q", keys, want)
	}
}

// Each document's path and identity, made once when it is linked, are the
// ones its kind and ID give.
func TestPathsMadeOnceMatchTheirKinds(t *testing.T) {
	g := mustBuild(t, with(map[string]string{"content/pages/about.md": "---\ntitle: About\n---\nAbout us.\n"}))
	var nodes []Node
	for _, a := range g.Articles {
		nodes = append(nodes, a, &Article{Article: a.Article})
	}
	for _, s := range g.Statements {
		nodes = append(nodes, s, &Statement{Statement: s.Statement})
	}
	for _, e := range g.Entities {
		nodes = append(nodes, e, &Entity{Entity: e.Entity})
	}
	for _, p := range g.Pages {
		nodes = append(nodes, p, &Page{Page: p.Page})
	}
	if len(g.Pages) == 0 {
		t.Fatal("no page to check")
	}
	identities := map[uint64]Node{}
	for i := 0; i < len(nodes); i += 2 {
		linked, fresh := nodes[i], nodes[i+1]
		if linked.Path() != fresh.Path() || SlashPath(linked) != "/"+fresh.Path() || SlashPath(fresh) != "/"+fresh.Path() {
			t.Errorf("%s %s: path %q, slash path %q; want %q", linked.Kind(), linked.NodeID(), linked.Path(), SlashPath(linked), fresh.Path())
		}
		// the identity made once is the one made on demand, and no two
		// documents share one
		if Identity(linked) != Identity(fresh) {
			t.Errorf("%s %s: identity %x linked, %x made on demand", linked.Kind(), linked.NodeID(), Identity(linked), Identity(fresh))
		}
		if other, ok := identities[Identity(linked)]; ok {
			t.Errorf("%s %s has the identity of %s %s", linked.Kind(), linked.NodeID(), other.Kind(), other.NodeID())
		}
		identities[Identity(linked)] = linked
	}
	if Identity(&Tag{Name: "x"}) == Identity(&Page{Page: &content.Page{Slug: "x"}}) {
		t.Error("a tag and a page with one name have one identity")
	}
}

// parallelFor must call f once for every index, from a worker numbered
// below the number it was given, whatever n is against the claim size and
// the cores.
func TestParallelForCallsEachIndexOnce(t *testing.T) {
	for _, n := range []int{0, 1, 15, 16, 17, 100, 1003} {
		for _, w := range []int{workers(n), 1, 3} {
			calls := make([]int32, n)
			var badWorker atomic.Bool
			parallelFor(w, n, func(k, i int) {
				if k < 0 || k >= w {
					badWorker.Store(true)
				}
				atomic.AddInt32(&calls[i], 1)
			})
			for i, c := range calls {
				if c != 1 {
					t.Fatalf("n=%d, %d workers: index %d called %d times", n, w, i, c)
				}
			}
			if badWorker.Load() {
				t.Fatalf("n=%d, %d workers: a worker number out of range", n, w)
			}
		}
	}
}

// hasher, hashing as it is written, sums what 64-bit FNV-1a gives for the
// same bytes: strings ended by a 0 byte, numbers as eight bytes, least
// significant first; and starts anew after each sum.
func TestHasherIsFNV1a(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 4))
	var h hasher
	for round := range 200 {
		f := fnv.New64a()
		for range rng.IntN(6) {
			if rng.IntN(2) == 0 {
				s := fmt.Sprint("key:", rng.Uint64())[:rng.IntN(12)]
				h.str(s)
				f.Write(append([]byte(s), 0))
			} else {
				v := rng.Uint64()
				h.u64(v)
				f.Write(binary.LittleEndian.AppendUint64(nil, v))
			}
		}
		if got, want := h.sum(), f.Sum64(); got != want {
			t.Fatalf("round %d: sum %#x, want FNV-1a's %#x", round, got, want)
		}
	}
}

// An entity's ShownKey follows the first statements its page shows as
// reported, which skip its own, and not those after them.
func TestShownVersionFollowsWhatThePageShows(t *testing.T) {
	e := &Entity{Entity: &content.Entity{ID: "outlet"}}
	statement := func(id string, org *Entity) *Statement {
		return &Statement{Statement: &content.Statement{ID: id}, Org: org}
	}
	other := &Entity{Entity: &content.Entity{ID: "other"}}
	// two of its own first: the page shows the next EntitySection
	e.Reported = []*Statement{statement("own-1", e), statement("own-2", e)}
	for i := range EntitySection + 3 {
		e.Reported = append(e.Reported, statement(fmt.Sprintf("s-%02d", i), other))
	}
	version := func() uint64 {
		var h hasher
		return h.shownVersion(e)
	}
	before := version()
	last := len(e.Reported) - 1
	e.Reported[EntitySection+1] = statement("shown-now", other) // the page's last
	if version() == before {
		t.Error("the last statement the page shows changed, and ShownKey stayed")
	}
	before = version()
	e.Reported[last] = statement("still-hidden", other)
	if version() != before {
		t.Error("a statement the page does not show changed ShownKey")
	}
	// each of the page's other sections: what it shows first
	article := func(slug string) *Article { return &Article{Article: &content.Article{Slug: slug}} }
	for name, change := range map[string]func(){
		"statements": func() { e.Statements = []*Statement{statement("said", e)} },
		"about":      func() { e.AboutIt = []*Statement{statement("about-it", other)} },
		"mentions":   func() { e.Mentioned = []*Article{article("mentioning")} },
		"sources":    func() { e.SourceFor = []*Article{article("citing")} },
		"people":     func() { e.People = []*Entity{{Entity: &content.Entity{ID: "spokesperson"}}} },
	} {
		before = version()
		change()
		if version() == before {
			t.Errorf("the first of its %s changed, and ShownKey stayed", name)
		}
	}
}

// DocOfKey finds the document a DocKey names, and nothing for other keys.
func TestDocOfKey(t *testing.T) {
	g := mustBuild(t, with(nil))
	for _, id := range []string{"facebook-banks", "usb-ripley-2018-08-06", "facebook"} {
		n := g.Lookup(id)
		if n == nil {
			t.Fatalf("the fixture has no %s", id)
		}
		if got := g.DocOfKey(DocKey(n)); got != n {
			t.Errorf("DocOfKey(%q) = %v, want the %s", DocKey(n), got, n.Kind())
		}
		for _, key := range []string{LinksKey(n), "doc:page:" + id, "doc:" + n.Kind() + ":" + id + "-not"} {
			if got := g.DocOfKey(key); got != nil {
				t.Errorf("DocOfKey(%q) = %s:%s, want nothing", key, got.Kind(), got.NodeID())
			}
		}
	}
}

// OtherMentions are the backlinks in none of the entity's lists, in the
// backlinks' order: here a profile and a page, and an article that
// mentions it without being in its list (which linking never makes, but
// the address of a node is all that tells them apart).
func TestOtherMentionsAreTheBacklinksInNoList(t *testing.T) {
	e := &Entity{Entity: &content.Entity{ID: "bank"}}
	statement := func(id string) *Statement { return &Statement{Statement: &content.Statement{ID: id}} }
	article := func(slug string) *Article { return &Article{Article: &content.Article{Slug: slug}} }
	said, about, reported := statement("said"), statement("about"), statement("reported")
	mentioned, source, unlisted := article("mentioned"), article("source"), article("unlisted")
	person := &Entity{Entity: &content.Entity{ID: "spokesperson"}}
	profile := &Entity{Entity: &content.Entity{ID: "profile"}}
	page := &Page{Page: &content.Page{Slug: "about"}}
	e.Statements, e.AboutIt, e.Reported = []*Statement{said}, []*Statement{about}, []*Statement{reported}
	e.Mentioned, e.SourceFor, e.People = []*Article{mentioned}, []*Article{source}, []*Entity{person}
	e.backlinks = []Node{unlisted, mentioned, said, about, reported, source, profile, person, page}
	got := e.OtherMentions()
	if want := []Node{unlisted, profile, page}; !slices.Equal(got, want) {
		t.Errorf("other mentions %v, want %v", got, want)
	}
	e.backlinks = e.backlinks[1:6]
	if got := e.OtherMentions(); len(got) != 0 {
		t.Errorf("backlinks all listed, other mentions %v", got)
	}
}

// Moving articles' dates in place finds the related articles of every
// article as finding them all again would: the articles near an article's
// old and new places in its lists are all whose related articles can
// change. Long lists, so that articles sit at every distance from the one
// moved.
func TestRelatedAfterMovesAsFoundAgain(t *testing.T) {
	g := linkCorpus(t, corpus.Options{Articles: 300, Entities: 100, Tags: 6, Seed: 11})
	rng := rand.New(rand.NewPCG(11, 12))
	start := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	for move := range 300 {
		a := g.Articles[rng.IntN(len(g.Articles))]
		doc := *a.Article
		// within the corpus's year, and at times on the very day of another
		doc.Date = content.Date{Time: start.AddDate(0, 0, rng.IntN(330)), Precision: content.Day}
		if !g.CanUpdateArticleLinks(a, &doc, a.Body) {
			t.Fatalf("move %d: cannot move %s", move, a.Slug)
		}
		g.UpdateArticleLinks(a, &doc, a.Body)
		want := relatedOf(g.Articles)
		for i, b := range g.Articles {
			if b.unix != b.Article.Date.Time.Unix() {
				t.Fatalf("move %d: %s keeps %d seconds for its date %v", move, b.Slug, b.unix, b.Article.Date.Time)
			}
			if !slices.Equal(b.Related, want[i]) {
				t.Fatalf("move %d (%s to %s): %s relates to %v, found again %v", move, a.Slug, doc.Date.Time.Format(time.DateOnly), b.Slug, slugs(b.Related), slugs(want[i]))
			}
		}
	}
}

// A tag's items stay its articles and statements merged newest first, as
// linking makes them, while documents move, join tags and leave them one
// at a time: each is put in place, not merged again.
func TestTagItemsAfterMovesAsMadeAgain(t *testing.T) {
	g := linkCorpus(t, corpus.Options{Articles: 200, Entities: 60, Tags: 5, Seed: 5})
	rng := rand.New(rand.NewPCG(5, 6))
	start := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	date := func() content.Date {
		return content.Date{Time: start.AddDate(0, 0, rng.IntN(330)), Precision: content.Day}
	}
	tags := func(n int) []content.Tag {
		var out []content.Tag
		for _, k := range rng.Perm(len(g.Tags))[:n] {
			out = append(out, content.Tag{Name: g.Tags[k].Name})
		}
		return out
	}
	for step := range 300 {
		what := ""
		if rng.IntN(2) == 0 {
			a := g.Articles[rng.IntN(len(g.Articles))]
			doc := *a.Article
			doc.Date = date()
			if rng.IntN(3) == 0 {
				doc.Tags = tags(1 + rng.IntN(2)) // tags in use, so that none comes or goes
			}
			if !g.CanUpdateArticleLinks(a, &doc, a.Body) {
				continue
			}
			g.UpdateArticleLinks(a, &doc, a.Body)
			what = a.Slug
		} else {
			s := g.Statements[rng.IntN(len(g.Statements))]
			doc := *s.Statement
			doc.Date = date()
			if rng.IntN(3) == 0 {
				doc.Topics = tags(1)
			}
			if !g.CanUpdateStatementLinks(s, &doc) {
				continue
			}
			g.UpdateStatementLinks(s, &doc)
			what = s.ID
		}
		for _, tag := range g.Tags {
			made := &Tag{Articles: tag.Articles, Statements: tag.Statements}
			made.makeItems()
			if !slices.Equal(tag.Items, made.Items) {
				t.Fatalf("step %d (%s): %s lists %d items, made again %d, or in another order", step, what, tag.Name, len(tag.Items), len(made.Items))
			}
		}
	}
}

// linkCorpus links a generated corpus.
func linkCorpus(t *testing.T, opts corpus.Options) *Graph {
	t.Helper()
	fsys := fstest.MapFS{}
	for p, data := range corpus.Generate(opts) {
		fsys[p] = &fstest.MapFile{Data: data}
	}
	c, diags := content.Load(fsys)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	g, diags := Link(c, convert(), Options{})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	return g
}

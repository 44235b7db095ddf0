package site

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"
	"unsafe"

	"github.com/dossier-news/dossier/generator/content"
	"github.com/dossier-news/dossier/generator/diag"
)

const (
	art  = "content/articles/t.md"
	stmt = "content/statements/s.yaml"
	ent  = "content/entities/x.yaml"
)

// article is an article file whose body starts on line 5.
func articleFile(body string) string { return "---\ntitle: T\ndate: 2018\n---\n" + body }

func TestBaseSiteLinksCleanly(t *testing.T) {
	g := mustBuild(t, base)
	if len(g.Articles) != 2 || len(g.Statements) != 2 || len(g.Entities) != 6 || len(g.Pages) != 1 {
		t.Errorf("graph has %d articles, %d statements, %d entities, %d pages", len(g.Articles), len(g.Statements), len(g.Entities), len(g.Pages))
	}
}

func TestLinkErrors(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		opts  Options
		wants []want
	}{
		// unknown IDs
		{"unknown reference with suggestion", map[string]string{art: articleFile("See [[wells-farg]].\n")}, Options{}, []want{
			{Pos: art + ":5:5", Msg: `unknown reference "wells-farg"`, Sugg: `did you mean "wells-fargo"?`},
		}},
		{"unknown reference on a later line", map[string]string{art: articleFile("One.\n\nTwo, see\nthe [[facebok|company]].\n")}, Options{}, []want{
			{Pos: art + ":8:5", Msg: `unknown reference "facebok"`, Sugg: `did you mean "facebook"?`},
		}},
		{"unknown reference suggested by alias", map[string]string{art: articleFile("See [[us-bank]].\n")}, Options{}, []want{
			{Pos: art + ":5:5", Msg: `unknown reference "us-bank"`, Sugg: `did you mean "us-bancorp" (U.S. Bancorp)?`},
		}},
		{"alias with punctuation", map[string]string{art: articleFile("See [[u-s-bank]].\n")}, Options{}, []want{
			{Pos: art + ":5:5", Msg: `unknown reference "u-s-bank"`, Sugg: `did you mean "us-bancorp" (U.S. Bancorp)?`},
		}},
		{"unknown reference far from every ID", map[string]string{art: articleFile("See [[zyxwvutsrq]].\n")}, Options{}, []want{
			{Pos: art + ":5:5", Msg: `unknown reference "zyxwvutsrq"`, NoSugg: true},
		}},
		{"unknown entity in front matter", map[string]string{art: "---\ntitle: T\ndate: 2018\nentities: [facebok]\n---\n"}, Options{}, []want{
			{Pos: art + ":4:12", Msg: `unknown entity "facebok"`, Sugg: `did you mean "facebook"?`},
		}},
		{"unknown org", map[string]string{stmt: "org: us-bancorp-inc\ndate: 2018\nquote: q\n"}, Options{}, []want{
			{Pos: stmt + ":1:6", Msg: `unknown org "us-bancorp-inc"`, Sugg: `did you mean "us-bancorp"?`},
		}},
		{"unknown speaker", map[string]string{stmt: "org: us-bancorp\nspeaker: dana-riply\ndate: 2018\nquote: q\n"}, Options{}, []want{
			{Pos: stmt + ":2:10", Msg: `unknown speaker "dana-riply"`, Sugg: `did you mean "dana-ripley"?`},
		}},
		{"unknown about", map[string]string{stmt: "org: us-bancorp\ndate: 2018\nquote: q\nabout: [facebook, meta]\n"}, Options{}, []want{
			{Pos: stmt + ":4:19", Msg: `unknown entity "meta"`},
		}},
		{"unknown outlet", map[string]string{stmt: "org: us-bancorp\ndate: 2018\nquote: q\nreported_by: [{outlet: pcmagg}]\n"}, Options{}, []want{
			{Pos: stmt + ":4:24", Msg: `unknown outlet "pcmagg"`, Sugg: `did you mean "pcmag"?`},
		}},
		{"unknown reference in an entity description", map[string]string{ent: "name: X\nkind: bank\ndescription: See [[facebok]].\n"}, Options{}, []want{
			{Pos: ent + ":3:18", Msg: `unknown reference "facebok"`, Sugg: `"facebook"`},
		}},
		{"unknown reference in a page", map[string]string{"content/pages/about.md": "---\ntitle: About\n---\n\nSee [[wsjj]].\n"}, Options{}, []want{
			{Pos: "content/pages/about.md:5:5", Msg: `unknown reference "wsjj"`, Sugg: `did you mean "wsj"?`},
		}},
		{"pages cannot be referenced", map[string]string{art: articleFile("See [[about]].\n")}, Options{}, []want{
			{Pos: art + ":5:5", Msg: `unknown reference "about"`},
		}},

		// kinds
		{"speaker who is not a person", map[string]string{stmt: "org: us-bancorp\nspeaker: wells-fargo\ndate: 2018\nquote: q\n"}, Options{}, []want{
			{Pos: stmt + ":2:10", Msg: `speaker "wells-fargo" is a bank, not a person`},
		}},
		{"speaker who is an outlet", map[string]string{stmt: "org: us-bancorp\nspeaker: wsj\ndate: 2018\nquote: q\n"}, Options{}, []want{
			{Pos: stmt + ":2:10", Msg: `speaker "wsj" is an outlet, not a person`},
		}},
		{"org that is a person", map[string]string{stmt: "org: dana-ripley\ndate: 2018\nquote: q\n"}, Options{}, []want{
			{Pos: stmt + ":1:6", Msg: `org "dana-ripley" is a person: give the organization they speak for`},
		}},
		{"a person's org that is a person", map[string]string{ent: "name: X\nkind: person\norg: dana-ripley\n"}, Options{}, []want{
			{Pos: ent + ":3:6", Msg: `org "dana-ripley" is a person`},
		}},
		{"org that is a statement", map[string]string{stmt: "org: wf-2018-08-07\ndate: 2018\nquote: q\n"}, Options{}, []want{
			{Pos: stmt + ":1:6", Msg: `org "wf-2018-08-07" is a statement, not an entity`},
		}},
		{"about an article", map[string]string{stmt: "org: us-bancorp\ndate: 2018\nquote: q\nabout: follow-up\n"}, Options{}, []want{
			{Pos: stmt + ":4:8", Msg: `entity "follow-up" is an article, not an entity`},
		}},
		{"reported by a company", map[string]string{stmt: "org: us-bancorp\ndate: 2018\nquote: q\nreported_by:\n  - outlet: facebook\n"}, Options{}, []want{
			{Pos: stmt + ":5:13", Msg: `outlet "facebook" is a company, not an outlet`},
		}},
		{"article source that is a bank", map[string]string{art: "---\ntitle: T\ndate: 2018\nsources:\n  - outlet: us-bancorp\n---\n"}, Options{}, []want{
			{Pos: art + ":5:13", Msg: `outlet "us-bancorp" is a bank, not an outlet`},
		}},
		{"front matter entity that is a statement", map[string]string{art: "---\ntitle: T\ndate: 2018\nentities: [wf-2018-08-07]\n---\n"}, Options{}, []want{
			{Pos: art + ":4:12", Msg: `entity "wf-2018-08-07" is a statement, not an entity`},
		}},

		// responds_to
		{"responds to an unknown ID", map[string]string{stmt: "org: us-bancorp\ndate: 2018\nquote: q\nresponds_to: wf-2018-08-08\n"}, Options{}, []want{
			{Pos: stmt + ":4:14", Msg: `unknown statement or article "wf-2018-08-08"`, Sugg: `did you mean "wf-2018-08-07"?`},
		}},
		{"responds to itself", map[string]string{stmt: "org: us-bancorp\ndate: 2018\nquote: q\nresponds_to: s\n"}, Options{}, []want{
			{Pos: stmt + ":4:14", Msg: "a statement cannot respond to itself"},
		}},
		{"responds to an entity", map[string]string{stmt: "org: us-bancorp\ndate: 2018\nquote: q\nresponds_to: facebook\n"}, Options{}, []want{
			{Pos: stmt + ":4:14", Msg: `responds_to "facebook" is an entity: a statement responds to a statement or an article`},
		}},

		// embeds
		{"embedding an entity", map[string]string{art: articleFile("Intro.\n\n![[facebook]]\n")}, Options{}, []want{
			{Pos: art + ":7:1", Msg: "![[facebook]] embeds an entity: only statements can be embedded", Sugg: "write [[facebook]] to link it"},
		}},
		{"embedding an article", map[string]string{art: articleFile("![[follow-up]]\n")}, Options{}, []want{
			{Pos: art + ":5:1", Msg: "![[follow-up]] embeds an article: only statements can be embedded"},
		}},
		{"embedding an unknown statement", map[string]string{art: articleFile("![[wf-2018-08-70]]\n")}, Options{}, []want{
			{Pos: art + ":5:1", Msg: `unknown reference "wf-2018-08-70"`, Sugg: `"wf-2018-08-07"`},
		}},

		// drafts
		{"reference to a draft article", map[string]string{
			"content/articles/d.md": "---\ntitle: D\ndate: 2018\ndraft: true\n---\n",
			art:                     articleFile("See [[d]].\n"),
		}, Options{}, []want{
			{Pos: art + ":5:5", Msg: `reference "d" is a draft, in content/articles/d.md`, Sugg: "publish it with draft: false, or build with --drafts"},
		}},
		{"response to a draft article", map[string]string{
			"content/articles/d.md": "---\ntitle: D\ndate: 2018\ndraft: true\n---\n",
			stmt:                    "org: us-bancorp\ndate: 2018\nquote: q\nresponds_to: d\n",
		}, Options{}, []want{
			{Pos: stmt + ":4:14", Msg: `statement or article "d" is a draft, in content/articles/d.md`},
		}},
		{"reference to a draft built with drafts", map[string]string{
			"content/articles/d.md": "---\ntitle: D\ndate: 2018\ndraft: true\n---\n",
			art:                     articleFile("See [[d]].\n"),
		}, Options{Drafts: true}, nil},
		{"a draft's own errors are not reported", map[string]string{
			"content/articles/d.md": "---\ntitle: D\ndate: 2018\ndraft: true\n---\nSee [[nothing-here]].\n",
		}, Options{}, nil},

		// pages
		{"page named after a section", map[string]string{"content/pages/articles.md": "---\ntitle: A\n---\n"}, Options{}, []want{
			{Pos: "content/pages/articles.md:1:1", Msg: `page "articles" would replace the site's own /articles/ section`, Sugg: "rename the file"},
		}},
		{"page named tags, in a folder", map[string]string{"content/pages/x/tags.md": "---\ntitle: A\n---\n"}, Options{}, []want{
			{Pos: "content/pages/x/tags.md:1:1", Msg: `page "tags" would replace the site's own /tags/ section`},
		}},
		{"draft page named after a section", map[string]string{"content/pages/search.md": "---\ntitle: A\ndraft: true\n---\n"}, Options{}, nil},

		// Markdown problems pass through, once
		{"invalid reference is reported once", map[string]string{art: articleFile("See [[Wells Fargo]].\n")}, Options{}, []want{
			{Pos: art + ":5:5", Msg: "invalid reference [[Wells Fargo]]", Sugg: "[[wells-fargo]]"},
		}},
		{"javascript link in a description", map[string]string{ent: "name: X\nkind: bank\ndescription: \"[x](javascript:y)\"\n"}, Options{}, []want{
			{Pos: ent + ":3:15", Msg: `link "javascript:y" is refused`},
		}},

		// several at once
		{"every problem is reported", map[string]string{
			stmt: "org: dana-ripley\nspeaker: us-bancorp\ndate: 2018\nquote: q\nreported_by: [{outlet: facebook}]\nresponds_to: s\n",
			art:  articleFile("[[wells-farg]] ![[facebook]]\n\n![[facebook]]\n"),
		}, Options{}, []want{
			{Pos: stmt + ":1:6", Msg: `org "dana-ripley" is a person`},
			{Pos: stmt + ":2:10", Msg: `speaker "us-bancorp" is a bank, not a person`},
			{Pos: stmt + ":5:24", Msg: `outlet "facebook" is a company, not an outlet`},
			{Pos: stmt + ":6:14", Msg: "a statement cannot respond to itself"},
			{Pos: art + ":5:1", Msg: `unknown reference "wells-farg"`},
			{Pos: art + ":5:16", Msg: "![[facebook]] must stand alone"},
			{Pos: art + ":7:1", Msg: "![[facebook]] embeds an entity"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g, diags := build(t, with(tt.files), tt.opts)
			checkDiags(t, diags, tt.wants...)
			if g == nil {
				t.Fatal("no graph returned")
			}
		})
	}
}

func TestGraphAfterErrorsIsUsable(t *testing.T) {
	g, diags := build(t, with(map[string]string{stmt: "org: dana-ripley\nspeaker: us-bancorp\ndate: 2018\nquote: q\n"}), Options{})
	if !diags.HasErrors() {
		t.Fatal("no errors")
	}
	s, ok := g.Lookup("s").(*Statement)
	if !ok {
		t.Fatal("statement s missing from the graph")
	}
	if s.Org == nil || s.Org.Name != "dana-ripley" || s.Speaker != nil {
		t.Errorf("org %+v, speaker %+v", s.Org, s.Speaker)
	}
	if s.Attribution() != "dana-ripley" || s.Title() != "Statement by dana-ripley" {
		t.Errorf("attribution %q", s.Attribution())
	}
}

func TestDraftsLeftOut(t *testing.T) {
	files := with(map[string]string{
		"content/articles/d.md":  "---\ntitle: D\ndate: 2018\ndraft: true\nentities: [facebook]\n---\n",
		"content/pages/draft.md": "---\ntitle: P\ndraft: true\n---\n",
	})
	g := mustBuild(t, files)
	if g.Lookup("d") != nil || len(g.Articles) != 2 || len(g.Pages) != 1 {
		t.Errorf("drafts built: %q, %q", ids(g.Articles), ids(g.Pages))
	}
	checkIDs(t, "facebook mentioned by", g.Lookup("facebook").(*Entity).Mentioned, "article:facebook-banks")

	g, diags := build(t, files, Options{Drafts: true})
	checkDiags(t, diags)
	if g.Lookup("d") == nil || len(g.Articles) != 3 || len(g.Pages) != 2 {
		t.Errorf("drafts not built: %q, %q", ids(g.Articles), ids(g.Pages))
	}
	checkIDs(t, "facebook mentioned by", g.Lookup("facebook").(*Entity).Mentioned, "article:facebook-banks", "article:d") // newest first
}

func TestLookup(t *testing.T) {
	g := mustBuild(t, base)
	tests := map[string]string{
		"facebook-banks":        "article",
		"usb-ripley-2018-08-06": "statement",
		"us-bancorp":            "entity",
		"about":                 "", // pages are not in the ID namespace
		"privacy":               "", // nor are tags
		"nothing":               "",
	}
	for id, kind := range tests {
		n := g.Lookup(id)
		switch {
		case kind == "" && n != nil:
			t.Errorf("Lookup(%q) = %s", id, n.Kind())
		case kind != "" && (n == nil || n.Kind() != kind || n.NodeID() != id):
			t.Errorf("Lookup(%q) = %v, want a %s", id, n, kind)
		}
	}
}

func TestNodePathsAndTitles(t *testing.T) {
	g := mustBuild(t, base)
	s := g.Lookup("usb-ripley-2018-08-06").(*Statement)
	tests := []struct {
		n     Node
		path  string
		title string
	}{
		{g.Lookup("facebook-banks"), "articles/facebook-banks/", "Facebook asks banks for data"},
		{s, "statements/usb-ripley-2018-08-06/", "Statement by Dana Ripley, U.S. Bancorp"},
		{g.Lookup("wf-2018-08-07"), "statements/wf-2018-08-07/", "Statement by Wells Fargo"},
		{g.Lookup("us-bancorp"), "entities/us-bancorp/", "U.S. Bancorp"},
		{g.Pages[0], "about/", "About"},
		{g.Tags[0], "tags/data-sharing/", "data-sharing"},
	}
	for _, tt := range tests {
		if tt.n.Path() != tt.path || tt.n.Title() != tt.title {
			t.Errorf("%s: path %q, title %q; want %q, %q", tt.n.NodeID(), tt.n.Path(), tt.n.Title(), tt.path, tt.title)
		}
	}
	if s.Role() != "Chief communications officer" {
		t.Errorf("role = %q, want the person's", s.Role())
	}
}

func TestResolvedTargetsAlignWithRefs(t *testing.T) {
	g, _ := build(t, with(map[string]string{
		art: articleFile("[[facebook]] [[nothing-here]] [[Bad Id]] [[wf-2018-08-07|WF]] [[t]]\n\n![[usb-ripley-2018-08-06]]\n"),
	}), Options{})
	a := g.Lookup("t").(*Article)
	if len(a.Targets) != len(a.Body.Refs) {
		t.Fatalf("%d targets for %d refs", len(a.Targets), len(a.Body.Refs))
	}
	want := []string{"entity:facebook", "", "", "statement:wf-2018-08-07", "article:t", "statement:usb-ripley-2018-08-06"}
	for i, n := range a.Targets {
		got := ""
		if n != nil {
			got = n.Kind() + ":" + n.NodeID()
		}
		if got != want[i] {
			t.Errorf("targets[%d] = %q, want %q", i, got, want[i])
		}
		// a resolved reference holds its target's ID, not a copy of it
		if ref := a.Body.Refs[i]; n != nil && (ref.ID != n.NodeID() || unsafe.StringData(ref.ID) != unsafe.StringData(n.NodeID())) {
			t.Errorf("refs[%d].ID = %q is not the target's own ID %q", i, ref.ID, n.NodeID())
		}
	}
	checkIDs(t, "embeds", a.Embeds, "statement:usb-ripley-2018-08-06")
	checkIDs(t, "cites", a.Cites, "statement:wf-2018-08-07", "statement:usb-ripley-2018-08-06")
	checkIDs(t, "mentions", a.Mentions, "entity:facebook")
	for _, n := range a.Backlinks() {
		if n == Node(a) {
			t.Error("an article linking to itself is its own backlink")
		}
	}
}

func TestReservedCoversEverySection(t *testing.T) {
	for _, s := range []string{"articles", "statements", "entities", "timeline", "tags", "search", "data", "static", "404"} {
		if !slices.Contains(Reserved, s) {
			t.Errorf("Reserved lacks %q", s)
		}
	}
	for _, s := range Reserved {
		if err := content.CheckID(s); err != nil {
			t.Errorf("reserved %q could never be a page slug: %v", s, err)
		}
	}
}

// Hand-made documents, assembled without files: positions come from the
// documents themselves.
func TestLinkAssembledDocs(t *testing.T) {
	pos := func(file string, line, col int) diag.Pos { return diag.Pos{File: file, Line: line, Col: col} }
	date, _ := content.ParseDate("2018-08-06")
	docs := []content.Doc{
		{Site: &content.Site{Title: "S"}},
		{Entity: &content.Entity{ID: "acme", File: "e/acme.yaml", Name: "Acme Corp", Kind: content.KindCompany, Aliases: []string{"ACME Inc"}}},
		{Entity: &content.Entity{ID: "jo", File: "e/jo.yaml", Name: "Jo", Kind: content.KindPerson,
			Org: content.Ref{ID: "acme", Pos: pos("e/jo.yaml", 3, 6)}}},
		{Entity: &content.Entity{ID: "news", File: "e/news.yaml", Name: "News", Kind: content.KindOutlet,
			Description: content.Markdown{Source: []byte("Covers [[acme-inc]]."), File: "e/news.yaml", StartLine: 4, StartCol: 14}}},
		{Statement: &content.Statement{ID: "st", File: "s/st.yaml", Date: date, Quote: "q",
			Org:        content.Ref{ID: "jo", Pos: pos("s/st.yaml", 1, 6)},
			Speaker:    content.Ref{ID: "acme", Pos: pos("s/st.yaml", 2, 10)},
			About:      []content.Ref{{ID: "news", Pos: pos("s/st.yaml", 5, 9)}},
			ReportedBy: []content.Report{{Outlet: content.Ref{ID: "acme", Pos: pos("s/st.yaml", 7, 13)}}},
			RespondsTo: content.Ref{ID: "acm", Pos: pos("s/st.yaml", 9, 14)}}},
		{Article: &content.Article{Slug: "story", File: "a/story.md", Title: "Story", Date: date,
			Entities: []content.Ref{{ID: "jo", Pos: pos("a/story.md", 5, 12)}},
			Body:     content.Markdown{Source: []byte("Intro.\n\n![[st]]\n\nBy [[news]], on [[acne]].\n"), File: "a/story.md", StartLine: 8, StartCol: 1}}},
	}
	c, diags := content.Assemble(docs)
	checkDiags(t, diags)
	g, diags := Link(c, convert(), Options{})
	checkDiags(t, diags,
		want{Pos: "e/news.yaml:4:21", Msg: `unknown reference "acme-inc"`, Sugg: `did you mean "acme" (Acme Corp)?`},
		want{Pos: "s/st.yaml:1:6", Msg: `org "jo" is a person`},
		want{Pos: "s/st.yaml:2:10", Msg: `speaker "acme" is a company, not a person`},
		want{Pos: "s/st.yaml:7:13", Msg: `outlet "acme" is a company, not an outlet`},
		// acme is an entity, which a statement cannot respond to: no suggestion
		want{Pos: "s/st.yaml:9:14", Msg: `unknown statement or article "acm"`},
		want{Pos: "a/story.md:12:17", Msg: `unknown reference "acne"`, Sugg: `did you mean "acme"?`},
	)
	st := g.Lookup("st").(*Statement)
	checkIDs(t, "st cited by", st.CitedBy, "article:story")
	checkIDs(t, "st backlinks", st.Backlinks(), "article:story")
	checkIDs(t, "news about it", g.Lookup("news").(*Entity).AboutIt, "statement:st")
	checkIDs(t, "news mentioned", g.Lookup("news").(*Entity).Mentioned, "article:story")
	checkIDs(t, "jo mentioned", g.Lookup("jo").(*Entity).Mentioned, "article:story")
	checkIDs(t, "acme people", g.Lookup("acme").(*Entity).People, "entity:jo")
}

// An entity whose file failed (its kind missing or unknown) is not the
// subject of a second error wherever it is named: its file's own error
// says what is wrong.
func TestBrokenEntityNamesNoSecondError(t *testing.T) {
	pos := func(file string, line, col int) diag.Pos { return diag.Pos{File: file, Line: line, Col: col} }
	date, _ := content.ParseDate("2018-08-06")
	docs := []content.Doc{
		{Site: &content.Site{Title: "S"}},
		{Entity: &content.Entity{ID: "acme", File: "e/acme.yaml", Name: "Acme", Kind: content.KindCompany}},
		{Entity: &content.Entity{ID: "dana", File: "e/dana.yaml", Name: "dana"}},                  // the file unreadable
		{Entity: &content.Entity{ID: "daily", File: "e/daily.yaml", Name: "Daily", Kind: "newz"}}, // an unknown kind
		{Statement: &content.Statement{ID: "st", File: "s/st.yaml", Date: date, Quote: "q",
			Org:        content.Ref{ID: "acme", Pos: pos("s/st.yaml", 1, 6)},
			Speaker:    content.Ref{ID: "dana", Pos: pos("s/st.yaml", 2, 10)},
			ReportedBy: []content.Report{{Outlet: content.Ref{ID: "daily", Pos: pos("s/st.yaml", 4, 13)}}}}},
		{Statement: &content.Statement{ID: "st2", File: "s/st2.yaml", Date: date, Quote: "q",
			Org: content.Ref{ID: "dana", Pos: pos("s/st2.yaml", 1, 6)}}},
	}
	c, diags := content.Assemble(docs)
	checkDiags(t, diags)
	_, diags = Link(c, convert(), Options{})
	checkDiags(t, diags)
}

// An ID two files claim is reported when the corpus is assembled, at both;
// the references to it are no one's to resolve and bring no more errors
// ("is an article, not an entity" at every mention of the entity).
func TestContestedIDBringsNoMoreErrors(t *testing.T) {
	pos := func(file string, line, col int) diag.Pos { return diag.Pos{File: file, Line: line, Col: col} }
	date, _ := content.ParseDate("2018-08-06")
	docs := []content.Doc{
		{Site: &content.Site{Title: "S"}},
		// the copy of an article, named as an entity is, comes first
		{Article: &content.Article{Slug: "facebook", File: "a/facebook.md", Title: "Copy", Date: date}},
		{Entity: &content.Entity{ID: "facebook", File: "e/facebook.yaml", Name: "Facebook", Kind: content.KindCompany}},
		{Entity: &content.Entity{ID: "dana", File: "e/dana.yaml", Name: "Dana", Kind: content.KindPerson,
			Org: content.Ref{ID: "facebook", Pos: pos("e/dana.yaml", 3, 6)}}},
		{Statement: &content.Statement{ID: "st", File: "s/st.yaml", Date: date, Quote: "q",
			Org:        content.Ref{ID: "facebook", Pos: pos("s/st.yaml", 1, 6)},
			About:      []content.Ref{{ID: "facebook", Pos: pos("s/st.yaml", 2, 9)}},
			RespondsTo: content.Ref{ID: "facebook", Pos: pos("s/st.yaml", 3, 14)}}},
		{Article: &content.Article{Slug: "story", File: "a/story.md", Title: "Story", Date: date,
			Entities: []content.Ref{{ID: "facebook", Pos: pos("a/story.md", 3, 12)}},
			Body:     content.Markdown{Source: []byte("By [[facebook]].\n\n![[facebook]]\n"), File: "a/story.md", StartLine: 6, StartCol: 1}}},
	}
	c, diags := content.Assemble(docs)
	checkDiags(t, diags,
		want{Pos: "a/facebook.md:1:1", Msg: `e/facebook.yaml also has the ID "facebook"`},
		want{Pos: "e/facebook.yaml:1:1", Msg: `a/facebook.md also has the ID "facebook"`})
	_, diags = Link(c, convert(), Options{})
	checkDiags(t, diags)
}

func TestSuggestionsFitWhatIsExpected(t *testing.T) {
	files := map[string]string{
		"content/site.yaml":              "title: T\n",
		"content/entities/wsj.yaml":      "name: The Wall Street Journal\nkind: outlet\n",
		"content/entities/wsj-inc.yaml":  "name: WSJ Inc\nkind: company\n",
		"content/statements/wsj-ab.yaml": "org: wsj-inc\ndate: 2018\nquote: q\nreported_by:\n  - outlet: wsj-a\n",
	}
	_, diags := build(t, files, Options{})
	found := false
	for _, d := range diags {
		if strings.Contains(d.Msg, `unknown outlet "wsj-a"`) {
			found = true
			if d.Suggestion != `did you mean "wsj"?` {
				t.Errorf("suggestion %q, want the outlet wsj (not the statement wsj-ab or the company wsj-inc)", d.Suggestion)
			}
		}
	}
	if !found {
		t.Errorf("no unknown-outlet error in %v", diags)
	}
}

// A build that converts nothing again lets the Markdown of articles and pages
// go once converted, and keeps entity descriptions, which the open data
// publishes as Markdown.
func TestForgetSources(t *testing.T) {
	for _, forget := range []bool{false, true} {
		g, diags := build(t, base, Options{ForgetSources: forget})
		checkDiags(t, diags)
		for _, a := range g.Articles {
			if got := a.Article.Body.Source != nil; got == forget {
				t.Errorf("ForgetSources %v: article %s keeps its Markdown: %v", forget, a.Slug, got)
			}
			if len(a.Body.Chunks) == 0 {
				t.Errorf("article %s has no HTML", a.Slug)
			}
		}
		for _, p := range g.Pages {
			if got := p.Page.Body.Source != nil; got == forget {
				t.Errorf("ForgetSources %v: page %s keeps its Markdown: %v", forget, p.Slug, got)
			}
		}
		usb := g.byID["us-bancorp"].(*Entity)
		if string(usb.Entity.Description.Source) != "A bank; see [[usb-ripley-2018-08-06]]." {
			t.Errorf("ForgetSources %v: description %q", forget, usb.Entity.Description.Source)
		}
	}
}

// tiedDates are up to 40 IDs and dates for a sorting test, many of them
// tied: four days, four precisions, a few nanoseconds, other time zones,
// undated ones, and in even rounds the same IDs more than once.
func tiedDates(rng *rand.Rand, round int) []struct {
	id   string
	date content.Date
} {
	base := time.Date(2018, 8, 6, 0, 0, 0, 0, time.UTC)
	out := make([]struct {
		id   string
		date content.Date
	}, rng.IntN(40))
	for i := range out {
		d := content.Date{Time: base.Add(time.Duration(rng.IntN(4)) * 24 * time.Hour), Precision: content.Precision(rng.IntN(4))}
		switch rng.IntN(4) {
		case 0:
			d = content.Date{} // undated
		case 1:
			d.Time = d.Time.Add(time.Duration(rng.IntN(3)) * time.Nanosecond)
		case 2:
			d.Time = d.Time.In(time.FixedZone("east", 3600*rng.IntN(5)))
		}
		out[i].id, out[i].date = fmt.Sprintf("n-%d", rng.IntN(30)+i*100*(round%2)), d
	}
	return out
}

// sortNewestFirst orders as newestFirst does: dates to the second and
// nanosecond, precisions, IDs, ties of all but the ID included.
func TestSortNewestFirstOrdersAsNewestFirst(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	for round := range 200 {
		var list []*Statement
		for _, n := range tiedDates(rng, round) {
			list = append(list, &Statement{Statement: &content.Statement{ID: n.id, Date: n.date}})
		}
		want := slices.Clone(list)
		slices.SortFunc(want, func(a, b *Statement) int { return newestFirst(a, b) })
		sortNewestFirst(list)
		for i := range list {
			if newestFirst(list[i], want[i]) != 0 {
				t.Fatalf("round %d: at %d %s %v, want %s %v", round, i, list[i].ID, list[i].Date(), want[i].ID, want[i].Date())
			}
		}
	}
}

// sortOldestFirst orders as oldestFirst does: dates to the second and
// nanosecond, precisions, kinds, IDs, ties of all but the ID included, an
// article and a statement of the same date and ID among them.
func TestSortOldestFirstOrdersAsOldestFirst(t *testing.T) {
	rng := rand.New(rand.NewPCG(8, 8))
	for round := range 200 {
		var list []Node
		for _, n := range tiedDates(rng, round) {
			if rng.IntN(2) == 0 {
				list = append(list, &Statement{Statement: &content.Statement{ID: n.id, Date: n.date}})
			} else {
				list = append(list, &Article{Article: &content.Article{Slug: n.id, Date: n.date}})
			}
		}
		want := slices.Clone(list)
		slices.SortFunc(want, oldestFirst)
		sortOldestFirst(list)
		for i := range list {
			if oldestFirst(list[i], want[i]) != 0 {
				t.Fatalf("round %d: at %d %s %s %v, want %s %s %v", round, i, list[i].Kind(), list[i].NodeID(), list[i].Date(), want[i].Kind(), want[i].NodeID(), want[i].Date())
			}
		}
	}
}

// settle puts the last element where walking it back one step at a time
// would: after every element that does not order after it, ties included.
func TestSettleFindsThePlaceWalkingWould(t *testing.T) {
	walk := func(list []int, order func(x, y int) int) {
		for i := len(list) - 1; i > 0 && order(list[i-1], list[i]) > 0; i-- {
			list[i-1], list[i] = list[i], list[i-1]
		}
	}
	byTens := func(x, y int) int { return x/10 - y/10 } // ties between different elements
	rng := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		n := rng.IntN(12)
		list := make([]int, n)
		for i := range list {
			list[i] = rng.IntN(60)
		}
		slices.SortStableFunc(list, byTens)
		list = append(list, rng.IntN(70))
		want := slices.Clone(list)
		walk(want, byTens)
		settle(list, byTens)
		if !slices.Equal(list, want) {
			t.Fatalf("settle gave %v, walking %v", list, want)
		}
	}
}

func TestResolveLocal(t *testing.T) {
	for _, tt := range []struct {
		from, dest, want string
		ok               bool
	}{
		{"articles/a/", "/", "", true},
		{"articles/a/", "/articles/b/", "articles/b", true},
		{"articles/a/", "../b/", "articles/b", true},
		{"articles/a/", "./img.png", "articles/a/img.png", true},
		{"articles/a/", "/x/../static/s.css", "static/s.css", true},
		{"articles/a/", "../../..", "", false},
		{"articles/a/", "/../etc/passwd", "", false},
		{"", "../x", "", false},
	} {
		got, ok := resolveLocal(tt.from, tt.dest)
		if got != tt.want || ok != tt.ok {
			t.Errorf("resolveLocal(%q, %q) = %q, %v; want %q, %v", tt.from, tt.dest, got, ok, tt.want, tt.ok)
		}
	}
}

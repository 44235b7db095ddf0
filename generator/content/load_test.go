package content

import (
	"bytes"
	"maps"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

const (
	art  = "content/articles/a.md"
	stmt = "content/statements/s.yaml"
	ent  = "content/entities/e.yaml"
	page = "content/pages/p.md"
	site = SiteFile
)

// good front matter lines, to build articles around one bad line
const goodArticle = "---\ntitle: T\ndate: 2018-08-06\n---\nBody.\n"

func TestLoadFileErrors(t *testing.T) {
	tests := []struct {
		name  string
		path  string
		data  string
		wants []want
	}{
		// unknown fields
		{"unknown article field suggests title", art, "---\ntitel: X\ndate: 2018-08-06\n---\n", []want{
			{Pos: art + ":2:1", Msg: `unknown field "titel"`, Sugg: `did you mean "title"?`},
			{Pos: art + ":2:1", Msg: `article is missing required field "title"`},
		}},
		{"unknown article field suggests date, not a longer field", art, "---\ntitle: X\ndat: 2018-08-06\n---\n", []want{
			{Pos: art + ":3:1", Msg: `unknown field "dat"`, Sugg: `did you mean "date"?`},
			{Pos: art + ":2:1", Msg: `article is missing required field "date"`},
		}},
		{"unknown field far from every field lists them", art, "---\ntitle: X\ndate: 2018\nxyzzyplugh: 1\n---\n", []want{
			{Pos: art + ":4:1", Msg: `unknown field "xyzzyplugh"`, Sugg: "known fields: title, date, updated"},
		}},
		{"unknown statement field", stmt, "org: o\ndate: 2018\nqoute: hi\n", []want{
			{Pos: stmt + ":3:1", Msg: `unknown field "qoute"`, Sugg: `did you mean "quote"?`},
			{Pos: stmt + ":1:1", Msg: `statement is missing required field "quote"`},
		}},
		{"repeated fields, known or not", stmt, "org: o\ndate: 2018\nquote: a\ncolour: red\nquote: b\ncolour: blue\n", []want{
			{Pos: stmt + ":4:1", Msg: `unknown field "colour"`, Sugg: "known fields: org, speaker, role"},
			{Pos: stmt + ":5:1", Msg: `field "quote" is repeated`},
			{Pos: stmt + ":6:1", Msg: `field "colour" is repeated`},
		}},
		{"a field left empty is missing, and still repeated", stmt, "org: o\ndate:\ndate: 2018\nquote: q\n", []want{
			{Pos: stmt + ":3:1", Msg: `field "date" is repeated`},
			{Pos: stmt + ":2:1", Msg: `date is empty: the statement needs one`},
		}},
		{"unknown entity field", ent, "name: N\nkind: bank\nalias: [x]\n", []want{
			{Pos: ent + ":3:1", Msg: `unknown field "alias"`, Sugg: `did you mean "aliases"?`},
		}},
		{"unknown site field", site, "title: T\nbaseurl: https://x.org\n", []want{
			{Pos: site + ":2:1", Msg: `unknown field "baseurl"`, Sugg: `did you mean "base_url"?`},
		}},
		{"unknown source field", art, "---\ntitle: T\ndate: 2018\nsources:\n  - outlet: wsj\n    link: https://x.org\n---\n", []want{
			{Pos: art + ":6:5", Msg: `unknown field "link"`},
		}},
		{"unknown page field", page, "---\ntitle: T\ndate: 2018\n---\n", []want{
			{Pos: page + ":3:1", Msg: `unknown field "date"`},
		}},

		// required fields
		{"article without title and date", art, "---\nsummary: s\n---\nBody\n", []want{
			{Pos: art + ":2:1", Msg: `article is missing required field "title"`},
			{Pos: art + ":2:1", Msg: `article is missing required field "date"`},
		}},
		{"article with empty front matter", art, "---\n---\nBody\n", []want{
			{Pos: art + ":2:1", Msg: `article is missing required field "title"`},
			{Pos: art + ":2:1", Msg: `article is missing required field "date"`},
		}},
		{"article with valid front matter but a bad date has no other errors", art, "---\ntitle: T\ndate: 2018-08-32\n---\n", []want{
			{Pos: art + ":3:7", Msg: `invalid date "2018-08-32"`},
		}},
		{"article with null title", art, "---\ntitle:\ndate: 2018\n---\n", []want{
			{Pos: art + ":2:1", Msg: `title is empty: the article needs one`},
		}},
		{"article with blank title", art, "---\ntitle: \"  \"\ndate: 2018\n---\n", []want{
			{Pos: art + ":2:8", Msg: "title is empty"},
		}},
		{"statement without org, date, quote", stmt, "channel: email\n", []want{
			{Pos: stmt + ":1:1", Msg: `statement is missing required field "org"`},
			{Pos: stmt + ":1:1", Msg: `statement is missing required field "date"`},
			{Pos: stmt + ":1:1", Msg: `statement is missing required field "quote"`},
		}},
		{"empty statement file", stmt, "", []want{
			{Pos: stmt + ":1", Msg: `the statement file is empty`, Sugg: "org:, date: and quote:"},
		}},
		{"entity without name and kind", ent, "url: https://x.org\n", []want{
			{Pos: ent + ":1:1", Msg: `entity is missing required field "name"`},
			{Pos: ent + ":1:1", Msg: `entity is missing required field "kind"`},
		}},
		{"site without title", site, "description: d\n", []want{
			{Pos: site + ":1:1", Msg: `site.yaml is missing required field "title"`},
		}},
		{"site with only a comment", site, "# nothing yet\n", []want{
			{Pos: site + ":1:1", Msg: `site.yaml is missing required field "title"`},
		}},
		{"page without title", page, "---\nsummary: s\n---\n", []want{
			{Pos: page + ":2:1", Msg: `page is missing required field "title"`},
		}},
		{"source without outlet", art, "---\ntitle: T\ndate: 2018\nsources:\n  - title: x\n---\n", []want{
			{Pos: art + ":5:5", Msg: `source is missing required field "outlet"`},
		}},
		{"correction without text", art, "---\ntitle: T\ndate: 2018\ncorrections:\n  - date: 2018\n---\n", []want{
			{Pos: art + ":5:5", Msg: `correction is missing required field "text"`},
		}},
		{"report without outlet", stmt, "org: o\ndate: 2018\nquote: q\nreported_by:\n  - url: https://x.org\n", []want{
			{Pos: stmt + ":5:5", Msg: `reported_by entry is missing required field "outlet"`},
		}},

		// dates
		{"month 13", art, "---\ntitle: T\ndate: 2018-13-01\n---\n", []want{
			{Pos: art + ":3:7", Msg: `invalid date "2018-13-01": there is no month 13`},
		}},
		{"month name", art, "---\ntitle: T\ndate: Aug 2018\n---\n", []want{
			{Pos: art + ":3:7", Msg: `invalid date "Aug 2018"`},
		}},
		{"statement date", stmt, "org: o\nquote: q\ndate: 6 August 2018\n", []want{
			{Pos: stmt + ":3:7", Msg: `invalid date "6 August 2018"`},
		}},
		{"single-digit month", art, "---\ntitle: T\ndate: 2018-8\n---\n", []want{
			{Pos: art + ":3:7", Msg: `invalid date "2018-8"`},
		}},
		{"source date", art, "---\ntitle: T\ndate: 2018\nsources:\n  - outlet: wsj\n    date: 2018-02-30\n---\n", []want{
			{Pos: art + ":6:11", Msg: `invalid date "2018-02-30"`},
		}},
		{"updated before date", art, "---\ntitle: T\ndate: 2018-08-06\nupdated: 2018-08-05\n---\n", []want{
			{Pos: art + ":4:10", Msg: "updated (2018-08-05) is before date (2018-08-06)"},
		}},

		// IDs
		{"underscore in org", stmt, "org: Wells_Fargo\ndate: 2018\nquote: q\n", []want{
			{Pos: stmt + ":1:6", Msg: `invalid ID "Wells_Fargo"`, Sugg: `did you mean "wells-fargo"?`},
		}},
		{"bad IDs in lists", stmt, "org: o\ndate: 2018\nquote: q\nabout: [facebook, Wells Fargo]\nresponds_to: -x\n", []want{
			{Pos: stmt + ":4:19", Msg: `invalid ID "Wells Fargo"`, Sugg: `did you mean "wells-fargo"?`},
			{Pos: stmt + ":5:14", Msg: `invalid ID "-x"`, Sugg: `did you mean "x"?`},
		}},
		{"bad entity ref in front matter", art, "---\ntitle: T\ndate: 2018\nentities:\n  - wells--fargo\n---\n", []want{
			{Pos: art + ":5:5", Msg: `invalid ID "wells--fargo"`, Sugg: `did you mean "wells-fargo"?`},
		}},
		{"bad outlet in source", art, "---\ntitle: T\ndate: 2018\nsources: [{outlet: WSJ}]\n---\n", []want{
			{Pos: art + ":4:20", Msg: `invalid ID "WSJ"`, Sugg: `did you mean "wsj"?`},
		}},
		{"bad tag", art, "---\ntitle: T\ndate: 2018\ntags: [ok, Data Sharing]\n---\n", []want{
			{Pos: art + ":4:12", Msg: `invalid tag "Data Sharing"`, Sugg: `did you mean "data-sharing"?`},
		}},
		{"bad topic", stmt, "org: o\ndate: 2018\nquote: q\ntopics: data_sharing\n", []want{
			{Pos: stmt + ":4:9", Msg: `invalid tag "data_sharing"`, Sugg: `did you mean "data-sharing"?`},
		}},
		{"bad article file name", "content/articles/Bad Name.md", goodArticle, []want{
			{Pos: "content/articles/Bad Name.md:1:1", Msg: `file name: invalid ID "Bad Name"`, Sugg: `rename the file to "bad-name"`},
		}},
		{"bad statement file name", "content/statements/2018/USB_Ripley.yaml", "org: o\ndate: 2018\nquote: q\n", []want{
			{Pos: "content/statements/2018/USB_Ripley.yaml:1:1", Msg: `file name: invalid ID "USB_Ripley"`, Sugg: `rename the file to "usb-ripley"`},
		}},
		{"bad entity file name", "content/entities/über.yaml", "name: N\nkind: bank\n", []want{
			{Pos: "content/entities/über.yaml:1:1", Msg: `file name: invalid ID "über"`, Sugg: `rename the file to "ber"`},
		}},

		// values with a fixed set
		{"unknown channel with suggestion", stmt, "org: o\ndate: 2018\nquote: q\nchannel: emial\n", []want{
			{Pos: stmt + ":4:10", Msg: `unknown channel "emial": one of email, interview, press-release`, Sugg: `did you mean "email"?`},
		}},
		{"unknown channel without suggestion", stmt, "org: o\ndate: 2018\nquote: q\nchannel: carrier-pigeon\n", []want{
			// the message lists the channels; no "known fields" suggestion
			{Pos: stmt + ":4:10", Msg: `unknown channel "carrier-pigeon": one of email`, NoSugg: true},
		}},
		{"unknown entity kind", ent, "name: N\nkind: bnk\n", []want{
			{Pos: ent + ":2:7", Msg: `unknown kind "bnk": one of person, company, bank, outlet, regulator, organization`, Sugg: `did you mean "bank"?`},
		}},
		{"unknown entity kind without suggestion", ent, "name: N\nkind: spokesperson\n", []want{
			{Pos: ent + ":2:7", Msg: `unknown kind "spokesperson": one of person`, NoSugg: true},
		}},
		{"empty entity kind", ent, "name: N\nkind: \"\"\n", []want{
			{Pos: ent + ":2:7", Msg: `unknown kind ""`},
		}},
		{"entity kind is a list", ent, "name: N\nkind: [bank]\n", []want{
			{Pos: ent + ":2:7", Msg: "expected text, found a list"},
		}},
		{"org and role on a bank", ent, "name: N\nkind: bank\norg: other\nrole: boss\n", []want{
			{Pos: ent + ":3:6", Msg: `only a person has an org and a role; this entity is of kind "bank"`},
			{Pos: ent + ":4:7", Msg: `only a person has an org and a role; this entity is of kind "bank"`},
		}},
		{"role on an outlet", ent, "name: N\nkind: outlet\nrole: paper\n", []want{
			{Pos: ent + ":3:7", Msg: `this entity is of kind "outlet"`},
		}},

		// URLs
		{"javascript URL", ent, "name: N\nkind: bank\nurl: javascript:alert(1)\n", []want{
			{Pos: ent + ":3:6", Msg: `URL "javascript:alert(1)" is refused: only http, https and mailto`},
		}},
		{"data URL", ent, "name: N\nkind: bank\nurl: 'data:text/html,<script>alert(1)</script>'\n", []want{
			{Pos: ent + ":3:6", Msg: `URL "data:text/html,<script>alert(1)</script>" is refused`},
		}},
		{"mixed-case javascript URL", ent, "name: N\nkind: bank\nurl: JavaScript:alert(1)\n", []want{
			{Pos: ent + ":3:6", Msg: "is refused"},
		}},
		{"relative URL", ent, "name: N\nkind: bank\nurl: /about\n", []want{
			{Pos: ent + ":3:6", Msg: `URL "/about" is not absolute`},
		}},
		{"scheme-relative URL", ent, "name: N\nkind: bank\nurl: //x.org/a\n", []want{
			{Pos: ent + ":3:6", Msg: "is not absolute"},
		}},
		{"https without host", ent, "name: N\nkind: bank\nurl: https:///a\n", []want{
			{Pos: ent + ":3:6", Msg: "no host"},
		}},
		{"javascript URL in a source", art, "---\ntitle: T\ndate: 2018\nsources:\n  - outlet: wsj\n    url: javascript:alert(1)\n---\n", []want{
			{Pos: art + ":6:10", Msg: `URL "javascript:alert(1)" is refused`},
		}},
		{"vbscript URL in a report", stmt, "org: o\ndate: 2018\nquote: q\nreported_by:\n  - outlet: p\n    url: vbscript:msgbox\n", []want{
			{Pos: stmt + ":6:10", Msg: `URL "vbscript:msgbox" is refused`},
		}},
		{"relative URL in a report", stmt, "org: o\ndate: 2018\nquote: q\nreported_by: [{outlet: p, url: story.html}]\n", []want{
			{Pos: stmt + ":4:32", Msg: `URL "story.html" is not absolute`},
		}},
		{"file base_url", site, "title: T\nbase_url: file:///etc/\n", []want{
			{Pos: site + ":2:11", Msg: "base_url: URL \"file:///etc/\" is refused"},
		}},

		// YAML syntax and the front matter
		{"invalid YAML in a statement", stmt, "org: o\ndate: 2018\nquote: a: b: c\n", []want{
			{Pos: stmt + ":3", Msg: "invalid YAML: mapping values are not allowed"},
		}},
		{"invalid YAML in front matter, at its file line", art, "---\ntitle: T\ndate: 2018\n  bad: : x\n---\n", []want{
			{Pos: art + ":4", Msg: "invalid YAML: mapping values are not allowed"},
		}},
		{"tab in front matter", art, "---\ntitle: T\n\tdate: 2018\n---\n", []want{
			{Pos: art + ":3", Msg: "invalid YAML: found a tab character"},
		}},
		{"not a mapping", site, "- title: T\n", []want{
			{Pos: site + ":1:1", Msg: "expected a mapping of field: value, found a list"},
		}},
		{"front matter not a mapping", art, "---\njust text\n---\n", []want{
			{Pos: art + ":2:1", Msg: `expected a mapping of field: value, found "just text"`},
		}},
		{"front matter not closed", art, "---\ntitle: T\ndate: 2018\nBody\n", []want{
			{Pos: art + ":1:1", Msg: "front matter is not closed"},
		}},
		{"front matter only opened", art, "---", []want{
			{Pos: art + ":1:1", Msg: "front matter is not closed"},
		}},
		{"missing front matter", art, "title: T\ndate: 2018\n", []want{
			{Pos: art + ":1:1", Msg: "missing front matter", Sugg: "start the file with a line of three hyphens"},
		}},
		{"missing front matter in a page", page, "# About\n", []want{
			{Pos: page + ":1:1", Msg: "missing front matter"},
		}},
		{"repeated field", art, "---\ntitle: T\ndate: 2018\ntitle: U\n---\n", []want{
			{Pos: art + ":4:1", Msg: `field "title" is repeated`},
		}},
		{"repeated field in a source", art, "---\ntitle: T\ndate: 2018\nsources:\n  - outlet: a\n    outlet: b\n---\n", []want{
			{Pos: art + ":6:5", Msg: `field "outlet" is repeated`},
		}},

		// types
		{"list where text is expected", art, "---\ntitle: [a, b]\ndate: 2018\n---\n", []want{
			{Pos: art + ":2:8", Msg: "expected text, found a list"},
		}},
		{"mapping where text is expected", stmt, "org: {id: o}\ndate: 2018\nquote: q\n", []want{
			{Pos: stmt + ":1:6", Msg: "expected text, found a mapping"},
		}},
		{"mapping in a list of text", ent, "name: N\nkind: bank\naliases: [a, {b: c}]\n", []want{
			{Pos: ent + ":3:14", Msg: "expected text, found a mapping"},
		}},
		{"draft: maybe", art, "---\ntitle: T\ndate: 2018\ndraft: maybe\n---\n", []want{
			{Pos: art + ":4:8", Msg: `expected true or false, found "maybe"`},
		}},
		{"paraphrase: yes is not a boolean", stmt, "org: o\ndate: 2018\nquote: q\nparaphrase: yes\n", []want{
			{Pos: stmt + ":4:13", Msg: `expected true or false, found "yes"`},
		}},
		{"draft as a list", page, "---\ntitle: T\ndraft: [true]\n---\n", []want{
			{Pos: page + ":3:8", Msg: "expected true or false, found a list"},
		}},
		{"page_size not a number", site, "title: T\npage_size: ten\n", []want{
			{Pos: site + ":2:12", Msg: `expected a whole number, found "ten"`},
			{Pos: site + ":2:12", Msg: "page_size must be at least 1"},
		}},
		{"page_size zero", site, "title: T\npage_size: 0\n", []want{
			{Pos: site + ":2:12", Msg: "page_size must be at least 1"},
		}},
		{"source is text", art, "---\ntitle: T\ndate: 2018\nsources: [wsj]\n---\n", []want{
			{Pos: art + ":4:11", Msg: `expected a source (a mapping), found "wsj"`},
		}},
		{"correction is text", art, "---\ntitle: T\ndate: 2018\ncorrections: oops\n---\n", []want{
			{Pos: art + ":4:14", Msg: `expected a correction (a mapping), found "oops"`},
		}},
		{"report is a list", stmt, "org: o\ndate: 2018\nquote: q\nreported_by: [[a]]\n", []want{
			{Pos: stmt + ":4:15", Msg: "expected a report (a mapping), found a list"},
		}},
		{"date is a list", stmt, "org: o\ndate: [2018]\nquote: q\n", []want{
			{Pos: stmt + ":2:7", Msg: "expected text, found a list"},
		}},
		{"alias where text is expected", stmt, "org: &o o\ndate: 2018\nquote: *o\n", []want{
			{Pos: stmt + ":3:8", Msg: "expected text, found an alias"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, diags := LoadFile(tt.path, []byte(tt.data))
			checkDiags(t, diags, tt.wants...)
		})
	}
}

func TestLoadFileNotContent(t *testing.T) {
	for _, p := range []string{"content/README.md", "content/articles/a.txt", "content/articles/.a.md.swp", "templates/a.md", "content/statements/s.yml"} {
		doc, diags := LoadFile(p, []byte("garbage: [\n"))
		if doc != (Doc{}) || diags != nil {
			t.Errorf("LoadFile(%q) = %+v, %v; want nothing", p, doc, diags)
		}
	}
}

func TestLoadArticle(t *testing.T) {
	src := "---\n" + // 1
		"title: Facebook asks big US banks for data # comment\n" + // 2
		"date: 2018-08-06\n" + // 3
		"updated: 2018-08-07T14:00:00Z\n" + // 4
		"summary: \"  One sentence.  \"\n" + // 5
		"authors: Newsroom staff\n" + // 6
		"tags: [privacy, banking]\n" + // 7
		"entities:\n" + // 8
		"  - facebook\n" + // 9
		"  - wells-fargo\n" + // 10
		"sources:\n" + // 11
		"  - outlet: wsj\n" + // 12
		"    title: Give Us Your Data\n" + // 13
		"    url: https://www.wsj.com/x\n" + // 14
		"    date: 2018-08\n" + // 15
		"corrections:\n" + // 16
		"  - date: 2018-08-07\n" + // 17
		"    text: Misspelled a name.\n" + // 18
		"draft: false\n" + // 19
		"---\n" + // 20
		"Body with [[wells-fargo]].\n" // 21
	doc, diags := LoadFile("content/articles/2018/facebook-banks.md", []byte(src))
	checkDiags(t, diags)
	a := doc.Article
	if a == nil || doc.Statement != nil || doc.Entity != nil || doc.Page != nil || doc.Site != nil {
		t.Fatalf("LoadFile returned %+v, want only an article", doc)
	}
	const file = "content/articles/2018/facebook-banks.md"
	if a.Slug != "facebook-banks" || a.File != file {
		t.Errorf("slug, file = %q, %q", a.Slug, a.File)
	}
	if a.Title != "Facebook asks big US banks for data" {
		t.Errorf("title = %q", a.Title)
	}
	if a.Date.Machine() != "2018-08-06" || a.Date.Precision != Day {
		t.Errorf("date = %v", a.Date)
	}
	if a.Updated.Precision != Instant || a.Updated.RFC3339() != "2018-08-07T14:00:00Z" {
		t.Errorf("updated = %v", a.Updated)
	}
	if a.Summary != "One sentence." {
		t.Errorf("summary = %q", a.Summary)
	}
	if !slices.Equal(a.Authors, []string{"Newsroom staff"}) {
		t.Errorf("authors = %q (a single value is a list of one)", a.Authors)
	}
	if len(a.Tags) != 2 || a.Tags[0].Name != "privacy" || a.Tags[0].Pos.String() != file+":7:8" ||
		a.Tags[1].Name != "banking" || a.Tags[1].Pos.String() != file+":7:17" {
		t.Errorf("tags = %+v", a.Tags)
	}
	// positions are file lines: the front matter starts on line 2
	wantRefs := []struct{ id, pos string }{{"facebook", file + ":9:5"}, {"wells-fargo", file + ":10:5"}}
	if len(a.Entities) != len(wantRefs) {
		t.Fatalf("entities = %+v", a.Entities)
	}
	for i, w := range wantRefs {
		if a.Entities[i].ID != w.id || a.Entities[i].Pos.String() != w.pos {
			t.Errorf("entities[%d] = %s at %s, want %s at %s", i, a.Entities[i].ID, a.Entities[i].Pos, w.id, w.pos)
		}
	}
	if len(a.Sources) != 1 {
		t.Fatalf("sources = %+v", a.Sources)
	}
	s := a.Sources[0]
	if s.Outlet.ID != "wsj" || s.Outlet.Pos.String() != file+":12:13" || s.Title != "Give Us Your Data" ||
		s.URL != "https://www.wsj.com/x" || s.Date.Human() != "August 2018" {
		t.Errorf("source = %+v", s)
	}
	if len(a.Corrections) != 1 || a.Corrections[0].Text != "Misspelled a name." || a.Corrections[0].Date.Machine() != "2018-08-07" {
		t.Errorf("corrections = %+v", a.Corrections)
	}
	if a.Draft {
		t.Error("draft = true")
	}
	if string(a.Body.Source) != "Body with [[wells-fargo]].\n" || a.Body.File != file || a.Body.StartLine != 21 || a.Body.StartCol != 1 {
		t.Errorf("body = %q from %s:%d:%d", a.Body.Source, a.Body.File, a.Body.StartLine, a.Body.StartCol)
	}
	if a.Hash != HashBytes([]byte(src)) || a.MetaHash == 0 || a.MetaHash == a.Hash {
		t.Errorf("hash = %x, meta hash = %x", a.Hash, a.MetaHash)
	}
}

func TestFrontMatterVariants(t *testing.T) {
	tests := []struct {
		name      string
		data      string
		title     string
		body      string
		bodyLine  int
		titleDiag string // position of a diagnostic on the title line, to check line numbers
	}{
		{"plain", "---\ntitle: T\ndate: 2018\n---\nB\n", "T", "B\n", 5, ""},
		{"CRLF", "---\r\ntitle: T\r\ndate: 2018\r\n---\r\nB\r\n", "T", "B\r\n", 5, ""},
		{"byte order mark", "\xef\xbb\xbf---\ntitle: T\ndate: 2018\n---\nB\n", "T", "B\n", 5, ""},
		{"trailing spaces on the fences", "--- \ntitle: T\ndate: 2018\n---\t\nB\n", "T", "B\n", 5, ""},
		{"closed with dots", "---\ntitle: T\ndate: 2018\n...\nB\n", "T", "B\n", 5, ""},
		{"no body", "---\ntitle: T\ndate: 2018\n---", "T", "", 5, ""},
		{"a horizontal rule in the body is the body's", "---\ntitle: T\ndate: 2018\n---\nA\n\n---\n\nB\n", "T", "A\n\n---\n\nB\n", 5, ""},
		{"blank lines in front matter", "---\n\n\ntitle: [x]\ndate: 2018\n---\nB\n", "", "B\n", 7, art + ":4:8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, diags := LoadFile(art, []byte(tt.data))
			if tt.titleDiag != "" {
				checkDiags(t, diags, want{Pos: tt.titleDiag, Msg: "expected text"})
			} else {
				checkDiags(t, diags)
			}
			a := doc.Article
			if a.Title != tt.title || string(a.Body.Source) != tt.body || a.Body.StartLine != tt.bodyLine {
				t.Errorf("title %q, body %q at line %d; want %q, %q at line %d", a.Title, a.Body.Source, a.Body.StartLine, tt.title, tt.body, tt.bodyLine)
			}
		})
	}
}

func TestMetaHashIgnoresBody(t *testing.T) {
	a1, _ := LoadFile(art, []byte("---\ntitle: T\ndate: 2018\n---\nOne\n"))
	a2, _ := LoadFile(art, []byte("---\ntitle: T\ndate: 2018\n---\nTwo\n"))
	a3, _ := LoadFile(art, []byte("---\ntitle: U\ndate: 2018\n---\nOne\n"))
	if a1.Article.MetaHash != a2.Article.MetaHash {
		t.Error("meta hash changed with the body")
	}
	if a1.Article.Hash == a2.Article.Hash {
		t.Error("hash did not change with the body")
	}
	if a1.Article.MetaHash == a3.Article.MetaHash {
		t.Error("meta hash did not change with the front matter")
	}
}

func TestLoadStatement(t *testing.T) {
	src := "org: us-bancorp\n" +
		"speaker: dana-ripley\n" +
		"role: chief communications officer\n" +
		"date: 2018-08-06\n" +
		"channel: email\n" +
		"quote: >-\n" +
		"  We haven't shared any\n" +
		"  customer information.\n" +
		"paraphrase: true\n" +
		"stance: denies\n" +
		"about: facebook\n" +
		"topics: [data-sharing, privacy]\n" +
		"reported_by:\n" +
		"  - outlet: pcmag\n" +
		"    url: https://www.pcmag.com/x\n" +
		"responds_to: wsj-report\n"
	const file = "content/statements/2018/usb-ripley-2018-08-06.yaml"
	doc, diags := LoadFile(file, []byte(src))
	checkDiags(t, diags)
	s := doc.Statement
	if s == nil {
		t.Fatal("no statement")
	}
	if s.ID != "usb-ripley-2018-08-06" || s.File != file {
		t.Errorf("id, file = %q, %q", s.ID, s.File)
	}
	if s.Org.ID != "us-bancorp" || s.Org.Pos.String() != file+":1:6" {
		t.Errorf("org = %+v", s.Org)
	}
	if s.Speaker.ID != "dana-ripley" || s.Speaker.Pos.String() != file+":2:10" {
		t.Errorf("speaker = %+v", s.Speaker)
	}
	if s.Role != "chief communications officer" || s.Channel != "email" || s.Stance != "denies" || !s.Paraphrase {
		t.Errorf("role %q channel %q stance %q paraphrase %v", s.Role, s.Channel, s.Stance, s.Paraphrase)
	}
	if s.Quote != "We haven't shared any customer information." {
		t.Errorf("quote = %q", s.Quote)
	}
	if s.Date.Human() != "6 August 2018" {
		t.Errorf("date = %q", s.Date.Human())
	}
	if len(s.About) != 1 || s.About[0].ID != "facebook" || s.About[0].Pos.String() != file+":11:8" {
		t.Errorf("about = %+v", s.About)
	}
	if len(s.Topics) != 2 || s.Topics[1].Name != "privacy" {
		t.Errorf("topics = %+v", s.Topics)
	}
	if len(s.ReportedBy) != 1 || s.ReportedBy[0].Outlet.ID != "pcmag" || s.ReportedBy[0].URL != "https://www.pcmag.com/x" ||
		s.ReportedBy[0].Outlet.Pos.String() != file+":14:13" {
		t.Errorf("reported_by = %+v", s.ReportedBy)
	}
	if s.RespondsTo.ID != "wsj-report" || s.RespondsTo.Pos.String() != file+":16:14" {
		t.Errorf("responds_to = %+v", s.RespondsTo)
	}
	if s.Hash != HashBytes([]byte(src)) {
		t.Error("hash is not the hash of the file")
	}
}

func TestLoadEntity(t *testing.T) {
	const file = "content/entities/dana-ripley.yaml"
	src := "name: Dana Ripley\nkind: person\naliases: [D. Ripley, Ripley]\nurl: mailto:press@usbank.com\n" +
		"org: us-bancorp\nrole: Chief communications officer\ndescription: Speaks for [[us-bancorp]].\n"
	doc, diags := LoadFile(file, []byte(src))
	checkDiags(t, diags)
	e := doc.Entity
	if e == nil {
		t.Fatal("no entity")
	}
	if e.ID != "dana-ripley" || e.Name != "Dana Ripley" || e.Kind != KindPerson || e.URL != "mailto:press@usbank.com" ||
		e.Role != "Chief communications officer" || !slices.Equal(e.Aliases, []string{"D. Ripley", "Ripley"}) {
		t.Errorf("entity = %+v", e)
	}
	if e.Org.ID != "us-bancorp" || e.Org.Pos.String() != file+":5:6" {
		t.Errorf("org = %+v", e.Org)
	}
	if string(e.Description.Source) != "Speaks for [[us-bancorp]]." || e.Description.File != file ||
		e.Description.StartLine != 7 || e.Description.StartCol != 14 {
		t.Errorf("description = %q at %d:%d", e.Description.Source, e.Description.StartLine, e.Description.StartCol)
	}
}

func TestDescriptionPosition(t *testing.T) {
	// StartLine and StartCol are where the first character of the text is.
	tests := []struct {
		name      string
		line      string
		text      string
		startLine int
		startCol  int
	}{
		{"plain", "description: See [[x]].\n", "See [[x]].", 3, 14},
		{"double-quoted", "description: \"See [[x]].\"\n", "See [[x]].", 3, 15},
		{"single-quoted", "description: 'See [[x]].'\n", "See [[x]].", 3, 15},
		// For block scalars only the line is checked: the column of the
		// indented text is not known (see the report on this limitation).
		{"literal block", "description: |\n  See [[x]].\n", "See [[x]].\n", 4, 0},
		{"folded block", "description: >\n  See [[x]].\n", "See [[x]].\n", 4, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, diags := LoadFile(ent, []byte("name: N\nkind: bank\n"+tt.line))
			checkDiags(t, diags)
			d := doc.Entity.Description
			if string(d.Source) != tt.text || d.StartLine != tt.startLine || tt.startCol != 0 && d.StartCol != tt.startCol || d.File != ent {
				t.Errorf("description %q at %d:%d, want %q at %d:%d", d.Source, d.StartLine, d.StartCol, tt.text, tt.startLine, tt.startCol)
			}
		})
	}
}

func TestLoadSite(t *testing.T) {
	doc, diags := LoadFile(site, []byte("title: Dossier\nbase_url: https://example.org/dossier/\nlanguage: de\nauthors: [A, B]\npage_size: 20\ndescription: d\n"))
	checkDiags(t, diags)
	s := doc.Site
	if s == nil || s.Title != "Dossier" || s.BaseURL != "https://example.org/dossier/" || s.Language != "de" ||
		!slices.Equal(s.Authors, []string{"A", "B"}) || s.PageSize != 20 || s.Description != "d" || s.Hash == 0 {
		t.Errorf("site = %+v", s)
	}
	doc, diags = LoadFile(site, []byte("title: T\n"))
	checkDiags(t, diags)
	if s := doc.Site; s.Language != "en" || s.BaseURL != "/" || s.PageSize != 50 {
		t.Errorf("defaults = %+v", s)
	}
	_, diags = LoadFile(site, []byte("title: T\nbase_url: /\n"))
	checkDiags(t, diags) // "/" is allowed: a site served from the root of any host
}

func TestLoadPage(t *testing.T) {
	doc, diags := LoadFile("content/pages/about/methodology.md", []byte("---\ntitle: Methodology\nsummary: How.\ndraft: true\n---\n# How\n"))
	checkDiags(t, diags)
	p := doc.Page
	if p == nil || p.Slug != "methodology" || p.Title != "Methodology" || p.Summary != "How." || !p.Draft ||
		string(p.Body.Source) != "# How\n" || p.Body.StartLine != 6 {
		t.Errorf("page = %+v", p)
	}
}

func TestKind(t *testing.T) {
	tests := map[string]string{
		"content/site.yaml":                   "site",
		"content/articles/a.md":               "article",
		"content/articles/2018/08/a.md":       "article",
		"content/pages/about.md":              "page",
		"content/statements/s.yaml":           "statement",
		"content/entities/e.yaml":             "entity",
		"content/entities/e.yml":              "",
		"content/articles/a.yaml":             "",
		"content/statements/s.md":             "",
		"content/README.md":                   "",
		"content/articles.md":                 "",
		"site.yaml":                           "",
		"templates/articles/a.md":             "",
		"content/articles/.a.md":              "",
		"content/articles/a.md~":              "",
		"content/articles/#a.md#":             "",
		"content/entities/.e.yaml.swp":        "",
		"content/other/site.yaml":             "",
		"content/articles/a.md.tmp":           "",
		"content/entities/e.yaml___jb_tmp___": "",
	}
	for p, want := range tests {
		if got := Kind(p); got != want {
			t.Errorf("Kind(%q) = %q, want %q", p, got, want)
		}
	}
}

func TestIgnored(t *testing.T) {
	for _, p := range []string{"a/.hidden", "a/b~", "a/#b#", "a/b.swp", "a/b.swx", "a/b.tmp", "a/b___jb_tmp___", "a/b___jb_old___", "a/4913"} {
		if !Ignored(p) {
			t.Errorf("Ignored(%q) = false", p)
		}
	}
	for _, p := range []string{"a/b.md", "a/b.yaml", "a/4914", "a/swp", "a/b.md.bak"} {
		if Ignored(p) {
			t.Errorf("Ignored(%q) = true", p)
		}
	}
}

func mapFS(files map[string]string) fstest.MapFS {
	fsys := fstest.MapFS{}
	for p, s := range files {
		fsys[p] = &fstest.MapFile{Data: []byte(s)}
	}
	return fsys
}

func TestLoadCorpus(t *testing.T) {
	fsys := mapFS(map[string]string{
		"content/site.yaml":              "title: Dossier\n",
		"content/articles/b.md":          "---\ntitle: B\ndate: 2018\n---\n",
		"content/articles/2017/a.md":     "---\ntitle: A\ndate: 2017\n---\n",
		"content/statements/s2.yaml":     "org: o\ndate: 2018\nquote: q\n",
		"content/statements/x/s1.yaml":   "org: o\ndate: 2018\nquote: q\n",
		"content/entities/o.yaml":        "name: O\nkind: bank\n",
		"content/pages/about.md":         "---\ntitle: About\n---\n",
		"content/README.md":              "notes",
		"content/articles/.draft.md.swp": "junk",
		"content/.git/config":            "junk",
		"content/articles/.hidden/x.md":  "junk",
		"templates/base.html":            "not content",
	})
	c, diags := Load(fsys)
	checkDiags(t, diags, want{Pos: "content/README.md", Msg: "not a content file, ignored", Warning: true})
	if c.Site.Title != "Dossier" {
		t.Errorf("site = %+v", c.Site)
	}
	var ids []string
	for _, a := range c.Articles {
		ids = append(ids, a.Slug)
	}
	for _, s := range c.Statements {
		ids = append(ids, s.ID)
	}
	for _, e := range c.Entities {
		ids = append(ids, e.ID)
	}
	for _, p := range c.Pages {
		ids = append(ids, p.Slug)
	}
	if want := []string{"a", "b", "s1", "s2", "o", "about"}; !slices.Equal(ids, want) {
		t.Errorf("corpus = %q, want %q (sorted by ID within each kind)", ids, want)
	}
}

func TestLoadMissingSite(t *testing.T) {
	_, diags := Load(mapFS(map[string]string{"content/entities/o.yaml": "name: O\nkind: bank\n"}))
	checkDiags(t, diags, want{Pos: SiteFile, Msg: "missing site settings file", Sugg: "title:"})

	_, diags = Load(fstest.MapFS{})
	if !diags.HasErrors() {
		t.Error("an empty file system loads without errors")
	}
}

func TestLoadCollectsEveryFilesErrors(t *testing.T) {
	fsys := mapFS(map[string]string{
		"content/site.yaml":         "titel: T\n",
		"content/articles/a.md":     "---\ntitle: T\ndate: Aug 2018\n---\n",
		"content/statements/s.yaml": "org: o\ndate: 2018\nquote: q\nchannel: emial\n",
		"content/entities/e.yaml":   "name: N\nkind: bnk\n",
		"content/pages/Bad Page.md": "---\ntitle: P\n---\n",
	})
	_, diags := Load(fsys)
	checkDiags(t, diags,
		want{Pos: SiteFile + ":1:1", Msg: `unknown field "titel"`, Sugg: `did you mean "title"?`},
		want{Pos: SiteFile + ":1:1", Msg: `missing required field "title"`},
		want{Pos: "content/articles/a.md:3:7", Msg: `invalid date "Aug 2018"`},
		want{Pos: "content/statements/s.yaml:4:10", Msg: `unknown channel "emial"`, Sugg: `"email"`},
		want{Pos: "content/entities/e.yaml:2:7", Msg: `unknown kind "bnk"`, Sugg: `"bank"`},
		want{Pos: "content/pages/Bad Page.md:1:1", Msg: `invalid ID "Bad Page"`, Sugg: `rename the file to "bad-page"`},
	)
}

func TestDuplicateIDs(t *testing.T) {
	// named at both files, each naming the other
	both := func(id, a, b string) []want {
		return []want{
			{Pos: a + ":1:1", Msg: b + ` also has the ID "` + id + `"`, Sugg: "rename one of the two"},
			{Pos: b + ":1:1", Msg: a + ` also has the ID "` + id + `"`, Sugg: "rename one of the two"},
		}
	}
	tests := []struct {
		name      string
		files     map[string]string
		wants     []want
		contested []string
	}{
		{"article and entity", map[string]string{
			"content/articles/2018/wells-fargo.md": "---\ntitle: T\ndate: 2018\n---\n",
			"content/entities/wells-fargo.yaml":    "name: Wells Fargo\nkind: bank\n",
		}, both("wells-fargo", "content/articles/2018/wells-fargo.md", "content/entities/wells-fargo.yaml"), []string{"wells-fargo"}},
		{"statement and entity", map[string]string{
			"content/statements/x.yaml": "org: o\ndate: 2018\nquote: q\n",
			"content/entities/x.yaml":   "name: X\nkind: bank\n",
		}, both("x", "content/entities/x.yaml", "content/statements/x.yaml"), []string{"x"}},
		{"two entities in different folders", map[string]string{
			"content/entities/banks/x.yaml":  "name: X\nkind: bank\n",
			"content/entities/people/x.yaml": "name: X\nkind: person\n",
		}, both("x", "content/entities/banks/x.yaml", "content/entities/people/x.yaml"), []string{"x"}},
		{"two pages", map[string]string{
			"content/pages/a/about.md": "---\ntitle: A\n---\n",
			"content/pages/b/about.md": "---\ntitle: B\n---\n",
		}, []want{{Pos: "content/pages/b/about.md:1:1", Msg: `page "about" is already defined by content/pages/a/about.md`}}, nil},
		{"a page may share an article's slug", map[string]string{
			"content/pages/about.md":    "---\ntitle: A\n---\n",
			"content/articles/about.md": "---\ntitle: B\ndate: 2018\n---\n",
		}, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := map[string]string{"content/site.yaml": "title: T\n"}
			for k, v := range tt.files {
				files[k] = v
			}
			c, diags := Load(mapFS(files))
			checkDiags(t, diags, tt.wants...)
			left := 0
			if len(tt.wants) > 0 {
				left = 1 // the second claimant
			}
			if n := len(c.Articles) + len(c.Statements) + len(c.Entities) + len(c.Pages); n != len(tt.files)-left {
				t.Errorf("corpus holds %d documents, want %d: the second claimant is left out", n, len(tt.files)-left)
			}
			if got := slices.Sorted(maps.Keys(c.Contested)); !slices.Equal(got, tt.contested) {
				t.Errorf("contested IDs %v, want %v", got, tt.contested)
			}
		})
	}
}

func TestAssemble(t *testing.T) {
	docs := []Doc{
		{Entity: &Entity{ID: "z", File: "content/entities/z.yaml"}},
		{Article: &Article{Slug: "m", File: "content/articles/m.md"}},
		{Statement: &Statement{ID: "b", File: "content/statements/b.yaml"}},
		{Entity: &Entity{ID: "a", File: "content/entities/a.yaml"}},
		{Site: &Site{Title: "S", PageSize: 7}},
		{Statement: &Statement{ID: "m", File: "content/statements/m.yaml"}},
		{Page: &Page{Slug: "p", File: "content/pages/p.md"}},
		{},
	}
	c, diags := Assemble(docs)
	checkDiags(t, diags,
		want{Pos: "content/statements/m.yaml:1:1", Msg: `content/articles/m.md also has the ID "m"`},
		want{Pos: "content/articles/m.md:1:1", Msg: `content/statements/m.yaml also has the ID "m"`})
	if c.Site.Title != "S" || c.Site.PageSize != 7 {
		t.Errorf("site = %+v", c.Site)
	}
	if len(c.Entities) != 2 || c.Entities[0].ID != "a" || c.Entities[1].ID != "z" {
		t.Errorf("entities not sorted: %+v", c.Entities)
	}
	if len(c.Statements) != 1 || c.Statements[0].ID != "b" || len(c.Articles) != 1 || len(c.Pages) != 1 {
		t.Errorf("corpus = %+v", c)
	}
	c, diags = Assemble(nil)
	checkDiags(t, diags)
	if c.Site.Language != "en" || c.Site.BaseURL != "/" || c.Site.PageSize != 50 {
		t.Errorf("default site = %+v", c.Site)
	}
}

func TestListFilesSorted(t *testing.T) {
	paths, diags := ListFiles(mapFS(map[string]string{
		"content/site.yaml":          "",
		"content/pages/z.md":         "",
		"content/articles/b/a.md":    "",
		"content/articles/a.md":      "",
		"content/entities/e.yaml":    "",
		"content/articles/notes.txt": "",
	}))
	checkDiags(t, diags, want{Pos: "content/articles/notes.txt", Msg: "not a content file", Warning: true})
	wantPaths := []string{"content/articles/a.md", "content/articles/b/a.md", "content/entities/e.yaml", "content/pages/z.md", "content/site.yaml"}
	if !slices.Equal(paths, wantPaths) {
		t.Errorf("paths = %q, want %q", paths, wantPaths)
	}
}

// FilesIn finds what ListFiles finds in one folder: content files at any
// depth, none in a hidden folder or outside content/.
func TestFilesInListsAFolderAsListFilesDoes(t *testing.T) {
	fsys := fstest.MapFS{
		"content/site.yaml":                      {Data: []byte("title: T\n")},
		"content/articles/a.md":                  {},
		"content/articles/x/b.md":                {},
		"content/articles/x/notes.txt":           {},
		"content/articles/x/.git/c.md":           {},
		"content/articles/.drafts/d.md":          {},
		"content/statements/s.yaml":              {},
		"templates/page.html":                    {},
		"content/articles/x/.hidden-file.md":     {},
		"content/articles/x/deeper/e.md":         {},
		"content/articles/x/deeper/.swap/f.md":   {},
		"content/articles/x/deeper/backup.md~":   {},
		"content/entities/.cache/entity.yaml":    {},
		"content/entities/bank/wells-fargo.yaml": {},
		"content/articles/old~/g.md":             {},
		"content/articles/#drafts/h.md":          {},
		"content/articles/x/notes.tmp/i.md":      {},
	}
	all, _ := ListFiles(fsys)
	for _, dir := range []string{"content", "content/articles", "content/articles/x", "content/articles/x/deeper", "content/entities"} {
		var want []string
		for _, p := range all {
			if strings.HasPrefix(p, dir+"/") {
				want = append(want, p)
			}
		}
		if got := FilesIn(fsys, dir); !slices.Equal(got, want) {
			t.Errorf("FilesIn(%s) = %q, want %q", dir, got, want)
		}
	}
	for _, p := range all {
		if InIgnored(p) || Kind(p) == "" && p != SiteFile {
			t.Errorf("ListFiles lists %s, in an ignored folder or no content", p)
		}
	}
	for _, p := range []string{"content/articles/old~/g.md", "content/articles/#drafts/h.md", "content/articles/x/notes.tmp/i.md", "content/articles/.drafts/d.md"} {
		if k := Kind(p); k != "" {
			t.Errorf("Kind(%s) = %q: a file in an ignored folder is none of the site's", p, k)
		}
	}
	for _, dir := range []string{"templates", "content/articles/.drafts", "content/articles/x/.git", "content/entities/.cache", "content/articles/x/deeper/.swap", "content/articles/old~", "content/articles/x/notes.tmp", "contentious"} {
		if got := FilesIn(fsys, dir); got != nil {
			t.Errorf("FilesIn(%s) = %q, want none", dir, got)
		}
	}
}

// HashBytes names a theme's files in the site's URLs, so it must give the
// same value in every process (a seeded hash would not), and tell apart
// bytes that differ by one bit anywhere.
func TestHashBytesIsStableAndTellsBytesApart(t *testing.T) {
	if got, want := HashBytes([]byte("Wells Fargo")), uint64(0x1e1ebea3b00c530b); got != want {
		t.Fatalf("HashBytes = %#x, want %#x as in every other process", got, want)
	}
	data := bytes.Repeat([]byte("statement "), 300)
	seen := map[uint64]int{HashBytes(data): -1}
	for i := range len(data) * 8 {
		flipped := bytes.Clone(data)
		flipped[i/8] ^= 1 << (i % 8)
		h := HashBytes(flipped)
		if j, ok := seen[h]; ok {
			t.Fatalf("bit %d and bit %d flipped hash alike", i, j)
		}
		seen[h] = i
	}
}

// A file in another encoding than UTF-8 gets one error at its first byte
// that is not UTF-8, and the rest of it loads as usual, so that nothing
// else fails because of it.
func TestNotUTF8(t *testing.T) {
	art, stmt, ent := "content/articles/a.md", "content/statements/s.yaml", "content/entities/e.yaml"
	doc, diags := LoadFile(art, []byte("---\ntitle: Caf\xe9\ndate: 2018\n---\nLa soci\xe9t\xe9 dit [[x]].\n"))
	checkDiags(t, diags, want{Pos: art + ":2:11", Msg: "byte 0xE9 is not UTF-8", Sugg: "save it as UTF-8"})
	if doc.Article == nil || doc.Article.Title != "Caf\uFFFD" || !strings.Contains(string(doc.Article.Body.Source), "soci\uFFFDt\uFFFD") {
		t.Errorf("article not loaded past the bad bytes: %+v", doc.Article)
	}
	doc, diags = LoadFile(stmt, []byte("org: o\ndate: 2018\nquote: Caf\xe9 ferm\xc3\xa9\n"))
	checkDiags(t, diags, want{Pos: stmt + ":3:11", Msg: "byte 0xE9 is not UTF-8"})
	if doc.Statement == nil || doc.Statement.Quote != "Caf\uFFFD fermé" {
		t.Errorf("statement quote = %+v", doc.Statement)
	}
	doc, diags = LoadFile(ent, []byte("\xef\xbb\xbfname: Soci\xe9t\xe9 G\xe9n\xe9rale\nkind: bank\n"))
	checkDiags(t, diags, want{Pos: ent + ":1:11", Msg: "byte 0xE9 is not UTF-8"}) // from after the byte order mark
	if doc.Entity == nil || doc.Entity.Kind != "bank" {
		t.Errorf("entity = %+v", doc.Entity)
	}
	// UTF-8, with a byte order mark or without, has no such error
	for _, data := range []string{"name: Société\nkind: bank\n", "\xef\xbb\xbfname: Société\nkind: bank\n"} {
		if _, diags := LoadFile(ent, []byte(data)); len(diags) != 0 {
			t.Errorf("%q: %v", data, diags)
		}
	}
}

// An empty file, or one written with a field and no value, is told as
// such: not as fields missing.
func TestEmptyFilesAndFields(t *testing.T) {
	art, stmt, ent := "content/articles/a.md", "content/statements/s.yaml", "content/entities/e.yaml"
	for _, tt := range []struct {
		file, data string
		wants      []want
	}{
		{ent, "", []want{{Pos: ent + ":1", Msg: "the entity file is empty", Sugg: "name: and kind:"}}},
		{stmt, "\n  \n", []want{{Pos: stmt + ":1", Msg: "the statement file is empty", Sugg: "org:, date: and quote:"}}},
		{art, "\xef\xbb\xbf", []want{{Pos: art + ":1", Msg: "the article file is empty", Sugg: "title: and date:"}}},
		{art, "---\ntitle:\ndate: 2018\n---\nx\n", []want{{Pos: art + ":2:1", Msg: `title is empty: the article needs one`}}},
		{stmt, "org: o\ndate:\nquote: ~\n", []want{
			{Pos: stmt + ":2:1", Msg: `date is empty: the statement needs one`},
			{Pos: stmt + ":3:1", Msg: `quote is empty: the statement needs one`},
		}},
		{ent, "kind: bank\nname:\n", []want{{Pos: ent + ":2:1", Msg: `name is empty: the entity needs one`}}},
		// a value that reads as the field's name is not its key
		{stmt, "org: date\ndate:\nquote: q\n", []want{{Pos: stmt + ":2:1", Msg: `date is empty: the statement needs one`}}},
	} {
		_, diags := LoadFile(tt.file, []byte(tt.data))
		checkDiags(t, diags, tt.wants...)
	}
}

// A quote left open is reported where it opens, not where the YAML parser
// stumbles after reading on past its line (the end of the file, or a line
// far below whose apostrophe closed it).
func TestUnclosedQuote(t *testing.T) {
	art, stmt, ent := "content/articles/a.md", "content/statements/s.yaml", "content/entities/e.yaml"
	for _, tt := range []struct {
		file, data string
		want       want
	}{
		{art, "---\ntitle: \"U.S. Bancorp answers\ndate: 2018-08\nsummary: It's here: now.\n---\nx\n", want{Pos: art + ":2:8", Msg: "this quote is not closed on its line", Sugg: "close it"}},
		{stmt, "org: \"us-bancorp\ndate: 2018\nquote: q\n", want{Pos: stmt + ":1:6", Msg: "this quote is not closed on its line"}},
		{ent, "name: 'Dana Ripley\nkind: person\n", want{Pos: ent + ":1:7", Msg: "this quote is not closed on its line"}},
		{ent, "name: Dana\naliases:\n  - \"D. R.\n  - Dana R\nkind: person\n", want{Pos: ent + ":3:5", Msg: "this quote is not closed on its line"}},
		// a quote in a block scalar's text is prose, not the fault
		{ent, "name: Wells Fargo\nkind: bank\ndescription: >-\n  The bank said: \"not actively\n  engaging in talks\" with Facebook.\naliases: [Wells Fargo & Company\n", want{Pos: ent + ":5", Msg: "invalid YAML: did not find expected"}}, // the line the parser names
		// columns count bytes, from after a byte order mark
		{ent, "\xef\xbb\xbfrôle: x\nname: \"Wells\nkind: bank\n", want{Pos: ent + ":2:7", Msg: "this quote is not closed on its line"}},
		{ent, "\xef\xbb\xbfnamé: \"Wells\nkind: bank\n", want{Pos: ent + ":1:8", Msg: "this quote is not closed on its line"}},
		// closed quotes, escaped or doubled, are not the fault
		{ent, "name: \"Dana \\\"D\\\" R\"\nrole: 'it''s'\nkind: [person\n", want{Pos: ent + ":2", Msg: "invalid YAML: did not find expected ',' or ']'"}},
	} {
		_, diags := LoadFile(tt.file, []byte(tt.data))
		checkDiags(t, diags, tt.want)
	}
}

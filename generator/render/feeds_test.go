package render

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/dossier-news/dossier/generator/corpus"
	"github.com/dossier-news/dossier/generator/corpus/corpustest"
	"github.com/dossier-news/dossier/generator/site"
)

// The site's feed reads the articles from the newest back only as far as
// late updates allow, and only the newest statements: it keeps the latest
// of all of them, with articles updated late, old and new, and statements
// that share their dates.
func TestSiteFeedLatestHoldsTheLatest(t *testing.T) {
	fsys := corpustest.FS(corpus.Options{Articles: 60, Entities: 20, Tags: 5, Seed: 9})
	// one article in seven updated, on a day of its own
	updated := 0
	for _, p := range slices.Sorted(maps.Keys(fsys)) {
		if strings.HasPrefix(p, "content/articles/") {
			if updated%7 == 0 {
				fsys[p].Data = []byte(strings.Replace(string(fsys[p].Data), "\ndate: ", fmt.Sprintf("\nupdated: 2031-01-%02d\ndate: ", 1+updated/7), 1))
			}
			updated++
		}
	}
	g := linkSite(t, fsys)
	if updated == 0 || len(g.Statements) <= 2*site.FeedSize {
		t.Fatalf("%d articles updated, %d statements: too few to test", updated, len(g.Statements))
	}
	all := append(asNodes(g.Articles), asNodes(g.Statements)...)
	want := site.Latest(all, site.FeedSize)
	if got := siteFeedLatest(g); !slices.Equal(got, want) {
		t.Errorf("the site's feed keeps %v, want %v", nodeIDs(got), nodeIDs(want))
	}
	statements := 0
	for _, n := range want {
		if _, ok := n.(*site.Statement); ok {
			statements++
		}
	}
	if statements == 0 || statements == len(want) {
		t.Errorf("the latest hold %d statements of %d: the test needs both kinds", statements, len(want))
	}
}

func nodeIDs(nodes []site.Node) []string {
	ids := make([]string, len(nodes))
	for i, n := range nodes {
		ids[i] = n.NodeID()
	}
	return ids
}

// marshalFeed is the feed as encoding/xml writes it, which the hand-written
// writer must match.
func marshalFeed(t testing.TB, f *atomFeed) string {
	var b bytes.Buffer
	b.WriteString(xml.Header)
	enc := xml.NewEncoder(&b)
	enc.Indent("", "  ")
	if err := enc.Encode(f); err != nil {
		t.Fatal(err)
	}
	b.WriteByte('\n')
	return b.String()
}

// The feed writer writes what encoding/xml marshals from the same feed:
// random feeds with and without each optional part, text with every
// character XML escapes, characters it cannot hold and invalid UTF-8.
func TestFeedWriterIsXMLMarshal(t *testing.T) {
	rng := rand.New(rand.NewPCG(8, 13))
	pieces := []string{"", "plain", " ", "a&b", "<p>x</p>", `"quoted"`, "it's", "tab\there", "line\nbreak", "cr\rlf",
		"\x00", "\x1f", "\x7f", "é", "—", "\u2028", "\uFFFD", "\uFFFE", "\U0001F600", "\xff", "\xe2\x82", "]]>", "&amp;"}
	text := func() string {
		var b strings.Builder
		for range rng.IntN(5) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		return b.String()
	}
	maybe := func() bool { return rng.IntN(2) == 0 }
	for round := range 500 {
		f := &atomFeed{Title: text(), ID: text(), Updated: text()}
		if maybe() {
			f.Sub = text()
		}
		for range rng.IntN(3) {
			f.Links = append(f.Links, atomLink{Href: text(), Rel: text(), Type: text()})
		}
		if maybe() {
			f.Author = &atomAuthor{Name: text()}
		}
		for range rng.IntN(4) {
			e := atomEntry{Title: text(), ID: text(), Updated: text(), Published: text(), Link: atomLink{Href: text(), Rel: text(), Type: text()}}
			if maybe() {
				e.Author = &atomAuthor{Name: text()}
			}
			if maybe() {
				e.Summary = &atomText{Type: text(), Body: text()}
			}
			if maybe() {
				e.Content = &atomText{Type: text(), Body: text()}
			}
			f.Entries = append(f.Entries, e)
		}
		var b bytes.Buffer
		f.write(&b)
		if got, want := b.String(), marshalFeed(t, f); got != want {
			t.Fatalf("round %d: wrote\n%s\nencoding/xml marshals\n%s", round, got, want)
		}
	}
}

// escapeXML escapes any string as encoding/xml does.
func FuzzEscapeXML(f *testing.F) {
	for _, s := range []string{"", "a&b<c>\"d'", "\t\n\r", "\x00\x7f\xff", "é\uFFFD\uFFFE\U0010FFFF", "\xed\xa0\x80"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var got bytes.Buffer
		escapeXML(&got, s)
		var want strings.Builder
		_ = xml.EscapeText(&want, []byte(s))
		if got.String() != want.String() {
			t.Errorf("escapeXML(%q) = %q, EscapeText writes %q", s, got.String(), want.String())
		}
	})
}

// A feed's HTML has absolute links and no text for screen readers only.
func TestFeedHTML(t *testing.T) {
	in := `<p><a class="ref" href="/news/entities/wsj/">WSJ</a> <img src="/news/static/m.png" alt=""> ` +
		`<a href="//other.example/x">x</a> <a href="https://a.example/">a</a> <a href="mailto:d@x.org">d</a> <a href="#top">top</a> ` +
		`<a href="../other/?a=1&amp;b=2#x">other</a> <a href="img.png">img</a> <a href="./">here</a> <a href="..">up</a> ` +
		`<a class="details" href="/news/statements/s/">Statement details<span class="visually-hidden">: Dana, August 2018</span></a></p>`
	want := `<p><a class="ref" href="https://example.org/news/entities/wsj/">WSJ</a> <img src="https://example.org/news/static/m.png" alt=""> ` +
		`<a href="//other.example/x">x</a> <a href="https://a.example/">a</a> <a href="mailto:d@x.org">d</a> <a href="https://example.org/news/articles/a/#top">top</a> ` +
		`<a href="https://example.org/news/articles/other/?a=1&amp;b=2#x">other</a> <a href="https://example.org/news/articles/a/img.png">img</a> ` +
		`<a href="https://example.org/news/articles/a/">here</a> <a href="https://example.org/news/articles/">up</a> ` +
		`<a class="details" href="https://example.org/news/statements/s/">Statement details</a></p>`
	if got := feedHTML(in, "https://example.org/news/articles/a/"); got != want {
		t.Errorf("feedHTML:\n%s\nwant:\n%s", got, want)
	}
	// without an absolute URL for the page the paths stay as written
	if got := feedHTML(`<a href="/x/">x</a>`, "/articles/a/"); got != `<a href="/x/">x</a>` {
		t.Errorf("feedHTML without origin = %s", got)
	}
}

package markdown

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"
	"unsafe"

	"github.com/dossier-news/dossier/generator/content"
	"github.com/dossier-news/dossier/generator/diag"
	"github.com/dossier-news/dossier/generator/diag/diagtest"
)

const file = "content/articles/a.md"

type want = diagtest.Want

func checkDiags(t *testing.T, got diag.List, wants ...want) {
	t.Helper()
	diagtest.Check(t, got, wants...)
}

// md is Markdown as an article body starting on line 10 of the file.
func md(s string) content.Markdown {
	return content.Markdown{Source: []byte(s), File: file, StartLine: 10, StartCol: 1}
}

// splice fills each hole with a visible marker naming the reference.
func splice(b Body) string {
	return string(b.HTML(func(i int, r Reference) string {
		if r.Embed {
			return fmt.Sprintf("{embed %d:%s}", i, r.ID)
		}
		return fmt.Sprintf("{%d:%s|%s}", i, r.ID, r.Label)
	}))
}

// checkBody checks what holds for every converted body: one more chunk than
// references, and no hole marker left in the HTML.
func checkBody(t *testing.T, b Body) {
	t.Helper()
	if len(b.Chunks) != len(b.Refs)+1 {
		t.Errorf("%d chunks for %d references: %q", len(b.Chunks), len(b.Refs), b.Chunks)
	}
	for i, c := range b.Chunks {
		if strings.IndexByte(c, Hole) >= 0 {
			t.Errorf("chunk %d holds a hole marker: %q", i, c)
		}
	}
}

type ref struct {
	id, label string
	embed     bool
	pos       string
}

func TestConvertReferences(t *testing.T) {
	tests := []struct {
		name  string
		src   string
		refs  []ref
		html  string
		wants []want
	}{
		{"link by ID", "See [[wells-fargo]].\n",
			[]ref{{"wells-fargo", "", false, file + ":10:5"}},
			"<p>See {0:wells-fargo|}.</p>\n", nil},
		{"link with a label", "See [[wells-fargo|the bank]] now.\n",
			[]ref{{"wells-fargo", "the bank", false, file + ":10:5"}},
			"<p>See {0:wells-fargo|the bank} now.</p>\n", nil},
		{"spaces around ID and label are trimmed", "[[ wells-fargo | the bank ]]\n",
			[]ref{{"wells-fargo", "the bank", false, file + ":10:1"}},
			"<p>{0:wells-fargo|the bank}</p>\n", nil},
		{"several, in order, over several lines", "A [[a]] and [[b|B]],\nthen [[c]].\n\n- item [[d]]\n",
			[]ref{{"a", "", false, file + ":10:3"}, {"b", "B", false, file + ":10:13"}, {"c", "", false, file + ":11:6"}, {"d", "", false, file + ":13:8"}},
			"<p>A {0:a|} and {1:b|B},\nthen {2:c|}.</p>\n<ul>\n<li>item {3:d|}</li>\n</ul>\n", nil},
		{"the same ID twice is two references", "[[a]] [[a]]\n",
			[]ref{{"a", "", false, file + ":10:1"}, {"a", "", false, file + ":10:7"}},
			"<p>{0:a|} {1:a|}</p>\n", nil},
		{"in emphasis and a heading", "# On [[a]]\n\n*see [[b]]*\n",
			[]ref{{"a", "", false, file + ":10:6"}, {"b", "", false, file + ":12:6"}},
			"<h1 id=\"on-a\">On {0:a|}</h1>\n<p><em>see {1:b|}</em></p>\n", nil},
		{"in a table, with an escaped pipe", "| who |\n|---|\n| [[a\\|A]] |\n",
			[]ref{{"a", "A", false, file + ":12:3"}},
			"<table>\n<thead>\n<tr>\n<th>who</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td>{0:a|A}</td>\n</tr>\n</tbody>\n</table>\n", nil},

		// embeds
		{"paragraph-level embed", "Before.\n\n![[usb-ripley-2018-08-06]]\n\nAfter.\n",
			[]ref{{"usb-ripley-2018-08-06", "", true, file + ":12:1"}},
			"<p>Before.</p>\n{embed 0:usb-ripley-2018-08-06}\n<p>After.</p>\n", nil},
		{"embed alone, without a final newline", "![[s]]",
			[]ref{{"s", "", true, file + ":10:1"}},
			"{embed 0:s}\n", nil},
		{"embed with trailing spaces", "![[s]]  \n",
			[]ref{{"s", "", true, file + ":10:1"}},
			"{embed 0:s}\n", nil},
		{"embed indented by three spaces", "   ![[s]]\n",
			[]ref{{"s", "", true, file + ":10:4"}},
			"{embed 0:s}\n", nil},
		{"embed in a block quote", "> ![[s]]\n",
			[]ref{{"s", "", true, file + ":10:3"}},
			"<blockquote>\n{embed 0:s}\n</blockquote>\n", nil},
		{"embed and links", "[[a]]\n\n![[s]]\n\n[[b]]\n",
			[]ref{{"a", "", false, file + ":10:1"}, {"s", "", true, file + ":12:1"}, {"b", "", false, file + ":14:1"}},
			"<p>{0:a|}</p>\n{embed 1:s}\n<p>{2:b|}</p>\n", nil},
		{"inline embed is an error", "He said ![[s]] today.\n",
			[]ref{{"s", "", false, file + ":10:9"}},
			"<p>He said {0:s|} today.</p>\n",
			[]want{{Pos: file + ":10:9", Msg: "![[s]] must stand alone in its paragraph", Sugg: "write [[s]] to link"}}},
		{"embed on the line after text is inline", "He said:\n![[s]]\n",
			[]ref{{"s", "", false, file + ":11:1"}},
			"<p>He said:\n{0:s|}</p>\n",
			[]want{{Pos: file + ":11:1", Msg: "![[s]] must stand alone in its paragraph"}}},
		{"embed with a label is an error", "![[s|the quote]]\n",
			[]ref{{"s", "the quote", false, file + ":10:1"}},
			"<p>{0:s|the quote}</p>\n",
			[]want{{Pos: file + ":10:1", Msg: "![[s|the quote]]: an embed takes no label", Sugg: "write ![[s]]"}}},

		// not references
		{"code span", "Write `[[id]]` to link.\n", nil, "<p>Write <code>[[id]]</code> to link.</p>\n", nil},
		{"fenced code", "```\n[[id]] and ![[s]]\n```\n", nil, "<pre><code>[[id]] and ![[s]]\n</code></pre>\n", nil},
		{"indented code", "    ![[s]]\n", nil, "<pre><code>![[s]]\n</code></pre>\n", nil},
		{"escaped bracket", "Not \\[[x]] a link.\n", nil, "<p>Not [[x]] a link.</p>\n", nil},
		{"unclosed", "[[x and more\n", nil, "<p>[[x and more</p>\n", nil},
		{"closed on the next line", "[[x\n]]\n", nil, "<p>[[x\n]]</p>\n", nil},
		{"single brackets are a Markdown link", "[x](/y)\n", nil, "<p><a href=\"/y\">x</a></p>\n", nil},
		{"in a URL", "https://x.org/[[a]]\n", nil, "<p><a href=\"https://x.org/%5B%5Ba%5D%5D\">https://x.org/[[a]]</a></p>\n", nil},

		// invalid IDs
		{"invalid ID with suggestion", "See [[Bad Id]].\n",
			[]ref{{"Bad Id", "", false, file + ":10:5"}}, "<p>See {0:Bad Id|}.</p>\n",
			[]want{{Pos: file + ":10:5", Msg: "invalid reference [[Bad Id]]: IDs are lower-case letters", Sugg: "did you mean [[bad-id]]?"}}},
		{"invalid ID with underscore", "[[Wells_Fargo|WF]]\n",
			[]ref{{"Wells_Fargo", "WF", false, file + ":10:1"}}, "<p>{0:Wells_Fargo|WF}</p>\n",
			[]want{{Pos: file + ":10:1", Msg: "invalid reference [[Wells_Fargo]]", Sugg: "did you mean [[wells-fargo]]?"}}},
		{"invalid embed ID", "![[S1]]\n",
			[]ref{{"S1", "", true, file + ":10:1"}}, "{embed 0:S1}\n",
			[]want{{Pos: file + ":10:1", Msg: "invalid reference [[S1]]", Sugg: "[[s1]]"}}},
		{"empty reference", "x [[]] y\n",
			[]ref{{"", "", false, file + ":10:3"}}, "<p>x {0:|} y</p>\n",
			[]want{{Pos: file + ":10:3", Msg: "invalid reference [[]]"}}},

		// references with no place in the HTML
		{"in an image description", "![logo [[a]]](/logo.png) and [[b]]\n",
			[]ref{{"b", "", false, file + ":10:30"}},
			"<p><img src=\"/logo.png\" alt=\"logo \"> and {0:b|}</p>\n",
			[]want{{Pos: file + ":10:8", Msg: "[[a]] cannot be inside a link or an image description"}}},
		{"in a link", "[see [[a]]](/x) and [[b]]\n",
			[]ref{{"b", "", false, file + ":10:21"}},
			"<p><a href=\"/x\">see </a> and {0:b|}</p>\n",
			[]want{{Pos: file + ":10:6", Msg: "[[a]] cannot be inside a link"}}},
	}
	conv := New()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body, diags := conv.Convert(md(tt.src))
			checkDiags(t, diags, tt.wants...)
			checkBody(t, body)
			if len(body.Refs) != len(tt.refs) {
				t.Fatalf("refs = %+v, want %+v", body.Refs, tt.refs)
			}
			for i, w := range tt.refs {
				r := body.Refs[i]
				if r.ID != w.id || r.Label != w.label || r.Embed != w.embed || r.At(file).String() != w.pos {
					t.Errorf("refs[%d] = {%q %q %v %s}, want {%q %q %v %s}", i, r.ID, r.Label, r.Embed, r.At(file), w.id, w.label, w.embed, w.pos)
				}
			}
			if got := splice(body); got != tt.html {
				t.Errorf("HTML =\n%q\nwant\n%q", got, tt.html)
			}
		})
	}
}

func TestPositionsUseStartLineAndCol(t *testing.T) {
	// A description: "description: See [[a]]." starts at column 14 of line
	// 7; lines after the first start at column 1.
	src := content.Markdown{Source: []byte("See [[a]] and [x](javascript:y).\n\n[[b]] <b>\n"), File: "content/entities/e.yaml", StartLine: 7, StartCol: 14}
	body, diags := New().Convert(src)
	checkDiags(t, diags,
		want{Pos: "content/entities/e.yaml:7:28", Msg: `link "javascript:y" is refused`},
		want{Pos: "content/entities/e.yaml:9:7", Msg: "raw HTML", Warning: true},
	)
	if len(body.Refs) != 2 || body.Refs[0].At(src.File).String() != "content/entities/e.yaml:7:18" || body.Refs[1].At(src.File).String() != "content/entities/e.yaml:9:1" {
		t.Errorf("refs = %+v", body.Refs)
	}

	// An article body after a front matter of three lines.
	body, _ = New().Convert(content.Markdown{Source: []byte("\n\n  x [[a]]\n"), File: file, StartLine: 5, StartCol: 1})
	if len(body.Refs) != 1 || body.Refs[0].At(file) != (diag.Pos{File: file, Line: 7, Col: 5}) {
		t.Errorf("refs = %+v", body.Refs)
	}
}

func TestLinks(t *testing.T) {
	tests := []struct {
		name  string
		src   string
		wants []want
	}{
		{"javascript link", "Click [here](javascript:alert(1)).\n",
			[]want{{Pos: file + ":10:7", Msg: `link "javascript:alert(1)" is refused: only http, https, mailto and site-relative links`}}},
		{"mixed-case javascript", "[x](JavaScript:alert(1))\n", []want{{Pos: file + ":10:1", Msg: "is refused"}}},
		{"vbscript link", "a\n[x](vbscript:msgbox)\n", []want{{Pos: file + ":11:1", Msg: `link "vbscript:msgbox" is refused`}}},
		{"data link", "[x](data:text/html;base64,PHNjcmlwdD4=)\n", []want{{Pos: file + ":10:1", Msg: `link "data:text/html;base64,PHNjcmlwdD4=" is refused`}}},
		{"file link", "[x](file:///etc/passwd)\n", []want{{Pos: file + ":10:1", Msg: "is refused"}}},
		{"javascript autolink", "see <javascript:alert(1)>\n", []want{{Pos: file + ":10:5", Msg: `link "javascript:alert(1)" is refused`}}},
		{"javascript in a link reference definition", "[x][evil]\n\n[evil]: javascript:alert(1)\n", []want{{Pos: file + ":10:1", Msg: "is refused"}}},
		{"javascript with spaces", "[x](<  javascript:alert(1)>)\n", []want{{Pos: file + ":10:1", Msg: "is refused"}}},
		{"external image", "![chart](https://cdn.example.com/c.png)\n",
			[]want{{Pos: file + ":10:1", Msg: `image "https://cdn.example.com/c.png" is on another host`, Sugg: "templates/static/"}}},
		{"scheme-relative image", "x ![c](//cdn.example.com/c.png)\n", []want{{Pos: file + ":10:3", Msg: "is on another host"}}},
		{"data image", "![c](data:image/png;base64,iVBO)\n", []want{{Pos: file + ":10:1", Msg: `image "data:image/png;base64,iVBO" is inline data`}}},
		{"entity-encoded javascript", "[x](&#106;avascript&#58;alert(1))\n", []want{{Pos: file + ":10:1", Msg: `link "javascript:alert(1)" is refused`}}},
		{"entity-encoded scheme-relative image", "![x](&#47;&#47;evil.example/p.png)\n", []want{{Pos: file + ":10:1", Msg: "is on another host"}}},
		{"escaped scheme-relative image", "![x](\\/\\/evil.example/p.png)\n", []want{{Pos: file + ":10:1", Msg: "is on another host"}}},
		{"allowed links", "[a](https://x.org) [b](http://x.org/p?q#f) [c](mailto:a@b.org) [d](/about/) [e](#notes) [f](../x/) <https://x.org> www.x.org\n", nil},
		{"local image", "![c](/static/c.png) ![d](img/d.png)\n", nil},
	}
	conv := New()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body, diags := conv.Convert(md(tt.src))
			checkDiags(t, diags, tt.wants...)
			checkBody(t, body)
			html := strings.ToLower(splice(body))
			for _, bad := range []string{`href="javascript`, `href="vbscript`, `href="data:`, `href="file:`, `href="  javascript`} {
				if strings.Contains(html, bad) {
					t.Errorf("dangerous URL in HTML: %s", html)
				}
			}
		})
	}
}

func TestRawHTMLNotPassedThrough(t *testing.T) {
	src := "Some <b>bold</b> text.\n\n<script>alert(1)</script>\n\n<div onclick=\"x()\">\nblock\n</div>\n\n<img src=x onerror=alert(1)>\n"
	body, diags := New().Convert(md(src))
	checkDiags(t, diags,
		want{Pos: file + ":10:6", Msg: "raw HTML is not passed through", Warning: true},
		want{Pos: file + ":10:13", Msg: "raw HTML", Warning: true},
		want{Pos: file + ":12:1", Msg: "raw HTML", Warning: true},
		want{Pos: file + ":14:1", Msg: "raw HTML", Warning: true},
		want{Pos: file + ":18:1", Msg: "raw HTML", Warning: true},
	)
	if diags.HasErrors() {
		t.Error("raw HTML is an error, want a warning")
	}
	html := splice(body)
	for _, bad := range []string{"<b>", "</b>", "<script", "alert(1)</script>", "<div", "onclick", "onerror", "<img"} {
		if strings.Contains(html, bad) {
			t.Errorf("HTML contains %q: %s", bad, html)
		}
	}
	if !strings.Contains(html, "bold") {
		t.Errorf("text around raw HTML lost: %s", html)
	}
}

func TestEscapedHTMLIsText(t *testing.T) {
	body, diags := New().Convert(md("`<script>` and \\<b>\n"))
	checkDiags(t, diags)
	if got, want := splice(body), "<p><code>&lt;script&gt;</code> and &lt;b&gt;</p>\n"; got != want {
		t.Errorf("HTML = %q, want %q", got, want)
	}
}

func TestNULCannotForgeHoles(t *testing.T) {
	tests := []string{
		"a \x000\x00 b [[x]]\n",
		"\x001\x00[[x]]\x000\x00\n",
		"`\x000\x00` [[x]]\n",
		"```\n\x000\x00\n```\n\n[[x]]\n",
		"[l](/a\x000\x00) [[x]]\n",
		"&#0;0&#0; &#x0;0&#x0; [[x]]\n",
		"%00 0 %00 [[x]]\n",
		"[[x\x00]] [[x]]\n",
	}
	conv := New()
	for _, src := range tests {
		body, _ := conv.Convert(md(src))
		checkBody(t, body)
		valid := 0
		for _, r := range body.Refs {
			if r.ID == "x" {
				valid++
			}
		}
		if valid != 1 {
			t.Errorf("%q: refs = %+v, want one [[x]]", src, body.Refs)
		}
		html := string(body.HTML(func(i int, r Reference) string { return "<R" + r.ID + ">" }))
		if strings.IndexByte(html, 0) >= 0 {
			t.Errorf("%q: NUL in HTML %q", src, html)
		}
		if strings.Count(html, "<R") != len(body.Refs) {
			t.Errorf("%q: HTML %q has not exactly one splice per reference", src, html)
		}
		text := body.PlainText(func(i int, r Reference) string { return "<R" + r.ID + ">" })
		if strings.IndexByte(text, 0) >= 0 {
			t.Errorf("%q: NUL in text %q", src, text)
		}
		if strings.Count(text, "<R") != len(body.Refs) {
			t.Errorf("%q: text %q has not exactly one name per reference", src, text)
		}
	}
}

func TestBodyHTML(t *testing.T) {
	b := Body{Chunks: []string{"<p>A ", " B ", " C</p>"}, Refs: []Reference{{ID: "x"}, {ID: "y", Embed: true}}}
	var seen []string
	got := b.HTML(func(i int, r Reference) string {
		seen = append(seen, fmt.Sprint(i, r.ID, r.Embed))
		return "[" + r.ID + "]"
	})
	if got != "<p>A [x] B [y] C</p>" {
		t.Errorf("HTML = %q", got)
	}
	if strings.Join(seen, ",") != "0xfalse,1ytrue" {
		t.Errorf("resolve called with %v", seen)
	}
	called := false
	if got := (Body{Chunks: []string{"<p>only</p>"}}).HTML(func(int, Reference) string { called = true; return "" }); got != "<p>only</p>" || called {
		t.Errorf("no refs: HTML = %q, resolve called %v", got, called)
	}
	if got := (Body{}).HTML(nil); got != "" {
		t.Errorf("zero body: %q", got)
	}
}

func TestBodyText(t *testing.T) {
	tests := []struct {
		src  string
		text string
	}{
		{"# Title\n\nSome *emphasis* and **strong** text.\n", "Title Some emphasis and strong text."},
		{"Line one\nline two.\n\nNext paragraph.\n", "Line one line two. Next paragraph."},
		{"See [[wells-fargo]] and [[us-bancorp|the bank]].\n", "See wells fargo and the bank."},
		{"Quote:\n\n![[usb-ripley-2018-08-06]]\n\nEnd.\n", "Quote: End."},
		{"A [link](https://x.org) and ![an image](/i.png).\n", "A link and an image."},
		{"Visit www.example.org or <https://x.org/a>.\n", "Visit www.example.org or https://x.org/a."},
		{"Escaped \\*stars\\* and \\[[x]] and AT&amp;T &copy; &#169;\n", "Escaped *stars* and [[x]] and AT&T © ©"},
		{"Code `a\\*b &amp;` stays.\n", "Code a\\*b &amp; stays."},
		{"```\ncode block\n```\n", "code block"},
		{"<b>raw</b> text\n\n<script>alert(1)</script>\n", "raw text"},
		{"- one\n- two\n\n> quoted\n", "one two quoted"},
		{"| a | b |\n|---|---|\n| 1 | 2 |\n", "a b 1 2"},
		{"", ""},
	}
	conv := New()
	for _, tt := range tests {
		body, _ := conv.Convert(md(tt.src))
		// references show as their label, or here their ID in words; the
		// renderer passes the target's name
		text := body.PlainText(func(i int, r Reference) string {
			if r.Label != "" {
				return r.Label
			}
			return strings.ReplaceAll(r.ID, "-", " ")
		})
		if text != tt.text {
			t.Errorf("PlainText of %q = %q, want %q", tt.src, text, tt.text)
		}
		if strings.ContainsAny(text, "<>") && !strings.Contains(tt.text, "<") {
			t.Errorf("PlainText of %q holds markup: %q", tt.src, text)
		}
	}
}

// TestBodyTextIsBounded: a long body keeps the start of its text, at least
// TextLimit bytes of it, with references whole.
func TestBodyTextIsBounded(t *testing.T) {
	var src strings.Builder
	for i := range 400 {
		fmt.Fprintf(&src, "Word%d é [[ref-%d]] ", i, i%7)
	}
	body, _ := New().Convert(md(src.String()))
	name := func(i int, r Reference) string { return "<" + r.ID + ">" }
	text := body.PlainText(name)
	if plain := len(strings.Join(strings.FieldsFunc(text, func(r rune) bool { return r == '<' || r == '>' }), "")); plain < TextLimit/2 {
		t.Fatalf("kept only %d bytes of text: %q", plain, text)
	}
	if len(body.Text) > 2*TextLimit {
		t.Errorf("Text holds %d bytes, want about %d", len(body.Text), TextLimit)
	}
	if !utf8.ValidString(text) || strings.IndexByte(text, Hole) >= 0 {
		t.Errorf("text cut inside a character or a hole: %q", text[len(text)-20:])
	}
	want := "Word0 é <ref-0> Word1 é <ref-1> Word2"
	if !strings.HasPrefix(text, want) {
		t.Errorf("text starts %q, want %q", text[:len(want)], want)
	}
	if got := body.PlainTextPrefix(600, name); !strings.HasPrefix(text, got) || len(got) < 600 {
		t.Errorf("PlainTextPrefix(600) = %d bytes, not a prefix of PlainText", len(got))
	}
}

func TestTruncateText(t *testing.T) {
	h := string(Hole)
	tests := []struct {
		text  string
		limit int
		want  string
	}{
		{"abcdef", 10, "abcdef"},
		{"abcdef", 3, "abc"},
		{"ab" + h + "0" + h + "cdef", 3, "ab" + h + "0" + h + "c"},
		{"ab" + h + "12" + h, 2, "ab" + h + "12" + h},
		{"aé", 2, "a"}, // é is two bytes: not cut in half
		{"", 5, ""},
	}
	for _, tt := range tests {
		if got := truncateText(tt.text, tt.limit); got != tt.want {
			t.Errorf("truncateText(%q, %d) = %q, want %q", tt.text, tt.limit, got, tt.want)
		}
	}
}

func TestConvertDoesNotChangeItsInput(t *testing.T) {
	src := []byte("a \x00 [[x]]\n")
	orig := string(src)
	New().Convert(md(string(src)))
	m := md("")
	m.Source = src
	New().Convert(m)
	if string(src) != orig {
		t.Errorf("source changed to %q", src)
	}
}

func TestConvertConcurrently(t *testing.T) {
	conv := New()
	var wg sync.WaitGroup
	for i := range 16 {
		wg.Go(func() {
			src := fmt.Sprintf("Doc %d: [[a-%d]] and [[b|B]].\n\n![[s-%d]]\n", i, i, i)
			body, diags := conv.Convert(md(src))
			if len(diags) != 0 || len(body.Refs) != 3 || body.Refs[0].ID != fmt.Sprintf("a-%d", i) || !body.Refs[2].Embed {
				t.Errorf("doc %d: refs %+v, diags %v", i, body.Refs, diags)
			}
		})
	}
	wg.Wait()
}

func TestHeadingsAvoidThemeIDs(t *testing.T) {
	body, _ := New().Convert(md("## Main\n\n## Main\n\n## Search q\n"))
	html := splice(body)
	for _, want := range []string{`<h2 id="main-1">Main</h2>`, `<h2 id="main-2">Main</h2>`, `<h2 id="search-q-1">Search q</h2>`} {
		if !strings.Contains(html, want) {
			t.Errorf("%q lacks %s", html, want)
		}
	}
}

// TestPlainTextMatchesFieldsJoined checks the streaming collector against
// its definition: the whole text with strings.Fields joined by spaces, then
// cut by truncateText. Random pieces of text, white space of every kind,
// invalid bytes and holes, of lengths around the limit.
func TestPlainTextMatchesFieldsJoined(t *testing.T) {
	pieces := []string{"a", "word", "é", "日本", " ", "  ", "\t", "\n", "\u00a0", "\u2003", "\u0085", "\xff", "x\xe2\x82", ".", "Zoë"}
	rng := rand.New(rand.NewPCG(1, 2))
	for round := range 2000 {
		limit := 1 + rng.IntN(40)
		p := plainText{limit: limit}
		var whole strings.Builder
		for range rng.IntN(60) {
			switch k := rng.IntN(10); {
			case k == 0:
				i := rng.IntN(30)
				p.hole(i)
				// holes are whole words of the text
				fmt.Fprintf(&whole, "%c%d%c", Hole, i, Hole)
			case k == 1:
				p.space()
				whole.WriteByte(' ')
			default:
				s := pieces[rng.IntN(len(pieces))]
				p.WriteString(s)
				whole.WriteString(s)
			}
		}
		want := truncateText(strings.Join(strings.Fields(whole.String()), " "), limit)
		if got := truncateText(string(p.text), limit); got != want {
			t.Fatalf("round %d, limit %d: got %q, want %q (from %q)", round, limit, got, want, whole.String())
		}
	}
}

// Two bodies refer alike when their references name the same documents
// with the same labels, embedded or not, in the same order; prose and
// positions do not count.
func TestSameReferences(t *testing.T) {
	base := "See [[wells-fargo]] and [[wsj|the paper]].\n\n![[wf-obyrne]]\n"
	for _, c := range []struct {
		other string
		same  bool
	}{
		{"Other words first.\n\n" + base, true},
		{"See [[wells-fargo]] and [[wsj|the Journal]].\n\n![[wf-obyrne]]\n", false},
		{"See [[wells-fargo]] and [[wsj|the paper]].\n\nAlso [[wf-obyrne]].\n", false},
		{"See [[wsj|the paper]] and [[wells-fargo]].\n\n![[wf-obyrne]]\n", false},
		{"See [[wells-fargo]] and [[wsj|the paper]].\n", false},
	} {
		a, _ := New().Convert(md(base))
		b, _ := New().Convert(md(c.other))
		if got := a.SameReferences(b); got != c.same {
			t.Errorf("%q against %q: SameReferences = %v, want %v", base, c.other, got, c.same)
		}
	}
}

// A body's references are kept to the end of a build, 300,000 of them at
// 10,000 articles: each holds no file name of its own.
func TestReferencesStaySmall(t *testing.T) {
	if size := unsafe.Sizeof(Reference{}); size > 48 {
		t.Errorf("a Reference takes %d bytes, want at most 48", size)
	}
}

// A reference in a YAML scalar is reported where the editor wrote it, in
// every style of scalar: folded and plain ones join their lines with
// spaces, block ones leave out their indentation, quoted ones their escapes.
func TestReferencePositionsInYAMLScalars(t *testing.T) {
	const file = "content/entities/acme.yaml" // an entity, whose description is a scalar
	for _, tt := range []struct {
		name, yaml string
		want       []string // line:col of each reference, in order
	}{
		{"plain, one line", "name: A\nkind: bank\ndescription: Covers [[x]] and [[y]].\n", []string{"3:21", "3:31"}},
		{"plain, two lines", "name: A\nkind: bank\ndescription: Covers [[x]]\n  and then [[y]].\n", []string{"3:21", "4:12"}},
		{"folded", "name: A\nkind: bank\ndescription: >-\n  First line with [[x]].\n  Second line, [[y]] here.\n\n  After a blank [[z]].\n", []string{"4:19", "5:16", "7:17"}},
		{"literal", "name: A\nkind: bank\ndescription: |\n    Indented four [[x]].\n    And [[y]].\n", []string{"4:19", "5:9"}},
		{"folded, one line", "name: A\nkind: bank\ndescription: >-\n  Covers [[x]].\n", []string{"4:10"}},
		{"literal, one line", "name: A\nkind: bank\ndescription: |\n    Covers [[x]].\n", []string{"4:12"}},
		{"double-quoted with escapes", "name: A\nkind: bank\ndescription: \"He said \\\"hi\\\" to [[x]]\"\n", []string{"3:33"}},
		{"single-quoted with a quote", "name: A\nkind: bank\ndescription: 'It''s [[x]]'\n", []string{"3:21"}},
		{"CRLF folded", "name: A\r\nkind: bank\r\ndescription: >\r\n  One [[x]]\r\n  two [[y]]\r\n", []string{"4:7", "5:7"}},
		{"non-ASCII before", "name: A\nkind: bank\ndescription: >-\n  Café — “ok” [[x]]\n  né [[y]]\n", []string{"4:22", "5:7"} /* columns count bytes (diag.Pos) */},
	} {
		t.Run(tt.name, func(t *testing.T) {
			doc, diags := content.LoadFile(file, []byte(tt.yaml))
			if len(diags) != 0 || doc.Entity == nil {
				t.Fatalf("load: %v", diags)
			}
			body, diags := New().Convert(doc.Entity.Description)
			if len(diags) != 0 {
				t.Fatalf("convert: %v", diags)
			}
			var got []string
			for _, r := range body.Refs {
				p := r.At(file)
				got = append(got, fmt.Sprintf("%d:%d", p.Line, p.Col))
				// the place holds the reference itself
				line := strings.Split(strings.ReplaceAll(tt.yaml, "\r", ""), "\n")[p.Line-1]
				if p.Col < 1 || p.Col > len(line) || !strings.HasPrefix(line[p.Col-1:], "[["+r.ID) {
					t.Errorf("reference %q placed at %d:%d, where line %q does not hold it", r.ID, p.Line, p.Col, line)
				}
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("references at %v, want %v", got, tt.want)
			}
		})
	}
}

// TestLineStartsFound checks the locator's line starts against each byte
// looked at in turn, on random text with lines of every length.
func TestLineStartsFound(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for range 500 {
		source := make([]byte, rng.IntN(300))
		for i := range source {
			source[i] = "ab \n"[rng.IntN(4)]
			if rng.IntN(10) == 0 {
				source[i] = 'x' // long lines too
			}
		}
		want := []int{0}
		for i, c := range source {
			if c == '\n' {
				want = append(want, i+1)
			}
		}
		l := newLocator(md(string(source)), source)
		l.findLineStarts()
		if !slices.Equal(l.lineStarts, want) {
			t.Fatalf("%q: line starts %v, want %v", source, l.lineStarts, want)
		}
	}
}

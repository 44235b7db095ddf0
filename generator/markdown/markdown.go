// Package markdown converts Dossier's Markdown with goldmark and an extension
// of our own for [[id]], [[id|text]] and paragraph-level ![[id]] references.
// Conversion is a pure function of the text: references become holes in the
// HTML, filled in when a page is rendered, so one document's Markdown never
// needs converting again because another document changed.
package markdown

import (
	"bufio"
	"bytes"
	"html/template"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/dossier-news/dossier/generator/content"
	"github.com/dossier-news/dossier/generator/diag"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Reference is one [[id]], [[id|text]] or ![[id]] in a document.
type Reference struct {
	ID    string
	Label string // the text after |, plain text; empty for the target's own name
	// Line and Col are where the reference starts in its document's file
	// (see At). The file is left to the document: a diag.Pos in each of the
	// 300,000 references of 10,000 articles made them half as large again,
	// 8 MB kept to the end of a build.
	Line, Col int32
	Embed     bool // a paragraph-level ![[id]]
}

// At is the reference's position in file, its document's.
func (r Reference) At(file string) diag.Pos {
	return diag.Pos{File: file, Line: int(r.Line), Col: int(r.Col)}
}

func newReference(id, label []byte, pos diag.Pos) Reference {
	return Reference{ID: string(id), Label: string(label), Line: int32(pos.Line), Col: int32(pos.Col)}
}

// Body is converted Markdown: literal HTML chunks around reference holes.
type Body struct {
	// Chunks has one more element than Refs: Chunks[i] precedes Refs[i].
	Chunks []string
	Refs   []Reference
	// Text is the start of the body as plain text, for search and
	// summaries: all of it up to TextLimit bytes besides the holes, which
	// stand for references as in the HTML; PlainText fills them in.
	Text string
	// Links are the body's links and images within the site, to be checked
	// against the site's outputs once they are known.
	Links []LocalLink
}

// LocalLink is a link or image to a path of the site, as written: "/about/",
// "../other/", "/static/map.png", without its query and fragment. Line and
// Col are where it starts in its document's file (see Reference).
type LocalLink struct {
	Path      string
	Line, Col int32
}

// At is the link's position in file.
func (l LocalLink) At(file string) diag.Pos {
	return diag.Pos{File: file, Line: int(l.Line), Col: int(l.Col)}
}

// TextLimit is how much of a body's plain text a Body keeps: enough for
// every summary and search entry, which use its start (the longest, a
// search entry, 601 bytes: 600 and one to tell it was cut; the renderer's
// tests hold it to that), without a second copy of every body in memory.
const TextLimit = 640

// truncateText cuts text after limit bytes that are not in holes, at the
// start of a character, leaving holes whole.
func truncateText(text string, limit int) string {
	plain, pos := 0, 0 // plain bytes counted, up to pos
	for {
		start := strings.IndexByte(text[pos:], Hole)
		end := -1
		if start >= 0 {
			end = strings.IndexByte(text[pos+start+1:], Hole)
		}
		if start < 0 || end < 0 {
			start = len(text) - pos // no more holes: the rest is plain
		}
		if plain+start > limit {
			cut := pos + limit - plain
			for cut > pos && !utf8.RuneStart(text[cut]) {
				cut--
			}
			return text[:cut]
		}
		if start == len(text)-pos {
			return text
		}
		plain += start
		pos += start + 1 + end + 1
	}
}

// PlainText returns the start of the body as plain text that Text keeps,
// each reference replaced by what name returns for it (the target's name, or
// the link's label).
func (b Body) PlainText(name func(index int, ref Reference) string) string {
	if len(b.Refs) == 0 {
		return b.Text
	}
	var sb strings.Builder
	sb.Grow(len(b.Text))
	rest := cutHoles(b.Text, func(before string, i int) bool {
		sb.WriteString(before)
		if i < len(b.Refs) {
			sb.WriteString(name(i, b.Refs[i]))
		}
		return true
	})
	sb.WriteString(rest)
	return sb.String()
}

// PlainTextPrefix is the start of PlainText: at least limit bytes of it, or
// all of it when it is shorter. Search entries need no more, and most of a
// long body is then never assembled.
func (b Body) PlainTextPrefix(limit int, name func(index int, ref Reference) string) string {
	if len(b.Refs) == 0 {
		return b.Text
	}
	var sb strings.Builder
	rest := cutHoles(b.Text, func(before string, i int) bool {
		if sb.Len() >= limit {
			return false
		}
		sb.WriteString(before)
		if i < len(b.Refs) {
			sb.WriteString(name(i, b.Refs[i]))
		}
		return true
	})
	if sb.Len() < limit {
		sb.WriteString(rest)
	}
	return sb.String()
}

// cutHoles calls each with the text before each hole marker and the
// marker's index, and returns the text after the last one. It stops early,
// returning the text from that hole on, when each returns false.
func cutHoles(text string, each func(before string, index int) bool) string {
	for {
		start := strings.IndexByte(text, Hole)
		if start < 0 {
			return text
		}
		end := strings.IndexByte(text[start+1:], Hole)
		if end < 0 {
			return text
		}
		i, err := strconv.Atoi(text[start+1 : start+1+end])
		if err != nil {
			return text
		}
		if !each(text[:start], i) {
			return text[start:]
		}
		text = text[start+1+end+1:]
	}
}

// SameReferences reports whether b and o refer to the same documents in the
// same way: what links a body to the rest of the site, whatever its prose.
func (b Body) SameReferences(o Body) bool {
	return slices.EqualFunc(b.Refs, o.Refs, func(x, y Reference) bool {
		return x.ID == y.ID && x.Label == y.Label && x.Embed == y.Embed
	})
}

// HTML splices the HTML that resolve returns for each reference into the
// body. resolve must return safe HTML (escaped by the caller).
func (b Body) HTML(resolve func(index int, ref Reference) string) template.HTML {
	if len(b.Refs) == 0 && len(b.Chunks) == 1 {
		return template.HTML(b.Chunks[0])
	}
	// The references are resolved first so that the result is allocated
	// once, at its size: an embedded statement is many times the length of
	// a link, and growing the buffer to fit copied each article's body two
	// or three times (260 MB allocated for 100 MB of bodies at 10,000
	// articles).
	resolved := make([]string, len(b.Refs))
	n := 0
	for i, ref := range b.Refs {
		resolved[i] = resolve(i, ref)
		n += len(resolved[i])
	}
	for _, c := range b.Chunks {
		n += len(c)
	}
	var sb strings.Builder
	sb.Grow(n)
	for i, c := range b.Chunks {
		sb.WriteString(c)
		if i < len(resolved) {
			sb.WriteString(resolved[i])
		}
	}
	return template.HTML(sb.String())
}

// Converter turns Markdown into Bodies. One Converter is safe for concurrent
// use, as the goldmark instance inside it is.
type Converter struct {
	md goldmark.Markdown
	// plain is md without autolinks, for the documents that cannot hold
	// one (see mayAutolink): goldmark's autolinks try every word, as
	// their parser is called at each space, and that was a quarter of the
	// time of converting the articles of a synthetic corpus that had none.
	plain goldmark.Markdown
	// outputs are reused by Convert for goldmark's HTML, whose own copy is
	// taken at its final size: a new buffer for each document, and the
	// bufio.Writer goldmark wraps it in, were 135 MB of garbage at 10,000
	// articles.
	outputs sync.Pool
}

// output is where goldmark writes a document's HTML.
type output struct {
	html bytes.Buffer
	w    *bufio.Writer
}

// New returns a Converter with GitHub-flavoured tables, strikethrough and
// autolinks, heading anchors, and Dossier's references. Raw HTML is never
// passed through (goldmark's default, which we keep).
func New() *Converter {
	return &Converter{md: newGoldmark(true), plain: newGoldmark(false)}
}

// newGoldmark is the goldmark instance of a Converter, with autolinks or
// without them.
func newGoldmark(autolinks bool) goldmark.Markdown {
	extensions := []goldmark.Extender{extension.Table, extension.Strikethrough}
	if autolinks {
		extensions = append(extensions, extension.Linkify)
	}
	return goldmark.New(
		goldmark.WithExtensions(append(extensions, wikiLinks{})...),
		goldmark.WithParserOptions(parser.WithAutoHeadingID()),
		goldmark.WithRendererOptions(html.WithWriter(textWriter{html.NewWriter()})),
	)
}

// mayAutolink reports whether source holds what goldmark's autolinks start
// from: a URL begins with one of its schemes or "www.", and an address
// holds an @. Without any of them the autolink parser finds nothing, and
// the document converts as it would with it.
func mayAutolink(source []byte) bool {
	return bytes.IndexByte(source, '@') >= 0 ||
		bytes.Contains(source, []byte("www.")) ||
		bytes.Contains(source, []byte("http:")) ||
		bytes.Contains(source, []byte("https:")) ||
		bytes.Contains(source, []byte("ftp:"))
}

// Convert converts one document's Markdown, reporting malformed references,
// dangerous or external-image URLs and raw HTML at their positions.
func (c *Converter) Convert(src content.Markdown) (Body, diag.List) {
	source := src.Source
	if bytes.IndexByte(source, Hole) >= 0 {
		source = bytes.ReplaceAll(source, []byte{Hole}, []byte("\uFFFD"))
	}
	var diags diag.List
	md := c.plain
	if mayAutolink(source) {
		md = c.md
	}
	doc := md.Parser().Parse(text.NewReader(source), parser.WithContext(headingContext()))
	loc := newLocator(src, source)
	var body Body
	plain := plainText{limit: TextLimit}
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			if n.Type() == ast.TypeBlock {
				plain.space()
			}
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *WikiLink:
			pos := loc.pos(n.Offset)
			ref := newReference(n.Target, n.Label, pos)
			if inLinkOrImage(n) {
				// An image's description is rendered as plain text and a link
				// cannot hold another: the reference would have no place.
				diags.AddSuggest(pos, "move the reference out of the link or image", "[[%s]] cannot be inside a link or an image description", ref.ID)
				plain.WriteString(wikiText(ref))
				n.Index = -1 // not a reference: renders as nothing
				return ast.WalkContinue, nil
			}
			switch {
			case n.Inline && ref.Label != "":
				diags.AddSuggest(pos, "write ![["+ref.ID+"]]: the quotation is attributed by its own data", "![[%s|%s]]: an embed takes no label", ref.ID, ref.Label)
			case n.Inline:
				diags.AddSuggest(pos, "put the embed in a paragraph of its own, with blank lines around it, or write [["+ref.ID+"]] to link", "![[%s]] must stand alone in its paragraph", ref.ID)
			}
			checkTarget(&diags, pos, ref.ID)
			n.Index = len(body.Refs)
			body.Refs = append(body.Refs, ref)
			// a hole, so the text can show the target's name (see PlainText)
			plain.hole(n.Index)
		case *Embed:
			pos := loc.pos(n.Offset)
			ref := newReference(n.Target, nil, pos)
			ref.Embed = true
			checkTarget(&diags, pos, ref.ID)
			n.Index = len(body.Refs)
			body.Refs = append(body.Refs, ref)
		case *ast.Link:
			body.Links = checkLink(&diags, body.Links, loc.pos(n.Pos()), rendered(n.Destination), false)
		case *ast.Image:
			body.Links = checkLink(&diags, body.Links, loc.pos(n.Pos()), rendered(n.Destination), true)
		case *ast.AutoLink:
			checkLink(&diags, nil, loc.pos(n.Pos()), string(n.URL(source)), false)
			plain.Write(n.Label(source))
		case *ast.RawHTML, *ast.HTMLBlock:
			diags.Warn(loc.pos(htmlOffset(n, source)), "raw HTML is not passed through and was left out; write Markdown instead")
			return ast.WalkSkipChildren, nil
		case *ast.Text:
			if plain.full() {
				// resolving the escapes and entities of text that is not
				// kept was a fifth of the walk
				break
			}
			if v := n.Value(source); n.IsRaw() {
				plain.Write(v)
			} else { // as the HTML shows it: \* is *, &amp; is &
				plain.Write(util.ResolveEntityNames(util.ResolveNumericReferences(util.UnescapePunctuations(v))))
			}
			if n.SoftLineBreak() || n.HardLineBreak() {
				plain.space()
			}
		case *ast.String:
			plain.Write(n.Value)
		case *ast.CodeSpan, *ast.FencedCodeBlock, *ast.CodeBlock:
			// code is shown, not searched for
			if b, ok := n.(interface{ Lines() *text.Segments }); ok && n.Type() == ast.TypeBlock {
				lines := b.Lines()
				for i := range lines.Len() {
					seg := lines.At(i)
					plain.Write(seg.Value(source))
				}
			}
		}
		return ast.WalkContinue, nil
	})
	out, _ := c.outputs.Get().(*output)
	if out == nil {
		out = &output{}
		out.w = bufio.NewWriter(&out.html)
	}
	out.html.Reset()
	out.w.Reset(&out.html)
	err := md.Renderer().Render(out.w, source, doc)
	if err == nil {
		err = out.w.Flush()
	}
	if err != nil {
		diags.Add(diag.Pos{File: src.File, Line: src.StartLine}, "render Markdown: %v", err)
	}
	if cap(body.Refs) > len(body.Refs) {
		// a body is kept to the end of a build: without the room its
		// appends left, the references of 10,000 articles take 10 MB less
		body.Refs = append([]Reference(nil), body.Refs...)
	}
	body.Chunks = splitHoles(out.html.String(), len(body.Refs))
	c.outputs.Put(out)
	// plain holds only a few bytes past the limit, so a cut of it holds on
	// to no more than that
	body.Text = truncateText(string(plain.text), TextLimit)
	return body, diags
}

// plainText collects a body's text as summaries and search show it: each
// run of white space (as strings.Fields finds it) made one space, none at
// either end, and holes standing for references. It keeps a little more
// than limit bytes outside holes and drops the rest: only that much is
// kept in the end, and collecting every body's whole text to cut it was a
// seventh of all the memory a build allocated.
type plainText struct {
	text    []byte
	limit   int
	pending bool // white space seen since the last byte kept
	counted int  // bytes kept outside holes
}

// full reports whether enough text is kept to cut it at limit: truncateText
// cuts at limit or just before it, at the start of a character.
func (p *plainText) full() bool { return p.counted > p.limit+utf8.UTFMax }

// space stands for white space between two pieces of text.
func (p *plainText) space() { p.pending = true }

// hole stands for reference i.
func (p *plainText) hole(i int) {
	if p.full() {
		return
	}
	p.keep()
	p.text = append(p.text, Hole)
	p.text = strconv.AppendInt(p.text, int64(i), 10)
	p.text = append(p.text, Hole)
}

// keep writes the pending space, if any, before a byte that is kept.
func (p *plainText) keep() {
	if p.pending && len(p.text) > 0 {
		p.text = append(p.text, ' ')
		p.counted++
	}
	p.pending = false
}

func (p *plainText) Write(b []byte) {
	for len(b) > 0 && !p.full() {
		r, size := rune(b[0]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRune(b)
		}
		if unicode.IsSpace(r) {
			p.pending = true
		} else {
			p.keep()
			p.text = append(p.text, b[:size]...)
			p.counted += size
		}
		b = b[size:]
	}
}

func (p *plainText) WriteString(s string) { p.Write([]byte(s)) }

// wikiText is a reference as plain text: its label, or its ID in words.
func wikiText(ref Reference) string {
	if ref.Label != "" {
		return ref.Label
	}
	return strings.ReplaceAll(ref.ID, "-", " ")
}

func inLinkOrImage(n ast.Node) bool {
	for p := n.Parent(); p != nil; p = p.Parent() {
		switch p.(type) {
		case *ast.Link, *ast.Image:
			return true
		}
	}
	return false
}

func htmlOffset(n ast.Node, source []byte) int {
	switch n := n.(type) {
	case *ast.RawHTML:
		if n.Segments.Len() > 0 {
			return n.Segments.At(0).Start
		}
	case *ast.HTMLBlock:
		if n.Lines().Len() > 0 {
			return n.Lines().At(0).Start
		}
	}
	return n.Pos()
}

func checkTarget(diags *diag.List, pos diag.Pos, id string) {
	if err := content.CheckID(id); err != nil {
		suggestion := ""
		if s := content.Slugify(id); s != "" {
			suggestion = "did you mean [[" + s + "]]?"
		}
		diags.AddSuggest(pos, suggestion, "invalid reference [[%s]]: IDs are lower-case letters, digits and single hyphens", id)
	}
}

// ReservedIDs are the element IDs the default theme uses on pages that show
// Markdown. Headings never take them: "## Main" becomes id="main-1", so the
// skip link still finds <main id="main">.
var ReservedIDs = []string{"main", "article-corrections", "search-q", "search-help", "search-results", "search-status",
	"kind-0", "kind-1", "kind-2", "kind-3", "kind-4", "kind-5"}

func headingContext() parser.Context {
	ctx := parser.NewContext()
	for _, id := range ReservedIDs {
		ctx.IDs().Put([]byte(id))
	}
	return ctx
}

// rendered is a destination as goldmark writes it into the page, with
// entities and backslash escapes resolved: what must be checked, since
// "&#106;avascript:" is "javascript:" to a browser.
func rendered(dest []byte) string {
	return string(util.URLEscape(dest, true))
}

// checkLink refuses links with a scheme other than http, https and mailto
// (javascript:, data:, vbscript: ...), and images from other hosts, which
// would make every reader's browser call a third party. A link or image to
// a path of the site (not only a fragment or query of the page itself) is
// appended to links, to be checked once the site's outputs are known.
func checkLink(diags *diag.List, links []LocalLink, pos diag.Pos, dest string, image bool) []LocalLink {
	if plain, err := url.PathUnescape(dest); err == nil {
		dest = plain // judge the scheme as a browser reads it, spaces and all
	}
	dest = strings.TrimSpace(dest)
	u, err := url.Parse(dest)
	if err != nil {
		diags.Add(pos, "invalid link %q: %v", dest, err)
		return links
	}
	scheme := strings.ToLower(u.Scheme)
	offSite := scheme != "" || u.Host != "" || strings.HasPrefix(dest, "//") || strings.HasPrefix(dest, `\`) || strings.HasPrefix(dest, `/\`)
	switch {
	case image && scheme == "data":
		diags.AddSuggest(pos, "put the image under templates/static/ and link it with a path", "image %.40q is inline data: images are served from the site itself", dest)
	case image && offSite:
		diags.AddSuggest(pos, "put the image under templates/static/ and link it with a path", "image %q is on another host: images are served from the site itself", dest)
	case !offSite && u.Path != "":
		return append(links, LocalLink{Path: u.Path, Line: int32(pos.Line), Col: int32(pos.Col)})
	case scheme == "" || scheme == "http" || scheme == "https" || scheme == "mailto":
	default:
		diags.Add(pos, "link %q is refused: only http, https, mailto and site-relative links are allowed", dest)
	}
	return links
}

// splitHoles cuts rendered HTML at each hole marker. Markers whose index is
// out of range cannot occur, as Convert replaces the marker byte in the input.
func splitHoles(html string, refs int) []string {
	chunks := make([]string, 0, refs+1)
	rest := cutHoles(html, func(before string, _ int) bool {
		chunks = append(chunks, before)
		return true
	})
	chunks = append(chunks, rest)
	for len(chunks) < refs+1 { // a reference inside something not rendered (image alt text)
		chunks = append(chunks, "")
	}
	return chunks
}

// locator turns byte offsets in a Markdown snippet into file positions.
type locator struct {
	src    content.Markdown
	source []byte
	// lineStarts are the offsets at which source's lines start, found at
	// the first position asked for: a statement's quote seldom needs one
	lineStarts []int
}

func newLocator(src content.Markdown, source []byte) *locator {
	return &locator{src: src, source: source}
}

// findLineStarts fills lineStarts, each line's end found by IndexByte:
// looking at each byte in turn was a twentieth of converting an article.
func (l *locator) findLineStarts() {
	l.lineStarts = make([]int, 1, bytes.Count(l.source, []byte{'\n'})+1)
	for off := 0; ; {
		i := bytes.IndexByte(l.source[off:], '\n')
		if i < 0 {
			return
		}
		off += i + 1
		l.lineStarts = append(l.lineStarts, off)
	}
}

func (l *locator) pos(offset int) diag.Pos {
	if offset < 0 {
		return diag.Pos{File: l.src.File, Line: l.src.StartLine}
	}
	if spans := l.src.Spans; len(spans) > 0 {
		// the text is not a copy of its lines: the span it falls in says
		// where it is
		k := sort.Search(len(spans), func(k int) bool { return spans[k].Off > offset }) - 1
		if k >= 0 {
			return diag.Pos{File: l.src.File, Line: spans[k].Line, Col: spans[k].Col + offset - spans[k].Off}
		}
	}
	if l.lineStarts == nil {
		l.findLineStarts()
	}
	lo, hi := 0, len(l.lineStarts)-1
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if l.lineStarts[mid] <= offset {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	col := offset - l.lineStarts[lo] + 1
	if lo == 0 {
		col += l.src.StartCol - 1
	}
	return diag.Pos{File: l.src.File, Line: l.src.StartLine + lo, Col: col}
}

package markdown

import (
	"bytes"
	"strconv"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// KindWikiLink is the AST kind of an inline [[id]] or [[id|text]].
var KindWikiLink = ast.NewNodeKind("WikiLink")

// KindEmbed is the AST kind of a paragraph that is only ![[id]].
var KindEmbed = ast.NewNodeKind("Embed")

// WikiLink is an inline cross-reference. Inline is set for an ![[id]] written
// inside running text, which is an error: embeds stand alone.
type WikiLink struct {
	ast.BaseInline
	Target []byte
	Label  []byte
	Offset int // byte offset of the opening bracket in the source
	Inline bool
	// Index is the reference's place in Body.Refs, set after parsing, or
	// -1 for one that is not a reference (inside a link or an image).
	Index int
}

// Dump implements ast.Node.
func (n *WikiLink) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, map[string]string{"Target": string(n.Target), "Label": string(n.Label)}, nil)
}

// Kind implements ast.Node.
func (n *WikiLink) Kind() ast.NodeKind { return KindWikiLink }

// Embed is a block-level ![[id]]: the referenced statement shown as an
// attributed quotation.
type Embed struct {
	ast.BaseBlock
	Target []byte
	Offset int
	Index  int
}

// Dump implements ast.Node.
func (n *Embed) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, map[string]string{"Target": string(n.Target)}, nil)
}

// Kind implements ast.Node.
func (n *Embed) Kind() ast.NodeKind { return KindEmbed }

// wikiLinkParser parses [[target]] and [[target|label]]. It runs before
// goldmark's link parser on the same trigger and declines anything else.
type wikiLinkParser struct{}

func (wikiLinkParser) Trigger() []byte { return []byte{'!', '['} }

func (wikiLinkParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, seg := block.PeekLine()
	embed := len(line) > 0 && line[0] == '!'
	rest := line
	if embed {
		rest = line[1:]
	}
	if !bytes.HasPrefix(rest, []byte("[[")) {
		return nil
	}
	end := bytes.Index(rest[2:], []byte("]]"))
	if end < 0 {
		return nil
	}
	inner := rest[2 : 2+end]
	target, label, _ := bytes.Cut(inner, []byte("|"))
	n := &WikiLink{
		// [[id\|text]]: in a table cell the | must be escaped
		Target: bytes.TrimSpace(bytes.TrimSuffix(target, []byte{'\\'})),
		Label:  bytes.TrimSpace(label),
		Offset: seg.Start,
		Inline: embed,
	}
	consumed := 2 + end + 2
	if embed {
		consumed++
	}
	block.Advance(consumed)
	return n
}

// embedParser parses a line that is only ![[target]] into an Embed block. It
// cannot interrupt a paragraph, so an embed inside running text falls to the
// inline parser, which reports it.
type embedParser struct{}

func (embedParser) Trigger() []byte { return []byte{'!'} }

func (embedParser) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	line, seg := reader.PeekLine()
	// up to three spaces of indentation (goldmark keeps four or more from
	// reaching a parser that does not accept indented lines)
	indent := len(line) - len(bytes.TrimLeft(line, " \t"))
	trimmed := bytes.TrimRight(line[indent:], " \t\r\n")
	if !bytes.HasPrefix(trimmed, []byte("![[")) || !bytes.HasSuffix(trimmed, []byte("]]")) {
		return nil, parser.NoChildren
	}
	inner := trimmed[3 : len(trimmed)-2]
	if bytes.Contains(inner, []byte("]]")) || bytes.ContainsAny(inner, "|[") {
		return nil, parser.NoChildren
	}
	reader.Advance(len(line) - 1) // leave the newline, as goldmark's own block parsers do
	return &Embed{Target: bytes.TrimSpace(inner), Offset: seg.Start + indent}, parser.NoChildren
}

func (embedParser) Continue(node ast.Node, reader text.Reader, pc parser.Context) parser.State {
	return parser.Close
}

func (embedParser) Close(node ast.Node, reader text.Reader, pc parser.Context) {}
func (embedParser) CanInterruptParagraph() bool                                { return false }
func (embedParser) CanAcceptIndentedLine() bool                                { return false }

// Hole is the byte that marks a reference in rendered HTML. goldmark never
// emits it (Convert replaces it in the input), so it cannot be forged.
const Hole = '\x00'

// holeRenderer writes a marker with the reference's index in place of each
// wikilink and embed; Body.HTML splices the resolved HTML in later, so the
// Markdown of a document is converted once, whatever its links point to.
type holeRenderer struct{}

func (holeRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindWikiLink, func(w util.BufWriter, source []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if index := n.(*WikiLink).Index; entering && index >= 0 {
			writeHole(w, index)
		}
		return ast.WalkSkipChildren, nil
	})
	reg.Register(KindEmbed, func(w util.BufWriter, source []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			writeHole(w, n.(*Embed).Index)
			_ = w.WriteByte('\n')
		}
		return ast.WalkSkipChildren, nil
	})
}

func writeHole(w util.BufWriter, index int) {
	_ = w.WriteByte(Hole)
	_, _ = w.WriteString(strconv.Itoa(index))
	_ = w.WriteByte(Hole)
}

// wikiLinks is the goldmark extension for Dossier's cross-references.
type wikiLinks struct{}

func (wikiLinks) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(
		parser.WithInlineParsers(util.Prioritized(wikiLinkParser{}, 199)),
		parser.WithBlockParsers(util.Prioritized(embedParser{}, 150)),
	)
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(holeRenderer{}, 100)))
}

package content

import (
	"bytes"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// parseCommonYAML parses the YAML content files are made of into the tree
// yaml.v3 would build, without yaml.v3's general machinery: decoding a large
// site's tens of thousands of small files with it took as long as converting
// all their Markdown, and allocated half a gigabyte.
//
// The subset is a block mapping of simple keys to one-line plain or quoted
// scalars, flow lists of plain words, block lists of scalars or of small
// mappings, nested block mappings, and >, >-, | and |- block text. Anything
// else (anchors, tags, escapes, comments after values, multi-line plain or
// flow values, tabs, empty values...) returns ok=false and is left to
// yaml.v3, which stays the authority on the rules and the error messages.
// FuzzCommonYAML checks that each tree this returns is yaml.v3's.
//
// The nodes are allocated in *slab, which may hold the nodes of a tree parsed
// before: that tree must no longer be in use. *slab is left holding the
// nodes of this one, for the caller to clear and reuse in turn.
func parseCommonYAML(data []byte, slab *[]yaml.Node) (root *yaml.Node, ok bool) {
	if !commonYAMLText(data) {
		return nil, false
	}
	p := &commonYAMLParser{lines: bytes.Split(data, []byte{'\n'}), slab: (*slab)[:0]}
	defer func() { *slab = p.slab }()
	p.skipBlank()
	if p.failed || p.i == len(p.lines) || indentOf(p.lines[p.i]) != 0 {
		return nil, false
	}
	root = p.mapping(0, 0)
	p.skipBlank()
	if p.failed || p.i != len(p.lines) {
		return nil, false
	}
	return root, true
}

// commonYAMLText reports whether data holds only characters the subset
// handles: printable Unicode and newlines, no tabs, carriage returns, byte
// order marks or the line separators YAML 1.1 counts as line breaks.
func commonYAMLText(data []byte) bool {
	for i := 0; i < len(data); {
		c := data[i]
		if c < utf8.RuneSelf {
			if c != '\n' && (c < 0x20 || c == 0x7f) {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(data[i:])
		switch {
		case r == utf8.RuneError && size == 1,
			r < 0xa0, r == 0x2028, r == 0x2029, r == 0xfeff,
			r >= 0xd800 && r < 0xe000, r == 0xfffe, r == 0xffff:
			return false
		}
		i += size
	}
	return true
}

// commonYAMLParser reads lines; any construct outside the subset sets failed
// and makes every caller return at once.
type commonYAMLParser struct {
	lines  [][]byte
	i      int // the next line to read
	failed bool
	// nodes are allocated from here, a file's worth at a time: one
	// allocation per node was a tenth of a large site's loading time
	slab []yaml.Node
}

// nodeSlabs are slabs of nodes (*[]yaml.Node) to parse files in, each
// cleared after the tree it held was decoded: a new slab per file was an
// eighth of all that a large site's build allocated (240 MB at 10,000
// articles), and each file's tree is garbage once decoded.
var nodeSlabs = sync.Pool{New: func() any { return new([]yaml.Node) }}

func (p *commonYAMLParser) node(n yaml.Node) *yaml.Node {
	if len(p.slab) == cap(p.slab) {
		p.slab = make([]yaml.Node, 0, max(8, len(p.lines)*2))
	}
	p.slab = append(p.slab, n)
	return &p.slab[len(p.slab)-1]
}

func indentOf(line []byte) int {
	n := 0
	for n < len(line) && line[n] == ' ' {
		n++
	}
	return n
}

// skipBlank moves past blank lines and comment lines. A comment must start
// its line: an indented one might belong to the value above.
func (p *commonYAMLParser) skipBlank() {
	for ; p.i < len(p.lines); p.i++ {
		line := p.lines[p.i]
		ind := indentOf(line)
		if ind == len(line) {
			continue
		}
		if line[ind] != '#' {
			return
		}
		if ind > 0 {
			p.failed = true
			return
		}
	}
}

// column is YAML's 1-based column of line[at], counted in characters.
func column(line []byte, at int) int {
	return utf8.RuneCount(line[:at]) + 1
}

// keyEnd returns where the simple key starting at line[at] ends: at a colon
// followed by a space or the end of the line.
func keyEnd(line []byte, at int) (int, bool) {
	i := at
	for i < len(line) {
		c := line[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-' && i > at {
			i++
			continue
		}
		break
	}
	// YAML limits simple keys to 1,024 characters; field names are short.
	if i == at || i-at > 100 || i == len(line) || line[i] != ':' || i+1 < len(line) && line[i+1] != ' ' {
		return 0, false
	}
	return i, true
}

func isDash(line []byte, at int) bool {
	return at < len(line) && line[at] == '-' && (at+1 == len(line) || line[at+1] == ' ')
}

func (p *commonYAMLParser) scalar(value string, style yaml.Style, line, col int) *yaml.Node {
	n := p.node(yaml.Node{Kind: yaml.ScalarNode, Style: style, Value: value, Line: line, Column: col})
	n.Tag = scalarTag(n)
	return n
}

// scalarTag is n.ShortTag(), found without yaml.v3's resolver for the plain
// scalars content files are mostly made of: keys and words, which resolve
// to strings, and dates. The resolver tries each date as four layouts of
// timestamp, failing three, then as an integer and a float: an eighth of
// loading a large site's files.
func scalarTag(n *yaml.Node) string {
	if n.Style != 0 || n.Value == "" {
		return n.ShortTag()
	}
	v := n.Value
	switch c := v[0]; {
	case ('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z') && strings.IndexByte("yYnNtTfFoO", c) < 0:
		// no word the resolver knows (true, null...) starts with another
		// letter, and a string is what it makes of the rest
		return "!!str"
	case len(v) == len("2006-01-02") && v[4] == '-' && v[7] == '-':
		// what the resolver's last layout, 2006-1-2, reads of ten
		// characters, and nothing before it does (time.Parse takes
		// digits only, no sign, for 2006, 01 and 02)
		if _, err := time.Parse("2006-01-02", v); err == nil {
			return "!!timestamp"
		}
	}
	return n.ShortTag()
}

// mapping reads a block mapping whose keys are at column indent. Its first
// key starts at line[first] of the current line, which is indent except
// after a list item's dash.
func (p *commonYAMLParser) mapping(indent, first int) *yaml.Node {
	m := p.node(yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: p.i + 1, Column: indent + 1})
	for start := first; ; start = -1 {
		if start < 0 {
			p.skipBlank()
			if p.failed || p.i == len(p.lines) {
				break
			}
			ind := indentOf(p.lines[p.i])
			if ind < indent {
				break
			}
			if ind > indent {
				p.failed = true
				break
			}
			start = ind
		}
		line := p.lines[p.i]
		end, ok := keyEnd(line, start)
		if !ok {
			p.failed = true
			break
		}
		key := p.scalar(string(line[start:end]), 0, p.i+1, start+1)
		m.Content = append(m.Content, key, p.value(line, end+1, indent))
		if p.failed {
			break
		}
	}
	return m
}

// value reads a mapping value that starts at line[at] of the current line,
// or on the next lines when the rest of the line is empty. indent is the
// mapping's.
func (p *commonYAMLParser) value(line []byte, at, indent int) *yaml.Node {
	j := at + indentOf(line[at:])
	if j == len(line) {
		p.i++
		p.skipBlank()
		if p.failed || p.i == len(p.lines) {
			p.failed = true
			return nil
		}
		next := p.lines[p.i]
		ind := indentOf(next)
		if isDash(next, ind) && ind >= indent {
			return p.sequence(ind)
		}
		if _, ok := keyEnd(next, ind); ok && ind > indent {
			return p.mapping(ind, ind)
		}
		p.failed = true // an empty value, or something else
		return nil
	}
	if line[j] == '>' || line[j] == '|' {
		return p.blockScalar(line, j, indent)
	}
	return p.inline(line, j)
}

// inline reads a one-line value at line[at] (a scalar or a flow list) and
// moves to the next line.
func (p *commonYAMLParser) inline(line []byte, at int) *yaml.Node {
	var n *yaml.Node
	var end int
	switch line[at] {
	case '[':
		n, end = p.flowSequence(line, at)
	case '"', '\'':
		n, end = p.quoted(line, at)
	default:
		n, end = p.plain(line, at)
	}
	if !p.failed && indentOf(line[end:]) != len(line)-end {
		p.failed = true // something after the value, like a comment
	}
	p.i++
	return n
}

// plainStarts holds the characters a plain scalar cannot start with in the
// subset (YAML allows some of them before a non-space; yaml.v3 decides those).
const plainStarts = "-?:,[]{}#&*!|>'\"%@`"

func (p *commonYAMLParser) plain(line []byte, at int) (*yaml.Node, int) {
	text := bytes.TrimRight(line[at:], " ")
	if strings.IndexByte(plainStarts, text[0]) >= 0 || bytes.Contains(text, []byte(": ")) ||
		bytes.Contains(text, []byte(" #")) || text[len(text)-1] == ':' {
		p.failed = true
		return nil, len(line)
	}
	return p.scalar(string(text), 0, p.i+1, column(line, at)), len(line)
}

// quoted reads a single- or double-quoted scalar closed on its line; a
// double-quoted one with escapes is left to yaml.v3.
func (p *commonYAMLParser) quoted(line []byte, at int) (*yaml.Node, int) {
	q := line[at]
	var value []byte
	i := at + 1
	for ; i < len(line); i++ {
		c := line[i]
		if c == '\\' && q == '"' {
			break
		}
		if c != q {
			value = append(value, c)
			continue
		}
		if q == '\'' && i+1 < len(line) && line[i+1] == '\'' {
			value = append(value, '\'')
			i++
			continue
		}
		style := yaml.DoubleQuotedStyle
		if q == '\'' {
			style = yaml.SingleQuotedStyle
		}
		return p.scalar(string(value), style, p.i+1, column(line, at)), i + 1
	}
	p.failed = true
	return nil, len(line)
}

// flowSequence reads a one-line [a, b] list of plain scalars.
func (p *commonYAMLParser) flowSequence(line []byte, at int) (*yaml.Node, int) {
	s := p.node(yaml.Node{Kind: yaml.SequenceNode, Style: yaml.FlowStyle, Tag: "!!seq", Line: p.i + 1, Column: column(line, at)})
	k := at + 1
	k += indentOf(line[k:])
	if k < len(line) && line[k] == ']' {
		return s, k + 1
	}
	for {
		start := k
		for k < len(line) && line[k] != ',' && line[k] != ']' {
			k++
		}
		if k == len(line) {
			p.failed = true
			return nil, k
		}
		item := bytes.TrimRight(line[start:k], " ")
		if len(item) == 0 || strings.IndexByte(plainStarts, item[0]) >= 0 || bytes.ContainsAny(item, ":#[]{}\"'?") {
			p.failed = true
			return nil, k
		}
		s.Content = append(s.Content, p.scalar(string(item), 0, p.i+1, column(line, start)))
		if line[k] == ']' {
			return s, k + 1
		}
		k++
		k += indentOf(line[k:])
		if k == len(line) || line[k] == ']' {
			p.failed = true // a list going on to the next line, or a trailing comma
			return nil, k
		}
	}
}

// sequence reads a block list whose dashes are at column indent.
func (p *commonYAMLParser) sequence(indent int) *yaml.Node {
	s := p.node(yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Line: p.i + 1, Column: indent + 1})
	for {
		p.skipBlank()
		if p.failed || p.i == len(p.lines) {
			break
		}
		line := p.lines[p.i]
		ind := indentOf(line)
		if ind < indent || ind == indent && !isDash(line, ind) {
			break
		}
		if ind > indent {
			p.failed = true
			break
		}
		at := ind + 1 + indentOf(line[ind+1:])
		if at == len(line) || at == ind+1 || line[at] == '>' || line[at] == '|' || isDash(line, at) {
			p.failed = true // nested blocks and block text in lists are left to yaml.v3
			break
		}
		if _, ok := keyEnd(line, at); ok {
			s.Content = append(s.Content, p.mapping(at, at))
		} else {
			s.Content = append(s.Content, p.inline(line, at))
		}
		if p.failed {
			break
		}
	}
	return s
}

// blockScalar reads > and | text whose header is at line[at], as a value of
// a mapping at indent.
func (p *commonYAMLParser) blockScalar(line []byte, at, indent int) *yaml.Node {
	header := string(bytes.TrimRight(line[at:], " "))
	folded := header[0] == '>'
	if len(header) > 2 || len(header) == 2 && header[1] != '-' {
		p.failed = true // keep chomping, indentation indicators, comments
		return nil
	}
	n := p.node(yaml.Node{Kind: yaml.ScalarNode, Style: yaml.LiteralStyle, Tag: "!!str", Line: p.i + 1, Column: column(line, at)})
	if folded {
		n.Style = yaml.FoldedStyle
	}
	p.i++
	if p.i == len(p.lines) {
		p.failed = true
		return nil
	}
	textIndent := indentOf(p.lines[p.i])
	if textIndent <= indent || textIndent == len(p.lines[p.i]) {
		p.failed = true // empty text, or text starting with blank lines
		return nil
	}
	var b strings.Builder
	blanks, last := 0, 0
	for ; p.i < len(p.lines); p.i++ {
		l := p.lines[p.i]
		ind := indentOf(l)
		if ind == len(l) {
			if ind > textIndent {
				p.failed = true // spaces that would be text
				return nil
			}
			blanks++
			continue
		}
		if ind < textIndent {
			break
		}
		if ind > textIndent && folded || l[len(l)-1] == ' ' {
			p.failed = true // more-indented folded lines, trailing spaces
			return nil
		}
		if b.Len() > 0 {
			switch {
			case !folded:
				b.WriteString(strings.Repeat("\n", blanks+1))
			case blanks == 0:
				b.WriteByte(' ')
			default:
				b.WriteString(strings.Repeat("\n", blanks))
			}
		}
		blanks, last = 0, p.i
		b.Write(l[textIndent:])
	}
	// Clipping keeps the text's last line break, which the last line of a
	// file without a final newline does not have.
	if len(header) == 1 && last < len(p.lines)-1 {
		b.WriteByte('\n')
	}
	n.Value = b.String()
	return n
}

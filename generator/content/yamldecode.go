package content

import (
	"bytes"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/dossier-news/dossier/generator/diag"
	"go.yaml.in/yaml/v3"
)

// decoder walks a parsed YAML tree by hand instead of unmarshalling by
// reflection: it knows each value's position, so every problem is reported at
// its own line and column, unknown fields are errors with a suggestion, and it
// avoids the cost of reflection on tens of thousands of small files.
type decoder struct {
	file    string
	data    []byte // the YAML text parsed, to place scalars' text in it
	lineOff int    // lines before the YAML text in the file (front matter)
	diags   *diag.List
	// slab holds the nodes parse returned, until done
	slab *[]yaml.Node
}

// done gives the nodes parse returned back for another file to use: the
// tree must not be read after it.
func (d *decoder) done() {
	if d.slab != nil {
		clear(*d.slab) // nothing kept alive by a node no longer in use
		*d.slab = (*d.slab)[:0]
		nodeSlabs.Put(d.slab)
		d.slab = nil
	}
}

func (d *decoder) pos(n *yaml.Node) diag.Pos {
	return diag.Pos{File: d.file, Line: n.Line + d.lineOff, Col: n.Column}
}

var yamlLineRE = regexp.MustCompile(`^yaml: (?:line (\d+): )?(.*)$`)

// parse parses YAML text into its top-level mapping, reporting syntax errors
// at their line. It returns nil when the text is not a usable mapping.
func (d *decoder) parse(data []byte) *yaml.Node {
	d.data = data
	if d.slab == nil {
		d.slab = nodeSlabs.Get().(*[]yaml.Node)
	}
	if root, ok := parseCommonYAML(data, d.slab); ok {
		return root
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		line, msg := 0, err.Error()
		if m := yamlLineRE.FindStringSubmatch(strings.SplitN(msg, "\n", 2)[0]); m != nil {
			line, _ = strconv.Atoi(m[1])
			msg = m[2]
		}
		p := diag.Pos{File: d.file, Line: d.lineOff + 1}
		if line > 0 {
			p.Line = line + d.lineOff
		}
		if qLine, qCol, ok := unclosedQuote(data, line); ok {
			// the parser reads on past the line the quote was meant to end
			// and stumbles far below it, or at the end of the file
			d.diags.AddSuggest(diag.Pos{File: d.file, Line: qLine + d.lineOff, Col: qCol}, "close it, or write the value without quotes",
				"invalid YAML: this quote is not closed on its line")
			return nil
		}
		d.diags.Add(p, "invalid YAML: %s", msg)
		return nil
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return &yaml.Node{Kind: yaml.MappingNode, Line: 1, Column: 1}
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		d.diags.Add(d.pos(root), "expected a mapping of field: value, found %s", describe(root))
		return nil
	}
	return root
}

// unclosedQuote finds the first line, up to line before (all when 0), whose
// value opens a quote it does not close: a value starting with " or '
// after "key: " or "- ", outside a block scalar's text. Its line and
// column (of the quote), or false. YAML lets a quoted value run over
// several lines, which editors hardly ever mean, so this is only asked
// once the YAML failed.
func unclosedQuote(data []byte, before int) (int, int, bool) {
	block := -1 // the indentation of the key of a block scalar being read
	for i, line := range bytes.Split(data, []byte("\n")) {
		if before > 0 && i+1 > before {
			break
		}
		text := bytes.TrimRight(line, "\r")
		indent := len(text) - len(bytes.TrimLeft(text, " "))
		if block >= 0 {
			if len(bytes.TrimSpace(text)) == 0 || indent > block {
				continue // the block's own text, quotes and all
			}
			block = -1
		}
		at := -1
		if k := bytes.Index(text, []byte(": ")); k >= 0 && !bytes.HasPrefix(bytes.TrimSpace(text), []byte("#")) {
			at = k + 2
		} else if t := bytes.TrimLeft(text, " "); bytes.HasPrefix(t, []byte("- ")) {
			at = len(text) - len(t) + 2
		}
		if at < 0 {
			continue
		}
		for at < len(text) && text[at] == ' ' {
			at++
		}
		if blockIndicator.Match(text[at:]) {
			block = indent
			continue
		}
		if at >= len(text) || (text[at] != '"' && text[at] != '\'') {
			continue
		}
		if !closes(text[at+1:], text[at]) {
			return i + 1, at + 1, true // columns count bytes (diag.Pos)
		}
	}
	return 0, 0, false
}

// blockIndicator is the value that starts a block scalar: | or >, with
// their chomping and indentation indicators and a comment, if any.
var blockIndicator = regexp.MustCompile(`^[|>][-+0-9]*\s*(#.*)?$`)

// closes reports whether rest closes a value opened by quote: by an
// unescaped " in double quotes, by a single quote not doubled in single ones.
func closes(rest []byte, quote byte) bool {
	for i := 0; i < len(rest); i++ {
		switch {
		case quote == '"' && rest[i] == '\\':
			i++
		case rest[i] == quote && quote == '\'' && i+1 < len(rest) && rest[i+1] == '\'':
			i++
		case rest[i] == quote:
			return true
		}
	}
	return false
}

func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.AliasNode:
		return "an alias"
	}
	if n.Tag == "!!null" {
		return "nothing"
	}
	return fmt.Sprintf("%q", n.Value)
}

// fields calls set for each key of mapping m. Keys not in known are errors
// with the closest known key as a suggestion; so are repeated keys. It returns
// the set of keys present (with null values left out).
func (d *decoder) fields(m *yaml.Node, known []string, set func(key string, v *yaml.Node)) fieldSet {
	// sets of indexes in known, not maps: two maps for each of a large
	// site's 100,000 mappings were 40 MB of its loading's allocations
	if len(known) > 64 {
		panic("content: more known fields than a fieldSet holds")
	}
	present := fieldSet{known: known}
	var seen uint64
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		field := slices.Index(known, k.Value)
		if field >= 0 && seen&(1<<field) != 0 || field < 0 && keyBefore(m, i) {
			d.diags.Add(d.pos(k), "field %q is repeated", k.Value)
			continue
		}
		if field < 0 {
			d.diags.AddSuggest(d.pos(k), suggest(k.Value, known), "unknown field %q", k.Value)
			continue
		}
		seen |= 1 << field
		if v.Kind == yaml.ScalarNode && v.Tag == "!!null" {
			present.empty |= 1 << field
			continue
		}
		present.bits |= 1 << field
		set(k.Value, v)
	}
	return present
}

// keyBefore reports whether the key at m.Content[i] is also one of the keys
// before it.
func keyBefore(m *yaml.Node, i int) bool {
	for j := 0; j < i; j += 2 {
		if m.Content[j].Value == m.Content[i].Value {
			return true
		}
	}
	return false
}

// fieldSet is a set of a mapping's known fields, by their index in known
// (every list of known fields is far shorter than 64).
type fieldSet struct {
	known []string
	bits  uint64
	// empty are the fields written with no value ("title:"): a required
	// one is reported as empty, not as missing, which it is not
	empty uint64
}

func (s fieldSet) isEmpty(name string) bool {
	i := slices.Index(s.known, name)
	return i >= 0 && s.empty&(1<<i) != 0
}

func (s fieldSet) has(name string) bool {
	i := slices.Index(s.known, name)
	return i >= 0 && s.bits&(1<<i) != 0
}

// require reports each required field missing from a mapping at m.
func (d *decoder) require(m *yaml.Node, present fieldSet, what string, names ...string) {
	for _, name := range names {
		if present.has(name) {
			continue
		}
		if present.isEmpty(name) {
			// at its key, the first (a repeated one is reported as such)
			i := 0
			for m.Content[i].Value != name {
				i += 2
			}
			d.diags.Add(d.pos(m.Content[i]), "%s is empty: the %s needs one", name, what)
			continue
		}
		d.diags.Add(d.pos(m), "%s is missing required field %q", what, name)
	}
}

func suggest(word string, candidates []string) string {
	if best := Closest(word, candidates); best != "" {
		return fmt.Sprintf("did you mean %q?", best)
	}
	return "known fields: " + strings.Join(candidates, ", ")
}

// suggestValue is suggest for a field's value: the closest allowed value, or
// nothing, as the message already lists the values allowed.
func suggestValue(word string, candidates []string) string {
	if best := Closest(word, candidates); best != "" {
		return fmt.Sprintf("did you mean %q?", best)
	}
	return ""
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func (d *decoder) str(n *yaml.Node) string {
	if n.Kind != yaml.ScalarNode {
		d.diags.Add(d.pos(n), "expected text, found %s", describe(n))
		return ""
	}
	return n.Value
}

// text is a required-if-present plain string that must not be blank.
func (d *decoder) text(n *yaml.Node, field string) string {
	s := strings.TrimSpace(d.str(n))
	if s == "" && n.Kind == yaml.ScalarNode {
		d.diags.Add(d.pos(n), "%s is empty", field)
	}
	return s
}

func (d *decoder) boolean(n *yaml.Node) bool {
	if n.Kind != yaml.ScalarNode || n.Tag != "!!bool" {
		d.diags.Add(d.pos(n), "expected true or false, found %s", describe(n))
		return false
	}
	return n.Value == "true" || n.Value == "True" || n.Value == "TRUE"
}

func (d *decoder) integer(n *yaml.Node) int {
	v, err := strconv.Atoi(n.Value)
	if n.Kind != yaml.ScalarNode || err != nil {
		d.diags.Add(d.pos(n), "expected a whole number, found %s", describe(n))
	}
	return v
}

func (d *decoder) date(n *yaml.Node) Date {
	s := d.str(n)
	if s == "" {
		return Date{}
	}
	t, err := ParseDate(s)
	if err != nil {
		d.diags.Add(d.pos(n), "%v", err)
	}
	return t
}

// list accepts a sequence, or a single value standing for a list of one.
func (d *decoder) list(n *yaml.Node) []*yaml.Node {
	if n.Kind == yaml.SequenceNode {
		return n.Content
	}
	return []*yaml.Node{n}
}

func (d *decoder) strs(n *yaml.Node, field string) []string {
	var out []string
	for _, item := range d.list(n) {
		if s := d.text(item, field); s != "" {
			out = append(out, s)
		}
	}
	return out
}

func (d *decoder) ref(n *yaml.Node) Ref {
	s := d.str(n)
	if s == "" {
		return Ref{}
	}
	p := d.pos(n)
	if err := CheckID(s); err != nil {
		d.diags.AddSuggest(p, suggestID(s), "%v", err)
	}
	return Ref{ID: s, Pos: p}
}

func (d *decoder) refs(n *yaml.Node) []Ref {
	var out []Ref
	for _, item := range d.list(n) {
		if r := d.ref(item); !r.IsZero() {
			out = append(out, r)
		}
	}
	return out
}

func (d *decoder) tags(n *yaml.Node) []Tag {
	var out []Tag
	for _, item := range d.list(n) {
		s := d.str(item)
		if s == "" {
			continue
		}
		p := d.pos(item)
		if err := CheckID(s); err != nil {
			d.diags.AddSuggest(p, suggestID(s), "invalid tag %q: tags are lower-case letters, digits and single hyphens", s)
			continue
		}
		out = append(out, Tag{Name: s, Pos: p})
	}
	return out
}

// url accepts absolute http(s) and mailto URLs only: anything else in YAML is
// either a mistake or a script waiting to run.
func (d *decoder) url(n *yaml.Node) string {
	s := strings.TrimSpace(d.str(n))
	if s == "" {
		return ""
	}
	if err := CheckExternalURL(s); err != nil {
		d.diags.Add(d.pos(n), "%v", err)
		return ""
	}
	return s
}

// markdown keeps a Markdown value with the position its text starts at. For
// block scalars (| and >) the text starts on the next line.
func (d *decoder) markdown(n *yaml.Node) Markdown {
	s := d.str(n)
	line, col := n.Line+d.lineOff, n.Column
	switch {
	case n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0:
		line, col = line+1, 1
	case n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0:
		col++ // the text starts after the opening quote
	}
	m := Markdown{Source: []byte(s), File: d.file, StartLine: line, StartCol: col}
	if spans := d.spans(n, s); len(spans) > 0 && spans[0].Off == 0 {
		// where the text truly starts: a block's first line is indented
		m.StartLine, m.StartCol = spans[0].Line, spans[0].Col
		if len(spans) > 1 {
			m.Spans = spans
		}
	}
	return m
}

// spans places the text of the scalar n, value, in the YAML text it was
// read from (see Markdown.Spans): each byte of the value is matched with
// the next byte of the scalar's lines, skipping the indentation and line
// breaks the value left out, a line break folded into a space, and the
// escapes of quotes. Every character that is not a space is where the
// editor wrote it. Nil when the two cannot be matched (an escape such as
// \n), and the text's start is all that is known.
func (d *decoder) spans(n *yaml.Node, value string) []Span {
	src := d.data
	j, line := 0, 1
	for line < n.Line {
		nl := bytes.IndexByte(src[j:], '\n')
		if nl < 0 {
			return nil
		}
		j, line = j+nl+1, line+1
	}
	lineStart := j
	for c := 1; c < n.Column && j < len(src) && src[j] != '\n'; c++ {
		_, size := utf8.DecodeRune(src[j:])
		j += size
	}
	single, double := n.Style&yaml.SingleQuotedStyle != 0, n.Style&yaml.DoubleQuotedStyle != 0
	switch {
	case n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0:
		// the text starts on the line after the indicator
		nl := bytes.IndexByte(src[j:], '\n')
		if nl < 0 {
			return nil
		}
		j, line = j+nl+1, line+1
		lineStart = j
	case single || double:
		j++ // after the opening quote
	}
	var spans []Span
	nextI, nextJ := -1, -1 // where the last span goes on
	for i := 0; i < len(value); {
		if j >= len(src) {
			return nil
		}
		c, s := value[i], src[j]
		switch {
		case s == c && !(double && s == '\\') && !(single && s == '\''):
			if i != nextI || j != nextJ {
				spans = append(spans, Span{Off: i, Line: line + d.lineOff, Col: j - lineStart + 1})
			}
			i, j = i+1, j+1
			nextI, nextJ = i, j
			if s == '\n' {
				line, lineStart, nextJ = line+1, j, -1
			}
		case single && s == '\'' && c == '\'' && j+1 < len(src) && src[j+1] == '\'',
			double && s == '\\' && j+1 < len(src) && src[j+1] == c:
			// '' in single quotes, \" or \\ in double ones: one character
			// written as two
			i, j = i+1, j+2
			nextJ = -1
		case c == ' ' && s == '\n': // a line break folded into a space
			i, j = i+1, j+1
			line, lineStart, nextJ = line+1, j, -1
		case s == ' ' || s == '\t' || s == '\r' || s == '\n':
			j++
			if s == '\n' {
				line, lineStart = line+1, j
			}
			nextJ = -1
		default:
			return nil
		}
	}
	return spans
}

// Package fastexec runs html/template's escaped templates without
// text/template's reflection on every action. See Template.
package fastexec

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"text/template/parse"
)

// Template executes a template's parse tree as html/template escaped it,
// without text/template's machinery: text/template finds each field by name
// and calls each escaper through reflection on every action, a third of a
// large build's time. html/template stays the authority: it parses the
// templates and decides every escaper; this only runs the result. The
// subset it runs (fields, variables, if/with/range over slices, template
// calls, and, or, not, eq, ne, lt, le, gt, ge, len, print, join and the
// five escapers HTML text, attributes, URLs and titles need) covers the
// default theme; a template using anything else is not compiled, and a
// value it does not handle (a method, a map, a nil pointer...) stops it
// with ErrUnhandled so that the caller runs html/template instead, which then
// gives the same output or the same error.
type Template struct {
	root  *parse.Tree
	trees map[string]*parse.Tree // the templates it calls, by name
	// the field paths of each field and variable node, in a map for each:
	// looked up by interface (hashing the node's type too), they took 1.2%
	// of a whole build's CPU time, 0.16 s at 10,000 articles; by pointer,
	// 0.07 s
	fields    map[*parse.FieldNode]*fieldPath
	variables map[*parse.VariableNode]*fieldPath
	prints    map[*parse.ActionNode]printAction // each action that prints
	// states are reused: a new one with room for its variables for each
	// of a large build's 130,000 executions was 115 MB of garbage
	states sync.Pool
}

// ErrUnhandled says the fast executor does not handle what it met.
var ErrUnhandled = errors.New("not handled by the fast executor")

// fieldPath caches, for each field name of a chain like .Site.Title, where
// the field was found in the last struct type seen there.
type fieldPath struct {
	names []string
	steps []atomic.Pointer[fieldStep]
}

type fieldStep struct {
	typ   reflect.Type
	index []int
}

type escID int

const (
	escHTML escID = iota + 1
	escAttr
	escRCDATA
	escURLFilter
	escURLNormalizer
)

var escaperIDs = map[string]escID{
	"_html_template_htmlescaper":   escHTML,
	"_html_template_attrescaper":   escAttr,
	"_html_template_rcdataescaper": escRCDATA,
	"_html_template_urlfilter":     escURLFilter,
	"_html_template_urlnormalizer": escURLNormalizer,
}

// builtins are the functions the fast executor runs itself.
var builtins = map[string]bool{
	"and": true, "or": true, "not": true, "eq": true, "ne": true, "lt": true, "le": true,
	"gt": true, "ge": true, "len": true, "print": true, "join": true,
}

// Compile prepares the template name of set, which html/template must
// have escaped already (by executing it once); funcs are the functions set
// was parsed with. It returns nil when the template uses anything outside
// the subset.
func Compile(set *template.Template, name string, funcs template.FuncMap) *Template {
	for fn, f := range funcs {
		// text/template calls a template's own function before a builtin
		// of the same name; the executor runs join as strings.Join
		if builtins[fn] && (fn != "join" || reflect.ValueOf(f).Pointer() != reflect.ValueOf(strings.Join).Pointer()) {
			return nil
		}
	}
	t := set.Lookup(name)
	if t == nil || t.Tree == nil {
		return nil
	}
	ft := &Template{
		root: t.Tree, trees: map[string]*parse.Tree{}, fields: map[*parse.FieldNode]*fieldPath{}, variables: map[*parse.VariableNode]*fieldPath{},
		prints: map[*parse.ActionNode]printAction{},
	}
	c := &fastCompiler{ft: ft, set: set}
	c.node(t.Tree.Root)
	if c.failed {
		return nil
	}
	return ft
}

type fastCompiler struct {
	ft     *Template
	set    *template.Template
	failed bool
}

func (c *fastCompiler) node(n parse.Node) {
	if c.failed || n == nil {
		return
	}
	switch n := n.(type) {
	case *parse.ListNode:
		if n == nil {
			return
		}
		for _, child := range n.Nodes {
			c.node(child)
		}
	case *parse.TextNode, *parse.CommentNode:
	case *parse.ActionNode:
		if len(n.Pipe.Decl) > 0 {
			c.pipe(n.Pipe)
		} else {
			c.printAction(n)
		}
	case *parse.IfNode:
		c.branch(&n.BranchNode)
	case *parse.WithNode:
		c.branch(&n.BranchNode)
	case *parse.RangeNode:
		c.branch(&n.BranchNode)
	case *parse.TemplateNode:
		c.pipe(n.Pipe)
		if _, done := c.ft.trees[n.Name]; done {
			return
		}
		t := c.set.Lookup(n.Name)
		if t == nil || t.Tree == nil {
			c.failed = true // a template html/template derived for another context
			return
		}
		c.ft.trees[n.Name] = t.Tree
		c.node(t.Tree.Root)
	default:
		c.failed = true // break, continue, anything newer
	}
}

func (c *fastCompiler) branch(b *parse.BranchNode) {
	c.pipe(b.Pipe)
	c.node(b.List)
	c.node(b.ElseList)
}

// printAction is an action that prints: the commands that make its value, then
// the escapers html/template added.
type printAction struct {
	values   []*parse.CommandNode
	escapers []escID
}

// printAction checks that an action that prints ends with escapers, and has
// them nowhere else, and records both parts.
func (c *fastCompiler) printAction(n *parse.ActionNode) {
	cmds := n.Pipe.Cmds
	start := len(cmds)
	for start > 0 {
		id, ok := cmds[start-1].Args[0].(*parse.IdentifierNode)
		if !ok || escaperIDs[id.Ident] == 0 || len(cmds[start-1].Args) != 1 {
			break
		}
		start--
	}
	if start == 0 || start == len(cmds) {
		c.failed = true
		return
	}
	p := printAction{values: cmds[:start]}
	for _, cmd := range cmds[start:] {
		p.escapers = append(p.escapers, escaperIDs[cmd.Args[0].(*parse.IdentifierNode).Ident])
	}
	c.ft.prints[n] = p
	c.commands(p.values)
}

func (c *fastCompiler) pipe(p *parse.PipeNode) {
	if p == nil || c.failed {
		return
	}
	for _, v := range p.Decl {
		if len(v.Ident) != 1 {
			c.failed = true
		}
	}
	c.commands(p.Cmds)
}

func (c *fastCompiler) commands(cmds []*parse.CommandNode) {
	for i, cmd := range cmds {
		c.command(cmd, i > 0)
	}
}

// command checks a command; an escaper is only allowed where printAction finds
// it, at the end of what an action prints.
func (c *fastCompiler) command(cmd *parse.CommandNode, hasFinal bool) {
	if id, ok := cmd.Args[0].(*parse.IdentifierNode); ok {
		if !builtins[id.Ident] {
			c.failed = true
			return
		}
		for _, a := range cmd.Args[1:] {
			c.arg(a)
		}
		return
	}
	if len(cmd.Args) != 1 || hasFinal {
		c.failed = true // arguments to something that is not a function
		return
	}
	c.arg(cmd.Args[0])
}

func (c *fastCompiler) arg(n parse.Node) {
	switch n := n.(type) {
	case *parse.DotNode, *parse.StringNode, *parse.BoolNode:
	case *parse.NumberNode:
		if _, ok := intConstant(n); !ok {
			c.failed = true
		}
	case *parse.FieldNode:
		c.ft.fields[n] = newFieldPath(n.Ident)
	case *parse.VariableNode:
		c.ft.variables[n] = newFieldPath(n.Ident[1:])
	case *parse.PipeNode:
		if len(n.Decl) > 0 {
			c.failed = true
		}
		c.pipe(n)
	default:
		c.failed = true // nil, chains, functions as arguments
	}
}

func newFieldPath(names []string) *fieldPath {
	return &fieldPath{names: names, steps: make([]atomic.Pointer[fieldStep], len(names))}
}

// intConstant is a number as text/template takes it when a builtin gets
// it: an int, for decimal integers only here.
func intConstant(n *parse.NumberNode) (int, bool) {
	if !n.IsInt || strings.Trim(n.Text, "-0123456789") != "" || int64(int(n.Int64)) != n.Int64 {
		return 0, false
	}
	return int(n.Int64), true
}

type variable struct {
	name  string
	value reflect.Value
}

type fastState struct {
	ft    *Template
	out   *bytes.Buffer
	vars  []variable
	base  int // the current template's variables start here
	depth int
}

// Execute runs the template on data into out. On ErrUnhandled or any other
// error, out holds part of the output: the caller truncates it.
func (ft *Template) Execute(out *bytes.Buffer, data any) (err error) {
	defer func() {
		// ErrUnhandled, or a value reflection refused: html/template then runs
		// the template as it always did, so a case missed here costs time,
		// not a wrong page (the tests count these)
		if r := recover(); r != nil {
			err = ErrUnhandled
		}
	}()
	s, _ := ft.states.Get().(*fastState)
	if s == nil {
		s = &fastState{ft: ft, vars: make([]variable, 0, 16)}
	}
	dot := checkValue(reflect.ValueOf(data))
	s.out, s.vars, s.base, s.depth = out, append(s.vars[:0], variable{"$", dot}), 0, 0
	s.walk(dot, ft.root.Root)
	// a state left by a panic is not reused: it may be midway
	clear(s.vars[:cap(s.vars)]) // nothing of this page kept alive by the pool
	s.out = nil
	ft.states.Put(s)
	return nil
}

// ExecuteOrUndo runs t on data into buf and reports whether it did. When
// it did not (t is nil, or Execute failed), buf is as it was, for
// html/template to run the template instead.
func (t *Template) ExecuteOrUndo(buf *bytes.Buffer, data any) bool {
	if t == nil {
		return false
	}
	mark := buf.Len()
	if t.Execute(buf, data) != nil {
		buf.Truncate(mark)
		return false
	}
	return true
}

func slow() { panic(ErrUnhandled) }

func (s *fastState) walk(dot reflect.Value, n parse.Node) {
	switch n := n.(type) {
	case *parse.ListNode:
		for _, child := range n.Nodes {
			s.walk(dot, child)
		}
	case *parse.TextNode:
		s.out.Write(n.Text)
	case *parse.CommentNode:
	case *parse.ActionNode:
		if len(n.Pipe.Decl) > 0 {
			s.pipeline(dot, n.Pipe) // variables persist to the end of the block
			return
		}
		p := s.ft.prints[n]
		text, kind := stringArg(s.commands(dot, p.values))
		for _, esc := range p.escapers {
			text = escapeText(esc, text, kind)
			kind = contentPlain
		}
		s.out.WriteString(text)
	case *parse.IfNode:
		s.ifOrWith(false, dot, &n.BranchNode)
	case *parse.WithNode:
		s.ifOrWith(true, dot, &n.BranchNode)
	case *parse.RangeNode:
		s.rangeList(dot, n)
	case *parse.TemplateNode:
		s.template(dot, n)
	default:
		slow()
	}
}

func (s *fastState) ifOrWith(with bool, dot reflect.Value, b *parse.BranchNode) {
	mark := len(s.vars)
	v := s.pipeline(dot, b.Pipe)
	switch {
	case isTrue(indirectInterface(v)) && with:
		s.walk(v, b.List)
	case isTrue(indirectInterface(v)):
		s.walk(dot, b.List)
	case b.ElseList != nil:
		s.walk(dot, b.ElseList)
	}
	s.vars = s.vars[:mark]
}

func (s *fastState) rangeList(dot reflect.Value, r *parse.RangeNode) {
	outer := len(s.vars)
	v := indirect(s.pipeline(dot, r.Pipe))
	mark := len(s.vars)
	decl := len(r.Pipe.Decl)
	if r.Pipe.IsAssign && decl > 0 {
		slow()
	}
	switch v.Kind() {
	case reflect.Array, reflect.Slice:
		if v.Len() == 0 {
			break
		}
		for i := 0; i < v.Len(); i++ {
			elem := checkValue(v.Index(i))
			if decl > 0 {
				s.vars[len(s.vars)-1].value = elem
			}
			if decl > 1 {
				s.vars[len(s.vars)-2].value = reflect.ValueOf(i)
			}
			s.walk(elem, r.List)
			s.vars = s.vars[:mark]
		}
		s.vars = s.vars[:outer]
		return
	case reflect.Invalid:
	default:
		slow() // maps, numbers, channels, functions
	}
	if r.ElseList != nil {
		s.walk(dot, r.ElseList)
	}
	s.vars = s.vars[:outer]
}

func (s *fastState) template(dot reflect.Value, n *parse.TemplateNode) {
	tree := s.ft.trees[n.Name]
	var newDot reflect.Value
	if n.Pipe != nil {
		newDot = s.pipeline(dot, n.Pipe)
	}
	if s.depth++; s.depth > 1000 {
		slow() // html/template reports the runaway recursion
	}
	mark, base := len(s.vars), s.base
	s.vars = append(s.vars, variable{"$", newDot})
	s.base = mark
	s.walk(newDot, tree.Root)
	s.vars, s.base = s.vars[:mark], base
	s.depth--
}

func (s *fastState) pipeline(dot reflect.Value, p *parse.PipeNode) reflect.Value {
	if p == nil {
		return reflect.Value{}
	}
	v := s.commands(dot, p.Cmds)
	for _, d := range p.Decl {
		if p.IsAssign {
			s.setVar(d.Ident[0], v)
		} else {
			s.vars = append(s.vars, variable{d.Ident[0], v})
		}
	}
	return v
}

// commands runs a pipeline's commands, each given the last one's value.
func (s *fastState) commands(dot reflect.Value, cmds []*parse.CommandNode) reflect.Value {
	var v reflect.Value
	for i, cmd := range cmds {
		v = s.command(dot, cmd, v, i > 0)
		if v.Kind() == reflect.Interface && v.Type().NumMethod() == 0 {
			v = v.Elem()
		}
	}
	return v
}

func (s *fastState) command(dot reflect.Value, cmd *parse.CommandNode, final reflect.Value, hasFinal bool) reflect.Value {
	if id, ok := cmd.Args[0].(*parse.IdentifierNode); ok {
		return s.function(dot, id.Ident, cmd.Args[1:], final, hasFinal)
	}
	return s.arg(dot, cmd.Args[0])
}

func (s *fastState) arg(dot reflect.Value, n parse.Node) reflect.Value {
	switch n := n.(type) {
	case *parse.DotNode:
		return dot
	case *parse.FieldNode:
		return s.fields(dot, s.ft.fields[n])
	case *parse.VariableNode:
		return s.fields(s.variable(n.Ident[0]), s.ft.variables[n])
	case *parse.StringNode:
		return reflect.ValueOf(n.Text)
	case *parse.BoolNode:
		return reflect.ValueOf(n.True)
	case *parse.NumberNode:
		i, _ := intConstant(n)
		return reflect.ValueOf(i)
	case *parse.PipeNode:
		return s.pipeline(dot, n)
	}
	slow()
	return reflect.Value{}
}

func (s *fastState) variable(name string) reflect.Value {
	for i := len(s.vars) - 1; i >= s.base; i-- {
		if s.vars[i].name == name {
			return s.vars[i].value
		}
	}
	slow()
	return reflect.Value{}
}

func (s *fastState) setVar(name string, v reflect.Value) {
	for i := len(s.vars) - 1; i >= s.base; i-- {
		if s.vars[i].name == name {
			s.vars[i].value = v
			return
		}
	}
	slow()
}

// fields follows a chain of field names from v.
func (s *fastState) fields(v reflect.Value, fp *fieldPath) reflect.Value {
	for i, name := range fp.names {
		v = field(v, name, &fp.steps[i])
	}
	return checkValue(v)
}

var reflectValueType = reflect.TypeFor[reflect.Value]()

// checkValue leaves to html/template the reflect.Values found in data:
// text/template takes the value inside one where this would take the
// struct. Every value the executor handles comes from the data, a field or
// an element of a list, which all pass here.
func checkValue(v reflect.Value) reflect.Value {
	if v.IsValid() && (v.Type() == reflectValueType || v.Kind() == reflect.Interface && !v.IsNil() && v.Elem().Type() == reflectValueType) {
		slow()
	}
	return v
}

func field(v reflect.Value, name string, cache *atomic.Pointer[fieldStep]) reflect.Value {
	for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
		if v.IsNil() {
			slow() // html/template reports the nil pointer
		}
		v = v.Elem()
	}
	if v.Kind() != reflect.Struct {
		slow() // maps, nil data
	}
	t := v.Type()
	step := cache.Load()
	if step == nil || step.typ != t {
		// A method of that name would be called instead of the field.
		if _, ok := reflect.PointerTo(t).MethodByName(name); ok {
			slow()
		}
		f, ok := t.FieldByName(name)
		if !ok || !f.IsExported() {
			slow()
		}
		step = &fieldStep{typ: t, index: f.Index}
		cache.Store(step)
	}
	f, err := v.FieldByIndexErr(step.index)
	if err != nil {
		slow()
	}
	return f
}

func (s *fastState) function(dot reflect.Value, name string, args []parse.Node, final reflect.Value, hasFinal bool) reflect.Value {
	if name == "and" || name == "or" {
		// they stop at the first argument that decides, returning it
		var v reflect.Value
		for _, a := range args {
			if v = s.arg(dot, a); !v.IsValid() {
				slow() // text/template reports the missing value
			}
			if isTrue(indirectInterface(v)) == (name == "or") {
				return v
			}
		}
		if hasFinal {
			v = final
		}
		if !v.IsValid() {
			slow()
		}
		return v
	}
	vals := make([]reflect.Value, 0, 4)
	for _, a := range args {
		vals = append(vals, s.arg(dot, a))
	}
	if hasFinal {
		vals = append(vals, final)
	}
	for _, v := range vals {
		if !v.IsValid() {
			slow()
		}
	}
	switch name {
	case "not":
		if len(vals) != 1 {
			slow()
		}
		return reflect.ValueOf(!isTrue(indirectInterface(vals[0])))
	case "eq":
		if len(vals) < 2 {
			slow()
		}
		for _, v := range vals[1:] {
			if compare(vals[0], v, false) == 0 {
				return reflect.ValueOf(true)
			}
		}
		return reflect.ValueOf(false)
	case "ne", "lt", "le", "gt", "ge":
		if len(vals) != 2 {
			slow()
		}
		c := compare(vals[0], vals[1], name != "ne")
		var r bool
		switch name {
		case "ne":
			r = c != 0
		case "lt":
			r = c < 0
		case "le":
			r = c <= 0
		case "gt":
			r = c > 0
		default:
			r = c >= 0
		}
		return reflect.ValueOf(r)
	case "len":
		if len(vals) != 1 {
			slow()
		}
		v := indirect(vals[0])
		switch v.Kind() {
		case reflect.Array, reflect.Map, reflect.Slice, reflect.String:
			return reflect.ValueOf(v.Len())
		}
	case "print":
		ifaces := make([]any, len(vals))
		for i, v := range vals {
			ifaces[i] = v.Interface()
		}
		return reflect.ValueOf(fmt.Sprint(ifaces...))
	case "join":
		if len(vals) == 2 {
			elems, ok1 := vals[0].Interface().([]string)
			sep, ok2 := vals[1].Interface().(string)
			if ok1 && ok2 {
				return reflect.ValueOf(strings.Join(elems, sep))
			}
		}
	}
	slow()
	return reflect.Value{}
}

// compare compares two strings, two signed integers or (unless ordered)
// two booleans as text/template's comparison functions do; anything else
// is left to html/template.
func compare(a, b reflect.Value, ordered bool) int {
	a, b = indirectInterface(a), indirectInterface(b)
	switch {
	case a.Kind() == reflect.String && b.Kind() == reflect.String:
		return strings.Compare(a.String(), b.String())
	case a.CanInt() && b.CanInt():
		x, y := a.Int(), b.Int()
		switch {
		case x < y:
			return -1
		case x > y:
			return 1
		}
		return 0
	case a.Kind() == reflect.Bool && b.Kind() == reflect.Bool && !ordered:
		if a.Bool() == b.Bool() {
			return 0
		}
		return 1
	}
	slow()
	return 0
}

func indirectInterface(v reflect.Value) reflect.Value {
	if v.Kind() != reflect.Interface {
		return v
	}
	if v.IsNil() {
		return reflect.Value{}
	}
	return v.Elem()
}

// indirect follows pointers and interfaces to a value, stopping at nil.
func indirect(v reflect.Value) reflect.Value {
	for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
		if v.IsNil() {
			return v
		}
		v = v.Elem()
	}
	return v
}

// isTrue is text/template's truth: a value is true unless it is the zero
// of its type or empty.
func isTrue(v reflect.Value) bool {
	if !v.IsValid() {
		return false
	}
	switch v.Kind() {
	case reflect.Array, reflect.Map, reflect.Slice, reflect.String:
		return v.Len() > 0
	case reflect.Bool:
		return v.Bool()
	case reflect.Chan, reflect.Func, reflect.Pointer, reflect.UnsafePointer, reflect.Interface:
		return !v.IsNil()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return v.Int() != 0
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return v.Uint() != 0
	case reflect.Float32, reflect.Float64:
		return v.Float() != 0
	case reflect.Complex64, reflect.Complex128:
		return v.Complex() != 0
	case reflect.Struct:
		return true
	}
	slow()
	return false
}

type contentKind int

const (
	contentPlain contentKind = iota
	contentHTML
	contentURL
)

var (
	stringType = reflect.TypeFor[string]()
	htmlType   = reflect.TypeFor[template.HTML]()
	urlType    = reflect.TypeFor[template.URL]()
)

// stringArg is the text an escaper makes of a value, as html/template's
// stringify does for the values the default theme prints: strings, safe
// HTML and URLs, integers and booleans.
func stringArg(v reflect.Value) (string, contentKind) {
	if !v.IsValid() {
		return "", contentPlain // html/template skips nil arguments
	}
	if v = indirectInterface(v); !v.IsValid() {
		return "", contentPlain
	}
	switch v.Type() {
	case stringType:
		return v.String(), contentPlain
	case htmlType:
		return v.String(), contentHTML
	case urlType:
		return v.String(), contentURL
	}
	if v.Type().NumMethod() == 0 {
		switch v.Kind() {
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
			return strconv.FormatInt(v.Int(), 10), contentPlain
		case reflect.Bool:
			return strconv.FormatBool(v.Bool()), contentPlain
		}
	}
	slow() // other safe content types, Stringers, pointers, structs
	return "", contentPlain
}

// escapeText is one of html/template's escapers on a value's text.
func escapeText(id escID, s string, kind contentKind) string {
	switch id {
	case escHTML:
		if kind == contentHTML {
			return s
		}
		return replaceHTML(s, false)
	case escAttr:
		if kind == contentHTML {
			slow() // html/template strips the tags
		}
		return replaceHTML(s, false)
	case escRCDATA:
		return replaceHTML(s, kind == contentHTML)
	case escURLFilter:
		if kind == contentURL || isSafeURL(s) {
			return s
		}
		return "#ZgotmplZ"
	case escURLNormalizer:
		return normalizeURL(s)
	}
	slow()
	return ""
}

// replaceHTML is html/template's htmlReplacer with its replacement table
// (norm: the table that leaves & alone, for safe HTML in RCDATA). Every
// character replaced is ASCII, so bytes can be compared one by one: those
// of other characters and of invalid UTF-8 are all above 0x7f.
func replaceHTML(s string, norm bool) string {
	e := byteEdits{s: s}
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case 0:
			e.replace(i, "\uFFFD")
		case '"':
			e.replace(i, "&#34;")
		case '&':
			if !norm {
				e.replace(i, "&amp;")
			}
		case '\'':
			e.replace(i, "&#39;")
		case '+':
			e.replace(i, "&#43;")
		case '<':
			e.replace(i, "&lt;")
		case '>':
			e.replace(i, "&gt;")
		}
	}
	return e.result()
}

// byteEdits makes a copy of s with some of its bytes replaced, and no copy
// when none is: most text needs no escaping.
type byteEdits struct {
	s       string
	b       strings.Builder
	written int // s[:written] is in b
}

func (e *byteEdits) replace(i int, with string) {
	if e.written == 0 {
		e.b.Grow(len(e.s) + 16)
	}
	e.b.WriteString(e.s[e.written:i])
	e.b.WriteString(with)
	e.written = i + 1
}

func (e *byteEdits) result() string {
	if e.written == 0 {
		return e.s
	}
	e.b.WriteString(e.s[e.written:])
	return e.b.String()
}

// isSafeURL is html/template's: a URL with a scheme is safe if the scheme
// is http, https or mailto.
func isSafeURL(s string) bool {
	if protocol, _, ok := strings.Cut(s, ":"); ok && !strings.Contains(protocol, "/") {
		if !strings.EqualFold(protocol, "http") && !strings.EqualFold(protocol, "https") && !strings.EqualFold(protocol, "mailto") {
			return false
		}
	}
	return true
}

// normalizeURL is html/template's urlNormalizer: it percent-encodes the
// bytes a URL may not hold as they are, keeping valid escapes.
func normalizeURL(s string) string {
	e := byteEdits{s: s}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		case strings.IndexByte("!#$&*+,/:;=?@[]-._~", c) >= 0:
		case c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]):
		default:
			e.replace(i, percentEncoded[c])
		}
	}
	return e.result()
}

// percentEncoded holds "%00" to "%ff", as html/template writes them.
var percentEncoded = func() (t [256]string) {
	for c := range t {
		t[c] = fmt.Sprintf("%%%02x", c)
	}
	return t
}()

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

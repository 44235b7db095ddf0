package markdown

import (
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/util"
)

// textWriter is goldmark's HTML text writer, but text with nothing in it to
// escape, resolve or replace is written as it is, in one call. goldmark's
// writer looks at each byte twice, once for escapes and references and
// once for what HTML escapes, writing between them in pieces: a sixth of
// converting an article, whose text almost never holds any of these.
type textWriter struct{ html.Writer }

// Bytes that goldmark's writer does something with: a backslash may escape
// the next byte, & may start a character reference, NUL is replaced, and
// the rest are escaped (see util.EscapeHTMLByte).
var (
	writtenSpecially    = [256]bool{0: true, '"': true, '&': true, '<': true, '>': true, '\\': true}
	rawWrittenSpecially = [256]bool{0: true, '"': true, '&': true, '<': true, '>': true}
)

func (w textWriter) Write(out util.BufWriter, source []byte) {
	if !holdsAny(source, &writtenSpecially) {
		_, _ = out.Write(source)
		return
	}
	w.Writer.Write(out, source)
}

func (w textWriter) RawWrite(out util.BufWriter, source []byte) {
	if !holdsAny(source, &rawWrittenSpecially) {
		_, _ = out.Write(source)
		return
	}
	w.Writer.RawWrite(out, source)
}

// holdsAny reports whether any byte of source is in set.
func holdsAny(source []byte, set *[256]bool) bool {
	for _, c := range source {
		if set[c] {
			return true
		}
	}
	return false
}

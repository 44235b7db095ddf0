package markdown

import (
	"bufio"
	"bytes"
	"math/rand/v2"
	"testing"

	"github.com/yuin/goldmark/renderer/html"
)

// checkTextWriter checks that textWriter writes source as goldmark's own
// writer does, through Write and RawWrite.
func checkTextWriter(t *testing.T, source []byte) {
	t.Helper()
	ours, theirs := textWriter{html.NewWriter()}, html.NewWriter()
	for _, raw := range []bool{false, true} {
		var got, want bytes.Buffer
		gw, ww := bufio.NewWriter(&got), bufio.NewWriter(&want)
		if raw {
			ours.RawWrite(gw, source)
			theirs.RawWrite(ww, source)
		} else {
			ours.Write(gw, source)
			theirs.Write(ww, source)
		}
		gw.Flush()
		ww.Flush()
		if !bytes.Equal(got.Bytes(), want.Bytes()) {
			t.Errorf("%q (raw %v) written as %q, goldmark writes %q", source, raw, got.Bytes(), want.Bytes())
		}
	}
}

// TestTextWriterWritesAsGoldmark: random text made of plain bytes, every
// byte goldmark's writer treats specially, references and escapes.
func TestTextWriterWritesAsGoldmark(t *testing.T) {
	pieces := []string{"a", "word ", "é", "\x00", "\"", "&", "<", ">", "\\", "\\*", "&amp;", "&#x22;", "&#60;", "&copy;", "&nosuch;", "\\ ", "\n"}
	rng := rand.New(rand.NewPCG(5, 6))
	for range 3000 {
		var source []byte
		for range rng.IntN(12) {
			source = append(source, pieces[rng.IntN(len(pieces))]...)
		}
		checkTextWriter(t, source)
	}
}

func FuzzTextWriterWritesAsGoldmark(f *testing.F) {
	for _, s := range []string{"plain text", "a &amp; b", "\\*not emphasis\\*", "<b>", "\x00", `"quoted"`} {
		f.Add([]byte(s))
	}
	f.Fuzz(checkTextWriter)
}

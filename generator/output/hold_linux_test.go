package output

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/dossier-news/dossier/generator/corpus/corpustest"
)

// A large output's old file is held open, replaced but not freed, until
// Release; a small one's is not held, nor a new output's.
func TestFolderHoldsReplacedLargeFilesUntilRelease(t *testing.T) {
	dir := t.TempDir()
	f := NewFolder(dir)
	old, replacement := strings.Repeat("o", holdAbove+50), strings.Repeat("n", holdAbove+20)
	for _, step := range []struct {
		rel, data string
		held      int
	}{
		{"data/big.json", old, 0},         // new: nothing replaced
		{"data/big.json", replacement, 1}, // replaced: the old file held
		{"small/index.html", "a", 1},
		{"small/index.html", "b", 1}, // small: replaced, not held
	} {
		if _, err := f.Write(step.rel, []byte(step.data)); err != nil {
			t.Fatal(err)
		}
		if f.Held() != step.held {
			t.Fatalf("after writing %s: %d files held, want %d", step.rel, f.Held(), step.held)
		}
	}
	if data, _ := os.ReadFile(filepath.Join(dir, "data", "big.json")); string(data) != replacement {
		t.Errorf("big.json holds %q", data)
	}
	fd := int(f.held[0])
	var st syscall.Stat_t
	if err := syscall.Fstat(fd, &st); err != nil || st.Nlink != 0 {
		t.Fatalf("held file: %v, %d names", err, st.Nlink)
	}
	buf := make([]byte, len(old)+1)
	if n, _ := syscall.Pread(fd, buf, 0); !bytes.Equal(buf[:n], []byte(old)) {
		t.Errorf("held file reads %d bytes, not the old data", n)
	}
	f.Release()
	if f.Held() != 0 {
		t.Errorf("%d files held after Release", f.Held())
	}
	if err := syscall.Fstat(fd, &st); err != syscall.EBADF {
		t.Errorf("held file still open after Release: %v", err)
	}
}

// BenchmarkFolderReplacesLargeOutput writes a 9.4 MB output over its last
// version, as watch mode writes the articles' open data of a 10,000-article
// site for every moved article: the old file held and let go inside the
// timed writes (as freeing it in the rename did), and after them (as
// watch mode does, once a rebuild's outputs are written).
func BenchmarkFolderReplacesLargeOutput(b *testing.B) {
	data := bytes.Repeat([]byte("0123456789abcdef\n"), 9_400_000/17)
	for _, bench := range []struct {
		name       string
		afterwards bool
	}{{"released-in-the-write", false}, {"released-afterwards", true}} {
		b.Run(bench.name, func(b *testing.B) {
			f := NewFolder(corpustest.OutDir(b))
			for i := 0; b.Loop(); i++ {
				data[0] = byte('a' + i%2) // a change each time
				if _, err := f.Write("data/articles.json", data); err != nil {
					b.Fatal(err)
				}
				if bench.afterwards {
					b.StopTimer()
				}
				f.Release()
				if bench.afterwards {
					b.StartTimer()
				}
			}
		})
	}
}

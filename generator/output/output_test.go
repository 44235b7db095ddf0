package output

import (
	"os"
	"path/filepath"
	"testing"
)

func TestNoPathLeavesTheOutput(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "public")
	stage, err := NewStage(out)
	if err != nil {
		t.Fatal(err)
	}
	defer stage.Abort()
	for _, bad := range []string{"../x.html", "a/../../x.html", "/etc/x", "", ".", `a\..\..\x`} {
		if err := stage.Write(bad, []byte("x")); err == nil {
			t.Errorf("Stage.Write(%q) was allowed", bad)
		}
		if _, err := WriteIfChanged(out, bad, []byte("x")); err == nil {
			t.Errorf("WriteIfChanged(%q) was allowed", bad)
		}
		if err := Remove(out, bad); err == nil {
			t.Errorf("Remove(%q) was allowed", bad)
		}
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if e.Name() != "public" && e.Name() != filepath.Base(stage.dir) {
			t.Errorf("unexpected %s written beside the output", e.Name())
		}
	}
}

func TestWriteIfChangedKeepsUnchangedFiles(t *testing.T) {
	dir := t.TempDir()
	if w, err := WriteIfChanged(dir, "a/b.html", []byte("one")); err != nil || !w {
		t.Fatalf("first write: %v %v", w, err)
	}
	if w, err := WriteIfChanged(dir, "a/b.html", []byte("one")); err != nil || w {
		t.Errorf("same bytes written again: %v %v", w, err)
	}
	if w, err := WriteIfChanged(dir, "a/b.html", []byte("two")); err != nil || !w {
		t.Errorf("new bytes not written: %v %v", w, err)
	}
	if err := Remove(dir, "a/b.html"); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "a")); !os.IsNotExist(err) {
		t.Error("empty folder left behind")
	}
}

// TestFolderWritesOnlyChanges checks the watch-mode writer: unchanged bytes
// are not written (whether it wrote them or found them), changed bytes are,
// and a file removed or replaced behind its back is written again.
func TestFolderWritesOnlyChanges(t *testing.T) {
	dir := t.TempDir()
	read := func(rel string) string {
		data, err := os.ReadFile(filepath.Join(dir, rel))
		if err != nil {
			t.Fatal(err)
		}
		return string(data)
	}
	if err := os.WriteFile(filepath.Join(dir, "found.html"), []byte("found"), 0o644); err != nil {
		t.Fatal(err)
	}
	f := NewFolder(dir)
	for _, step := range []struct {
		rel, data string
		before    func()
		wrote     bool
	}{
		{rel: "found.html", data: "found", wrote: false},
		{rel: "found.html", data: "found", wrote: false},
		{rel: "found.html", data: "other", wrote: true},
		{rel: "a/b.html", data: "one", wrote: true},
		{rel: "a/b.html", data: "one", wrote: false},
		{rel: "a/b.html", data: "two", wrote: true},
		{rel: "a/b.html", data: "two", wrote: true, before: func() { os.Remove(filepath.Join(dir, "a/b.html")) }},
		{rel: "a/b.html", data: "two", wrote: true, before: func() { os.WriteFile(filepath.Join(dir, "a/b.html"), []byte("edited"), 0o644) }},
		{rel: "a/b.html", data: "two", wrote: false},
	} {
		if step.before != nil {
			step.before()
		}
		if w, err := f.Write(step.rel, []byte(step.data)); err != nil || w != step.wrote {
			t.Errorf("Write(%s, %q) = %v, %v; want %v", step.rel, step.data, w, err, step.wrote)
		}
		if got := read(step.rel); got != step.data {
			t.Errorf("%s holds %q, want %q", step.rel, got, step.data)
		}
	}
	if err := f.Remove("a/b.html"); err != nil {
		t.Fatal(err)
	}
	if w, err := f.Write("a/b.html", []byte("two")); err != nil || !w {
		t.Errorf("a removed file was not written again: %v %v", w, err)
	}
	if _, err := f.Write("../escape.html", []byte("x")); err == nil {
		t.Error("a path outside the folder was allowed")
	}
}

// TestSameRegularFileComparesEveryChunk checks the chunked comparison at the
// edges of its buffer: equal files are found equal, and a change in the
// first or the last byte, or one more byte, is found at every size.
func TestSameRegularFileComparesEveryChunk(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "f")
	for _, size := range []int{0, 1, compareBuffer - 1, compareBuffer, compareBuffer + 1, 2*compareBuffer + 7} {
		data := make([]byte, size)
		for i := range data {
			data[i] = byte(i * 7)
		}
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		if !sameRegularFile(path, data) {
			t.Errorf("size %d: equal file found different", size)
		}
		for _, at := range []int{0, size - 1} {
			if size == 0 {
				break
			}
			changed := append([]byte(nil), data...)
			changed[at]++
			if sameRegularFile(path, changed) {
				t.Errorf("size %d: byte %d changed, found equal", size, at)
			}
		}
		if sameRegularFile(path, append(data, 'x')) {
			t.Errorf("size %d: one byte more found equal", size)
		}
	}
	if sameRegularFile(filepath.Join(dir, "missing"), nil) {
		t.Error("missing file found equal to nothing")
	}
}

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

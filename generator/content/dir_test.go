package content

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

// Dir reads what os.DirFS reads, and fails where it fails, with the same
// errors: sizes around the first read's buffer, empty files, folders,
// links, missing files and names os.DirFS refuses.
func TestDirReadsAsOSDirFS(t *testing.T) {
	root := t.TempDir()
	files := map[string]int{"empty": 0, "one": 1, "a/511": 511, "a/512": 512, "a/513": 513, "a/b/4096": 4096, "a/b/big": 100_003}
	for name, size := range files {
		data := bytes.Repeat([]byte("abcdefghij\n"), size/11+1)[:size]
		if err := os.MkdirAll(filepath.Join(root, filepath.Dir(name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(root, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink("a/512", filepath.Join(root, "link")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("nowhere", filepath.Join(root, "dangling")); err != nil {
		t.Fatal(err)
	}
	names := []string{"link", "dangling", "a", "a/b", ".", "missing", "a/missing", "a/512/under",
		"../outside", "/abs", "a//512", "a/./512", "a/", "", "x\x00y", `a\512`}
	for name := range files {
		names = append(names, name)
	}
	for _, r := range []string{root, root + "/"} {
		want, got := os.DirFS(r).(fs.ReadFileFS), Dir(r).(fs.ReadFileFS)
		for _, name := range names {
			wantData, wantErr := want.ReadFile(name)
			gotData, gotErr := got.ReadFile(name)
			if !bytes.Equal(gotData, wantData) || (gotData == nil) != (wantData == nil) {
				t.Errorf("%q under %q: read %d bytes (nil %v), os.DirFS %d (nil %v)", name, r, len(gotData), gotData == nil, len(wantData), wantData == nil)
			}
			if !sameError(gotErr, wantErr) {
				t.Errorf("%q under %q: error %v, os.DirFS %v", name, r, gotErr, wantErr)
			}
		}
	}
	if err := os.Remove(filepath.Join(root, "dangling")); err != nil { // TestFS opens every file
		t.Fatal(err)
	}
	if err := fstest.TestFS(Dir(root), "empty", "one", "a/512", "a/b/big", "link"); err != nil {
		t.Error(err)
	}
}

// sameError: both nil, or path errors of the same operation on the same
// path for the same reason.
func sameError(got, want error) bool {
	if got == nil || want == nil {
		return got == want
	}
	var g, w *fs.PathError
	if !errors.As(got, &g) || !errors.As(want, &w) {
		return got.Error() == want.Error()
	}
	return g.Op == w.Op && g.Path == w.Path && errors.Is(got, w.Err) && strings.HasSuffix(got.Error(), w.Err.Error())
}

// A Dir of no folder reads nothing, as os.DirFS("") does: not the files
// under the root of the file system.
func TestDirOfNoFolderReadsNothing(t *testing.T) {
	if data, err := Dir("").(fs.ReadFileFS).ReadFile("etc/hostname"); err == nil {
		t.Errorf("read %q from Dir(\"\")", data)
	}
}

package sysfile

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// WriteNew makes, fills and truncates files as os.WriteFile does, and
// reports failures as os.WriteFile reports them.
func TestWriteNewIsWriteFile(t *testing.T) {
	dir := t.TempDir()
	long := bytes.Repeat([]byte("0123456789"), 100_000) // more than one write may take
	for _, data := range [][]byte{long, []byte("short"), nil} {
		ours, theirs := filepath.Join(dir, "ours"), filepath.Join(dir, "theirs")
		if err := WriteNew(ours, data); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(theirs, data, 0o644); err != nil {
			t.Fatal(err)
		}
		got, _ := os.ReadFile(ours)
		if !bytes.Equal(got, data) {
			t.Errorf("wrote %d bytes, read back %d", len(data), len(got))
		}
		a, _ := os.Stat(ours)
		b, _ := os.Stat(theirs)
		if a.Mode() != b.Mode() {
			t.Errorf("mode %v, os.WriteFile gives %v", a.Mode(), b.Mode())
		}
	}
	missing := filepath.Join(dir, "no-such-folder", "index.html")
	err := WriteNew(missing, []byte("x"))
	var pathErr *fs.PathError
	if !errors.Is(err, fs.ErrNotExist) || !errors.As(err, &pathErr) || pathErr.Path != missing {
		t.Errorf("writing into a missing folder: %v, want a *fs.PathError for %s that is fs.ErrNotExist", err, missing)
	}
	if err := WriteNew(dir, []byte("x")); err == nil {
		t.Error("writing over a folder succeeded")
	}
}

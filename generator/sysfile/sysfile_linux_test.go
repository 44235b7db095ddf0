package sysfile

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"syscall"
	"testing"
	"time"
)

// A file with no size (a named pipe, as a file of /proc) that reads short
// before its end is read to its end.
func TestReadReadsWhatHasNoSize(t *testing.T) {
	p := filepath.Join(t.TempDir(), "pipe")
	if err := syscall.Mkfifo(p, 0o644); err != nil {
		t.Skip("no named pipes here:", err)
	}
	want := bytes.Repeat([]byte("0123456789"), 1000)
	go func() {
		f, err := os.OpenFile(p, os.O_WRONLY, 0)
		if err != nil {
			return
		}
		defer f.Close()
		// written in pieces a while apart, so that reads come short
		for chunk := range slices.Chunk(want, 700) {
			if _, err := f.Write(chunk); err != nil {
				return
			}
			time.Sleep(5 * time.Millisecond)
		}
	}()
	got, err := Read(p)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("read %d bytes, want %d", len(got), len(want))
	}
}

// A regular file longer than the size it had when it was opened (it grew
// meanwhile) is read to its end, and one of that size is read to its end
// whatever the reads return.
func TestReadAllReadsPastTheSizeAtOpening(t *testing.T) {
	p := filepath.Join(t.TempDir(), "grown")
	want := bytes.Repeat([]byte("0123456789"), 601)
	if err := os.WriteFile(p, want, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, size := range []int{-1, 0, 5, 510, 511, 512, 6009, len(want)} {
		f, err := os.Open(p)
		if err != nil {
			t.Fatal(err)
		}
		got, err := readAll(int(f.Fd()), size)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("size %d at opening: read %d bytes, want %d", size, len(got), len(want))
		}
	}
}

package output

import (
	"bytes"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
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
		if _, err := NewFolder(out).Write(bad, []byte("x")); err == nil {
			t.Errorf("Folder.Write(%q) was allowed", bad)
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

// Removing a file removes the folders it leaves empty.
func TestRemoveLeavesNoEmptyFolder(t *testing.T) {
	dir := t.TempDir()
	if _, err := NewFolder(dir).Write("a/b.html", []byte("one")); err != nil {
		t.Fatal(err)
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
	for rel, data := range map[string]string{"found.html": "found", "sub/found.html": "found too"} {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, rel)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, rel), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	f := NewFolder(dir)
	for _, step := range []struct {
		rel, data string
		before    func()
		wrote     bool
	}{
		{rel: "found.html", data: "found", wrote: false},
		{rel: "found.html", data: "found", wrote: false},
		// a folder found holds files to compare with
		{rel: "sub/found.html", data: "found too", wrote: false},
		{rel: "sub/other.html", data: "other", wrote: true},
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
	// a folder the Folder made, removed with its last file, made again
	if err := f.Remove("a/b.html"); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "a")); !os.IsNotExist(err) {
		t.Fatalf("the emptied folder is still there: %v", err)
	}
	if w, err := f.Write("a/b.html", []byte("two")); err != nil || !w || read("a/b.html") != "two" {
		t.Errorf("a file in a removed folder was not written again: %v %v", w, err)
	}
	// a folder removed with its last file, then a file in a sibling of
	// it: a month's last story gone, then another in that year
	for _, rel := range []string{"2004/01/index.html", "2004/01/page/2/index.html"} {
		if _, err := f.Write(rel, []byte("january")); err != nil {
			t.Fatal(err)
		}
	}
	for _, rel := range []string{"2004/01/page/2/index.html", "2004/01/index.html"} {
		if err := f.Remove(rel); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "2004")); !os.IsNotExist(err) {
		t.Fatalf("the emptied year is still there: %v", err)
	}
	if w, err := f.Write("2004/02/index.html", []byte("february")); err != nil || !w || read("2004/02/index.html") != "february" {
		t.Errorf("a file in a new folder of a removed one was not written: %v %v", w, err)
	}
	// folders removed behind the writer's back
	if err := os.RemoveAll(filepath.Join(dir, "2004")); err != nil {
		t.Fatal(err)
	}
	if w, err := f.Write("2004/03/index.html", []byte("march")); err != nil || !w || read("2004/03/index.html") != "march" {
		t.Errorf("a file in a folder removed by hand was not written: %v %v", w, err)
	}
	if err := f.Remove("2004/03/index.html"); err != nil {
		t.Fatal(err)
	}
	if _, err := f.Write("../escape.html", []byte("x")); err == nil {
		t.Error("a path outside the folder was allowed")
	}
	// a folder made for a new file, a stale temporary file overwritten, and
	// none left beside the files written
	if err := os.WriteFile(filepath.Join(dir, "a", ".dossier-c.html.tmp"), []byte("stale and longer"), 0o644); err != nil {
		t.Fatal(err)
	}
	for rel, data := range map[string]string{"new/deep/page.html": "deep", "a/c.html": "c"} {
		if w, err := f.Write(rel, []byte(data)); err != nil || !w || read(rel) != data {
			t.Errorf("Write(%s) = %v, %v; holds %q", rel, w, err, read(rel))
		}
	}
	files, err := List(dir)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{"found.html": true, "sub/found.html": true, "sub/other.html": true, "a/b.html": true, "a/c.html": true, "new/deep/page.html": true}
	if !maps.Equal(files, want) {
		t.Errorf("the folder holds %v, want %v", files, want)
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

// writeTree writes files (path -> content) under dir.
func writeTree(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for rel, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// writeStage writes files (path -> content) through stage, but for the
// marker, which a stage makes itself.
func writeStage(t *testing.T, stage *Stage, files map[string]string) {
	t.Helper()
	for rel, text := range files {
		if rel == Marker {
			continue
		}
		if err := stage.Write(rel, []byte(text)); err != nil {
			t.Fatal(err)
		}
	}
}

// commitTree builds files into out through a stage, as a build does.
func commitTree(t *testing.T, out string, files map[string]string) {
	t.Helper()
	stage, err := NewStage(out)
	if err != nil {
		t.Fatal(err)
	}
	writeStage(t, stage, files)
	if err := stage.Commit(); err != nil {
		t.Fatal(err)
	}
}

// readTree returns every file under dir with its content.
func readTree(t *testing.T, dir string) map[string]string {
	t.Helper()
	files, err := List(dir)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for rel := range files {
		data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(rel)))
		if err != nil {
			t.Fatal(err)
		}
		out[rel] = string(data)
	}
	return out
}

// TestCommitInPlace: a build into an existing output leaves it holding the
// new files and only them, whatever was there: unchanged files are not
// touched (same file, same modification time), changed ones are replaced,
// others removed with the folders they leave empty, a file can become a
// folder and a folder a file. Nothing is left beside the output.
func TestCommitInPlace(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "public")
	writeTree(t, out, map[string]string{
		"index.html":           "same",
		"a/changed.html":       "old",
		"a/gone.html":          "old",
		"gone/deep/index.html": "old",
		"was-file":             "old file",
		"was-folder/x.html":    "old",
		"stray.txt":            "someone else's",
	})
	if err := os.MkdirAll(filepath.Join(out, "empty/folder"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := Mark(out); err != nil {
		t.Fatal(err)
	}
	old := time.Now().Add(-time.Hour).Truncate(time.Second)
	same := filepath.Join(out, "index.html")
	if err := os.Chtimes(same, old, old); err != nil {
		t.Fatal(err)
	}
	sameBefore, _ := os.Stat(same)
	want := map[string]string{
		"index.html":          "same",
		"a/changed.html":      "new",
		"new/page/index.html": "new",
		"was-file/index.html": "now a folder",
		"was-folder":          "now a file",
	}
	// most files unchanged, so that changed ones are moved in one by one
	for i := range 10 {
		rel := fmt.Sprintf("kept/%d.html", i)
		writeTree(t, out, map[string]string{rel: "kept"})
		want[rel] = "kept"
	}
	stage, err := NewStage(out)
	if err != nil {
		t.Fatal(err)
	}
	writeStage(t, stage, want)
	if written, kept, _ := stage.Counts(); written != 4 || kept != 11 {
		t.Errorf("Counts: %d written, %d kept; want 4 and 11", written, kept)
	}
	if got := readTree(t, out)["a/changed.html"]; got != "old" {
		t.Errorf("the output changed before Commit: %q", got)
	}
	if err := stage.Commit(); err != nil {
		t.Fatal(err)
	}
	want[Marker] = markerText
	if got := readTree(t, out); !maps.Equal(got, want) {
		t.Errorf("output holds\n%v\nwant\n%v", got, want)
	}
	if after, _ := os.Stat(same); !after.ModTime().Equal(old) || !os.SameFile(sameBefore, after) {
		t.Errorf("unchanged file was written again")
	}
	for _, gone := range []string{"gone", "empty", "a/gone.html"} {
		if _, err := os.Lstat(filepath.Join(out, gone)); !os.IsNotExist(err) {
			t.Errorf("%s is still there", gone)
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("left beside the output: %v", entries)
	}
}

// TestAbortLeavesOutputAlone: a stage aborted after writing changes leaves
// the existing output exactly as it was, and nothing beside it.
func TestAbortLeavesOutputAlone(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "public")
	files := map[string]string{"index.html": "old", "a/b.html": "old", Marker: markerText}
	writeTree(t, out, files)
	stage, err := NewStage(out)
	if err != nil {
		t.Fatal(err)
	}
	for _, rel := range []string{"index.html", "c/d.html"} {
		if err := stage.Write(rel, []byte("new")); err != nil {
			t.Fatal(err)
		}
	}
	stage.Abort()
	if got := readTree(t, out); !maps.Equal(got, files) {
		t.Errorf("output after Abort: %v, want %v", got, files)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("left beside the output: %v", entries)
	}
}

// TestCommitWhole: into no folder, an empty folder, or a link to a folder,
// the stage becomes the output.
func TestCommitWhole(t *testing.T) {
	for _, before := range []string{"nothing", "empty folder", "link"} {
		dir := t.TempDir()
		out := filepath.Join(dir, "public")
		switch before {
		case "empty folder":
			if err := os.Mkdir(out, 0o755); err != nil {
				t.Fatal(err)
			}
		case "link":
			target := filepath.Join(dir, "elsewhere")
			writeTree(t, target, map[string]string{"old.html": "old", Marker: markerText})
			if err := os.Symlink(target, out); err != nil {
				t.Fatal(err)
			}
		}
		stage, err := NewStage(out)
		if err != nil {
			t.Fatal(err)
		}
		if err := stage.Write("a/index.html", []byte("new")); err != nil {
			t.Fatal(err)
		}
		if err := stage.Commit(); err != nil {
			t.Fatal(err)
		}
		want := map[string]string{"a/index.html": "new", Marker: markerText}
		if info, err := os.Lstat(out); err != nil || !info.IsDir() {
			t.Errorf("%s: output is not a folder: %v", before, err)
		} else if got := readTree(t, out); !maps.Equal(got, want) {
			t.Errorf("%s: output holds %v, want %v", before, got, want)
		}
	}
}

// TestCommitInPlaceReplacesLinkedFolders: a folder of the output that is a
// link to a folder elsewhere (not something Dossier makes) becomes a real
// folder holding the build's files, even when the file reached through the
// link has the same bytes; what the link pointed to is left alone.
func TestCommitInPlaceReplacesLinkedFolders(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "public")
	elsewhere := filepath.Join(dir, "elsewhere")
	writeTree(t, out, map[string]string{"index.html": "home", Marker: markerText})
	writeTree(t, elsewhere, map[string]string{"index.html": "same"})
	if err := os.Symlink(elsewhere, filepath.Join(out, "a")); err != nil {
		t.Fatal(err)
	}
	commitTree(t, out, map[string]string{"index.html": "home", "a/index.html": "same"})
	if info, err := os.Lstat(filepath.Join(out, "a")); err != nil || !info.IsDir() {
		t.Fatalf("a is not a real folder: %v", err)
	}
	want := map[string]string{"index.html": "home", "a/index.html": "same", Marker: markerText}
	if got := readTree(t, out); !maps.Equal(got, want) {
		t.Errorf("output holds %v, want %v", got, want)
	}
	if got := readTree(t, elsewhere); !maps.Equal(got, map[string]string{"index.html": "same"}) {
		t.Errorf("the link's target changed: %v", got)
	}
}

// TestCommitInPlaceFromInside: building into "." from inside the output
// folder still stages beside it, not inside it.
func TestCommitInPlaceFromInside(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "public")
	writeTree(t, out, map[string]string{"old.html": "old", "same.html": "same", Marker: markerText})
	t.Chdir(out)
	commitTree(t, ".", map[string]string{"same.html": "same", "new/index.html": "new"})
	want := map[string]string{"same.html": "same", "new/index.html": "new", Marker: markerText}
	if got := readTree(t, out); !maps.Equal(got, want) {
		t.Errorf("output holds %v, want %v", got, want)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("left beside the output: %v", entries)
	}
}

// TestFailedCommitLosesNothing: when moving a changed file in fails, the
// files the build no longer makes are still there: the output is partly
// new, never missing what it had.
func TestFailedCommitLosesNothing(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "public")
	writeTree(t, out, map[string]string{"gone.html": "old", "page.html": "old", "a.html": "a", "b.html": "b", Marker: markerText})
	stage, err := NewStage(out)
	if err != nil {
		t.Fatal(err)
	}
	// one file of three changed: it is moved in, the others stay
	writeStage(t, stage, map[string]string{"page.html": "new", "a.html": "a", "b.html": "b"})
	// the staged file vanishes, as if the disk failed
	if err := os.Remove(filepath.Join(stage.dir, "page.html")); err != nil {
		t.Fatal(err)
	}
	err = stage.Commit()
	if err == nil || !strings.Contains(err.Error(), "partly updated") {
		t.Fatalf("Commit: %v, want an error saying the output is partly updated", err)
	}
	stage.Abort()
	if got := readTree(t, out)["gone.html"]; got != "old" {
		t.Errorf("a file the build no longer makes was deleted before the new ones were in: %q", got)
	}
}

// TestCommitMostlyChanged: when most files changed, the unchanged ones are
// linked into the stage and it is swapped in whole; the result is the same,
// and the unchanged file is still the same file.
func TestCommitMostlyChanged(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "public")
	old := map[string]string{"same/index.html": "same", "gone.html": "old", Marker: markerText}
	want := map[string]string{"same/index.html": "same", Marker: markerText}
	for i := range 8 {
		rel := fmt.Sprintf("p%d/index.html", i)
		old[rel] = "old"
		want[rel] = "new"
	}
	writeTree(t, out, old)
	before, _ := os.Stat(filepath.Join(out, "same/index.html"))
	commitTree(t, out, want)
	if got := readTree(t, out); !maps.Equal(got, want) {
		t.Errorf("output holds %v, want %v", got, want)
	}
	if after, _ := os.Stat(filepath.Join(out, "same/index.html")); !os.SameFile(before, after) || !after.ModTime().Equal(before.ModTime()) {
		t.Error("the unchanged file was written again")
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("left beside the output: %v", entries)
	}
}

// TestCommitKeepsCaseFoldedNames: on a file system that ignores case, an
// old path differing from a new one only in case is the same file (or
// folder), which Commit must not delete as stale. Two hard links to one
// file stand for such a file system here: the old name must be left alone.
func TestCommitKeepsCaseFoldedNames(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "public")
	files := map[string]string{"tags/banks.html": "banks", Marker: markerText}
	for i := range 4 {
		files[fmt.Sprintf("kept/%d.html", i)] = "kept"
	}
	writeTree(t, out, files)
	if err := os.Link(filepath.Join(out, "tags/banks.html"), filepath.Join(out, "tags/Banks.html")); err != nil {
		t.Fatal(err)
	}
	commitTree(t, out, files)
	for _, rel := range []string{"tags/banks.html", "tags/Banks.html"} {
		if data, err := os.ReadFile(filepath.Join(out, rel)); err != nil || string(data) != "banks" {
			t.Errorf("%s: %q, %v", rel, data, err)
		}
	}
}

// A file written in parts through Create is kept or written as Write would
// keep or write it whole: the same bytes leave the destination's file
// untouched, any other (one changed at either end, one more, one fewer)
// replace it, whatever sizes the parts come in.
func TestCreateKeepsWhatWriteKeeps(t *testing.T) {
	part := 0
	// parts of every size from 1 byte to beyond the comparison buffer
	inParts := func([]byte) int {
		part++
		return 1 + (part*part*977)%(compareBuffer+300)
	}
	whole := func(rest []byte) int { return len(rest) }
	for _, next := range []func([]byte) int{inParts, whole} {
		testCreateKeepsWhatWriteKeeps(t, next)
	}
}

func testCreateKeepsWhatWriteKeeps(t *testing.T, next func(rest []byte) int) {
	dir := t.TempDir()
	out := filepath.Join(dir, "public")
	old := map[string]string{}
	want := map[string]string{}
	wantKept := map[string]bool{}
	for _, size := range []int{0, 1, compareBuffer - 1, compareBuffer, compareBuffer + 1, 2*compareBuffer + 7} {
		data := make([]byte, size)
		for i := range data {
			data[i] = byte(i*7 + size)
		}
		variants := map[string][]byte{"same": data, "longer": append(bytes.Clone(data), 'x')}
		if size > 0 {
			first, last := bytes.Clone(data), bytes.Clone(data)
			first[0]++
			last[size-1]++
			variants["first"], variants["last"], variants["shorter"] = first, last, data[:size-1]
		}
		for name, v := range variants {
			rel := fmt.Sprintf("data/%d/%s.json", size, name)
			old[rel], want[rel], wantKept[rel] = string(data), string(v), name == "same"
		}
	}
	want["new/file.json"] = "new"
	want["linked/file.json"] = "same as the link's"
	writeTree(t, out, old)
	writeTree(t, dir, map[string]string{"elsewhere/file.json": "same as the link's"})
	if err := os.Symlink(filepath.Join(dir, "elsewhere"), filepath.Join(out, "linked")); err != nil {
		t.Fatal(err)
	}
	if err := Mark(out); err != nil {
		t.Fatal(err)
	}
	then := time.Now().Add(-time.Hour).Truncate(time.Second)
	for rel := range old {
		if err := os.Chtimes(filepath.Join(out, rel), then, then); err != nil {
			t.Fatal(err)
		}
	}
	stage, err := NewStage(out)
	if err != nil {
		t.Fatal(err)
	}
	for rel, text := range want {
		w, err := stage.Create(rel)
		if err != nil {
			t.Fatal(err)
		}
		for rest := []byte(text); len(rest) > 0; {
			n := min(len(rest), next(rest))
			if m, err := w.Write(rest[:n]); m != n || err != nil {
				t.Fatalf("Write %s: %d, %v", rel, m, err)
			}
			rest = rest[n:]
		}
		// the same bytes are never written, not even into the stage
		inStage := func() bool {
			_, err := os.Lstat(filepath.Join(stage.dir, filepath.FromSlash(rel)))
			return err == nil
		}
		if wantKept[rel] && inStage() {
			t.Errorf("%s is unchanged but written into the stage", rel)
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		if err := w.Close(); err == nil {
			t.Errorf("%s closed twice", rel)
		}
		if inStage() == wantKept[rel] {
			t.Errorf("%s: in the stage %v after Close, unchanged %v", rel, inStage(), wantKept[rel])
		}
	}
	kept := 0
	for _, k := range wantKept {
		if k {
			kept++
		}
	}
	if written, gotKept, _ := stage.Counts(); int(gotKept) != kept || int(written) != len(want)-kept {
		t.Errorf("Counts: %d written, %d kept; want %d and %d", written, gotKept, len(want)-kept, kept)
	}
	if err := stage.Commit(); err != nil {
		t.Fatal(err)
	}
	want[Marker] = markerText
	if got := readTree(t, out); !maps.Equal(got, want) {
		for rel := range want {
			if got[rel] != want[rel] {
				t.Errorf("%s holds %d bytes, want %d", rel, len(got[rel]), len(want[rel]))
			}
		}
	}
	for rel, k := range wantKept {
		info, err := os.Stat(filepath.Join(out, rel))
		if err != nil {
			t.Fatal(err)
		}
		if k != info.ModTime().Equal(then) {
			t.Errorf("%s: kept %v, want %v", rel, !k, k)
		}
	}
	if info, err := os.Lstat(filepath.Join(out, "linked")); err != nil || !info.IsDir() {
		t.Errorf("the link to a folder was not replaced by a folder: %v", err)
	}
}

// Into a new destination, a file written in parts is written.
func TestCreateIntoNewOutput(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	stage, err := NewStage(out)
	if err != nil {
		t.Fatal(err)
	}
	w, err := stage.Create("data/a.json")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"[", "1", "]\n"} {
		if _, err := io.WriteString(w, p); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := stage.Create("../escape.json"); err == nil {
		t.Error("Create wrote outside the output")
	}
	if written, kept, size := stage.Counts(); written != 1 || kept != 0 || size != 4 {
		t.Errorf("Counts: %d written, %d kept, %d bytes", written, kept, size)
	}
	if err := stage.Commit(); err != nil {
		t.Fatal(err)
	}
	if got := readTree(t, out)["data/a.json"]; got != "[1]\n" {
		t.Errorf("data/a.json holds %q", got)
	}
}

package build

import (
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"
)

// siteFS turns a txtar-style archive ("-- path --" lines, each followed by
// the file's text) into an in-memory file system, so a whole site can be
// written inline in a test, as Hugo's integration tests do.
func siteFS(t testing.TB, archive string) fstest.MapFS {
	t.Helper()
	fsys := fstest.MapFS{}
	var name string
	var body strings.Builder
	flush := func() {
		if name != "" {
			fsys[name] = &fstest.MapFile{Data: []byte(body.String())}
		}
		body.Reset()
	}
	for _, line := range strings.SplitAfter(archive, "\n") {
		trimmed := strings.TrimRight(line, "\n")
		if strings.HasPrefix(trimmed, "-- ") && strings.HasSuffix(trimmed, " --") {
			flush()
			name = strings.TrimSuffix(strings.TrimPrefix(trimmed, "-- "), " --")
			continue
		}
		if name == "" {
			if strings.TrimSpace(line) != "" {
				t.Fatalf("archive text before the first file: %q", line)
			}
			continue
		}
		body.WriteString(line)
	}
	flush()
	return fsys
}

// fsglob lists the files under dir in fsys, recursively.
func fsglob(fsys fs.FS, dir string) ([]string, error) {
	var files []string
	err := fs.WalkDir(fsys, dir, func(p string, e fs.DirEntry, err error) error {
		if err == nil && !e.IsDir() {
			files = append(files, p)
		}
		return err
	})
	return files, err
}

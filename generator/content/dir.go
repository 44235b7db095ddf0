package content

import (
	"io/fs"
	"os"
)

// Dir is the files under the folder root, as os.DirFS has them; on Linux
// ReadFile reads a file with the system calls that takes and no more (see
// readfile_linux.go): a build reads every content file, 41,000 at 10,000
// articles.
func Dir(root string) fs.FS {
	return sourceDir{dirFS: os.DirFS(root).(dirFS), root: root}
}

// dirFS is what os.DirFS does besides opening files.
type dirFS interface {
	fs.ReadDirFS
	fs.ReadFileFS
	fs.ReadLinkFS
	fs.StatFS
}

type sourceDir struct {
	dirFS
	root string
}

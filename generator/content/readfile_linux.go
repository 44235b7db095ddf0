package content

import (
	"io/fs"
	"strings"

	"github.com/dossier-news/dossier/generator/sysfile"
)

// ReadFile reads the named file with sysfile.Read, four system calls where
// os.DirFS's made eight, with the errors os.DirFS gives.
func (d sourceDir) ReadFile(name string) ([]byte, error) {
	if d.root == "" {
		return d.dirFS.ReadFile(name) // refused, as os.DirFS("") refuses all
	}
	if !fs.ValidPath(name) || strings.IndexByte(name, 0) >= 0 {
		return nil, &fs.PathError{Op: "readfile", Path: name, Err: fs.ErrInvalid}
	}
	path := d.root + "/" + name
	if strings.HasSuffix(d.root, "/") {
		path = d.root + name
	}
	data, err := sysfile.Read(path)
	if e, ok := err.(*fs.PathError); ok {
		e.Path = name
	}
	return data, err
}

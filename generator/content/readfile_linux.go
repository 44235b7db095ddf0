package content

import (
	"io/fs"
	"strings"
	"syscall"
)

// ReadFile reads the named file, with the errors os.DirFS gives. Through
// os.DirFS, os.ReadFile also makes each file non-blocking and offers it to
// the network poller, which refuses regular files, and reads once more to
// find the end it already reached: four system calls of eight, a third of
// reading the sources' CPU time.
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
	data, err := readFile(path)
	if e, ok := err.(*fs.PathError); ok {
		e.Path = name
	}
	return data, err
}

// readFile reads the file at path: open, its size, reads until one comes
// short at that size, close. A regular file reads short only at its end,
// but any other file (a pipe, a file of /proc, which have no size), and one
// whose size changes meanwhile, is read until a read finds nothing more.
func readFile(path string) ([]byte, error) {
	var fd int
	err := retryInterrupted(func() (err error) {
		fd, err = syscall.Open(path, syscall.O_RDONLY|syscall.O_CLOEXEC, 0)
		return err
	})
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: path, Err: err}
	}
	defer syscall.Close(fd)
	var st syscall.Stat_t
	if err := syscall.Fstat(fd, &st); err != nil {
		return nil, &fs.PathError{Op: "stat", Path: path, Err: err}
	}
	size := -1 // no size: a short read is not the end
	if st.Mode&syscall.S_IFMT == syscall.S_IFREG && st.Size > 0 {
		size = int(st.Size)
	}
	data, err := readAll(fd, size)
	if err != nil {
		return nil, &fs.PathError{Op: "read", Path: path, Err: err}
	}
	return data, nil
}

// readAll reads the file open as fd, of size bytes when it was opened (-1:
// unknown), to its end.
func readAll(fd, size int) ([]byte, error) {
	// a byte more than the size, so that the file read whole reads short
	data := make([]byte, 0, max(size+1, 512))
	for {
		var n int
		err := retryInterrupted(func() (err error) {
			n, err = syscall.Read(fd, data[len(data):cap(data)])
			return err
		})
		if err != nil {
			return nil, err
		}
		data = data[:len(data)+n]
		if n == 0 || (len(data) == size && len(data) < cap(data)) {
			return data, nil
		}
		if len(data) == cap(data) {
			data = append(data, 0)[:len(data)] // full: room for more
		}
	}
}

// retryInterrupted runs call again while a signal interrupts it.
func retryInterrupted(call func() error) error {
	for {
		if err := call(); err != syscall.EINTR {
			return err
		}
	}
}

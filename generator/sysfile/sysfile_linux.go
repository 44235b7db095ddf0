// Package sysfile reads and writes whole files with the system calls that
// takes and no more. The os package also makes each file it opens
// non-blocking and offers it to the network poller, which refuses regular
// files, and os.ReadFile reads once more to find an end it already
// reached: at tens of thousands of files a build, that was a tenth of
// writing the pages and a third of reading the sources.
package sysfile

import (
	"io/fs"
	"syscall"
)

// WriteNew writes data to the file at path, creating or truncating it, as
// os.WriteFile does with mode 0644: open, writes, close.
func WriteNew(path string, data []byte) error {
	var fd int
	err := retryInterrupted(func() (err error) {
		fd, err = syscall.Open(path, syscall.O_WRONLY|syscall.O_CREAT|syscall.O_TRUNC|syscall.O_CLOEXEC, 0o644)
		return err
	})
	if err != nil {
		return &fs.PathError{Op: "open", Path: path, Err: err}
	}
	for len(data) > 0 {
		var n int
		err = retryInterrupted(func() (err error) {
			n, err = syscall.Write(fd, data)
			return err
		})
		if err == nil && n == 0 {
			err = syscall.EIO // a regular file that takes nothing is full or broken
		}
		if err != nil {
			_ = syscall.Close(fd)
			return &fs.PathError{Op: "write", Path: path, Err: err}
		}
		data = data[n:]
	}
	if err := syscall.Close(fd); err != nil {
		return &fs.PathError{Op: "close", Path: path, Err: err}
	}
	return nil
}

// Read reads the file at path: open, its size, reads until one comes
// short at that size, close. A regular file reads short only at its end,
// but any other file (a pipe, a file of /proc, which have no size), and one
// whose size changes meanwhile, is read until a read finds nothing more.
func Read(path string) ([]byte, error) {
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

// Held is a file held open, so that replacing it does not free it (a file
// is freed when its last name and its last open file are gone): the
// freeing comes when it is released, after the writes a caller is timed by.
type Held int

// Hold opens the file at path, if there is one, to be held until Release.
func Hold(path string) (Held, bool) {
	fd, err := syscall.Open(path, syscall.O_RDONLY|syscall.O_CLOEXEC|syscall.O_NOFOLLOW|syscall.O_NONBLOCK, 0)
	if err != nil {
		return -1, false // nothing to hold: not there, or not a file to open
	}
	return Held(fd), true
}

// Release lets the file go.
func (h Held) Release() { _ = syscall.Close(int(h)) }

// retryInterrupted runs call again while a signal interrupts it.
func retryInterrupted(call func() error) error {
	for {
		if err := call(); err != syscall.EINTR {
			return err
		}
	}
}

package output

import (
	"io/fs"
	"syscall"
)

// writeNewFile writes data to the file at path, creating or truncating it,
// with the system calls that takes and no more. os.WriteFile also makes
// each file non-blocking and offers it to the network poller, which
// refuses regular files: three wasted system calls per page, a tenth of a
// full build's writing.
func writeNewFile(path string, data []byte) error {
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

// retryInterrupted runs call again while a signal interrupts it.
func retryInterrupted(call func() error) error {
	for {
		if err := call(); err != syscall.EINTR {
			return err
		}
	}
}

// held is a file held open so that replacing it does not free it.
type held int

// holdFile opens the file at path, if there is one, to be held until its
// release (see Folder.Release).
func holdFile(path string) (held, bool) {
	fd, err := syscall.Open(path, syscall.O_RDONLY|syscall.O_CLOEXEC|syscall.O_NOFOLLOW|syscall.O_NONBLOCK, 0)
	if err != nil {
		return -1, false // nothing to hold: not there, or not a file to open
	}
	return held(fd), true
}

func (h held) release() { _ = syscall.Close(int(h)) }

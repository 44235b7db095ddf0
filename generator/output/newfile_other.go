//go:build !linux

package output

import "os"

// writeNewFile writes data to the file at path, creating or truncating it.
func writeNewFile(path string, data []byte) error {
	return os.WriteFile(path, data, 0o644)
}

// held would be a file held open until its release; elsewhere than on
// Linux replacing a file held open may fail, and none is held.
type held struct{}

func holdFile(string) (held, bool) { return held{}, false }

func (held) release() {}

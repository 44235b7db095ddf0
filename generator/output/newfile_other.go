//go:build !linux

package output

import "os"

// writeNewFile writes data to the file at path, creating or truncating it.
func writeNewFile(path string, data []byte) error {
	return os.WriteFile(path, data, 0o644)
}

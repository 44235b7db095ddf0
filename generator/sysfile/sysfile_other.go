//go:build !linux

package sysfile

import "os"

// WriteNew writes data to the file at path, creating or truncating it.
func WriteNew(path string, data []byte) error { return os.WriteFile(path, data, 0o644) }

// Read reads the file at path.
func Read(path string) ([]byte, error) { return os.ReadFile(path) }

// Held would be a file held open until its release; elsewhere than on
// Linux, replacing a file held open may fail, and none is held.
type Held struct{}

// Hold holds nothing here.
func Hold(string) (Held, bool) { return Held{}, false }

// Release does nothing here.
func (Held) Release() {}

// Package serve is Dossier's watch mode: it watches content/ and templates/,
// rebuilds incrementally, serves the output on loopback and tells open pages
// to reload (or to show the build's errors) over Server-Sent Events.
package serve

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"time"

	"github.com/dossier-news/dossier/generator/content"
	"github.com/fsnotify/fsnotify"
)

// Batch is one rebuild's worth of changes: source paths relative to the
// site folder, slash-separated. Full means "rescan everything" (after a
// queue overflow or a new folder).
type Batch struct {
	Paths []string
	Full  bool
}

// Debounce is how long the watcher waits for a burst of events to end: an
// editor's save (write, or write and rename) is over within a millisecond or
// two, and the wait is part of every rebuild's latency. MaxWait bounds the
// wait while events keep coming (an autosaving editor, a sync tool, a git
// checkout), so that rebuilds still happen.
const (
	Debounce = 10 * time.Millisecond
	MaxWait  = 500 * time.Millisecond
)

// watchedDirs are the site folders watch mode follows.
var watchedDirs = []string{"content", "templates"}

// relevant reports whether a changed path can affect the site: only what is
// in content/ and templates/ (or those folders themselves), and not editors'
// swap, backup and temporary files.
func relevant(rel string) bool {
	if rest, ok := strings.CutPrefix(rel, content.ContentDir+"/"); ok {
		return !content.InIgnored(rest) // as a build lists content files
	}
	for _, d := range watchedDirs {
		if rel == d || strings.HasPrefix(rel, d+"/") {
			return !content.Ignored(rel)
		}
	}
	return false
}

// Batcher turns a stream of fsnotify events into debounced batches.
type Batcher struct {
	root    string
	pending map[string]bool
	full    bool
	// addDir is called for every folder created under the root, so that
	// folders made after start are watched too.
	addDir func(dir string) error
}

// NewBatcher returns a batcher for the site folder root.
func NewBatcher(root string, addDir func(string) error) *Batcher {
	return &Batcher{root: root, pending: map[string]bool{}, addDir: addDir}
}

// Event records one event. It reports an error the user must see, such as
// running out of inotify watches.
func (b *Batcher) Event(ev fsnotify.Event) error {
	rel, err := filepath.Rel(b.root, ev.Name)
	if err != nil || !filepath.IsLocal(rel) {
		return nil
	}
	rel = filepath.ToSlash(rel)
	if !relevant(rel) {
		return nil
	}
	if ev.Has(fsnotify.Create) {
		if info, err := os.Stat(ev.Name); err == nil && info.IsDir() {
			// files may have landed in the folder before its watch was
			// added: the batch names the folder, whose build loads what
			// it holds then (a rescan of the whole site took a second and
			// a half at 10,000 articles)
			if err := watchTree(ev.Name, b.addDir); err != nil {
				return err
			}
		}
	}
	b.pending[rel] = true
	return nil
}

// Error records a watcher error; an overflow means events were lost, so the
// next rebuild rescans everything.
func (b *Batcher) Error(err error) error {
	if errors.Is(err, fsnotify.ErrEventOverflow) {
		b.full = true
		return nil
	}
	return err
}

// Ready reports whether anything is pending.
func (b *Batcher) Ready() bool { return b.full || len(b.pending) > 0 }

// Take returns the pending batch and starts a new one.
func (b *Batcher) Take() Batch {
	batch := Batch{Full: b.full}
	for p := range b.pending {
		batch.Paths = append(batch.Paths, p)
	}
	sort.Strings(batch.Paths)
	b.pending, b.full = map[string]bool{}, false
	return batch
}

// watchTree adds a watch on dir and every folder under it.
func watchTree(dir string, add func(string) error) error {
	return filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			if os.IsNotExist(err) {
				return nil
			}
			return err
		}
		if !e.IsDir() {
			return nil
		}
		if p != dir && content.Ignored(e.Name()) {
			return filepath.SkipDir // a build does not read it either
		}
		if err := add(p); err != nil {
			return watchError(p, err)
		}
		return nil
	})
}

// watchError explains the one watch error users can fix themselves.
func watchError(dir string, err error) error {
	if errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EMFILE) {
		return fmt.Errorf("cannot watch %s: the system's limit of inotify watches is reached; raise it with\n    sudo sysctl fs.inotify.max_user_watches=524288\n(and fs.inotify.max_user_instances), or close other programs that watch files", dir)
	}
	return fmt.Errorf("cannot watch %s: %w", dir, err)
}

// Watch watches the site's folders and sends a batch on out after each
// burst of changes, until stop is closed. Fatal watcher problems go to errs.
func Watch(root string, out chan<- Batch, errs chan<- error, stop <-chan struct{}) error {
	w, err := fsnotify.NewBufferedWatcher(4096)
	if err != nil {
		return err
	}
	b := NewBatcher(root, w.Add)
	// the site folder itself, to see content/ or templates/ being created
	if err := w.Add(root); err != nil {
		w.Close()
		return watchError(root, err)
	}
	for _, d := range watchedDirs {
		if err := watchTree(filepath.Join(root, d), w.Add); err != nil {
			w.Close()
			return err
		}
	}
	go func() {
		defer w.Close()
		var timer <-chan time.Time
		var first time.Time // when the pending batch began
		arm := func() {
			if !b.Ready() {
				return
			}
			if first.IsZero() {
				first = time.Now()
			}
			timer = time.After(min(Debounce, max(0, MaxWait-time.Since(first))))
		}
		report := func(err error) {
			if err != nil {
				select {
				case errs <- err:
				default:
				}
			}
		}
		for {
			select {
			case <-stop:
				return
			case ev, ok := <-w.Events:
				if !ok {
					return
				}
				report(b.Event(ev))
				arm()
			case err, ok := <-w.Errors:
				if !ok {
					return
				}
				report(b.Error(err))
				arm()
			case <-timer:
				timer, first = nil, time.Time{}
				select {
				case out <- b.Take():
				case <-stop:
					return
				}
			}
		}
	}()
	return nil
}

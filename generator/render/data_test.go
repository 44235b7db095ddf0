package render

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/dossier-news/dossier/generator/content"
	"github.com/dossier-news/dossier/generator/site"
)

// placesIn finds each node that stayed, or shifted by the nodes that came
// or went before it, where it was; it never names a place of another node
// or one place twice.
func TestPlacesInFindsNodesThatStayed(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	newNode := func(i int) site.Node {
		return &site.Statement{Statement: &content.Statement{ID: fmt.Sprintf("s-%d", i)}}
	}
	made := 0
	for round := range 300 {
		var before []site.Node
		for range rng.IntN(200) {
			before = append(before, newNode(made))
			made++
		}
		now := slices.Clone(before)
		var added []site.Node
		moves := 0
		for range rng.IntN(4) {
			switch op := rng.IntN(3); {
			case op == 0 || len(now) == 0: // a node comes
				n := newNode(made)
				made++
				added = append(added, n)
				now = slices.Insert(now, rng.IntN(len(now)+1), n)
			case op == 1: // a node goes
				i := rng.IntN(len(now))
				now = slices.Delete(now, i, i+1)
			default: // a node moves
				moves++
				i := rng.IntN(len(now))
				n := now[i]
				now = slices.Delete(now, i, i+1)
				now = slices.Insert(now, rng.IntN(len(now)+1), n)
			}
		}
		from := placesIn(before, now)
		used := map[int]bool{}
		for i, p := range from {
			if p < 0 {
				continue
			}
			if before[p] != now[i] {
				t.Fatalf("round %d: node %d placed at %d, another node's place", round, i, p)
			}
			if used[p] {
				t.Fatalf("round %d: place %d named twice", round, p)
			}
			used[p] = true
		}
		// besides the nodes that came, only one that moved may not be found
		missing := 0
		for i, p := range from {
			if p < 0 && !slices.Contains(added, now[i]) {
				missing++
			}
		}
		if missing > moves {
			t.Fatalf("round %d: %d nodes not found after %d moves", round, missing, moves)
		}
	}
	// runs longer than the window: every node that stayed is found
	var before []site.Node
	for i := range 100 {
		before = append(before, newNode(1000+i))
	}
	var now []site.Node
	for i := range 30 { // 30 come first
		now = append(now, newNode(2000+i))
	}
	now = append(now, before[:40]...)
	now = append(now, before[60:]...) // 20 went
	from := placesIn(before, now)
	for i, p := range from {
		switch {
		case i < 30 && p != -1:
			t.Errorf("new node %d placed at %d", i, p)
		case i >= 30 && (p < 0 || before[p] != now[i]):
			t.Errorf("node %d that stayed placed at %d", i, p)
		}
	}
	// a new newest node shifts every other by one
	before = []site.Node{newNode(-1), newNode(-2), newNode(-3)}
	if got := placesIn(before, append([]site.Node{newNode(-4)}, before...)); !slices.Equal(got, []int{-1, 0, 1, 2}) {
		t.Errorf("a new first node: places %v, want [-1 0 1 2]", got)
	}
}

// In watch mode (a Memo) the render workers keep buffers as large as a
// sitemap's between builds, which a new document renders again; a buffer
// larger than that is let go.
func TestWorkersKeepSitemapSizedBuffersInWatchMode(t *testing.T) {
	largest := func(r *Renderer, size int) int {
		t.Helper()
		job := Job{Path: "sitemap.xml", render: func(rec *recorder) ([]byte, error) {
			rec.out.Write(make([]byte, size))
			return rec.out.Bytes(), nil
		}}
		if err := r.RenderAll([]Job{job}, func(Output) error { return nil }); err != nil {
			t.Fatal(err)
		}
		most := 0
		for _, b := range r.memo.buffers {
			most = max(most, b.Cap())
		}
		return most
	}
	if got := largest(&Renderer{memo: NewMemo()}, 4<<20); got < 4<<20 {
		t.Errorf("a 4 MB output's buffer let go: the largest kept holds %d bytes", got)
	}
	if got := largest(&Renderer{memo: NewMemo()}, maxKeptWatchBuffer+1); got > maxKeptWatchBuffer {
		t.Errorf("a buffer of %d bytes kept", got)
	}
}

// The list of the search index's files names each by its checksum, so
// RenderAll renders it once the files it renders are done, even when it
// comes first (a rebuild's jobs come in any order), and even when a file
// fails: it then renders nothing more.
func TestRenderAllRendersTheSearchListAfterItsFiles(t *testing.T) {
	for _, failing := range []bool{false, true} {
		var listDone atomic.Bool
		var mu sync.Mutex
		var order []string
		r := &Renderer{once: true}
		file := func(name string) Job {
			return Job{Path: name, searchPart: true, render: func(*recorder) ([]byte, error) {
				// long enough for a worker free meanwhile to take the list
				time.Sleep(20 * time.Millisecond)
				if listDone.Load() {
					t.Errorf("the list rendered before %s was done", name)
				}
				if failing && name == "search/index-2.js" {
					return nil, errors.New("no room")
				}
				return []byte(name), nil
			}}
		}
		jobs := []Job{
			{Path: "search/index.js", searchList: true, render: func(*recorder) ([]byte, error) {
				listDone.Store(true)
				return []byte("list"), nil
			}},
			file("search/index-1.js"), {Path: "page", render: func(*recorder) ([]byte, error) { return []byte("page"), nil }}, file("search/index-2.js"),
		}
		err := r.RenderAll(jobs, func(o Output) error {
			mu.Lock()
			defer mu.Unlock()
			order = append(order, o.Path)
			return nil
		})
		if failing {
			if err == nil || listDone.Load() {
				t.Errorf("a file failing: error %v, list rendered %v; want the error and no list", err, listDone.Load())
			}
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		if len(order) != 4 || order[3] != "search/index.js" {
			t.Errorf("outputs in the order %v, want the list last", order)
		}
	}
}

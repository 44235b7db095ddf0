package serve

import (
	"runtime"
	"runtime/debug"
	"testing"
	"time"
)

func TestGCDueAtHalfTheRoom(t *testing.T) {
	for _, tt := range []struct {
		heap, live, goal uint64
		due              bool
	}{
		{heap: 100, live: 100, goal: 200, due: false}, // just collected
		{heap: 150, live: 100, goal: 200, due: false}, // half the room used
		{heap: 151, live: 100, goal: 200, due: true},
		{heap: 199, live: 100, goal: 200, due: true},
		{heap: 90, live: 100, goal: 200, due: false},  // swept below the last live heap
		{heap: 300, live: 200, goal: 200, due: false}, // no room to speak of (a memory limit)
	} {
		if got := gcDue(tt.heap, tt.live, tt.goal); got != tt.due {
			t.Errorf("gcDue(%d, %d, %d) = %v, want %v", tt.heap, tt.live, tt.goal, got, tt.due)
		}
	}
}

var idleGarbage [][]byte

// After a rebuild that left the heap more than half way to its goal, the
// collector runs once, in the background; with room left, it does not.
func TestIdleCollectorCollectsWhenDue(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	runtime.GC()
	c := newIdleCollector()
	collections := func() uint32 {
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return m.NumGC
	}
	before := collections()
	c.collectIfDue()
	for c.running.Load() {
		time.Sleep(time.Millisecond)
	}
	if n := collections(); n != before {
		t.Fatalf("%d collections right after one, want none", n-before)
	}
	// garbage worth most of the room to the goal, in blocks the runtime
	// counts as they come, never kept
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	for range int(m.NextGC-m.HeapAlloc) * 3 / 4 / (64 << 10) {
		idleGarbage = append(idleGarbage[:0], make([]byte, 64<<10))
	}
	before = collections()
	c.collectIfDue()
	deadline := time.Now().Add(10 * time.Second)
	for collections() == before && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	if collections() == before {
		t.Fatal("no collection after the heap used three quarters of its room")
	}
}

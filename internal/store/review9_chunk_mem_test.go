package store

import (
	"path/filepath"
	"runtime"
	"testing"
	"unsafe"

	"github.com/lookout-osint/lookout/internal/track"
)

// TestReview9CacheDropsSpilledRecords commits, in one batch, 600
// alternating reports each of 400 vessels, so that every head spills 256
// records into a chunk and keeps 344: the writer's identity cache must then
// hold about the 344 records of each head, not the arrays the 600 records
// were merged in (a head sliced off after its chunk and cached as is would
// keep the spilled records alive). The memory the cache holds is measured
// as the live heap it frees when emptied.
func TestReview9CacheDropsSpilledRecords(t *testing.T) {
	if testing.Short() {
		t.Skip("measures the heap")
	}
	const vessels, per = 400, 600
	s := openT(t, filepath.Join(t.TempDir(), "db"), Options{NoSync: true})
	b := NewBatch()
	for v := range vessels {
		for _, r := range review9Alternating(review9MMSI+uint32(v), 1527811200000, per, 1) {
			b.AddIdentity(&r)
		}
	}
	if _, err := s.Commit(b); err != nil {
		t.Fatal(err)
	}
	b = nil
	recs := 0
	for k := range s.icache.recs.keys {
		hd := s.icache.recs.vals[k]
		if hd.chunks != 1 {
			t.Fatalf("vessel %d: %d chunks; want 1", s.icache.recs.keys[k], hd.chunks)
		}
		recs += len(hd.recs)
	}
	s.bw.idh, s.bw.ids = nil, nil // the scratch of the commit, not the cache's
	s.closePebbleBatch()
	live := func() uint64 {
		runtime.GC()
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		return ms.HeapAlloc
	}
	before := live()
	s.icache.reset()
	held := int64(before) - int64(live())
	want := int64(recs) * int64(unsafe.Sizeof(track.Identity{}))
	t.Logf("the cache held %d bytes for %d records (%d bytes of records)", held, recs, want)
	if held > want*3/2 {
		t.Fatalf("the cache held %d bytes for %d records of %d bytes: spilled records kept alive?", held, recs, want)
	}
	if held < want/2 {
		t.Fatalf("emptying the cache freed only %d bytes of %d: the measure does not work", held, want)
	}
}

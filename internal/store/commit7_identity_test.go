package store

import (
	"path/filepath"
	"testing"
)

// TestIdentityCacheMatchesStore commits identityRecords in batches of 3
// and checks after each commit that every history the writer's cache
// holds is the stored one: the cache owns the slices a commit hands it,
// so a later commit's merge must not write into them.
func TestIdentityCacheMatchesStore(t *testing.T) {
	recs := identityRecords()
	s := openT(t, filepath.Join(t.TempDir(), "db"), Options{NoSync: true})
	b := NewBatch()
	for i := 0; i < len(recs); i += 3 {
		for j := i; j < min(i+3, len(recs)); j++ {
			b.AddIdentity(&recs[j])
		}
		if _, err := s.Commit(b); err != nil {
			t.Fatal(err)
		}
		if s.icache.recs.len() == 0 {
			t.Fatalf("commit %d: the identity cache is empty", i/3)
		}
		for k, mmsi := range s.icache.recs.keys {
			if stored := storedHead(t, s, mmsi); !sameHead(s.icache.recs.vals[k], stored) {
				t.Fatalf("commit %d: cached head of %d differs from the stored one:\n%+v\n%+v", i/3, mmsi, s.icache.recs.vals[k], stored)
			}
		}
	}
}

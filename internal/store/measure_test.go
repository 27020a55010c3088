package store

import (
	"bytes"
	"os"
	"strconv"
	"strings"
	"testing"
)

// TestMeasureStore reports the space per fix of existing stores (for
// example made by `lookout ingest`): set LOOKOUT_STORE_MEASURE to a
// comma-separated list of store directories. They are compacted first.
// It also splits the store by key prefix (vessel summaries apart from
// identity histories) and reports what the fix keys cost alone, as stored
// and with their segment ids zeroed (measureFixKeys).
func TestMeasureStore(t *testing.T) {
	for _, dir := range measureDirs(t) {
		s := openT(t, dir, Options{})
		if err := s.Compact(); err != nil {
			t.Fatal(err)
		}
		sp, err := s.SpaceUsage()
		if err != nil {
			t.Fatal(err)
		}
		vs, err := s.Vessels()
		if err != nil {
			t.Fatal(err)
		}
		n := sumFixes(vs)
		f := func(b int64) float64 { return float64(b) / float64(max(n, 1)) }
		t.Logf("%s: %d vessels, %d fixes; B/fix: fixes %.2f, +grid %.2f, +vessels %.2f, raw %.2f, total %.2f",
			dir, len(vs), n, f(sp.Fixes), f(sp.Fixes+sp.Grid), f(sp.Fixes+sp.Grid+sp.Vessels), f(sp.Raw), f(sp.Total()))
		var parts []string
		for _, p := range []byte{pFix, pGrid, pVessel, pIdentity, pRaw, pSource, pHash, pMeta} {
			b, err := s.db.EstimateDiskUsage([]byte{p}, []byte{p + 1})
			if err != nil {
				t.Fatal(err)
			}
			parts = append(parts, string(p)+" "+strconv.FormatFloat(f(int64(b)), 'f', 3, 64))
		}
		t.Logf("  by key prefix, B/fix: %s", strings.Join(parts, ", "))
		keys, distinct, asStored, zeroSeg := measureFixKeys(t, s)
		t.Logf("  %d fix keys alone: %.3f B/fix; with segment ids zeroed (%d distinct) %.3f", keys, f(asStored), distinct, f(zeroSeg))
		s.Close()
	}
}

// measureDirs returns the store directories LOOKOUT_STORE_MEASURE lists,
// and skips t when it is unset.
func measureDirs(t *testing.T) []string {
	dirs := os.Getenv("LOOKOUT_STORE_MEASURE")
	if dirs == "" {
		t.Skip("set LOOKOUT_STORE_MEASURE=dir[,dir...] to measure stores")
	}
	return strings.Split(dirs, ",")
}

// measureFixKeys writes the fix keys of s, without values, into a fresh
// Pebble as they are and with their segment ids zeroed, and returns the
// number of keys, of distinct keys with zero segment ids, and the sstable
// bytes of each set.
func measureFixKeys(t *testing.T, s *Store) (n, distinct int, asStored, zeroSeg int64) {
	it, err := s.db.NewIter(nil)
	if err != nil {
		t.Fatal(err)
	}
	var keys, zeroed []kv
	for it.SeekGE([]byte{pFix}); it.Valid() && it.Key()[0] == pFix; it.Next() {
		mmsi, hour, seg, ok := parseFixKey(it.Key())
		if !ok {
			t.Fatalf("fix key %x", it.Key())
		}
		keys = append(keys, kv{k: fixKey(nil, mmsi, hour, seg)})
		// Keys sort by (mmsi, hour, segment): equal zeroed keys are adjacent.
		if z := fixKey(nil, mmsi, hour, 0); len(zeroed) == 0 || !bytes.Equal(z, zeroed[len(zeroed)-1].k) {
			zeroed = append(zeroed, kv{k: z})
		}
	}
	if err := it.Close(); err != nil {
		t.Fatal(err)
	}
	return len(keys), len(zeroed), kvSpace(t, keys, false), kvSpace(t, zeroed, false)
}

package store

import (
	"os"
	"strings"
	"testing"
)

// TestMeasureStore reports the space per fix of existing stores (for
// example made by `lookout ingest`): set LOOKOUT_STORE_MEASURE to a
// comma-separated list of store directories. They are compacted first.
func TestMeasureStore(t *testing.T) {
	dirs := os.Getenv("LOOKOUT_STORE_MEASURE")
	if dirs == "" {
		t.Skip("set LOOKOUT_STORE_MEASURE=dir[,dir...] to measure stores")
	}
	for _, dir := range strings.Split(dirs, ",") {
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
		var n uint64
		for _, v := range vs {
			n += v.Fixes
		}
		f := func(b int64) float64 { return float64(b) / float64(max(n, 1)) }
		t.Logf("%s: %d vessels, %d fixes; B/fix: fixes %.2f, +grid %.2f, +vessels %.2f, raw %.2f, total %.2f",
			dir, len(vs), n, f(sp.Fixes), f(sp.Fixes+sp.Grid), f(sp.Fixes+sp.Grid+sp.Vessels), f(sp.Raw), f(sp.Total()))
		s.Close()
	}
}

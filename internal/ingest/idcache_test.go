package ingest

import "testing"

// TestIDCache inserts MMSIs that share home slots and that make the table
// grow, and checks that every one keeps its entry and only new ones are
// reported new.
func TestIDCache(t *testing.T) {
	for _, tc := range []struct {
		name  string
		mmsis func(i int) uint32
		n     int
	}{
		{"consecutive", func(i int) uint32 { return 366000000 + uint32(i) }, 5000},
		{"one home slot", func(i int) uint32 { return 1 + uint32(i)<<22 }, 200}, // same low bits
		{"spread", func(i int) uint32 { return uint32(i)*7919 + 201000000 }, 20000},
		{"max", func(i int) uint32 { return 999999999 - uint32(i) }, 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var c idCache
			idx := map[uint32]int32{}
			for round := range 3 {
				for i := range tc.n {
					m := tc.mmsis(i)
					e, known := c.get(m)
					if want, ok := idx[m]; known != ok || ok && e != want {
						t.Fatalf("round %d: get(%d) = %d, %v; want %d, %v", round, m, e, known, want, ok)
					}
					idx[m] = e
					if c.entries[e].mmsi != m {
						t.Fatalf("get(%d) gave the entry of %d", m, c.entries[e].mmsi)
					}
				}
			}
			if len(c.entries) != len(idx) || 4*len(c.entries) > 3*len(c.table) {
				t.Fatalf("%d entries for %d MMSIs, table %d", len(c.entries), len(idx), len(c.table))
			}
		})
	}
}

package store

import (
	"testing"

	"github.com/lookout-osint/lookout/internal/track"
)

// TestBlockCacheKeepsStoredBlocks commits fixes of one vessel into hours in
// an order that makes the writer's block cache keep, drop and miss blocks,
// and checks after every commit that the store holds every fix committed so
// far, also when read by a fresh handle.
func TestBlockCacheKeepsStoredBlocks(t *testing.T) {
	const base = int64(1694044800000) // an hour boundary
	tests := []struct {
		name    string
		commits [][]int64 // minutes after base, one slice per commit
	}{
		{"latest hour grows", [][]int64{{1, 2}, {3}, {4, 5}}},
		{"older hour rewritten after a newer one", [][]int64{{1}, {2, 61}, {3}, {62, 4}}},
		{"back-fill of an hour never cached", [][]int64{{1, 121}, {2}, {3, 122}}},
		{"new hours only", [][]int64{{1}, {61}, {121}, {181}}},
		{"repeats only", [][]int64{{1, 61}, {1, 61}, {1}}},
		{"back-fill in time order before a stored later hour", [][]int64{{600}, {1, 2}, {3, 61}, {4, 62}, {63, 601}, {64}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			s := openT(t, dir, Options{NoSync: true})
			want := map[int64]bool{}
			for ci, c := range tc.commits {
				b := NewBatch()
				for _, m := range c {
					f := track.Fix{MMSI: 211000001, Time: base + m*60000, Lat: 54, Lon: 10 + float64(m)*1e-3, Class: track.ClassA}
					if err := b.AddFix(0, &f); err != nil {
						t.Fatal(err)
					}
					want[f.Time] = true
				}
				if _, err := s.Commit(b); err != nil {
					t.Fatal(err)
				}
				got, err := s.Track(211000001, 0, MaxTime)
				if err != nil {
					t.Fatal(err)
				}
				if len(got) != len(want) {
					t.Fatalf("after commit %d: %d fixes stored, want %d", ci, len(got), len(want))
				}
				for _, f := range got {
					if !want[f.Time] {
						t.Fatalf("after commit %d: unexpected fix at %d", ci, f.Time)
					}
				}
			}
			s.Close()
			r := openT(t, dir, Options{ReadOnly: true})
			got, err := r.Track(211000001, 0, MaxTime)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(want) {
				t.Fatalf("reopened: %d fixes stored, want %d", len(got), len(want))
			}
		})
	}
}

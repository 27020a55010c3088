package store

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestReview7MmsiTableMatchesMap is a differential test of mmsiTable
// against a map: random rounds of setAll (staged entries in any order,
// with duplicates, of vessels held or new), lookups in ascending,
// descending, repeated and random order (the cursor must never skip a
// vessel nor find a wrong one), and resets. Vessels are drawn from a
// small range so that lookups hit and miss, and around 0 and MaxUint32.
func TestReview7MmsiTableMatchesMap(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	draw := func() uint32 {
		switch rng.IntN(10) {
		case 0:
			return uint32(rng.IntN(3)) // 0, 1, 2
		case 1:
			return ^uint32(0) - uint32(rng.IntN(3))
		}
		return 1000 + uint32(rng.IntN(300))
	}
	var tab mmsiTable[int]
	model := map[uint32]int{}
	serial := 0
	check := func(round int, mmsi uint32) {
		t.Helper()
		v, ok := tab.get(mmsi)
		w, wok := model[mmsi]
		if ok != wok || v != w {
			t.Fatalf("round %d: get(%d) = %d, %v; want %d, %v (cursor %d, %d keys)", round, mmsi, v, ok, w, wok, tab.at, tab.len())
		}
	}
	for round := range 3000 {
		switch r := rng.IntN(20); {
		case r == 0:
			tab.reset()
			clear(model)
		case r < 8:
			var staged []mmsiVal[int]
			for range rng.IntN(40) {
				m := draw()
				if rng.IntN(4) == 0 && len(staged) > 0 {
					m = staged[rng.IntN(len(staged))].mmsi // a duplicate
				}
				serial++
				staged = append(staged, mmsiVal[int]{mmsi: m, v: serial})
			}
			if rng.IntN(2) == 0 {
				slices.SortStableFunc(staged, cmpMmsiVal[int]) // the usual, sorted case
			}
			for _, e := range staged { // in staged order: the last of one mmsi wins
				model[e.mmsi] = e.v
			}
			tab.setAll(staged)
		default:
			var qs []uint32
			for range rng.IntN(60) {
				qs = append(qs, draw())
			}
			switch rng.IntN(4) {
			case 0:
				slices.Sort(qs)
			case 1:
				slices.Sort(qs)
				slices.Reverse(qs)
			case 2:
				slices.Sort(qs) // ascending, each twice in a row
				for i := len(qs) - 1; i >= 0; i-- {
					qs = slices.Insert(qs, i, qs[i])
				}
			}
			for _, m := range qs {
				check(round, m)
			}
		}
		if !slices.IsSorted(tab.keys) || len(tab.keys) != len(tab.vals) || len(tab.keys) != len(model) {
			t.Fatalf("round %d: %d keys (sorted %v), %d values; model %d", round, len(tab.keys), slices.IsSorted(tab.keys), len(tab.vals), len(model))
		}
		for i := 1; i < len(tab.keys); i++ {
			if tab.keys[i-1] == tab.keys[i] {
				t.Fatalf("round %d: key %d twice", round, tab.keys[i])
			}
		}
		for m := range model {
			check(round, m)
		}
	}
}

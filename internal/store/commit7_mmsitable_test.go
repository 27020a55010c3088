package store

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestMmsiTable checks mmsiTable against a map: values set in place and
// inserted (staged in order, out of order, with repeats, where a later
// one wins), found by ascending, descending and random lookups, with mmsi
// 0 and the largest uint32, and emptied by reset.
func TestMmsiTable(t *testing.T) {
	var tab mmsiTable[int]
	r := rand.New(rand.NewPCG(7, 8))
	model := map[uint32]int{}
	key := func() uint32 {
		switch r.IntN(20) {
		case 0:
			return 0
		case 1:
			return math.MaxUint32
		}
		return r.Uint32N(3000)
	}
	for round := range 300 {
		if round%97 == 96 {
			tab.reset()
			clear(model)
		}
		var staged []mmsiVal[int]
		for range r.IntN(200) {
			staged = append(staged, mmsiVal[int]{mmsi: key(), v: r.Int()})
		}
		if r.IntN(4) > 0 { // commits stage in ascending order, stably
			slices.SortStableFunc(staged, cmpMmsiVal[int])
		}
		for _, e := range staged {
			model[e.mmsi] = e.v
		}
		tab.setAll(staged)
		if tab.len() != len(model) || !slices.IsSorted(tab.keys) || len(tab.vals) != len(tab.keys) {
			t.Fatalf("round %d: %d vessels held (sorted %v), want %d", round, tab.len(), slices.IsSorted(tab.keys), len(model))
		}
		probes := make([]uint32, 0, 400)
		for range 400 {
			probes = append(probes, key())
		}
		switch round % 3 {
		case 0:
			slices.Sort(probes)
		case 1:
			slices.Sort(probes)
			slices.Reverse(probes)
		}
		for _, k := range probes {
			v, ok := tab.get(k)
			w, had := model[k]
			if ok != had || v != w {
				t.Fatalf("round %d: mmsi %d is %d (found %v), want %d (found %v)", round, k, v, ok, w, had)
			}
		}
	}
}

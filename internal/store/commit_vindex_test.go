package store

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestVesselIndex checks vesselIndex against a map: vessels numbered as
// first seen, found again across growth, emptied by reset (also when the
// generation wraps), with mmsi 0, the largest uint32 and mmsis that share
// their home slot.
func TestVesselIndex(t *testing.T) {
	var x vesselIndex
	r := rand.New(rand.NewPCG(5, 6))
	for round, n := range []int{0, 1, 700, 5000, 3, 40000} {
		if round == 4 {
			x.gen = math.MaxUint32 // the next reset wraps
		}
		x.reset()
		want := map[uint32]int32{}
		keys := []uint32{0, math.MaxUint32}
		for range n {
			keys = append(keys, r.Uint32N(1e9))
		}
		for k := uint32(1); k < 40; k++ { // same home slot in a small table
			keys = append(keys, k<<22)
		}
		for pass := range 2 {
			for _, k := range keys {
				v, ok := x.lookup(k, int32(len(want)))
				w, had := want[k]
				if !had {
					w = int32(len(want))
					want[k] = w
				}
				if v != w || ok != had {
					t.Fatalf("round %d pass %d: mmsi %d is %d (found %v), want %d (found %v)", round, pass, k, v, ok, w, had)
				}
			}
		}
		if x.n != len(want) {
			t.Fatalf("round %d: %d vessels held, want %d", round, x.n, len(want))
		}
	}
}

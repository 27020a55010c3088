package store

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestBlockFixes checks blockFixes against gathering a block's fixes,
// sorting them (slices.SortFunc by cmpQ, unless they are sorted) and
// dedupeSorted, on blocks in order, out of order, with repeated keys and
// with fixes equal under cmpQ that differ in other fields (which of those
// is kept must not change either).
func TestBlockFixes(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	fix := func(t int64) bfix {
		return bfix{q: qfix{t: t, lat: int32(r.IntN(2)), lon: int32(r.IntN(2)), sog: int32(r.IntN(100)),
			src: uint32(1 + r.IntN(2)), line: uint32(r.IntN(3))}}
	}
	for round := range 2000 {
		n := 1 + r.IntN(40)
		var fixes []bfix
		for k := range n {
			switch round % 3 {
			case 0: // in time order, times repeated
				fixes = append(fixes, fix(int64(k/3)))
			case 1: // times out of order
				fixes = append(fixes, fix(int64(r.IntN(8))))
			default: // in cmpQ order, many equal keys
				fixes = append(fixes, fix(int64(r.IntN(3))))
			}
		}
		if round%3 == 2 {
			slices.SortStableFunc(fixes, func(a, b bfix) int { return cmpQ(&a.q, &b.q) })
		}
		idx := make([]int32, 0, n)
		for i := range fixes {
			if r.IntN(5) > 0 { // a block's fixes are some of the batch's
				idx = append(idx, int32(i))
			}
		}
		var want []qfix
		for _, i := range idx {
			want = append(want, fixes[i].q)
		}
		if !slices.IsSortedFunc(want, cmpQfix) {
			slices.SortFunc(want, cmpQfix)
		}
		want = dedupeSorted(want)
		prefix := []qfix{{t: -1}}
		got := blockFixes(slices.Clone(prefix), fixes, idx)
		if got[0] != prefix[0] || !slices.Equal(got[1:], want) {
			t.Fatalf("round %d: blockFixes %v, want %v", round, got, want)
		}
	}
}

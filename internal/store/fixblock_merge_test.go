package store

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// mergeRef is mergeFixes by its definition: old and add together, sorted
// by cmpQ, one fix per key (the first, with the smallest source
// reference), and the count of add's keys old lacks.
func mergeRef(old, add []qfix) ([]qfix, int) {
	all := slices.SortedFunc(slices.Values(slices.Concat(old, add)), func(a, b qfix) int { return cmpQ(&a, &b) })
	n := 0
	for i := range add {
		if !slices.ContainsFunc(old, func(o qfix) bool { return cmpKey(&o, &add[i]) == 0 }) {
			n++
		}
	}
	return dedupeSorted(all), n
}

// TestMergeFixes compares mergeFixes with mergeRef on lists that
// interleave, overlap, touch (add's first key old's last) and follow one
// another (the copy without compares), with duplicate keys of either
// source reference.
func TestMergeFixes(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	list := func(n int, t0, step int64) []qfix {
		q := make([]qfix, n)
		for i := range q {
			q[i] = qfix{t: t0 + int64(i)*step + r.Int64N(step), lat: r.Int32N(3), lon: r.Int32N(3), src: r.Uint32N(3), line: r.Uint32N(50)}
		}
		slices.SortFunc(q, func(a, b qfix) int { return cmpQ(&a, &b) })
		return dedupeSorted(q)
	}
	var dst []qfix
	fast := 0
	for k := range 3000 {
		old := list(r.IntN(20), 1000, 1+int64(k%4))
		var t0 int64
		switch k % 4 {
		case 0: // interleaved
			t0 = 1000
		case 1: // after
			t0 = 1000 + 100
		case 2: // touching
			if len(old) > 0 {
				t0 = old[len(old)-1].t
			}
		default: // before
			t0 = 0
		}
		add := list(r.IntN(20), t0, 1+int64(k%3))
		if len(old) > 0 && len(add) > 0 && cmpKey(&old[len(old)-1], &add[0]) < 0 {
			fast++
		}
		var n int
		dst, n = mergeFixes(dst, old, add)
		want, wn := mergeRef(old, add)
		if !equalQ(dst, want) || n != wn {
			t.Fatalf("case %d: mergeFixes\n%+v, %d\nwant\n%+v, %d\nold %+v\nadd %+v", k, dst, n, want, wn, old, add)
		}
	}
	if fast < 500 {
		t.Fatalf("only %d cases took the copy", fast)
	}
}

package store

import (
	"cmp"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/lookout-osint/lookout/internal/track"
)

// TestIdOrderer checks that idOrderer yields exactly the batch's records
// sorted by cmpIDRef, for batches in and out of order, reusing its memory
// from one batch to the next.
func TestIdOrderer(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	feed := func(nv, n int, shuffle bool) []track.Identity {
		var ids []track.Identity
		for i := range n {
			ids = append(ids, track.Identity{MMSI: uint32(rng.IntN(nv)) * 977, From: int64(i / 3)})
		}
		if shuffle {
			rng.Shuffle(len(ids), func(i, j int) { ids[i], ids[j] = ids[j], ids[i] })
		}
		return ids
	}
	cases := []struct {
		name string
		ids  []track.Identity
	}{
		{"empty", nil},
		{"one", []track.Identity{{MMSI: 5, From: 1}}},
		{"sorted", []track.Identity{{MMSI: 1, From: 1}, {MMSI: 1, From: 2}, {MMSI: 2, From: 0}}},
		{"interleaved in time order", feed(50, 2000, false)},
		{"shuffled", feed(50, 2000, true)},
		{"equal times keep batch order", []track.Identity{{MMSI: 2, From: 5}, {MMSI: 1, From: 5}, {MMSI: 2, From: 5}, {MMSI: 2, From: 4}}},
		{"extreme mmsi", []track.Identity{{MMSI: ^uint32(0), From: 1}, {MMSI: 0, From: 2}, {MMSI: ^uint32(0), From: 0}}},
		{"one vessel out of order", feed(1, 500, true)},
	}
	var o idOrderer
	for _, c := range cases {
		var want []idRef
		for i := range c.ids {
			want = append(want, idRef{mmsi: c.ids[i].MMSI, i: int32(i), from: c.ids[i].From})
		}
		slices.SortFunc(want, cmpIDRef)
		o.order(c.ids)
		if !slices.Equal(o.out, want) {
			t.Errorf("%s: got %v\nwant %v", c.name, o.out[:min(len(o.out), 8)], want[:min(len(want), 8)])
		}
	}
}

// mergeIdentityRef is mergeIdentity as it was before the fast path for a
// normalized history (insert, then normalize): the reference the fast
// path must match.
func mergeIdentityRef(h []track.Identity, r track.Identity) []track.Identity {
	if r.To < r.From {
		r.To = r.From
	}
	for i := range h {
		if sameContent(&h[i], &r) && h[i].From <= r.From && r.To <= h[i].To {
			if h[i].From == r.From && r.Src.Compare(h[i].Src) < 0 {
				h[i].Src = r.Src
			}
			return h
		}
	}
	i, _ := slices.BinarySearchFunc(h, r, func(a, b track.Identity) int { return cmp.Compare(a.From, b.From) })
	for i < len(h) && h[i].From == r.From {
		i++
	}
	h = slices.Insert(h, i, r)
	return normalizeIdentities(h)
}

// checkMergeStep fails the test unless a merge left the record r as given,
// gave the history want, and was normalized when it said so.
func checkMergeStep(t testing.TB, step string, r, given track.Identity, got, want []track.Identity, norm bool) {
	t.Helper()
	if r != given {
		t.Fatalf("%s: the record was changed", step)
	}
	if !slices.Equal(got, want) {
		t.Fatalf("%s: merging %+v\ngot  %+v\nwant %+v", step, r, got, want)
	}
	if norm && !normalized(got) {
		t.Fatalf("%s: reported normalized, is not: %+v", step, got)
	}
}

// TestMergeIdentityFastPath merges random record streams (few distinct
// contents, repeated and overlapping times, intervals given backwards,
// sources in any order) the way a commit does, tracking normalization,
// and checks every step against mergeIdentityRef, from empty, normalized
// and not normalized starting histories.
func TestMergeIdentityFastPath(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	names := []string{"A", "B", "C"}
	rec := func(t0 int64) track.Identity {
		from := t0 + int64(rng.IntN(20)) - 5
		return track.Identity{MMSI: 1, Name: names[rng.IntN(len(names))], From: from, To: from + int64(rng.IntN(30)) - 3,
			Src: track.SourceRef{Source: uint32(rng.IntN(2) + 1), Line: uint32(rng.IntN(100))}}
	}
	starts := map[string][]track.Identity{
		"empty":          nil,
		"normalized":     {{MMSI: 1, Name: "A", From: 0, To: 5}, {MMSI: 1, Name: "B", From: 6, To: 9}},
		"not normalized": {{MMSI: 1, Name: "A", From: 0, To: 5}, {MMSI: 1, Name: "A", From: 6, To: 9}},
	}
	for name, start := range starts {
		for trial := range 300 {
			want := slices.Clone(start)
			got := slices.Clone(start)
			norm := normalized(got)
			for k := range 40 {
				r := rec(int64(k * 3))
				given := r
				want = mergeIdentityRef(want, r)
				got, norm = mergeIdentityNorm(got, &r, norm)
				checkMergeStep(t, fmt.Sprintf("%s trial %d step %d", name, trial, k), r, given, got, want, norm)
			}
		}
	}
}

// TestMergeIdentityOrdered checks mergeIdentityOrdered against
// mergeIdentityRef step by step on record streams that are mostly in time
// order (its fast path) with records out of order, overlapping, repeated
// and given backwards mixed in, from starting histories that are empty,
// disjoint, overlapping and not normalized; and that the preMax it returns
// is sound: no record before the history's disjoint tail ends after it.
func TestMergeIdentityOrdered(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	names := []string{"A", "B", "C"}
	starts := map[string][]track.Identity{
		"empty":          nil,
		"disjoint":       {{MMSI: 1, Name: "A", From: 0, To: 5}, {MMSI: 1, Name: "B", From: 5, To: 9}},
		"overlapping":    {{MMSI: 1, Name: "A", From: 0, To: 40}, {MMSI: 1, Name: "B", From: 6, To: 9}},
		"not normalized": {{MMSI: 1, Name: "A", From: 0, To: 5}, {MMSI: 1, Name: "A", From: 6, To: 9}},
	}
	for name, start := range starts {
		for trial := range 300 {
			want := slices.Clone(start)
			got := slices.Clone(start)
			norm, preMax := normalized(got), disjointTail(got)
			tm := int64(10)
			for k := range 60 {
				var r track.Identity
				switch p := rng.IntN(10); {
				case p < 7: // in order: now or a little later, a point or a short stretch
					tm += int64(rng.IntN(3))
					r = track.Identity{From: tm, To: tm + int64(rng.IntN(2))*int64(rng.IntN(4))}
				case p < 8: // out of order
					from := tm - int64(rng.IntN(30))
					r = track.Identity{From: from, To: from + int64(rng.IntN(10))}
				case p < 9: // backwards interval
					r = track.Identity{From: tm, To: tm - 2}
				default: // a long stretch reaching ahead
					r = track.Identity{From: tm - int64(rng.IntN(5)), To: tm + int64(rng.IntN(20))}
				}
				r.MMSI, r.Name = 1, names[rng.IntN(len(names))]
				r.Src = track.SourceRef{Source: uint32(rng.IntN(2) + 1), Line: uint32(rng.IntN(100))}
				given := r
				want = mergeIdentityRef(want, r)
				got, norm, preMax = mergeIdentityOrdered(got, &r, norm, preMax)
				checkMergeStep(t, fmt.Sprintf("%s trial %d step %d", name, trial, k), r, given, got, want, norm)
				if d := disjointTail(got); d > preMax {
					t.Fatalf("%s trial %d step %d: preMax %d, but records before the disjoint tail end at %d: %+v", name, trial, k, preMax, d, got)
				}
			}
		}
	}
}

// BenchmarkMergeAlternatingIdentities merges the reports of a vessel whose
// identity alternates between two (a class B vessel's part A and part B
// rows in a DMA aisdk CSV, each pair in one second) into a history that
// already holds the given number of records: the cost of a report should
// not grow with the history.
func BenchmarkMergeAlternatingIdentities(b *testing.B) {
	for _, n := range []int{100, 10000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			ab := [2]track.Identity{{MMSI: 1, Name: "SUVI-SIRKKA"}, {MMSI: 1, Name: "SUVI-SIRKKA", Callsign: "SA9908", ShipType: 36}}
			var h []track.Identity
			norm, preMax := true, int64(math.MinInt64)
			step := func(i int) {
				r := ab[i%2]
				r.From, r.To = int64(i/2)*10, int64(i/2)*10
				h, norm, preMax = mergeIdentityOrdered(h, &r, norm, preMax)
			}
			for i := range n {
				step(i)
			}
			i := n
			for b.Loop() {
				if len(h) > 2*n { // keep the history near n records
					h = h[:n]
					norm, preMax = normalized(h), disjointTail(h)
					i = n
				}
				step(i)
				i++
			}
		})
	}
}

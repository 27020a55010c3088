package store

import (
	"cmp"
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
				if r != given {
					t.Fatalf("%s trial %d: the record was changed", name, trial)
				}
				if !slices.Equal(got, want) {
					t.Fatalf("%s trial %d step %d: merging %+v\ngot  %+v\nwant %+v", name, trial, k, r, got, want)
				}
				if norm && !normalized(got) {
					t.Fatalf("%s trial %d step %d: reported normalized, is not: %+v", name, trial, k, got)
				}
			}
		}
	}
}

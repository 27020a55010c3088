package store

import (
	"cmp"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestSortBatchMatchesSort checks sortBatch against a plain sort of the
// fixes by (mmsi, hour, segment, cmpQ) for batches in time order, a vessel
// alternating between many segments (more than groupWalk, so the block
// map is used), and shuffled batches, and the block ends it records (and
// each vessel's last bucket found through them); the batch is reused
// between cases, as Commit reuses it.
func TestSortBatchMatchesSort(t *testing.T) {
	const t0 = int64(1694044800000)
	timeOrder := func(r *rand.Rand) []bfix {
		var out []bfix
		for i := range 3000 {
			v := uint32(i % 50)
			f := simFix(int(v), i/50, 1, 50)
			f.Time = t0 + int64(i)*7000
			out = append(out, bfix{mmsi: f.MMSI, day: bucketOf(f.Time), seg: uint64(i / 1000), q: quantize(&f)})
		}
		return out
	}
	manySegments := func(r *rand.Rand) []bfix {
		var out []bfix
		for i := range 4000 {
			f := simFix(1, i, 1, 1)
			f.Time = t0 + int64(r.IntN(4*hourMs))
			out = append(out, bfix{mmsi: f.MMSI, day: bucketOf(f.Time), seg: uint64(r.IntN(40)), q: quantize(&f)})
		}
		return out
	}
	shuffled := func(r *rand.Rand) []bfix {
		out := append(timeOrder(r), manySegments(r)...)
		r.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
		return out
	}
	ref := func(a, b bfix) int {
		if c := cmpRef(blockRef{a.mmsi, a.day, a.seg}, blockRef{b.mmsi, b.day, b.seg}); c != 0 {
			return c
		}
		return cmpQ(&a.q, &b.q)
	}
	b := NewBatch()
	r := rand.New(rand.NewPCG(1, 2))
	for _, c := range []struct {
		name string
		gen  func(*rand.Rand) []bfix
	}{{"time order", timeOrder}, {"many segments", manySegments}, {"shuffled", shuffled}, {"time order again", timeOrder}} {
		in := c.gen(r)
		b.Reset()
		b.fixes = append(b.fixes, in...)
		sortBatch(b)
		want := slices.Clone(in)
		slices.SortStableFunc(want, ref)
		if len(b.fixes) != len(want) {
			t.Fatalf("%s: %d fixes after sorting, want %d", c.name, len(b.fixes), len(want))
		}
		for i := range want {
			if ref(b.fixes[i], want[i]) != 0 {
				t.Fatalf("%s: fix %d is %+v, want %+v", c.name, i, b.fixes[i], want[i])
			}
		}
		var ends []int32 // where each block ends in want
		for i := range want {
			if i > 0 && cmp.Or(cmp.Compare(want[i].mmsi, want[i-1].mmsi), cmp.Compare(want[i].day, want[i-1].day), cmp.Compare(want[i].seg, want[i-1].seg)) != 0 {
				ends = append(ends, int32(i))
			}
		}
		ends = append(ends, int32(len(want)))
		if len(b.grp.refs) != len(ends) {
			t.Errorf("%s: %d groups, want %d distinct blocks", c.name, len(b.grp.refs), len(ends))
		}
		if !slices.Equal(b.grp.ends, ends) {
			t.Errorf("%s: block ends %v..., want %v...", c.name, b.grp.ends[:min(len(b.grp.ends), 5)], ends[:min(len(ends), 5)])
		}
		lastDay := map[uint32]uint32{} // of each vessel, the bucket of its last fix in want
		for _, f := range want {
			lastDay[f.mmsi] = f.day
		}
		for k, start := 0, int32(0); k < len(ends); start, k = ends[k], k+1 {
			if k > 0 && want[start].mmsi == want[start-1].mmsi {
				continue // not the vessel's first block
			}
			if got := lastBlockDay(b.fixes, b.grp.ends, k); got != lastDay[want[start].mmsi] {
				t.Errorf("%s: vessel %d's last bucket %d, want %d", c.name, want[start].mmsi, got, lastDay[want[start].mmsi])
			}
		}
	}
}

// cmpRef orders blocks by key (mmsi, day, seg), the order sortBatch sorts
// in through groupKey.
func cmpRef(a, b blockRef) int {
	if c := cmp.Compare(a.mmsi, b.mmsi); c != 0 {
		return c
	}
	if c := cmp.Compare(a.day, b.day); c != 0 {
		return c
	}
	return cmp.Compare(a.seg, b.seg)
}

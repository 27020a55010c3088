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
// map is used), shuffled batches and one whose buckets lie too far apart
// for sortPacked (which sorts the others), and the block ends it records;
// the batch is reused between cases, as Commit reuses it.
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
	yearsApart := func(r *rand.Rand) []bfix { // buckets too far apart to pack
		out := timeOrder(r)
		for i := range out {
			if r.IntN(4) == 0 {
				out[i].day += uint32(r.IntN(3)) << 26
			}
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
	}{{"time order", timeOrder}, {"many segments", manySegments}, {"shuffled", shuffled}, {"years apart", yearsApart}, {"time order again", timeOrder}} {
		in := c.gen(r)
		b.Reset()
		b.fixes = append(b.fixes, in...)
		sortBatch(b)
		want := slices.Clone(in)
		slices.SortStableFunc(want, ref)
		got := sortedFixes(t, b)
		if len(got) != len(want) {
			t.Fatalf("%s: %d fixes after sorting, want %d", c.name, len(got), len(want))
		}
		for i := range want {
			if ref(got[i], want[i]) != 0 {
				t.Fatalf("%s: fix %d is %+v, want %+v", c.name, i, got[i], want[i])
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
		// Every case but "years apart" packs, so both sorts are checked;
		// asked last, since it rewrites b.grp.order.
		if packed := b.grp.sortPacked(); packed != (c.name != "years apart") {
			t.Errorf("%s: sortPacked reports %v", c.name, packed)
		}
	}
}

// sortedFixes returns the fixes of b in the order Commit writes them
// after sortBatch: block after block (b.grp.order), each block's through
// blockFixes. It checks that b.grp.perm names every fix once, that each
// block's fixes are of its key, in the order added.
func sortedFixes(t *testing.T, b *Batch) []bfix {
	t.Helper()
	g := &b.grp
	if len(g.perm) != len(b.fixes) || len(g.ends) != len(g.order) {
		t.Fatalf("%d indices for %d fixes, %d block ends for %d blocks", len(g.perm), len(b.fixes), len(g.ends), len(g.order))
	}
	seen := make([]bool, len(b.fixes))
	var out []bfix
	for k, begin := 0, int32(0); k < len(g.order); begin, k = g.ends[k], k+1 {
		idx := g.perm[begin:g.ends[k]]
		r := blockRef{mmsi: uint32(g.order[k].hi >> 32), day: uint32(g.order[k].hi), seg: g.order[k].seg}
		for n, i := range idx {
			f := &b.fixes[i]
			if seen[i] || (blockRef{f.mmsi, f.day, f.seg}) != r || n > 0 && i <= idx[n-1] {
				t.Fatalf("block %d (%+v): fix %d (%+v) seen before, of another block or out of add order", k, r, i, *f)
			}
			seen[i] = true
		}
		for _, q := range blockFixes(nil, b.fixes, idx) {
			out = append(out, bfix{mmsi: r.mmsi, day: r.day, seg: r.seg, q: q})
		}
	}
	return out
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

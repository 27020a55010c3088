package store

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"testing"

	"github.com/cockroachdb/pebble/v2"
	"github.com/lookout-osint/lookout/internal/track"
)

// review7Base is the first hour of the review's simulated fixes.
const review7Base = int64(1694044800000)

// review7Batch is one random batch of the review's workload: fixes of a
// few vessels over a few hours, now in time order, now an older hour after
// a newer one, now repeats of fixes already written; and identity records
// that change now and then, sometimes late.
func review7Batch(rng *rand.Rand, step int) ([]track.Fix, []uint64, []track.Identity) {
	var fixes []track.Fix
	var segs []uint64
	var ids []track.Identity
	names := []string{"ALPHA", "BRAVO", "CHARLIE"}
	for range 1 + rng.IntN(60) {
		v := rng.IntN(7)
		hour := step / 3 // a feed that moves on an hour every third batch
		switch rng.IntN(6) {
		case 0:
			hour = rng.IntN(step/3 + 1) // a late fix: any hour so far
		case 1:
			hour = step/3 + 1 + rng.IntN(3) // ahead of the feed
		}
		sec := rng.IntN(12) * 300 // few distinct times: repeats happen
		f := track.Fix{
			MMSI:    uint32(211000000 + v),
			Time:    review7Base + int64(hour)*hourMs + int64(sec)*1000,
			Lat:     54 + float64(v)*0.7 + float64(rng.IntN(3))*0.4, // crosses 1° cells
			Lon:     10 + float64(rng.IntN(4))*0.3,
			SOG:     float32(rng.IntN(100)) / 10,
			COG:     float32(rng.IntN(3600)) / 10,
			Heading: int16(rng.IntN(360)),
			Class:   track.ClassA,
			Src:     track.SourceRef{Source: 1 + uint32(rng.IntN(2)), Line: uint32(1 + rng.IntN(5000))},
		}
		fixes = append(fixes, f)
		segs = append(segs, uint64(rng.IntN(2))) // two segments now and then
	}
	for range rng.IntN(6) {
		v := rng.IntN(7)
		t := review7Base + int64(max(0, step/3-rng.IntN(3)))*hourMs + int64(rng.IntN(3600))*1000
		ids = append(ids, track.Identity{
			MMSI: uint32(211000000 + v), Name: names[rng.IntN(len(names))], IMO: uint32(9000000 + v),
			From: t, To: t + int64(rng.IntN(600))*1000,
			Src: track.SourceRef{Source: 1, Line: uint32(1 + rng.IntN(5000))},
		})
	}
	return fixes, segs, ids
}

// review7Fill adds a batch's fixes and identities to b.
func review7Fill(t testing.TB, b *Batch, fixes []track.Fix, segs []uint64, ids []track.Identity) {
	t.Helper()
	for i := range fixes {
		if err := b.AddFix(segs[i], &fixes[i]); err != nil {
			t.Fatal(err)
		}
	}
	for i := range ids {
		b.AddIdentity(&ids[i])
	}
}

// review7Dump returns every key and value of s, in key order.
func review7Dump(t testing.TB, s *Store) [][2][]byte {
	t.Helper()
	it, err := s.db.NewIter(&pebble.IterOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer it.Close()
	var out [][2][]byte
	for it.First(); it.Valid(); it.Next() {
		out = append(out, [2][]byte{slices.Clone(it.Key()), slices.Clone(it.Value())})
	}
	return out
}

// review7SameDump fails t unless a and b hold the same keys and values
// (meta keys aside: they hold the next source id and schema version only).
func review7SameDump(t testing.TB, what string, a, b [][2][]byte) {
	t.Helper()
	drop := func(d [][2][]byte) [][2][]byte {
		return slices.DeleteFunc(slices.Clone(d), func(kv [2][]byte) bool { return kv[0][0] == 'm' })
	}
	a, b = drop(a), drop(b)
	for i := range min(len(a), len(b)) {
		if !bytes.Equal(a[i][0], b[i][0]) {
			t.Fatalf("%s: key %d: %x vs %x", what, i, a[i][0], b[i][0])
		}
		if !bytes.Equal(a[i][1], b[i][1]) {
			t.Fatalf("%s: value of key %x differs:\n%x\n%x", what, a[i][0], a[i][1], b[i][1])
		}
	}
	if len(a) != len(b) {
		t.Fatalf("%s: %d keys vs %d", what, len(a), len(b))
	}
}

// review7CheckCaches fails t unless the writer's caches hold committed
// state only: every cached block, vessel summary and identity history
// equal to the stored one, the blocks in strict key order, the counters
// right.
func review7CheckCaches(t testing.TB, when string, s *Store) {
	t.Helper()
	fixes := 0
	for k, cb := range s.cache.blocks {
		if k > 0 && cmpBlockRef(s.cache.blocks[k-1].ref, cb.ref) >= 0 {
			t.Fatalf("%s: block cache out of key order at %d: %+v then %+v", when, k, s.cache.blocks[k-1].ref, cb.ref)
		}
		fixes += len(cb.q)
		v, err := s.get(fixKey(nil, cb.ref.mmsi, cb.ref.day, cb.ref.seg))
		if err != nil {
			t.Fatalf("%s: cached block %+v: stored: %v", when, cb.ref, err)
		}
		stored, err := decodeBlock(nil, v, int64(cb.ref.day)*bucketMs)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(stored, cb.q) {
			t.Fatalf("%s: cached block %+v (%d fixes) is not the stored one (%d fixes)", when, cb.ref, len(cb.q), len(stored))
		}
		if q, ok := s.cache.lookup(cb.ref); !ok || !slices.Equal(q, cb.q) {
			t.Fatalf("%s: lookup of cached block %+v misses it", when, cb.ref)
		}
	}
	if fixes != s.cache.fixes {
		t.Fatalf("%s: block cache counts %d fixes, holds %d", when, s.cache.fixes, fixes)
	}
	if len(s.cache.staged) != 0 || len(s.vcache.staged) != 0 || len(s.icache.staged) != 0 {
		t.Fatalf("%s: staged entries left after the commit", when)
	}
	for k, mmsi := range s.vcache.recs.keys {
		if k > 0 && s.vcache.recs.keys[k-1] >= mmsi {
			t.Fatalf("%s: vessel cache keys out of order", when)
		}
		v, err := s.get(vesselKey(mmsi))
		if err != nil {
			t.Fatalf("%s: cached vessel %d: stored: %v", when, mmsi, err)
		}
		stored, err := decodeVessel(v)
		if err != nil {
			t.Fatal(err)
		}
		if stored != s.vcache.recs.vals[k] {
			t.Fatalf("%s: cached summary of %d %+v, stored %+v", when, mmsi, s.vcache.recs.vals[k], stored)
		}
	}
	n := 0
	for k, mmsi := range s.icache.recs.keys {
		h := s.icache.recs.vals[k]
		n += len(h.recs)
		if stored := storedHead(t, s, mmsi); !sameHead(h, stored) {
			t.Fatalf("%s: cached head of %d differs from the stored one:\n%+v\n%+v", when, mmsi, h, stored)
		}
	}
	if n != s.icache.n {
		t.Fatalf("%s: identity cache counts %d records, holds %d", when, s.icache.n, n)
	}
}

// TestReview7CachedWriterMatchesCold is a differential test of the
// writer's caches (block cache with its eviction of earlier buckets,
// mmsiTable summaries and identity histories handed over without a
// copy): random batches, with late fixes of older hours after newer ones,
// repeats and identity changes, go to a warm writer, to a writer whose
// caches are emptied before every commit (every block, summary and
// history read back from the store), and all at once to a third store.
// The warm and cold stores must hold the same bytes, the third the same
// fix blocks, grid and summaries, and after each commit the warm
// writer's caches must equal what is stored.
func TestReview7CachedWriterMatchesCold(t *testing.T) {
	for seed := range uint64(6) {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(seed, 77))
			dir := t.TempDir()
			warm := openT(t, filepath.Join(dir, "warm"), Options{NoSync: true})
			cold := openT(t, filepath.Join(dir, "cold"), Options{NoSync: true})
			once := openT(t, filepath.Join(dir, "once"), Options{NoSync: true})
			bw, bc, all := NewBatch(), NewBatch(), NewBatch()
			for step := range 60 {
				fixes, segs, ids := review7Batch(rng, step)
				review7Fill(t, bw, fixes, segs, ids)
				review7Fill(t, bc, fixes, segs, ids)
				review7Fill(t, all, fixes, segs, ids)
				if _, err := warm.Commit(bw); err != nil {
					t.Fatal(err)
				}
				review7CheckCaches(t, fmt.Sprintf("step %d", step), warm)
				cold.cache.reset()
				cold.vcache.reset()
				cold.icache.reset()
				if _, err := cold.Commit(bc); err != nil {
					t.Fatal(err)
				}
			}
			if _, err := once.Commit(all); err != nil {
				t.Fatal(err)
			}
			w := review7Dump(t, warm)
			review7SameDump(t, "warm vs cold", w, review7Dump(t, cold))
			// Fix blocks, grid and summaries are a function of the set of
			// fixes; identity histories of overlapping records depend on
			// their order (a record covered by an earlier one is dropped).
			fgv := func(d [][2][]byte) [][2][]byte {
				return slices.DeleteFunc(d, func(kv [2][]byte) bool { return kv[0][0] == pIdentity })
			}
			review7SameDump(t, "warm vs one commit (fixes, grid, summaries)", fgv(w), fgv(review7Dump(t, once)))
		})
	}
}

// TestReview7FailedCommitLeavesNoCache makes a commit fail part-way (a
// stored history of one vessel is corrupt, so commitIdentities fails
// after the commit staged its blocks, summaries and earlier vessels'
// histories), commits other batches, then repairs the key and retries the
// failed batch: the caches must hold committed state only throughout, and
// the store must end byte-identical to one that never failed.
func TestReview7FailedCommitLeavesNoCache(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 5))
	dir := t.TempDir()
	s := openT(t, filepath.Join(dir, "s"), Options{NoSync: true})
	ref := openT(t, filepath.Join(dir, "ref"), Options{NoSync: true})
	type batch struct {
		fixes []track.Fix
		segs  []uint64
		ids   []track.Identity
	}
	commit := func(st *Store, x batch) error {
		b := NewBatch()
		review7Fill(t, b, x.fixes, x.segs, x.ids)
		_, err := st.Commit(b)
		return err
	}
	var batches []batch
	for step := range 12 {
		f, sg, id := review7Batch(rng, step)
		batches = append(batches, batch{f, sg, id})
	}
	for _, x := range batches[:6] {
		for _, st := range []*Store{s, ref} {
			if err := commit(st, x); err != nil {
				t.Fatal(err)
			}
		}
	}
	review7CheckCaches(t, "before the failure", s)
	// The failing batch: fixes of every vessel (in the hour the feed is at,
	// and a late one), identities of every vessel; the last vessel's
	// stored history is corrupt.
	var bad batch
	for v := range 7 {
		for k, hour := range []int{6, 1} {
			bad.fixes = append(bad.fixes, track.Fix{MMSI: uint32(211000000 + v), Time: review7Base + int64(hour)*hourMs + 77000,
				Lat: 55.5, Lon: 11.5, Heading: -1, Class: track.ClassA, Src: track.SourceRef{Source: 3, Line: uint32(10*v + k + 1)}})
			bad.segs = append(bad.segs, 0)
		}
		bad.ids = append(bad.ids, track.Identity{MMSI: uint32(211000000 + v), Name: "FAILED COMMIT", From: review7Base + 6*hourMs, To: review7Base + 6*hourMs,
			Src: track.SourceRef{Source: 3, Line: uint32(10 * v)}})
	}
	victim := identityKey(211000006)
	good, err := s.get(victim)
	if err != nil {
		t.Fatalf("the victim has no stored history to corrupt: %v", err)
	}
	if err := s.db.Set(victim, []byte{0xee, 1, 2}, pebble.NoSync); err != nil {
		t.Fatal(err)
	}
	s.icache.reset() // the cache would hide the corrupt value
	if err := commit(s, bad); err == nil {
		t.Fatal("the commit over a corrupt history succeeded")
	} else {
		t.Logf("failed commit: %v", err)
	}
	if err := s.db.Set(victim, good, pebble.NoSync); err != nil {
		t.Fatal(err)
	}
	review7CheckCaches(t, "after the failed commit", s)
	for k, x := range batches[6:] {
		for _, st := range []*Store{s, ref} {
			if err := commit(st, x); err != nil {
				t.Fatal(err)
			}
		}
		review7CheckCaches(t, fmt.Sprintf("commit %d after the failure", k), s)
	}
	for _, st := range []*Store{s, ref} {
		if err := commit(st, bad); err != nil {
			t.Fatal(err)
		}
	}
	review7CheckCaches(t, "after the retry", s)
	review7SameDump(t, "failed then retried vs never failed", review7Dump(t, s), review7Dump(t, ref))
}

// storedHead returns mmsi's identity head as stored (not cached).
func storedHead(t testing.TB, s *Store, mmsi uint32) idHead {
	t.Helper()
	v, err := s.get(identityKey(mmsi))
	if err != nil {
		t.Fatal(err)
	}
	hd, err := decodeHead(mmsi, v)
	if err != nil {
		t.Fatal(err)
	}
	return hd
}

// sameHead reports whether two identity heads encode the same.
func sameHead(a, b idHead) bool {
	return a.chunks == b.chunks && a.frozenMax == b.frozenMax && sameHistory(a.recs, b.recs)
}

package store

import (
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/cockroachdb/pebble/v2"
	"github.com/lookout-osint/lookout/internal/track"
)

// review9Alternating returns n reports of mmsi in time order from t0, one
// a second, alternating between two names (each adds a record), so that
// a history of n records builds up.
func review9Alternating(mmsi uint32, t0 int64, n int, line uint32) []track.Identity {
	out := make([]track.Identity, n)
	for i := range out {
		out[i] = track.Identity{MMSI: mmsi, Name: []string{"P", "Q"}[i%2], From: t0 + int64(i)*1000, To: t0 + int64(i)*1000,
			Src: track.SourceRef{Source: 1, Line: line + uint32(i)}}
	}
	return out
}

// review9Commit commits recs as one batch with the given head and chunk
// sizes.
func review9Commit(t testing.TB, s *Store, head, chunk int, recs []track.Identity) error {
	t.Helper()
	b := NewBatch()
	for i := range recs {
		b.AddIdentity(&recs[i])
	}
	var err error
	chunkedSizes(head, chunk, func() { _, err = s.Commit(b) })
	return err
}

// TestReview9FailedCommitWithChunks makes a commit fail on one vessel
// (a damaged chunk it has to read for a late report; a damaged head it
// has to load) after an earlier vessel of the same commit spilled records
// into a new chunk: the store and the writer's cache must stay as they were
// (the cache only what is stored), the batch unchanged, and the same batch
// committed again once the damage is repaired must leave the store byte
// for byte as a store that never failed.
func TestReview9FailedCommitWithChunks(t *testing.T) {
	const a, b, c = review9MMSI, review9MMSI + 1, review9MMSI + 2
	const head, chunk = 4, 2
	t0 := int64(1527811200000)
	var first []track.Identity
	for _, m := range []uint32{a, b, c} {
		first = append(first, review9Alternating(m, t0, 11, 1)...)
	}
	var second []track.Identity
	second = append(second, review9Alternating(a, t0+11000, 5, 100)...)                                                                   // a spills
	second = append(second, track.Identity{MMSI: b, Name: "R", From: t0 + 500, To: t0 + 500, Src: track.SourceRef{Source: 1, Line: 200}}) // late: b reads its chunks
	second = append(second, review9Alternating(c, t0+11000, 5, 300)...)                                                                   // c spills
	for _, tc := range []struct {
		name   string
		damage func(s *Store) (key []byte)
	}{
		{"a chunk of b", func(s *Store) []byte { return identityChunkKey(nil, b, 0) }},
		{"the head of c, not cached", func(s *Store) []byte { s.icache.reset(); return identityKey(c) }},
		{"the head of b, not cached", func(s *Store) []byte { s.icache.reset(); return identityKey(b) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			s := openT(t, filepath.Join(dir, "s"), Options{NoSync: true})
			ref := openT(t, filepath.Join(dir, "ref"), Options{NoSync: true})
			for _, st := range []*Store{s, ref} {
				if err := review9Commit(t, st, head, chunk, first); err != nil {
					t.Fatal(err)
				}
			}
			for _, m := range []uint32{a, b, c} {
				if hd := storedHead(t, s, m); hd.chunks == 0 {
					t.Fatalf("%d has no chunks to start from", m)
				}
			}
			key := tc.damage(s)
			good, err := s.get(key)
			if err != nil {
				t.Fatal(err)
			}
			if err := s.db.Set(key, []byte{0xee, 1, 2}, pebble.NoSync); err != nil {
				t.Fatal(err)
			}
			before := review7Dump(t, s)
			bt := NewBatch()
			for i := range second {
				bt.AddIdentity(&second[i])
			}
			given := slices.Clone(bt.ids)
			chunkedSizes(head, chunk, func() { _, err = s.Commit(bt) })
			if err == nil {
				t.Fatal("the commit over a damaged value succeeded")
			}
			if !slices.Equal(bt.ids, given) {
				t.Fatal("the failed commit changed the batch's identity records")
			}
			review7CheckCachesBut(t, "after the failed commit", s, key)
			review7SameDump(t, "the failed commit", review7Dump(t, s), before)
			if err := s.db.Set(key, good, pebble.NoSync); err != nil {
				t.Fatal(err)
			}
			chunkedSizes(head, chunk, func() { _, err = s.Commit(bt) })
			if err != nil {
				t.Fatal(err)
			}
			review7CheckCaches(t, "after the retry", s)
			if err := review9Commit(t, ref, head, chunk, second); err != nil {
				t.Fatal(err)
			}
			review7SameDump(t, "failed then retried vs never failed", review7Dump(t, s), review7Dump(t, ref))
			// and on from there, with the cache the retry left
			third := append(review9Alternating(a, t0+16000, 7, 400), review9Alternating(b, t0+11000, 7, 500)...)
			for _, st := range []*Store{s, ref} {
				if err := review9Commit(t, st, head, chunk, third); err != nil {
					t.Fatal(err)
				}
			}
			review7CheckCaches(t, "after the next commit", s)
			review7SameDump(t, "the next commit", review7Dump(t, s), review7Dump(t, ref))
		})
	}
}

// review7CheckCachesBut is review7CheckCaches while the value at key is
// damaged: the cache must not hold that vessel's head at all.
func review7CheckCachesBut(t testing.TB, when string, s *Store, key []byte) {
	t.Helper()
	m := binary.BigEndian.Uint32(key[1:5])
	if _, ok := s.icache.recs.get(m); ok && len(key) == 5 {
		t.Fatalf("%s: the cache holds the head of %d, which is damaged in the store", when, m)
	}
	if len(key) == 5 {
		return // storedHead would fail on it; the other entries are checked after the repair
	}
	review7CheckCaches(t, when, s)
}

// TestReview9Schema4Store opens a schema 4 store holding a long history
// (a version-1 value, written as 32efdf8 wrote it) read-only, which must
// read it and leave it schema 4, and for writing, which must mark it 5
// and then cut the history into chunks like a new store would, the
// histories read back the same as a store that never cuts.
func TestReview9Schema4Store(t *testing.T) {
	const m = review9MMSI
	t0 := int64(1527811200000)
	recs := review9Alternating(m, t0, 40, 1)
	dir := t.TempDir()
	s := openT(t, dir, Options{NoSync: true})
	if err := review9Commit(t, s, 1<<30, 1, recs); err != nil {
		t.Fatal(err)
	}
	if v, err := s.get(identityKey(m)); err != nil || v[0] != 1 {
		t.Fatalf("history value %x, %v; want a version-1 value", v[:1], err)
	}
	if err := s.db.Set(metaKey("schema"), binary.BigEndian.AppendUint32(nil, 4), pebble.Sync); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if err := os.WriteFile(filepath.Join(dir, markerFile), []byte(markerPrefix+"4\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	schema := func() (uint32, int) {
		t.Helper()
		r := openT(t, dir, Options{ReadOnly: true})
		defer r.Close()
		v, err := r.get(metaKey("schema"))
		if err != nil {
			t.Fatal(err)
		}
		mk, err := readMarker(dir)
		if err != nil {
			t.Fatal(err)
		}
		return binary.BigEndian.Uint32(v), mk
	}
	r := openT(t, dir, Options{ReadOnly: true})
	if h, err := r.Identities(m); err != nil || len(h) != 40 {
		t.Fatalf("read-only schema 4 history: %d records, %v", len(h), err)
	}
	if vs, err := r.Vessels(); err != nil || len(vs) != 1 || vs[0].Identity.Name != "Q" {
		t.Fatalf("read-only schema 4 vessels: %+v, %v", vs, err)
	}
	r.Close()
	if k, mk := schema(); k != 4 || mk != 4 {
		t.Fatalf("a read-only open changed the schema: key %d, marker %d", k, mk)
	}
	w := openT(t, dir, Options{NoSync: true})
	ref := openT(t, filepath.Join(t.TempDir(), "ref"), Options{NoSync: true})
	if err := review9Commit(t, ref, 1<<30, 1, recs); err != nil {
		t.Fatal(err)
	}
	more := review9Alternating(m, t0+40000, 3, 100)
	more = append(more, track.Identity{MMSI: m, Name: "R", From: t0 + 20500, To: t0 + 20500, Src: track.SourceRef{Source: 1, Line: 200}})
	for _, part := range [][]track.Identity{more[:1], more[1:2], more[3:], more[2:3]} {
		if err := review9Commit(t, w, 8, 4, part); err != nil {
			t.Fatal(err)
		}
		if err := review9Commit(t, ref, 1<<30, 1, part); err != nil {
			t.Fatal(err)
		}
		review9Compare(t, "schema 4 store written", ref, w, m, true, 8, 4)
	}
	if hd := storedHead(t, w, m); hd.chunks == 0 {
		t.Fatal("the schema 4 history was never cut into chunks")
	}
	w.Close()
	if k, mk := schema(); k != SchemaVersion || mk != SchemaVersion {
		t.Fatalf("schema 4 store written: key %d, marker %d; want %d", k, mk, SchemaVersion)
	}
}

// TestReview9ReadersWhileCommitting reads histories and the vessel list
// of a writer's store from other goroutines while it commits reports that
// spill, cut again (late reports) and delete nothing: every history read
// must be one the store held after some commit (one that never cuts,
// committed the same way beforehand, says which), and every vessel's
// identity in the vessel list the latest of such a history.
func TestReview9ReadersWhileCommitting(t *testing.T) {
	const head, chunk = 3, 2
	rng := rand.New(rand.NewPCG(9, 9))
	_, _, ops := review9Decode(review9RandomOps(rng, 1500))
	batches := review9Batches(ops)
	dir := t.TempDir()
	whole := openT(t, filepath.Join(dir, "whole"), Options{NoSync: true})
	states := map[uint32]map[string]bool{review9MMSI: {"": true}, review9MMSI + 1: {"": true}}
	latest := map[uint32]map[string]bool{review9MMSI: {}, review9MMSI + 1: {}}
	for _, p := range batches {
		if err := review9Commit(t, whole, 1<<30, 1, p); err != nil {
			t.Fatal(err)
		}
		for m := range states {
			h, err := whole.Identities(m)
			if err != nil {
				t.Fatal(err)
			}
			if len(h) > 0 {
				states[m][string(encodeIdentities(h))] = true
				latest[m][fmt.Sprint(latestIdentity(h))] = true
			}
		}
	}
	s := openT(t, filepath.Join(dir, "chunked"), Options{NoSync: true})
	var done atomic.Bool
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	var reads atomic.Int64
	for g := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for !done.Load() {
				if g == 0 {
					for m := range states {
						h, err := s.Identities(m)
						if err != nil {
							errs <- err
							return
						}
						if k := ""; len(h) > 0 {
							k = string(encodeIdentities(h))
							if !states[m][k] {
								errs <- fmt.Errorf("history of %d read while committing is no committed one: %+v", m, h)
								return
							}
						}
					}
				} else {
					vs, err := s.Vessels()
					if err != nil {
						errs <- err
						return
					}
					for _, v := range vs {
						if !latest[v.MMSI][fmt.Sprint(v.Identity)] {
							errs <- fmt.Errorf("vessel %d read while committing: identity %+v is no committed one's latest", v.MMSI, v.Identity)
							return
						}
					}
				}
				reads.Add(1)
			}
		}()
	}
	// idHeadMax and idChunkLen are set once for the whole run (readers do
	// not use them).
	chunkedSizes(head, chunk, func() {
		for _, p := range batches {
			b := NewBatch()
			for i := range p {
				b.AddIdentity(&p[i])
			}
			if _, err := s.Commit(b); err != nil {
				t.Error(err)
				break
			}
		}
		done.Store(true)
		wg.Wait()
	})
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	review9Compare(t, "after the concurrent run", whole, s, review9MMSI, true, head, chunk)
	if hd := storedHead(t, s, review9MMSI); hd.chunks == 0 {
		t.Fatal("no chunks")
	}
	t.Logf("%d commits, %d reads while committing", len(batches), reads.Load())
}

// TestReview9ChunkBoundaryCases commits hand-made reports at the edges of
// the head-only test (headTakes) to a store cutting heads of 4 into
// chunks of 2 and to one that never cuts: a report that a frozen record
// ending exactly where it ends contains, one that a frozen record of equal
// From and a greater source reference contains, one starting just before
// the head's first record that says what the last frozen one says, and a
// late report that moves the last frozen record into the head (so that the
// chunks end earlier than before). Histories, vessel lists and the layout
// (frozenMax the chunks' greatest To) must be the same as without chunks.
func TestReview9ChunkBoundaryCases(t *testing.T) {
	const m = review9MMSI
	rec := func(name string, from, to int64, line uint32) track.Identity {
		return track.Identity{MMSI: m, Name: name, From: from, To: to, Src: track.SourceRef{Source: 1, Line: line}}
	}
	for _, tc := range []struct {
		name    string
		batches [][]track.Identity
	}{
		{"contained by a frozen record ending with it", [][]track.Identity{
			{rec("A", 0, 10000, 1), rec("B", 1000, 1000, 2), rec("C", 2000, 2000, 3), rec("B", 3000, 3000, 4), rec("C", 4000, 4000, 5)},
			{rec("A", 5000, 10000, 6)},
		}},
		{"contained by a frozen record of equal From, smaller source", [][]track.Identity{
			{rec("B", 1000, 1000, 2), rec("A", 2000, 2000, 9), rec("C", 2000, 2000, 3), rec("D", 3000, 3000, 4), rec("C", 4000, 4000, 5)},
			{rec("A", 2000, 2000, 1)},
		}},
		{"just before the head, saying what the last frozen record says", [][]track.Identity{
			{rec("A", 0, 10000, 1), rec("B", 1000, 1000, 2), rec("C", 2000, 2000, 3), rec("B", 3000, 3000, 4), rec("C", 4000, 4000, 5)},
			{rec("B", 1500, 20000, 6)},
		}},
		{"late, moving the last frozen record into the head", [][]track.Identity{
			{rec("A", 0, 0, 1), rec("B", 1000, 9000, 2), rec("A", 2000, 2000, 3), rec("C", 3000, 3000, 4), rec("A", 4000, 4000, 5)},
			{rec("C", 500, 500, 6)},
			{rec("B", 5000, 5000, 7)},
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			whole := openT(t, filepath.Join(dir, "whole"), Options{NoSync: true})
			chunked := openT(t, filepath.Join(dir, "chunked"), Options{NoSync: true})
			for i, b := range tc.batches {
				if err := review9Commit(t, whole, 1<<30, 1, b); err != nil {
					t.Fatal(err)
				}
				if err := review9Commit(t, chunked, 4, 2, b); err != nil {
					t.Fatal(err)
				}
				if hd := storedHead(t, chunked, m); hd.chunks == 0 {
					t.Fatalf("batch %d: no chunks", i)
				}
				review9Compare(t, fmt.Sprint("batch ", i), whole, chunked, m, true, 4, 2)
			}
		})
	}
}

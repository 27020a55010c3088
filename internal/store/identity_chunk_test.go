package store

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"testing"

	"github.com/lookout-osint/lookout/internal/track"
)

// chunkedSizes sets the head and chunk sizes for the duration of fn.
func chunkedSizes(head, chunk int, fn func()) {
	h, c := idHeadMax, idChunkLen
	idHeadMax, idChunkLen = head, chunk
	defer func() { idHeadMax, idChunkLen = h, c }()
	fn()
}

// chunkReports returns n identity reports of three vessels: mostly in time
// order, alternating between a few contents (the part A and part B of a
// class B vessel, two destinations), with reports of one second, late
// reports, long intervals and intervals given backwards mixed in.
func chunkReports(rng *rand.Rand, n int) []track.Identity {
	var out []track.Identity
	tm := int64(1527811200000)
	for i := range n {
		tm += int64(rng.IntN(3)) * 1000
		r := track.Identity{MMSI: 265518830 + uint32(rng.IntN(3)), From: tm, To: tm,
			Src: track.SourceRef{Source: 1, Line: uint32(i + 1)}}
		switch rng.IntN(4) {
		case 0:
			r.Name = "SUVI-SIRKKA"
		case 1:
			r.Callsign, r.ShipType = "SA9908", 36
		case 2:
			r.Name, r.Destination = "SUVI-SIRKKA", []string{"HELSINKI", "TURKU"}[rng.IntN(2)]
		default:
			r.Name = []string{"SUVI", "SUVI-SIRKKA"}[rng.IntN(2)]
		}
		switch p := rng.IntN(20); {
		case p < 2: // late
			r.From -= int64(rng.IntN(60)) * 1000
			r.To = r.From
		case p < 5: // a long stretch, which a later report can fall into
			r.To = r.From + int64(rng.IntN(60))*1000
		case p < 6: // backwards
			r.To = r.From - 1000
		}
		out = append(out, r)
	}
	return out
}

// TestIdentityChunksMatchWholeHistory ingests the same random reports into
// a store whose identity heads spill at 4 to 6 records into chunks of 2 or 3 and
// into one that keeps each history whole, in random commit sizes. After
// every commit the histories and the vessel list must be the same, and
// the chunked writer's cache must match its stored heads (also when the
// cache is emptied before commits); some histories must have chunks and
// some commits must have had to read them (late reports). A second ingest
// changes neither store, and a reopened chunked store goes on alike.
func TestIdentityChunksMatchWholeHistory(t *testing.T) {
	for seed := range uint64(16) {
		rng := rand.New(rand.NewPCG(seed, 55))
		recs := chunkReports(rng, 400)
		dir := t.TempDir()
		whole := openT(t, filepath.Join(dir, "whole"), Options{NoSync: true})
		chunked := openT(t, filepath.Join(dir, "chunked"), Options{NoSync: true})
		cold := seed%2 == 1
		commit := func(s *Store, part []track.Identity, head, chunk int) {
			chunkedSizes(head, chunk, func() {
				b := NewBatch()
				for i := range part {
					b.AddIdentity(&part[i])
				}
				if cold && s == chunked {
					s.icache.reset()
				}
				if _, err := s.Commit(b); err != nil {
					t.Fatal(err)
				}
			})
		}
		check := func(when string) {
			t.Helper()
			for m := uint32(265518830); m < 265518833; m++ {
				a, err := whole.Identities(m)
				if err != nil {
					t.Fatal(err)
				}
				b, err := chunked.Identities(m)
				if err != nil {
					t.Fatal(err)
				}
				if !slices.Equal(a, b) {
					t.Fatalf("seed %d %s: history of %d\nwhole   %+v\nchunked %+v", seed, when, m, a, b)
				}
			}
			va, err := whole.Vessels()
			if err != nil {
				t.Fatal(err)
			}
			vb, err := chunked.Vessels()
			if err != nil {
				t.Fatal(err)
			}
			if fmt.Sprint(va) != fmt.Sprint(vb) {
				t.Fatalf("seed %d %s: vessels\n%+v\n%+v", seed, when, va, vb)
			}
			review7CheckCaches(t, when, chunked)
			for _, kv := range review7Dump(t, chunked) { // no chunk beyond its head's count
				if k := kv[0]; k[0] == pIdentity && len(k) == 9 {
					m, seq := binary.BigEndian.Uint32(k[1:5]), binary.BigEndian.Uint32(k[5:])
					if hd := storedHead(t, chunked, m); seq >= hd.chunks {
						t.Fatalf("seed %d %s: chunk %d of %d stored, its head counts %d", seed, when, seq, m, hd.chunks)
					}
				}
			}
		}
		ingest := func(what string) {
			for i := 0; i < len(recs); {
				k := min(1+rng.IntN(40), len(recs)-i)
				commit(whole, recs[i:i+k], 1<<30, 1)
				commit(chunked, recs[i:i+k], 4+int(seed%3), 2+int(seed%2))
				i += k
				check(fmt.Sprintf("%s, after %d reports", what, i))
			}
		}
		ingest("first ingest")
		chunks := 0
		for m := uint32(265518830); m < 265518833; m++ {
			chunks += int(storedHead(t, chunked, m).chunks)
		}
		if chunks == 0 {
			t.Fatalf("seed %d: no history was cut into chunks", seed)
		}
		before := review7Dump(t, chunked)
		ingest("second ingest")
		review7SameDump(t, "a second ingest", review7Dump(t, chunked), before)
		if err := chunked.Close(); err != nil {
			t.Fatal(err)
		}
		chunked = openT(t, filepath.Join(dir, "chunked"), Options{NoSync: true})
		more := chunkReports(rng, 100)
		for i := range more {
			more[i].From += 3600000
			more[i].To += 3600000
			more[i].Src.Line += 1000
		}
		recs = more
		ingest("after reopening")
	}
}

// TestIdentityChunksKeepNormalizedBoundary starts from a stored history
// that is not normalized (two neighbours say the same thing, as no writer
// leaves one but a damaged store might hold): a commit that inserts
// nothing must not cut it into chunks, or the pair would sit in a frozen
// chunk that later head-only commits never normalize, and the history
// would differ from the same reports merged whole.
func TestIdentityChunksKeepNormalizedBoundary(t *testing.T) {
	const mmsi = 265518830
	rec := func(name string, from int64) track.Identity {
		return track.Identity{MMSI: mmsi, Name: name, From: from, To: from + 1, Src: track.SourceRef{Source: 1, Line: uint32(from + 1)}}
	}
	start := []track.Identity{rec("A", 0), rec("A", 2), rec("B", 4), rec("C", 6), rec("B", 8), rec("C", 10)}
	reports := [][]track.Identity{{rec("C", 10)}, {rec("D", 12)}, {rec("E", 14)}}
	var got [2][]track.Identity
	for k, sizes := range [][2]int{{4, 2}, {1 << 30, 1}} {
		s := openT(t, filepath.Join(t.TempDir(), "db"), Options{NoSync: true})
		if err := s.db.Set(identityKey(mmsi), encodeIdentities(start), nil); err != nil {
			t.Fatal(err)
		}
		chunkedSizes(sizes[0], sizes[1], func() {
			for _, part := range reports {
				commitIdentities(t, s, part, len(part))
			}
		})
		h, err := s.Identities(mmsi)
		if err != nil {
			t.Fatal(err)
		}
		got[k] = h
	}
	if !slices.Equal(got[0], got[1]) {
		t.Fatalf("chunked %+v\nwhole   %+v", got[0], got[1])
	}
}

// TestIdentityChunksCutShorter stores a chunked history whose chunks meet
// at two records that say the same thing (a damaged store; no writer cuts
// one), then commits a late report, which makes the commit merge into the
// whole history, normalize it and cut it into fewer chunks: the chunk key
// it no longer uses must go.
func TestIdentityChunksCutShorter(t *testing.T) {
	const mmsi = 265518830
	rec := func(name string, from int64) track.Identity {
		return track.Identity{MMSI: mmsi, Name: name, From: from, To: from + 1, Src: track.SourceRef{Source: 1, Line: uint32(from + 1)}}
	}
	s := openT(t, filepath.Join(t.TempDir(), "db"), Options{NoSync: true})
	for seq, c := range [][]track.Identity{{rec("A", 0), rec("B", 2)}, {rec("B", 4), rec("C", 6)}} {
		if err := s.db.Set(identityChunkKey(nil, mmsi, uint32(seq)), encodeIdentities(c), nil); err != nil {
			t.Fatal(err)
		}
	}
	head := idHead{recs: []track.Identity{rec("D", 8), rec("E", 10)}, chunks: 2, frozenMax: 7}
	if err := s.db.Set(identityKey(mmsi), appendHead(nil, &head), nil); err != nil {
		t.Fatal(err)
	}
	chunkedSizes(4, 2, func() { commitIdentities(t, s, []track.Identity{rec("X", 1)}, 1) })
	want := []track.Identity{rec("A", 0), rec("X", 1), {MMSI: mmsi, Name: "B", From: 2, To: 5, Src: track.SourceRef{Source: 1, Line: 3}},
		rec("C", 6), rec("D", 8), rec("E", 10)}
	if got, err := s.Identities(mmsi); err != nil || !slices.Equal(got, want) {
		t.Fatalf("history %+v, %v\nwant %+v", got, err, want)
	}
	if hd := storedHead(t, s, mmsi); hd.chunks != 1 || len(hd.recs) != 4 {
		t.Fatalf("head %+v; want 1 chunk and 4 records", hd)
	}
	if _, err := s.get(identityChunkKey(nil, mmsi, 1)); err != ErrNotFound {
		t.Fatalf("chunk 1 after the cut: %v; want it deleted", err)
	}
}

// TestIdentityChunksDamaged checks that a missing chunk, a chunk beyond
// the head's count and a head counting chunks it lacks records for are
// reported as corrupt, not read as a shorter or longer history.
func TestIdentityChunksDamaged(t *testing.T) {
	const mmsi = 265518830
	rec := func(name string, from int64) track.Identity {
		return track.Identity{MMSI: mmsi, Name: name, From: from, To: from + 1}
	}
	head := idHead{recs: []track.Identity{rec("C", 8)}, chunks: 2, frozenMax: 7}
	chunk := [][]track.Identity{{rec("A", 0)}, {rec("B", 4)}}
	for name, keep := range map[string][]uint32{"missing first": {1}, "missing last": {0}, "extra": {0, 1, 2}} {
		s := openT(t, filepath.Join(t.TempDir(), "db"), Options{NoSync: true})
		if err := s.db.Set(identityKey(mmsi), appendHead(nil, &head), nil); err != nil {
			t.Fatal(err)
		}
		for _, seq := range keep {
			if err := s.db.Set(identityChunkKey(nil, mmsi, seq), encodeIdentities(chunk[min(seq, 1)]), nil); err != nil {
				t.Fatal(err)
			}
		}
		if h, err := s.Identities(mmsi); !errors.Is(err, ErrCorrupt) {
			t.Errorf("%s: %+v, %v; want ErrCorrupt", name, h, err)
		}
	}
	if _, err := decodeHead(mmsi, appendHead(nil, &idHead{chunks: 1})); !errors.Is(err, ErrCorrupt) {
		t.Errorf("chunks without head records: %v; want ErrCorrupt", err)
	}
}

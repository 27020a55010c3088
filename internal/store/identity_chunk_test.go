package store

import (
	"errors"
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

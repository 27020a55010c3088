package store

import (
	"encoding/binary"
	"fmt"
	"math"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"testing"

	"github.com/lookout-osint/lookout/internal/track"
)

// Review of 677a8ca (identity heads and frozen chunks): a differential
// driver that feeds the same identity reports, cut into the same commits,
// to a store whose heads spill at 2-5 records into chunks of 1-5 and to one
// that never spills, and checks after every commit that the histories and
// the vessel list read back are the same, the chunked writer's cache
// equals its stored heads, no chunk lies beyond its head's count; that a
// second ingest of the same reports in the same cuts changes no byte of
// the chunked store whenever it changes none of the whole one; and that a
// chunked store reopened (or with its cache emptied) goes on alike.

const review9MMSI = 265518830

// review9Op is one step of a driven ingest: a report, or a commit cut
// (with the chunked writer's cache emptied or its store reopened first).
type review9Op struct {
	kind byte // 0 report, 1 cut, 2 cut after emptying the cache, 3 cut after reopening
	rec  track.Identity
}

// review9Decode turns fuzz bytes into head and chunk sizes and a list of
// steps. Reports are of two vessels, few contents (so that neighbours and
// containing records say the same thing often), From values that mostly
// advance but often repeat or come late, To values equal, longer,
// backwards or reaching far, and sources that tie often.
func review9Decode(data []byte) (head, chunk int, ops []review9Op) {
	if len(data) == 0 {
		return 2, 1, nil
	}
	head = 2 + int(data[0]%4)
	chunk = 1 + int(data[0]/4)%head
	data = data[1:]
	tm := int64(1527811200000)
	for len(data) >= 3 {
		b0, b1, b2 := data[0], data[1], data[2]
		data = data[3:]
		switch b0 % 16 {
		case 0, 1:
			ops = append(ops, review9Op{kind: 1})
			continue
		case 2:
			ops = append(ops, review9Op{kind: 2})
			continue
		case 3:
			ops = append(ops, review9Op{kind: 3})
			continue
		}
		tm += int64(b1&3) * 1000
		back := int64(b1>>2) & 31
		if back < 20 {
			back = 0
		} else {
			back -= 19
		}
		r := track.Identity{MMSI: review9MMSI + uint32(b0>>4&1), From: tm - back*1000}
		switch b0 >> 5 & 3 {
		case 0:
			r.Name = "A"
		case 1:
			r.Name = "B"
		case 2:
			r.Callsign, r.ShipType = "C", 36
		default:
			r.Name, r.Destination = "A", "X"
		}
		if b0>>7 == 1 {
			r.Name += "2"
		}
		d := int64(b2 >> 2 & 15)
		switch b2 & 3 {
		case 0:
			r.To = r.From
		case 1:
			r.To = r.From + d*1000
		case 2:
			r.To = r.From - (d+1)*1000 // backwards
		default:
			r.To = r.From + (d+1)*10000 // reaching far
		}
		r.Src = track.SourceRef{Source: 1 + uint32(b2>>6&1), Line: 1 + uint32(b1>>7) + uint32(b2>>7)*2}
		ops = append(ops, review9Op{rec: r})
	}
	return head, chunk, ops
}

// review9Batches returns the reports of ops cut into batches at their
// commit steps (a cut with no reports before it makes no batch).
func review9Batches(ops []review9Op) [][]track.Identity {
	var batches [][]track.Identity
	var part []track.Identity
	for _, op := range ops {
		if op.kind == 0 {
			part = append(part, op.rec)
		} else if len(part) > 0 {
			batches, part = append(batches, part), nil
		}
	}
	return batches
}

// review9RandomOps returns random fuzz-like bytes of n steps.
func review9RandomOps(rng *rand.Rand, n int) []byte {
	b := make([]byte, 1+3*n)
	for i := range b {
		b[i] = byte(rng.Uint32())
	}
	return b
}

// review9Compare fails t unless the chunked and whole stores read back the
// same histories of vessels base and base+1 and the same vessel lists
// (when lists: the stores hold only these vessels), the chunked writer's
// cache holds its stored heads and no chunk lies beyond its head's count.
func review9Compare(t testing.TB, when string, whole, chunked *Store, base uint32, lists bool, head, chunk int) {
	t.Helper()
	for m := base; m < base+2; m++ {
		a, err := whole.Identities(m)
		if err != nil {
			t.Fatalf("%s: whole history of %d: %v", when, m, err)
		}
		b, err := chunked.Identities(m)
		if err != nil {
			t.Fatalf("%s: chunked history of %d: %v", when, m, err)
		}
		if !slices.Equal(a, b) {
			t.Fatalf("%s: history of %d\nwhole   %+v\nchunked %+v", when, m, a, b)
		}
		if hd, ok := chunked.icache.recs.get(m); ok {
			if stored := storedHead(t, chunked, m); !sameHead(hd, stored) {
				t.Fatalf("%s: cached head of %d differs from the stored one:\n%+v\n%+v", when, m, hd, stored)
			}
		}
	}
	if lists {
		va, err := whole.Vessels()
		if err != nil {
			t.Fatal(err)
		}
		vb, err := chunked.Vessels()
		if err != nil {
			t.Fatal(err)
		}
		if fmt.Sprint(va) != fmt.Sprint(vb) {
			t.Fatalf("%s: vessels\nwhole   %+v\nchunked %+v", when, va, vb)
		}
		review7CheckCaches(t, when, chunked)
	}
	for _, kv := range review9DumpIDs(t, chunked, base) {
		if k := kv[0]; len(k) == 9 {
			m, seq := binary.BigEndian.Uint32([]byte(k[1:5])), binary.BigEndian.Uint32([]byte(k[5:]))
			hd := storedHead(t, chunked, m)
			if seq >= hd.chunks {
				t.Fatalf("%s: chunk %d of %d stored, its head counts %d", when, seq, m, hd.chunks)
			}
			if len(hd.recs) == 0 {
				t.Fatalf("%s: %d has chunks and an empty head", when, m)
			}
		}
	}
	for m := base; m < base+2; m++ {
		review9CheckLayout(t, when, chunked, m, head, chunk)
	}
}

// review9CheckLayout fails t unless mmsi's stored head and chunks are as
// the writer cuts a normalized history: chunks of idChunkLen records, a
// head of at most idHeadMax records and more than idHeadMax-idChunkLen
// when there are chunks, no neighbours saying the same thing across a
// chunk's end, and the head's frozenMax the greatest To of the chunks, for the
// head and chunk sizes headMax and chunkLen.
func review9CheckLayout(t testing.TB, when string, s *Store, mmsi uint32, headMax, chunkLen int) {
	t.Helper()
	hd, c, err := s.readIdentities(mmsi)
	if err != nil {
		t.Fatalf("%s: %d: %v", when, mmsi, err)
	}
	if hd.chunks == 0 {
		return
	}
	h := append(c, hd.recs...)
	if !normalized(h) {
		return // not cut by the rules below (no writer leaves one)
	}
	if len(c) != int(hd.chunks)*chunkLen || len(hd.recs) > headMax || len(hd.recs) <= headMax-chunkLen {
		t.Fatalf("%s: %d: %d chunks of %d records in all, a head of %d (head max %d, chunk %d)", when, mmsi, hd.chunks, len(c), len(hd.recs), headMax, chunkLen)
	}
	fm := int64(math.MinInt64)
	for i := range c {
		fm = max(fm, c[i].To)
	}
	if fm != hd.frozenMax {
		t.Fatalf("%s: %d: the head says the chunks end by %d, they end by %d", when, mmsi, hd.frozenMax, fm)
	}
}

// review9DumpIDs returns the identity keys and values of vessels base and
// base+1.
func review9DumpIDs(t testing.TB, s *Store, base uint32) [][2]string {
	t.Helper()
	var out [][2]string
	err := s.scan(identityKey(base), identityKey(base+2), func(k, v []byte) error {
		out = append(out, [2]string{string(k), string(v)})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// review9Drive runs the steps on a whole and a chunked store and checks
// them after every cut, then ingests the same steps again. The reports
// are moved to vessels base and base+1; lists says the stores hold no
// other vessels (the vessel lists and every cache entry are compared
// too). It returns the chunks the first ingest left and whether the
// second one kept the whole store's identity bytes (and then the chunked
// store's too, or it fails).
func review9Drive(t testing.TB, whole *Store, chunkedp **Store, base uint32, lists bool, head, chunk int, ops []review9Op) (chunks int, stable bool) {
	chunked := *chunkedp
	defer func() { *chunkedp = chunked }()
	chunkedDir := chunked.dir
	ingest := func(pass int) {
		var part []track.Identity
		for i, op := range append(ops, review9Op{kind: 1}) {
			if op.kind == 0 {
				op.rec.MMSI += base - review9MMSI
				part = append(part, op.rec)
				continue
			}
			switch op.kind {
			case 2:
				chunked.icache.reset()
			case 3:
				if err := chunked.Close(); err != nil {
					t.Fatal(err)
				}
				var err error
				if chunked, err = Open(chunkedDir, Options{NoSync: true}); err != nil {
					t.Fatal(err)
				}
			}
			for _, c := range []struct {
				s           *Store
				head, chunk int
			}{{whole, 1 << 30, 1}, {chunked, head, chunk}} {
				b := NewBatch()
				for k := range part {
					b.AddIdentity(&part[k])
				}
				chunkedSizes(c.head, c.chunk, func() {
					if _, err := c.s.Commit(b); err != nil {
						t.Fatalf("pass %d step %d: %v", pass, i, err)
					}
				})
			}
			part = part[:0]
			review9Compare(t, fmt.Sprintf("head %d chunk %d, pass %d, step %d", head, chunk, pass, i), whole, chunked, base, lists, head, chunk)
		}
	}
	ingest(1)
	for m := base; m < base+2; m++ {
		if _, err := chunked.get(identityKey(m)); err == nil {
			chunks += int(storedHead(t, chunked, m).chunks)
		}
	}
	wholeBefore, chunkedBefore := review9DumpIDs(t, whole, base), review9DumpIDs(t, chunked, base)
	ingest(2)
	if stable = slices.Equal(review9DumpIDs(t, whole, base), wholeBefore); stable {
		if after := review9DumpIDs(t, chunked, base); !slices.Equal(after, chunkedBefore) {
			t.Fatalf("head %d chunk %d: a second ingest changed the chunked store's identities (not the whole one's):\n%q\n%q", head, chunk, chunkedBefore, after)
		}
	}
	return chunks, stable
}

// TestReview9ChunksRandom runs the driver on random steps: many seeds,
// every head and chunk size combination the fuzzer can pick.
func TestReview9ChunksRandom(t *testing.T) {
	n := 60
	if testing.Short() {
		n = 12
	}
	chunks, stable := 0, 0
	for seed := range uint64(n) {
		rng := rand.New(rand.NewPCG(seed, 9))
		data := review9RandomOps(rng, 150+rng.IntN(150))
		head, chunk, ops := review9Decode(data)
		dir := t.TempDir()
		whole := openT(t, filepath.Join(dir, "whole"), Options{NoSync: true})
		chunked := openT(t, filepath.Join(dir, "chunked"), Options{NoSync: true})
		c, st := review9Drive(t, whole, &chunked, review9MMSI, true, head, chunk, ops)
		chunked.Close()
		if c > 0 {
			chunks++
		}
		if st {
			stable++
		}
	}
	if chunks < n/2 {
		t.Fatalf("only %d of %d runs cut a history into chunks", chunks, n)
	}
	t.Logf("%d runs: %d cut a history into chunks, in %d a second ingest kept the whole store's bytes", n, chunks, stable)
}

// FuzzReview9Chunks drives the differential test from fuzz bytes. A
// worker keeps its two stores from input to input (opening two Pebble
// stores costs more than most inputs), each input on two new vessels.
func FuzzReview9Chunks(f *testing.F) {
	for seed := range uint64(8) {
		rng := rand.New(rand.NewPCG(seed, 99))
		f.Add(review9RandomOps(rng, 40+rng.IntN(80)))
	}
	dir := f.TempDir()
	var whole, chunked *Store
	base := uint32(100000000)
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 3*400 {
			return
		}
		if whole == nil {
			var err error
			if whole, err = Open(filepath.Join(dir, "whole"), Options{NoSync: true}); err != nil {
				t.Fatal(err)
			}
			if chunked, err = Open(filepath.Join(dir, "chunked"), Options{NoSync: true}); err != nil {
				t.Fatal(err)
			}
		}
		base += 2
		head, chunk, ops := review9Decode(data)
		review9Drive(t, whole, &chunked, base, false, head, chunk, ops)
	})
}

// TestReview9ChunkLayoutFollowsHistory checks what TestKill9Resume's byte
// comparison (a resumed ingest in other commit sizes) needs of the chunks:
// when two ways of cutting the same reports into commits give a store that
// never cuts the same histories, they give a chunked store the same
// identity keys and values, chunks and heads alike.
func TestReview9ChunkLayoutFollowsHistory(t *testing.T) {
	n := 40
	if testing.Short() {
		n = 10
	}
	same := 0
	for seed := range uint64(n) {
		rng := rand.New(rand.NewPCG(seed, 77))
		head, chunk, ops := review9Decode(review9RandomOps(rng, 200+rng.IntN(200)))
		var recs []track.Identity
		last := int64(0)
		for _, op := range ops {
			if op.kind == 0 {
				r := op.rec
				if seed%2 == 0 { // in time order, one instant each: histories any cut gives alike
					r.From = max(r.From, last)
					r.To, last = r.From, r.From
				}
				recs = append(recs, r)
			}
		}
		dir := t.TempDir()
		var wholes, chunkeds [2][][2]string
		for k := range 2 {
			whole := openT(t, filepath.Join(dir, fmt.Sprint("whole", k)), Options{NoSync: true})
			chunked := openT(t, filepath.Join(dir, fmt.Sprint("chunked", k)), Options{NoSync: true})
			cut := rand.New(rand.NewPCG(seed, uint64(k)))
			for i := 0; i < len(recs); {
				j := min(len(recs), i+1+cut.IntN(1+k*30))
				if err := review9Commit(t, whole, 1<<30, 1, recs[i:j]); err != nil {
					t.Fatal(err)
				}
				if err := review9Commit(t, chunked, head, chunk, recs[i:j]); err != nil {
					t.Fatal(err)
				}
				i = j
			}
			wholes[k], chunkeds[k] = review9DumpIDs(t, whole, review9MMSI), review9DumpIDs(t, chunked, review9MMSI)
		}
		if !slices.Equal(wholes[0], wholes[1]) {
			continue
		}
		same++
		if !slices.Equal(chunkeds[0], chunkeds[1]) {
			t.Fatalf("seed %d (head %d, chunk %d): the same histories, cut into other commits, are stored in other chunks:\n%q\n%q", seed, head, chunk, chunkeds[0], chunkeds[1])
		}
	}
	t.Logf("%d of %d report sets gave the same histories in both cuts", same, n)
	if same == 0 {
		t.Fatal("no report set gave the same histories in both cuts")
	}
}

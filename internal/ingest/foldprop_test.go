package ingest

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/lookout-osint/lookout/internal/track"
)

// storeModel merges identity records into histories by the store's rule
// (internal/store/identity.go, re-implemented from its documentation): a
// batch's records are merged vessel by vessel in (From, batch order); a
// record that a record with the same content covers is dropped (taking
// its source when both begin together and its source is lower); otherwise
// it is inserted after the records that begin no later, and neighbours
// with the same content are merged, keeping the source of the least
// (From, Src).
type storeModel map[uint32][]track.Identity

func (m storeModel) commit(batch []track.Identity) {
	order := make([]int, len(batch))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		return cmp.Or(cmp.Compare(batch[a].MMSI, batch[b].MMSI), cmp.Compare(batch[a].From, batch[b].From))
	})
	for _, i := range order {
		m[batch[i].MMSI] = modelMerge(m[batch[i].MMSI], batch[i])
	}
}

func modelMerge(h []track.Identity, r track.Identity) []track.Identity {
	r.To = max(r.To, r.From)
	for i := range h {
		if h[i].From <= r.From && r.To <= h[i].To && sameIdentity(&h[i], &r) {
			if h[i].From == r.From && r.Src.Compare(h[i].Src) < 0 {
				h[i].Src = r.Src
			}
			return h
		}
	}
	i := 0
	for i < len(h) && h[i].From <= r.From {
		i++
	}
	h = slices.Insert(h, i, r)
	out := h[:0]
	for _, x := range h {
		if n := len(out); n > 0 && sameIdentity(&out[n-1], &x) {
			p := &out[n-1]
			if x.From < p.From || x.From == p.From && x.Src.Compare(p.Src) < 0 {
				p.Src = x.Src
			}
			p.From, p.To = min(p.From, x.From), max(p.To, x.To)
			continue
		}
		out = append(out, x)
	}
	return out
}

// foldReport is one generated identity row.
type foldReport struct {
	mmsi uint32
	name string
	sec  int // seconds after the base time
}

// genFoldStream makes the rows of a few vessels, interleaved. Each vessel
// goes through identities (names from a small set, so that an identity
// comes back) in periods that do not overlap in time and are reported in
// order; within a period its rows come in random time order, with
// repeated times.
func genFoldStream(rng *rand.Rand) []foldReport {
	names := []string{"ALPHA", "BRAVO", "CHARLIE"}
	var per [][]foldReport
	for v := range 1 + rng.IntN(4) {
		mmsi := uint32(211000001 + v)
		var rows []foldReport
		start := rng.IntN(100)
		for range 1 + rng.IntN(5) {
			name := names[rng.IntN(len(names))]
			span := 1 + rng.IntN(60)
			for range 1 + rng.IntN(12) {
				rows = append(rows, foldReport{mmsi, name, start + rng.IntN(span)})
			}
			start += span + rng.IntN(20)
		}
		per = append(per, rows)
	}
	var out []foldReport
	for len(per) > 0 {
		v := rng.IntN(len(per))
		out = append(out, per[v][0])
		if per[v] = per[v][1:]; len(per[v]) == 0 {
			per = slices.Delete(per, v, v+1)
		}
	}
	return out
}

// foldRow formats a report as a MarineCadastre row.
func foldRow(r foldReport) string {
	t := time.Date(2022, 1, 3, 0, 0, 0, 0, time.UTC).Add(time.Duration(r.sec) * time.Second)
	return fmt.Sprintf("%d,%s,30.1,-88.5,0,336.2,511,%s,IMO8207721,WTD4583,31,0,28,11,3.3,52,A\n",
		r.mmsi, t.Format("2006-01-02T15:04:05"), r.name)
}

// batchFold folds a record into a batch as the track stage does: into the
// vessel's latest record in the batch when that has the same values.
type batchFold struct {
	ids    []track.Identity
	latest map[uint32]int
}

func (b *batchFold) add(r track.Identity) {
	if i, ok := b.latest[r.MMSI]; ok && sameIdentity(&b.ids[i], &r) {
		foldIdentity(&b.ids[i], r.From, r.To, r.Src)
		return
	}
	b.latest[r.MMSI] = len(b.ids)
	b.ids = append(b.ids, r)
}

// TestFoldEqualsStoreMerge cuts random identity rows of two inputs into
// random chunks and batches, folds them as the CSV workers and the track
// stage do, and checks that the store rule makes the same histories of
// the folded records as of every row merged on its own: same intervals,
// same source lines, however the input is cut.
func TestFoldEqualsStoreMerge(t *testing.T) {
	s, err := NewSchema(FormatMarineCadastreCSV, strings.Split("MMSI,BaseDateTime,LAT,LON,SOG,COG,Heading,VesselName,IMO,CallSign,VesselType,Status,Length,Width,Draft,Cargo,TransceiverClass", ","), "")
	if err != nil {
		t.Fatal(err)
	}
	defer func(f bool) { foldIdentities = f }(foldIdentities)
	folds := 0
	for seed := range uint64(3000) {
		rng := rand.New(rand.NewPCG(seed, 7))
		folded, plain := storeModel{}, storeModel{}
		fb := &batchFold{latest: map[uint32]int{}}
		var pb []track.Identity
		flush := func() {
			folded.commit(fb.ids)
			plain.commit(pb)
			fb.ids, pb = nil, nil
			clear(fb.latest)
		}
		stream := genFoldStream(rng)
		nrows := len(stream)
		for src := uint32(1); src <= 2; src++ {
			w := &csvWorker{p: NewRowParser(s), source: src}
			wp := &csvWorker{p: NewRowParser(s), source: src}
			rows := stream
			if src == 1 {
				rows = stream[:rng.IntN(len(stream)+1)]
			}
			stream = stream[len(rows):]
			line := uint32(2)
			for len(rows) > 0 {
				n := 1 + rng.IntN(len(rows))
				var text strings.Builder
				for _, r := range rows[:n] {
					text.WriteString(foldRow(r))
				}
				res := &result{}
				w.parse(&chunk{first: line, lines: uint32(n), data: []byte(text.String())}, res)
				foldIdentities = false
				each := &result{}
				wp.parse(&chunk{first: line, lines: uint32(n), data: []byte(text.String())}, each)
				foldIdentities = true
				if len(each.refs) != n {
					t.Fatalf("seed %d: %d identity reports of %d rows without folding", seed, len(each.refs), n)
				}
				for _, x := range each.refs {
					id := x.id.Identity
					id.From, id.To, id.Src = x.from, x.to, track.SourceRef{Source: src, Line: x.line}
					pb = append(pb, id)
				}
				for _, x := range res.refs {
					id := x.id.Identity
					id.From, id.To, id.Src = x.from, x.to, track.SourceRef{Source: src, Line: x.line}
					fb.add(id)
				}
				folds += n - len(res.refs)
				line += uint32(n)
				rows = rows[n:]
				if rng.IntN(3) == 0 {
					flush()
				}
			}
		}
		flush()
		if len(plain) == 0 && nrows > 0 {
			t.Fatalf("seed %d: no histories from %d rows", seed, nrows)
		}
		for mmsi, want := range plain {
			got := folded[mmsi]
			if !slices.EqualFunc(got, want, func(a, b track.Identity) bool {
				return a.From == b.From && a.To == b.To && a.Src == b.Src && sameIdentity(&a, &b)
			}) {
				t.Fatalf("seed %d, vessel %d: folded\n%v\nevery row\n%v", seed, mmsi, briefIDs(got), briefIDs(want))
			}
		}
	}
	if folds == 0 {
		t.Fatal("no row was folded: the test tests nothing")
	}
}

func briefIDs(h []track.Identity) string {
	var b strings.Builder
	for _, x := range h {
		fmt.Fprintf(&b, "  %s %d..%d %v\n", x.Name, x.From, x.To, x.Src)
	}
	return b.String()
}

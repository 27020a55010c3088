package ingest

import (
	"fmt"
	"strings"
	"testing"

	"github.com/lookout-osint/lookout/internal/shareddata"
	"github.com/lookout-osint/lookout/internal/track"
)

// TestIdentityFoldingChangesNothing ingests real CSV exports, which repeat
// the static columns on every row, with the workers folding a vessel's
// repeated identity within a chunk and the track stage taking reports of
// one interned identity as equal by pointer, and without either (every
// report compared by value), over several chunk and batch sizes and
// worker counts, one input or two in one run (whose equal identities are
// interned apart but still fold in a batch), and checks that the sink
// gets exactly the same identity records (values, From..To, provenance)
// and fixes either way, while the folding does fold.
func TestIdentityFoldingChangesNothing(t *testing.T) {
	defer func(n int, f, p bool) { chunkSize, foldIdentities, identityByPointer = n, f, p }(chunkSize, foldIdentities, identityByPointer)
	const noaa = "ais/noaa-marinecadastre-20220103/AIS_2022_01_03_first99999rows.csv.gz"
	for _, rels := range [][]string{
		{noaa},
		{"ais/aisdb/test_data_noaa_20230101.csv"},
		{"ais/auckland-at-vessels-2017/positions_derived.csv.gz"},
		{"ais/dma-aisdk-header/aisdk_header.csv"},
		{"ais/aisdb/test_data_20210701.csv.gz"},
		{noaa, "ais/aisdb/test_data_noaa_20230101.csv"},
	} {
		var paths []string
		for _, rel := range rels {
			paths = append(paths, shareddata.Path(t, rel))
		}
		for _, cs := range []int{1 << 20, 8 << 10} {
			for _, batch := range []int{0, 2000} {
				for _, workers := range []int{1, 3} {
					name := fmt.Sprintf("%s/chunk%d/batch%d/workers%d", strings.Join(rels, "+"), cs, batch, workers)
					t.Run(name, func(t *testing.T) {
						chunkSize = cs
						opt := Options{BatchFixes: batch, Workers: workers}
						foldIdentities, identityByPointer = true, true
						folded, fst, err := runIngest(t, opt, paths...)
						if err != nil {
							t.Fatal(err)
						}
						foldIdentities, identityByPointer = false, false
						plain, pst, err := runIngest(t, opt, paths...)
						if err != nil {
							t.Fatal(err)
						}
						if len(plain.Identities) == 0 {
							t.Fatal("no identities: the capture does not test the folding")
						}
						if i, ok := sameIdentities(folded.Identities, plain.Identities); !ok {
							t.Fatalf("identities differ at %d of %d/%d: folded %+v, not folded %+v", i,
								len(folded.Identities), len(plain.Identities), at(folded.Identities, i), at(plain.Identities, i))
						}
						if len(folded.Fixes) != len(plain.Fixes) {
							t.Fatalf("fixes %d folded, %d not", len(folded.Fixes), len(plain.Fixes))
						}
						for i := range folded.Fixes {
							if !sameAssigned(&folded.Fixes[i], &plain.Fixes[i]) {
								t.Fatalf("fix %d: folded %+v, not folded %+v", i, folded.Fixes[i], plain.Fixes[i])
							}
						}
						if rels[0] == noaa && fst.Identities >= pst.Identities {
							t.Errorf("identity reports %d folded, %d not: nothing folded", fst.Identities, pst.Identities)
						}
					})
				}
			}
		}
	}
}

// sameIdentities compares two identity lists field by field; on a
// difference it returns its index.
func sameIdentities(a, b []track.Identity) (int, bool) {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i, false
		}
	}
	return min(len(a), len(b)), len(a) == len(b)
}

// sameAssigned compares fixes bit for bit (NaN speed and course included).
func sameAssigned(a, b *track.Assigned) bool {
	fa, fb := a.Fix, b.Fix
	return a.Seg == b.Seg && a.Reason == b.Reason && fa.MMSI == fb.MMSI && fa.Time == fb.Time &&
		fa.Lat == fb.Lat && fa.Lon == fb.Lon && fa.Heading == fb.Heading && fa.Status == fb.Status &&
		fa.Class == fb.Class && fa.Src == fb.Src &&
		(fa.SOG == fb.SOG || fa.SOG != fa.SOG && fb.SOG != fb.SOG) &&
		(fa.COG == fb.COG || fa.COG != fa.COG && fb.COG != fb.COG)
}

func at(ids []track.Identity, i int) any {
	if i < len(ids) {
		return ids[i]
	}
	return "none"
}

// TestChunkNumberWraps parses chunks across the wrap of the worker's chunk
// number: an entry marked in chunk 1 long ago must not pass for one in
// the new chunk 1.
func TestChunkNumberWraps(t *testing.T) {
	s, err := NewSchema(FormatMarineCadastreCSV, strings.Split("MMSI,BaseDateTime,LAT,LON,SOG,COG,Heading,VesselName,IMO,CallSign,VesselType,Status,Length,Width,Draft,Cargo,TransceiverClass", ","), "")
	if err != nil {
		t.Fatal(err)
	}
	row := func(mmsi, name string, sec int) string {
		return fmt.Sprintf("%s,2022-01-03T00:00:%02d,30.1,-88.5,0,336.2,511,%s,IMO8207721,WTD4583,31,0,28,11,3.3,52,A\n", mmsi, sec, name)
	}
	w := &csvWorker{p: NewRowParser(s), source: 1}
	r := &result{}
	w.parse(&chunk{first: 2, data: []byte(row("367379190", "EAGLE", 1))}, r) // chunk 1
	w.chunk = ^uint32(0)
	r = &result{}
	w.parse(&chunk{first: 3, data: []byte(row("338148873", "CAZADOR", 2) + row("367379190", "EAGLE", 3))}, r) // wraps to 1
	if len(r.refs) != 2 || r.refs[0].id.Name != "CAZADOR" || r.refs[0].from != r.refs[0].to || r.refs[1].id.Name != "EAGLE" || r.refs[1].line != 4 {
		t.Fatalf("after the wrap: %+v; want CAZADOR at line 3 and EAGLE at line 4, one row each", r.refs)
	}
}

// TestIdentityRefNotes feeds the track stage CSV identity reports of two
// vessels that change identity and back, across a batch written and a new
// input, with the vessels' notes (identityByPointer) and without them, and
// checks that both give the same records: one per run of a vessel's
// identity in a batch, widened over the run, with the line of its earliest
// report (as the store merges them).
func TestIdentityRefNotes(t *testing.T) {
	defer func(p bool) { identityByPointer = p }(identityByPointer)
	type report struct {
		mmsi  uint32
		name  string
		t     int64
		flush bool // write the batch before this report
		input bool // begin a new input (a new interner) before it
	}
	reports := []report{
		{mmsi: 1, name: "A", t: 10}, {mmsi: 2, name: "X", t: 11}, {mmsi: 1, name: "A", t: 5},
		{mmsi: 1, name: "B", t: 12}, {mmsi: 2, name: "X", t: 13}, {mmsi: 1, name: "A", t: 14},
		{mmsi: 1, name: "A", t: 15, flush: true}, {mmsi: 1, name: "A", t: 16},
		{mmsi: 1, name: "A", t: 17, input: true}, {mmsi: 2, name: "X", t: 18}, {mmsi: 1, name: "A", t: 19},
	}
	run := func(byPointer bool) []track.Identity {
		identityByPointer = byPointer
		sink := &MemSink{}
		g, err := New(sink, Options{})
		if err != nil {
			t.Fatal(err)
		}
		intern := newIDInterner()
		for i, r := range reports {
			if r.flush {
				if err := g.flush(); err != nil {
					t.Fatal(err)
				}
			}
			if r.input {
				intern = newIDInterner()
				g.stage.beginInput()
			}
			ref := intern.get(&track.Identity{MMSI: r.mmsi, Name: r.name})
			g.stage.identityRef(g, ref, r.mmsi, r.t, r.t, track.SourceRef{Source: 1, Line: uint32(i + 2)})
		}
		if err := g.flush(); err != nil {
			t.Fatal(err)
		}
		return sink.Identities
	}
	noted, plain := run(true), run(false)
	if i, ok := sameIdentities(noted, plain); !ok {
		t.Fatalf("records differ at %d: with notes %+v, without %+v", i, noted, plain)
	}
	// Batch 1: A 5..10 from line 4 (t=5, reported after t=10 on line 2),
	// X 11..13, B 12, A 14 from line 7; batch 2: A 15..19 (its run goes on
	// across the new input), X 18.
	if len(noted) != 6 || noted[0].From != 5 || noted[0].To != 10 || noted[0].Src.Line != 4 ||
		noted[3].Name != "A" || noted[3].Src.Line != 7 || noted[4].From != 15 || noted[4].To != 19 {
		t.Fatalf("records %+v; want 4 in the first batch (A widened to 5..10 from line 4, A again from line 7) and 2 after (A 15..19)", noted)
	}
}

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

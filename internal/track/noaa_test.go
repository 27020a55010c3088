package track

import (
	"compress/gzip"
	"encoding/csv"
	"io"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/lookout-osint/lookout/internal/shareddata"
)

const noaaPath = "ais/noaa-marinecadastre-20220103/AIS_2022_01_03_first99999rows.csv.gz"

// readNOAA parses the MarineCadastre slice (MMSI, BaseDateTime, LAT, LON,
// SOG, COG, ..., TransceiverClass) into fixes; Src.Line is the file line.
func readNOAA(t testing.TB) []Fix { return readSharedCSV(t, noaaPath, 2, noaaFix) }

// readSharedCSV reads a gzipped CSV from the shared data (skipping the
// test where it is absent), skips its header and turns every row into a fix
// with parse; Src is (source, 1-based file line). A bad row fails the test.
func readSharedCSV(t testing.TB, rel string, source uint32, parse func([]string) (Fix, error)) []Fix {
	t.Helper()
	fh, err := os.Open(shareddata.Path(t, rel))
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	gz, err := gzip.NewReader(fh)
	if err != nil {
		t.Fatal(err)
	}
	r := csv.NewReader(gz)
	r.ReuseRecord = true
	if _, err := r.Read(); err != nil { // header
		t.Fatal(err)
	}
	var fixes []Fix
	for line := 2; ; line++ {
		rec, err := r.Read()
		if err == io.EOF {
			return fixes
		}
		if err != nil {
			t.Fatalf("%s:%d: %v", rel, line, err)
		}
		f, err := parse(rec)
		if err != nil {
			t.Fatalf("%s:%d: %v", rel, line, err)
		}
		f.Src = SourceRef{Source: source, Line: uint32(line)}
		fixes = append(fixes, f)
	}
}

func noaaFix(rec []string) (Fix, error) {
	mmsi, err := strconv.ParseUint(rec[0], 10, 32)
	if err != nil {
		return Fix{}, err
	}
	ts, err := time.Parse("2006-01-02T15:04:05", rec[1])
	if err != nil {
		return Fix{}, err
	}
	var v [4]float64
	for i := range v {
		if v[i], err = strconv.ParseFloat(rec[2+i], 64); err != nil {
			return Fix{}, err
		}
	}
	class := ClassA
	if rec[16] == "B" {
		class = ClassB
	}
	return Fix{MMSI: uint32(mmsi), Time: ts.UnixMilli(), Lat: v[0], Lon: v[1], SOG: float32(v[2]),
		COG: float32(v[3]), Heading: -1, Class: class}, nil
}

// TestNOAASegments segments 10,631 vessels of US coastal traffic (25
// minutes, rows not in time order). Over so short a span nearly every
// vessel is one plausible track: the test bounds how many split, and
// checks that every row is accounted for.
func TestNOAASegments(t *testing.T) {
	fixes := readNOAA(t)
	res := SegmentAll(fixes, DefaultSegmenterConfig())
	kept := 0
	multi := map[uint32]int{}
	for _, g := range res.Segments {
		kept += len(g.Fixes)
		if len(g.Fixes) > 1 {
			multi[g.MMSI]++
		}
	}
	if kept+len(res.Dropped) != len(fixes) {
		t.Fatalf("kept %d + dropped %d != %d rows", kept, len(res.Dropped), len(fixes))
	}
	split := 0
	for _, n := range multi {
		if n > 1 {
			split++
		}
	}
	// Counted with awk on the file: 173 rows report SOG 102.3 (all with COG
	// 360) and 397 more report COG 360 at more than 0.35 kn.
	if c := res.Stats.Counts; c[ReasonSOGSentinel] != 173 || c[ReasonCOG360] != 397 || c[ReasonBadPosition] != 0 {
		t.Errorf("bad-fix counts %v; want 173 sog_sentinel, 397 cog_360", c)
	}
	// Checked by hand: the vessels split in several multi-fix segments are
	// MMSIs heard in two ports at once (211002010 California and Florida,
	// 367654040 Florida and Virginia, ...) or with stray rows stamped 00:00:00
	// elsewhere; a handful at most.
	if split > 10 {
		t.Errorf("%d vessels split into several multi-fix segments in 25 minutes", split)
	}
	t.Logf("%d rows, %d segments, %d vessels with a multi-fix segment, %d split; drops %v; stats %+v",
		len(fixes), len(res.Segments), len(multi), split, res.Stats.Counts, res.Stats)
}

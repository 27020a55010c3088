package track

import (
	"flag"
	"fmt"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"
)

const solentPath = "ais/stonesoup-solent/SolentAIS_20160112_130211.csv.gz"

// readSolent parses the Stone Soup Solent CSV (Time,MMSI,Lat,Lon,COG,SOG)
// into fixes whose Src.Line is the 1-based file line.
func readSolent(t testing.TB) []Fix { return readSharedCSV(t, solentPath, 1, solentFix) }

func solentFix(rec []string) (Fix, error) {
	ts, err := time.Parse("2006-01-02 15:04:05.000", rec[0])
	if err != nil {
		return Fix{}, err
	}
	var v [5]float64
	for i := 1; i < 6; i++ {
		if v[i-1], err = strconv.ParseFloat(rec[i], 64); err != nil {
			return Fix{}, err
		}
	}
	return Fix{MMSI: uint32(v[0]), Time: ts.UnixMilli(), Lat: v[1], Lon: v[2],
		COG: float32(v[3]), SOG: float32(v[4]), Heading: -1}, nil
}

func TestSolentGlitchNotInTrack(t *testing.T) {
	fixes := readSolent(t)
	if len(fixes) != 18623 {
		t.Fatalf("read %d rows; SOURCE.md says 18,623", len(fixes))
	}
	res := SegmentAll(fixes, DefaultSegmenterConfig())
	kept := 0
	for _, g := range res.Segments {
		kept += len(g.Fixes)
	}
	if kept+len(res.Dropped) != len(fixes) {
		t.Fatalf("kept %d + dropped %d != %d rows", kept, len(res.Dropped), len(fixes))
	}
	var glitchSeg, mainSegs int
	for _, g := range res.Segments {
		if g.MMSI != 245188000 {
			continue
		}
		for _, f := range g.Fixes {
			if math.Abs(f.Lon-54.83172) < 1e-9 {
				glitchSeg = len(g.Fixes)
			}
		}
		if len(g.Fixes) > 1 {
			mainSegs++
		}
	}
	if glitchSeg != 1 {
		t.Errorf("the 54.83° glitch is in a segment of %d fixes; want alone", glitchSeg)
	}
	// 46 rows report COG 360 at more than 0.35 kn (counted with awk on the
	// file); nothing else is bad.
	want := Counts{ReasonNone: 18623 - 46, ReasonCOG360: 46}
	if res.Stats.Counts != want {
		t.Errorf("counts %v; want %v", res.Stats.Counts, want)
	}
	if mainSegs != 1 {
		t.Errorf("MMSI 245188000 has %d multi-fix segments; want 1 (it is moored)", mainSegs)
	}
	vessels := map[uint32]int{}
	for _, g := range res.Segments {
		if len(g.Fixes) > 1 {
			vessels[g.MMSI]++
		}
	}
	split := 0
	for _, n := range vessels {
		if n > 1 {
			split++
		}
	}
	if split != 0 {
		t.Errorf("%d vessels split into several multi-fix segments in 1.4 h of harbour traffic", split)
	}
	t.Logf("%d rows → %d segments (%d vessels with a multi-fix segment, %d of them split), dropped %v",
		len(fixes), len(res.Segments), len(vessels), split, res.Stats.Counts)
}

var update = flag.Bool("update", false, "rewrite testdata golden files")

// TestSolentGolden pins the segmentation of the Solent capture: one line per
// segment with its id, fix count and first and last source lines. Checked by
// hand once: every MMSI has one segment except 245188000, whose 54.83°
// glitch (line 8209) sits alone; 235009956, 235009980 and 235011986
// have only one or two rows in the file.
func TestSolentGolden(t *testing.T) {
	res := SegmentAll(readSolent(t), DefaultSegmenterConfig())
	var b strings.Builder
	for _, g := range res.Segments {
		fmt.Fprintf(&b, "%s %d %d %d\n", g.ID, len(g.Fixes), g.Fixes[0].Src.Line, g.Fixes[len(g.Fixes)-1].Src.Line)
	}
	const golden = "testdata/solent_segments.golden"
	if *update {
		if err := os.WriteFile(golden, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if got := b.String(); got != string(want) {
		t.Errorf("segments differ from %s (rerun with -update and check by hand):\n%s", golden, lineDiff(string(want), got))
	}
}

// lineDiff lists lines present in only one of a and b.
func lineDiff(a, b string) string {
	in := func(s string) map[string]bool {
		m := map[string]bool{}
		for _, l := range strings.Split(s, "\n") {
			m[l] = true
		}
		return m
	}
	ma, mb := in(a), in(b)
	var out strings.Builder
	for _, l := range strings.Split(a, "\n") {
		if !mb[l] {
			fmt.Fprintf(&out, "- %s\n", l)
		}
	}
	for _, l := range strings.Split(b, "\n") {
		if !ma[l] {
			fmt.Fprintf(&out, "+ %s\n", l)
		}
	}
	return out.String()
}

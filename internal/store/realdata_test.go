package store

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"math"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/lookout-osint/lookout/internal/track"
)

// realCSV names the columns of a shared real-data CSV.
type realCSV struct {
	path                                        string
	mmsi, time, lat, lon, sog, cog, hdg, status string
	timeLayout                                  string
}

var (
	noaaCSV = realCSV{path: "ais/noaa-marinecadastre-20220103/AIS_2022_01_03_first99999rows.csv.gz",
		mmsi: "MMSI", time: "BaseDateTime", lat: "LAT", lon: "LON", sog: "SOG", cog: "COG", hdg: "Heading", status: "Status",
		timeLayout: "2006-01-02T15:04:05"}
	aucklandCSV = realCSV{path: "ais/auckland-at-vessels-2017/positions_derived.csv.gz",
		mmsi: "mmsi", time: "timestamp_utc", lat: "lat", lon: "lon", sog: "sog_kn", cog: "cog_deg", hdg: "heading", status: "nav_status",
		timeLayout: time.RFC3339Nano}
)

// realRow is one usable row: its fix and the raw line.
type realRow struct {
	fix track.Fix
	raw string
}

// loadReal reads a shared CSV (skipping the test when absent) into fixes,
// with Src.Line the 1-based line in the file (header = line 1) and every
// raw line kept. Rows without a valid MMSI, time or position are skipped.
func loadReal(tb testing.TB, c realCSV) (rows []realRow, lines []string) {
	tb.Helper()
	sc := bufio.NewScanner(bytes.NewReader(readShared(tb, c.path)))
	sc.Buffer(nil, 1<<20)
	var col map[string]int
	for sc.Scan() {
		lines = append(lines, sc.Text())
		rec, err := csv.NewReader(strings.NewReader(sc.Text())).Read()
		if err != nil {
			continue
		}
		if col == nil {
			col = map[string]int{}
			for i, h := range rec {
				col[h] = i
			}
			continue
		}
		if fx, ok := c.fix(rec, col); ok {
			fx.Src = track.SourceRef{Source: 1, Line: uint32(len(lines))}
			rows = append(rows, realRow{fix: fx, raw: sc.Text()})
		}
	}
	if err := sc.Err(); err != nil {
		tb.Fatal(err)
	}
	return rows, lines
}

func (c realCSV) fix(rec []string, col map[string]int) (track.Fix, bool) {
	get := func(name string) string { return rec[col[name]] }
	num := func(name string) float64 {
		v, err := strconv.ParseFloat(get(name), 64)
		if err != nil {
			return math.NaN()
		}
		return v
	}
	mmsi, err := strconv.ParseUint(get(c.mmsi), 10, 32)
	t, err2 := time.Parse(c.timeLayout, get(c.time))
	fx := track.Fix{MMSI: uint32(mmsi), Time: t.UnixMilli(), Lat: num(c.lat), Lon: num(c.lon),
		SOG: float32(num(c.sog)), COG: float32(num(c.cog)), Heading: -1, Status: 15, Class: track.ClassA}
	if h := num(c.hdg); h >= 0 && h < 360 {
		fx.Heading = int16(h)
	}
	if s := num(c.status); s >= 0 && s < 16 {
		fx.Status = uint8(s)
	}
	ok := err == nil && err2 == nil && mmsi > 0 && fx.Point().Valid()
	return fx, ok
}

// storeReal writes rows and raw lines into s in batches, one segment per vessel.
func storeReal(tb testing.TB, s *Store, rows []realRow, lines []string) {
	tb.Helper()
	si, err := s.RegisterSource(simHash("real"), "real.csv", 0)
	if err != nil {
		tb.Fatal(err)
	}
	b := NewBatch()
	ri := 0
	for i, l := range lines {
		line := uint32(i + 1)
		b.AddRaw(si.ID, line, []byte(l))
		for ri < len(rows) && rows[ri].fix.Src.Line == line {
			if err := b.AddFix(0, &rows[ri].fix); err != nil {
				tb.Fatal(err)
			}
			ri++
		}
		if line%20000 == 0 || i == len(lines)-1 {
			b.SetProgress(si.ID, line)
			if _, err := s.Commit(b); err != nil {
				tb.Fatal(err)
			}
		}
	}
}

// TestRealDataCounts stores the NOAA and Auckland captures and checks, against
// counts computed here independently, the vessels and the distinct fixes
// stored, and that every raw line comes back verbatim.
func TestRealDataCounts(t *testing.T) {
	for _, c := range []realCSV{noaaCSV, aucklandCSV} {
		t.Run(c.path, func(t *testing.T) {
			rows, lines := loadReal(t, c)
			s := openT(t, t.TempDir(), Options{NoSync: true})
			storeReal(t, s, rows, lines)
			type key struct {
				mmsi     uint32
				t        int64
				lat, lon int32
			}
			distinct := map[key]bool{}
			vessels := map[uint32]bool{}
			for _, r := range rows {
				q := quantize(&r.fix)
				distinct[key{r.fix.MMSI, q.t, q.lat, q.lon}] = true
				vessels[r.fix.MMSI] = true
			}
			vs, err := s.Vessels()
			if err != nil || len(vs) != len(vessels) {
				t.Fatalf("vessels: %d, %v; want %d", len(vs), err, len(vessels))
			}
			if n := sumFixes(vs); n != uint64(len(distinct)) {
				t.Fatalf("fixes: %d; want %d distinct", n, len(distinct))
			}
			all := 0
			s.ForEachVessel(0, MaxTime, func(vt *VesselTrack) error { all += len(vt.Fixes); return nil })
			if all != len(distinct) {
				t.Fatalf("ForEachVessel: %d fixes; want %d", all, len(distinct))
			}
			for _, i := range []int{0, 1, len(lines) / 2, len(lines) - 1} {
				got, err := s.RawLine(track.SourceRef{Source: 1, Line: uint32(i + 1)})
				if err != nil || got != lines[i] {
					t.Fatalf("raw line %d: %q, %v; want %q", i+1, got, err, lines[i])
				}
			}
			t.Logf("%d rows, %d distinct fixes, %d vessels", len(rows), len(distinct), len(vessels))
		})
	}
}

// BenchmarkBytesPerFix stores a real capture twice, without and with its
// raw lines, compacts, and reports the bytes per stored fix: the fix blocks
// alone (Pebble's estimate for their key range), everything but the raw
// archive (sstable bytes on disk: fix blocks, grid, vessel summaries), and
// everything; raw-B/line is the archive's cost per input line. The rows
// carry no identities and all go to segment 0, so this isolates the fix
// coding: lookout ingest's store of the same capture, with its segments
// and identity history, is larger (bench/ingest.sh prints both).
func BenchmarkBytesPerFix(b *testing.B) {
	for _, c := range []struct {
		name string
		csv  realCSV
	}{{"noaa", noaaCSV}, {"auckland", aucklandCSV}} {
		b.Run(c.name, func(b *testing.B) {
			rows, lines := loadReal(b, c.csv)
			for range b.N {
				noRaw, n := measureStore(b, rows, nil)
				withRaw, _ := measureStore(b, rows, lines)
				b.ReportMetric(float64(noRaw.Fixes)/float64(n), "fix-B/fix")
				b.ReportMetric(float64(noRaw.Total())/float64(n), "noraw-B/fix")
				b.ReportMetric(float64(withRaw.Total())/float64(n), "total-B/fix")
				b.ReportMetric(float64(withRaw.Total()-noRaw.Total())/float64(len(lines)), "raw-B/line")
				b.ReportMetric(float64(n), "fixes")
			}
		})
	}
}

// measureStore stores rows (and lines, when given), compacts, and returns
// the space used (Total from the sstable files) and the fixes stored.
func measureStore(b *testing.B, rows []realRow, lines []string) (Space, uint64) {
	dir := b.TempDir()
	s, err := Open(dir, Options{NoSync: true})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	if lines == nil {
		storeRealFixes(b, s, rows)
	} else {
		storeReal(b, s, rows, lines)
	}
	if err := s.Compact(); err != nil {
		b.Fatal(err)
	}
	sp, err := s.SpaceUsage()
	if err != nil {
		b.Fatal(err)
	}
	files, err := s.rawFileBytes()
	if err != nil {
		b.Fatal(err)
	}
	sp.Other += sp.Tables + files - sp.Total() // make Total exact: the sstables and the raw files
	vs, _ := s.Vessels()
	return sp, sumFixes(vs)
}

// storeRealFixes writes only the fixes of rows, in batches of 20,000.
func storeRealFixes(tb testing.TB, s *Store, rows []realRow) {
	b := NewBatch()
	for i := range rows {
		if err := b.AddFix(0, &rows[i].fix); err != nil {
			tb.Fatal(err)
		}
		if len(b.fixes) == 20000 || i == len(rows)-1 {
			if _, err := s.Commit(b); err != nil {
				tb.Fatal(err)
			}
		}
	}
}

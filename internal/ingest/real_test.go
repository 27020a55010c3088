package ingest

import (
	"compress/gzip"
	"encoding/csv"
	"errors"
	"io"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/lookout-osint/lookout/internal/ais/nmea"
	"github.com/lookout-osint/lookout/internal/shareddata"
	"github.com/lookout-osint/lookout/internal/track"
)

// realCapture is one real input and how to count its vessels independently.
type realCapture struct {
	path    string
	count   func(t *testing.T, path string) map[uint32]bool
	noTime  bool // the capture has no time: ingest it with --time-from-file-start
	vessels int  // the count SOURCE.md states for valid MMSIs, when it does (0: not stated)
}

var realCaptures = []realCapture{
	{path: "ais/noaa-marinecadastre-20220103/AIS_2022_01_03_first99999rows.csv.gz", count: countCSV(csvCols{"MMSI", "BaseDateTime", "LAT", "LON", "SOG", "COG", "", true}), vessels: 10630},
	{path: "ais/aisdb/test_data_noaa_20230101.csv", count: countCSV(csvCols{"MMSI", "BaseDateTime", "LAT", "LON", "SOG", "COG", "", true}), vessels: 1000},
	{path: "ais/stonesoup-solent/SolentAIS_20160112_130211.csv.gz", count: countCSV(csvCols{"MMSI", "Time", "Latitude_degrees", "Longitude_degrees", "SOG_knots", "COG_degrees", "", false}), vessels: 91},
	{path: "ais/auckland-at-vessels-2017/positions_derived.csv.gz", count: countCSV(csvCols{"mmsi", "timestamp_utc", "lat", "lon", "sog_kn", "cog_deg", "", true}), vessels: 199},
	{path: "ais/dma-aisdk-header/aisdk_header.csv", count: countCSV(csvCols{"MMSI", "# Timestamp", "Latitude", "Longitude", "SOG", "COG", "Type of mobile", true})},
	{path: "ais/aisdb/test_data_20210701.csv.gz", count: countCSV(csvCols{"MMSI", "Time", "Latitude", "Longitude", "SOG", "COG", "Message_ID", true})},
	{path: "ais/aisdb/test_data_20211101.nm4", count: countNMEA},
	{path: "ais/aisdb/test_data_201201.nmea", count: countNMEA},
	{path: "ais/dma-aisabnormal/ais-sample.txt.gz", count: countNMEA},
	{path: "ais/dma-aisabnormal/212123000_drift_1.ais.gz", count: countNMEA, vessels: 1},
	{path: "ais/dma-aisabnormal/538004030_drift_1.ais.gz", count: countNMEA, vessels: 1},
	{path: "ais/dma-aisabnormal/219165000_ssc_1.ais", count: countNMEA, vessels: 1},
	{path: "ais/dma-aislib/stream_example.txt", count: countNMEA},
	{path: "ais/dma-aislib/replay_dump.txt", count: countNMEA},
	{path: "ais/dma-aislib/ais250.txt", count: countNMEA, noTime: true},
	{path: "ais/gpsd/sample.aivdm", count: countNMEA, noTime: true},
	{path: "ais/pyais/nmea_data_sample.txt", count: countNMEA, noTime: true},
}

// TestRealCapturesVesselCount ingests every capture and checks that the
// vessels stored are exactly the distinct valid MMSIs of the input, counted
// here without the ingest code (encoding/csv and strconv for CSV, the NMEA
// decoder on the whole file for NMEA), and that no placeholder or
// impossible position reaches a track.
func TestRealCapturesVesselCount(t *testing.T) {
	for _, c := range realCaptures {
		t.Run(c.path, func(t *testing.T) {
			path := shareddata.Path(t, c.path)
			opt := Options{}
			if c.noTime {
				opt.TimeFromFileStart = 1700000000000
			}
			sink, st, err := runIngest(t, opt, path)
			if err != nil {
				t.Fatal(err)
			}
			want := c.count(t, path)
			got := sinkVessels(sink)
			if len(got) != len(want) || st.Vessels != len(want) {
				t.Errorf("vessels stored %d (stats %d); distinct valid MMSIs in the input %d; only stored %v; only in input %v",
					len(got), st.Vessels, len(want), diff(got, want), diff(want, got))
			}
			if c.vessels != 0 && len(want) != c.vessels {
				t.Errorf("independent count %d; SOURCE.md says %d", len(want), c.vessels)
			}
			if c.count == nil || isNMEA(c.path) {
				if whole := wholeFileMessages(t, path); st.NMEA.Messages != whole {
					t.Errorf("messages decoded in chunks %d; in one pass over the file %d", st.NMEA.Messages, whole)
				}
			}
			checkNoPlaceholders(t, sink)
			if sink.RawLines != st.Lines {
				t.Errorf("raw lines archived %d; lines read %d", sink.RawLines, st.Lines)
			}
		})
	}
}

// TestSolentGlitchIsolated checks that the single 54.8° E report of a
// vessel moored in Portsmouth (SOURCE.md) never joins its track: the
// segmenter (GFW's method, DETECTORS.md §1) leaves it alone in a one-fix
// segment, and every other fix of the vessel is west of Greenwich.
func TestSolentGlitchIsolated(t *testing.T) {
	path := shareddata.Path(t, "ais/stonesoup-solent/SolentAIS_20160112_130211.csv.gz")
	sink, _, err := runIngest(t, Options{}, path)
	if err != nil {
		t.Fatal(err)
	}
	segs := map[track.SegmentID][]track.Fix{}
	for _, a := range sink.Fixes {
		if a.Fix.MMSI == 245188000 {
			segs[a.Seg] = append(segs[a.Seg], a.Fix)
		}
	}
	glitch, main := 0, 0
	for _, fs := range segs {
		for _, f := range fs {
			if f.Lon > 0 {
				glitch++
				if len(fs) != 1 {
					t.Errorf("the glitch shares a segment with %d other fixes", len(fs)-1)
				}
			}
		}
		if len(fs) > 1 {
			main++
		}
	}
	if glitch > 1 || main != 1 {
		t.Errorf("glitch fixes kept %d, multi-fix segments %d; want at most 1 (isolated) and 1", glitch, main)
	}
}

func sinkVessels(s *MemSink) map[uint32]bool {
	m := map[uint32]bool{}
	for _, a := range s.Fixes {
		m[a.Fix.MMSI] = true
	}
	for _, id := range s.Identities {
		m[id.MMSI] = true
	}
	return m
}

func diff(a, b map[uint32]bool) []uint32 {
	var out []uint32
	for k := range a {
		if !b[k] && len(out) < 10 {
			out = append(out, k)
		}
	}
	return out
}

func checkNoPlaceholders(t *testing.T, s *MemSink) {
	t.Helper()
	for _, a := range s.Fixes {
		f := a.Fix
		if f.Lat == 91 || f.Lon == 181 || math.Abs(f.Lat) > 90 || math.Abs(f.Lon) > 180 || math.IsNaN(f.Lat) || f.Time <= 0 {
			t.Fatalf("bad position reached a track: %+v", f)
		}
	}
}

// csvCols names the columns an independent CSV count reads.
type csvCols struct {
	mmsi, time, lat, lon, sog, cog, kind string
	static                               bool // rows carry static data: an identity makes a vessel even without a fix
}

// countCSV counts, with encoding/csv, the MMSIs (1..999999999) of rows that
// have a time and either a position that passes the track filters or (for
// exports with static columns) any static data.
func countCSV(c csvCols) func(*testing.T, string) map[uint32]bool {
	return func(t *testing.T, path string) map[uint32]bool {
		r := csv.NewReader(openText(t, path))
		r.FieldsPerRecord = -1
		hdr, err := r.Read()
		if err != nil {
			t.Fatal(err)
		}
		col := map[string]int{}
		for i, h := range hdr {
			col[h] = i
		}
		out := map[uint32]bool{}
		for {
			rec, err := r.Read()
			if errors.Is(err, io.EOF) {
				return out
			}
			if err != nil || len(rec) != len(hdr) {
				continue
			}
			if m, ok := csvRowVessel(c, col, rec); ok {
				out[m] = true
			}
		}
	}
}

// csvRowVessel decides whether one CSV row names a stored vessel.
func csvRowVessel(c csvCols, col map[string]int, rec []string) (uint32, bool) {
	get := func(name string) string { return strings.TrimSpace(rec[col[name]]) }
	mmsi, err := strconv.ParseUint(get(c.mmsi), 10, 64)
	if err != nil || mmsi == 0 || mmsi > 999999999 || get(c.time) == "" {
		return 0, false
	}
	pos, static := true, c.static
	if c.kind != "" {
		switch k := get(c.kind); k {
		case "Class A", "Class B":
		case "1", "2", "3", "18", "27":
			static = false
		case "19":
		case "5", "24":
			pos = false
		default:
			return 0, false
		}
	}
	if pos {
		lat, err1 := strconv.ParseFloat(get(c.lat), 64)
		lon, err2 := strconv.ParseFloat(get(c.lon), 64)
		f := track.Fix{Lat: lat, Lon: lon, SOG: sogUnless(get(c.sog)), COG: naUnless(get(c.cog), 360)}
		if err1 == nil && err2 == nil && lat != 91 && lon != 181 && track.CheckFix(&f) == track.ReasonNone {
			return uint32(mmsi), true
		}
	}
	return uint32(mmsi), static && staticPresent(rec, col)
}

// sogUnless parses a speed as ingest must pass it: negative or above the
// 102.25–102.35 sentinel band is NaN, the band itself passes (CheckFix drops it).
func sogUnless(s string) float32 {
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || v < 0 || v > 102.35 {
		return float32(math.NaN())
	}
	return float32(v)
}

// naUnless parses a value below limit, NaN otherwise (AIS "not available").
func naUnless(s string, limit float64) float32 {
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || v < 0 || v >= limit {
		return float32(math.NaN())
	}
	return float32(v)
}

// staticPresent reports whether a row has a name, IMO, call sign, type,
// dimension, draught or destination.
func staticPresent(rec []string, col map[string]int) bool {
	for _, name := range []string{"VesselName", "IMO", "CallSign", "VesselType", "Length", "Width", "Draft",
		"shipname", "callsign", "destination", "Name", "Callsign", "Ship type", "Draught", "Destination",
		"Vessel_Name", "Call_sign", "Ship_Type"} {
		i, ok := col[name]
		if !ok {
			continue
		}
		v := strings.TrimSpace(rec[i])
		if v != "" && v != "Unknown" && v != "Undefined" && v != "None" {
			return true
		}
	}
	return false
}

// countNMEA decodes the whole file with the NMEA decoder and collects the
// MMSIs of position reports (1, 2, 3, 18, 19, 27) with a position that
// passes the track filters, and of static reports (5, 19, 24).
func countNMEA(t *testing.T, path string) map[uint32]bool {
	d := nmea.NewDecoder(openText(t, path), path, nmea.Options{})
	out := map[uint32]bool{}
	for {
		m, err := d.Next()
		if errors.Is(err, io.EOF) {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		a := &m.AIS
		switch a.Type {
		case 5, 19, 24:
			out[a.MMSI] = true
		case 1, 2, 3, 18, 27:
			lat, ok1 := a.Pos.LatDeg()
			lon, ok2 := a.Pos.LonDeg()
			sog, _ := a.Pos.SpeedKnots()
			cog, okc := a.Pos.CourseDeg()
			f := track.Fix{Lat: lat, Lon: lon, SOG: float32(sog), COG: float32(cog)}
			if a.Pos.Speed >= 1023 {
				f.SOG = 102.3 // n/a: a sentinel CheckFix drops
			}
			if !okc {
				f.COG = float32(math.NaN())
			}
			if ok1 && ok2 && a.Pos.Lat != 91*600000 && a.Pos.Lon != 181*600000 && track.CheckFix(&f) == track.ReasonNone {
				out[a.MMSI] = true
			}
		}
	}
}

// isNMEA tells the NMEA captures of realCaptures by name.
func isNMEA(path string) bool {
	return !strings.Contains(path, ".csv")
}

// wholeFileMessages decodes a file in one pass (no chunks) and returns the
// decoder's message count: chunked decoding must lose nothing.
func wholeFileMessages(t *testing.T, path string) int64 {
	d := nmea.NewDecoder(openText(t, path), path, nmea.Options{})
	for {
		if _, err := d.Next(); err != nil {
			return d.Stats().Messages
		}
	}
}

// openText opens a file, gunzipping by the .gz suffix (independently of
// the ingest's magic-byte detection).
func openText(t *testing.T, path string) io.Reader {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	if !strings.HasSuffix(path, ".gz") {
		return f
	}
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	return zr
}

// TestTinyChunksLoseNothing decodes NMEA captures with multi-sentence
// messages, $PGHP lines and lone tag blocks in 4 KiB chunks (hundreds of
// cuts) and checks every message and fix of a one-pass decode is kept.
func TestTinyChunksLoseNothing(t *testing.T) {
	defer func(n int) { chunkSize = n }(chunkSize)
	for _, rel := range []string{"ais/dma-aislib/stream_example.txt", "ais/dma-aisabnormal/538004030_drift_1.ais.gz",
		"ais/dma-aisabnormal/212123000_drift_1.ais.gz", "ais/aisdb/test_data_20211101.nm4"} {
		path := shareddata.Path(t, rel)
		chunkSize = 1 << 20
		_, big, err := runIngest(t, Options{}, path)
		if err != nil {
			t.Fatal(err)
		}
		chunkSize = 4 << 10
		_, small, err := runIngest(t, Options{}, path)
		if err != nil {
			t.Fatal(err)
		}
		whole := wholeFileMessages(t, path)
		if small.NMEA.Messages != whole || small.Fixes != big.Fixes || small.Kept != big.Kept || small.Identities != big.Identities {
			t.Errorf("%s: 4 KiB chunks: %d messages, %d fixes, %d kept, %d ids; 1 MiB: %d, %d, %d, %d; one pass %d messages",
				rel, small.NMEA.Messages, small.Fixes, small.Kept, small.Identities, big.NMEA.Messages, big.Fixes, big.Kept, big.Identities, whole)
		}
	}
}

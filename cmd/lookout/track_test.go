package main

import (
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lookout-osint/lookout/internal/store"
	"github.com/lookout-osint/lookout/internal/track"
)

// simulatedStore writes a tiny simulated store: vessel 211000001 with two
// segments (3 fixes, then 1 fix, the last without SOG/COG/heading), and
// its identity; the raw lines are fake sentences.
func simulatedStore(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "sim.db")
	s, err := store.Open(dir, store.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	si, err := s.RegisterSource([32]byte{1}, "simulated.nmea", 100)
	if err != nil {
		t.Fatal(err)
	}
	b := store.NewBatch()
	t0 := int64(1694044800000) // 2023-09-07T00:00:00Z
	nan := float32(0)
	nan = nan / nan
	fixes := []struct {
		seg uint64
		f   track.Fix
	}{
		{1, track.Fix{MMSI: 211000001, Time: t0, Lat: 54.1, Lon: 10.1, SOG: 5, COG: 90, Heading: 91, Class: track.ClassA}},
		{1, track.Fix{MMSI: 211000001, Time: t0 + 60000, Lat: 54.1, Lon: 10.11, SOG: 5.2, COG: 90.5, Heading: 91, Class: track.ClassA}},
		{1, track.Fix{MMSI: 211000001, Time: t0 + 120500, Lat: 54.1, Lon: 10.12, SOG: 5.1, COG: 90, Heading: 90, Class: track.ClassA}},
		{2, track.Fix{MMSI: 211000001, Time: t0 + 86400000, Lat: 55, Lon: 11, SOG: nan, COG: nan, Heading: -1, Status: 15, Class: track.ClassA}},
	}
	for i, x := range fixes {
		x.f.Src = track.SourceRef{Source: si.ID, Line: uint32(i + 1)}
		b.AddRaw(si.ID, uint32(i+1), []byte("!AIVDM,simulated"))
		if err := b.AddFix(x.seg, &x.f); err != nil {
			t.Fatal(err)
		}
	}
	b.AddIdentity(&track.Identity{MMSI: 211000001, IMO: 9123456, Name: "SIM ONE", Callsign: "DSIM", ShipType: 70, From: t0, To: t0})
	if _, err := s.Commit(b); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestTrackGeoJSON(t *testing.T) {
	db := simulatedStore(t)
	out, _, err := runCLI(t, "track", "--db", db, "--mmsi", "211000001")
	if err != nil {
		t.Fatal(err)
	}
	var fc struct {
		Type     string
		Features []struct {
			Geometry struct {
				Type        string
				Coordinates json.RawMessage
			}
			Properties map[string]any
		}
	}
	if err := json.Unmarshal([]byte(out), &fc); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if fc.Type != "FeatureCollection" || len(fc.Features) != 2 {
		t.Fatalf("got %s", out)
	}
	f0 := fc.Features[0]
	if f0.Geometry.Type != "LineString" || string(f0.Geometry.Coordinates) != "[[10.1,54.1],[10.11,54.1],[10.12,54.1]]" {
		t.Fatalf("segment 1: %+v", f0.Geometry)
	}
	if f0.Properties["start"] != "2023-09-07T00:00:00Z" || f0.Properties["end"] != "2023-09-07T00:02:00.5Z" || f0.Properties["segment"] != "1" {
		t.Fatalf("segment 1 properties: %v", f0.Properties)
	}
	if fc.Features[1].Geometry.Type != "Point" {
		t.Fatalf("one-fix segment: %+v", fc.Features[1].Geometry)
	}
}

func TestTrackRangeAndCSV(t *testing.T) {
	db := simulatedStore(t)
	out, _, err := runCLI(t, "track", "--db", db, "--mmsi", "211000001", "--from", "2023-09-07T00:01:00Z", "--to", "2023-09-08", "--format", "csv")
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil || len(rows) != 3 {
		t.Fatalf("got %q, %v; want a header and 2 rows", out, err)
	}
	want := []string{"211000001", "2023-09-07T00:01:00Z", "54.1", "10.11", "5.2", "90.5", "91", "0", "A", "1", "simulated.nmea:2"}
	if strings.Join(rows[1], ",") != strings.Join(want, ",") {
		t.Fatalf("row 1: got %v; want %v", rows[1], want)
	}
}

func TestTrackNDJSONAndKML(t *testing.T) {
	db := simulatedStore(t)
	out, _, err := runCLI(t, "track", "--db", db, "--mmsi", "211000001", "--format", "ndjson")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 4 || !strings.Contains(lines[3], `"segment":"2"`) || strings.Contains(lines[3], `"sog"`) || strings.Contains(lines[3], `"heading"`) {
		t.Fatalf("ndjson: %s", out)
	}
	out, _, err = runCLI(t, "track", "--db", db, "--mmsi", "211000001", "--format", "kml")
	if err != nil {
		t.Fatal(err)
	}
	var k struct {
		Placemarks []struct {
			Track struct {
				When  []string `xml:"when"`
				Coord []string `xml:"coord"`
			} `xml:"Track"`
		} `xml:"Document>Placemark"`
	}
	if err := xml.Unmarshal([]byte(out), &k); err != nil || len(k.Placemarks) != 2 {
		t.Fatalf("kml: %v\n%s", err, out)
	}
	tr := k.Placemarks[0].Track
	if len(tr.When) != 3 || len(tr.Coord) != 3 || tr.Coord[1] != "10.11 54.1 0" {
		t.Fatalf("gx:Track: %+v", tr)
	}
}

func TestTrackUsage(t *testing.T) {
	db := simulatedStore(t)
	for _, args := range [][]string{
		{"track", "--db", db},
		{"track", "--db", db, "--mmsi", "1", "--format", "gpx"},
		{"track", "--db", db, "--mmsi", "1", "--from", "yesterday"},
	} {
		if _, _, err := runCLI(t, args...); exitCode(err) != 2 {
			t.Errorf("%v: got %v; want a usage error", args, err)
		}
	}
	if _, _, err := runCLI(t, "track", "--db", filepath.Join(t.TempDir(), "none"), "--mmsi", "1"); !errors.Is(err, store.ErrNoStore) {
		t.Errorf("missing store: got %v; want ErrNoStore", err)
	}
}

func TestVesselsFormats(t *testing.T) {
	db := simulatedStore(t)
	out, _, err := runCLI(t, "vessels", "--db", db, "--format", "csv")
	if err != nil {
		t.Fatal(err)
	}
	want := "mmsi,imo,name,callsign,shiptype,flag,first_seen,last_seen,fixes\n" +
		"211000001,9123456,SIM ONE,DSIM,70,Germany,2023-09-07T00:00:00Z,2023-09-08T00:00:00Z,4\n"
	if out != want {
		t.Fatalf("csv:\n%s\nwant:\n%s", out, want)
	}
	out, _, err = runCLI(t, "vessels", "--db", db, "--format", "ndjson")
	var v map[string]any
	if err != nil || json.Unmarshal([]byte(out), &v) != nil || v["fixes"] != 4.0 || v["flag"] != "Germany" || v["mid"] != 211.0 {
		t.Fatalf("ndjson: %s, %v", out, err)
	}
	out, _, err = runCLI(t, "vessels", "--db", db)
	if err != nil || !strings.Contains(out, "SIM ONE") || !strings.HasPrefix(out, "MMSI") {
		t.Fatalf("table: %s, %v", out, err)
	}
}

// TestVesselsWhileWriterOpen runs `lookout vessels` while another handle
// holds the store open for writing (as a running ingest does).
func TestVesselsWhileWriterOpen(t *testing.T) {
	db := simulatedStore(t)
	w, err := store.Open(db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if _, err := store.Open(db, store.Options{}); !errors.Is(err, store.ErrLocked) {
		t.Fatalf("second writer: got %v; want ErrLocked", err)
	}
	out, _, err := runCLI(t, "vessels", "--db", db, "--format", "csv")
	if err != nil || !strings.Contains(out, "SIM ONE") {
		t.Fatalf("vessels during a write: %q, %v", out, err)
	}
}

// jumpStore writes a simulated store: vessel 211000002 under way at 6 kn
// with a fix a minute (segment 1), one report at 15° E in the middle
// (segment 2: an isolated jump, simulated like Solent's 54.8° E glitch),
// and a lone fix a day later 30 nm on (segment 3: alone, but plausible).
func jumpStore(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "simulated-jump.db")
	s, err := store.Open(dir, store.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	si, err := s.RegisterSource([32]byte{2}, "simulated-jump.nmea", 100)
	if err != nil {
		t.Fatal(err)
	}
	b := store.NewBatch()
	t0 := int64(1694044800000) // 2023-09-07T00:00:00Z
	line := uint32(0)
	fix := func(seg uint64, sec int64, lat, lon float64) {
		line++
		f := track.Fix{MMSI: 211000002, Time: t0 + sec*1000, Lat: lat, Lon: lon, SOG: 6, COG: 0, Heading: 0,
			Class: track.ClassA, Src: track.SourceRef{Source: si.ID, Line: line}}
		b.AddRaw(si.ID, line, []byte("!AIVDM,simulated"))
		if err := b.AddFix(seg, &f); err != nil {
			t.Fatal(err)
		}
	}
	for m := range int64(10) {
		fix(1, m*60, 54+float64(m)*0.1/60, 10) // 0.1 nm a minute
	}
	fix(2, 270, 54.01, 15)    // 175 nm off, back a minute later
	fix(3, 24*3600, 54.5, 10) // 30 nm in a day
	if _, err := s.Commit(b); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestTrackIsolatedJumpLeftOut(t *testing.T) {
	db := jumpStore(t)
	jump := map[string]string{"csv": "nmea:11\n", "ndjson": `nmea:11"`, "geojson": "[15,54.01]", "kml": ">15 54.01 0<"}
	for format, s := range jump {
		out, errOut, err := runCLI(t, "track", "--db", db, "--mmsi", "211000002", "--format", format)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(out, s) {
			t.Errorf("%s: the isolated jump at 15° E is exported:\n%s", format, out)
		}
		if !strings.Contains(errOut, "left out 1 isolated position jump") || !strings.Contains(errOut, "2023-09-07T00:04:30Z 54.01,15 simulated-jump.nmea:11") {
			t.Errorf("%s: stderr does not name the jump: %q", format, errOut)
		}
		if !strings.Contains(out, "54.5") {
			t.Errorf("%s: the plausible lone fix a day later is missing:\n%s", format, out)
		}
	}
	out, _, _ := runCLI(t, "track", "--db", db, "--mmsi", "211000002")
	var fc struct {
		Features []json.RawMessage
		Left     *int `json:"isolated_jumps_left_out"`
	}
	if err := json.Unmarshal([]byte(out), &fc); err != nil || len(fc.Features) != 2 || fc.Left == nil || *fc.Left != 1 {
		t.Errorf("geojson: %d features, isolated_jumps_left_out %v (%v); want 2 and 1", len(fc.Features), fc.Left, err)
	}
	out, _, _ = runCLI(t, "track", "--db", db, "--mmsi", "211000002", "--format", "kml")
	if !strings.Contains(out, "<description>1 isolated position jump(s) left out") {
		t.Errorf("kml has no note:\n%s", out)
	}
}

func TestTrackIsolatedJumpAllAndRange(t *testing.T) {
	db := jumpStore(t)
	out, errOut, err := runCLI(t, "track", "--db", db, "--mmsi", "211000002", "--format", "csv", "--all")
	if err != nil || !strings.Contains(out, "54.01,15,") || errOut != "" || strings.Count(out, "\n") != 13 {
		t.Errorf("--all: %v, stderr %q, want all 12 fixes:\n%s", err, errOut, out)
	}
	out, _, _ = runCLI(t, "track", "--db", db, "--mmsi", "211000002", "--all")
	if strings.Contains(out, "isolated_jumps_left_out") {
		t.Errorf("--all geojson says something was left out: %s", out)
	}
	// A range that starts at the jump: its neighbours lie outside, and are
	// still looked at.
	out, errOut, err = runCLI(t, "track", "--db", db, "--mmsi", "211000002", "--format", "csv",
		"--from", "2023-09-07T00:04:30Z", "--to", "2023-09-07T00:04:30.001Z")
	if err != nil || strings.Count(out, "\n") != 1 || !strings.Contains(errOut, "left out 1") {
		t.Errorf("range at the jump: %v, stderr %q, want only a header:\n%s", err, errOut, out)
	}
	out, errOut, _ = runCLI(t, "track", "--db", db, "--mmsi", "211000002", "--format", "csv", "--to", "2023-09-07T00:03:00Z")
	if errOut != "" || strings.Count(out, "\n") != 4 {
		t.Errorf("range before the jump: stderr %q (a jump outside the range is not reported), rows:\n%s", errOut, out)
	}
}

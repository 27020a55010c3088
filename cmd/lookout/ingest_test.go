package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lookout-osint/lookout/internal/shareddata"
	"github.com/lookout-osint/lookout/internal/store"
)

// TestIngestThenVessels ingests real captures through the CLI into a
// temporary store and checks `lookout vessels` lists exactly the distinct
// valid MMSIs of each (counted independently by the ingest package's
// TestRealCapturesVesselCount and stated in the captures' SOURCE.md:
// 10,631 MMSIs of which 1072211352 has ten digits; 91), and that a second
// ingest of the same files stores nothing.
func TestIngestThenVessels(t *testing.T) {
	for _, c := range []struct {
		path    string
		vessels int
	}{
		{"ais/noaa-marinecadastre-20220103/AIS_2022_01_03_first99999rows.csv.gz", 10630},
		{"ais/stonesoup-solent/SolentAIS_20160112_130211.csv.gz", 91},
		{"ais/dma-aisabnormal/538004030_drift_1.ais.gz", 1},
	} {
		t.Run(filepath.Base(c.path), func(t *testing.T) {
			in := shareddata.Path(t, c.path)
			db := filepath.Join(t.TempDir(), "db")
			out, errOut, err := runCLI(t, "ingest", "--db", db, "--no-sync", in)
			if err != nil {
				t.Fatalf("ingest: %v\n%s", err, errOut)
			}
			if !strings.Contains(errOut, "ingest: 1 inputs") || !strings.Contains(out, "fixes stored: ") {
				t.Errorf("summary missing: stdout %q stderr %q", out, errOut)
			}
			vs, _, err := runCLI(t, "vessels", "--db", db, "--format", "ndjson")
			if err != nil {
				t.Fatal(err)
			}
			if n := strings.Count(vs, "\n"); n != c.vessels {
				t.Errorf("lookout vessels lists %d; want %d", n, c.vessels)
			}
			out, _, err = runCLI(t, "ingest", "--db", db, "--no-sync", in)
			if err != nil || !strings.Contains(out, "fixes stored: 0\n") || !strings.Contains(out, "skipped (already ingested)") {
				t.Errorf("second ingest: %v\n%s", err, out)
			}
		})
	}
}

func TestIngestErrors(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "db")
	bad := filepath.Join(dir, "nolon.csv")
	os.WriteFile(bad, []byte("mmsi,time,lat\n235070762,2016-01-12 13:02:11,50.77\n"), 0o644)
	_, _, err := runCLI(t, "ingest", "--db", db, bad)
	if exitCode(err) != 1 || !strings.Contains(err.Error(), `missing column "lon"`) {
		t.Errorf("missing column: exit %d, %v", exitCode(err), err)
	}
	if _, _, err = runCLI(t, "ingest", "--db", db, "--format", "xml", bad); exitCode(err) != 2 {
		t.Errorf("bad --format: exit %d, %v; want 2", exitCode(err), err)
	}
	if _, _, err = runCLI(t, "ingest", "--db", db); exitCode(err) != 2 {
		t.Errorf("no files: exit %d, %v; want 2", exitCode(err), err)
	}
	if _, _, err = runCLI(t, "ingest", "--db", db, filepath.Join(dir, "absent.nmea")); exitCode(err) != 1 {
		t.Errorf("absent file: exit %d, %v; want 1", exitCode(err), err)
	}
	notStore := filepath.Join(dir, "notstore")
	os.MkdirAll(notStore, 0o755)
	os.WriteFile(filepath.Join(notStore, "x"), []byte("x"), 0o644)
	if _, _, err = runCLI(t, "ingest", "--db", notStore, bad); exitCode(err) != 1 || !strings.Contains(err.Error(), "not a Lookout store") {
		t.Errorf("not a store: exit %d, %v", exitCode(err), err)
	}
}

func TestIngestStdin(t *testing.T) {
	data, err := os.ReadFile("../../internal/ingest/testdata/solent-20160112-head20.csv")
	if err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(t.TempDir(), "db")
	var errb strings.Builder
	var outb strings.Builder
	err = Run(t.Context(), []string{"ingest", "--db", db, "--no-sync", "-"}, strings.NewReader(string(data)), &outb, &errb)
	if err != nil || !strings.Contains(outb.String(), "fixes decoded: 20\n") {
		t.Fatalf("stdin: %v\n%s%s", err, outb.String(), errb.String())
	}
}

// TestIngestProvenance checks that every stored fix of a vessel points at
// the raw input line it came from: the store's archive returns, for the
// fix's SourceRef, exactly that line of the (gunzipped) input, and the
// line names the vessel.
func TestIngestProvenance(t *testing.T) {
	in := shareddata.Path(t, "ais/dma-aisabnormal/219165000_ssc_1.ais")
	db := filepath.Join(t.TempDir(), "db")
	if _, errOut, err := runCLI(t, "ingest", "--db", db, "--no-sync", in); err != nil {
		t.Fatalf("ingest: %v\n%s", err, errOut)
	}
	raw, err := os.ReadFile(in)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(raw), "\n")
	st, err := store.Open(db, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	fixes, err := st.Track(219165000, 0, 1<<62)
	if err != nil || len(fixes) < 15 { // 59 decoded, 39 of them copies heard by other stations
		t.Fatalf("track: %d fixes, %v", len(fixes), err)
	}
	for _, f := range fixes {
		got, err := st.RawLine(f.Src)
		if err != nil {
			t.Fatalf("raw line of %+v: %v", f.Src, err)
		}
		want := strings.TrimRight(lines[f.Src.Line-1], "\r")
		if got != want || !strings.Contains(got, "VDM") {
			t.Fatalf("fix at line %d: archive has %q; file has %q", f.Src.Line, got, want)
		}
	}
}

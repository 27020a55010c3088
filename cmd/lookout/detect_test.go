package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lookout-osint/lookout/internal/detect"
	"github.com/lookout-osint/lookout/internal/store"
)

func TestDetectPrintConfig(t *testing.T) {
	out, _, err := runCLI(t, "detect", "--print-config")
	if err != nil {
		t.Fatal(err)
	}
	c, err := detect.ParseConfig([]byte(out))
	if err != nil {
		t.Fatalf("printed config does not parse: %v\n%s", err, out)
	}
	if c.Anchorages.MinVessels != 20 || c.Gap.MinHours != 6 {
		t.Fatalf("printed config is not the defaults: %+v", c)
	}
	cfg := filepath.Join(t.TempDir(), "c.yaml")
	os.WriteFile(cfg, []byte("anchorages:\n  min_vessels: 2\n"), 0o644)
	out, _, err = runCLI(t, "detect", "--config", cfg, "--print-config")
	if err != nil || !strings.Contains(out, "min_vessels: 2") {
		t.Fatalf("--config not applied: %v\n%s", err, out)
	}
}

func TestDetectBadConfigIsUsageError(t *testing.T) {
	cfg := filepath.Join(t.TempDir(), "c.yaml")
	os.WriteFile(cfg, []byte("gap:\n  min_hour: 4\n"), 0o644)
	_, _, err := runCLI(t, "detect", "--config", cfg, "--print-config")
	if exitCode(err) != 2 {
		t.Fatalf("unknown key: %v (exit %d); want a usage error", err, exitCode(err))
	}
	if _, _, err := runCLI(t, "events", "--type", "no_such_type", "--db", t.TempDir()); exitCode(err) != 2 {
		t.Fatalf("unknown type: %v; want a usage error", err)
	}
}

// Ingest the bundled sample, detect twice, list events in every format.
func TestDetectAndEvents(t *testing.T) {
	sample, err := filepath.Abs("../../examples/sample/dma-stream-2010-06-11.nmea")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(sample); err != nil {
		t.Skipf("sample missing: %v", err)
	}
	db := filepath.Join(t.TempDir(), "db")
	if _, _, err := runCLI(t, "ingest", "--db", db, "--no-sync", sample); err != nil {
		t.Fatal(err)
	}
	out, errOut, err := runCLI(t, "detect", "--db", db)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "total") || !strings.Contains(errOut, "detect:") {
		t.Fatalf("summary missing: %q / %q", out, errOut)
	}
	first, _, err := runCLI(t, "events", "--db", db)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(first), "\n")
	if len(lines) < 10 {
		t.Fatalf("only %d events", len(lines))
	}
	for _, l := range lines {
		var ev struct {
			ID, Type, Start string
			MMSI            uint32
			Evidence        []struct{ Src string }
		}
		if err := json.Unmarshal([]byte(l), &ev); err != nil {
			t.Fatalf("bad JSON %q: %v", l, err)
		}
		if ev.ID == "" || ev.MMSI == 0 || len(ev.Evidence) == 0 || !strings.Contains(ev.Evidence[0].Src, "dma-stream-2010-06-11.nmea:") {
			t.Fatalf("event lacks id, mmsi or resolved evidence: %s", l)
		}
	}
	// A re-run replaces, with the same ids: the same list again.
	if _, _, err := runCLI(t, "detect", "--db", db); err != nil {
		t.Fatal(err)
	}
	second, _, _ := runCLI(t, "events", "--db", db)
	if stripComputed(second) != stripComputed(first) {
		t.Fatal("re-run changed the events")
	}
	pv, _, _ := runCLI(t, "events", "--db", db, "--type", "port_visit", "--format", "csv")
	if !strings.HasPrefix(pv, "id,type,mmsi") || strings.Contains(pv, ",gap,") {
		t.Fatalf("csv: %.300s", pv)
	}
	// Another command's event in the range survives a detection re-run.
	st, err := store.Open(db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	evs, _ := st.Events(store.EventFilter{})
	keep := detect.Event{ID: "sanction-1", Type: detect.TypeSanctionsMatch, MMSI: 1, Start: evs[0].Start, End: evs[0].Start}
	if err := st.PutEvents(0, 0, []detect.Event{keep}); err != nil {
		t.Fatal(err)
	}
	st.Close()
	if _, _, err := runCLI(t, "detect", "--db", db); err != nil {
		t.Fatal(err)
	}
	if out, _, _ := runCLI(t, "events", "--db", db, "--type", "sanctions_match"); !strings.Contains(out, `"id":"sanction-1"`) {
		t.Fatalf("detect removed another command's event: %q", out)
	}
	gj, _, _ := runCLI(t, "events", "--db", db, "--format", "geojson")
	var fc struct{ Features []json.RawMessage }
	if err := json.Unmarshal([]byte(gj), &fc); err != nil || len(fc.Features) != len(lines)+1 {
		t.Fatalf("geojson: %v, %d features for %d events", err, len(fc.Features), len(lines))
	}
}

// stripComputed drops the computed times, which differ between runs.
func stripComputed(s string) string {
	var b strings.Builder
	for _, l := range strings.Split(s, "\n") {
		if i := strings.Index(l, `,"computed":`); i >= 0 {
			l = l[:i]
		}
		b.WriteString(l + "\n")
	}
	return b.String()
}

// The progress bar runs only when stderr is a terminal; /dev/null is a
// character device, so it stands in for one. The bar counts every vessel
// of both passes, and the detection output is the same as without it.
func TestDetectProgress(t *testing.T) {
	sample, err := filepath.Abs("../../examples/sample/dma-stream-2010-06-11.nmea")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(sample); err != nil {
		t.Skipf("sample missing: %v", err)
	}
	db := filepath.Join(t.TempDir(), "db")
	if _, _, err := runCLI(t, "ingest", "--db", db, "--no-sync", sample); err != nil {
		t.Fatal(err)
	}
	devNull, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		t.Skip(err)
	}
	defer devNull.Close()
	if !isTerminal(devNull) {
		t.Skipf("%s is not a character device here", os.DevNull)
	}
	var plain bytes.Buffer
	if err := Run(context.Background(), []string{"detect", "--db", db}, strings.NewReader(""), &plain, &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
	var withBar bytes.Buffer
	if err := Run(context.Background(), []string{"detect", "--db", db}, strings.NewReader(""), &withBar, devNull); err != nil {
		t.Fatal(err)
	}
	if withBar.String() != plain.String() {
		t.Fatalf("counts with the bar:\n%s\nwithout:\n%s", withBar.String(), plain.String())
	}
	// The bar's count: both passes over every vessel.
	s, err := store.Open(db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	prog := startDetectProgress(&env{stderr: devNull}, s)
	if prog == nil {
		t.Fatal("no progress on a character device")
	}
	_, st, err := detectStore(s, detect.DefaultConfig(), detect.Env{}, 0, store.MaxTime, prog)
	prog.stop()
	if err != nil {
		t.Fatal(err)
	}
	if got := prog.done.Load(); st.vessels == 0 || got != int64(2*st.vessels) {
		t.Fatalf("progress counted %d vessel passes; want 2 × %d", got, st.vessels)
	}
	if cur := prog.bar.Current(); cur != int64(2*st.vessels) {
		t.Errorf("bar at %d; want %d", cur, 2*st.vessels)
	}
}

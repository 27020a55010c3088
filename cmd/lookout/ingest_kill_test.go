package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/lookout-osint/lookout/internal/shareddata"
)

// TestIngestKill9ThenRerun kills `lookout ingest` (a real process, SIGKILL)
// in the middle of ingesting the Auckland and NOAA CSVs and two NMEA
// captures (220k fixes, several batches), re-runs
// the same command, and checks that vessels and a track are then exactly
// those of a clean, uninterrupted ingest.
func TestIngestKill9ThenRerun(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and ingests 100k rows twice")
	}
	inputs := []string{
		shareddata.Path(t, "ais/auckland-at-vessels-2017/positions_derived.csv.gz"),
		shareddata.Path(t, "ais/dma-aisabnormal/538004030_drift_1.ais.gz"),
		shareddata.Path(t, "ais/noaa-marinecadastre-20220103/AIS_2022_01_03_first99999rows.csv.gz"),
		shareddata.Path(t, "ais/dma-aisabnormal/ais-sample.txt.gz"),
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "lookout")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	clean, killed := filepath.Join(dir, "clean"), filepath.Join(dir, "killed")
	ingest := func(db string) *exec.Cmd {
		return exec.Command(bin, append([]string{"ingest", "--db", db}, inputs...)...)
	}
	start := time.Now()
	if out, err := ingest(clean).CombinedOutput(); err != nil {
		t.Fatalf("clean ingest: %v\n%s", err, out)
	}
	cleanTime := time.Since(start)
	killMidRun(t, func() *exec.Cmd { return ingest(killed) }, killed, cleanTime)
	partial := strings.Count(lookoutOut(t, bin, killed, []string{"vessels", "--format", "ndjson"}), "\n")
	t.Logf("after kill -9: %d vessels in the store", partial)
	if out, err := ingest(killed).CombinedOutput(); err != nil {
		t.Fatalf("re-run: %v\n%s", err, out)
	}
	for _, args := range [][]string{
		{"vessels", "--format", "ndjson"},
		{"track", "--mmsi", "538004030", "--format", "ndjson"},
		{"track", "--mmsi", "367379190", "--format", "ndjson"},
		{"track", "--mmsi", "636090756", "--format", "ndjson"},
	} {
		want := lookoutOut(t, bin, clean, args)
		got := lookoutOut(t, bin, killed, args)
		if got != want {
			t.Errorf("%v differs after kill -9 and re-run: %d bytes vs %d clean", args, len(got), len(want))
		}
		if strings.Count(want, "\n") < 1 {
			t.Errorf("%v: empty output", args)
		}
	}
}

// killMidRun starts the ingest that start makes and kills it with SIGKILL
// after 60% of a clean run's time (some batches committed, more to come).
// On a loaded machine the run may end before that; then the store at db is
// removed and the kill comes earlier, up to four tries, before the test
// fails for having tested nothing.
func killMidRun(t *testing.T, start func() *exec.Cmd, db string, clean time.Duration) {
	t.Helper()
	var err error
	for _, tenths := range []time.Duration{6, 3, 2, 1} {
		cmd := start()
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(clean * tenths / 10)
		cmd.Process.Signal(syscall.SIGKILL)
		if err = cmd.Wait(); err != nil && strings.Contains(err.Error(), "killed") {
			return
		}
		t.Logf("the ingest ended before the kill at %d%% of a clean run (%v); again, earlier", tenths*10, err)
		if err := os.RemoveAll(db); err != nil {
			t.Fatal(err)
		}
	}
	t.Fatalf("the ingest ended before every kill (%v): nothing was tested", err)
}

// lookoutOut runs the binary against db and returns its stdout.
func lookoutOut(t *testing.T, bin, db string, args []string) string {
	t.Helper()
	cmd := exec.Command(bin, append([]string{args[0], "--db", db}, args[1:]...)...)
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%v: %v", args, err)
	}
	return string(out)
}

package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/lookout-osint/lookout/internal/ingest"
	"github.com/lookout-osint/lookout/internal/store"
)

// crashSink fails every batch after the first n, like a process killed
// after n commits.
type crashSink struct {
	*storeSink
	n int
}

var errCrash = errors.New("simulated crash")

func (c *crashSink) WriteBatch(b *ingest.Batch) error {
	if c.n == 0 {
		return errCrash
	}
	c.n--
	return c.storeSink.WriteBatch(b)
}

// ingestWith runs one ingest of path into db through the store sink,
// with ingest batches of 500 fixes; crashAfter >= 0 fails every batch
// after that many; the sink gathers up to holdFixes fixes per commit (0: a
// commit per batch).
func ingestWith(t *testing.T, db, path string, crashAfter, holdFixes int) *storeSink {
	t.Helper()
	st, err := store.Open(db, store.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	sink := &storeSink{st: st, b: store.NewBatch(), resume: map[uint32]store.SourceInfo{},
		holdFixes: holdFixes, holdRaw: sinkHoldRaw, holdTime: time.Hour}
	var s ingest.Sink = sink
	if crashAfter >= 0 {
		s = &crashSink{sink, crashAfter}
	}
	g, err := ingest.New(s, ingest.Options{BatchFixes: 500})
	if err != nil {
		t.Fatal(err)
	}
	in, err := ingest.ExpandInputs([]string{path})
	if err != nil {
		t.Fatal(err)
	}
	_, err = g.Run(context.Background(), in)
	if werr := sink.wait(); err == nil {
		err = werr
	}
	if crashAfter >= 0 != errors.Is(err, errCrash) {
		t.Fatalf("crash after %d batches: %v", crashAfter, err)
	}
	return sink
}

// simulatedCSV writes a time-sorted CSV of three vessels reporting every
// 2 s for a day (simulated; 6.5 MB, several 1 MiB chunks and so several
// batches), so that the progress mark advances batch by batch.
func simulatedCSV(t *testing.T) string {
	var b strings.Builder
	b.WriteString("mmsi,time,lat,lon,sog_kn,cog_deg\n")
	t0 := time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC)
	for i := range 24 * 1800 {
		for v := range 3 {
			lat := 50 + float64(v) + float64(i)*0.0001
			fmt.Fprintf(&b, "%d,%s,%.5f,%.5f,10.8,0\n", 244000001+v, t0.Add(time.Duration(i)*2*time.Second).Format(time.RFC3339), lat, 4.0)
		}
	}
	p := filepath.Join(t.TempDir(), "simulated-three-vessels.csv")
	if err := os.WriteFile(p, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestIngestResumeSkipsCommitted interrupts an ingest after some batches,
// re-runs it, and checks that the re-run skipped the fixes the first run
// committed (by the progress mark) and that the store then holds exactly
// what a clean run stores.
func TestIngestResumeSkipsCommitted(t *testing.T) {
	in := simulatedCSV(t)
	dir := t.TempDir()
	clean, resumed := filepath.Join(dir, "clean"), filepath.Join(dir, "resumed")
	ingestWith(t, clean, in, -1, 0)
	ingestWith(t, resumed, in, 3, 0)
	st, err := store.Open(resumed, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	si, err := st.SourceInfo(1)
	st.Close()
	if err != nil || si.Progress == 0 || si.Done {
		t.Fatalf("after the crash: %+v, %v; want progress > 0, not done", si, err)
	}
	second := ingestWith(t, resumed, in, -1, 0)
	if second.stored.Duplicates == 0 || second.stored.Fixes == 0 {
		t.Errorf("re-run stored %d and skipped %d fixes; want both > 0", second.stored.Fixes, second.stored.Duplicates)
	}
	t.Logf("progress after the crash: line %d; re-run stored %d, skipped %d", si.Progress, second.stored.Fixes, second.stored.Duplicates)
	for _, args := range [][]string{
		{"vessels", "--format", "ndjson"},
		{"track", "--mmsi", "244000002", "--format", "ndjson"},
	} {
		want, _, err1 := runCLI(t, append([]string{args[0], "--db", clean}, args[1:]...)...)
		got, _, err2 := runCLI(t, append([]string{args[0], "--db", resumed}, args[1:]...)...)
		if err1 != nil || err2 != nil || got != want || want == "" {
			t.Errorf("%v: differs after crash and re-run (%v, %v): %d bytes vs %d clean", args, err1, err2, len(got), len(want))
		}
	}
}

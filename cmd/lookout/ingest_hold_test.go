package main

import (
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/lookout-osint/lookout/internal/ingest"
	"github.com/lookout-osint/lookout/internal/store"
)

// TestStoreSinkHoldSameStore checks that gathering ingest batches into
// fewer, larger commits stores exactly what a commit per batch stores, and
// that it does commit less often.
func TestStoreSinkHoldSameStore(t *testing.T) {
	in := simulatedCSV(t)
	dir := t.TempDir()
	each, held := filepath.Join(dir, "each"), filepath.Join(dir, "held")
	a := ingestWith(t, each, in, -1, 0)
	b := ingestWith(t, held, in, -1, 50000)
	if b.commits*2 > a.commits || b.commits < 2 {
		t.Errorf("%d commits holding 50000 fixes vs %d committing each batch: want at most half as many, and more than one", b.commits, a.commits)
	}
	if a.stored != b.stored {
		t.Errorf("commit stats differ: %+v per batch vs %+v held", a.stored, b.stored)
	}
	for _, args := range [][]string{
		{"vessels", "--format", "ndjson"},
		{"track", "--mmsi", "244000003", "--format", "ndjson"},
	} {
		want, _, err1 := runCLI(t, append([]string{args[0], "--db", each}, args[1:]...)...)
		got, _, err2 := runCLI(t, append([]string{args[0], "--db", held}, args[1:]...)...)
		if err1 != nil || err2 != nil || got != want || want == "" {
			t.Errorf("%v: differs when held (%v, %v): %d bytes vs %d", args, err1, err2, len(got), len(want))
		}
	}
}

// TestStoreSinkStopsAfterFailedCommit makes a commit fail (the store is
// closed under the sink) and checks that the sink then refuses further
// batches and does not commit what it holds.
func TestStoreSinkStopsAfterFailedCommit(t *testing.T) {
	st, err := store.Open(filepath.Join(t.TempDir(), "db"), store.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	sink := &storeSink{st: st, b: store.NewBatch(), resume: map[uint32]store.SourceInfo{},
		holdFixes: 1 << 20, holdRaw: sinkHoldRaw, holdTime: time.Hour}
	id, _, err := sink.BeginSource(ingest.SourceInfo{Name: "x", Size: 1})
	if err != nil {
		t.Fatal(err)
	}
	batch := func(line uint32) *ingest.Batch {
		return &ingest.Batch{Raw: []ingest.RawLines{{Source: id, First: line, Lines: 1, Data: []byte("line")}},
			Progress: ingest.LineMark{Source: id, Line: line}}
	}
	if err := sink.WriteBatch(batch(1)); err != nil { // the first batch commits at once
		t.Fatal(err)
	}
	if err := sink.await(); err != nil {
		t.Fatal(err)
	}
	st.Close()
	if err := sink.WriteBatch(batch(2)); err != nil { // held
		t.Fatalf("held batch: %v", err)
	}
	if err := sink.wait(); !errors.Is(err, store.ErrClosed) {
		t.Fatalf("wait: %v; want the failed commit's ErrClosed", err)
	}
	if err := sink.WriteBatch(batch(3)); !errors.Is(err, store.ErrClosed) {
		t.Errorf("batch after a failed commit: %v; want the failure again", err)
	}
	if err := sink.wait(); !errors.Is(err, store.ErrClosed) || sink.commits != 2 {
		t.Errorf("wait after failure: %v after %d commits; want ErrClosed and no third commit", err, sink.commits)
	}
}

package ingest

import (
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// TestStalledChunkBoundsInFlight holds the first chunk back in its worker
// while the other worker decodes on: the reader must stop cutting after
// maxInFlight chunks (the collector can take none of the later ones before
// the first), and once the first chunk is let go the run ends with every
// line read. Without the bound the reader cuts the whole input and the
// collector holds every result.
func TestStalledChunkBoundsInFlight(t *testing.T) {
	defer func(n int, a, b func(int)) { chunkSize, afterChunk, beforeParse = n, a, b }(chunkSize, afterChunk, beforeParse)
	chunkSize = 4 << 10
	const lines = 20000 // about 240 chunks of 4 KiB
	line := "!AIVDM,1,1,,A,13u?etPv2;0n:dDPwUM1U1Cb069D,0*24\n"
	p := filepath.Join(t.TempDir(), "in.nmea")
	if err := os.WriteFile(p, []byte(strings.Repeat(line, lines)), 0o644); err != nil {
		t.Fatal(err)
	}
	var cut atomic.Int64
	release := make(chan struct{})
	afterChunk = func(int) { cut.Add(1) }
	beforeParse = func(seq int) {
		if seq == 0 {
			<-release
		}
	}
	type outcome struct {
		st  *Stats
		err error
	}
	done := make(chan outcome, 1)
	go func() {
		in, err := ExpandInputs([]string{p})
		if err != nil {
			done <- outcome{err: err}
			return
		}
		g, err := New(&MemSink{}, Options{Workers: 2, TimeFromFileStart: 1694044800000})
		if err != nil {
			done <- outcome{err: err}
			return
		}
		st, err := g.Run(t.Context(), in)
		done <- outcome{st, err}
	}()
	// Wait until the reader has stopped cutting (or cut everything).
	for last := int64(-1); ; {
		time.Sleep(100 * time.Millisecond)
		n := cut.Load()
		if n == last {
			break
		}
		last = n
	}
	stalled := cut.Load()
	close(release)
	o := <-done
	if o.err != nil {
		t.Fatal(o.err)
	}
	if limit := int64(maxInFlight(2)); stalled > limit {
		t.Errorf("with the first chunk held back, the reader cut %d chunks; want at most %d", stalled, limit)
	}
	if o.st.Lines != lines {
		t.Errorf("lines read %d, want %d", o.st.Lines, lines)
	}
	if total := cut.Load(); total < 100 {
		t.Errorf("the input made %d chunks; the test wants many more than %d", total, maxInFlight(2))
	}
}

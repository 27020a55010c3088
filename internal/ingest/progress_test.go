package ingest

import (
	"context"
	"testing"

	"github.com/lookout-osint/lookout/internal/shareddata"
	"github.com/lookout-osint/lookout/internal/track"
)

// progressSink records each batch's fixes and progress mark.
type progressSink struct {
	MemSink
	marks []LineMark
	lines [][]track.SourceRef
}

func (s *progressSink) WriteBatch(b *Batch) error {
	s.marks = append(s.marks, b.Progress)
	var refs []track.SourceRef
	for i := range b.Fixes {
		refs = append(refs, b.Fixes[i].Fix.Src)
	}
	s.lines = append(s.lines, refs)
	return s.MemSink.WriteBatch(b)
}

// TestBatchProgress checks the promise of Batch.Progress on real data with
// small chunks and batches: no later batch holds a fix of a line at or
// before an earlier batch's mark, and the mark does advance.
func TestBatchProgress(t *testing.T) {
	defer func(n int) { chunkSize = n }(chunkSize)
	chunkSize = 16 << 10
	for _, p := range []string{
		"ais/noaa-marinecadastre-20220103/AIS_2022_01_03_first99999rows.csv.gz",
		"ais/dma-aisabnormal/ais-sample.txt.gz",
	} {
		path := shareddata.Path(t, p)
		in, err := ExpandInputs([]string{path})
		if err != nil {
			t.Fatal(err)
		}
		sink := &progressSink{}
		g, err := New(sink, Options{BatchFixes: 2000})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := g.Run(context.Background(), in); err != nil {
			t.Fatal(err)
		}
		var mark LineMark
		var lastLine uint32
		for k, refs := range sink.lines {
			for _, r := range refs {
				if r.Source == mark.Source && r.Line <= mark.Line {
					t.Fatalf("%s: batch %d has a fix of line %d, at or before the mark %d of an earlier batch", p, k, r.Line, mark.Line)
				}
			}
			if m := sink.marks[k]; m.Source != 0 {
				if m.Source == mark.Source && m.Line < mark.Line {
					t.Fatalf("%s: batch %d: mark went back from %d to %d", p, k, mark.Line, m.Line)
				}
				mark = m
			}
			if k == len(sink.lines)/2 {
				lastLine = mark.Line
			}
		}
		t.Logf("%s: %d batches, mark %d halfway, %d at the end", p, len(sink.lines), lastLine, mark.Line)
		if mark.Line == 0 {
			t.Errorf("%s: the mark never advanced", p)
		}
	}
}

// TestPendingFind checks find against a plain scan for every line around
// every queued chunk, with finished chunks at the front of the queue.
func TestPendingFind(t *testing.T) {
	for _, firsts := range [][]uint32{{1}, {1, 5}, {2, 10, 11, 40}, {1, 3, 7, 9, 20, 21, 22, 100, 101}} {
		for head := range len(firsts) {
			p := pendingChunks{first: firsts, count: make([]int32, len(firsts)), head: head}
			for last := head; last < len(firsts); last++ {
				for line := uint32(0); line < firsts[last]; line++ {
					want := head - 1 // a scan: the last chunk in [head, last) starting at or before line
					for i := head; i < last; i++ {
						if firsts[i] <= line {
							want = i
						}
					}
					if got := p.find(line, last); got != want {
						t.Fatalf("firsts %v head %d: find(%d, %d) = %d; want %d", firsts, head, line, last, got, want)
					}
				}
			}
		}
	}
}

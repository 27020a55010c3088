package track

import (
	"math"
	"testing"
)

// TestFlushSomeIsFlushInParts checks that flushing a Chain in parts of at
// least n decisions hands out, in order, exactly what one Flush hands
// out, in parts that hold every decision of a vessel's step together and
// stop soon after n, and that the Chain takes a new input afterwards as a
// Chain flushed whole does.
func TestFlushSomeIsFlushInParts(t *testing.T) {
	tests := []struct {
		name       string
		vessels, n int
		part       int
	}{
		{"one at a time", 300, 20000, 1},
		{"small parts", 3000, 60000, 100},
		{"parts bigger than a vessel's", 40, 30000, 4096},
		{"one part", 300, 20000, math.MaxInt},
		{"nothing held", 0, 0, 10},
		{"n of 0 taken as 1", 300, 20000, 0},
		{"negative n taken as 1", 300, 20000, -5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fixes := chainStream(7, max(tt.vessels, 1), tt.n, t0)
			whole, parts := newTestChain(t), newTestChain(t)
			var want, got []Assigned
			for round := range 2 { // a second input after the flush
				for i := range fixes {
					want = whole.Push(want, &fixes[i])
					got = parts.Push(got, &fixes[i])
				}
				want = whole.Flush(want)
				calls := 0
				for done := false; !done; calls++ {
					n := len(got)
					got, done = parts.FlushSome(got, tt.part)
					if calls > 2*len(fixes)+2 {
						t.Fatalf("round %d: %d calls and not done: a call made no progress", round, calls)
					}
					if !done && len(got)-n < max(tt.part, 1) {
						t.Fatalf("round %d: a part of %d decisions before the end; want at least %d", round, len(got)-n, tt.part)
					}
				}
				if tt.part <= 1 && len(fixes) > 0 && calls < 2*parts.Vessels()/3 {
					t.Errorf("round %d: %d calls of one decision each for %d vessels; want about one per vessel and step", round, calls, parts.Vessels())
				}
				if len(got) != len(want) {
					t.Fatalf("round %d: %d decisions in parts, %d by Flush", round, len(got), len(want))
				}
				for i := range want {
					if got[i] != want[i] && !sameNaN(&got[i], &want[i]) {
						t.Fatalf("round %d: decision %d: in parts %+v, by Flush %+v", round, i, got[i], want[i])
					}
				}
				if parts.Held() != 0 || parts.Pending() != 0 || parts.SegmenterStats() != whole.SegmenterStats() {
					t.Fatalf("round %d: after the parts %s, %+v; by Flush %+v", round, parts, parts.SegmenterStats(), whole.SegmenterStats())
				}
				for i := range fixes { // the next input: a day later
					fixes[i].Time += 24 * hour
				}
			}
		})
	}
}

func newTestChain(t *testing.T) *Chain {
	t.Helper()
	c, err := NewChain(DefaultReorderWindowMs, DefaultDedupeWindowMs, DefaultSegmenterConfig())
	if err != nil {
		t.Fatal(err)
	}
	return c
}

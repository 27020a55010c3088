package track

import (
	"slices"
	"testing"
)

// staleShip returns the i-th report of a vessel making sog knots due north
// with a report every 10 s (class A under way).
func staleShip(mmsi uint32, i int, sog float32) Fix {
	return Fix{MMSI: mmsi, Time: t0 + int64(i)*10000, Lat: 57.7 + float64(i)*float64(sog)/360/60,
		Lon: 11.5, SOG: sog, COG: 0.5, Heading: 1, Status: 0, Src: SourceRef{Source: 1, Line: uint32(i + 1)}}
}

func TestDedupeStaleReplay(t *testing.T) {
	late := func(f Fix, ms int64) Fix { f.Time += ms; f.Src.Source = 2; return f }
	moored := func(i int, lat float64) Fix {
		return Fix{MMSI: 2, Time: t0 + int64(i)*10000, Lat: lat, Lon: 1, SOG: 0, COG: 12.3, Heading: 90, Status: 5}
	}
	tests := []struct {
		name   string
		stream []Fix // fed in order; only the last one is checked
		want   Reason
	}{
		{"moving, replayed 17 min later", []Fix{staleShip(1, 0, 2), staleShip(1, 1, 2), staleShip(1, 102, 2),
			late(staleShip(1, 0, 2), 17*minute)}, ReasonStaleReplay},
		{"moving, replayed 59 min later", []Fix{staleShip(1, 0, 2), staleShip(1, 354, 2),
			late(staleShip(1, 0, 2), 59*minute)}, ReasonStaleReplay},
		{"moving, replayed 61 min later (outside the stale window)", []Fix{staleShip(1, 0, 2), staleShip(1, 366, 2),
			late(staleShip(1, 0, 2), 61*minute)}, ReasonNone},
		{"moving, same copy 3 s later", []Fix{staleShip(1, 0, 2), late(staleShip(1, 0, 2), 3000)}, ReasonDuplicate},
		{"moving, repeat with nothing different between (frozen position)", []Fix{staleShip(1, 0, 2),
			late(staleShip(1, 0, 2), 30000)}, ReasonNone},
		{"1 kn, replayed", []Fix{staleShip(1, 0, 1), staleShip(1, 1, 1), late(staleShip(1, 0, 1), 5*minute)}, ReasonStaleReplay},
		{"0.9 kn, replayed (too slow to tell)", []Fix{staleShip(1, 0, 0.9), staleShip(1, 1, 0.9),
			late(staleShip(1, 0, 0.9), 5*minute)}, ReasonNone},
		{"unknown speed, replayed", []Fix{staleShip(1, 0, nan32), staleShip(1, 1, nan32),
			late(staleShip(1, 0, nan32), 5*minute)}, ReasonNone},
		{"moored ship's GPS jitter A B A", []Fix{moored(0, 50), moored(1, 50.00001), moored(2, 50)}, ReasonNone},
		{"moored ship A B A an hour apart", []Fix{moored(0, 50), moored(180, 50.00001), moored(360, 50)}, ReasonNone},
		{"speed not available (102.3 kn), position jitter", []Fix{staleShip(1, 0, 102.3), staleShip(1, 1, 102.3),
			late(staleShip(1, 0, 102.3), 5*minute)}, ReasonNone}, // left to the Segmenter: sog_sentinel
		{"re-forwarded 17 s late after a newer report (538004030 line 4670)", []Fix{staleShip(1, 0, 1.9),
			staleShip(1, 1, 1.9), late(staleShip(1, 0, 1.9), 17000)}, ReasonStaleReplay},
		{"other MMSI's report", []Fix{staleShip(1, 0, 2), staleShip(1, 1, 2), late(staleShip(3, 0, 2), 5*minute)}, ReasonNone},
	}
	for _, tt := range tests {
		d := NewDedupe(0)
		for i := range tt.stream[:len(tt.stream)-1] {
			if r := d.Check(&tt.stream[i]); r != ReasonNone {
				t.Fatalf("%s: setup fix %d dropped: %s", tt.name, i, r)
			}
		}
		if got := d.Check(&tt.stream[len(tt.stream)-1]); got != tt.want {
			t.Errorf("%s: Check = %s; want %s", tt.name, got, tt.want)
		}
		if d.Counts[tt.want] == 0 {
			t.Errorf("%s: %s not counted: %v", tt.name, tt.want, d.Counts)
		}
	}
}

func TestDedupeStaleDisabled(t *testing.T) {
	d := NewDedupe(0)
	d.StaleWindowMs = -1
	a, b, r := staleShip(1, 0, 5), staleShip(1, 1, 5), staleShip(1, 0, 5)
	r.Time += 17 * minute
	if !d.Keep(&a) || !d.Keep(&b) || !d.Keep(&r) {
		t.Errorf("StaleWindowMs < 0 still drops: %v", d.Counts)
	}
	var z Dedupe // the zero value works and detects replays
	a2, b2, r2 := a, b, r
	if !z.Keep(&a2) || !z.Keep(&b2) || z.Keep(&r2) || z.Counts[ReasonStaleReplay] != 1 {
		t.Errorf("zero Dedupe: counts %v", z.Counts)
	}
}

// TestDedupeStaleRelay merges a moving vessel's 2 h of 10 s reports with a
// second feed relaying every report 17 min late (the DMA 538004030 case,
// for the whole stream): every relayed copy must be dropped as a stale
// replay and every original kept, within the bounded per-vessel table.
// The one exception is the relay of the very last report: nothing newer
// came between, so it reads as a frozen transponder's repeat and is kept
// (it repeats the last position, so the track does not zig-zag).
func TestDedupeStaleRelay(t *testing.T) {
	const n, delay = 720, 17 * minute
	var in []Fix
	for i := range n {
		in = append(in, staleShip(1, i, 3))
	}
	for i := range n {
		f := staleShip(1, i, 3)
		f.Time += delay + 300
		f.Src.Source = 2
		in = append(in, f)
	}
	slices.SortStableFunc(in, func(a, b Fix) int { return cmpInt(a.Time, b.Time) })
	d := NewDedupe(0)
	kept, caught := 0, 0
	for i := range in {
		switch d.Check(&in[i]) {
		case ReasonNone:
			kept++
			if in[i].Src.Source == 2 && in[i].Src.Line != n {
				t.Errorf("relayed copy kept: line %d at +%d s", in[i].Src.Line, (in[i].Time-t0)/1000)
			}
		case ReasonStaleReplay:
			caught++
		}
	}
	if kept != n+1 || caught != n-1 {
		t.Errorf("kept %d, stale %d; want %d and %d (counts %v)", kept, caught, n+1, n-1, d.Counts)
	}
}

func TestDedupeStaleNoAllocs(t *testing.T) {
	d := NewDedupe(0)
	var fs []Fix
	for i := range 500 {
		fs = append(fs, staleShip(1, i, 4))
	}
	for i := range fs {
		d.Keep(&fs[i])
	}
	i := 0
	allocs := testing.AllocsPerRun(1000, func() {
		f := fs[i%len(fs)]
		f.Time += int64(i) * 10
		d.Keep(&f)
		i++
	})
	if allocs != 0 {
		t.Errorf("Keep allocates %.1f per fix", allocs)
	}
}

// TestReplaySeed checks that FuzzReorderDedupe's replay seed exercises the
// stale replay path.
func TestReplaySeed(t *testing.T) {
	d := NewDedupe(0)
	checkDedupe(t, d, fuzzFixes([]byte(replaySeed)))
	if d.Counts[ReasonStaleReplay] != 1 {
		t.Errorf("counts %v; want one stale replay", d.Counts)
	}
}

// TestStaleTableGrows checks that a vessel seen a few times keeps a small
// table, that one reporting for hours gets at most the full one, and that
// growing forgets nothing of the window.
func TestStaleTableGrows(t *testing.T) {
	d := NewDedupe(0)
	for i := range 5 {
		f := staleShip(1, i, 8)
		d.Keep(&f)
	}
	if n := len(d.vessels[1].stale.e); n != staleMinSets*staleWays {
		t.Errorf("5 reports: %d entries; want %d", n, staleMinSets*staleWays)
	}
	for i := 5; i < 3*360; i++ { // 3 h at 10 s
		f := staleShip(1, i, 8)
		d.Keep(&f)
	}
	if n := len(d.vessels[1].stale.e); n != staleMaxSets*staleWays {
		t.Errorf("3 h of reports: %d entries; want %d", n, staleMaxSets*staleWays)
	}
	missed := 0
	for i := 3*360 - 100; i < 3*360-1; i++ { // the last 100 reports replayed now
		f := staleShip(1, i, 8)
		f.Time = t0 + 3*hour
		if d.Check(&f) != ReasonStaleReplay {
			missed++
		}
	}
	if missed > 0 {
		t.Errorf("%d of 99 replays of the last 17 min missed", missed)
	}
}

func TestStaleAgeWraps(t *testing.T) {
	for _, tc := range []struct{ stored, now, want int64 }{
		{100, 160, 60},
		{160, 100, -60},
		{staleTimeMask - 10, staleTimeMask + 50, 60}, // across the 2^24 s wrap
		{-1, 59, 60},
	} {
		e := uint64(7)<<staleTimeBits | uint64(tc.stored)&staleTimeMask
		if got := age(e, tc.now); got != tc.want {
			t.Errorf("age(stored %d, now %d) = %d; want %d", tc.stored, tc.now, got, tc.want)
		}
	}
	if unixSec(-1) != -1 || unixSec(-1000) != -1 || unixSec(1999) != 1 {
		t.Error("unixSec does not round down")
	}
}

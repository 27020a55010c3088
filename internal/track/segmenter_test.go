package track

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/lookout-osint/lookout/internal/geo"
)

const (
	t0     = int64(1700000000000) // 2023-11-14T22:13:20Z
	minute = int64(60 * 1000)
	hour   = 60 * minute
)

// straight returns n fixes of a vessel sailing a great circle from p at
// sog knots on course cog, one every step ms from start.
func straight(mmsi uint32, start int64, p geo.Point, cog, sog float64, step int64, n int, class Class) []Fix {
	out := make([]Fix, n)
	for i := range out {
		h := float64(int64(i)*step) / float64(hour)
		q := geo.Destination(p, cog, sog*h*geo.MetresPerNM)
		out[i] = Fix{MMSI: mmsi, Time: start + int64(i)*step, Lat: q.Lat, Lon: q.Lon,
			SOG: float32(sog), COG: float32(cog), Heading: -1, Class: class,
			Src: SourceRef{Source: 1, Line: uint32(i + 1)}}
	}
	return out
}

// interleave merges fix lists by time (stable).
func interleave(lists ...[]Fix) []Fix {
	var all []Fix
	for _, l := range lists {
		all = append(all, l...)
	}
	slices.SortStableFunc(all, func(a, b Fix) int { return int(a.Time - b.Time) })
	return all
}

// segmentOf maps each fix (by source line and source) to the index of its segment.
func segmentOf(segs []Segment) map[SourceRef]int {
	m := map[SourceRef]int{}
	for i, g := range segs {
		for _, f := range g.Fixes {
			m[f.Src] = i
		}
	}
	return m
}

func TestSegmentOneVessel(t *testing.T) {
	fixes := straight(235000001, t0, geo.Point{Lat: 50, Lon: -1}, 80, 14, 10*1000, 500, ClassA)
	res := SegmentAll(fixes, DefaultSegmenterConfig())
	if len(res.Segments) != 1 || len(res.Segments[0].Fixes) != 500 {
		t.Fatalf("got %d segments (%v); want 1 with 500 fixes", len(res.Segments), segLens(res.Segments))
	}
	want := SegmentID{MMSI: 235000001, Start: t0}
	if res.Segments[0].ID != want {
		t.Errorf("ID = %v; want %v", res.Segments[0].ID, want)
	}
	if len(res.Dropped) != 0 {
		t.Errorf("dropped %d fixes", len(res.Dropped))
	}
	if !slices.IsSortedFunc(res.Segments[0].Fixes, func(a, b Fix) int { return int(a.Time - b.Time) }) {
		t.Error("fixes not in time order")
	}
}

func segLens(segs []Segment) []int {
	var n []int
	for _, g := range segs {
		n = append(n, len(g.Fixes))
	}
	return n
}

func TestSegmentSharedMMSI(t *testing.T) {
	// Two vessels 300 nm apart transmit the same MMSI; their reports interleave.
	a := straight(412000001, t0, geo.Point{Lat: 30, Lon: 122}, 10, 11, 30*1000, 200, ClassA)
	far := geo.Destination(geo.Point{Lat: 30, Lon: 122}, 100, 300*geo.MetresPerNM)
	b := straight(412000001, t0+7000, far, 200, 8, 30*1000, 200, ClassA)
	for i := range b {
		b[i].Src.Source = 2
	}
	segs := SegmentFixes(interleave(a, b), DefaultSegmenterConfig())
	if len(segs) != 2 {
		t.Fatalf("got %d segments %v; want 2", len(segs), segLens(segs))
	}
	for _, g := range segs {
		src := g.Fixes[0].Src.Source
		for _, f := range g.Fixes {
			if f.Src.Source != src {
				t.Fatalf("segment %v mixes both vessels", g.ID)
			}
		}
		if len(g.Fixes) != 200 {
			t.Errorf("segment %v has %d fixes; want 200", g.ID, len(g.Fixes))
		}
	}
}

func TestSegmentPositionJump(t *testing.T) {
	fixes := straight(245188000, t0, geo.Point{Lat: 50.8141, Lon: -1.0923}, 0, 0, 10*1000, 60, ClassA)
	fixes[30].Lon = 54.83172 // the Solent glitch
	segs := SegmentFixes(fixes, DefaultSegmenterConfig())
	if len(segs) != 2 {
		t.Fatalf("got %d segments %v; want 2", len(segs), segLens(segs))
	}
	for _, g := range segs {
		hasJump := slices.ContainsFunc(g.Fixes, func(f Fix) bool { return f.Lon > 50 })
		if hasJump && len(g.Fixes) != 1 {
			t.Errorf("jump is in a segment of %d fixes", len(g.Fixes))
		}
		if !hasJump && len(g.Fixes) != 59 {
			t.Errorf("main segment has %d fixes; want 59", len(g.Fixes))
		}
	}
}

func TestSegmentLongGap(t *testing.T) {
	a := straight(1, t0, geo.Point{Lat: 10, Lon: 10}, 0, 0, 10*minute, 10, ClassA)
	b := straight(1, a[9].Time+30*hour, geo.Point{Lat: 10, Lon: 10}, 0, 0, 10*minute, 10, ClassA)
	segs := SegmentFixes(append(a, b...), DefaultSegmenterConfig())
	if len(segs) != 2 || len(segs[0].Fixes) != 10 || segs[1].ID.Start != b[0].Time {
		t.Fatalf("got segments %v (%v); want 2 of 10, the second starting after the gap", segLens(segs), segs[len(segs)-1].ID)
	}
	// A gap under 24 h at the same place keeps one segment.
	c := straight(1, a[9].Time+20*hour, geo.Point{Lat: 10, Lon: 10}, 0, 0, 10*minute, 10, ClassA)
	if segs := SegmentFixes(append(a, c...), DefaultSegmenterConfig()); len(segs) != 1 {
		t.Errorf("20 h gap in place: got %d segments; want 1", len(segs))
	}
}

func TestSegmentLookbackDropsOutlier(t *testing.T) {
	fixes := straight(2, t0, geo.Point{Lat: 40, Lon: 5}, 0, 12, minute, 20, ClassA)
	q := geo.Destination(fixes[10].Point(), 90, 1.5*geo.MetresPerNM)
	fixes[10].Lat, fixes[10].Lon = q.Lat, q.Lon
	res := SegmentAll(fixes, DefaultSegmenterConfig())
	if len(res.Segments) != 1 || len(res.Segments[0].Fixes) != 19 {
		t.Fatalf("got segments %v; want one of 19", segLens(res.Segments))
	}
	if len(res.Dropped) != 1 || res.Dropped[0].Reason != ReasonLookback || res.Dropped[0].Fix.Src.Line != 11 {
		t.Errorf("dropped = %+v; want fix line 11 by lookback", res.Dropped)
	}
}

func TestSegmentTransponderClass(t *testing.T) {
	// Two moored vessels 7 nm apart share an MMSI; a report lands between
	// them, slightly nearer to B.
	pa := geo.Point{Lat: 20, Lon: 60}
	pb := geo.Destination(pa, 90, 7*geo.MetresPerNM)
	run := func(classX Class, classA, classB Class) BatchResult {
		a := straight(3, t0, pa, 0, 0, minute, 20, classA)
		b := straight(3, t0+30*1000, pb, 0, 0, minute, 20, classB)
		for i := range b {
			b[i].Src.Source = 2
		}
		x := Fix{MMSI: 3, Time: t0 + 20*minute, Lat: pa.Lat, SOG: 0, COG: 0, Heading: -1,
			Class: classX, Src: SourceRef{Source: 9, Line: 1}}
		x.Lon = geo.Destination(pa, 90, 3.6*geo.MetresPerNM).Lon
		return SegmentAll(append(interleave(a, b), x), DefaultSegmenterConfig())
	}
	xSeg := func(segs []Segment) *Segment {
		for i := range segs {
			for _, f := range segs[i].Fixes {
				if f.Src.Source == 9 {
					return &segs[i]
				}
			}
		}
		t.Fatal("report X lost")
		return nil
	}
	// Unknown classes: the two segments score within the ambiguity factor,
	// so X starts a segment of its own.
	res := run(ClassUnknown, ClassUnknown, ClassUnknown)
	if g := xSeg(res.Segments); len(g.Fixes) != 1 || res.Stats.ClosedAmbiguous != 2 {
		t.Errorf("unknown classes: X joined a segment of %d fixes, %d closed as ambiguous; want a new one, 2",
			len(g.Fixes), res.Stats.ClosedAmbiguous)
	}
	// X is class B like vessel B: A's score is weighted by 0.1 and B wins.
	res = run(ClassB, ClassA, ClassB)
	g := xSeg(res.Segments)
	if len(g.Fixes) != 21 || g.Fixes[0].Src.Source != 2 {
		t.Errorf("class B: X in segment of %d fixes from source %d; want B's (21)", len(g.Fixes), g.Fixes[0].Src.Source)
	}
}

func TestSegmenterCapBoundsMemory(t *testing.T) {
	cfg := DefaultSegmenterConfig()
	s, err := NewSegmenter(cfg)
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	var out []Assigned
	total := 0
	for i := range 5000 {
		// Each fix is far from the others: every one opens a segment.
		f := Fix{MMSI: 7, Time: t0 + int64(i)*1000, Lat: rng.Float64()*160 - 80,
			Lon: rng.Float64()*360 - 180, SOG: 0, COG: 0, Heading: -1}
		out = s.Add(out[:0], &f)
		total += len(out)
		if n := s.OpenSegments(); n > cfg.MaxOpenSegments {
			t.Fatalf("after %d fixes: %d open segments; cap %d", i+1, n, cfg.MaxOpenSegments)
		}
	}
	total += len(s.Flush(nil))
	st := s.Stats()
	if total != 5000 || st.Counts[ReasonNone] != 5000 {
		t.Errorf("returned %d fixes, kept %d; want 5000", total, st.Counts[ReasonNone])
	}
	if st.ClosedCap < 4000 {
		t.Errorf("ClosedCap = %d; want most segments closed by the cap", st.ClosedCap)
	}
}

func TestSegmenterStreamingMatchesBatch(t *testing.T) {
	fixes := interleave(
		straight(10, t0, geo.Point{Lat: 1, Lon: 1}, 45, 10, 20*1000, 300, ClassA),
		straight(11, t0+5000, geo.Point{Lat: 2, Lon: 2}, 270, 3, 60*1000, 100, ClassB),
	)
	s, _ := NewSegmenter(DefaultSegmenterConfig())
	var out []Assigned
	for i := range fixes {
		out = s.Add(out, &fixes[i])
	}
	if s.Pending()+len(out) != len(fixes) {
		t.Errorf("pending %d + returned %d != %d", s.Pending(), len(out), len(fixes))
	}
	var last10 int64
	for _, f := range fixes {
		if f.MMSI == 10 {
			last10 = f.Time
		}
	}
	tent := s.Tentative(nil, 10)
	if want := DefaultSegmenterConfig().Lookback - 1; len(tent) != want || tent[want-1].Fix.Time != last10 {
		t.Errorf("Tentative(10) = %d fixes; want the newest %d", len(tent), want)
	}
	out = s.Flush(out)
	if s.Pending() != 0 || s.Vessels() != 0 {
		t.Errorf("after Flush: pending %d, vessels %d", s.Pending(), s.Vessels())
	}
	batch := SegmentFixes(fixes, DefaultSegmenterConfig())
	got := map[SegmentID]int{}
	for _, a := range out {
		got[a.Seg]++
	}
	for _, g := range batch {
		if got[g.ID] != len(g.Fixes) {
			t.Errorf("segment %v: stream %d fixes, batch %d", g.ID, got[g.ID], len(g.Fixes))
		}
	}
}

func TestSegmenterDropsBadAndOutOfOrder(t *testing.T) {
	s, _ := NewSegmenter(DefaultSegmenterConfig())
	fs := []Fix{
		{MMSI: 5, Time: t0, Lat: 10, Lon: 10, COG: 0},
		{MMSI: 5, Time: t0 + 1000, Lat: 91, Lon: 181, COG: 0},
		{MMSI: 5, Time: t0 - 1000, Lat: 10, Lon: 10, COG: 0},
		{MMSI: 5, Time: t0 + 2000, Lat: 10, Lon: 10, SOG: 102.3, COG: 0},
		{MMSI: 5, Time: t0 + 3000, Lat: 10, Lon: 10, SOG: 5, COG: nan32},
	}
	var out []Assigned
	for i := range fs {
		out = s.Add(out, &fs[i])
	}
	out = s.Flush(out)
	st := s.Stats()
	want := Counts{ReasonNone: 1, ReasonBadPosition: 1, ReasonOutOfOrder: 1, ReasonSOGSentinel: 1, ReasonCOG360: 1}
	if st.Counts != want || len(out) != 5 {
		t.Errorf("counts %v, %d returned; want %v, 5", st.Counts, len(out), want)
	}
}

func TestSegmenterActive(t *testing.T) {
	s, _ := NewSegmenter(DefaultSegmenterConfig())
	a := Fix{MMSI: 8, Time: t0, Lat: 10, Lon: 10, Class: ClassA}
	b := Fix{MMSI: 8, Time: t0 + 1000, Lat: 20, Lon: 20, Class: ClassB}
	s.Add(nil, &a)
	s.Add(nil, &b)
	if id, ok := s.Active(8, ClassA); !ok || id.Start != t0 {
		t.Errorf("Active(A) = %v, %v; want the class A segment", id, ok)
	}
	if id, ok := s.Active(8, ClassUnknown); !ok || id.Start != t0+1000 {
		t.Errorf("Active(unknown) = %v, %v; want the latest segment", id, ok)
	}
	if _, ok := s.Active(9, ClassA); ok {
		t.Error("Active of unknown MMSI is ok")
	}
}

func TestSegmentSameMillisecondSeq(t *testing.T) {
	fs := []Fix{
		{MMSI: 4, Time: t0, Lat: 10, Lon: 10},
		{MMSI: 4, Time: t0, Lat: -10, Lon: 100},
		{MMSI: 4, Time: t0, Lat: 40, Lon: -100},
	}
	segs := SegmentFixes(fs, DefaultSegmenterConfig())
	if len(segs) != 3 {
		t.Fatalf("got %d segments", len(segs))
	}
	for i, g := range segs {
		if g.ID.Seq != uint32(i) || g.ID.Start != t0 {
			t.Errorf("segment %d id %v", i, g.ID)
		}
	}
}

func TestSegmenterConfigValidate(t *testing.T) {
	if err := DefaultSegmenterConfig().Validate(); err != nil {
		t.Fatalf("defaults invalid: %v", err)
	}
	bad := []func(*SegmenterConfig){
		func(c *SegmenterConfig) { c.MaxKnots = 0 },
		func(c *SegmenterConfig) { c.Lookback = 0 },
		func(c *SegmenterConfig) { c.MaxOpenSegments = 0 },
		func(c *SegmenterConfig) { c.TransponderMismatchWeight = 2 },
		func(c *SegmenterConfig) { c.HoursExp = -1 },
		func(c *SegmenterConfig) { c.MaxGapMs = 0 },
	}
	for i, mod := range bad {
		c := DefaultSegmenterConfig()
		mod(&c)
		if _, err := NewSegmenter(c); err == nil {
			t.Errorf("case %d: no error for %+v", i, c)
		}
	}
}

func TestSegmenterExpire(t *testing.T) {
	s, _ := NewSegmenter(DefaultSegmenterConfig())
	var out []Assigned
	for m := range uint32(100) {
		for _, f := range straight(m+1, t0+int64(m)*minute, geo.Point{Lat: float64(m) / 10, Lon: 3}, 90, 10, minute, 10, ClassA) {
			out = s.Add(out, &f)
		}
	}
	out = s.Expire(out, t0+20*hour) // nothing idle yet
	if s.Vessels() != 100 || s.OpenSegments() != 100 {
		t.Fatalf("after early Expire: %d vessels, %d open", s.Vessels(), s.OpenSegments())
	}
	out = s.Expire(out, t0+26*hour)
	if s.Vessels() != 0 || s.Pending() != 0 || len(out) != 1000 {
		t.Errorf("after Expire: %d vessels, %d pending, %d returned; want 0, 0, 1000", s.Vessels(), s.Pending(), len(out))
	}
	if st := s.Stats(); st.ClosedIdle != 100 {
		t.Errorf("ClosedIdle = %d; want 100", st.ClosedIdle)
	}
}

// TestSegmentEdgeCases covers the edge cases gpsdio-segment's own tests
// check (same fix twice, same time far apart, same place a long time
// apart, a noise fix between two halves of a track).
func TestSegmentEdgeCases(t *testing.T) {
	at := func(line uint32, lat, lon float64, ms int64, sog float32) Fix {
		return Fix{MMSI: 1, Time: t0 + ms, Lat: lat, Lon: lon, SOG: sog, COG: 0, Heading: -1,
			Src: SourceRef{Source: 1, Line: line}}
	}
	tests := []struct {
		name  string
		fixes []Fix
		want  [][]uint32 // source lines per segment, segments in ID order
	}{
		{"same fix twice", []Fix{at(1, 10, 10, 0, 1), at(2, 10, 10, 0, 1)}, [][]uint32{{1, 2}}},
		{"same time, far apart", []Fix{at(1, 0, 0, 0, 1), at(2, 10, 10, 0, 1)}, [][]uint32{{1}, {2}}},
		{"same place 1000 days apart", []Fix{at(1, -89, -90, 0, 1), at(2, -89, -90, 1000*24*hour, 1)}, [][]uint32{{1}, {2}}},
		{"noise fix between", []Fix{
			at(1, 44.63928, -63.551333, 0, 1),
			at(2, 51.629493, -63.55381, 176*1000, 1),
			at(3, 44.63896, -63.55386, 184*1000, 0),
			at(4, 44.573973, -63.534027, 17*hour+8*minute, 1),
			at(5, 44.583315, -63.533645, 17*hour+8*minute, 1),
		}, [][]uint32{{1, 3, 4, 5}, {2}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got [][]uint32
			for _, g := range SegmentFixes(tt.fixes, DefaultSegmenterConfig()) {
				got = append(got, lines(g.Fixes))
			}
			if !slices.EqualFunc(got, tt.want, slices.Equal) {
				t.Errorf("segments %v; want %v", got, tt.want)
			}
		})
	}
}

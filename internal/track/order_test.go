package track

import (
	"math/rand/v2"
	"slices"
	"testing"
)

func TestDedupe(t *testing.T) {
	base := Fix{MMSI: 235069877, Time: t0, Lat: 50.7954183333333, Lon: -1.10947333333333,
		SOG: 7.5, COG: 176.5, Heading: 175, Status: 0}
	mod := func(m func(*Fix)) Fix { f := base; m(&f); return f }
	tests := []struct {
		name string
		f    Fix
		keep bool
	}{
		{"first", base, true},
		{"same payload, other station 800 ms later", mod(func(f *Fix) { f.Time += 800; f.Src.Source = 2 }), false},
		{"same payload 4.9 s later", mod(func(f *Fix) { f.Time += 4900 }), false},
		{"same payload 10 s later (a new report)", mod(func(f *Fix) { f.Time += 10000 }), true},
		{"moved a little", mod(func(f *Fix) { f.Time += 2000; f.Lat += 0.0001 }), true},
		{"below AIS resolution", mod(func(f *Fix) { f.Time += 1000; f.Lat += 1e-9 }), false},
		{"other speed", mod(func(f *Fix) { f.Time += 1000; f.SOG = 7.6 }), true},
		{"other MMSI", mod(func(f *Fix) { f.MMSI++ }), true},
		{"earlier copy heard late", mod(func(f *Fix) { f.Time -= 1500 }), false},
	}
	d := NewDedupe(0)
	for _, tt := range tests {
		f := tt.f
		if got := d.Keep(&f); got != tt.keep {
			t.Errorf("%s: Keep = %v; want %v", tt.name, got, tt.keep)
		}
	}
	if d.Counts[ReasonDuplicate] != 4 || d.Counts[ReasonNone] != 5 {
		t.Errorf("counts %v", d.Counts)
	}
	nan := Fix{MMSI: 1, Time: t0, Lat: 1, Lon: 1, SOG: nan32, COG: nan32}
	nan2 := nan
	if !d.Keep(&nan) || d.Keep(&nan2) {
		t.Error("NaN speed/course reports not deduplicated")
	}
	d.Expire(t0 + 10*minute) // the moving vessels are kept for the stale window
	if d.Vessels() != 2 {
		t.Errorf("Expire after 10 min left %d vessels; want the 2 that moved", d.Vessels())
	}
	d.Expire(t0 + DefaultStaleWindowMs + 11*minute)
	if d.Vessels() != 0 {
		t.Errorf("Expire left %d vessels", d.Vessels())
	}
}

func TestDedupeSolent(t *testing.T) {
	// SOURCE.md: identical reports a few hundred ms apart, e.g. MMSI
	// 235069877 around 13:02:49. Count them independently: same MMSI and
	// identical fields within the window of an earlier identical row.
	fixes := readSolent(t)
	want := 0
	type k struct {
		m        uint32
		lat, lon float64
		sog, cog float32
	}
	last := map[k]int64{}
	for _, f := range fixes {
		key := k{f.MMSI, f.Lat, f.Lon, f.SOG, f.COG}
		if tm, ok := last[key]; ok && f.Time-tm <= DefaultDedupeWindowMs {
			want++
		} else {
			last[key] = f.Time
		}
	}
	d := NewDedupe(0)
	kept := d.Filter(slices.Clone(fixes))
	if got := len(fixes) - len(kept); got != want || want == 0 {
		t.Errorf("dropped %d duplicates; an independent count finds %d", got, want)
	}
	t.Logf("%d of %d Solent rows are repeats", want, len(fixes))
}

func TestReorder(t *testing.T) {
	r := NewReorder(10 * minute)
	in := []Fix{
		{MMSI: 1, Time: t0, Src: SourceRef{1, 1}},
		{MMSI: 1, Time: t0 + 2*minute, Src: SourceRef{1, 2}},
		{MMSI: 1, Time: t0 + minute, Src: SourceRef{1, 3}}, // out of order, within window
		{MMSI: 2, Time: t0 + 5*minute, Src: SourceRef{1, 4}},
		{MMSI: 1, Time: t0 + 2*minute, Src: SourceRef{1, 5}},  // equal time: after line 2
		{MMSI: 1, Time: t0 + 12*minute, Src: SourceRef{1, 6}}, // releases ≤ t0+2m
		{MMSI: 1, Time: t0 + 90*1000, Src: SourceRef{1, 7}},   // too late
		{MMSI: 1, Time: t0 + 3*minute, Src: SourceRef{1, 8}},  // still fine
	}
	var out []Fix
	var late []uint32
	for i := range in {
		var ok bool
		out, ok = r.Push(out, &in[i])
		if !ok {
			late = append(late, in[i].Src.Line)
		}
	}
	if got := lines(out); !slices.Equal(got, []uint32{1, 3, 2, 5}) {
		t.Errorf("released %v; want [1 3 2 5]", got)
	}
	if !slices.Equal(late, []uint32{7}) || r.Counts[ReasonTooLate] != 1 {
		t.Errorf("late %v, counts %v", late, r.Counts)
	}
	if r.Held() != 3 {
		t.Errorf("held %d; want 3", r.Held())
	}
	out = r.Advance(out[:0], t0+16*minute)
	if got := lines(out); !slices.Equal(got, []uint32{8, 4}) {
		t.Errorf("Advance released %v; want [8 4]", got)
	}
	out = r.Flush(out[:0])
	if got := lines(out); !slices.Equal(got, []uint32{6}) || r.Held() != 0 {
		t.Errorf("Flush released %v, held %d", got, r.Held())
	}
}

func lines(fs []Fix) []uint32 {
	var l []uint32
	for _, f := range fs {
		l = append(l, f.Src.Line)
	}
	return l
}

func TestReorderRandom(t *testing.T) {
	// Shuffle a sorted stream by up to 5 minutes: a 5-minute window restores
	// the exact order per MMSI and drops nothing.
	rng := rand.New(rand.NewPCG(3, 4))
	var in []Fix
	for i := range 5000 {
		in = append(in, Fix{MMSI: uint32(i % 7), Time: t0 + int64(i)*1000 + rng.Int64N(5*minute),
			Src: SourceRef{1, uint32(i)}})
	}
	r := NewReorder(5 * minute)
	var out []Fix
	for i := range in {
		var ok bool
		if out, ok = r.Push(out, &in[i]); !ok {
			t.Fatalf("fix %d too late", i)
		}
	}
	out = r.Flush(out)
	if len(out) != len(in) {
		t.Fatalf("released %d of %d", len(out), len(in))
	}
	prev := map[uint32]int64{}
	for _, f := range out {
		if p, ok := prev[f.MMSI]; ok && f.Time < p {
			t.Fatalf("MMSI %d out of order", f.MMSI)
		}
		prev[f.MMSI] = f.Time
	}
}

func TestSegmentAt(t *testing.T) {
	segs := []Segment{
		{ID: SegmentID{MMSI: 1, Start: 100}, MMSI: 1, Fixes: []Fix{{Time: 100, Class: ClassA}, {Time: 200, Class: ClassA}}},
		{ID: SegmentID{MMSI: 2, Start: 100}, MMSI: 2, Fixes: []Fix{{Time: 100, Class: ClassA}, {Time: 500, Class: ClassA}}},
		{ID: SegmentID{MMSI: 2, Start: 150}, MMSI: 2, Fixes: []Fix{{Time: 150, Class: ClassB}, {Time: 300, Class: ClassB}}},
		{ID: SegmentID{MMSI: 2, Start: 1000}, MMSI: 2, Fixes: []Fix{{Time: 1000, Class: ClassA}}},
	}
	tests := []struct {
		mmsi  uint32
		t     int64
		class Class
		want  int
	}{
		{1, 150, ClassA, 0},
		{1, 150, ClassB, 0},       // the only segment
		{1, 5000, ClassA, -1},     // beyond the gap
		{2, 200, ClassB, 2},       // class B report goes to the B segment
		{2, 200, ClassA, 1},       // class A to the A one
		{2, 200, ClassUnknown, 1}, // both contain t: the longer
		{2, 900, ClassA, 3},       // nearest A segment in time
		{3, 100, ClassA, -1},
	}
	for _, tt := range tests {
		if got := SegmentAt(segs, tt.mmsi, tt.t, tt.class, 1000); got != tt.want {
			t.Errorf("SegmentAt(%d, %d, %d) = %d; want %d", tt.mmsi, tt.t, tt.class, got, tt.want)
		}
	}
}

func TestSegmentIDString(t *testing.T) {
	for _, id := range []SegmentID{{MMSI: 235000001, Start: t0}, {MMSI: 1, Start: -5, Seq: 3}, {}} {
		s := id.String()
		got, err := ParseSegmentID(s)
		if err != nil || got != id {
			t.Errorf("ParseSegmentID(%q) = %v, %v; want %v", s, got, err, id)
		}
	}
	if s := (SegmentID{MMSI: 235000001, Start: t0}).String(); s != "235000001-1700000000000" {
		t.Errorf("String = %q", s)
	}
	for _, bad := range []string{"", "abc", "1-x", "1-2-x", "99999999999-1"} {
		if _, err := ParseSegmentID(bad); err == nil {
			t.Errorf("ParseSegmentID(%q) accepted", bad)
		}
	}
}

func TestImpliedSpeed(t *testing.T) {
	a := Fix{Time: t0, Lat: 0, Lon: 0}
	b := Fix{Time: t0 + hour, Lat: 1, Lon: 0} // 1° of latitude ≈ 60.04 nm
	if v := ImpliedSpeedKn(&a, &b); v < 59.9 || v > 60.1 {
		t.Errorf("ImpliedSpeedKn = %v; want ≈ 60", v)
	}
	if v := ImpliedSpeedKn(&b, &a); v < 59.9 || v > 60.1 {
		t.Errorf("reversed ImpliedSpeedKn = %v", v)
	}
	c := b
	c.Time = a.Time
	if v := ImpliedSpeedKn(&a, &c); v <= 1e9 {
		t.Errorf("same time, other place: %v; want +Inf", v)
	}
	if v := ImpliedSpeedKn(&a, &a); v != 0 {
		t.Errorf("same fix: %v", v)
	}
}

// TestChainSolent feeds the Solent capture, shuffled by up to two minutes,
// through Reorder → Dedupe → Segmenter as ingest does, and checks that the
// segments equal those of the batch path on the sorted, deduplicated rows.
func TestChainSolent(t *testing.T) {
	fixes := readSolent(t)
	shuffled := slices.Clone(fixes) // each row delayed by a pseudo-random 0–120 s
	slices.SortStableFunc(shuffled, func(a, b Fix) int {
		return cmpInt(a.Time+int64(a.Src.Line*7919%120000), b.Time+int64(b.Src.Line*7919%120000))
	})
	r := NewReorder(DefaultReorderWindowMs)
	d := NewDedupe(0)
	s, _ := NewSegmenter(DefaultSegmenterConfig())
	var rel []Fix
	var out []Assigned
	for i := range shuffled {
		var ok bool
		if rel, ok = r.Push(rel[:0], &shuffled[i]); !ok {
			t.Fatalf("row %d too late", shuffled[i].Src.Line)
		}
		for j := range rel {
			if d.Keep(&rel[j]) {
				out = s.Add(out, &rel[j])
			}
		}
	}
	for _, f := range r.Flush(nil) {
		if d.Keep(&f) {
			out = s.Add(out, &f)
		}
	}
	out = s.Flush(out)
	stream := map[SegmentID][]Fix{}
	for _, a := range out {
		if a.Reason == ReasonNone {
			stream[a.Seg] = append(stream[a.Seg], a.Fix)
		}
	}
	sorted := slices.Clone(fixes)
	slices.SortStableFunc(sorted, func(a, b Fix) int { return cmpInt(a.Time, b.Time) })
	batch := SegmentFixes(NewDedupe(0).Filter(sorted), DefaultSegmenterConfig())
	if len(batch) != len(stream) {
		t.Fatalf("stream %d segments, batch %d", len(stream), len(batch))
	}
	for _, g := range batch {
		sg := stream[g.ID]
		if len(sg) != len(g.Fixes) {
			t.Fatalf("segment %v: stream %d fixes, batch %d", g.ID, len(sg), len(g.Fixes))
		}
		for i := range sg {
			a, b := sg[i], g.Fixes[i]
			if a.Time != b.Time || a.Lat != b.Lat || a.Lon != b.Lon {
				t.Fatalf("segment %v fix %d differs: %+v vs %+v", g.ID, i, a, b)
			}
		}
	}
}

func cmpInt(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

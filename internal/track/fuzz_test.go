package track

import (
	"encoding/binary"
	"math"
	"testing"
)

// fuzzFixes decodes a byte string into a stream of fixes: 12 bytes each
// (MMSI selector, signed time step, position step or jump, SOG, COG, class,
// special values). Positions move by small steps from the MMSI's previous
// one (so fixes match, compete and get dropped by the look-back) with
// occasional far jumps, invalid positions, NaN and sentinel speeds, unknown
// courses, repeated and backward times. Src.Line numbers the fixes from 1.
func fuzzFixes(data []byte) []Fix {
	var fs []Fix
	tm := t0
	var last [4][2]float64
	for i := range last {
		last[i] = [2]float64{10 + float64(i)*0.05, 20}
	}
	for i := 0; len(data) >= 12; i++ {
		d := data[:12]
		data = data[12:]
		tm += int64(int8(d[1])) * 7 * 1000
		m := d[0] % 4
		p := &last[m]
		if d[2]%32 == 0 { // jump anywhere
			p[0] = float64(int16(binary.LittleEndian.Uint16(d[3:])))/370 + 0.001
			p[1] = float64(int16(binary.LittleEndian.Uint16(d[4:])))/185 + 0.001
		} else {
			p[0] += float64(int8(d[3])) / 4000
			p[1] += float64(int8(d[4])) / 4000
		}
		f := Fix{
			MMSI:    uint32(m),
			Time:    tm,
			Lat:     p[0],
			Lon:     p[1],
			SOG:     float32(d[6]) / 8,
			COG:     float32(binary.LittleEndian.Uint16(d[7:])%3600) / 10,
			Heading: -1,
			Class:   Class(d[9] % 3),
			Src:     SourceRef{Source: 1, Line: uint32(i + 1)},
		}
		switch d[10] % 16 {
		case 0:
			f.SOG = float32(math.NaN())
		case 1:
			f.COG = float32(math.NaN())
		case 2:
			f.Lat, f.Lon = 91, 181
		case 3:
			f.SOG = 102.3
		}
		fs = append(fs, f)
	}
	return fs
}

func FuzzSegmenter(f *testing.F) {
	f.Add([]byte("0123456789ab0123456789abzzzzzzzzzzzz"), uint8(5), uint8(20))
	f.Add(make([]byte, 120), uint8(1), uint8(1))
	f.Add([]byte("\x01\x05\x10\x20\x30\x40\x08\x10\x10\x01\x05\x00\x01\x05\x11\x20\x30\x40\x08\x10\x10\x01\x05\x00"), uint8(3), uint8(2))
	f.Fuzz(func(t *testing.T, data []byte, lookback, maxOpen uint8) {
		cfg := DefaultSegmenterConfig()
		cfg.Lookback = int(lookback%6) + 1
		cfg.MaxOpenSegments = int(maxOpen%5) + 1
		s, err := NewSegmenter(cfg)
		if err != nil {
			t.Fatal(err)
		}
		fixes := fuzzFixes(data)
		seen := make([]int, len(fixes)+1)
		var out []Assigned
		check := func() {
			for _, a := range out {
				seen[a.Fix.Src.Line]++
				if a.Reason == ReasonNone && a.Seg.MMSI != a.Fix.MMSI {
					t.Fatalf("fix of %d in segment %v", a.Fix.MMSI, a.Seg)
				}
				if (a.Reason == ReasonNone) == a.Seg.IsZero() {
					t.Fatalf("inconsistent %+v", a)
				}
			}
			out = out[:0]
		}
		for i := range fixes {
			out = s.Add(out, &fixes[i])
			check()
			if s.OpenSegments() > cfg.MaxOpenSegments*4 {
				t.Fatalf("%d open segments for 4 MMSIs, cap %d", s.OpenSegments(), cfg.MaxOpenSegments)
			}
		}
		out = s.Flush(out)
		check()
		for line := 1; line < len(seen); line++ {
			if seen[line] != 1 {
				t.Fatalf("fix %d returned %d times", line, seen[line])
			}
		}
		st := s.Stats()
		if int(st.Counts[ReasonNone]+st.Counts.Dropped()) != len(fixes) {
			t.Fatalf("counts %v do not add up to %d", st.Counts, len(fixes))
		}
		checkBatch(t, fixes, cfg)
		compareWithReference(t, "fuzz", fixes, cfg)
	})
}

// checkBatch checks SegmentAll's invariants: segments ordered by ID, fixes in
// time order, each segment starting at its ID's Start, and every fix kept or
// dropped once.
func checkBatch(t *testing.T, fixes []Fix, cfg SegmenterConfig) {
	res := SegmentAll(fixes, cfg)
	n := len(res.Dropped)
	for i, g := range res.Segments {
		if i > 0 && res.Segments[i-1].ID.Compare(g.ID) >= 0 {
			t.Fatalf("segments out of order: %v then %v", res.Segments[i-1].ID, g.ID)
		}
		if len(g.Fixes) == 0 || g.Fixes[0].Time != g.ID.Start {
			t.Fatalf("segment %v starts at %d", g.ID, g.Start())
		}
		for j := 1; j < len(g.Fixes); j++ {
			if g.Fixes[j].Time < g.Fixes[j-1].Time {
				t.Fatalf("segment %v not in time order", g.ID)
			}
		}
		n += len(g.Fixes)
	}
	if n != len(fixes) {
		t.Fatalf("batch returned %d of %d fixes", n, len(fixes))
	}
}

func FuzzParseSegmentID(f *testing.F) {
	for _, s := range []string{"235000001-1700000000000", "1--5-3", "0-0", "", "1-2-3-4", "4294967295-9223372036854775807-4294967295"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		id, err := ParseSegmentID(s)
		if err != nil {
			return
		}
		back, err := ParseSegmentID(id.String())
		if err != nil || back != id {
			t.Fatalf("%q → %v → %q → %v, %v", s, id, id.String(), back, err)
		}
	})
}

// replaySeed is one vessel at 2 kn stepping north, back south, north
// again: the third report repeats the first 28 s later, after a different
// one (a stale replay; TestReplaySeed checks it is one).
const replaySeed = "\x00\x02\x01\x08\x00\x00\x10\x10\x00\x01\x05\x00" +
	"\x00\x02\x01\xf8\x00\x00\x10\x10\x00\x01\x05\x00" +
	"\x00\x02\x01\x08\x00\x00\x10\x10\x00\x01\x05\x00"

func FuzzReorderDedupe(f *testing.F) {
	f.Add([]byte("0123456789ab0123456789abzzzzzzzzzzzz"), int64(600000))
	f.Add(make([]byte, 48), int64(0))
	f.Add([]byte(replaySeed), int64(0))
	f.Fuzz(func(t *testing.T, data []byte, window int64) {
		window = window % (3600 * 1000)
		r := NewReorder(window)
		d := NewDedupe(0)
		fixes := fuzzFixes(data)
		var out []Fix
		late := 0
		for i := range fixes {
			var ok bool
			if out, ok = r.Push(out, &fixes[i]); !ok {
				late++
			}
			if i%50 == 0 {
				out = r.Advance(out, fixes[i].Time)
			}
		}
		out = r.Flush(out)
		if len(out)+late != len(fixes) || r.Held() != 0 || int(r.Counts[ReasonTooLate]) != late {
			t.Fatalf("released %d + late %d != %d (held %d)", len(out), late, len(fixes), r.Held())
		}
		prev := map[uint32]int64{}
		for _, f := range out {
			if p, ok := prev[f.MMSI]; ok && f.Time < p {
				t.Fatalf("MMSI %d released out of order", f.MMSI)
			}
			prev[f.MMSI] = f.Time
		}
		checkDedupe(t, d, out)
	})
}

// checkDedupe runs d over fixes and checks that every fix is counted once
// and that every dropped fix repeats the content of a fix kept earlier for
// its MMSI (a stale replay also claims ≥ StaleMinSOGKn).
func checkDedupe(t *testing.T, d *Dedupe, fixes []Fix) {
	type content struct {
		mmsi     uint32
		lat, lon int64
		sog, cog uint32
		heading  int16
		status   uint8
	}
	keyOf := func(f *Fix) content {
		return content{f.MMSI, int64(math.Round(f.Lat * 600000)), int64(math.Round(f.Lon * 600000)),
			math.Float32bits(canonNaN(f.SOG)), math.Float32bits(canonNaN(f.COG)), f.Heading, f.Status}
	}
	seen := map[content]bool{}
	kept := 0
	for i := range fixes {
		f := &fixes[i]
		switch r := d.Check(f); r {
		case ReasonNone:
			seen[keyOf(f)] = true
			kept++
		case ReasonDuplicate, ReasonStaleReplay:
			if !seen[keyOf(f)] {
				t.Fatalf("fix %d dropped as %s repeats no kept fix: %+v", i, r, *f)
			}
			if r == ReasonStaleReplay && !(f.SOG >= StaleMinSOGKn) {
				t.Fatalf("fix %d at %v kn dropped as a stale replay", i, f.SOG)
			}
		default:
			t.Fatalf("Check returned %s", r)
		}
	}
	c := d.Counts
	if uint64(kept) != c[ReasonNone] || c[ReasonNone]+c[ReasonDuplicate]+c[ReasonStaleReplay] != uint64(len(fixes)) {
		t.Fatalf("dedupe counts %v for %d fixes", c, len(fixes))
	}
}

func FuzzIdentityHistory(f *testing.F) {
	f.Add([]byte("\x01A\x02\x03B\x04\x05C\x06"))
	f.Add([]byte("\x00\x00\x00\x00\x00\x00\x00\x00\x00\x10"))
	f.Fuzz(func(t *testing.T, data []byte) {
		h := NewIdentityHistory(7)
		tm := t0
		names := []string{"", "ALPHA", "alpha", "BRAVO@@", " CHARLIE "}
		n := 0
		for len(data) >= 3 {
			d := data[:3]
			data = data[3:]
			tm += int64(int8(d[0])) * 60000
			r := Identity{MMSI: 7, From: tm, To: tm, Name: names[int(d[1])%len(names)],
				IMO: uint32(d[2]%3) * 1000, Draught: float32(d[2]/64) * 0.5,
				Src: SourceRef{Source: 1, Line: uint32(n + 1)}}
			if d[1]&0x80 != 0 {
				r.MMSI = 8 // another MMSI: ignored, counted
			}
			h.Add(&r)
			n++
		}
		ids := h.Identities()
		for i, id := range ids {
			if id.From > id.To || id.MMSI != 7 {
				t.Fatalf("identity %d: %+v", i, id)
			}
			if i > 0 && ids[i-1].To > id.From {
				t.Fatalf("identities %d and %d overlap", i-1, i)
			}
		}
		ch := h.Changes()
		for i := 1; i < len(ids); i++ {
			found := false
			for _, c := range ch {
				if c.Time == ids[i].From && c.Src == ids[i].Src {
					found = true
				}
			}
			if !found {
				t.Fatalf("identity %d starts without a recorded change", i)
			}
		}
		if len(ch) < len(ids)-1 {
			t.Fatalf("%d changes for %d identities", len(ch), len(ids))
		}
	})
}

package store

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// floatHourCell is the grid coordinate as cellOf computes it, in floats.
func floatHourCell(q *qfix) uint64 {
	return uint64(hourOf(q.t))<<16 | uint64(cellOf(float64(q.lat)/1e6, float64(q.lon)/1e6))
}

// TestHourCellMatchesCellOf checks hourCell against cellOf at every whole
// degree and 1e-6° either side of it, at the poles and antimeridian and
// beyond them, and at the extremes of int32.
func TestHourCellMatchesCellOf(t *testing.T) {
	var lats, lons []int32
	for d := int32(-181); d <= 181; d++ {
		for _, e := range []int32{-1, 0, 1, 500000} {
			lats = append(lats, d*1e6+e)
			lons = append(lons, d*1e6+e)
		}
	}
	lats = append(lats, math.MinInt32, math.MaxInt32, -90e6-999999, 90e6+999999)
	lons = append(lons, math.MinInt32, math.MaxInt32, -180e6-999999, 180e6+999999)
	for _, lat := range lats {
		for _, lon := range lons {
			for _, tm := range []int64{0, hourMs - 1, 1694044800000 + 1234567} {
				q := qfix{t: tm, lat: lat, lon: lon}
				if got, want := hourCell(&q), floatHourCell(&q); got != want {
					t.Fatalf("t %d lat %d lon %d: hourCell %#x, cellOf gives %#x", tm, lat, lon, got, want)
				}
			}
		}
	}
}

// FuzzHourCell checks hourCell against cellOf on arbitrary coordinates.
func FuzzHourCell(f *testing.F) {
	f.Add(int64(0), int32(0), int32(0))
	f.Add(int64(1694044800000), int32(-90e6), int32(179999999))
	f.Fuzz(func(t *testing.T, tm int64, lat, lon int32) {
		q := qfix{t: max(tm, 0), lat: lat, lon: lon}
		if got, want := hourCell(&q), floatHourCell(&q); got != want {
			t.Fatalf("t %d lat %d lon %d: hourCell %#x, cellOf gives %#x", q.t, lat, lon, got, want)
		}
	})
}

// TestSortGridPacked checks that writeGrid's packed sort orders and
// compacts grid entries as cmpGrid does, and that it declines hours that
// span 1<<16 or more.
func TestSortGridPacked(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	entries := func(n int, hours uint64) []gridEntry {
		var out []gridEntry
		for range n {
			hc := (400000+r.Uint64N(hours))<<16 | r.Uint64N(64800)
			out = append(out, gridEntry{hc: hc, mmsi: uint32(r.Uint64N(5)) * 0x3fffffff})
			if r.IntN(3) == 0 {
				out = append(out, out[r.IntN(len(out))]) // a repeat
			}
		}
		return out
	}
	s := &Store{}
	for _, tc := range []struct {
		name   string
		n      int
		hours  uint64
		packed bool
	}{
		{"none", 0, 1, true}, {"one hour", 500, 1, true}, {"a day", 3000, 24, true},
		{"widest packed", 3000, 1 << 16, true}, {"too wide", 3000, 1 << 20, false},
	} {
		in := entries(tc.n, tc.hours)
		if tc.name == "widest packed" {
			in = append(in, gridEntry{hc: 400000 << 16}, gridEntry{hc: (400000 + 1<<16 - 1) << 16})
		}
		want := slices.Clone(in)
		slices.SortFunc(want, cmpGrid)
		want = slices.Compact(want)
		s.bw.grid = slices.Clone(in)
		if got := s.sortGridPacked(); got != tc.packed {
			t.Fatalf("%s: packed %v, want %v", tc.name, got, tc.packed)
		}
		if tc.packed && !slices.Equal(s.bw.grid, want) {
			t.Fatalf("%s: %d entries sorted %v..., want %d %v...", tc.name, len(s.bw.grid), s.bw.grid[:min(3, len(s.bw.grid))], len(want), want[:min(3, len(want))])
		}
	}
}

// TestAppendCells checks appendCells against computing every fix's grid
// coordinate, on tracks that wander around hour and degree boundaries
// (and the edges of the grid, and times before 1970).
func TestAppendCells(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	for round := range 300 {
		q := qfix{t: int64(r.IntN(3)) * hourMs, lat: int32(r.IntN(181)-90) * 1e6, lon: int32(r.IntN(361)-180) * 1e6}
		var qs []qfix
		for range 1 + r.IntN(200) {
			// steps that land on hour and degree boundaries often
			q.t += int64(r.IntN(5)-2) * hourMs / 8
			q.lat += int32(r.IntN(9)-4) * 125000
			q.lon += int32(r.IntN(9)-4) * 125000
			if round%7 == 0 && r.IntN(10) == 0 {
				q.lat, q.t = math.MaxInt32-int32(r.IntN(3)), -q.t // off the grid, before 1970
			}
			qs = append(qs, q)
		}
		var want []uint64
		for i := range qs {
			if hc := hourCell(&qs[i]); len(want) == 0 || hc != want[len(want)-1] {
				want = append(want, hc)
			}
		}
		if got := appendCells(nil, qs); !slices.Equal(got, want) {
			t.Fatalf("round %d: %d coordinates %x..., want %d %x...", round, len(got), got[:min(4, len(got))], len(want), want[:min(4, len(want))])
		}
	}
}

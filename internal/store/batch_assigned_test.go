package store

import (
	"errors"
	"math"
	"slices"
	"testing"

	"github.com/lookout-osint/lookout/internal/track"
)

// TestAddAssignedAsAddFix checks that AddAssigned adds what AddFix of each
// fix with SegKey of its segment adds, and stops at an invalid fix with
// the fixes before it added.
func TestAddAssignedAsAddFix(t *testing.T) {
	ok := func(i int) track.Assigned {
		return track.Assigned{
			Fix: track.Fix{MMSI: uint32(211000000 + i%3), Time: int64(1e12) + int64(i)*61e3, Lat: 54 + float64(i)/1e3, Lon: 10.5,
				SOG: 12.3, COG: 181.4, Heading: int16(i % 400), Src: track.SourceRef{Source: 1, Line: uint32(i + 2)}},
			Seg: track.SegmentID{MMSI: uint32(211000000 + i%3), Seq: uint32(i % 2), Start: int64(1e12) + int64(i%5)*1e3},
		}
	}
	bad := track.Assigned{Fix: track.Fix{MMSI: 1, Lat: 91, Lon: 181}}
	tests := []struct {
		name     string
		pre, add int  // fixes already in the batch, fixes given
		badAt    int  // index of an invalid fix among those given, or -1
		grow     bool // Grow the batch first
	}{
		{"empty", 0, 0, -1, false},
		{"one", 0, 1, -1, false},
		{"many after some", 7, 300, -1, false},
		{"grown", 3, 100, -1, true},
		{"invalid first", 2, 10, 0, false},
		{"invalid in the middle", 2, 10, 6, true},
		{"invalid last", 0, 10, 9, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, want := NewBatch(), NewBatch()
			if tc.grow {
				got.Grow(tc.pre+tc.add, 0)
			}
			for i := range tc.pre {
				a := ok(1000 + i)
				if err := got.AddFix(SegKey(a.Seg), &a.Fix); err != nil {
					t.Fatal(err)
				}
				if err := want.AddFix(SegKey(a.Seg), &a.Fix); err != nil {
					t.Fatal(err)
				}
			}
			in := make([]track.Assigned, tc.add)
			for i := range in {
				in[i] = ok(i)
			}
			if tc.badAt >= 0 {
				in[tc.badAt] = bad
			}
			var wantErr error
			for i := range in {
				if wantErr = want.AddFix(SegKey(in[i].Seg), &in[i].Fix); wantErr != nil {
					break
				}
			}
			err := got.AddAssigned(in)
			if (err == nil) != (wantErr == nil) || err != nil && !errors.Is(err, ErrInvalidFix) {
				t.Fatalf("error %v; AddFix gave %v", err, wantErr)
			}
			if !slices.Equal(got.fixes, want.fixes) {
				t.Fatalf("AddAssigned added %d fixes %+v; AddFix %d %+v", len(got.fixes), got.fixes, len(want.fixes), want.fixes)
			}
		})
	}
}

// TestSegKey checks the segment key orders one vessel's segments by start
// and keeps the low 16 bits of the sequence number.
func TestSegKey(t *testing.T) {
	a := SegKey(track.SegmentID{Seq: 0xffff, Start: 1000})
	b := SegKey(track.SegmentID{Seq: 0, Start: 1001})
	if a >= b {
		t.Errorf("SegKey of start 1000 seq 0xffff = %#x, not below start 1001 seq 0 = %#x", a, b)
	}
	if got, want := SegKey(track.SegmentID{Seq: 0x10003, Start: 2}), uint64(2)<<16|3; got != want {
		t.Errorf("SegKey(seq 0x10003, start 2) = %#x; want %#x", got, want)
	}
	if got := SegKey(track.SegmentID{Start: math.MaxInt64 >> 16}); got>>16 != math.MaxInt64>>16 {
		t.Errorf("SegKey lost start bits: %#x", got)
	}
}

// TestSegmentIDOf checks that SegmentIDOf reverses SegKey.
func TestSegmentIDOf(t *testing.T) {
	for _, id := range []track.SegmentID{
		{MMSI: 273990001, Start: 1694044800000, Seq: 0},
		{MMSI: 1, Start: 0, Seq: 0xffff},
		{MMSI: 999999999, Start: math.MaxInt64 >> 16, Seq: 7},
	} {
		if got := SegmentIDOf(id.MMSI, SegKey(id)); got != id {
			t.Errorf("SegmentIDOf(SegKey(%+v)) = %+v", id, got)
		}
	}
}

// TestSortBatchKeepsCapacity checks that sorting a batch leaves it the
// room Grow made, and that a reused batch sorts in the index memory of its
// first, largest round, so that it does not grow again.
func TestSortBatchKeepsCapacity(t *testing.T) {
	b := NewBatch()
	b.Grow(5000, 0)
	room := cap(b.fixes)
	var perm *int32
	for round := range 3 {
		for i := range 210 - round*100 {
			f := track.Fix{MMSI: uint32(1 + i%4), Time: int64(1e12) - int64(i)*1e3, Lat: 1, Lon: 2}
			if err := b.AddFix(uint64(i%3), &f); err != nil {
				t.Fatal(err)
			}
		}
		sortBatch(b)
		if cap(b.fixes) < room {
			t.Fatalf("round %d: capacity %d after sortBatch; want at least %d", round, cap(b.fixes), room)
		}
		if p := &b.grp.perm[0]; round == 0 {
			perm = p
		} else if p != perm {
			t.Fatalf("round %d: sortBatch made new index memory; want the first round's reused", round)
		}
		b.Reset()
	}
}

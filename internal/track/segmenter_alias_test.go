package track

import (
	"slices"
	"testing"
)

// TestAddFixInDstSpareRoom feeds Segmenter.Add a fix that lives in the
// spare capacity of the dst it is given: Add must decide as if the fix had
// been passed from elsewhere, although closing the vessel's idle segment
// appends decisions over that memory first.
func TestAddFixInDstSpareRoom(t *testing.T) {
	t0 := int64(1.6e12)
	feed := func(alias bool) []Assigned {
		s, err := NewSegmenter(DefaultSegmenterConfig())
		if err != nil {
			t.Fatal(err)
		}
		var all []Assigned
		buf := make([]Assigned, 0, 16)
		for i := range 3 {
			f := Fix{MMSI: 211000000, Time: t0 + int64(i)*10000, Lat: 55, Lon: 10 + float64(i)*0.0005,
				SOG: 10, COG: 90, Heading: -1, Src: SourceRef{Source: 1, Line: uint32(i + 1)}}
			buf = s.Add(buf[:0], &f)
			all = append(all, buf...)
		}
		// 48 h later: the open segment is closed before the fix is placed.
		late := Fix{MMSI: 211000000, Time: t0 + 48*3600000, Lat: 56, Lon: 11, Heading: -1,
			Src: SourceRef{Source: 1, Line: 99}}
		f := &late
		if alias {
			room := buf[:cap(buf)]
			room[0].Fix = late
			f = &room[0].Fix
		}
		buf = s.Add(buf[:0], f)
		all = append(all, buf...)
		return append(all, s.Flush(nil)...)
	}
	want, got := feed(false), feed(true)
	if !slices.Equal(got, want) {
		t.Fatalf("fix in dst's spare room:\n got %+v\nwant %+v", got, want)
	}
	var lines []uint32
	for _, a := range want {
		lines = append(lines, a.Fix.Src.Line)
	}
	if !slices.Equal(lines, []uint32{1, 2, 3, 99}) {
		t.Fatalf("decided lines %v, want 1 2 3 99 once each", lines)
	}
}

package places

import (
	"testing"

	"github.com/lookout-osint/lookout/internal/geo"
)

func TestClipRingToBox(t *testing.T) {
	sq := []geo.Point{{Lat: 0, Lon: 0}, {Lat: 0, Lon: 10}, {Lat: 10, Lon: 10}, {Lat: 10, Lon: 0}, {Lat: 0, Lon: 0}}
	got := clipRing(sq, geo.BBox{MinLat: 5, MinLon: 5, MaxLat: 20, MaxLon: 20})
	b := geo.EmptyBBox
	for _, p := range got {
		b = b.Extend(p)
	}
	if b != (geo.BBox{MinLat: 5, MinLon: 5, MaxLat: 10, MaxLon: 10}) {
		t.Fatalf("clipped bbox %+v from %v", b, got)
	}
	if clipRing(sq, geo.BBox{MinLat: 20, MinLon: 20, MaxLat: 30, MaxLon: 30}) != nil {
		t.Fatal("a ring outside the box should clip to nothing")
	}
}

func TestRingsInEmbeddedLand(t *testing.T) {
	land, err := DefaultLand()
	if err != nil {
		t.Fatal(err)
	}
	box := geo.BBox{MinLat: 41.5, MinLon: 129.5, MaxLat: 43.5, MaxLon: 133.5} // Korea–Russia coast
	rings := land.RingsIn(box)
	if len(rings) == 0 {
		t.Fatal("no land near Najin")
	}
	for _, r := range rings {
		for _, p := range r {
			if !box.Contains(p) {
				t.Fatalf("point %v outside the box", p)
			}
		}
	}
}

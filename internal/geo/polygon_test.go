package geo

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"
)

func mustPolygon(t *testing.T, outer []Point, holes ...[]Point) Polygon {
	t.Helper()
	pg, err := NewPolygon(outer, holes...)
	if err != nil {
		t.Fatal(err)
	}
	return pg
}

func TestPolygonContains(t *testing.T) {
	square := []Point{{Lat: 0, Lon: 0}, {Lat: 0, Lon: 10}, {Lat: 10, Lon: 10}, {Lat: 10, Lon: 0}, {Lat: 0, Lon: 0}}
	hole := []Point{{Lat: 4, Lon: 4}, {Lat: 6, Lon: 4}, {Lat: 6, Lon: 6}, {Lat: 4, Lon: 6}} // open ring, other winding
	withHole := mustPolygon(t, square, hole)
	across := mustPolygon(t, []Point{{Lat: -17, Lon: 179}, {Lat: -17, Lon: -179}, {Lat: -16, Lon: -179}, {Lat: -16, Lon: 179}})
	tests := []struct {
		name string
		pg   Polygon
		p    Point
		want bool
	}{
		{"inside", withHole, Point{Lat: 2, Lon: 2}, true},
		{"in the hole", withHole, Point{Lat: 5, Lon: 5}, false},
		{"outside", withHole, Point{Lat: 11, Lon: 5}, false},
		{"outside west", withHole, Point{Lat: 5, Lon: -1}, false},
		{"across 180, east side", across, Point{Lat: -16.5, Lon: 179.5}, true},
		{"across 180, west side", across, Point{Lat: -16.5, Lon: -179.5}, true},
		{"across 180, at 180", across, Point{Lat: -16.5, Lon: 180}, true},
		{"across 180, outside", across, Point{Lat: -16.5, Lon: 178.5}, false},
		{"across 180, far outside", across, Point{Lat: -16.5, Lon: 0}, false},
	}
	for _, tt := range tests {
		if got := tt.pg.Contains(tt.p); got != tt.want {
			t.Errorf("%s: Contains(%v) = %v; want %v", tt.name, tt.p, got, tt.want)
		}
	}
	if b := across.Bounds(); b.MinLon != 179 || b.MaxLon != -179 || !b.Contains(Point{Lat: -16.5, Lon: 180}) {
		t.Errorf("Bounds across 180 = %+v", b)
	}
	mp := MultiPolygon{withHole, across}
	if !mp.Contains(Point{Lat: 2, Lon: 2}) || !mp.Contains(Point{Lat: -16.5, Lon: -179.5}) || mp.Contains(Point{Lat: 5, Lon: 5}) {
		t.Errorf("MultiPolygon.Contains wrong")
	}
}

func TestNewPolygonErrors(t *testing.T) {
	for _, r := range [][]Point{
		nil,
		{{Lat: 0, Lon: 0}, {Lat: 1, Lon: 1}, {Lat: 0, Lon: 0}},
		{{Lat: 0, Lon: 0}, {Lat: 1, Lon: 1}, {Lat: 1, Lon: 1}, {Lat: 0, Lon: 0}},
		{{Lat: 0, Lon: 0}, {Lat: 95, Lon: 1}, {Lat: 1, Lon: 2}},
	} {
		if _, err := NewPolygon(r); !errors.Is(err, ErrBadPolygon) {
			t.Errorf("NewPolygon(%v) error %v; want ErrBadPolygon", r, err)
		}
	}
}

func TestCircle(t *testing.T) {
	c := Circle{Center: Point{Lat: 42.233333, Lon: 130.3}, RadiusM: 2000}
	if !c.Contains(Destination(c.Center, 77, 1999)) || c.Contains(Destination(c.Center, 77, 2001)) {
		t.Errorf("Circle.Contains at the boundary wrong")
	}
	rng := rand.New(rand.NewPCG(3, 4))
	for _, cc := range []Circle{c, {Center: Point{Lat: 0, Lon: 179.99}, RadiusM: 50e3}, {Center: Point{Lat: 89.5, Lon: 0}, RadiusM: 100e3}} {
		b := cc.Bounds()
		for i := 0; i < 200; i++ {
			p := Destination(cc.Center, rng.Float64()*360, rng.Float64()*cc.RadiusM)
			if !b.Contains(p) {
				t.Errorf("%+v: Bounds %+v misses %v", cc, b, p)
			}
		}
	}
}

func TestDistancePointSegmentM(t *testing.T) {
	a, b := Point{Lat: 0, Lon: 0}, Point{Lat: 0, Lon: 1}
	tests := []struct {
		name string
		p    Point
		want float64
	}{
		{"above the middle", Point{Lat: 0.5, Lon: 0.5}, DistanceHaversineM(Point{Lat: 0, Lon: 0}, Point{Lat: 0.5, Lon: 0})},
		{"beyond b", Point{Lat: 0, Lon: 2}, DistanceHaversineM(b, Point{Lat: 0, Lon: 2})},
		{"before a", Point{Lat: 0.1, Lon: -1}, DistanceHaversineM(a, Point{Lat: 0.1, Lon: -1})},
		{"on the segment", Point{Lat: 0, Lon: 0.3}, 0},
	}
	for _, tt := range tests {
		if got := DistancePointSegmentM(tt.p, a, b); math.Abs(got-tt.want) > 0.01 {
			t.Errorf("%s: got %.3f m; want %.3f m", tt.name, got, tt.want)
		}
	}
	// Against dense sampling of the great-circle arc.
	rng := rand.New(rand.NewPCG(5, 6))
	for i := 0; i < 200; i++ {
		a := Point{Lat: rng.Float64()*160 - 80, Lon: rng.Float64()*360 - 180}
		b := Destination(a, rng.Float64()*360, rng.Float64()*200e3)
		p := Destination(a, rng.Float64()*360, rng.Float64()*300e3)
		best := math.Inf(1)
		brg, l := BearingDeg(a, b), DistanceHaversineM(a, b)
		for k := 0; k <= 2000; k++ {
			best = math.Min(best, DistanceHaversineM(p, Destination(a, brg, l*float64(k)/2000)))
		}
		if got := DistancePointSegmentM(p, a, b); got > best+0.01 || got < best-l/2000 {
			t.Fatalf("%v to %v–%v: got %.2f m; sampled %.2f m", p, a, b, got, best)
		}
	}
}

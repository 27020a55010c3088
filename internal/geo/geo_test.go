package geo

import (
	"math"
	"testing"
)

func TestDistanceHaversineM(t *testing.T) {
	tests := []struct {
		name string
		a, b Point
		want float64 // metres
		tol  float64
	}{
		{"same point", Point{42.24, 130.3}, Point{42.24, 130.3}, 0, 1e-9},
		{"one degree of latitude", Point{0, 0}, Point{1, 0}, 111195.08, 0.1},
		{"one minute of arc is about one nm", Point{10, 20}, Point{10 + 1.0/60, 20}, 1853.25, 0.1},
		{"across the antimeridian", Point{0, 179.5}, Point{0, -179.5}, 111195.08, 0.1},
	}
	for _, tt := range tests {
		got := DistanceHaversineM(tt.a, tt.b)
		if math.Abs(got-tt.want) > tt.tol {
			t.Errorf("%s: got %.2f m; want %.2f m", tt.name, got, tt.want)
		}
	}
}

func TestBearingAndDestinationRoundTrip(t *testing.T) {
	start := Point{42.24, 130.3}
	for _, brg := range []float64{0, 45, 90, 180, 270, 359} {
		end := Destination(start, brg, 50000)
		if d := DistanceHaversineM(start, end); math.Abs(d-50000) > 0.5 {
			t.Errorf("bearing %v: distance got %.2f; want 50000", brg, d)
		}
		got := BearingDeg(start, end)
		diff := math.Abs(got - brg)
		if diff > 180 {
			diff = 360 - diff
		}
		if diff > 1e-6 {
			t.Errorf("bearing got %.6f; want %.6f", got, brg)
		}
	}
}

func TestPointValid(t *testing.T) {
	for _, p := range []Point{{91, 0}, {0, 181}, {math.NaN(), 0}, {-90.5, 3}} {
		if p.Valid() {
			t.Errorf("%v: valid; want invalid", p)
		}
	}
	if !(Point{-90, -180}).Valid() {
		t.Error("poles/antimeridian edge should be valid")
	}
}

func TestBBoxAntimeridian(t *testing.T) {
	b := BBox{MinLat: -10, MinLon: 170, MaxLat: 10, MaxLon: -170}
	if !b.Contains(Point{0, 179}) || !b.Contains(Point{0, -175}) || b.Contains(Point{0, 0}) {
		t.Error("antimeridian box containment wrong")
	}
	e := EmptyBBox.Extend(Point{1, 2}).Extend(Point{-1, 5})
	if e != (BBox{-1, 2, 1, 5}) {
		t.Errorf("Extend: got %+v", e)
	}
}

func TestInterpolateShortWay(t *testing.T) {
	p := Interpolate(Point{0, 179}, Point{0, -179}, 0.5)
	if math.Abs(math.Abs(p.Lon)-180) > 1e-9 {
		t.Errorf("got lon %v; want ±180", p.Lon)
	}
}

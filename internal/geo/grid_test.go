package geo

import (
	"math"
	"math/rand/v2"
	"testing"
)

func TestPointIndexMatchesScan(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	pts := make([]Point, 3000)
	for i := range pts {
		pts[i] = Point{Lat: rng.Float64()*180 - 90, Lon: rng.Float64()*360 - 180}
	}
	pts = append(pts, Point{Lat: 0, Lon: 180}, Point{Lat: 0, Lon: -180}, Point{Lat: 90, Lon: 0}, Point{Lat: 91, Lon: 0})
	x := NewPointIndex(pts, 0.5)
	queries := []Point{{Lat: 0, Lon: 179.999}, {Lat: 89.99, Lon: 45}, {Lat: -89.99, Lon: 0}, {Lat: 45, Lon: -180}}
	for i := 0; i < 300; i++ {
		queries = append(queries, Point{Lat: rng.Float64()*180 - 90, Lon: rng.Float64()*360 - 180})
	}
	for _, q := range queries {
		for _, r := range []float64{1e3, 50e3, 500e3, 3000e3} {
			got := map[int]bool{}
			x.Within(q, r, func(i int, d float64) { got[i] = true })
			for i, p := range pts {
				if p.Valid() && DistanceHaversineM(q, p) <= r && !got[i] {
					t.Fatalf("Within(%v, %.0f) missed point %d %v", q, r, i, p)
				}
			}
			for i := range got {
				if DistanceHaversineM(q, pts[i]) > r {
					t.Fatalf("Within(%v, %.0f) returned far point %d", q, r, i)
				}
			}
		}
		i, d := x.Nearest(q, math.Inf(1))
		best, bestD := -1, math.Inf(1)
		for j, p := range pts {
			if dd := DistanceHaversineM(q, p); p.Valid() && dd < bestD {
				best, bestD = j, dd
			}
		}
		if i != best || d != bestD {
			t.Fatalf("Nearest(%v) = %d at %.0f; scan %d at %.0f", q, i, d, best, bestD)
		}
	}
	if i, _ := NewPointIndex(nil, 1).Nearest(Point{}, math.Inf(1)); i != -1 {
		t.Errorf("empty index Nearest = %d", i)
	}
}

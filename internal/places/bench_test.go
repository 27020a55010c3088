package places

import (
	"bytes"
	"math/rand/v2"
	"testing"

	"github.com/lookout-osint/lookout/internal/geo"
)

// benchPoints returns n points: half uniform over the globe's seas and
// lands, half within about 30 km of WPI ports (where AIS traffic is).
func benchPoints(b *testing.B, n int) []geo.Point {
	g, err := DefaultPorts()
	if err != nil {
		b.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	pts := make([]geo.Point, n)
	for i := range pts {
		if i%2 == 0 {
			pts[i] = geo.Point{Lat: rng.Float64()*160 - 80, Lon: rng.Float64()*360 - 180}
			continue
		}
		port := g.Ports()[rng.IntN(g.Len())]
		pts[i] = geo.Destination(port.Point(), rng.Float64()*360, rng.Float64()*30e3)
	}
	return pts
}

func BenchmarkIsLand(b *testing.B) {
	m := testLand(b)
	pts := benchPoints(b, 1<<16)
	b.ReportAllocs()
	b.ResetTimer()
	n := 0
	for i := 0; i < b.N; i++ {
		if m.IsLand(pts[i&(len(pts)-1)]) {
			n++
		}
	}
	_ = n
}

func BenchmarkDistanceToShoreM(b *testing.B) {
	m := testLand(b)
	pts := benchPoints(b, 1<<16)
	b.ReportAllocs()
	b.ResetTimer()
	s := 0.0
	for i := 0; i < b.N; i++ {
		s += m.DistanceToShoreM(pts[i&(len(pts)-1)])
	}
	_ = s
}

func BenchmarkDistanceToShoreMNearPorts(b *testing.B) {
	m := testLand(b)
	pts := benchPoints(b, 1<<17)
	near := pts[:0:0]
	for i := 1; i < len(pts); i += 2 {
		near = append(near, pts[i])
	}
	b.ReportAllocs()
	b.ResetTimer()
	s := 0.0
	for i := 0; i < b.N; i++ {
		s += m.DistanceToShoreM(near[i&(len(near)-1)])
	}
	_ = s
}

func BenchmarkIsInland1km(b *testing.B) {
	m := testLand(b)
	pts := benchPoints(b, 1<<16)
	b.ReportAllocs()
	b.ResetTimer()
	n := 0
	for i := 0; i < b.N; i++ {
		if m.IsInland(pts[i&(len(pts)-1)], 1000) {
			n++
		}
	}
	_ = n
}

func BenchmarkNearestWithin3km(b *testing.B) {
	g, _ := DefaultPorts()
	pts := benchPoints(b, 1<<16)
	b.ReportAllocs()
	b.ResetTimer()
	n := 0
	for i := 0; i < b.N; i++ {
		if _, _, ok := g.NearestWithin(pts[i&(len(pts)-1)], 3e3); ok {
			n++
		}
	}
	_ = n
}

func BenchmarkDecodeEmbeddedLand(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := DecodeLandMask(bytes.NewReader(embeddedLand), "bench"); err != nil {
			b.Fatal(err)
		}
	}
}

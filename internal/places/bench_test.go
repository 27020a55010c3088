package places

import (
	"bytes"
	"math/rand/v2"
	"syscall"
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
	ct := startCPU(b)
	n := 0
	for i := 0; i < b.N; i++ {
		if m.IsLand(pts[i&(len(pts)-1)]) {
			n++
		}
	}
	ct.stop(b)
	_ = n
}

func BenchmarkDistanceToShoreM(b *testing.B) {
	m := testLand(b)
	pts := benchPoints(b, 1<<16)
	ct := startCPU(b)
	s := 0.0
	for i := 0; i < b.N; i++ {
		s += m.DistanceToShoreM(pts[i&(len(pts)-1)])
	}
	ct.stop(b)
	_ = s
}

func BenchmarkDistanceToShoreMNearPorts(b *testing.B) {
	m := testLand(b)
	pts := benchPoints(b, 1<<17)
	near := pts[:0:0]
	for i := 1; i < len(pts); i += 2 {
		near = append(near, pts[i])
	}
	ct := startCPU(b)
	s := 0.0
	for i := 0; i < b.N; i++ {
		s += m.DistanceToShoreM(near[i&(len(near)-1)])
	}
	ct.stop(b)
	_ = s
}

func BenchmarkIsInland1km(b *testing.B) {
	m := testLand(b)
	pts := benchPoints(b, 1<<16)
	ct := startCPU(b)
	n := 0
	for i := 0; i < b.N; i++ {
		if m.IsInland(pts[i&(len(pts)-1)], 1000) {
			n++
		}
	}
	ct.stop(b)
	_ = n
}

func BenchmarkNearestWithin3km(b *testing.B) {
	g, _ := DefaultPorts()
	pts := benchPoints(b, 1<<16)
	ct := startCPU(b)
	n := 0
	for i := 0; i < b.N; i++ {
		if _, _, ok := g.NearestWithin(pts[i&(len(pts)-1)], 3e3); ok {
			n++
		}
	}
	ct.stop(b)
	_ = n
}

func BenchmarkDecodeEmbeddedLand(b *testing.B) {
	ct := startCPU(b)
	for i := 0; i < b.N; i++ {
		if _, err := DecodeLandMask(bytes.NewReader(embeddedLand), "bench"); err != nil {
			b.Fatal(err)
		}
	}
	ct.stop(b)
}

// cpuTimer reports CPU time per operation ("cpu-ns/op") besides wall time:
// on a shared, loaded machine wall time per op overstates the cost.
type cpuTimer struct{ start int64 }

func cpuNow() int64 {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return ru.Utime.Nano() + ru.Stime.Nano()
}

func startCPU(b *testing.B) cpuTimer {
	b.ReportAllocs()
	b.ResetTimer()
	return cpuTimer{cpuNow()}
}

func (c cpuTimer) stop(b *testing.B) {
	b.ReportMetric(float64(cpuNow()-c.start)/float64(b.N), "cpu-ns/op")
}

// trackPoints returns n points along simulated vessel tracks: 64 tracks of
// n/64 fixes leaving random WPI ports on a random course at about 12 kn
// with a fix every 30 s (185 m apart), the access pattern of real AIS data.
func trackPoints(b *testing.B, n int) []geo.Point {
	g, err := DefaultPorts()
	if err != nil {
		b.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(3, 4))
	pts := make([]geo.Point, 0, n)
	per := n / 64
	for len(pts) < n {
		p := g.Ports()[rng.IntN(g.Len())].Point()
		course := rng.Float64() * 360
		for i := 0; i < per && len(pts) < n; i++ {
			course += rng.NormFloat64() * 3
			p = geo.Destination(p, course, 185)
			pts = append(pts, p)
		}
	}
	return pts
}

func BenchmarkDistanceToShoreMTrack(b *testing.B) {
	m := testLand(b)
	pts := trackPoints(b, 1<<16)
	ct := startCPU(b)
	s := 0.0
	for i := 0; i < b.N; i++ {
		s += m.DistanceToShoreM(pts[i&(len(pts)-1)])
	}
	ct.stop(b)
	_ = s
}

func BenchmarkIsLandTrack(b *testing.B) {
	m := testLand(b)
	pts := trackPoints(b, 1<<16)
	ct := startCPU(b)
	n := 0
	for i := 0; i < b.N; i++ {
		if m.IsLand(pts[i&(len(pts)-1)]) {
			n++
		}
	}
	ct.stop(b)
	_ = n
}

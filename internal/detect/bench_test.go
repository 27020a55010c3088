package detect

import (
	"fmt"
	"math"
	"math/rand"
	"syscall"
	"testing"
	"time"

	"github.com/lookout-osint/lookout/internal/geo"
	"github.com/lookout-osint/lookout/internal/places"
	"github.com/lookout-osint/lookout/internal/track"
)

// simulatedFleet builds a simulated fleet for benchmarks: vessels sailing
// at 8–14 kn between random ports of a 10°×10° sea (a fix a minute), staying
// 6–30 h in port (a fix every 3 minutes), and going dark for 8 h on one
// voyage in ten. The same seed gives the same fleet.
func simulatedFleet(vessels, days int, seed int64, origin geo.Point) ([]Vessel, []Anchor) {
	rng := rand.New(rand.NewSource(seed))
	ports := make([]Anchor, 60)
	for i := range ports {
		ports[i] = Anchor{Ref: PortRef{WPI: 1000 + i, Name: fmt.Sprintf("Sim %d", i)},
			Point: geo.Point{Lat: origin.Lat + rng.Float64()*10, Lon: origin.Lon + rng.Float64()*10}}
	}
	end := t0 + int64(days)*86400000
	out := make([]Vessel, vessels)
	for v := range out {
		mmsi := uint32(200000000 + v)
		b := newBuilder(mmsi, t0+rng.Int63n(3600000), ports[rng.Intn(len(ports))].Point)
		b.fixes = make([]track.Fix, 0, days*1500)
		for b.t < end {
			b.stay(hoursDur(6+rng.Float64()*24), 3, 0)
			to := ports[rng.Intn(len(ports))].Point
			if rng.Intn(10) == 0 {
				mid := geo.Interpolate(b.p, to, 0.5)
				b.sail(mid, 8+rng.Float64()*6, 1).silent(hoursDur(8), geo.Interpolate(b.p, to, 0.7))
			}
			b.sail(to, 8+rng.Float64()*6, 1)
		}
		for len(b.fixes) > 0 && b.fixes[len(b.fixes)-1].Time > end {
			b.fixes = b.fixes[:len(b.fixes)-1]
		}
		out[v] = vessel(mmsi, b)
	}
	return out, ports
}

func hoursDur(h float64) time.Duration { return time.Duration(h * 3600e9) }

// BenchmarkRun runs every detector over a simulated fleet of 100 vessels
// for 1, 4 and 16 days: the cost per fix should stay flat.
func BenchmarkRun(b *testing.B) {
	benchRun(b, geo.Point{Lat: 10, Lon: 1}, func([]Anchor) Env { return Env{Shore: halfPlaneShore{}} })
}

// BenchmarkRunRealPlaces is BenchmarkRun with the embedded World Port
// Index (3,600+ ports) and Natural Earth land mask, the fleet sailing across
// the Sea of Japan and its coasts.
func BenchmarkRunRealPlaces(b *testing.B) {
	ps, err := places.Default()
	if err != nil {
		b.Skip(err)
	}
	benchRun(b, geo.Point{Lat: 35, Lon: 128}, func(sim []Anchor) Env {
		return Env{Shore: ps.Land, Anchors: append(PortAnchors(ps.Ports), sim...)}
	})
}

func benchRun(b *testing.B, origin geo.Point, mkEnv func([]Anchor) Env) {
	for _, days := range []int{1, 4, 16} {
		vs, ports := simulatedFleet(100, days, 1, origin)
		n := 0
		for i := range vs {
			n += vs[i].NumFixes()
		}
		env := mkEnv(ports)
		if env.Anchors == nil {
			env.Anchors = ports
		}
		env.Computed = t0
		env.Watched = []WatchedPort{{Ref: ports[0].Ref, Point: ports[0].Point}}
		cfg := DefaultConfig()
		b.Run(fmt.Sprintf("days=%d/fixes=%d", days, n), func(b *testing.B) {
			b.ReportAllocs()
			events := 0
			cpu0 := cpuSeconds()
			for i := 0; i < b.N; i++ {
				evs, err := Run(cfg, env, vs)
				if err != nil {
					b.Fatal(err)
				}
				events = len(evs)
			}
			cpu := cpuSeconds() - cpu0
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "fixes/s")
			b.ReportMetric(float64(n)*float64(b.N)/cpu, "fixes/cpu-s")
			b.ReportMetric(float64(events), "events")
			b.ReportMetric(0, "ns/op")
		})
	}
}

// cpuSeconds returns the CPU time this process has used (user + system),
// so that the rate is per core even on a shared, overloaded machine.
func cpuSeconds() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return math.NaN()
	}
	return float64(ru.Utime.Nano()+ru.Stime.Nano()) / 1e9
}

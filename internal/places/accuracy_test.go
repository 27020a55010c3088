package places

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/lookout-osint/lookout/internal/geo"
)

// bruteIsLand is the even-odd test over every ring of m, without the grid.
func bruteIsLand(m *LandMask, p geo.Point) bool {
	in := false
	start := int32(0)
	for _, end := range m.ringEnds {
		if geo.RingCrossingsOdd(m.verts[start:end], p) {
			in = !in
		}
		start = end
	}
	return in
}

// bruteShoreM is the exact great-circle distance from p to the nearest
// coastline edge of m, scanning every edge (those farther in latitude alone
// than hint are skipped).
func bruteShoreM(m *LandMask, p geo.Point, hint float64) float64 {
	best := math.Inf(1)
	lim := hint/metresPerDeg + 1e-3
	m.forEachSeg(func(id int32, a, b geo.Point) {
		if !m.isCoast(id) || math.Min(a.Lat, b.Lat)-p.Lat > lim || p.Lat-math.Max(a.Lat, b.Lat) > lim {
			return
		}
		best = math.Min(best, geo.DistancePointSegmentM(p, a, b))
	})
	return best
}

// samplePoints mixes uniform points, points near ports and points within
// 5 km of a coastline vertex.
func samplePoints(t testing.TB, m *LandMask, n int, seed uint64) []geo.Point {
	g, err := DefaultPorts()
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(seed, 7))
	pts := make([]geo.Point, 0, n)
	for i := 0; i < n; i++ {
		switch i % 3 {
		case 0:
			pts = append(pts, geo.Point{Lat: math.Asin(rng.Float64()*2-1) * 180 / math.Pi, Lon: rng.Float64()*360 - 180})
		case 1:
			port := g.Ports()[rng.IntN(g.Len())]
			pts = append(pts, geo.Destination(port.Point(), rng.Float64()*360, rng.Float64()*30e3))
		default:
			v := m.verts[rng.IntN(len(m.verts))]
			pts = append(pts, geo.Destination(v, rng.Float64()*360, rng.Float64()*5e3))
		}
	}
	return pts
}

func TestIsLandMatchesBruteForce(t *testing.T) {
	if testing.Short() {
		t.Skip("slow: brute force over 445,000 edges per point")
	}
	m := testLand(t)
	pts := samplePoints(t, m, 900, 1)
	bad := 0
	for _, p := range pts {
		if got, want := m.IsLand(p), bruteIsLand(m, p); got != want {
			bad++
			t.Errorf("IsLand(%v) = %v; brute force %v", p, got, want)
		}
	}
	t.Logf("IsLand: %d of %d sample points disagree with the brute-force even-odd test", bad, len(pts))
}

// TestDistanceToShoreAccuracy measures DistanceToShoreM against the exact
// great-circle distance to every coastline edge. Within ExactShoreBandM it
// must agree to 0.5% + 25 m (edges are straight in lat/lon for IsLand and
// the search, great-circle arcs for the exact distance); beyond
// it, it must never be below the truth, and within 1% of it up to
// RefinedShoreLimitM, 8% past that.
func TestDistanceToShoreAccuracy(t *testing.T) {
	if testing.Short() {
		t.Skip("slow: brute force over 445,000 edges per point")
	}
	m := testLand(t)
	pts := samplePoints(t, m, 900, 2)
	var nearErr, farErr []float64
	for _, p := range pts {
		got := m.DistanceToShoreM(p)
		want := bruteShoreM(m, p, got+1)
		diff := got - want
		if want <= ExactShoreBandM {
			nearErr = append(nearErr, math.Abs(diff))
			if math.Abs(diff) > 0.005*want+25 {
				t.Errorf("%v: DistanceToShoreM = %.0f m; exact %.0f m", p, got, want)
			}
			continue
		}
		farErr = append(farErr, diff/want)
		tol := 0.01 * want // edges ranked on a local projection
		if want > RefinedShoreLimitM {
			tol = 0.08 * want // the shore grid's nearest edges only
		}
		if diff < -1 || diff > tol {
			t.Errorf("%v: DistanceToShoreM = %.0f m; exact %.0f m (beyond the exact band)", p, got, want)
		}
	}
	slices.Sort(nearErr)
	slices.Sort(farErr)
	t.Logf("within %.0f km: %d points, abs error p50 %.2f m, p99 %.2f m, max %.2f m", ExactShoreBandM/1e3,
		len(nearErr), pct(nearErr, 50), pct(nearErr, 99), pct(nearErr, 100))
	t.Logf("beyond: %d points, relative error p50 %.5f, p99 %.5f, max %.5f", len(farErr), pct(farErr, 50), pct(farErr, 99), pct(farErr, 100))
}

func pct(xs []float64, p float64) float64 {
	if len(xs) == 0 {
		return math.NaN()
	}
	return xs[min(int(float64(len(xs))*p/100), len(xs)-1)]
}

// TestIsInlandConsistent checks IsInland, which stops its search at the
// tolerance, against IsLand and the full DistanceToShoreM.
func TestIsInlandConsistent(t *testing.T) {
	m := testLand(t)
	for _, p := range samplePoints(t, m, 3000, 3) {
		d := m.DistanceToShoreM(p)
		for _, tol := range []float64{100, 1000, 5000, 20000} {
			if math.Abs(d-tol) < 1 {
				continue
			}
			if got, want := m.IsInland(p, tol), m.IsLand(p) && d > tol; got != want {
				t.Errorf("%v: IsInland(%.0f) = %v; IsLand %v, distance %.0f m", p, tol, got, m.IsLand(p), d)
			}
		}
	}
}

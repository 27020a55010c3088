package surge

import (
	"math"
	"math/rand/v2"
	"testing"
)

// stepSeries is Gaussian noise with mean jumps at cps.
func stepSeries(r *rand.Rand, n int, cps []int, jump float64) []float64 {
	x := make([]float64, n)
	level, k := 0.0, 0
	for i := range x {
		if k < len(cps) && i == cps[k] {
			level += jump * float64(1-2*(k%2))
			k++
		}
		x[i] = level + r.NormFloat64()
	}
	return x
}

// optimalPartition is the unpruned O(n²) dynamic programme PELT must match.
func optimalPartition(c *Coster, pen float64, minLen int) float64 {
	n := c.N()
	f := make([]float64, n+1)
	f[0] = -pen
	for t := 1; t <= n; t++ {
		f[t] = math.Inf(1)
		for s := 0; s <= t-minLen; s++ {
			if s != 0 && s < minLen {
				continue
			}
			f[t] = min(f[t], f[s]+c.Cost(s, t)+pen)
		}
	}
	return f[n]
}

func segCostTotal(c *Coster, cps []int, pen float64) float64 {
	b := append(append([]int{0}, cps...), c.N())
	total := pen * float64(len(cps))
	for i := 0; i+1 < len(b); i++ {
		total += c.Cost(b[i], b[i+1])
	}
	return total
}

func TestPELTIsOptimal(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for trial := range 20 {
		x := stepSeries(r, 120, []int{30, 70, 95}, 1.5)
		for _, kind := range []CostKind{CostMean, CostLinear, CostMeanVar} {
			c := NewCoster(kind, x)
			pen := 3 * math.Log(120)
			minLen := 1 + trial%6
			if kind == CostMeanVar {
				minLen = max(minLen, 2)
			}
			cps := PELT(c, pen, minLen)
			got, want := segCostTotal(c, cps, pen), optimalPartition(c, pen, minLen)
			if math.Abs(got-want) > 1e-6*math.Abs(want)+1e-9 {
				t.Fatalf("trial %d %v minLen %d: PELT cost %.9g; optimum %.9g", trial, kind, minLen, got, want)
			}
		}
	}
}

func TestBinSegFindsSteps(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	x := Standardize(stepSeries(r, 300, []int{100, 200}, 3))
	c := NewCoster(CostMean, x)
	c.LogLen = true
	cps := BinSeg(c, MBICPenalty(300), 5, 1)
	if len(cps) != 2 || abs(cps[0]-100) > 2 || abs(cps[1]-200) > 2 {
		t.Fatalf("binseg %v; want ≈ [100 200]", cps)
	}
}

func TestPoissonCost(t *testing.T) {
	x := []float64{2, 3, 2, 1, 3, 2, 2, 3, 9, 8, 11, 9, 10, 8, 9, 10}
	cps := PELT(NewCoster(CostPoisson, x), 2*math.Log(16), 3)
	if len(cps) != 1 || cps[0] != 8 {
		t.Fatalf("poisson PELT %v; want [8]", cps)
	}
}

func TestBOCPDOnline(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	x := stepSeries(r, 400, []int{200}, 4)
	b, err := NewBOCPD(BOCPDConfig{Lambda: 100, Kappa: 1, Alpha: 1, Beta: 1, Prune: 1e-6, Lag: 5}, 1)
	if err != nil {
		t.Fatal(err)
	}
	peak, at := 0.0, -1
	for i, v := range x {
		p := b.Update(v)
		if p < 0 || p > 1 || math.IsNaN(p) {
			t.Fatalf("step %d: probability %v", i, p)
		}
		if i > 10 && p > peak {
			peak, at = p, i
		}
	}
	if at < 200 || at > 205 || peak < 0.9 {
		t.Errorf("peak change probability %.3f at %d; want > 0.9 within 5 steps of 200", peak, at)
	}
	if m := b.MAP(); len(m) != 1 || abs(m[0]-200) > 1 {
		t.Errorf("MAP %v; want [200]", m)
	}
	if b.Runs() > 300 {
		t.Errorf("%d runs kept; pruning should keep far fewer", b.Runs())
	}
}

func TestBOCPDPrunedMatchesExact(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	x := Standardize(stepSeries(r, 300, []int{80, 150, 220}, 2))
	cfg := TCPDBOCPD
	cfg.Prune = 0
	exact, _ := NewBOCPD(cfg, 1)
	cfg.Prune = 1e-4
	pruned, _ := NewBOCPD(cfg, 1)
	for _, v := range x {
		exact.Update(v)
		pruned.Update(v)
	}
	a, b := exact.MAP(), pruned.MAP()
	if len(a) != len(b) {
		t.Fatalf("exact MAP %v; pruned %v", a, b)
	}
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("exact MAP %v; pruned %v", a, b)
		}
	}
}

func TestBOCPDRejectsBadConfig(t *testing.T) {
	if _, err := NewBOCPD(BOCPDConfig{Lambda: 0.5, Kappa: 1, Alpha: 1, Beta: 1}, 1); err == nil {
		t.Error("lambda ≤ 1 accepted")
	}
}

func TestStandardizeAndScale(t *testing.T) {
	z := Standardize([]float64{1, 2, 3, 4})
	if math.Abs(z[0]+1.161895003862225) > 1e-12 {
		t.Errorf("z = %v; want R scale() values", z)
	}
	x := []float64{math.NaN(), 1, math.NaN(), 3, math.NaN()}
	if n := FillMissing(x); n != 3 || x[0] != 1 || x[2] != 2 || x[4] != 3 {
		t.Errorf("FillMissing → %v (%d)", x, n)
	}
	if s := DiffScale([]float64{0, 0, 0, 0}); s != 1 {
		t.Errorf("constant DiffScale %v; want 1", s)
	}
}

func TestSeasonalPeriod(t *testing.T) {
	x := make([]float64, 240)
	r := rand.New(rand.NewPCG(9, 10))
	for i := range x {
		x[i] = 3*math.Sin(2*math.Pi*float64(i)/12) + 0.3*r.NormFloat64()
	}
	if p := SeasonalPeriod(x, 0.3); p != 12 {
		t.Fatalf("period %d; want 12", p)
	}
	d := Deseason(x, 12)
	var ss float64
	for _, v := range d {
		ss += v * v
	}
	if rms := math.Sqrt(ss / 240); rms > 0.6 {
		t.Errorf("deseasoned rms %.2f; want ≈ noise 0.3", rms)
	}
}

func TestExpFast(t *testing.T) {
	for x := -710.0; x <= 709; x += 0.0137 {
		want, got := math.Exp(x), expFast(x)
		if want < 1e-300 {
			if got > 1e-300 {
				t.Fatalf("expFast(%g) = %g; want ≈ 0", x, got)
			}
			continue
		}
		if math.Abs(got-want) > 1e-13*want {
			t.Fatalf("expFast(%g) = %.17g; want %.17g", x, got, want)
		}
	}
	if got := expFast(1e6); math.IsInf(got, 0) || got < 1e300 {
		t.Errorf("expFast(1e6) = %g; want e^709", got)
	}
}

func TestLogAll(t *testing.T) {
	xs := []float64{math.SmallestNonzeroFloat64 * (1 << 52), 1e-300, 1e-10, 0.5, 0.7071, 0.7072, 1, 1 + 1e-12, 1.4142, 1.4143, 2, 3, 10, 12345.678, 1e300, math.MaxFloat64,
		0, -1, math.Inf(1), math.NaN(), math.SmallestNonzeroFloat64}
	for x := 0.01; x < 100; x *= 1.0007 {
		xs = append(xs, x)
	}
	got := make([]float64, len(xs))
	logAll(got, xs)
	for i, x := range xs {
		want := math.Log(x)
		if math.IsNaN(want) != math.IsNaN(got[i]) || !math.IsNaN(want) && math.Abs(got[i]-want) > 1e-15*max(1, math.Abs(want)) && got[i] != want {
			t.Errorf("logAll(%g) = %.17g; want %.17g", x, got[i], want)
		}
	}
}

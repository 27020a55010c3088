package surge

import (
	"math"
	"math/rand/v2"
	"testing"
)

// millionSteps is a 1 M-point Gaussian series whose mean changes every 100
// points on average (exponential gaps), z-scored.
func millionSteps() []float64 {
	r := rand.New(rand.NewPCG(11, 12))
	x := make([]float64, 1_000_000)
	level, next := 0.0, 0
	for i := range x {
		if i == next {
			level = 3 * r.NormFloat64()
			next = i + 1 + int(r.ExpFloat64()*100)
		}
		x[i] = level + r.NormFloat64()
	}
	return Standardize(x)
}

func BenchmarkPELTMillion(b *testing.B) {
	x := millionSteps()
	sc := DiffScale(x)
	for i := range x {
		x[i] /= sc
	}
	c := NewCoster(CostMean, x)
	pen := 3 * math.Log(float64(len(x)))
	b.SetBytes(int64(8 * len(x)))
	b.ReportAllocs()
	var cps []int
	start := cpuTime()
	for b.Loop() {
		cps = PELT(c, pen, 5)
	}
	reportCPU(b, start)
	b.ReportMetric(float64(len(cps)), "changes")
}

func BenchmarkBOCPDMillion(b *testing.B) {
	x := millionSteps()
	sc := DiffScale(x)
	b.SetBytes(int64(8 * len(x)))
	b.ReportAllocs()
	runs := 0
	start := cpuTime()
	for b.Loop() {
		d, _ := NewBOCPD(BOCPDConfig{Lambda: 100, Kappa: 1, Alpha: 1, Beta: 1, Prune: 1e-4, Lag: 5}, 1)
		runs = 0
		for _, v := range x {
			d.Update(v / sc)
			runs += d.Runs()
		}
	}
	reportCPU(b, start)
	b.ReportMetric(float64(runs)/float64(len(x)), "runs/step")
}

func BenchmarkDefaultTCPDSized(b *testing.B) {
	r := rand.New(rand.NewPCG(13, 14))
	s := &Series{Dims: [][]float64{stepSeries(r, 500, []int{150, 300}, 2)}}
	for b.Loop() {
		if _, err := Detect(s, DefaultOptions()); err != nil {
			b.Fatal(err)
		}
	}
}

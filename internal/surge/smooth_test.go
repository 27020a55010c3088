package surge

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// smoothSeries returns simulated smooth trends without any change point
// (exponential, logistic, quadratic, square root; 100…700 points; AR(1)
// noise), the shapes on which step models over-segment.
func smoothSeries() []*Series {
	r := rand.New(rand.NewPCG(1, 2))
	shapes := []func(u float64) float64{
		func(u float64) float64 { return math.Exp(3 * u) },
		func(u float64) float64 { return 1 / (1 + math.Exp(-10*(u-0.5))) },
		func(u float64) float64 { return u * u },
		math.Sqrt,
	}
	var out []*Series
	for _, f := range shapes {
		for _, n := range []int{100, 300, 700} {
			for _, noise := range []float64{0.003, 0.02} {
				x := make([]float64, n)
				e := 0.0
				for i := range x {
					e = 0.5*e + noise*r.NormFloat64()
					x[i] = f(float64(i)/float64(n)) + e
				}
				out = append(out, &Series{Dims: [][]float64{x}})
			}
		}
	}
	return out
}

// TestSmoothTrendsFewChanges: on 24 simulated smooth trends the vote of the
// default reports fewer (false) changes than the BIC choice alone (the
// previous default).
func TestSmoothTrendsFewChanges(t *testing.T) {
	bic := DefaultOptions()
	bic.Vote = 0
	var nVote, nBIC int
	for _, s := range smoothSeries() {
		v, err := Detect(s, DefaultOptions())
		if err != nil {
			t.Fatal(err)
		}
		b, _ := Detect(s, bic)
		nVote += len(v.CPs)
		nBIC += len(b.CPs)
	}
	t.Logf("false changes on 24 smooth trends: default %d, BIC choice %d; %s", nVote, nBIC, guards(smoothSeries()))
	if nVote >= nBIC || nVote > 24 {
		t.Errorf("default %d false changes, BIC choice %d; want fewer, at most one per series on average", nVote, nBIC)
	}
}

// randomWalks returns 18 simulated geometric random walks (200, 500 and
// 1000 points, 2% daily volatility) without change points: price-like
// series on which step models see levels everywhere.
func randomWalks() []*Series {
	r := rand.New(rand.NewPCG(5, 6))
	var out []*Series
	for _, n := range []int{200, 500, 1000} {
		for range 6 {
			x := make([]float64, n)
			v := 100.0
			for i := range x {
				v *= math.Exp(0.02 * r.NormFloat64())
				x[i] = v
			}
			out = append(out, &Series{Dims: [][]float64{x}})
		}
	}
	return out
}

// TestRandomWalksNoWorse: on random walks the vote reports no more false
// changes than the BIC choice alone, and far fewer than BOCPD alone.
func TestRandomWalksNoWorse(t *testing.T) {
	bic := DefaultOptions()
	bic.Vote = 0
	var nVote, nBIC, nBOCPD int
	for _, s := range randomWalks() {
		v, err := Detect(s, DefaultOptions())
		if err != nil {
			t.Fatal(err)
		}
		b, _ := Detect(s, bic)
		c, _ := TCPDBOCPDMethod(s)
		nVote, nBIC, nBOCPD = nVote+len(v.CPs), nBIC+len(b.CPs), nBOCPD+len(c)
	}
	t.Logf("false changes on 18 random walks: default %d, BIC choice %d, BOCPD %d; %s", nVote, nBIC, nBOCPD, guards(randomWalks()))
	if nVote > nBIC || 2*nVote > nBOCPD {
		t.Errorf("default %d false changes; want ≤ BIC choice %d and ≤ half of BOCPD %d", nVote, nBIC, nBOCPD)
	}
}

// guards counts the changes found with Options.Confirm and with
// Options.Staircase, for the log (doc.go quotes them).
func guards(ss []*Series) string {
	var nc, ns int
	for _, s := range ss {
		o := DefaultOptions()
		o.Confirm = true
		c, _ := Detect(s, o)
		o = DefaultOptions()
		o.Staircase = true
		st, _ := Detect(s, o)
		nc, ns = nc+len(c.CPs), ns+len(st.CPs)
	}
	return fmt.Sprintf("with Confirm %d, with Staircase %d", nc, ns)
}

package surge

import (
	"fmt"
	"os"
	"testing"
)

// TestAblation prints the scores of the default and of variants that
// change one choice, and a leave-one-out estimate over the tuned knobs.
// Run: LOOKOUT_SURGE_EXPLORE=1 go test -run Ablation -v ./internal/surge
func TestAblation(t *testing.T) {
	if os.Getenv("LOOKOUT_SURGE_EXPLORE") == "" {
		t.Skip("set LOOKOUT_SURGE_EXPLORE=1 to print the ablation table")
	}
	cases := univariate(loadTCPD(t))
	d := DefaultOptions()
	with := func(f func(*Options)) Options { o := d; f(&o); return o }
	variants := []struct {
		name string
		o    Options
	}{
		{"default", d},
		{"mean model only", with(func(o *Options) { o.Models = []CostKind{CostMean} })},
		{"linear model only", with(func(o *Options) { o.Models = []CostKind{CostLinear} })},
		{"no residual scale (z-score only)", with(func(o *Options) { o.Iters = 0 })},
		{"1 scale iteration", with(func(o *Options) { o.Iters = 1 })},
		{"5 scale iterations", with(func(o *Options) { o.Iters = 5 })},
		{"no autocorrelation inflation", with(func(o *Options) { o.RhoMax = 0 })},
		{"rho cap 0.5", with(func(o *Options) { o.RhoMax = 0.5 })},
		{"rho cap 0.9", with(func(o *Options) { o.RhoMax = 0.9 })},
		{"no deseasoning", with(func(o *Options) { o.SeasonThr = 1 })},
		{"penalties 3/3 ln n", with(func(o *Options) { o.LinearPen = 3 })},
		{"penalties 2/3 ln n", with(func(o *Options) { o.MeanPen, o.LinearPen = 2, 3 })},
		{"penalties 4/5 ln n", with(func(o *Options) { o.MeanPen, o.LinearPen = 4, 5 })},
		{"min segment 2/4", with(func(o *Options) { o.MeanMinLen, o.LinearMinLen = 2, 4 })},
		{"min segment 10/20", with(func(o *Options) { o.MeanMinLen, o.LinearMinLen = 10, 20 })},
	}
	res := make([][]Result, len(variants))
	for i, v := range variants {
		o := v.o
		res[i] = Run(func(s *Series) ([]int, error) { f, err := Detect(s, o); return f.CPs, err }, cases)
		m, _ := Mean(cases, res[i])
		fmt.Printf("%-34s F1 %.3f cover %.3f\n", v.name, m.F1, m.Cover)
	}
	loo := leaveOneOut(cases, res)
	fmt.Printf("leave-one-out over these %d variants: F1 %.3f cover %.3f\n", len(variants), loo.F1, loo.Cover)
}

// leaveOneOut picks, for each held-out series, the variant with the best
// F1+cover on the other averaged series and scores it on the held-out one.
func leaveOneOut(cases []Case, res [][]Result) Score {
	var loo Score
	k := 0
	for i, c := range cases {
		if c.Apart {
			continue
		}
		best, bg := -1.0, 0
		for g := range res {
			s := 0.0
			for j, cj := range cases {
				if j != i && !cj.Apart {
					s += res[g][j].F1 + res[g][j].Cover
				}
			}
			if s > best {
				best, bg = s, g
			}
		}
		loo.F1 += res[bg][i].F1
		loo.Cover += res[bg][i].Cover
		k++
	}
	loo.F1 /= float64(k)
	loo.Cover /= float64(k)
	return loo
}

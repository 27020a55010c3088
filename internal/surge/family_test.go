package surge

import (
	"fmt"
	"os"
	"testing"
)

// variant is one candidate detector of the exploration.
type variant struct {
	name string
	m    Method
}

// optsVariant wraps Detect with o as a variant.
func optsVariant(name string, o Options) variant {
	return variant{name, func(s *Series) ([]int, error) { f, err := Detect(s, o); return f.CPs, err }}
}

// ablationFamily is the grid of one-choice changes around base, as in
// TestAblation.
func ablationFamily(prefix string, base Options) []variant {
	with := func(f func(*Options)) Options { o := base; f(&o); return o }
	return []variant{
		optsVariant(prefix+"base", base),
		optsVariant(prefix+"mean only", with(func(o *Options) { o.Models = []CostKind{CostMean} })),
		optsVariant(prefix+"linear only", with(func(o *Options) { o.Models = []CostKind{CostLinear} })),
		optsVariant(prefix+"iters 0", with(func(o *Options) { o.Iters = 0 })),
		optsVariant(prefix+"iters 1", with(func(o *Options) { o.Iters = 1 })),
		optsVariant(prefix+"iters 5", with(func(o *Options) { o.Iters = 5 })),
		optsVariant(prefix+"rho 0", with(func(o *Options) { o.RhoMax = 0 })),
		optsVariant(prefix+"rho .5", with(func(o *Options) { o.RhoMax = 0.5 })),
		optsVariant(prefix+"rho .9", with(func(o *Options) { o.RhoMax = 0.9 })),
		optsVariant(prefix+"no season", with(func(o *Options) { o.SeasonThr = 1 })),
		optsVariant(prefix+"pen 3/3", with(func(o *Options) { o.LinearPen = o.MeanPen })),
		optsVariant(prefix+"pen -1", with(func(o *Options) { o.MeanPen--; o.LinearPen-- })),
		optsVariant(prefix+"pen +1", with(func(o *Options) { o.MeanPen++; o.LinearPen++ })),
		optsVariant(prefix+"minseg 2/4", with(func(o *Options) { o.MeanMinLen, o.LinearMinLen = 2, 4 })),
		optsVariant(prefix+"minseg 10/20", with(func(o *Options) { o.MeanMinLen, o.LinearMinLen = 10, 20 })),
	}
}

// familyResult holds the per-case results of every variant.
type familyResult struct {
	vs  []variant
	res [][]Result
}

// runFamily scores every variant on every case and prints one line each:
// the 17-series mean, run_log, uk_coal_employ and the quality-control mean.
func runFamily(cases []Case, vs []variant) familyResult {
	fr := familyResult{vs: vs, res: make([][]Result, len(vs))}
	for i, v := range vs {
		fr.res[i] = Run(v.m, cases)
		m, _ := Mean(cases, fr.res[i])
		line := fmt.Sprintf("%-30s in17 %.3f/%.3f", v.name, m.F1, m.Cover)
		var qc Score
		nq := 0
		for j, c := range cases {
			switch {
			case c.Series.Name == "run_log" || c.Series.Name == "uk_coal_employ":
				line += fmt.Sprintf(" %s %.3f/%.3f", c.Series.Name[:3], fr.res[i][j].F1, fr.res[i][j].Cover)
			case c.Apart:
				qc.F1 += fr.res[i][j].F1
				qc.Cover += fr.res[i][j].Cover
				nq++
			}
		}
		if nq > 0 {
			line += fmt.Sprintf(" qc %.3f/%.3f", qc.F1/float64(nq), qc.Cover/float64(nq))
		}
		fmt.Println(line)
	}
	return fr
}

// kfold estimates the score of "pick the best variant on the training
// series" with folds of the averaged cases (k = number of averaged cases:
// leave-one-out). Folds are assigned round-robin in name order.
func (fr familyResult) kfold(cases []Case, k int) Score {
	var idx []int
	for i, c := range cases {
		if !c.Apart {
			idx = append(idx, i)
		}
	}
	var out Score
	for f := range k {
		test := map[int]bool{}
		for j, i := range idx {
			if j%k == f {
				test[i] = true
			}
		}
		best, bg := -1.0, 0
		for g := range fr.res {
			s := 0.0
			for _, i := range idx {
				if !test[i] {
					s += fr.res[g][i].F1 + fr.res[g][i].Cover
				}
			}
			if s > best+1e-12 {
				best, bg = s, g
			}
		}
		for i := range test {
			out.F1 += fr.res[bg][i].F1
			out.Cover += fr.res[bg][i].Cover
		}
	}
	out.F1 /= float64(len(idx))
	out.Cover /= float64(len(idx))
	return out
}

// perSeries prints the F1/cover of the named variants per case.
func (fr familyResult) perSeries(cases []Case) {
	for j, c := range cases {
		line := fmt.Sprintf("%-20s", c.Series.Name)
		for i := range fr.res {
			line += fmt.Sprintf(" %.2f/%.2f", fr.res[i][j].F1, fr.res[i][j].Cover)
		}
		fmt.Println(line)
	}
}

// voteVariant runs every member and keeps the changes a share of them
// support.
func voteVariant(name string, members []variant, share float64, width int) variant {
	return variant{name, func(s *Series) ([]int, error) {
		var lists [][]int
		for _, m := range members {
			cps, err := m.m(s)
			if err != nil {
				return nil, err
			}
			lists = append(lists, CleanPredictions(cps, s.Len()))
		}
		need := int(share*float64(len(members)) + 0.999)
		return Vote(lists, need, width), nil
	}}
}

// TestExploreVote compares votes between the old default's ablation
// variants and BOCPD (the run that chose the vote of the default).
// Run: LOOKOUT_SURGE_EXPLORE=1 go test -run ExploreVote -v ./internal/surge
func TestExploreVote(t *testing.T) {
	if os.Getenv("LOOKOUT_SURGE_EXPLORE") == "" {
		t.Skip("set LOOKOUT_SURGE_EXPLORE=1")
	}
	cases := averagedUnivariate(loadTCPD(t))
	bic := DefaultOptions()
	bic.Vote = 0
	fam := ablationFamily("", bic)
	bo := variant{"bocpd", TCPDBOCPDMethod}
	three := []variant{fam[0], fam[1], fam[2]}
	var vs []variant
	for _, w := range []int{3, 5} {
		for _, sh := range []float64{0.3, 0.5, 0.7} {
			vs = append(vs, voteVariant(fmt.Sprintf("vote15 %.1f w%d", sh, w), fam, sh, w))
			vs = append(vs, voteVariant(fmt.Sprintf("vote15+bo %.1f w%d", sh, w), append(append([]variant{}, fam...), bo), sh, w))
		}
		vs = append(vs, voteVariant(fmt.Sprintf("mean/lin/bo 2of3 w%d", w), []variant{fam[1], fam[2], bo}, 0.6, w))
		vs = append(vs, voteVariant(fmt.Sprintf("def/mean/lin/bo 2of4 w%d", w), append(three, bo), 0.5, w))
		vs = append(vs, voteVariant(fmt.Sprintf("def/mean/lin/bo 3of4 w%d", w), append(three, bo), 0.75, w))
	}
	fr := runFamily(cases, vs)
	all := familyResult{append(fam, vs...), nil}
	all.res = append(runFamily(cases, fam).res, fr.res...)
	for _, k := range []int{17, 5} {
		s := all.kfold(cases, k)
		fmt.Printf("family old+votes: %d-fold %.3f/%.3f\n", k, s.F1, s.Cover)
		s = fr.kfold(cases, k)
		fmt.Printf("family votes only: %d-fold %.3f/%.3f\n", k, s.F1, s.Cover)
	}
}

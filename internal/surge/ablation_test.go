package surge

import (
	"fmt"
	"os"
	"testing"
)

// TestAblation prints the scores of the default and of variants that
// change one choice (17-series mean, run_log, uk_coal_employ and the
// quality-control mean), the leave-one-out and 5-fold estimates of picking
// the best variant on the training series, and the per-series scores of
// the default beside the previous one (the BIC choice without the vote).
// Run: LOOKOUT_SURGE_EXPLORE=1 go test -run Ablation -v ./internal/surge
func TestAblation(t *testing.T) {
	if os.Getenv("LOOKOUT_SURGE_EXPLORE") == "" {
		t.Skip("set LOOKOUT_SURGE_EXPLORE=1 to print the ablation table")
	}
	cases := averagedUnivariate(loadTCPD(t))
	d := DefaultOptions()
	with := func(f func(*Options)) Options { o := d; f(&o); return o }
	fam := ablationFamily("", d)
	for _, w := range []int{1, 2, 4, 5, 8} {
		fam = append(fam, optsVariant(fmt.Sprintf("vote width %d", w), with(func(o *Options) { o.Vote = w })))
	}
	fam = append(fam,
		optsVariant("confirm by the BIC model", with(func(o *Options) { o.Confirm = true })),
		optsVariant("drop stairs in trends", with(func(o *Options) { o.Staircase = true })),
		optsVariant("no vote (BIC choice; old default)", with(func(o *Options) { o.Vote = 0 })))
	fmt.Println("variant                        mean17 F1/cover  run_log  uk_coal_employ  quality-control mean")
	fr := runFamily(cases, fam)
	for _, k := range []int{17, 5} {
		s := fr.kfold(cases, k)
		fmt.Printf("pick the best of these %d variants on the training folds, %d-fold: F1 %.3f cover %.3f\n", len(fam), k, s.F1, s.Cover)
	}
	old := ablationFamily("old ", with(func(o *Options) { o.Vote = 0 }))
	ofr := runFamily(cases, old)
	for _, k := range []int{17, 5} {
		s := ofr.kfold(cases, k)
		fmt.Printf("the same over the old default's %d variants, %d-fold: F1 %.3f cover %.3f\n", len(old), k, s.F1, s.Cover)
	}
	fmt.Println("per series: default, old default")
	familyResult{nil, [][]Result{fr.res[0], fr.res[len(fam)-1]}}.perSeries(cases)
}

// averagedUnivariate marks multivariate series apart, so that Mean averages
// the 17 univariate real series as the published table does.
func averagedUnivariate(cases []Case) []Case {
	for i := range cases {
		if len(cases[i].Series.Dims) > 1 {
			cases[i].Apart = true
		}
	}
	return cases
}

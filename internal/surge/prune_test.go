package surge

import (
	"fmt"
	"os"
	"testing"
)

// TestExplorePrune prints the TCPD bocpd row, the default and the active
// runs per step (200 000 points of the benchmark series) per pruning
// threshold. Run: LOOKOUT_SURGE_EXPLORE=1 go test -run ExplorePrune -v ./internal/surge
func TestExplorePrune(t *testing.T) {
	if os.Getenv("LOOKOUT_SURGE_EXPLORE") == "" {
		t.Skip("set LOOKOUT_SURGE_EXPLORE=1")
	}
	cases := averagedUnivariate(loadTCPD(t))
	x := millionSteps()[:200000]
	sc := DiffScale(x)
	for _, p := range []float64{1e-4, 3e-4, 1e-3, 3e-3, 1e-2} {
		cfg := TCPDBOCPD
		cfg.Prune = p
		bo := Run(func(s *Series) ([]int, error) { return RunBOCPD(cfg, s) }, cases)
		o := DefaultOptions()
		o.Voter = cfg
		def := Run(func(s *Series) ([]int, error) { f, err := Detect(s, o); return f.CPs, err }, cases)
		mb, _ := Mean(cases, bo)
		md, _ := Mean(cases, def)
		d, _ := NewBOCPD(BOCPDConfig{Lambda: 100, Kappa: 1, Alpha: 1, Beta: 1, Prune: p, Lag: 5}, 1)
		runs := 0
		for _, v := range x {
			d.Update(v / sc)
			runs += d.Runs()
		}
		fmt.Printf("prune %g: bocpd %.4f/%.4f default %.4f/%.4f runs/step %.1f\n", p, mb.F1, mb.Cover, md.F1, md.Cover, float64(runs)/float64(len(x)))
	}
}

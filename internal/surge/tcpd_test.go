package surge

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lookout-osint/lookout/internal/shareddata"
)

// loadTCPD reads every series under shared/data/tcpd with its annotations.
func loadTCPD(t testing.TB) []Case {
	t.Helper()
	dir := shareddata.Path(t, "tcpd/annotations.json")
	raw, err := os.ReadFile(dir)
	if err != nil {
		t.Fatal(err)
	}
	all, err := ParseAnnotations(raw)
	if err != nil {
		t.Fatal(err)
	}
	root := filepath.Dir(dir)
	files, _ := filepath.Glob(filepath.Join(root, "*", "*", "*.json"))
	var cases []Case
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		s, err := ParseTCPD(data)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		a, ok := all[s.Name]
		if !ok {
			continue
		}
		apart := s.Missing() > 0 || strings.Contains(f, "simulated")
		cases = append(cases, Case{Series: s, Ann: a, Apart: apart})
	}
	SortCases(cases)
	return cases
}

// univariate keeps the 17 series the published table averages (and the
// apart ones), dropping multivariate series.
func univariate(cases []Case) []Case {
	var out []Case
	for _, c := range cases {
		if len(c.Series.Dims) == 1 {
			out = append(out, c)
		}
	}
	return out
}

func TestPublishedBaselines(t *testing.T) {
	cases := univariate(loadTCPD(t))
	for _, tt := range []struct {
		name      string
		m         Method
		f1, cover float64
		tol       float64
	}{
		{"binseg", TCPDBinSeg, 0.690, 0.678, 0.02},
		{"pelt", TCPDPELT, 0.672, 0.669, 0.02},
		{"zero", Zero, 0.637, 0.557, 0.0015},
	} {
		res := Run(tt.m, cases)
		got, k := Mean(cases, res)
		if k != 17 {
			t.Fatalf("%d averaged series; want 17", k)
		}
		t.Logf("%s: F1 %.4f cover %.4f (published %.3f / %.3f)", tt.name, got.F1, got.Cover, tt.f1, tt.cover)
		if math.Abs(got.F1-tt.f1) > tt.tol || math.Abs(got.Cover-tt.cover) > tt.tol {
			t.Errorf("%s: F1 %.4f cover %.4f; want %.3f / %.3f ± %g", tt.name, got.F1, got.Cover, tt.f1, tt.cover, tt.tol)
		}
	}
}

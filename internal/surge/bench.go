package surge

import (
	"encoding/json"
	"fmt"
	"sort"
)

// Method detects change points in a series and returns them as 0-based
// first indices of new regimes (baselines may reproduce a published
// wrapper's own convention).
type Method func(*Series) ([]int, error)

// Published holds one row of the published TCPD table (SURGE.md): mean F1
// and cover of a method at its default setting on the 17 univariate real
// series shared here.
type Published struct {
	Method   string  `json:"method"`
	F1       float64 `json:"f1"`
	Cover    float64 `json:"cover"`
	Describe string  `json:"describe"`
}

// PublishedDefaults are the published default rows, for printing beside
// ours.
var PublishedDefaults = []Published{
	{"binseg", 0.690, 0.678, "R changepoint, mean, Normal, MBIC, Q=5"},
	{"pelt", 0.672, 0.669, "R changepoint, mean, Normal, MBIC"},
	{"amoc", 0.632, 0.675, "R changepoint, at most one change"},
	{"bocpd", 0.665, 0.612, "Normal-Gamma, λ=100, a=b=k=1"},
	{"segneigh", 0.603, 0.646, "R changepoint, segment neighbourhood"},
	{"zero", 0.637, 0.557, "predict no change"},
}

// ParseAnnotations decodes TCPD's annotations.json: series name → annotator
// id → change points.
func ParseAnnotations(data []byte) (map[string]Annotations, error) {
	var a map[string]Annotations
	if err := json.Unmarshal(data, &a); err != nil {
		return nil, fmt.Errorf("annotations: %w: %w", ErrFormat, err)
	}
	return a, nil
}

// Case is one benchmark series with its annotations.
type Case struct {
	Series *Series
	Ann    Annotations
	// Apart marks a series reported but not averaged (missing values or a
	// synthetic quality-control series), as the published tables do.
	Apart bool
}

// Result is the score of one method on one case; Err is set when the method
// failed, which scores 0 as in the benchmark.
type Result struct {
	Score
	CPs []int
	Err error
}

// Run scores method on every case.
func Run(m Method, cases []Case) []Result {
	out := make([]Result, len(cases))
	for i, c := range cases {
		cps, err := m(c.Series)
		if err != nil {
			out[i] = Result{Err: err}
			continue
		}
		out[i] = Result{Score: ScoreTCPD(c.Ann, cps, c.Series.Len()), CPs: CleanPredictions(cps, c.Series.Len())}
	}
	return out
}

// Mean averages the results of the cases that are not apart.
func Mean(cases []Case, res []Result) (Score, int) {
	var s Score
	k := 0
	for i, c := range cases {
		if c.Apart {
			continue
		}
		s.F1 += res[i].F1
		s.Cover += res[i].Cover
		k++
	}
	if k > 0 {
		s.F1 /= float64(k)
		s.Cover /= float64(k)
	}
	return s, k
}

// SortCases orders cases by name, the averaged ones first.
func SortCases(cases []Case) {
	sort.SliceStable(cases, func(i, j int) bool {
		if cases[i].Apart != cases[j].Apart {
			return !cases[i].Apart
		}
		return cases[i].Series.Name < cases[j].Series.Name
	})
}

// Zero is the do-nothing baseline: no change points.
func Zero(*Series) ([]int, error) { return nil, nil }

// Methods maps the method names of the CLI to detectors with change points
// as first indices of new regimes ("default" is Detect).
var Methods = map[string]Method{
	"default": Default,
	"binseg":  BinSegMBIC,
	"pelt":    PELTMBIC,
	"bocpd":   TCPDBOCPDMethod,
	"zero":    Zero,
}

// BenchMethods are the methods the benchmark scores, in print order, as the
// published rows were produced (binseg and pelt with the R wrapper's
// off-by-one).
var BenchMethods = []struct {
	Name string
	M    Method
}{
	{"default", Default},
	{"binseg", TCPDBinSeg},
	{"pelt", TCPDPELT},
	{"bocpd", TCPDBOCPDMethod},
	{"zero", Zero},
}

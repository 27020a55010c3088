package surge

import (
	"fmt"
	"math"
	"slices"
)

// Options configures Detect, the default detector. Every field has a
// principled default (DefaultOptions); none is set per series.
type Options struct {
	// MeanPen and LinearPen multiply ln n to give the penalty per change for
	// the piecewise-constant and piecewise-linear models: MBIC's
	// (changed parameters + 2), i.e. 3 and 4.
	MeanPen, LinearPen float64
	// MeanMinLen and LinearMinLen are the minimum segment lengths.
	MeanMinLen, LinearMinLen int
	// Iters is the number of times the noise scale is re-estimated from the
	// residuals of the previous fit.
	Iters int
	// RhoMax caps the lag-1 residual autocorrelation used to inflate the
	// noise variance to its long-run value σ²(1+ρ)/(1−ρ).
	RhoMax float64
	// SeasonThr is the autocorrelation of first differences above which a
	// periodic component is removed first (≥ 1 disables it).
	SeasonThr float64
	// Models are the segment models compared by BIC (default: CostMean
	// and CostLinear).
	Models []CostKind
	// Vote, when > 0, replaces the BIC choice by a vote: PELT under the
	// mean model, PELT under the linear model and the MAP segmentation of
	// BOCPD (Voter) each propose change points, and a change is kept
	// where at least two of the three agree within Vote points.
	Vote int
	// Voter is the BOCPD model of the vote, run on the prepared data.
	Voter BOCPDConfig
	// Confirm drops voted changes that the BIC-chosen model, with its own
	// noise scale and penalty, does not accept: a change must lower that
	// model's cost between its neighbours by more than the penalty (so two
	// step models agreeing on a staircase inside a straight trend do not
	// split it).
	Confirm bool
	// Staircase drops voted changes that the linear model did not propose
	// when, between their neighbours, one straight line fits at least as
	// well as a step (two levels and a location, one parameter more, charged
	// ln n): two step models agreeing on a step inside a trend.
	Staircase bool
}

// DefaultOptions returns the one configuration used for every series.
func DefaultOptions() Options {
	return Options{MeanPen: 3, LinearPen: 4, MeanMinLen: 5, LinearMinLen: 10, Iters: 3, RhoMax: 0.8, SeasonThr: 0.3,
		Models: []CostKind{CostMean, CostLinear}, Vote: 3, Voter: TCPDBOCPD}
}

// Fit is the outcome of Detect: the change points and the model chosen.
type Fit struct {
	CPs   []int    // first index of each new regime, ascending
	Model CostKind // CostMean or CostLinear, the lower BIC
	// Votes are the proposals of the voters (PELT per model, then BOCPD)
	// when Options.Vote is set.
	Votes  [][]int
	Period int // seasonal period removed (0: none)
	Scale  []float64
	Filled int // missing values interpolated
}

// Detect runs the default detector on s: each dimension is interpolated
// over missing values, z-scored and, when clearly periodic, deseasonalised;
// PELT then segments it under a piecewise-constant and a piecewise-linear
// Gaussian model, each with an MBIC penalty and a noise scale re-estimated
// from its own residuals (inflated for autocorrelation); the model with the
// lower BIC wins.
func Detect(s *Series, o Options) (Fit, error) {
	if s.Len() == 0 {
		return Fit{}, fmt.Errorf("detect: empty series: %w", ErrFormat)
	}
	models := o.Models
	if len(models) == 0 {
		models = DefaultOptions().Models
	}
	dims, fit := prepare(s, o)
	if constant(dims) {
		return fit, nil
	}
	for _, kind := range models {
		if kind != CostMean && kind != CostLinear {
			return Fit{}, fmt.Errorf("detect: model %v: only mean and linear are supported", kind)
		}
	}
	best := math.Inf(1)
	var lists [][]int
	for _, kind := range models {
		cps, scale := o.segment(kind, dims)
		lists = append(lists, cps)
		if b := bicScore(kind, dims, cps); b < best {
			best, fit.CPs, fit.Model, fit.Scale = b, cps, kind, scale
		}
	}
	if o.Vote > 0 {
		cps, err := bocpdMAP(o.Voter, dims)
		if err != nil {
			return Fit{}, fmt.Errorf("detect: %w", err)
		}
		fit.Votes = append(lists, cps)
		fit.CPs = Vote(fit.Votes, 2, o.Vote)
		if o.Confirm {
			fit.CPs = o.confirm(fit, dims)
		}
		if o.Staircase && len(models) == 2 {
			fit.CPs = dropStairs(fit.CPs, lists[1], dims, o.Vote)
		}
	}
	return fit, nil
}

// confirm removes, weakest first, the change points of fit whose removal
// costs the BIC-chosen model less than its penalty.
func (o Options) confirm(fit Fit, dims [][]float64) []int {
	pen := o.MeanPen
	if fit.Model == CostLinear {
		pen = o.LinearPen
	}
	pen *= math.Log(float64(len(dims[0])))
	c := NewCoster(fit.Model, scaled(dims, fit.Scale)...)
	cps := append([]int(nil), fit.CPs...)
	for len(cps) > 0 {
		worst, wi := math.Inf(1), -1
		for i, t := range cps {
			a, b := 0, c.N()
			if i > 0 {
				a = cps[i-1]
			}
			if i+1 < len(cps) {
				b = cps[i+1]
			}
			if g := c.Cost(a, b) - c.Cost(a, t) - c.Cost(t, b); g < worst {
				worst, wi = g, i
			}
		}
		if worst >= pen {
			break
		}
		cps = append(cps[:wi], cps[wi+1:]...)
	}
	return cps
}

// dropStairs removes, weakest first, the change points of cps with no
// change of linear within width whose step fits no better than a line
// between the neighbouring change points: Gaussian BIC with the variance
// fitted in that window, w·ln(RSS_line/RSS_step) < ln n.
func dropStairs(cps, linear []int, dims [][]float64, width int) []int {
	mean, line := NewCoster(CostMean, dims...), NewCoster(CostLinear, dims...)
	pen := math.Log(float64(len(dims[0])))
	cps = append([]int(nil), cps...)
	for {
		worst, wi := 0.0, -1
		for i, t := range cps {
			if slices.ContainsFunc(linear, func(l int) bool { return abs(l-t) <= width }) {
				continue
			}
			a, b := 0, len(dims[0])
			if i > 0 {
				a = cps[i-1]
			}
			if i+1 < len(cps) {
				b = cps[i+1]
			}
			step := mean.Cost(a, t) + mean.Cost(t, b)
			gain := float64(b-a)*math.Log((line.Cost(a, b)+1e-12)/(step+1e-12)) - pen
			if gain < worst {
				worst, wi = gain, i
			}
		}
		if wi < 0 {
			return cps
		}
		cps = append(cps[:wi], cps[wi+1:]...)
	}
}

// bocpdMAP runs BOCPD over dims and returns its MAP change points.
func bocpdMAP(cfg BOCPDConfig, dims [][]float64) ([]int, error) {
	b, err := NewBOCPD(cfg, len(dims))
	if err != nil {
		return nil, err
	}
	obs := make([]float64, len(dims))
	for i := range dims[0] {
		for d := range dims {
			obs[d] = dims[d][i]
		}
		b.Update(obs...)
	}
	return b.MAP(), nil
}

// constant reports whether every dimension is flat: nothing to segment.
func constant(dims [][]float64) bool {
	for _, x := range dims {
		for _, v := range x {
			if v != x[0] {
				return false
			}
		}
	}
	return true
}

// prepare interpolates, z-scores and deseasonalises every dimension.
func prepare(s *Series, o Options) ([][]float64, Fit) {
	var fit Fit
	dims := make([][]float64, len(s.Dims))
	for d, x := range s.Dims {
		x = append([]float64(nil), x...)
		fit.Filled += FillMissing(x)
		x = Standardize(x)
		if p := SeasonalPeriod(x, o.SeasonThr); p > 0 && o.SeasonThr < 1 {
			x = Standardize(Deseason(x, p))
			fit.Period = p
		}
		dims[d] = x
	}
	return dims, fit
}

// segment runs PELT under kind, re-estimating each dimension's noise scale
// from the residuals Iters times, and returns the change points and scales.
func (o Options) segment(kind CostKind, dims [][]float64) ([]int, []float64) {
	n := len(dims[0])
	pen, minLen := o.MeanPen, o.MeanMinLen
	if kind == CostLinear {
		pen, minLen = o.LinearPen, o.LinearMinLen
	}
	pen *= math.Log(float64(n))
	tau := make([]float64, len(dims))
	for d := range tau {
		tau[d] = 1
	}
	var cps []int
	for it := 0; ; it++ {
		cps = PELT(NewCoster(kind, scaled(dims, tau)...), pen, minLen)
		if it >= o.Iters {
			return cps, tau
		}
		for d, x := range dims {
			if t := longRunScale(x, fitted(kind, x, cps), o.RhoMax); t > 0 {
				tau[d] = t
			}
		}
	}
}

// scaled returns each dimension divided by its scale.
func scaled(dims [][]float64, tau []float64) [][]float64 {
	out := make([][]float64, len(dims))
	for d, x := range dims {
		y := make([]float64, len(x))
		for i, v := range x {
			y[i] = v / tau[d]
		}
		out[d] = y
	}
	return out
}

// longRunScale is the residual standard deviation inflated for lag-1
// autocorrelation ρ (capped to [0, rhoMax]): σ·√((1+ρ)/(1−ρ)).
func longRunScale(x, f []float64, rhoMax float64) float64 {
	var ss, sc float64
	for i := range x {
		r := x[i] - f[i]
		ss += r * r
		if i > 0 {
			sc += r * (x[i-1] - f[i-1])
		}
	}
	if ss <= 0 {
		return 0
	}
	rho := math.Max(0, math.Min(sc/ss, rhoMax))
	return math.Sqrt(ss / float64(len(x)) * (1 + rho) / (1 - rho))
}

// fitted returns the least-squares fit of x on each segment of cps: the
// segment mean, or its line for CostLinear.
func fitted(kind CostKind, x []float64, cps []int) []float64 {
	out := make([]float64, len(x))
	bounds := append(append([]int{0}, cps...), len(x))
	for i := 0; i+1 < len(bounds); i++ {
		fitSegment(kind, x, out, bounds[i], bounds[i+1])
	}
	return out
}

// fitSegment writes the fit of x[a:b] into out[a:b].
func fitSegment(kind CostKind, x, out []float64, a, b int) {
	n := float64(b - a)
	var sx, st float64
	for t := a; t < b; t++ {
		sx += x[t]
		st += float64(t)
	}
	mx, mt := sx/n, st/n
	slope := 0.0
	if kind == CostLinear {
		var ctt, ctx float64
		for t := a; t < b; t++ {
			ctt += (float64(t) - mt) * (float64(t) - mt)
			ctx += (float64(t) - mt) * (x[t] - mx)
		}
		if ctt > 0 {
			slope = ctx / ctt
		}
	}
	for t := a; t < b; t++ {
		out[t] = mx + slope*(float64(t)-mt)
	}
}

// bicScore is the Gaussian BIC of a segmentation: per dimension n·ln(RSS/n),
// plus ln n per parameter (segment means, slopes and the change points).
func bicScore(kind CostKind, dims [][]float64, cps []int) float64 {
	n := float64(len(dims[0]))
	k := float64(len(cps))
	params := (k+1)*float64(paramsPerSeg(kind)*len(dims)) + k
	total := params * math.Log(n)
	for _, x := range dims {
		f := fitted(kind, x, cps)
		var rss float64
		for i := range x {
			rss += (x[i] - f[i]) * (x[i] - f[i])
		}
		total += n * math.Log(rss/n+1e-12)
	}
	return total
}

// paramsPerSeg is the number of parameters a segment has under kind.
func paramsPerSeg(kind CostKind) int {
	if kind == CostLinear {
		return 2
	}
	return 1
}

// Default is Detect with DefaultOptions as a Method.
func Default(s *Series) ([]int, error) {
	f, err := Detect(s, DefaultOptions())
	return f.CPs, err
}

package surge

import "math"

// CostKind selects a segment cost: twice the negative maximised
// log-likelihood of a segment under a model, up to a constant shared by
// all segmentations.
type CostKind int

const (
	// CostMean is a Gaussian change in mean with unit variance: the
	// residual sum of squares about the segment mean (R changepoint's
	// mean.norm). Scale the data first so that the noise variance is 1.
	CostMean CostKind = iota
	// CostMeanVar is a Gaussian change in mean and variance:
	// len·(log 2π + log σ̂² + 1) with σ̂² floored (meanvar.norm).
	CostMeanVar
	// CostPoisson is a Poisson change in rate for counts: 2·x·(log len − log x)
	// with x the segment sum (meanvar.poisson).
	CostPoisson
)

// String names the cost as the CLI and the reports do.
func (k CostKind) String() string {
	switch k {
	case CostMean:
		return "mean"
	case CostMeanVar:
		return "meanvar"
	case CostPoisson:
		return "poisson"
	}
	return "unknown"
}

// varFloor keeps the mean-and-variance cost finite on constant stretches.
const varFloor = 1e-11

// Coster evaluates a cost on half-open segments [a, b) in O(1) from prefix
// sums over one or more dimensions (the cost is summed over dimensions).
type Coster struct {
	Kind CostKind
	// LogLen adds log(b−a) per segment: R changepoint's MBIC segment term.
	LogLen bool
	s1, s2 [][]float64
}

// NewCoster builds prefix sums for dims (each of the same length).
func NewCoster(kind CostKind, dims ...[]float64) *Coster {
	c := &Coster{Kind: kind}
	for _, x := range dims {
		p1 := make([]float64, len(x)+1)
		p2 := make([]float64, len(x)+1)
		for i, v := range x {
			p1[i+1] = p1[i] + v
			p2[i+1] = p2[i] + v*v
		}
		c.s1 = append(c.s1, p1)
		c.s2 = append(c.s2, p2)
	}
	return c
}

// N returns the series length.
func (c *Coster) N() int {
	if len(c.s1) == 0 {
		return 0
	}
	return len(c.s1[0]) - 1
}

// Cost returns the cost of segment [a, b), b > a.
func (c *Coster) Cost(a, b int) float64 {
	n := float64(b - a)
	total := 0.0
	for d := range c.s1 {
		x := c.s1[d][b] - c.s1[d][a]
		x2 := c.s2[d][b] - c.s2[d][a]
		total += segCost(c.Kind, x, x2, n)
	}
	if c.LogLen {
		total += math.Log(n)
	}
	return total
}

// segCost is the cost of one dimension of a segment with sum x, sum of
// squares x2 and length n.
func segCost(kind CostKind, x, x2, n float64) float64 {
	switch kind {
	case CostMeanVar:
		v := (x2 - x*x/n) / n
		if v <= varFloor {
			v = varFloor
		}
		return n * (math.Log(2*math.Pi) + math.Log(v) + 1)
	case CostPoisson:
		if x <= 0 {
			return 0
		}
		return 2 * x * (math.Log(n) - math.Log(x))
	default:
		return x2 - x*x/n
	}
}

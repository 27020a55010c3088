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
	// CostLinear is a Gaussian change in a linear trend with unit variance:
	// the residual sum of squares of a least-squares line per segment.
	CostLinear
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
	case CostLinear:
		return "linear"
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
	// st, stt and stx are prefix sums of t, t² and t·x (CostLinear only).
	st, stt []float64
	stx     [][]float64
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
		if kind == CostLinear {
			c.stx = append(c.stx, prefixTX(x))
		}
	}
	if kind == CostLinear && len(dims) > 0 {
		c.st, c.stt = prefixT(len(dims[0]))
	}
	return c
}

// prefixT returns prefix sums of t and t² for t = 0…n−1.
func prefixT(n int) ([]float64, []float64) {
	st := make([]float64, n+1)
	stt := make([]float64, n+1)
	for i := range n {
		t := float64(i)
		st[i+1] = st[i] + t
		stt[i+1] = stt[i] + t*t
	}
	return st, stt
}

// prefixTX returns prefix sums of t·x[t].
func prefixTX(x []float64) []float64 {
	p := make([]float64, len(x)+1)
	for i, v := range x {
		p[i+1] = p[i] + float64(i)*v
	}
	return p
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
		if c.Kind == CostLinear {
			total += c.linearRSS(d, a, b, x, x2, n)
			continue
		}
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

// linearRSS is the residual sum of squares of the least-squares line through
// dimension d on [a, b).
func (c *Coster) linearRSS(d, a, b int, x, x2, n float64) float64 {
	rss := x2 - x*x/n
	t := c.st[b] - c.st[a]
	ctt := c.stt[b] - c.stt[a] - t*t/n
	if ctt <= 0 {
		return max(rss, 0)
	}
	ctx := c.stx[d][b] - c.stx[d][a] - t*x/n
	return max(rss-ctx*ctx/ctt, 0)
}

package surge

import (
	"fmt"
	"math"
)

// BOCPDConfig sets the model of Bayesian online change-point detection
// (Adams & MacKay 2007): a constant hazard 1/Lambda and, per dimension, an
// independent Normal-Gamma prior (mean Mu, pseudo-count Kappa, shape Alpha,
// rate Beta) on each regime's mean and precision.
type BOCPDConfig struct {
	Lambda                 float64
	Mu, Kappa, Alpha, Beta float64
	// Prune drops a run-length hypothesis whose posterior probability falls
	// below it (0 keeps all: exact but quadratic). The hypothesis on the
	// best (MAP) segmentation is always kept.
	Prune float64
}

// TCPDBOCPD is the benchmark's default: λ = 100, a = b = k = 1, m = 0 on
// z-scored data, truncation at 1e-4.
var TCPDBOCPD = BOCPDConfig{Lambda: 100, Mu: 0, Kappa: 1, Alpha: 1, Beta: 1, Prune: 1e-4}

// BOCPD is an online detector: one Update per observation, O(active runs)
// work each. Run lengths count the observations of the current regime
// including the newest, so a change probability refers to the newest point
// being the first of a new regime.
type BOCPD struct {
	cfg          BOCPDConfig
	dims         int
	logH, log1mH float64
	t            int
	// Per active run k (oldest first) and dimension d, index k*dims+d:
	// posterior Normal-Gamma parameters.
	mu, beta []float64
	n        []int     // run length
	start    []int     // index of the run's first observation
	logR     []float64 // log posterior of the run length
	vit      []float64 // best log joint of a segmentation ending in this run
	// prev[s] is the start of the segment before the one starting at s on
	// the best segmentation (−1 for the first).
	prev []int32
	lg   []float64 // cached per run length: log Γ(α+½) − log Γ(α) − ½log(κ+1)/κ …
	pred []float64 // scratch: log predictive per run
}

// NewBOCPD returns a detector for observations of dims dimensions.
func NewBOCPD(cfg BOCPDConfig, dims int) (*BOCPD, error) {
	if cfg.Lambda <= 1 || cfg.Kappa <= 0 || cfg.Alpha <= 0 || cfg.Beta <= 0 || dims < 1 {
		return nil, fmt.Errorf("bocpd: invalid config %+v for %d dims", cfg, dims)
	}
	h := 1 / cfg.Lambda
	return &BOCPD{cfg: cfg, dims: dims, logH: math.Log(h), log1mH: math.Log1p(-h)}, nil
}

// constTerm returns the part of the Student-t log density that depends only
// on the number m of observations already in the run: log Γ(α+½) − log Γ(α)
// − ½ log(2π(κ+1)/κ), with α, κ the posterior values after m points.
func (b *BOCPD) constTerm(m int) float64 {
	for len(b.lg) <= m {
		j := len(b.lg)
		a := b.cfg.Alpha + float64(j)/2
		k := b.cfg.Kappa + float64(j)
		la, _ := math.Lgamma(a + 0.5)
		lb, _ := math.Lgamma(a)
		b.lg = append(b.lg, la-lb-0.5*math.Log(2*math.Pi*(k+1)/k))
	}
	return b.lg[m]
}

// logPredict is the log Student-t predictive density of x under a run
// holding m points with per-dimension parameters mu, beta.
func (b *BOCPD) logPredict(x, mu, beta []float64, m int) float64 {
	a := b.cfg.Alpha + float64(m)/2
	c := b.constTerm(m)
	lp := 0.0
	for d, v := range x {
		z := v - mu[d]
		// scale² = β(κ+1)/(ακ); log density uses ν=2α and log(βν·…)
		lp += c - 0.5*math.Log(beta[d]) - (a+0.5)*math.Log1p(z*z*b.precFactor(m)/(2*beta[d]))
	}
	return lp
}

// precFactor is κ/(κ+1) after m points.
func (b *BOCPD) precFactor(m int) float64 {
	k := b.cfg.Kappa + float64(m)
	return k / (k + 1)
}

// T returns the number of observations processed.
func (b *BOCPD) T() int { return b.t }

// Runs returns the number of active run-length hypotheses.
func (b *BOCPD) Runs() int { return len(b.n) }

// Update adds one observation (one value per dimension) and returns the
// posterior probability that it is the first of a new regime.
func (b *BOCPD) Update(x ...float64) float64 {
	if len(x) != b.dims {
		panic(fmt.Sprintf("bocpd: %d values; want %d", len(x), b.dims))
	}
	prior0 := b.priorPredict(x)
	bestVit, bestStart := b.grow(x)
	pNew := b.logH + prior0
	if b.t == 0 {
		pNew, bestVit, bestStart = prior0, 0, -1
	}
	b.appendRun(pNew, bestVit+b.logH+prior0, bestStart)
	if b.t == 0 {
		b.vit[0] = prior0
	}
	pc := b.normalise()
	b.absorb(x)
	b.prune()
	b.t++
	return pc
}

// priorPredict is the log predictive density of x under a fresh regime.
func (b *BOCPD) priorPredict(x []float64) float64 {
	mu := make([]float64, b.dims)
	beta := make([]float64, b.dims)
	for d := range mu {
		mu[d], beta[d] = b.cfg.Mu, b.cfg.Beta
	}
	return b.logPredict(x, mu, beta, 0)
}

// grow extends every run by x and returns the best segmentation score and
// run start before the extension (for a change at x).
func (b *BOCPD) grow(x []float64) (float64, int) {
	bestVit, bestStart := math.Inf(-1), -1
	for k := range b.n {
		lp := b.logPredict(x, b.mu[k*b.dims:(k+1)*b.dims], b.beta[k*b.dims:(k+1)*b.dims], b.n[k])
		if b.vit[k] > bestVit {
			bestVit, bestStart = b.vit[k], b.start[k]
		}
		b.logR[k] += b.log1mH + lp
		b.vit[k] += b.log1mH + lp
	}
	return bestVit, bestStart
}

// appendRun adds the hypothesis that x starts a new regime.
func (b *BOCPD) appendRun(logR, vit float64, prevStart int) {
	b.n = append(b.n, 0)
	b.start = append(b.start, b.t)
	b.logR = append(b.logR, logR)
	b.vit = append(b.vit, vit)
	for range b.dims {
		b.mu = append(b.mu, b.cfg.Mu)
		b.beta = append(b.beta, b.cfg.Beta)
	}
	b.prev = append(b.prev, int32(prevStart))
}

// normalise rescales logR to a distribution and returns the probability of
// the newest (just appended) run.
func (b *BOCPD) normalise() float64 {
	m := math.Inf(-1)
	for _, v := range b.logR {
		m = max(m, v)
	}
	s := 0.0
	for _, v := range b.logR {
		s += math.Exp(v - m)
	}
	z := m + math.Log(s)
	for k := range b.logR {
		b.logR[k] -= z
	}
	return math.Exp(b.logR[len(b.logR)-1])
}

// absorb updates every run's Normal-Gamma posterior with x.
func (b *BOCPD) absorb(x []float64) {
	for k := range b.n {
		kap := b.cfg.Kappa + float64(b.n[k])
		for d, v := range x {
			i := k*b.dims + d
			z := v - b.mu[i]
			b.beta[i] += kap * z * z / (2 * (kap + 1))
			b.mu[i] += z / (kap + 1)
		}
		b.n[k]++
	}
}

// prune drops runs below the probability threshold, keeping the MAP run.
func (b *BOCPD) prune() {
	if b.cfg.Prune <= 0 {
		return
	}
	lim := math.Log(b.cfg.Prune)
	keep := b.bestRun()
	j := 0
	for k := range b.n {
		if b.logR[k] < lim && k != keep {
			continue
		}
		b.n[j], b.start[j], b.logR[j], b.vit[j] = b.n[k], b.start[k], b.logR[k], b.vit[k]
		copy(b.mu[j*b.dims:(j+1)*b.dims], b.mu[k*b.dims:(k+1)*b.dims])
		copy(b.beta[j*b.dims:(j+1)*b.dims], b.beta[k*b.dims:(k+1)*b.dims])
		j++
	}
	b.n, b.start, b.logR, b.vit = b.n[:j], b.start[:j], b.logR[:j], b.vit[:j]
	b.mu, b.beta = b.mu[:j*b.dims], b.beta[:j*b.dims]
}

// bestRun returns the index of the run on the best segmentation so far.
func (b *BOCPD) bestRun() int {
	best := 0
	for k := range b.vit {
		if b.vit[k] > b.vit[best] {
			best = k
		}
	}
	return best
}

// MAP returns the change points of the most probable segmentation of the
// data so far (first indices of new regimes, ascending), like the maxCPs
// list of the R ocp package.
func (b *BOCPD) MAP() []int {
	if len(b.n) == 0 {
		return nil
	}
	var cps []int
	for s := b.start[b.bestRun()]; s > 0; s = int(b.prev[s]) {
		cps = append(cps, s)
	}
	for i, j := 0, len(cps)-1; i < j; i, j = i+1, j-1 {
		cps[i], cps[j] = cps[j], cps[i]
	}
	return cps
}

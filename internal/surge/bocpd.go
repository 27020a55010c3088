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
	// Lag is the window of the reported change probability: Update returns
	// the posterior probability that the current regime began within the
	// last Lag observations (0 or 1: at the newest one). A single point
	// rarely proves a change; a lag of a few points trades delay for
	// confidence.
	Lag int
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
	mu, beta, logBeta []float64
	n                 []int     // run length
	start             []int     // index of the run's first observation
	logR              []float64 // log posterior of the run length, plus off
	off               float64   // log normaliser: posterior = exp(logR − off)
	maxLogR           float64   // largest logR after the last grow
	best              int       // index of the run on the best segmentation
	part              []float64 // scratch of grow1: the log density without its log β term
	vit               []float64 // best log joint of a segmentation ending in this run
	// prev[s] is the start of the segment before the one starting at s on
	// the best segmentation (−1 for the first).
	prev []int32
	tab  []mtab // per number m of points in a run: model constants
}

// NewBOCPD returns a detector for observations of dims dimensions.
func NewBOCPD(cfg BOCPDConfig, dims int) (*BOCPD, error) {
	if cfg.Lambda <= 1 || cfg.Kappa <= 0 || cfg.Alpha <= 0 || cfg.Beta <= 0 || dims < 1 {
		return nil, fmt.Errorf("bocpd: invalid config %+v for %d dims", cfg, dims)
	}
	h := 1 / cfg.Lambda
	return &BOCPD{cfg: cfg, dims: dims, logH: math.Log(h), log1mH: math.Log1p(-h)}, nil
}

// mtab holds, for a run of m points, α, 1/(κ+1), κ/(2(κ+1)) and the
// constant of the Student-t log density log Γ(α+½) − log Γ(α) −
// ½ log(2π(κ+1)/κ), with α, κ the posterior values after m points.
type mtab struct{ a, inv, half, c float64 }

// constants returns the table entry for m points, extending the table.
func (b *BOCPD) constants(m int) *mtab {
	for len(b.tab) <= m {
		j := len(b.tab)
		a := b.cfg.Alpha + float64(j)/2
		k := b.cfg.Kappa + float64(j)
		la, _ := math.Lgamma(a + 0.5)
		lb, _ := math.Lgamma(a)
		b.tab = append(b.tab, mtab{a: a, inv: 1 / (k + 1), half: k / (2 * (k + 1)), c: la - lb - 0.5*math.Log(2*math.Pi*(k+1)/k)})
	}
	return &b.tab[m]
}

// logPredict returns the log Student-t predictive density of v under a
// run holding m points with Normal-Gamma parameters mu, beta (log β =
// logBeta), and the β after absorbing v, and its log. With q = κz²/(2(κ+1))
// the density is c(m) + α·log β − (α+½)·log(β+q), and β+q is the updated β,
// so one logarithm per run and dimension serves both.
func (b *BOCPD) logPredict(v, mu, beta, logBeta float64, m int) (lp, nb, lnb float64) {
	t := b.constants(m)
	z := v - mu
	nb = beta + t.half*z*z
	lnb = math.Log(nb)
	return t.c + t.a*logBeta - (t.a+0.5)*lnb, nb, lnb
}

// T returns the number of observations processed.
func (b *BOCPD) T() int { return b.t }

// Runs returns the number of active run-length hypotheses.
func (b *BOCPD) Runs() int { return len(b.n) }

// Update adds one observation (one value per dimension) and returns the
// posterior probability that the current regime began within the last Lag
// observations (at this one when Lag ≤ 1).
func (b *BOCPD) Update(x ...float64) float64 {
	if len(x) != b.dims {
		panic(fmt.Sprintf("bocpd: %d values; want %d", len(x), b.dims))
	}
	prior0 := b.priorPredict(x)
	bestVit, bestStart := b.grow(x)
	pNew := b.off + b.logH + prior0
	if b.t == 0 {
		pNew, bestVit, bestStart = prior0, 0, -1
	}
	b.appendRun(x, pNew, bestVit+b.logH+prior0, bestStart)
	if b.t == 0 {
		b.vit[0] = prior0
	}
	b.normalise()
	pc := b.ChangeProb(max(b.cfg.Lag, 1))
	b.prune()
	b.t++
	return pc
}

// ChangeProb returns the posterior probability that the current regime
// began within the last lag observations (run length ≤ lag). Runs are kept
// oldest first, so the recent ones are at the end.
func (b *BOCPD) ChangeProb(lag int) float64 {
	p := 0.0
	for k := len(b.n) - 1; k >= 0 && b.t-b.start[k] < lag; k-- {
		p += math.Exp(b.logR[k] - b.off)
	}
	return min(p, 1)
}

// priorPredict is the log predictive density of x under a fresh regime.
func (b *BOCPD) priorPredict(x []float64) float64 {
	lp := 0.0
	lb := math.Log(b.cfg.Beta)
	for _, v := range x {
		p, _, _ := b.logPredict(v, b.cfg.Mu, b.cfg.Beta, lb, 0)
		lp += p
	}
	return lp
}

// grow extends every run by x, updating its posterior in place, and returns
// the best segmentation score and run start before the extension (for a
// change at x). It records the largest new logR for normalise.
func (b *BOCPD) grow(x []float64) (float64, int) {
	if len(b.n) > 0 {
		b.constants(b.n[0]) // runs are oldest first: the table covers all
	}
	if b.dims == 1 {
		return b.grow1(x[0])
	}
	bestVit, bestStart := math.Inf(-1), -1
	b.maxLogR = math.Inf(-1)
	b.best = 0
	for k, m := range b.n {
		if b.vit[k] > bestVit {
			bestVit, bestStart = b.vit[k], b.start[k]
		}
		t := &b.tab[m]
		lp := 0.0
		for d, v := range x {
			i := k*b.dims + d
			z := v - b.mu[i]
			nb := b.beta[i] + t.half*z*z
			lnb := math.Log(nb)
			lp += t.c + t.a*b.logBeta[i] - (t.a+0.5)*lnb
			b.mu[i] += z * t.inv
			b.beta[i], b.logBeta[i] = nb, lnb
		}
		b.n[k]++
		b.logR[k] += b.log1mH + lp
		b.vit[k] += b.log1mH + lp
		b.maxLogR = max(b.maxLogR, b.logR[k])
		if b.vit[k] > b.vit[b.best] {
			b.best = k
		}
	}
	return bestVit, bestStart
}

// grow1 is grow for one dimension, the hot path, in three passes over
// contiguous arrays so that the loop holding the logarithm calls (Go spills
// every live register around a call) carries nothing else: the updated β
// and the log-density terms that need no new logarithm, then log β, then
// the run posteriors, the best segmentation and the maximum.
func (b *BOCPD) grow1(v float64) (float64, int) {
	nr := len(b.n)
	if cap(b.part) < nr {
		b.part = make([]float64, nr, 2*nr)
	}
	part := b.part[:nr]
	mu, beta, logBeta := b.mu[:nr], b.beta[:nr], b.logBeta[:nr]
	n, tab, log1mH := b.n[:nr], b.tab, b.log1mH
	for k, m := range n {
		t := &tab[m]
		z := v - mu[k]
		mu[k] += z * t.inv
		beta[k] += t.half * z * z
		part[k] = log1mH + t.c + t.a*logBeta[k]
	}
	logAll(logBeta, beta)
	bestVit, bestStart := math.Inf(-1), -1
	maxR, newVit, newBest := math.Inf(-1), math.Inf(-1), 0
	logR, vit, start := b.logR[:nr], b.vit[:nr], b.start[:nr]
	for k, m := range n {
		vk := vit[k]
		if vk > bestVit {
			bestVit, bestStart = vk, start[k]
		}
		lp := part[k] - (tab[m].a+0.5)*logBeta[k]
		n[k] = m + 1
		r := logR[k] + lp
		logR[k] = r
		if r > maxR { // not max(): its NaN and ±0 handling costs a third of this loop
			maxR = r
		}
		vk += lp
		vit[k] = vk
		if vk > newVit {
			newVit, newBest = vk, k
		}
	}
	b.maxLogR, b.best = maxR, newBest
	return bestVit, bestStart
}

// appendRun adds the hypothesis that x starts a new regime, its posterior
// already holding x.
func (b *BOCPD) appendRun(x []float64, logR, vit float64, prevStart int) {
	b.n = append(b.n, 1)
	b.start = append(b.start, b.t)
	b.logR = append(b.logR, logR)
	b.vit = append(b.vit, vit)
	lb := math.Log(b.cfg.Beta)
	for _, v := range x {
		_, nb, lnb := b.logPredict(v, b.cfg.Mu, b.cfg.Beta, lb, 0)
		b.mu = append(b.mu, b.cfg.Mu+(v-b.cfg.Mu)*b.constants(0).inv)
		b.beta = append(b.beta, nb)
		b.logBeta = append(b.logBeta, lnb)
	}
	b.prev = append(b.prev, int32(prevStart))
	if k := len(b.vit) - 1; k == 0 || vit > b.vit[b.best] {
		b.best = k
	}
}

// normalise updates the log normaliser off; logR is rebased now and then
// so that its values stay small.
func (b *BOCPD) normalise() {
	m := max(b.maxLogR, b.logR[len(b.logR)-1])
	s := 0.0
	for _, v := range b.logR {
		s += expFast(v - m)
	}
	b.off = m + math.Log(s)
	if math.Abs(b.off) > 1e4 {
		for k := range b.logR {
			b.logR[k] -= b.off
		}
		b.off = 0
	}
}

// prune drops runs below the probability threshold, keeping the MAP run.
// Nothing is copied until the first run to drop.
func (b *BOCPD) prune() {
	if b.cfg.Prune <= 0 {
		return
	}
	lim := math.Log(b.cfg.Prune) + b.off
	keep := b.best
	j := 0
	for j < len(b.n) && (b.logR[j] >= lim || j == keep) {
		j++
	}
	for k := j; k < len(b.n); k++ {
		if b.logR[k] < lim && k != keep {
			continue
		}
		b.move(j, k)
		j++
	}
	b.n, b.start, b.logR, b.vit = b.n[:j], b.start[:j], b.logR[:j], b.vit[:j]
	b.mu, b.beta, b.logBeta = b.mu[:j*b.dims], b.beta[:j*b.dims], b.logBeta[:j*b.dims]
}

// move copies run k into slot j.
func (b *BOCPD) move(j, k int) {
	b.n[j], b.start[j], b.logR[j], b.vit[j] = b.n[k], b.start[k], b.logR[k], b.vit[k]
	d := b.dims
	copy(b.mu[j*d:(j+1)*d], b.mu[k*d:(k+1)*d])
	copy(b.beta[j*d:(j+1)*d], b.beta[k*d:(k+1)*d])
	copy(b.logBeta[j*d:(j+1)*d], b.logBeta[k*d:(k+1)*d])
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

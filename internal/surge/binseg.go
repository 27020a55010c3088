package surge

import (
	"math"
	"slices"
)

// BinSeg is binary segmentation as R changepoint (≥ 2.2) implements it: up
// to q splits, each the single best split of any current segment by the
// likelihood-ratio gain λ = −½(C(left) + C(right) − C(whole)); the k-th
// accepted split is kept while 2·min(λ₁…λ_k) ≥ pen. Candidates follow R:
// a split after 1-based position j is tried for 2 ≤ j ≤ n−3, with at least
// minLen+1 points on the left and minLen on the right. It returns the change
// points as first indices of new segments, ascending.
func BinSeg(c *Coster, pen float64, q, minLen int) []int {
	n := c.N()
	tau := []int{0, n}
	var cps []int
	oldmax := math.Inf(1)
	for range q {
		gain, at := bestSplit(c, tau, n, minLen)
		oldmax = min(oldmax, gain)
		if at <= 0 || 2*oldmax < pen {
			break
		}
		cps = append(cps, at)
		tau = append(tau, at)
		slices.Sort(tau)
	}
	slices.Sort(cps)
	return cps
}

// bestSplit scans every segment between consecutive boundaries in tau and
// returns the largest gain and its split (0 when no gain is positive).
func bestSplit(c *Coster, tau []int, n, minLen int) (float64, int) {
	best, at := 0.0, 0
	for i := 0; i+1 < len(tau); i++ {
		st, end := tau[i]+1, tau[i+1] // 1-based inclusive segment st…end
		whole := -0.5 * c.Cost(st-1, end)
		for j := max(st, 2); j <= min(end-1, n-3); j++ {
			if j-st < minLen || end-j < minLen {
				continue
			}
			g := -0.5*c.Cost(st-1, j) - 0.5*c.Cost(j, end) - whole
			if g > best {
				best, at = g, j
			}
		}
	}
	return best, at
}

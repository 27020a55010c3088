package surge

import "math"

// PELT finds the segmentation of [0, n) minimising Σ cost + pen per change
// (Killick, Fearnhead & Eckley 2012), exact with pruning: a candidate s is
// dropped once F(s) + C(s, t) > F(t). Segments have at least minLen points.
// It returns the change points as first indices of new segments, ascending.
func PELT(c *Coster, pen float64, minLen int) []int {
	n := c.N()
	minLen = max(minLen, 1)
	if n < 2*minLen {
		return nil
	}
	f := make([]float64, n+1)
	last := make([]int, n+1)
	f[0] = -pen
	cands := make([]int, 0, 64)
	vals := make([]float64, 0, 64)
	fast := c.Kind == CostMean && len(c.s1) == 1 && !c.LogLen
	for t := minLen; t <= n; t++ {
		if s := t - minLen; s == 0 || s >= minLen {
			cands = append(cands, s)
		}
		var best float64
		var arg int
		if fast {
			vals, best, arg = meanStep(c.s1[0], c.s2[0], f, cands, vals[:0], t, pen)
		} else {
			vals, best, arg = costStep(c, f, cands, vals[:0], t, pen)
		}
		f[t], last[t] = best, arg
		cands = prune(cands, vals, best+pen)
	}
	return backtrack(last, n)
}

// costStep evaluates F(s) + C(s, t) + pen for every candidate s, appending
// to vals, and returns the minimum and its candidate (the first on a tie).
func costStep(c *Coster, f []float64, cands []int, vals []float64, t int, pen float64) ([]float64, float64, int) {
	best, arg := math.Inf(1), -1
	for _, s := range cands {
		v := f[s] + c.Cost(s, t) + pen
		vals = append(vals, v)
		if v < best {
			best, arg = v, s
		}
	}
	return vals, best, arg
}

// meanStep is costStep specialised to one dimension and the mean cost, the
// hot loop on long series.
func meanStep(s1, s2, f []float64, cands []int, vals []float64, t int, pen float64) ([]float64, float64, int) {
	best, arg := math.Inf(1), -1
	x1, x2 := s1[t], s2[t]
	for _, s := range cands {
		d1 := x1 - s1[s]
		v := f[s] + (x2 - s2[s]) - d1*d1/float64(t-s) + pen
		vals = append(vals, v)
		if v < best {
			best, arg = v, s
		}
	}
	return vals, best, arg
}

// prune keeps the candidates whose value does not exceed limit.
func prune(cands []int, vals []float64, limit float64) []int {
	k := 0
	for i, s := range cands {
		if vals[i] <= limit {
			cands[k] = s
			k++
		}
	}
	return cands[:k]
}

// backtrack follows last[] from n to 0 and returns the interior change points
// in ascending order.
func backtrack(last []int, n int) []int {
	var cps []int
	for t := last[n]; t > 0; t = last[t] {
		cps = append(cps, t)
	}
	for i, j := 0, len(cps)-1; i < j; i, j = i+1, j-1 {
		cps[i], cps[j] = cps[j], cps[i]
	}
	return cps
}

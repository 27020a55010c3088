package surge

import (
	"math"
	"sort"
)

// Standardize returns (x−mean)/sd with the sample standard deviation, as R's
// scale() does; a constant series is only centred. NaNs are ignored for the
// moments and kept in place.
func Standardize(x []float64) []float64 {
	var sum float64
	n := 0
	for _, v := range x {
		if !math.IsNaN(v) {
			sum += v
			n++
		}
	}
	out := make([]float64, len(x))
	if n == 0 {
		copy(out, x)
		return out
	}
	mean := sum / float64(n)
	var ss float64
	for _, v := range x {
		if !math.IsNaN(v) {
			ss += (v - mean) * (v - mean)
		}
	}
	sd := 1.0
	if n > 1 && ss > 0 {
		sd = math.Sqrt(ss / float64(n-1))
	}
	for i, v := range x {
		out[i] = (v - mean) / sd
	}
	return out
}

// Median returns the median of x (x is not modified); NaN for empty x.
func Median(x []float64) float64 {
	if len(x) == 0 {
		return math.NaN()
	}
	s := append([]float64(nil), x...)
	sort.Float64s(s)
	m := len(s) / 2
	if len(s)%2 == 1 {
		return s[m]
	}
	return (s[m-1] + s[m]) / 2
}

// DiffScale is a robust estimate of the noise standard deviation: the MAD of
// first differences divided by √2·0.6745, so that it is not inflated by level
// shifts. It falls back to the standard deviation of the differences when
// the MAD is zero (e.g. count series with many ties), and to 1.
func DiffScale(x []float64) float64 {
	if len(x) < 3 {
		return 1
	}
	d := make([]float64, len(x)-1)
	for i := 1; i < len(x); i++ {
		d[i-1] = x[i] - x[i-1]
	}
	med := Median(d)
	dev := make([]float64, len(d))
	for i, v := range d {
		dev[i] = math.Abs(v - med)
	}
	if mad := Median(dev); mad > 0 {
		return mad / 0.6745 / math.Sqrt2
	}
	var ss float64
	for _, v := range d {
		ss += (v - med) * (v - med)
	}
	if ss > 0 {
		return math.Sqrt(ss/float64(len(d))) / math.Sqrt2
	}
	return 1
}

// FillMissing replaces NaNs by linear interpolation between the nearest
// observed neighbours (constant extrapolation at the ends) and returns the
// number replaced. A series with no observed value becomes zeros.
func FillMissing(x []float64) int {
	last, filled := -1, 0
	for i := range x {
		if math.IsNaN(x[i]) {
			continue
		}
		filled += fillGap(x, last, i)
		last = i
	}
	return filled + fillGap(x, last, len(x))
}

// fillGap fills x[a+1:b] from the observed x[a] and x[b] (either may be out
// of range).
func fillGap(x []float64, a, b int) int {
	n := 0
	for j := a + 1; j < b; j++ {
		switch {
		case a >= 0 && b < len(x):
			w := float64(j-a) / float64(b-a)
			x[j] = x[a]*(1-w) + x[b]*w
		case a >= 0:
			x[j] = x[a]
		case b < len(x):
			x[j] = x[b]
		default:
			x[j] = 0
		}
		n++
	}
	return n
}

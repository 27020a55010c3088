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

// expFast is e^x to a relative error below 1e-8 (math.Exp: ≈1e-16), for
// sums of probabilities where speed matters more: x = n·ln 2 + u with
// |u| ≤ ln2/2 (n rounded by the 1.5·2⁵² trick), e^u from its Taylor series
// to degree 8, and 2^n from the exponent bits. Below −708 it returns 0,
// above 709 e^709.
func expFast(x float64) float64 {
	if x < -708 {
		return 0
	}
	x = min(x, 709)
	const round = 0x1.8p52
	n := (x*math.Log2E + round) - round
	u := x - n*math.Ln2
	p := 1 + u*(1+u*(1.0/2+u*(1.0/6+u*(1.0/24+u*(1.0/120+u*(1.0/720+u*(1.0/5040+u*(1.0/40320))))))))
	return p * math.Float64frombits(uint64(int64(n)+1023)<<52)
}

// logAll sets dst[i] = ln src[i]. Positive normal values take an
// inline series, about 1e-15 relative, with no call in the loop (a call
// spills every live register in Go): with x = 2^e·m, m in [√½, √2),
// ln m = 2·atanh(s) for s = (m−1)/(m+1), |s| ≤ 0.172, summed as the odd
// series to s¹⁷. Other values go to math.Log.
func logAll(dst, src []float64) {
	dst = dst[:len(src)]
	for i, x := range src {
		bits := math.Float64bits(x)
		if ex := bits >> 52; ex == 0 || ex >= 0x7ff {
			dst[i] = math.Log(x)
			continue
		}
		e := float64(int64(bits>>52) - 1023)
		m := math.Float64frombits(bits&(1<<52-1) | 1023<<52)
		if m > math.Sqrt2 {
			m *= 0.5
			e++
		}
		s := (m - 1) / (m + 1)
		z := s * s
		p := 1 + z*(1.0/3+z*(1.0/5+z*(1.0/7+z*(1.0/9+z*(1.0/11+z*(1.0/13+z*(1.0/15+z*(1.0/17))))))))
		dst[i] = e*math.Ln2 + 2*s*p
	}
}

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

// expFast is e^x to a relative error below 1e-13 (math.Exp: ≈1e-16) and
// inlinable, for sums of probabilities in hot loops: x = (k/64)·ln 2 + u
// with k rounded by the 1.5·2⁵² trick and |u| ≤ ln2/128, e^x = 2^(k>>6) ·
// 2^((k&63)/64) · e^u with the middle factor from a table and e^u from its
// series to u⁴. Below −708 it returns 0, above 709 e^709.
func expFast(x float64) float64 {
	if x < -708 {
		return 0
	}
	x = min(x, 709)
	const round = 0x1.8p52
	kf := (x*(64*math.Log2E) + round) - round
	// ln 2/64 split in two so that kf·hi is exact (hi has 32 zero bits).
	const hi, lo = 6.93147180369123816490e-01 / 64, 1.90821492927058770002e-10 / 64
	u := (x - kf*hi) - kf*lo
	k := int64(kf)
	p := 1 + u*(1+u*(1.0/2+u*(1.0/6+u*(1.0/24))))
	return p * exp2Table[k&63] * math.Float64frombits(uint64(k>>6+1023)<<52)
}

// exp2Table holds 2^(j/64) for j = 0…63 (expFast).
var exp2Table = func() (t [64]float64) {
	for j := range t {
		t[j] = math.Exp2(float64(j) / 64)
	}
	return t
}()

// logAll sets dst[i] = ln src[i], to about 1e-15 (absolute for values
// near 1, relative otherwise), with no call in the loop for positive normal
// values (a call spills every live register in Go): with x = 2^e·m, m in
// [1, 2), and c the centre of m's 1/128 interval, ln x = e·ln 2 + ln c +
// ln(1+r) with r = m/c − 1, |r| < 1/256, from its series to r⁶; ln c and
// 1/c come from a table. Other values go to math.Log.
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
		c := &logTable[(bits>>45)&127]
		r := m*c.inv - 1
		p := r * (1 - r*(1.0/2-r*(1.0/3-r*(1.0/4-r*(1.0/5-r*(1.0/6))))))
		dst[i] = e*math.Ln2 + c.log + p
	}
}

// logTable holds, for the 128 intervals [1+i/128, 1+(i+1)/128), the
// reciprocal and the logarithm of the interval's centre (logAll).
var logTable = func() (t [128]struct{ inv, log float64 }) {
	for i := range t {
		c := 1 + (float64(i)+0.5)/128
		t[i].inv, t[i].log = 1/c, math.Log(c)
	}
	return t
}()

package surge

// autocorr returns the lag-k sample autocorrelation of x.
func autocorr(x []float64, k int) float64 {
	var m float64
	for _, v := range x {
		m += v
	}
	m /= float64(len(x))
	var num, den float64
	for i, v := range x {
		den += (v - m) * (v - m)
		if i >= k {
			num += (v - m) * (x[i-k] - m)
		}
	}
	if den == 0 {
		return 0
	}
	return num / den
}

// SeasonalPeriod returns the lag p in 3…min(n/4, 60) at which the
// autocorrelation of the first differences is largest, when it exceeds thr
// (0 otherwise). Differencing removes level shifts and trends, so a strong
// peak is periodicity (12 for monthly data, 7 for daily activity).
func SeasonalPeriod(x []float64, thr float64) int {
	if len(x) < 16 {
		return 0
	}
	d := make([]float64, len(x)-1)
	for i := range d {
		d[i] = x[i+1] - x[i]
	}
	best, bp := thr, 0
	for k := 3; k <= min(len(x)/4, 60); k++ {
		if a := autocorr(d, k); a > best {
			best, bp = a, k
		}
	}
	return bp
}

// Deseason removes a seasonal pattern of period p (classical decomposition):
// the per-phase median deviation from a centred moving average of length p,
// centred to sum to zero.
func Deseason(x []float64, p int) []float64 {
	ma := movingAverage(x, p)
	idx := make([]float64, p)
	mean := 0.0
	for ph := range p {
		var dev []float64
		for i := ph; i < len(x); i += p {
			dev = append(dev, x[i]-ma[i])
		}
		idx[ph] = Median(dev)
		mean += idx[ph] / float64(p)
	}
	out := make([]float64, len(x))
	for i, v := range x {
		out[i] = v - (idx[i%p] - mean)
	}
	return out
}

// movingAverage is a length-p moving average centred where possible and
// shifted inwards at the ends.
func movingAverage(x []float64, p int) []float64 {
	n := len(x)
	out := make([]float64, n)
	for i := range x {
		a := min(max(0, i-p/2), max(0, n-p))
		b := min(n, a+p)
		s := 0.0
		for _, v := range x[a:b] {
			s += v
		}
		out[i] = s / float64(b-a)
	}
	return out
}

package track

import "math"

// sincosDeg returns sin and cos of x degrees. It sits on the segmenter's
// hot path (a course and a latitude per fix), where math.Sincos and
// math.Cos cost about half of the arithmetic. It looks up the nearest
// tenth of a degree (AIS courses are in tenths, so these are exact) and
// rotates by the remainder r (|r| ≤ 0.05°) with Taylor series of sin r and
// cos r; the truncation error is below 1e-18, far under float64 rounding.
func sincosDeg(x float64) (sin, cos float64) {
	if !(x >= 0 && x <= 360) {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return math.NaN(), math.NaN()
		}
		x = math.Mod(x, 360)
		if x < 0 {
			x += 360
		}
	}
	k := int(x*10 + 0.5)
	r := (x - float64(k)/10) * (math.Pi / 180)
	r2 := r * r
	sr := r * (1 - r2/6*(1-r2/20))
	cr := 1 - r2/2*(1-r2/12*(1-r2/30))
	s, c := trigTable[k][0], trigTable[k][1]
	return s*cr + c*sr, c*cr - s*sr
}

// trigTable holds sin and cos of every tenth of a degree in [0, 360].
var trigTable = func() (t [3601][2]float64) {
	for k := range t {
		t[k][0], t[k][1] = math.Sincos(float64(k) / 10 * (math.Pi / 180))
	}
	return t
}()

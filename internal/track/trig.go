package track

import "math"

// sincosDeg returns sin and cos of x degrees. It is the formula of the
// segmenter's hot path (a course and a latitude per fix, through
// sincosCourse and cosDeg), where math.Sincos and math.Cos cost about half
// of the arithmetic. It looks up the nearest tenth of a degree and rotates
// by the remainder r (|r| ≤ 0.05°) with Taylor series of sin r and cos r;
// the truncation error is below 1e-18, far under float64 rounding.
func sincosDeg(x float64) (sin, cos float64) {
	if !(x >= 0 && x <= 360) {
		if x = mod360(x); x != x {
			return x, x // NaN
		}
	}
	e := &trigTable[int(x*10+0.5)]
	sr, cr := rotation(x - e.tenth)
	return e.sin*cr + e.cos*sr, e.cos*cr - e.sin*sr
}

// cosDeg is the cos of sincosDeg (bit for bit: the same operations, less
// the sine's), for latitudes, whose sine no comparison reads.
func cosDeg(x float64) float64 {
	if !(x >= 0 && x <= 360) {
		if x = mod360(x); x != x {
			return x // NaN
		}
	}
	e := &trigTable[int(x*10+0.5)]
	sr, cr := rotation(x - e.tenth)
	return e.cos*cr - e.sin*sr
}

// rotation returns the sine and cosine of d degrees, |d| ≤ 0.05: x less
// the nearest tenth of a degree, which trigTable holds as float64(k) / 10
// (that very quotient, a load instead of a division on the way from x to
// the result).
func rotation(d float64) (sr, cr float64) {
	r := d * (math.Pi / 180)
	r2 := r * r
	sr = r * (1 - r2/6*(1-r2/20))
	cr = 1 - r2/2*(1-r2/12*(1-r2/30))
	return sr, cr
}

// mod360 returns x modulo 360 in [0, 360), or NaN when x is NaN or
// infinite.
func mod360(x float64) float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return math.NaN()
	}
	x = math.Mod(x, 360)
	if x < 0 {
		x += 360
	}
	return x
}

// trigEntry is sin and cos of a tenth of a degree, and that tenth.
type trigEntry struct{ sin, cos, tenth float64 }

// trigTable holds sin and cos of every tenth of a degree in [0, 360].
var trigTable = func() (t [3601]trigEntry) {
	for k := range t {
		e := &t[k]
		e.tenth = float64(k) / 10
		e.sin, e.cos = math.Sincos(e.tenth * (math.Pi / 180))
	}
	return t
}()

// sincosCourse is sincosDeg for a course, bit for bit, from a table where
// x is an AIS course: k tenths of a degree, as decoders hand it on
// (float32(float64(k) / 10)), the course of every AIS report and of CSV
// rows with one decimal. Those are not exact tenths (float32 has no
// 0.1), so trigTable alone does not give their sine; courseTable holds
// sincosDeg of each. Any other x takes sincosDeg.
func sincosCourse(x float64) (sin, cos float64) {
	if k := int(x*10 + 0.5); x >= 0 && uint(k) < uint(len(courseTable)) {
		if e := &courseTable[k]; float64(e.x) == x {
			return e.sin, e.cos
		}
	}
	return sincosDeg(x)
}

// courseEntry is sincosDeg of the course x.
type courseEntry struct {
	sin, cos float64
	x        float32
}

// courseTable holds, for k in [0, 3600], sincosDeg of the course of k
// tenths of a degree as AIS decoders store it.
var courseTable = func() (t [3601]courseEntry) {
	for k := range t {
		e := &t[k]
		e.x = float32(float64(k) / 10)
		e.sin, e.cos = sincosDeg(float64(e.x))
	}
	return t
}()

package track

import (
	"math"
	"math/rand/v2"
	"testing"
)

// sincosDegRef is sincosDeg as it was before its tenth came from the
// table and cosDeg and sincosCourse joined it: the formula whose every
// bit segmenting decisions depend on.
func sincosDegRef(x float64) (sin, cos float64) {
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
	s, c := math.Sincos(float64(k) / 10 * (math.Pi / 180))
	return s*cr + c*sr, c*cr - s*sr
}

// sameBits reports whether a and b are the same float64, NaN equal to
// any NaN.
func sameBits(a, b float64) bool {
	return math.Float64bits(a) == math.Float64bits(b) || a != a && b != b
}

// checkTrig fails unless sincosDeg, cosDeg and sincosCourse give x
// exactly what sincosDegRef gives.
func checkTrig(t *testing.T, x float64) {
	t.Helper()
	ws, wc := sincosDegRef(x)
	if s, c := sincosDeg(x); !sameBits(s, ws) || !sameBits(c, wc) {
		t.Fatalf("sincosDeg(%v) = %v, %v; was %v, %v", x, s, c, ws, wc)
	}
	if c := cosDeg(x); !sameBits(c, wc) {
		t.Fatalf("cosDeg(%v) = %v; was %v", x, c, wc)
	}
	if s, c := sincosCourse(x); !sameBits(s, ws) || !sameBits(c, wc) {
		t.Fatalf("sincosCourse(%v) = %v, %v; was %v, %v", x, s, c, ws, wc)
	}
}

// trigInputs returns courses as AIS and CSV sources give them (float32
// tenths, every one, and their float32 and float64 neighbours), exact
// tenths, latitudes on the AIS grid (1/600000 degree) and as CSV decimals,
// edges (0, -0, poles, 90/91/180/181/360 placeholders and bounds, values
// just inside and outside [0, 360], huge, tiny, infinite, NaN) and random
// values far outside [0, 360].
func trigInputs() []float64 {
	xs := []float64{0, math.Copysign(0, -1), 90, -90, 91, -91, 180, -180, 181, -181, 360, -360, 720,
		math.Nextafter(360, 0), math.Nextafter(360, 400), math.Nextafter(0, -1), math.Nextafter(0, 1),
		5e-324, 1e-300, 1e300, -1e300, math.MaxFloat64, math.Inf(1), math.Inf(-1), math.NaN(),
		0.05, 0.049999, 359.95, 359.99, 102.3, 511}
	for k := range 3601 {
		tenth := float64(k) / 10
		c := float32(tenth)
		xs = append(xs, tenth, -tenth, float64(c),
			float64(math.Nextafter32(c, 0)), float64(math.Nextafter32(c, 400)),
			math.Nextafter(float64(c), 0), math.Nextafter(float64(c), 400),
			tenth+0.05, tenth-0.05, math.Nextafter(tenth+0.05, 0), math.Nextafter(tenth+0.05, 400))
	}
	rng := rand.New(rand.NewPCG(11, 12))
	for range 200000 {
		xs = append(xs,
			float64(rng.IntN(2*90*600000+1)-90*600000)/600000, // AIS latitude
			math.Abs(float64(rng.IntN(2*90*600000+1)-90*600000)/600000),
			float64(rng.IntN(18000001))/100000,  // CSV decimal, 5 places
			float64(float32(rng.Float64()*360)), // any float32 course
			rng.Float64()*360, rng.Float64()*1440-720, rng.NormFloat64()*1e6)
	}
	return xs
}

// TestTrigMatchesFormula checks that the table-driven sincosDeg, cosDeg
// and sincosCourse give, bit for bit, what the formula they replace gave,
// since every distance and score, and so every decision, is made of them.
func TestTrigMatchesFormula(t *testing.T) {
	for _, x := range trigInputs() {
		checkTrig(t, x)
	}
}

// TestCourseTableHits checks that sincosCourse takes its table for what
// it is there for, every AIS course: were its keys off (a float64 tenth
// rather than the float32 a decoder stores), every course would take
// sincosDeg, which TestTrigMatchesFormula does not notice.
func TestCourseTableHits(t *testing.T) {
	for k := range 3600 {
		x := float64(float32(float64(k) / 10))
		if e := &courseTable[k]; float64(e.x) != x || int(x*10+0.5) != k {
			t.Fatalf("course %v (tenth %d): entry %d holds %v", x, k, int(x*10+0.5), e.x)
		}
	}
}

// FuzzTrig checks sincosDeg, cosDeg and sincosCourse against the formula
// on any float64, and on a float32 as a course comes.
func FuzzTrig(f *testing.F) {
	for _, x := range []float64{0, 12.3, 359.9, 360, -0.01, 90, 91, 181, 1e300} {
		f.Add(x, float32(x))
	}
	f.Fuzz(func(t *testing.T, x float64, c float32) {
		checkTrig(t, x)
		checkTrig(t, float64(c))
	})
}

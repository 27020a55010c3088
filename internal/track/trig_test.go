package track

import (
	"math"
	"math/rand/v2"
	"testing"
)

func TestSincosDeg(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	xs := []float64{0, 0.05, 0.049999, 90, 180, 359.95, 359.99, 360, -0.01, -90, 720.3, 45.3, 176.5}
	for range 100000 {
		xs = append(xs, rng.Float64()*360, rng.Float64()*180-90)
	}
	for _, x := range xs {
		s, c := sincosDeg(x)
		ws, wc := math.Sincos(x * math.Pi / 180)
		if math.Abs(s-ws) > 4e-15 || math.Abs(c-wc) > 4e-15 {
			t.Fatalf("sincosDeg(%v) = %v, %v; math: %v, %v", x, s, c, ws, wc)
		}
	}
	if s, c := sincosDeg(math.NaN()); !math.IsNaN(s) || !math.IsNaN(c) {
		t.Error("NaN in, not NaN out")
	}
}

func BenchmarkSincosDeg(b *testing.B) {
	x, sum := 12.345, 0.0
	for b.Loop() {
		s, c := sincosDeg(x)
		sum += s + c
		x += 0.001
		if x > 360 {
			x -= 360
		}
	}
	_ = sum
}

func BenchmarkMathSincos(b *testing.B) {
	x, sum := 12.345, 0.0
	for b.Loop() {
		s, c := math.Sincos(x * math.Pi / 180)
		sum += s + c
		x += 0.001
		if x > 360 {
			x -= 360
		}
	}
	_ = sum
}

// BenchmarkSincosDegMixed takes sine and cosine of AIS-like arguments in
// random order: courses in tenths of a degree (as float32), and
// latitudes, as kin.set meets them; the table lines it needs do not all
// stay in the cache.
func BenchmarkSincosDegMixed(b *testing.B) {
	rng := rand.New(rand.NewPCG(9, 10))
	xs := make([]float64, 1<<16)
	for i := range xs {
		if i%2 == 0 {
			xs[i] = float64(float32(float64(rng.IntN(3600)) / 10))
		} else {
			xs[i] = rng.Float64() * 90
		}
	}
	sum, i := 0.0, 0
	for b.Loop() {
		s, c := sincosDeg(xs[i&(len(xs)-1)])
		sum += s + c
		i++
	}
	_ = sum
}

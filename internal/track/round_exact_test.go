package track

import (
	"math"
	"math/rand/v2"
	"testing"
)

// keyOfRef is keyOf as it was, rounding with math.Round: the key every
// dedupe decision, ring tag and stale-table slot depends on.
func keyOfRef(f *Fix) uint64 {
	const perDeg = 600000
	h := mix(uint64(int64(math.Round(f.Lat*perDeg))), uint64(int64(math.Round(f.Lon*perDeg))))
	h = mix(h, uint64(math.Float32bits(canonNaN(f.SOG)))<<32|uint64(math.Float32bits(canonNaN(f.COG))))
	return mix(h, uint64(uint16(f.Heading))<<8|uint64(f.Status))
}

// roundInputs returns halves and their neighbours, the largest double
// below 0.5, the edges of roundInt's fast range (2^52) and of int64,
// coordinates on the AIS grid and as CSV decimals times 600000, the
// 91/181 placeholders, infinities, NaN and random values of every
// magnitude.
func roundInputs() []float64 {
	xs := []float64{0, math.Copysign(0, -1), 0.5, -0.5, 1.5, -1.5, 2.5, -2.5,
		0.49999999999999994, -0.49999999999999994, math.Nextafter(0.5, 1), math.Nextafter(-0.5, -1),
		1 << 52, -(1 << 52), math.Nextafter(1<<52, 0), math.Nextafter(-(1 << 52), 0),
		1<<52 + 1, 1<<52 + 0.5 + 1<<51, 1 << 53, 1 << 62, 1 << 63, -(1 << 63), 1 << 64, 1e300, -1e300,
		91 * 600000, 181 * 600000, -91 * 600000, -181 * 600000, 90 * 600000, 180 * 600000,
		math.Inf(1), math.Inf(-1), math.NaN(), 5e-324, -5e-324}
	for k := -8; k <= 8; k++ {
		h := float64(k) + 0.5
		xs = append(xs, h, math.Nextafter(h, math.Inf(1)), math.Nextafter(h, math.Inf(-1)))
	}
	rng := rand.New(rand.NewPCG(21, 22))
	for range 300000 {
		lat := float64(rng.IntN(2*91*600000+1)-91*600000) / 600000   // AIS grid
		lon := float64(rng.IntN(2*181*600000+1)-181*600000) / 600000 // AIS grid
		csv := float64(rng.IntN(36000001)-18000000) / 100000         // CSV, 5 places
		h := float64(rng.Int64N(1<<40)-1<<39) + 0.5
		xs = append(xs, lat*600000, lon*600000, csv*600000, h, math.Nextafter(h, 0),
			(rng.Float64()-0.5)*math.Ldexp(1, rng.IntN(70)))
	}
	return xs
}

// TestRoundIntMatchesRound checks that roundInt is int64(math.Round(x)),
// on which keyOf's values, and so every dedupe decision, rest.
func TestRoundIntMatchesRound(t *testing.T) {
	for _, x := range roundInputs() {
		if got, want := roundInt(x), int64(math.Round(x)); got != want {
			t.Fatalf("roundInt(%v) = %d, int64(math.Round) %d", x, got, want)
		}
	}
}

// TestKeyOfMatchesRef checks keyOf against the math.Round formula on
// fixes with the coordinates of roundInputs (divided back into degrees)
// and the speeds, courses and headings of real and placeholder reports.
func TestKeyOfMatchesRef(t *testing.T) {
	nan := float32(math.NaN())
	sogs := []float32{0, 0.1, 12.3, 102.3, 63, nan}
	cogs := []float32{0, 359.9, 360, 12.3, nan}
	xs := roundInputs()
	for i, x := range xs {
		f := Fix{Lat: x / 600000, Lon: xs[(i*7+3)%len(xs)] / 600000, SOG: sogs[i%len(sogs)],
			COG: cogs[i%len(cogs)], Heading: int16(i%362 - 1), Status: uint8(i % 16)}
		if got, want := keyOf(&f), keyOfRef(&f); got != want {
			t.Fatalf("keyOf(%+v) = %x, was %x", f, got, want)
		}
	}
}

// FuzzRoundInt checks roundInt against int64(math.Round(x)) on any x,
// and keyOf against keyOfRef on a fix at any position.
func FuzzRoundInt(f *testing.F) {
	for _, x := range []float64{0, 0.5, -2.5, 0.49999999999999994, 1 << 52, 1e300, 55.123456} {
		f.Add(x, -x/3)
	}
	f.Fuzz(func(t *testing.T, x, y float64) {
		if got, want := roundInt(x), int64(math.Round(x)); got != want {
			t.Fatalf("roundInt(%v) = %d, int64(math.Round) %d", x, got, want)
		}
		fix := Fix{Lat: x, Lon: y, SOG: float32(y), COG: float32(x)}
		if got, want := keyOf(&fix), keyOfRef(&fix); got != want {
			t.Fatalf("keyOf(%+v) = %x, was %x", fix, got, want)
		}
	})
}

package store

import (
	"math"
	"os"
	"testing"

	"github.com/lookout-osint/lookout/internal/track"
)

// quantizeFrozen and tenthsFrozen are quantize and tenths as they were
// before they were rewritten without math.Round (commit 9c09f60), kept
// verbatim: the rewrite must return exactly what they return for every
// input, since stored blocks are a function of the quantised fixes.
func quantizeFrozen(f *track.Fix) qfix {
	return qfix{
		t:    f.Time,
		lat:  int32(math.Round(f.Lat * 1e6)),
		lon:  int32(math.Round(f.Lon * 1e6)),
		sog:  tenthsFrozen(f.SOG),
		cog:  tenthsFrozen(f.COG),
		hdg:  hdg(f.Heading),
		st:   f.Status&0x0f | uint8(f.Class&0x0f)<<4,
		src:  f.Src.Source,
		line: f.Src.Line,
	}
}

func tenthsFrozen(v float32) int32 {
	if math.IsNaN(float64(v)) || v < 0 || math.IsInf(float64(v), 0) {
		return -1
	}
	return int32(math.Round(float64(v) * 10))
}

// microEdges are degrees whose quantisation is delicate: signed zeros,
// halfway cases and their neighbours, the ends of int32 and of the
// exact-integer range of float64, NaNs with payloads and infinities.
func microEdges() []float64 {
	vs := []float64{
		0, math.Copysign(0, -1), 1e-7, -1e-7, 4.9e-7, -4.9e-7, 5e-7, -5e-7, 1.5e-6, -1.5e-6,
		2.5e-6, -2.5e-6, 0.0000005, 90, -90, 180, -180, 54.1234565, -54.1234565, 10.0000005,
		math.SmallestNonzeroFloat64, -math.SmallestNonzeroFloat64, math.MaxFloat64, -math.MaxFloat64,
		math.Inf(1), math.Inf(-1), math.NaN(), math.Float64frombits(0x7ff0000000000001),
		math.Float64frombits(0xfff8000000000000), math.Float64frombits(0xffffffffffffffff),
		1e300, -1e300, 1e10, -1e10, 4.5e15, -4.5e15,
	}
	// y/1e6 for y near halfway points and near the limits of int32,
	// 2^30, 2^31, 2^52, 2^53, 2^63 (in 1e-6 degrees), and the neighbours
	// of each value.
	ys := []float64{0.5, 1.5, 2.5, 1e6 + 0.5, 89999999.5, 179999999.5, 1 << 30, 1<<30 + 0.5,
		1<<31 - 1, 1<<31 - 0.5, 1 << 31, 1<<31 + 0.5, 1<<32 + 0.5, 1<<51 + 0.5, 1 << 52,
		1<<52 + 1, 1 << 53, 1 << 63, 1 << 64}
	for _, y := range ys {
		vs = append(vs, y/1e6, -y/1e6)
	}
	n := len(vs)
	for _, v := range vs[:n] {
		vs = append(vs, math.Nextafter(v, math.Inf(1)), math.Nextafter(v, math.Inf(-1)))
	}
	return vs
}

// tenthEdges are float32 values whose tenths are delicate, and their
// neighbours.
func tenthEdges() []float32 {
	vs := []float32{
		0, float32(math.Copysign(0, -1)), 0.05, 0.15, 0.25, 0.35, 0.45, 0.95, 102.25, 102.3, 360,
		1 << 23, 1<<23 + 0.5, 1 << 24, 107374182, 107374184, 214748364, 214748368, 1 << 31, 3e9,
		1e10, 1e20, math.MaxFloat32, math.SmallestNonzeroFloat32, -0.05, -1, -math.MaxFloat32,
		float32(math.Inf(1)), float32(math.Inf(-1)), float32(math.NaN()),
		math.Float32frombits(0x7f800001), math.Float32frombits(0xffc00000),
	}
	n := len(vs)
	for _, v := range vs[:n] {
		vs = append(vs, math.Nextafter32(v, float32(math.Inf(1))), math.Nextafter32(v, float32(math.Inf(-1))))
	}
	return vs
}

// TestQuantizeMatchesFrozen compares quantize with its frozen copy on the
// edge cases, every coordinate as both lat and lon and every float32 as
// both SOG and COG.
func TestQuantizeMatchesFrozen(t *testing.T) {
	for _, v := range microEdges() {
		f := track.Fix{Time: 1, Lat: v, Lon: -v, SOG: 1, COG: 2, Heading: 3}
		if got, want := quantize(&f), quantizeFrozen(&f); got != want {
			t.Errorf("quantize(lat %v (%#x), lon %v) = %+v, want %+v", v, math.Float64bits(v), -v, got, want)
		}
		if got, want := roundMicro(v), int32(math.Round(v*1e6)); got != want {
			t.Errorf("roundMicro(%v (%#x)) = %d, want %d", v, math.Float64bits(v), got, want)
		}
	}
	for _, v := range tenthEdges() {
		f := track.Fix{Lat: 1, Lon: 2, SOG: v, COG: -v, Heading: -1}
		if got, want := quantize(&f), quantizeFrozen(&f); got != want {
			t.Errorf("quantize(sog %v (%#x), cog %v) = %+v, want %+v", v, math.Float32bits(v), -v, got, want)
		}
		if got, want := tenths(v), tenthsFrozen(v); got != want {
			t.Errorf("tenths(%v (%#x)) = %d, want %d", v, math.Float32bits(v), got, want)
		}
	}
}

// TestQuantizeFrozenSpotValues pins a few results, so that the frozen
// copy itself is known to round half away from zero.
func TestQuantizeFrozenSpotValues(t *testing.T) {
	tests := []struct {
		lat  float64
		sog  float32
		wLat int32
		wSog int32
	}{
		{0.25, 0.25, 250000, 3},           // 0.25 is exact in float32: 2.5 rounds up
		{-54.1234566, 0.35, -54123457, 3}, // float32(0.35) is below 0.35
		{54.1234564, 0.149, 54123456, 1},
		{-90, float32(math.NaN()), -90000000, -1},
		{90, -0.01, 90000000, -1},
	}
	for _, tc := range tests {
		f := track.Fix{Lat: tc.lat, SOG: tc.sog}
		for _, q := range []qfix{quantize(&f), quantizeFrozen(&f)} {
			if q.lat != tc.wLat || q.sog != tc.wSog {
				t.Errorf("lat %v sog %v: got %d, %d, want %d, %d", tc.lat, tc.sog, q.lat, q.sog, tc.wLat, tc.wSog)
			}
		}
	}
}

// FuzzQuantizeMatchesFrozen compares quantize with its frozen copy on
// fuzzed fixes, on fuzzed bit patterns (NaN payloads, infinities,
// subnormals), and on the halfway points next to the fuzzed coordinates.
func FuzzQuantizeMatchesFrozen(f *testing.F) {
	f.Add(54.1234565, -10.5, float32(12.35), float32(359.95), int16(511), uint8(15), uint8(2), uint64(0x7ff8000000000001))
	f.Add(-0.0000005, 180.0, float32(0.05), float32(-1), int16(-1), uint8(0), uint8(1), uint64(1)<<63)
	f.Add(2147.4836475, -2147.4836485, float32(214748364.8), float32(1e10), int16(360), uint8(7), uint8(0), uint64(0x4330000000000000))
	f.Fuzz(func(t *testing.T, lat, lon float64, sog, cog float32, heading int16, status, class uint8, bits uint64) {
		check := func(lat, lon float64, sog, cog float32) {
			fx := track.Fix{Time: int64(bits), Lat: lat, Lon: lon, SOG: sog, COG: cog, Heading: heading,
				Status: status, Class: track.Class(class), Src: track.SourceRef{Source: uint32(bits), Line: uint32(bits >> 32)}}
			if got, want := quantize(&fx), quantizeFrozen(&fx); got != want {
				t.Fatalf("quantize(%+v) = %+v, want %+v", fx, got, want)
			}
		}
		check(lat, lon, sog, cog)
		b32 := uint32(bits) ^ uint32(bits>>32)
		check(math.Float64frombits(bits), math.Float64frombits(^bits), math.Float32frombits(b32), math.Float32frombits(^b32))
		// The halfway points nearest lat*1e6 and sog*10, and their
		// neighbours.
		hl := (math.Trunc(lat*1e6) + 0.5) / 1e6
		hs := float32((math.Trunc(float64(sog)*10) + 0.5) / 10)
		for _, d := range []float64{-1, 0, 1} {
			l := math.Nextafter(hl, hl+d)
			s := math.Nextafter32(hs, hs+float32(d))
			check(l, -l, s, -s)
		}
	})
}

// TestTenthsExhaustive compares tenths with its frozen copy on every
// float32. It takes about a minute, so it runs only when
// LOOKOUT_EXHAUSTIVE is set.
func TestTenthsExhaustive(t *testing.T) {
	if os.Getenv("LOOKOUT_EXHAUSTIVE") == "" {
		t.Skip("set LOOKOUT_EXHAUSTIVE=1 to compare tenths on every float32")
	}
	for b := uint64(0); b < 1<<32; b++ {
		v := math.Float32frombits(uint32(b))
		if got, want := tenths(v), tenthsFrozen(v); got != want {
			t.Fatalf("tenths(%v (%#x)) = %d, want %d", v, b, got, want)
		}
	}
}

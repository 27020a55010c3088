package store

import (
	"encoding/binary"
	"math"
	"math/rand/v2"
	"testing"
)

// TestExactDiv compares exactDiv10, exactDiv100 and exactDiv1000 with
// division, on multiples of the divisor: the ends of the type, values
// around zero and random ones.
func TestExactDiv(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for _, d := range []int32{10, 100} {
		div := exactDiv10
		if d == 100 {
			div = exactDiv100
		}
		ks := []int32{0, 1, -1, 2, -2, 7, -7, math.MaxInt32 / d, math.MinInt32 / d, math.MaxInt32/d - 1, math.MinInt32/d + 1}
		for range 100000 {
			ks = append(ks, int32(r.Int64N(int64(math.MaxInt32/d)*2+1)-int64(math.MaxInt32/d)))
		}
		for _, k := range ks {
			v := k * d
			if got := div(v); got != v/d || got != k {
				t.Fatalf("exactDiv%d(%d) = %d, want %d", d, v, got, v/d)
			}
		}
	}
	ks := []int64{0, 1, -1, 3_600_000, -3_600_000, math.MaxInt64 / 1000, math.MinInt64 / 1000}
	for range 100000 {
		ks = append(ks, r.Int64N(math.MaxInt64/1000)-r.Int64N(math.MaxInt64/1000))
	}
	for _, k := range ks {
		v := k * 1000
		if got := exactDiv1000(v); got != v/1000 || got != k {
			t.Fatalf("exactDiv1000(%d) = %d, want %d", v, got, v/1000)
		}
	}
}

// TestUvlen compares uvlen with the length binary.AppendUvarint writes,
// at every bit length and its neighbours.
func TestUvlen(t *testing.T) {
	vs := []uint64{0, math.MaxUint64}
	for n := range 64 {
		p := uint64(1) << n
		vs = append(vs, p-1, p, p+1)
	}
	for _, v := range vs {
		if got, want := uvlen(v), len(binary.AppendUvarint(nil, v)); got != want {
			t.Fatalf("uvlen(%#x) = %d, want %d", v, got, want)
		}
	}
}

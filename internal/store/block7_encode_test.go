package store

import (
	"bytes"
	"math"
	"math/rand/v2"
	"testing"
)

// block7Block returns n fixes drawn by mode's bits, to reach every path of
// encodeBlock and its fast paths: whole seconds (bit 0), the position unit
// (bits 1-2), constant SOG, COG, heading, status and source (bits 3-7),
// whole-degree COG (bit 8), the line mode (bits 9-10: consecutive,
// increasing, any, repeated), values from anywhere in their type's range
// (bit 11), a vessel at rest (bit 12), irregular, repeated and backward
// time steps (bit 13) and extreme first values (bit 14).
func block7Block(r *rand.Rand, n int, mode uint32) []qfix {
	q := make([]qfix, n)
	t := blockBase + r.Int64N(hourMs)
	lat, lon := int64(r.Int32N(180e6)-90e6), int64(r.Int32N(360e6)-180e6)
	if mode&(1<<14) != 0 {
		t = []int64{blockBase, blockBase + hourMs - 1, math.MaxInt64 / 2, -blockBase}[r.IntN(4)]
		lat, lon = []int64{-90e6, 90e6, math.MinInt32, math.MaxInt32}[r.IntN(4)], []int64{-180e6, 180e6, math.MinInt32, math.MaxInt32}[r.IntN(4)]
	}
	first := qfix{sog: r.Int32N(1024) - 1, cog: r.Int32N(3601) - 1, hdg: r.Int32N(361) - 1, st: uint8(r.Uint32()), src: r.Uint32(), line: r.Uint32()}
	if mode&(1<<8) != 0 && first.cog > 0 {
		first.cog -= first.cog % 10
	}
	line := first.line
	step := int64(1 + r.IntN(60000))
	for i := range q {
		x := &q[i]
		*x = first
		switch {
		case i == 0:
		case mode&(1<<13) != 0:
			t += []int64{0, step, -step, r.Int64N(3 * step), 1}[r.IntN(5)]
		default:
			t += step + r.Int64N(1+step/8)
		}
		if mode&1 != 0 {
			t -= t % 1000
		}
		if i > 0 {
			if mode&(1<<12) != 0 {
				lat += r.Int64N(3) - 1
				lon += r.Int64N(3) - 1
			} else {
				lat += r.Int64N(20001) - 10000
				lon += r.Int64N(20001) - 10000
			}
		}
		x.t, x.lat, x.lon = t, int32(lat), int32(lon)
		quantizePos(x, mode>>1&3)
		if mode&(1<<3) == 0 {
			x.sog = r.Int32N(1024) - 1
		}
		if mode&(1<<4) == 0 {
			x.cog = r.Int32N(3601) - 1
			if mode&(1<<8) != 0 && x.cog > 0 {
				x.cog -= x.cog % 10
			}
		}
		if mode&(1<<5) == 0 {
			x.hdg = r.Int32N(361) - 1
		}
		if mode&(1<<6) == 0 && r.IntN(4) == 0 {
			x.st = uint8(r.Uint32())
		}
		if mode&(1<<7) == 0 && r.IntN(4) == 0 {
			x.src = r.Uint32N(3)
		}
		if mode&(1<<11) != 0 {
			x.t, x.lat, x.lon = r.Int64(), int32(r.Uint32()), int32(r.Uint32())
			x.sog, x.cog, x.hdg = int32(r.Uint32()), int32(r.Uint32()), int32(r.Uint32())
		}
		if i > 0 {
			switch mode >> 9 & 3 {
			case 0:
				line++
			case 1:
				line += 1 + r.Uint32N(1000)
			case 2:
				line = r.Uint32()
			}
		}
		x.line = line
	}
	return q
}

// checkEncode7 compares encodeBlock with the frozen encoder on q, after a
// prefix, and checks that the block decodes to q.
func checkEncode7(t *testing.T, q []qfix, base int64, mode uint32) {
	t.Helper()
	prefix := []byte{0xaa, 0xbb, 0xcc}
	got := encodeBlock(append([]byte(nil), prefix...), q, base)
	want := encodeBlockFrozen(append([]byte(nil), prefix...), q, base)
	if !bytes.Equal(got, want) {
		t.Fatalf("mode %#x, %d fixes: encodeBlock\n got %x\nwant %x\nfixes %+v", mode, len(q), got, want, q[:min(len(q), 8)])
	}
	dec, err := decodeBlock(nil, got[len(prefix):], base)
	if err != nil || !equalQ(dec, q) {
		t.Fatalf("mode %#x, %d fixes: decode %v", mode, len(q), err)
	}
}

// TestEncodeBlock7MatchesFrozen compares encodeBlock with its frozen copy
// on blocks of 1 to 12 fixes (where the fast paths are) in every mode, and
// on larger blocks of up to 5000 fixes in random modes.
func TestEncodeBlock7MatchesFrozen(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 77))
	for mode := range uint32(1 << 15) {
		n := 1 + int(mode*7919)%12
		q := block7Block(r, n, mode)
		checkEncode7(t, q, min(blockBase, q[0].t), mode)
	}
	for _, n := range []int{13, 50, 127, 128, 129, 1000, 5000} {
		for range 20 {
			mode := r.Uint32N(1 << 15)
			q := block7Block(r, n, mode)
			checkEncode7(t, q, min(blockBase, q[0].t), mode)
		}
	}
}

// TestEncodeBlock7One compares the one-fix block with the frozen encoder on
// fixes at the edges of each position unit and of the seconds test.
func TestEncodeBlock7One(t *testing.T) {
	vals := []int32{0, 1, -1, 9, 10, -10, 99, 100, -100, 101, 3, 5, -5, 6, 55555, -55555, 60000, 90e6, -90e6, 180e6, -180e6, math.MaxInt32, math.MinInt32}
	times := []int64{blockBase, blockBase + 1, blockBase + 999, blockBase + 1000, blockBase + hourMs - 1, blockBase - 1000}
	for _, lat := range vals {
		for _, lon := range vals {
			for _, tm := range times {
				f := qfix{t: tm, lat: lat, lon: lon, sog: lat % 1024, cog: lon, hdg: -1, st: uint8(lat), src: uint32(lon), line: uint32(lat)}
				checkEncode7(t, []qfix{f}, min(blockBase, tm), 0)
			}
		}
	}
}

// FuzzEncodeBlock7 compares encodeBlock with its frozen copy on fuzzed
// blocks of 1 to 5000 fixes (block7Block of the fuzzed seed, size and
// mode).
func FuzzEncodeBlock7(f *testing.F) {
	for _, n := range []uint16{1, 2, 3, 4, 9, 70, 4999} {
		for _, mode := range []uint32{0, 1, 0x1f9, 0x7fff, 0x800, 0x1000, 0x2000, 0x4000, 0x600} {
			f.Add(uint64(n)*31+uint64(mode), n, mode)
		}
	}
	f.Fuzz(func(t *testing.T, seed uint64, size uint16, mode uint32) {
		r := rand.New(rand.NewPCG(seed, uint64(mode)))
		q := block7Block(r, 1+int(size)%5000, mode&(1<<15-1))
		checkEncode7(t, q, min(blockBase, q[0].t), mode)
	})
}

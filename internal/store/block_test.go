package store

import (
	"encoding/binary"
	"errors"
	"math/rand/v2"
	"testing"
)

const blockBase = 1694044800000 // 2023-09-07T00:00:00Z, an hour start

// track0 returns n fixes of a vessel moving north-east, one every 10 s,
// with every field varying; the cases below change what they test.
func track0(n int) []qfix {
	q := make([]qfix, n)
	for i := range q {
		q[i] = qfix{t: blockBase + 1234 + int64(i)*10017, lat: 54000001 + int32(i)*137, lon: 10000003 + int32(i*i)*11,
			sog: int32(100 + i%7), cog: int32(2000 + i*13%50), hdg: int32(200 + i%5), st: uint8(i/3%2) | 1<<4,
			src: 1 + uint32(i/4), line: uint32(100 + i*i - i%3*7)}
	}
	return q
}

func edit(q []qfix, f func(i int, x *qfix)) []qfix {
	for i := range q {
		f(i, &q[i])
	}
	return q
}

// TestBlockModes round-trips blocks that each take one of the encoder's
// choices, and checks that the choice was taken.
func TestBlockModes(t *testing.T) {
	for _, c := range []struct {
		name  string
		q     []qfix
		flags uint64 // that must be set
		not   uint64 // that must not be set
	}{
		{"general", track0(20), 0, f3Seconds | f3PosLo | f3PosHi | f3SogConst | f3CogConst | f3CogWhole | f3HdgConst | f3StConst | f3SrcConst | 3<<f3LineShift},
		{"one fix", track0(1), f3SogConst | f3CogConst | f3HdgConst | f3StConst | f3SrcConst | lineNext<<f3LineShift, 0},
		{"two fixes", track0(2), 0, f3PosDelta},
		{"seconds", edit(track0(9), func(i int, x *qfix) { x.t = blockBase + int64(i)*61000 }), f3Seconds, 0},
		{"1e-5 degrees", edit(track0(9), func(i int, x *qfix) { x.lat, x.lon = x.lat/10*10, -x.lon/10*10 }), pos10 << f3PosShift, 0},
		{"1e-4 degrees", edit(track0(9), func(i int, x *qfix) { x.lat, x.lon = x.lat/100*100, x.lon/100*100 }), pos100 << f3PosShift, 0},
		{"NMEA 1/10000 minute", edit(track0(9), func(i int, x *qfix) {
			x.lat, x.lon = from600k(int64(-22050208+i*7)), from600k(int64(104819114-i*3))
		}), pos600k << f3PosShift, 0},
		{"not quite NMEA", edit(track0(9), func(i int, x *qfix) {
			x.lat, x.lon = from600k(int64(-22050208+i*7)), from600k(int64(104819114-i*3))+int32(i/8)
		}), 0, f3PosLo | f3PosHi},
		{"at rest, noisy", edit(track0(12), func(i int, x *qfix) { x.lat, x.lon = 54000001+int32(i%2*41), 10000001-int32(i%2*41) }), f3PosDelta, 0},
		{"speed constant", edit(track0(9), func(i int, x *qfix) { x.sog = 0 }), f3SogConst, 0},
		{"speed not available", edit(track0(9), func(i int, x *qfix) { x.sog = -1 }), f3SogConst, 0},
		{"course constant", edit(track0(9), func(i int, x *qfix) { x.cog = 3600 }), f3CogConst, f3CogWhole},
		{"course whole degrees", edit(track0(9), func(i int, x *qfix) { x.cog = []int32{-1, 0, 3590, 120}[i%4] }), f3CogWhole, f3CogConst},
		{"course not whole", edit(track0(9), func(i int, x *qfix) { x.cog = []int32{-1, 0, 3590, 121}[i%4] }), 0, f3CogWhole},
		{"heading not available", edit(track0(9), func(i int, x *qfix) { x.hdg = -1 }), f3HdgConst, 0},
		{"status constant", edit(track0(9), func(i int, x *qfix) { x.st = 15 | 2<<4 }), f3StConst, 0},
		{"one source", edit(track0(9), func(i int, x *qfix) { x.src = 7 }), f3SrcConst, 0},
		{"consecutive lines", edit(track0(9), func(i int, x *qfix) { x.line = 41 + uint32(i) }), lineNext << f3LineShift, 0},
		{"increasing lines", edit(track0(9), func(i int, x *qfix) { x.line = 41 + uint32(i*i*1000) }), lineUp << f3LineShift, 0},
		{"lines up and down", edit(track0(9), func(i int, x *qfix) { x.line = 5000 + uint32(i%2*3000) - uint32(i) }), 0, 3 << f3LineShift},
		{"repeated line", edit(track0(9), func(i int, x *qfix) { x.line = 5000 + uint32(i/2) }), 0, 3 << f3LineShift},
		{"wrapping line", edit(track0(3), func(i int, x *qfix) { x.line = 0xfffffffe + uint32(i) }), lineNext << f3LineShift, 0},
		{"extremes", edit(track0(5), func(i int, x *qfix) {
			x.lat, x.lon = []int32{90000000, -90000000}[i%2], []int32{-180000000, 180000000}[i%2]
			x.sog, x.cog, x.hdg, x.line = 1<<31-1, -1<<31, 359, 1<<32-1-uint32(i)
		}), 0, 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			b := encodeBlock(nil, c.q, blockBase)
			flags := uint64(binary.LittleEndian.Uint16(b[1:]))
			if b[0] != blockVersion || flags&c.flags != c.flags || flags&c.not != 0 {
				t.Errorf("version %d flags %#x: want %d, %#x set and %#x clear", b[0], flags, blockVersion, c.flags, c.not)
			}
			got, err := decodeBlock([]qfix{{t: 1}}, b, blockBase)
			if err != nil || len(got) != len(c.q)+1 || got[0] != (qfix{t: 1}) || !equalQ(got[1:], c.q) {
				t.Fatalf("round trip: %v\n got %+v\nwant %+v", err, got, c.q)
			}
		})
	}
}

// TestBlockCorrupt checks that damaged v3 blocks are refused with
// ErrCorrupt, leave dst as it was, and never panic.
func TestBlockCorrupt(t *testing.T) {
	good := encodeBlock(nil, track0(20), blockBase)
	bad := map[string][]byte{
		"empty":        {},
		"version only": {blockVersion},
		"version 1":    append([]byte{1}, good[1:]...),
		"version 4":    append([]byte{4}, good[1:]...),
		"line mode 3":  {blockVersion, 0, 3 << (f3LineShift - 8), 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0},
		"flags beyond": {blockVersion, 0, (f3Max + 1) >> 8, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0},
		"flags cut":    {blockVersion, 0},
		"v2 flags 8":   {2, 8, 1, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 0},
		"count > size": {blockVersion, 0, 0, 100, 0},
		"trailing":     append(append([]byte(nil), good...), 0),
	}
	// A valid block with invalid flags must not decode as another format.
	withFlags := func(set uint16) []byte {
		b := append([]byte(nil), good...)
		binary.LittleEndian.PutUint16(b[1:], binary.LittleEndian.Uint16(b[1:])|set)
		return b
	}
	bad["good, line mode 3"] = withFlags(3 << f3LineShift)
	bad["good, flag f3V2"] = withFlags(f3V2)
	for i := 1; i < len(good); i++ {
		bad["truncated "+string(rune('a'+i%26))+string(rune('0'+i/26))] = good[:i]
	}
	for name, b := range bad {
		dst := []qfix{{t: 9}}
		got, err := decodeBlock(dst, b, blockBase)
		if !errors.Is(err, ErrCorrupt) || len(got) != 1 || got[0] != (qfix{t: 9}) {
			t.Errorf("%s (%x): %d fixes, %v; want ErrCorrupt and dst unchanged", name, b, len(got), err)
		}
	}
}

// randomBlock returns n random fixes drawn to hit every column's modes.
func randomBlock(r *rand.Rand, n int) []qfix {
	q := make([]qfix, n)
	mode := r.Uint32()
	t := blockBase + r.Int64N(hourMs)
	var lat, lon int64 = int64(r.Int32N(180e6) - 90e6), int64(r.Int32N(360e6) - 180e6)
	line := r.Uint32()
	for i := range q {
		x := &q[i]
		t += r.Int64N(30000)
		if mode&1 != 0 {
			t -= t % 1000
		}
		lat += r.Int64N(2001) - 1000
		lon += r.Int64N(2001) - 1000
		x.t, x.lat, x.lon = t, int32(lat), int32(lon)
		quantizePos(x, mode>>1&3)
		x.sog, x.cog, x.hdg = r.Int32N(1024)-1, r.Int32N(3601)-1, r.Int32N(361)-1
		if mode&8 != 0 {
			x.cog -= x.cog % 10
		}
		if mode&16 != 0 {
			x.sog, x.hdg = -1, -1
		}
		x.st, x.src = uint8(r.Uint32()), r.Uint32N(3)
		if mode&32 != 0 {
			x.st, x.src = 0x1f, 2
		}
		line += uint32(r.Int32N(100) - int32(mode>>6&1)*50)
		x.line = line
	}
	return q
}

// quantizePos rounds x's position to the unit the random generators'
// mode bits 1-2 pick: 0 keeps micro-degrees, 1 and 2 round to a multiple
// of 10 and 100, 3 to the 1/600 000° grid.
func quantizePos(x *qfix, unit uint32) {
	switch unit {
	case 1:
		x.lat, x.lon = x.lat/10*10, x.lon/10*10
	case 2:
		x.lat, x.lon = x.lat/100*100, x.lon/100*100
	case 3:
		x.lat, x.lon = from600k(to600k(x.lat)), from600k(to600k(x.lon))
	}
}

// TestBlockRandom round-trips random blocks through v3, and checks that
// the v2 encoding of the same fixes still decodes to them.
func TestBlockRandom(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for k := range 3000 {
		q := randomBlock(r, 1+k%40)
		for v, b := range [][]byte{encodeBlock(nil, q, blockBase), encodeBlockV2(nil, q, blockBase)} {
			got, err := decodeBlock(nil, b, blockBase)
			if err != nil || !equalQ(got, q) {
				t.Fatalf("block %d (encoder %d): %v\n got %+v\nwant %+v", k, 3-v, err, got, q)
			}
		}
	}
}

// TestOn600k checks the division-free grid test against its definition.
func TestOn600k(t *testing.T) {
	check := func(v int32) {
		if got, want := on600k(v), from600k(to600k(v)) == v; got != want {
			t.Fatalf("on600k(%d) = %v; want %v", v, got, want)
		}
	}
	for v := int32(-2_000_000); v <= 2_000_000; v++ {
		check(v)
	}
	for _, v := range []int32{-1 << 31, -1<<31 + 1, 1<<31 - 1, 1<<31 - 2, 180e6, -180e6, 90e6, -90e6, 179999999, -179999999} {
		check(v)
	}
	r := rand.New(rand.NewPCG(5, 6))
	for range 1_000_000 {
		check(int32(r.Uint32()))
	}
}

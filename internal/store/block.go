package store

import (
	"encoding/binary"
	"fmt"
	"math/bits"
	"slices"
)

// A fix block holds one vessel's fixes of one bucket (UTC hour) in one
// segment, column by column, each column as varints (zz = zig-zag):
//
//	version(1)=3 flags(2, little-endian) n(uvarint)
//	time:    t0 - bucket start, then zz delta-of-deltas (in seconds when f3Seconds)
//	lat,lon: zz residuals from a constant-velocity prediction (or from the
//	         previous value, f3PosDelta), the first value absolute, in units
//	         of 1e-6°, 1e-5°, 1e-4° or 1/600000° (NMEA's 1/10000 minute)
//	sog:     zz deltas of 0.1 kn (-1 = not available); one value when constant
//	cog:     the same, of 0.1° or of whole degrees (f3CogWhole)
//	heading: zz deltas, or one value when constant
//	st:      runs of (status|class<<4 byte, run length), or one value when constant
//	src:     runs of (source id, run length), or one value when constant
//	line:    the first line, then per line: nothing (consecutive lines),
//	         zz(line - previous - 1), or line - previous - 1 (increasing lines)
//
// Every choice is the encoder's, recorded in the flags, and taken only when
// it reproduces the values exactly. Columns keep similar numbers together,
// which Pebble's zstd block compression then squeezes further.
//
// Version 2 blocks are still read: one flags byte (seconds, 1e-5°, 1e-4°),
// every column in full, lines as zz deltas minus one after a zz first line.
const blockVersion = 3

// Version 2 flags (one byte).
const (
	flagSeconds = 1 << iota // every time is a whole second
	flagPos10               // every lat/lon is a multiple of 10 (1e-5°)
	flagPos100              // every lat/lon is a multiple of 100 (1e-4°)
)

// Version 3 flags (2 bytes, little-endian).
const (
	f3Seconds   = 1 << iota // every time is a whole second
	f3PosLo                 // position unit, 2 bits: posMicro, pos10, pos100, pos600k
	f3PosHi                 //
	f3SogConst              // one SOG value for the whole block
	f3CogConst              // one COG value
	f3CogWhole              // COG in whole degrees
	f3HdgConst              // one heading value
	f3StConst               // one status|class value
	f3SrcConst              // one source
	f3LineLo                // line mode, 2 bits: lineDelta, lineNext, lineUp
	f3LineHi                //
	f3PosDelta              // positions as deltas, not residuals from a prediction
	f3Max       = f3PosDelta<<1 - 1
	f3PosShift  = 1
	f3LineShift = 9
	// f3V2 marks the flags of a version 2 block (see v2Flags); it is above
	// f3Max, so never valid in a version 3 block.
	f3V2 = f3Max + 1
)

// Position units of version 3.
const (
	posMicro = iota // 1e-6°
	pos10           // 1e-5°
	pos100          // 1e-4°
	pos600k         // 1/600000° = 1/10000 minute, stored rounded to 1e-6°
)

// Line modes of version 3 (3 is invalid).
const (
	lineDelta = iota // zz(line - previous - 1)
	lineNext         // every line is the previous plus one
	lineUp           // line - previous - 1, never negative
)

func zig(v int64) uint64   { return uint64(v<<1) ^ uint64(v>>63) }
func unzig(u uint64) int64 { return int64(u>>1) ^ -int64(u&1) }

// uvlen is the length of v as a uvarint: a load from uvlenOfBits, where
// (bits+6)/7 would take a product in the registers the loops need.
func uvlen(v uint64) int { return int(uvlenOfBits[bits.Len64(v|1)]) }

// uvlenOfBits is the length of a uvarint of n significant bits, n >= 1.
var uvlenOfBits = [65]uint8{1: 1, 2: 1, 3: 1, 4: 1, 5: 1, 6: 1, 7: 1,
	8: 2, 9: 2, 10: 2, 11: 2, 12: 2, 13: 2, 14: 2,
	15: 3, 16: 3, 17: 3, 18: 3, 19: 3, 20: 3, 21: 3,
	22: 4, 23: 4, 24: 4, 25: 4, 26: 4, 27: 4, 28: 4,
	29: 5, 30: 5, 31: 5, 32: 5, 33: 5, 34: 5, 35: 5,
	36: 6, 37: 6, 38: 6, 39: 6, 40: 6, 41: 6, 42: 6,
	43: 7, 44: 7, 45: 7, 46: 7, 47: 7, 48: 7, 49: 7,
	50: 8, 51: 8, 52: 8, 53: 8, 54: 8, 55: 8, 56: 8,
	57: 9, 58: 9, 59: 9, 60: 9, 61: 9, 62: 9, 63: 9,
	64: 10}

// maxVarint is the length of the longest uvarint.
const maxVarint = binary.MaxVarintLen64

// room returns dst extended by n bytes (of any value), for the column
// writers to fill by index, without a capacity check a byte.
func room(dst []byte, n int) []byte {
	return slices.Grow(dst, n)[:len(dst)+n]
}

// putUvarint writes v as a uvarint at b[p:], which must have room for
// it, and returns the index after it, as binary.AppendUvarint would
// append it.
func putUvarint(b []byte, p int, v uint64) int {
	for v >= 0x80 {
		b[p] = byte(v) | 0x80
		v >>= 7
		p++
	}
	b[p] = byte(v)
	return p + 1
}

// divRound divides rounding half away from zero (b > 0).
func divRound(a, b int64) int64 {
	if a < 0 {
		return -((-a + b/2) / b)
	}
	return (a + b/2) / b
}

// to600k and from600k convert between 1e-6° and 1/600000° units;
// from600k(to600k(v)) == v exactly when v is a rounded multiple of
// 1/600000° (an NMEA position), which the encoder checks for every value.
func to600k(v int32) int64   { return divRound(int64(v)*3, 5) }
func from600k(k int64) int32 { return int32(divRound(k*5, 3)) }

// on600k says from600k(to600k(v)) == v, without dividing: with 3|v| =
// 5m + r, to600k rounds 3v/5 to m or m+1 (r >= 3), and back at 5/3 that is
// |v| - r/3 or |v| + (5-r)/3, which rounds to |v| for r = 0, 1 and 4.
func on600k(v int32) bool {
	r := (3 * (int64(v) ^ int64(v)>>63 - int64(v)>>63)) % 5
	return r != 2 && r != 3
}

// blockStats is what the encoder learns about a block in one pass.
type blockStats struct {
	sec, p10, p100, p600k bool
	sogConst, cogConst    bool
	cogWhole, hdgConst    bool
	stConst, srcConst     bool
	next, up              bool // lines consecutive; lines increasing
}

// statsOf learns q's blockStats, in two passes that each keep their
// state in registers: the divisibility tests, which stop at the first
// miss (and the pass when all have missed), and the tests that hold for
// most blocks, done without branches (sameColumns).
func statsOf(q []qfix) blockStats {
	sec, p10, p100, cogWhole := true, true, true, true
	// A multiple of 100 is one of 10: p100 holds only while p10 does.
	for i := 0; i < len(q) && (sec || p10 || cogWhole); i++ {
		f := &q[i]
		sec = sec && f.t%1000 == 0
		if p10 {
			p10 = f.lat%10 == 0 && f.lon%10 == 0
			p100 = p100 && p10 && f.lat%100 == 0 && f.lon%100 == 0
		}
		cogWhole = cogWhole && wholeCog(f.cog)
	}
	s := blockStats{sec: sec, p10: p10, p100: p100, p600k: true, cogWhole: cogWhole}
	s.sogConst, s.cogConst, s.hdgConst, s.stConst, s.srcConst, s.next, s.up = sameColumns(q)
	if !s.p10 { // 1e-5° and 1e-4° need no finer unit
		for i := 0; i < len(q) && s.p600k; i++ {
			s.p600k = on600k(q[i].lat) && on600k(q[i].lon)
		}
	}
	return s
}

// sameColumns reports which of SOG, COG, heading, status|class and source
// are constant in q, and whether its lines are consecutive and whether
// they increase. It ORs each value XOR the first (zero while all are
// equal), each line XOR the one before plus one (zero while consecutive)
// and each line less the one before less one (negative once a line does
// not increase), without a branch. Two 32-bit columns share each 64-bit
// accumulator, so that the loop's state fits in registers.
func sameColumns(q []qfix) (sog, cog, hdg, st, src, next, up bool) {
	f0 := &q[0]
	sogCog0 := pair(uint32(f0.sog), uint32(f0.cog))
	hdgSrc0 := pair(uint32(f0.hdg), f0.src)
	st0 := f0.st
	var sogCogD, hdgSrcD, stNextD uint64
	var upD int64
	prev := int64(f0.line) - 1 // the first fix counts as consecutive and increasing
	for i := range q {
		f := &q[i]
		sogCogD |= pair(uint32(f.sog), uint32(f.cog)) ^ sogCog0
		hdgSrcD |= pair(uint32(f.hdg), f.src) ^ hdgSrc0
		stNextD |= pair(uint32(f.st^st0), f.line^uint32(prev+1))
		upD |= int64(f.line) - prev - 1
		prev = int64(f.line)
	}
	return uint32(sogCogD) == 0, sogCogD>>32 == 0, uint32(hdgSrcD) == 0, uint32(stNextD) == 0,
		hdgSrcD>>32 == 0, stNextD>>32 == 0, upD >= 0
}

// pair packs lo and hi into one word.
func pair(lo, hi uint32) uint64 { return uint64(lo) | uint64(hi)<<32 }

// planBlock chooses the flags of q's block.
func planBlock(q []qfix) uint64 {
	s := statsOf(q)
	var f uint64
	set := func(ok bool, bit uint64) {
		if ok {
			f |= bit
		}
	}
	set(s.sec, f3Seconds)
	unit := posMicro
	switch {
	case s.p100:
		unit = pos100
	case s.p10:
		unit = pos10
	case s.p600k:
		unit = pos600k
	}
	f |= uint64(unit) << f3PosShift
	set(s.sogConst, f3SogConst)
	set(s.cogConst, f3CogConst)
	set(s.cogWhole && !s.cogConst, f3CogWhole)
	set(s.hdgConst, f3HdgConst)
	set(s.stConst, f3StConst)
	set(s.srcConst, f3SrcConst)
	switch {
	case s.next:
		f |= lineNext << f3LineShift
	case s.up:
		f |= lineUp << f3LineShift
	}
	return f
}

// encodeBlock appends the encoding of q (sorted by cmpQ, every time >=
// base, the bucket start) to dst.
func encodeBlock(dst []byte, q []qfix, base int64) []byte {
	if len(q) == 0 {
		return append(dst, blockVersion, 0, 0, 0)
	}
	switch len(q) {
	case 1:
		return encodeOne(dst, &q[0], base)
	case 2:
		return encodeTwo(dst, &q[0], &q[1], base)
	}
	flags := planBlock(q)
	start := len(dst)
	dst = append(dst, blockVersion, 0, 0) // flags set below
	dst = binary.AppendUvarint(dst, uint64(len(q)))
	dst = appendTimes(dst, q, base, flags&f3Seconds != 0)
	var delta bool
	dst, delta = appendPositions(dst, q, int(flags>>f3PosShift&3))
	if delta {
		flags |= f3PosDelta
	}
	binary.LittleEndian.PutUint16(dst[start+1:], uint16(flags))
	dst = appendColumn(dst, q, colSOG, flags&f3SogConst != 0, false)
	dst = appendColumn(dst, q, colCOG, flags&f3CogConst != 0, flags&f3CogWhole != 0)
	dst = appendColumn(dst, q, colHdg, flags&f3HdgConst != 0, false)
	if flags&f3StConst != 0 {
		dst = binary.AppendUvarint(dst, uint64(q[0].st))
	} else {
		dst = appendRuns(dst, q, func(f *qfix) uint32 { return uint32(f.st) })
	}
	if flags&f3SrcConst != 0 {
		dst = binary.AppendUvarint(dst, uint64(q[0].src))
	} else {
		dst = appendRuns(dst, q, func(f *qfix) uint32 { return f.src })
	}
	return appendLines(dst, q, int(flags>>f3LineShift&3))
}

// oneFixFlags are the flags of every block of one fix, but for its time
// and position units: every column is constant, the line consecutive.
const oneFixFlags = f3SogConst | f3CogConst | f3HdgConst | f3StConst | f3SrcConst | lineNext<<f3LineShift

// encodeOne appends the block of the one fix f, as encodeBlock would
// write it, without its passes: every column is one value, and the one
// position's residual and delta are both the position, so the block keeps
// residuals. One block in nine the CSV bench ingest encodes holds one
// fix, one in five of the NMEA one (an ingest encodes a vessel's hour
// again at each commit that adds fixes to it).
func encodeOne(dst []byte, f *qfix, base int64) []byte {
	flags := uint64(oneFixFlags)
	t := uint64(f.t - base)
	if f.t%1000 == 0 {
		flags |= f3Seconds
		t = uint64(exactDiv1000(f.t) - base/1000)
	}
	unit := posMicro
	switch {
	case f.lat%100 == 0 && f.lon%100 == 0:
		unit = pos100
	case f.lat%10 == 0 && f.lon%10 == 0:
		unit = pos10
	case on600k(f.lat) && on600k(f.lon):
		unit = pos600k
	}
	flags |= uint64(unit) << f3PosShift
	p := len(dst)
	b := room(dst, 4+9*maxVarint)
	b[p], b[p+1], b[p+2], b[p+3] = blockVersion, byte(flags), byte(flags>>8), 1
	p = putUvarint(b, p+4, t)
	p = putUvarint(b, p, zig(toUnit(f.lat, unit)))
	p = putUvarint(b, p, zig(toUnit(f.lon, unit)))
	p = putUvarint(b, p, zig(int64(f.sog)))
	p = putUvarint(b, p, zig(int64(f.cog)))
	p = putUvarint(b, p, zig(int64(f.hdg)))
	p = putUvarint(b, p, uint64(f.st))
	p = putUvarint(b, p, uint64(f.src))
	p = putUvarint(b, p, uint64(f.line))
	return b[:p]
}

// encodeTwo appends the block of the two fixes f and g, as encodeBlock
// would write it, without its passes: the second position's prediction
// is the first, so residuals and deltas are the same and the block keeps
// residuals; a column that varies takes two deltas, status and source
// two runs of one. One block in twelve the CSV bench ingest encodes
// holds two fixes, one in six of the NMEA one (see encodeOne).
func encodeTwo(dst []byte, f, g *qfix, base int64) []byte {
	var flags uint64
	t0, dt := uint64(f.t-base), uint64(zig(g.t-f.t))
	if f.t%1000 == 0 && g.t%1000 == 0 {
		flags |= f3Seconds
		s0 := exactDiv1000(f.t)
		t0, dt = uint64(s0-base/1000), zig(exactDiv1000(g.t)-s0)
	}
	// An OR of remainders is zero when every one is.
	unit := posMicro
	switch {
	case (f.lat%100 | f.lon%100 | g.lat%100 | g.lon%100) == 0:
		unit = pos100
	case (f.lat%10 | f.lon%10 | g.lat%10 | g.lon%10) == 0:
		unit = pos10
	case on600k(f.lat) && on600k(f.lon) && on600k(g.lat) && on600k(g.lon):
		unit = pos600k
	}
	flags |= uint64(unit) << f3PosShift
	sog, cog, hdg := f.sog == g.sog, f.cog == g.cog, f.hdg == g.hdg
	st, src := f.st == g.st, f.src == g.src
	flags |= b2u(sog)*f3SogConst | b2u(cog)*f3CogConst | b2u(hdg)*f3HdgConst | b2u(st)*f3StConst | b2u(src)*f3SrcConst
	whole := !cog && wholeCog(f.cog) && wholeCog(g.cog)
	flags |= b2u(whole) * f3CogWhole
	line := lineDelta
	switch {
	case g.line == f.line+1:
		line = lineNext
	case g.line > f.line:
		line = lineUp
	}
	flags |= uint64(line) << f3LineShift
	p := len(dst)
	b := room(dst, 4+22*maxVarint)
	b[p], b[p+1], b[p+2], b[p+3] = blockVersion, byte(flags), byte(flags>>8), 2
	p = putUvarint(b, p+4, t0)
	p = putUvarint(b, p, dt)
	a, o := toUnit(f.lat, unit), toUnit(f.lon, unit)
	p = putUvarint(b, p, zig(a))
	p = putUvarint(b, p, zig(toUnit(g.lat, unit)-a))
	p = putUvarint(b, p, zig(o))
	p = putUvarint(b, p, zig(toUnit(g.lon, unit)-o))
	p = putPair(b, p, f.sog, g.sog, sog, false)
	p = putPair(b, p, f.cog, g.cog, cog, whole)
	p = putPair(b, p, f.hdg, g.hdg, hdg, false)
	p = putUvarint(b, p, uint64(f.st))
	if !st {
		p = putUvarint(b, p, 1)
		p = putUvarint(b, p, uint64(g.st))
		p = putUvarint(b, p, 1)
	}
	p = putUvarint(b, p, uint64(f.src))
	if !src {
		p = putUvarint(b, p, 1)
		p = putUvarint(b, p, uint64(g.src))
		p = putUvarint(b, p, 1)
	}
	p = putUvarint(b, p, uint64(f.line))
	switch line {
	case lineUp:
		p = putUvarint(b, p, uint64(g.line-f.line-1))
	case lineDelta:
		p = putUvarint(b, p, zig(int64(g.line)-int64(f.line)-1))
	}
	return b[:p]
}

// putPair writes a column of two values u and v at b[p:] as appendColumn
// would: one value when constant, else two deltas, of whole units when
// whole.
func putPair(b []byte, p int, u, v int32, constant, whole bool) int {
	if constant {
		return putUvarint(b, p, zig(int64(u)))
	}
	x, y := int64(u), int64(v)
	if whole {
		x, y = wholeUnits(x), wholeUnits(y)
	}
	p = putUvarint(b, p, zig(x))
	return putUvarint(b, p, zig(y-x))
}

// wholeUnits is v/10 for v >= 0, else v (appendColumn's whole units).
func wholeUnits(v int64) int64 {
	if v >= 0 {
		return v / 10
	}
	return v
}

// wholeCog says a COG is not available or a whole degree.
func wholeCog(c int32) bool { return c == -1 || c >= 0 && c%10 == 0 }

// b2u returns 1 for true and 0 for false.
func b2u(b bool) uint64 { return uint64(b2i(b)) }

// appendTimes writes the first time after base, then delta-of-deltas, in
// ms or whole seconds (sec, only when every time is a whole second).
func appendTimes(dst []byte, q []qfix, base int64, sec bool) []byte {
	p := len(dst)
	b := room(dst, maxVarint*len(q))
	if sec {
		prevT := exactDiv1000(q[0].t)
		p = putUvarint(b, p, uint64(prevT-base/1000))
		var prevD int64
		for i := 1; i < len(q); i++ {
			t := exactDiv1000(q[i].t)
			d := t - prevT
			p = putUvarint(b, p, zig(d-prevD))
			prevT, prevD = t, d
		}
		return b[:p]
	}
	p = putUvarint(b, p, uint64(q[0].t-base))
	var prevD int64
	prevT := q[0].t
	for i := 1; i < len(q); i++ {
		t := q[i].t
		d := t - prevT
		p = putUvarint(b, p, zig(d-prevD))
		prevT, prevD = t, d
	}
	return b[:p]
}

// toUnit converts a lat/lon in 1e-6° to a position unit, which must
// hold it exactly: pos10 and pos100 only a multiple of 10 or 100 (as
// planBlock chooses them), whose quotient is exact (exactDiv10/100).
func toUnit(v int32, unit int) int64 {
	switch unit {
	case pos600k:
		return to600k(v)
	case pos100:
		return int64(exactDiv100(v))
	case pos10:
		return int64(exactDiv10(v))
	}
	return int64(v)
}

// Inverses modulo 2^32 or 2^64 of the odd factors of the divisors.
const (
	inv5   = 0xcccccccd         // 5 * inv5 = 1 mod 2^32
	inv25  = 0xc28f5c29         // 25 * inv25 = 1 mod 2^32
	inv125 = 0x1cac083126e978d5 // 125 * inv125 = 1 mod 2^64
)

// exactDiv10, exactDiv100 and exactDiv1000 return v/10, v/100 and
// v/1000 of a v the divisor divides: an exact quotient times the divisor
// is v, so it is the product of v with the inverse of the divisor, and
// with 2^k d' for odd d', of v>>k (exact) with the inverse of d' modulo
// 2^32 (2^64), which exists for every odd number. A product, where v/10
// takes a product, shifts and a correction for the sign.
func exactDiv10(v int32) int32   { return int32(uint32(v>>1) * inv5) }
func exactDiv100(v int32) int32  { return int32(uint32(v>>2) * inv25) }
func exactDiv1000(v int64) int64 { return int64(uint64(v>>3) * inv125) }

// fromUnit converts a lat/lon in a position unit back to 1e-6°.
func fromUnit(v int64, unit int) int32 {
	switch unit {
	case pos600k:
		return from600k(v)
	case pos100:
		return int32(v * 100)
	case pos10:
		return int32(v * 10)
	}
	return int32(v)
}

// coord returns f's latitude (c == 0) or longitude in unit (inlined).
func coord(f *qfix, c, unit int) int64 {
	v := f.lat
	if c != 0 {
		v = f.lon
	}
	return toUnit(v, unit)
}

// appendPositions writes the lat and lon columns, in unit (which must
// hold every coordinate: toUnit), as residuals from the constant-velocity
// prediction or, when they take fewer bytes, as plain deltas (true of a
// vessel at rest, whose noise the prediction doubles).
//
// It makes one pass over q for both columns, so that each fix's time
// steps are loaded and compared once: the lat column goes to dst, the lon
// column after room for the longest lat column, from where it moves down
// when both are done.
func appendPositions(dst []byte, q []qfix, unit int) ([]byte, bool) {
	start := len(dst)
	lonAt := start + maxVarint*len(q)
	b := room(dst, 2*maxVarint*len(q))
	pa, po := start, lonAt
	deltaLen := 0
	var a1, a2, o1, o2 int64 // lat and lon of the two fixes before
	var t1, t2 int64         // their times
	for i := range q {
		f := &q[i]
		a, o := toUnit(f.lat, unit), toUnit(f.lon, unit)
		pa1, po1 := a1, o1 // predict, for both columns
		if i >= 2 {
			dt, dtp := f.t-t1, t1-t2
			switch {
			case dt == dtp:
				pa1, po1 = 2*a1-a2, 2*o1-o2
			case dtp <= 0 || dt > 8*dtp:
			default:
				pa1, po1 = a1+(a1-a2)*dt/dtp, o1+(o1-o2)*dt/dtp
			}
		}
		pa = putUvarint(b, pa, zig(a-pa1))
		po = putUvarint(b, po, zig(o-po1))
		deltaLen += uvlen(zig(a-a1)) + uvlen(zig(o-o1))
		a1, a2, o1, o2 = a, a1, o, o1
		t1, t2 = f.t, t1
	}
	end := pa + copy(b[pa:], b[lonAt:po])
	if deltaLen >= end-start {
		return b[:end], false
	}
	return appendPositionDeltas(b[:start], q, unit), true
}

func appendPositionDeltas(dst []byte, q []qfix, unit int) []byte {
	p := len(dst)
	b := room(dst, 2*maxVarint*len(q))
	for c := range 2 {
		var v1 int64
		for i := range q {
			v := coord(&q[i], c, unit)
			p = putUvarint(b, p, zig(v-v1))
			v1 = v
		}
	}
	return b[:p]
}

// sogOf, cogOf and hdgOf select the columns decodeDeltas reads (the
// encoder selects them with colOf).
func sogOf(f *qfix) *int32 { return &f.sog }
func cogOf(f *qfix) *int32 { return &f.cog }
func hdgOf(f *qfix) *int32 { return &f.hdg }

// Columns of appendColumn (selected by colOf, inlined, where a function
// value would cost a call a fix).
const (
	colSOG = iota
	colCOG
	colHdg
)

// colOf returns column col (colSOG, colCOG or colHdg) of f.
func colOf(f *qfix, col int) int32 {
	switch col {
	case colSOG:
		return f.sog
	case colCOG:
		return f.cog
	}
	return f.hdg
}

// appendColumn writes the column col of q (colSOG, colCOG or colHdg, in
// 0.1 units; -1 is not available): one value when constant, else deltas,
// of whole units (value/10) when whole (-1 stays -1).
func appendColumn(dst []byte, q []qfix, col int, constant, whole bool) []byte {
	if constant {
		return binary.AppendUvarint(dst, zig(int64(colOf(&q[0], col))))
	}
	p := len(dst)
	b := room(dst, maxVarint*len(q))
	var prev int64
	for i := range q {
		v := int64(colOf(&q[i], col))
		if whole {
			v = wholeUnits(v)
		}
		p = putUvarint(b, p, zig(v-prev))
		prev = v
	}
	return b[:p]
}

func appendLines(dst []byte, q []qfix, mode int) []byte {
	p := len(dst)
	b := room(dst, maxVarint*len(q))
	p = putUvarint(b, p, uint64(q[0].line))
	prev := q[0].line
	switch mode {
	case lineNext:
	case lineUp:
		for i := 1; i < len(q); i++ {
			l := q[i].line
			p = putUvarint(b, p, uint64(l-prev-1))
			prev = l
		}
	default:
		for i := 1; i < len(q); i++ {
			l := q[i].line
			p = putUvarint(b, p, zig(int64(l)-int64(prev)-1))
			prev = l
		}
	}
	return b[:p]
}

// predict extrapolates column value i from the two before it at constant
// velocity (integer arithmetic, so encoder and decoder agree exactly); it
// falls back to the previous value when the time steps do not allow it.
func predict(q []qfix, i int, v1, v2 int64) int64 {
	if i < 2 {
		return v1
	}
	dt, dtp := q[i].t-q[i-1].t, q[i-1].t-q[i-2].t
	switch {
	case dt == dtp: // regular reports: no division
		return 2*v1 - v2
	case dtp <= 0 || dt > 8*dtp:
		return v1
	}
	return v1 + (v1-v2)*dt/dtp
}

// predictV2 is predict as block version 2 wrote it: fixes at the same time
// as the one before (dt == dtp == 0) predict the previous value, where v3
// extrapolates. Decoding a v2 block must use it.
func predictV2(q []qfix, i int, v1, v2 int64) int64 {
	if i < 2 {
		return v1
	}
	dt, dtp := q[i].t-q[i-1].t, q[i-1].t-q[i-2].t
	if dtp <= 0 || dt > 8*dtp {
		return v1
	}
	return v1 + (v1-v2)*dt/dtp
}

func appendRuns(dst []byte, q []qfix, get func(*qfix) uint32) []byte {
	for i := 0; i < len(q); {
		v := get(&q[i])
		j := i + 1
		for j < len(q) && get(&q[j]) == v {
			j++
		}
		dst = binary.AppendUvarint(dst, uint64(v))
		dst = binary.AppendUvarint(dst, uint64(j-i))
		i = j
	}
	return dst
}

// blockReader decodes varints from a block, remembering the first error.
type blockReader struct {
	b   []byte
	err error
}

func (r *blockReader) uvarint() uint64 {
	if len(r.b) > 0 && r.b[0] < 0x80 { // the common one-byte case, inlined
		v := uint64(r.b[0])
		r.b = r.b[1:]
		return v
	}
	return r.uvarintSlow()
}

func (r *blockReader) uvarintSlow() uint64 {
	if r.err != nil {
		return 0
	}
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.err = fmt.Errorf("fix block truncated: %w", ErrCorrupt)
		r.b = nil
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *blockReader) varint() int64 { return unzig(r.uvarint()) }

// maxBlockFixes bounds the count read from a block, so a corrupt value
// cannot ask for a huge allocation.
const maxBlockFixes = 1 << 24

// decodeBlock appends the fixes of block b, whose bucket starts at base, to
// dst. It reads version 3 and version 2 blocks.
func decodeBlock(dst []qfix, b []byte, base int64) ([]qfix, error) {
	if len(b) < 2 || b[0] != blockVersion && b[0] != 2 {
		return dst, fmt.Errorf("fix block header %x: %w", b[:min(len(b), 2)], ErrCorrupt)
	}
	var flags uint64
	r := blockReader{b: b[2:]}
	bad := false
	switch {
	case b[0] == 2:
		flags = v2Flags(b[1])
		bad = flags > f3Max|f3V2
	case len(b) < 3:
		bad = true
	default:
		flags = uint64(binary.LittleEndian.Uint16(b[1:]))
		r.b = b[3:]
		bad = flags > f3Max || flags>>f3LineShift&3 == 3
	}
	if bad {
		return dst, fmt.Errorf("fix block v%d flags %x: %w", b[0], b[1:min(len(b), 3)], ErrCorrupt)
	}
	n := r.uvarint()
	// Every fix takes at least one byte (its time).
	if n > maxBlockFixes || n > uint64(len(b)) {
		return dst, fmt.Errorf("fix block count %d: %w", n, ErrCorrupt)
	}
	start := len(dst)
	dst = append(dst, make([]qfix, n)...)
	if n > 0 {
		decodeColumns(&r, dst[start:], flags, base)
	}
	if r.err == nil && len(r.b) != 0 {
		r.err = fmt.Errorf("fix block has %d trailing bytes: %w", len(r.b), ErrCorrupt)
	}
	if r.err != nil {
		return dst[:start], r.err
	}
	return dst, nil
}

// v2Flags maps the flags byte of a version 2 block to version 3 flags
// plus f3V2; a byte v2 never wrote maps to invalid flags.
func v2Flags(f byte) uint64 {
	if f >= 1<<3 {
		return f3V2 << 1
	}
	g := uint64(f3V2)
	if f&flagSeconds != 0 {
		g |= f3Seconds
	}
	switch {
	case f&flagPos100 != 0:
		g |= pos100 << f3PosShift
	case f&flagPos10 != 0:
		g |= pos10 << f3PosShift
	}
	return g
}

func decodeColumns(r *blockReader, q []qfix, flags uint64, base int64) {
	decodeTimes(r, q, flags&f3Seconds != 0, base)
	decodePositions(r, q, int(flags>>f3PosShift&3), flags&f3PosDelta != 0, flags&f3V2 != 0)
	decodeDeltas(r, q, sogOf, flags&f3SogConst != 0, false)
	decodeDeltas(r, q, cogOf, flags&f3CogConst != 0, flags&f3CogWhole != 0)
	decodeDeltas(r, q, hdgOf, flags&f3HdgConst != 0, false)
	if flags&f3StConst != 0 {
		v := uint8(r.uvarint())
		for i := range q {
			q[i].st = v
		}
	} else {
		decodeRuns(r, q, func(f *qfix, v uint32) { f.st = uint8(v) })
	}
	if flags&f3SrcConst != 0 {
		v := uint32(r.uvarint())
		for i := range q {
			q[i].src = v
		}
	} else {
		decodeRuns(r, q, func(f *qfix, v uint32) { f.src = v })
	}
	if flags&f3V2 != 0 {
		decodeLinesV2(r, q)
	} else {
		decodeLines(r, q, int(flags>>f3LineShift&3))
	}
}

func decodeTimes(r *blockReader, q []qfix, sec bool, base int64) {
	mul := int64(1)
	if sec {
		mul = 1000
	}
	t := int64(r.uvarint()) + base/mul
	q[0].t = t * mul
	var d int64
	for i := 1; i < len(q); i++ {
		d += r.varint()
		t += d
		q[i].t = t * mul
	}
}

// decodePositions needs q's times decoded already; legacy selects
// version 2's prediction.
func decodePositions(r *blockReader, q []qfix, unit int, delta, legacy bool) {
	for c := range 2 {
		var v1, v2 int64
		for i := range q {
			p := v1
			switch {
			case delta:
			case legacy:
				p = predictV2(q, i, v1, v2)
			default:
				p = predict(q, i, v1, v2)
			}
			v := p + r.varint()
			if c == 0 {
				q[i].lat = fromUnit(v, unit)
			} else {
				q[i].lon = fromUnit(v, unit)
			}
			v1, v2 = v, v1
		}
	}
}

// decodeDeltas reads a column appendColumn wrote.
func decodeDeltas(r *blockReader, q []qfix, col func(*qfix) *int32, constant, whole bool) {
	if constant {
		v := int32(r.varint())
		for i := range q {
			*col(&q[i]) = v
		}
		return
	}
	var v int64
	for i := range q {
		v += r.varint()
		switch {
		case !whole:
			*col(&q[i]) = int32(v)
		case v < 0:
			*col(&q[i]) = -1
		default:
			*col(&q[i]) = int32(v * 10)
		}
	}
}

func decodeLines(r *blockReader, q []qfix, mode int) {
	q[0].line = uint32(r.uvarint())
	switch mode {
	case lineNext:
		for i := 1; i < len(q); i++ {
			q[i].line = q[i-1].line + 1
		}
	case lineUp:
		for i := 1; i < len(q); i++ {
			q[i].line = q[i-1].line + uint32(r.uvarint()) + 1
		}
	default:
		for i := 1; i < len(q); i++ {
			q[i].line = uint32(int64(q[i-1].line) + r.varint() + 1)
		}
	}
}

// decodeLinesV2 reads a version 2 line column: zz first line, then zz
// deltas minus one.
func decodeLinesV2(r *blockReader, q []qfix) {
	v := r.varint()
	q[0].line = uint32(v)
	for i := 1; i < len(q); i++ {
		v += r.varint() + 1
		q[i].line = uint32(v)
	}
}

func decodeRuns(r *blockReader, q []qfix, set func(*qfix, uint32)) {
	for i := 0; i < len(q) && r.err == nil; {
		v := uint32(r.uvarint())
		n := r.uvarint()
		if n == 0 || n > uint64(len(q)-i) {
			r.err = fmt.Errorf("fix block run %d: %w", n, ErrCorrupt)
			return
		}
		for k := 0; k < int(n); k++ {
			set(&q[i+k], v)
		}
		i += int(n)
	}
}

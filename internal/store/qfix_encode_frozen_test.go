package store

import (
	"bytes"
	"encoding/binary"
	"math/rand/v2"
	"slices"
	"testing"
)

// The block encoder as it was at commit 9c09f60 (encodeBlock and its
// callees, renamed ...Frozen), kept verbatim: encodeBlock, made cheaper,
// must write exactly the bytes it wrote for every list of fixes, since a
// stored block is a function of its fixes.

type blockStatsFrozen struct {
	sec, p10, p100, p600k bool
	sogConst, cogConst    bool
	cogWhole, hdgConst    bool
	stConst, srcConst     bool
	next, up              bool // lines consecutive; lines increasing
}

func statsOfFrozen(q []qfix) blockStatsFrozen {
	s := blockStatsFrozen{true, true, true, true, true, true, true, true, true, true, true, true}
	f0 := &q[0]
	for i := range q {
		f := &q[i]
		s.sec = s.sec && f.t%1000 == 0
		s.p10 = s.p10 && f.lat%10 == 0 && f.lon%10 == 0
		s.p100 = s.p100 && f.lat%100 == 0 && f.lon%100 == 0
		s.sogConst = s.sogConst && f.sog == f0.sog
		s.cogConst = s.cogConst && f.cog == f0.cog
		s.cogWhole = s.cogWhole && (f.cog == -1 || f.cog >= 0 && f.cog%10 == 0)
		s.hdgConst = s.hdgConst && f.hdg == f0.hdg
		s.stConst = s.stConst && f.st == f0.st
		s.srcConst = s.srcConst && f.src == f0.src
		if i > 0 {
			s.next = s.next && f.line == q[i-1].line+1
			s.up = s.up && f.line > q[i-1].line
		}
	}
	if !s.p10 { // 1e-5° and 1e-4° need no finer unit
		for i := 0; i < len(q) && s.p600k; i++ {
			s.p600k = on600k(q[i].lat) && on600k(q[i].lon)
		}
	}
	return s
}

func planBlockFrozen(q []qfix) uint64 {
	s := statsOfFrozen(q)
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

func encodeBlockFrozen(dst []byte, q []qfix, base int64) []byte {
	if len(q) == 0 {
		return append(dst, blockVersion, 0, 0, 0)
	}
	flags := planBlockFrozen(q)
	start := len(dst)
	dst = append(dst, blockVersion, 0, 0) // flags set below
	dst = binary.AppendUvarint(dst, uint64(len(q)))
	dst = appendTimesFrozen(dst, q, base, flags&f3Seconds != 0)
	var delta bool
	dst, delta = appendPositionsFrozen(dst, q, int(flags>>f3PosShift&3))
	if delta {
		flags |= f3PosDelta
	}
	binary.LittleEndian.PutUint16(dst[start+1:], uint16(flags))
	dst = appendDeltasFrozen(dst, q, sogOf, flags&f3SogConst != 0, false)
	dst = appendDeltasFrozen(dst, q, cogOf, flags&f3CogConst != 0, flags&f3CogWhole != 0)
	dst = appendDeltasFrozen(dst, q, hdgOf, flags&f3HdgConst != 0, false)
	if flags&f3StConst != 0 {
		dst = binary.AppendUvarint(dst, uint64(q[0].st))
	} else {
		dst = appendRunsFrozen(dst, q, func(f *qfix) uint32 { return uint32(f.st) })
	}
	if flags&f3SrcConst != 0 {
		dst = binary.AppendUvarint(dst, uint64(q[0].src))
	} else {
		dst = appendRunsFrozen(dst, q, func(f *qfix) uint32 { return f.src })
	}
	return appendLinesFrozen(dst, q, int(flags>>f3LineShift&3))
}

func appendTimesFrozen(dst []byte, q []qfix, base int64, sec bool) []byte {
	tdiv := int64(1)
	if sec {
		tdiv = 1000
	}
	var prevT, prevD int64
	for i := range q {
		t := q[i].t / tdiv
		if i == 0 {
			dst = binary.AppendUvarint(dst, uint64(t-base/tdiv))
		} else {
			d := t - prevT
			dst = binary.AppendUvarint(dst, zig(d-prevD))
			prevD = d
		}
		prevT = t
	}
	return dst
}

func toUnitFrozen(v int32, unit int) int64 {
	switch unit {
	case pos600k:
		return to600k(v)
	case pos100:
		return int64(v / 100)
	case pos10:
		return int64(v / 10)
	}
	return int64(v)
}

func coordFrozen(q []qfix, i, c, unit int) int64 {
	if c == 0 {
		return toUnitFrozen(q[i].lat, unit)
	}
	return toUnitFrozen(q[i].lon, unit)
}

func appendPositionsFrozen(dst []byte, q []qfix, unit int) ([]byte, bool) {
	start := len(dst)
	deltaLen := 0
	for c := range 2 {
		var v1, v2 int64
		for i := range q {
			v := coordFrozen(q, i, c, unit)
			dst = binary.AppendUvarint(dst, zig(v-predictFrozen(q, i, v1, v2)))
			deltaLen += uvlen(zig(v - v1))
			v1, v2 = v, v1
		}
	}
	if deltaLen >= len(dst)-start {
		return dst, false
	}
	return appendPositionDeltasFrozen(dst[:start], q, unit), true
}

func appendPositionDeltasFrozen(dst []byte, q []qfix, unit int) []byte {
	for c := range 2 {
		var v1 int64
		for i := range q {
			v := coordFrozen(q, i, c, unit)
			dst = binary.AppendUvarint(dst, zig(v-v1))
			v1 = v
		}
	}
	return dst
}

func appendDeltasFrozen(dst []byte, q []qfix, col func(*qfix) *int32, constant, whole bool) []byte {
	if constant {
		return binary.AppendUvarint(dst, zig(int64(*col(&q[0]))))
	}
	var prev int64
	for i := range q {
		v := int64(*col(&q[i]))
		if whole && v >= 0 {
			v /= 10
		}
		dst = binary.AppendUvarint(dst, zig(v-prev))
		prev = v
	}
	return dst
}

func appendLinesFrozen(dst []byte, q []qfix, mode int) []byte {
	dst = binary.AppendUvarint(dst, uint64(q[0].line))
	switch mode {
	case lineNext:
	case lineUp:
		for i := 1; i < len(q); i++ {
			dst = binary.AppendUvarint(dst, uint64(q[i].line-q[i-1].line-1))
		}
	default:
		for i := 1; i < len(q); i++ {
			dst = binary.AppendUvarint(dst, zig(int64(q[i].line)-int64(q[i-1].line)-1))
		}
	}
	return dst
}

func predictFrozen(q []qfix, i int, v1, v2 int64) int64 {
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

func appendRunsFrozen(dst []byte, q []qfix, get func(*qfix) uint32) []byte {
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

// encodeShapes are blocks shaped to reach every branch of the encoder:
// each position unit, seconds and milliseconds, constant and whole
// columns, each line mode, repeated times, irregular and backward time
// steps (the prediction's fallbacks), extreme values.
func encodeShapes() [][]qfix {
	var out [][]qfix
	r := rand.New(rand.NewPCG(11, 12))
	for k := range 4000 {
		out = append(out, randomBlock(r, 1+k%70))
	}
	base := qfix{t: blockBase + 5000, lat: 55123456, lon: 12345678, sog: 101, cog: 2345, hdg: 234, st: 0x10, src: 1, line: 10}
	steps := [][]int64{{10000}, {10000, 10000, 0, 0, 10000}, {1000, 3000, 500, 90000, 10}, {5000, -3000, 5000}, {0}, {1, 2, 3, 5, 8, 13, 21}}
	for _, st := range steps {
		for unit := range 4 {
			for _, moving := range []bool{false, true} {
				q := make([]qfix, 0, 40)
				x := base
				for i := range 40 {
					x.t += st[i%len(st)]
					if moving {
						x.lat += int32(37 * (i%7 - 2))
						x.lon -= int32(53 * (i%5 - 1))
					} else if i%9 == 4 {
						x.lat++
					}
					y := x
					switch unit {
					case pos10:
						y.lat, y.lon = y.lat/10*10, y.lon/10*10
					case pos100:
						y.lat, y.lon = y.lat/100*100, y.lon/100*100
					case pos600k:
						y.lat, y.lon = from600k(to600k(y.lat)), from600k(to600k(y.lon))
					}
					y.line = x.line + uint32(i)
					q = append(q, y)
				}
				out = append(out, q)
			}
		}
	}
	ext := []qfix{
		{t: blockBase, lat: -90000000, lon: -180000000, sog: -1, cog: -1, hdg: -1, line: 0},
		{t: blockBase + hourMs - 1, lat: 90000000, lon: 180000000, sog: 1<<31 - 1, cog: 3599, hdg: 359, st: 0xff, src: 1<<32 - 1, line: 1<<32 - 1},
		{t: blockBase + 7, lat: 1<<31 - 1, lon: -1 << 31, sog: -1 << 31, cog: 10, hdg: 1<<31 - 1, line: 5},
	}
	for i := range ext {
		out = append(out, ext[i:i+1], ext[:i+1], ext[i:])
	}
	return out
}

// TestEncodeBlockMatchesFrozen compares encodeBlock with its frozen copy,
// and the per-column helpers with theirs, on blocks of every shape.
func TestEncodeBlockMatchesFrozen(t *testing.T) {
	for k, q := range encodeShapes() {
		checkEncodeFrozen(t, k, q, blockBase)
	}
	if _, err := decodeBlock(nil, encodeBlock(nil, nil, blockBase), blockBase); err != nil {
		t.Fatal(err)
	}
	if got, want := encodeBlock([]byte{9}, nil, blockBase), encodeBlockFrozen([]byte{9}, nil, blockBase); !bytes.Equal(got, want) {
		t.Fatalf("empty block: %x, want %x", got, want)
	}
}

func checkEncodeFrozen(t *testing.T, k int, q []qfix, base int64) {
	t.Helper()
	prefix := []byte{0xaa, 0xbb}
	got := encodeBlock(append([]byte(nil), prefix...), q, base)
	want := encodeBlockFrozen(append([]byte(nil), prefix...), q, base)
	if !bytes.Equal(got, want) {
		t.Fatalf("block %d of %d fixes: encodeBlock\n got %x\nwant %x\nfixes %+v", k, len(q), got, want, q)
	}
	if len(q) == 0 {
		return
	}
	if g, w := planBlock(q), planBlockFrozen(q); g != w {
		t.Fatalf("block %d: planBlock %#x, want %#x", k, g, w)
	}
	for _, unit := range unitsOf(q) {
		g, gd := appendPositions(nil, q, unit)
		w, wd := appendPositionsFrozen(nil, q, unit)
		if !bytes.Equal(g, w) || gd != wd {
			t.Fatalf("block %d unit %d: appendPositions %x %v, want %x %v", k, unit, g, gd, w, wd)
		}
	}
	sels := []func(*qfix) *int32{sogOf, cogOf, hdgOf}
	for col, sel := range sels {
		for _, cw := range [][2]bool{{false, false}, {false, true}, {true, false}} {
			g, w := appendColumn(nil, q, col, cw[0], cw[1]), appendDeltasFrozen(nil, q, sel, cw[0], cw[1])
			if !bytes.Equal(g, w) {
				t.Fatalf("block %d column %d %v: appendColumn %x, want %x", k, col, cw, g, w)
			}
		}
	}
	for _, sec := range []bool{false, allSeconds(q)} {
		if g, w := appendTimes(nil, q, base, sec), appendTimesFrozen(nil, q, base, sec); !bytes.Equal(g, w) {
			t.Fatalf("block %d sec %v: appendTimes %x, want %x", k, sec, g, w)
		}
	}
}

// unitsOf returns the position units that hold every coordinate of q
// (appendPositions takes no other): 1e-6° and 1/600000° (rounded) always,
// 1e-5° and 1e-4° when every coordinate is a multiple of 10 or 100.
func unitsOf(q []qfix) []int {
	units := []int{posMicro, pos600k}
	for _, u := range []struct{ unit, div int32 }{{pos10, 10}, {pos100, 100}} {
		if !slices.ContainsFunc(q, func(f qfix) bool { return f.lat%u.div != 0 || f.lon%u.div != 0 }) {
			units = append(units, int(u.unit))
		}
	}
	return units
}

// allSeconds reports whether every time of q is a whole second (which
// appendTimes needs to write seconds).
func allSeconds(q []qfix) bool {
	return !slices.ContainsFunc(q, func(f qfix) bool { return f.t%1000 != 0 })
}

// FuzzEncodeBlockMatchesFrozen compares encodeBlock with its frozen copy
// on fuzzed blocks (fuzzFixes: small steps of every field, or raw values).
func FuzzEncodeBlockMatchesFrozen(f *testing.F) {
	for _, mode := range []byte{0x00, 0x01, 0x03, 0x05, 0x07, 0x09, 0x11, 0x21, 0x41, 0x80, 0xff} {
		seed := []byte{mode}
		for i := range 60 {
			seed = append(seed, byte(i*37), byte(i*11), byte(i%5), byte(250+i%7), byte(i%3), byte(i), 0, byte(i%2), byte(i), byte(i/7), byte(i%9), byte(i*i))
		}
		f.Add(seed, int64(0))
	}
	f.Fuzz(func(t *testing.T, data []byte, shift int64) {
		q := fuzzFixes(data)
		// base may be any bucket start at or below every time
		base := int64(blockBase)
		for _, x := range q {
			base = min(base, x.t)
		}
		base -= shift & 0xffffff
		checkEncodeFrozen(t, 0, q, base)
	})
}

// TestEncodeRealBlocksMatchFrozen compares encodeBlock with its frozen
// copy on the real blocks of the block benchmarks (NOAA, Auckland and a
// dense simulated fleet; skipped without the shared data).
func TestEncodeRealBlocksMatchFrozen(t *testing.T) {
	if testing.Short() {
		t.Skip("loads real data")
	}
	for _, c := range []realCSV{noaaCSV, aucklandCSV} {
		rows, _ := loadReal(t, c)
		blocks, bases := realBlocksBy(rows, hourMs, nil)
		for k, q := range blocks {
			checkEncodeFrozen(t, k, q, bases[k])
		}
	}
	blocks, bases := fleetBlocks(20)
	for k, q := range blocks {
		checkEncodeFrozen(t, k, q, bases[k])
	}
}

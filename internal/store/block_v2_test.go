package store

import (
	"encoding/binary"
	"encoding/hex"
	"testing"
)

// Golden v2 blocks, written by the v2 encoder before v3 replaced it: stores
// written then must stay readable.
func TestDecodeGoldenV2(t *testing.T) {
	const base = 1694044800000
	for _, c := range []struct {
		hex  string
		want []qfix
	}{
		{ // seconds, 1e-4°, status and source runs, not-available values
			"02050401140012e488421600029cf30c1a0108f6010202fb01d2240a02df24d2030202d7031002150201030201145c52c101",
			[]qfix{
				{t: 1694044801000, lat: 54123400, lon: 10567800, sog: 123, cog: 2345, hdg: 233, st: 0x10, src: 1, line: 10},
				{t: 1694044811000, lat: 54124500, lon: 10569100, sog: 124, cog: 2350, hdg: 234, st: 0x10, src: 1, line: 57},
				{t: 1694044821000, lat: 54125600, lon: 10570300, sog: 125, cog: 2351, hdg: 235, st: 0x15, src: 1, line: 99},
				{t: 1694044840000, lat: 54127700, lon: 10572900, sog: -1, cog: -1, hdg: -1, st: 0x15, src: 2, line: 3},
			},
		},
		{ // milliseconds, 1e-6°
			"020003e121b4a10c9ca32e959086231875b6c0cda6010004000006e40ae30a019c04009d042f030703040000",
			[]qfix{
				{t: 1694044804321, lat: -36750347, lon: 174698523, sog: 0, cog: 690, hdg: 270, st: 0x2f, src: 7, line: 2},
				{t: 1694044904763, lat: -36750335, lon: 174698523, sog: 0, cog: 0, hdg: 270, st: 0x2f, src: 7, line: 3},
				{t: 1694045384291, lat: -36750337, lon: 174698525, sog: 3, cog: -1, hdg: -1, st: 0x2f, src: 7, line: 4},
			},
		},
	} {
		b, err := hex.DecodeString(c.hex)
		if err != nil {
			t.Fatal(err)
		}
		got, err := decodeBlock(nil, b, base)
		if err != nil || !equalQ(got, c.want) {
			t.Fatalf("decode v2 %s: %v\n got %+v\nwant %+v", c.hex, err, got, c.want)
		}
		// A v2 block re-encodes as the current version, to the same fixes.
		again, err := decodeBlock(nil, encodeBlock(nil, got, base), base)
		if err != nil || !equalQ(again, c.want) {
			t.Fatalf("re-encode: %v\n got %+v", err, again)
		}
	}
}

func blockFlagsV2(q []qfix) byte {
	sec, p10, p100 := true, true, true
	for i := range q {
		sec = sec && q[i].t%1000 == 0
		p10 = p10 && q[i].lat%10 == 0 && q[i].lon%10 == 0
		p100 = p100 && q[i].lat%100 == 0 && q[i].lon%100 == 0
	}
	var f byte
	if sec {
		f |= flagSeconds
	}
	switch {
	case p100:
		f |= flagPos100
	case p10:
		f |= flagPos10
	}
	return f
}

func posScaleV2(flags byte) int32 {
	switch {
	case flags&flagPos100 != 0:
		return 100
	case flags&flagPos10 != 0:
		return 10
	}
	return 1
}

// encodeBlockV2 is the version 2 encoder (kept to test that v2 blocks stay readable): it appends the encoding of q (sorted by cmpQ, every time >=
// base, the bucket start) to dst.
func encodeBlockV2(dst []byte, q []qfix, base int64) []byte {
	flags := blockFlagsV2(q)
	dst = append(dst, 2, flags)
	dst = binary.AppendUvarint(dst, uint64(len(q)))
	dst = appendTimesFrozen(dst, q, base, flags&flagSeconds != 0) // v2 and v3 code times alike
	ps := posScaleV2(flags)
	dst = appendPredictedV2(dst, q, func(f *qfix) int64 { return int64(f.lat / ps) })
	dst = appendPredictedV2(dst, q, func(f *qfix) int64 { return int64(f.lon / ps) })
	dst = appendDeltasV2(dst, q, 0, func(f *qfix) int64 { return int64(f.sog) })
	dst = appendDeltasV2(dst, q, 0, func(f *qfix) int64 { return int64(f.cog) })
	dst = appendDeltasV2(dst, q, 0, func(f *qfix) int64 { return int64(f.hdg) })
	dst = appendRunsFrozen(dst, q, func(f *qfix) uint32 { return uint32(f.st) })
	dst = appendRunsFrozen(dst, q, func(f *qfix) uint32 { return f.src })
	return appendDeltasV2(dst, q, 1, func(f *qfix) int64 { return int64(f.line) })
}

func appendPredictedV2(dst []byte, q []qfix, get func(*qfix) int64) []byte {
	var v1, v2 int64
	for i := range q {
		v := get(&q[i])
		dst = binary.AppendUvarint(dst, zig(v-predictV2(q, i, v1, v2)))
		v1, v2 = v, v1
	}
	return dst
}

func appendDeltasV2(dst []byte, q []qfix, step int64, get func(*qfix) int64) []byte {
	var prev int64
	for i := range q {
		v := get(&q[i])
		if i == 0 {
			dst = binary.AppendUvarint(dst, zig(v))
		} else {
			dst = binary.AppendUvarint(dst, zig(v-prev-step))
		}
		prev = v
	}
	return dst
}

// TestDecodeV2SameTime: a v2 block written by the version 2 encoder
// (e8c094a) from three MarineCadastre rows of one vessel at the same second
// (mc.csv lines 100084, 100101, 100089: 33.72368,-118.27974;
// 33.72368,-118.27973; 33.72369,-118.27981). Version 2 predicted the
// previous value when times repeat; v3 extrapolates, so a v2 block must be
// decoded with v2's rule.
func TestDecodeV2SameTime(t *testing.T) {
	const base = 1641254400000 // 2022-01-04T00:00:00Z
	b, err := hex.DecodeString("020303000000a0d59b0300028beca30b020f0000000100000100001f030103e89b0c2019")
	if err != nil {
		t.Fatal(err)
	}
	got, err := decodeBlock(nil, b, base)
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		lat, lon int32
		line     uint32
	}{{33723680, -118279740, 100084}, {33723680, -118279730, 100101}, {33723690, -118279810, 100089}}
	if len(got) != len(want) {
		t.Fatalf("%d fixes; want %d: %+v", len(got), len(want), got)
	}
	for i, w := range want {
		g := got[i]
		if g.t != base || g.lat != w.lat || g.lon != w.lon || g.line != w.line {
			t.Errorf("fix %d: t %d lat %d lon %d line %d; want t %d lat %d lon %d line %d",
				i, g.t, g.lat, g.lon, g.line, int64(base), w.lat, w.lon, w.line)
		}
	}
}

package store

import (
	"encoding/binary"
	"fmt"
)

// A fix block holds one vessel's fixes of one bucket (UTC hour) in one
// segment, column by column, each column as varints:
//
//	version(1) flags(1) n(uvarint)
//	time:    t0 - bucket start, then zig-zag delta-of-deltas (in seconds when flagSeconds)
//	lat,lon: zig-zag residuals from a constant-velocity prediction (divided by 10 or 100 per flags)
//	sog,cog: zig-zag deltas of 0.1 units (-1 = not available)
//	heading: zig-zag deltas
//	st:      runs of (status|class<<4 byte, run length)
//	src:     runs of (source id, run length); then zig-zag line deltas minus one
//
// Columns keep similar numbers together, which Pebble's zstd block
// compression then squeezes further.
const blockVersion = 2

const (
	flagSeconds = 1 << iota // every time is a whole second
	flagPos10               // every lat/lon is a multiple of 10 (1e-5°)
	flagPos100              // every lat/lon is a multiple of 100 (1e-4°)
)

func zig(v int64) uint64   { return uint64(v<<1) ^ uint64(v>>63) }
func unzig(u uint64) int64 { return int64(u>>1) ^ -int64(u&1) }

func blockFlags(q []qfix) byte {
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

func posScale(flags byte) int32 {
	switch {
	case flags&flagPos100 != 0:
		return 100
	case flags&flagPos10 != 0:
		return 10
	}
	return 1
}

// encodeBlock appends the encoding of q (sorted by cmpQ, every time >=
// base, the bucket start) to dst.
func encodeBlock(dst []byte, q []qfix, base int64) []byte {
	flags := blockFlags(q)
	dst = append(dst, blockVersion, flags)
	dst = binary.AppendUvarint(dst, uint64(len(q)))
	tdiv := int64(1)
	if flags&flagSeconds != 0 {
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
	ps := posScale(flags)
	dst = appendPredicted(dst, q, func(f *qfix) int64 { return int64(f.lat / ps) })
	dst = appendPredicted(dst, q, func(f *qfix) int64 { return int64(f.lon / ps) })
	dst = appendDeltas(dst, q, 0, func(f *qfix) int64 { return int64(f.sog) })
	dst = appendDeltas(dst, q, 0, func(f *qfix) int64 { return int64(f.cog) })
	dst = appendDeltas(dst, q, 0, func(f *qfix) int64 { return int64(f.hdg) })
	dst = appendRuns(dst, q, func(f *qfix) uint32 { return uint32(f.st) })
	dst = appendRuns(dst, q, func(f *qfix) uint32 { return f.src })
	return appendDeltas(dst, q, 1, func(f *qfix) int64 { return int64(f.line) })
}

// predict extrapolates column value i from the two before it at constant
// velocity (integer arithmetic, so encoder and decoder agree exactly); it
// falls back to the previous value when the time steps do not allow it.
func predict(q []qfix, i int, v1, v2 int64) int64 {
	if i < 2 {
		return v1
	}
	dt, dtp := q[i].t-q[i-1].t, q[i-1].t-q[i-2].t
	if dtp <= 0 || dt > 8*dtp {
		return v1
	}
	return v1 + (v1-v2)*dt/dtp
}

func appendPredicted(dst []byte, q []qfix, get func(*qfix) int64) []byte {
	var v1, v2 int64
	for i := range q {
		v := get(&q[i])
		dst = binary.AppendUvarint(dst, zig(v-predict(q, i, v1, v2)))
		v1, v2 = v, v1
	}
	return dst
}

// appendDeltas writes each value's difference from the previous one plus step.
func appendDeltas(dst []byte, q []qfix, step int64, get func(*qfix) int64) []byte {
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
	if r.err != nil {
		return 0
	}
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.err = fmt.Errorf("fix block truncated: %w", ErrCorrupt)
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *blockReader) varint() int64 { return unzig(r.uvarint()) }

// maxBlockFixes bounds the count read from a block, so a corrupt value
// cannot ask for a huge allocation.
const maxBlockFixes = 1 << 24

// decodeBlock appends the fixes of block b, whose bucket starts at base, to dst.
func decodeBlock(dst []qfix, b []byte, base int64) ([]qfix, error) {
	if len(b) < 2 || b[0] != blockVersion {
		return dst, fmt.Errorf("fix block header %x: %w", b[:min(len(b), 2)], ErrCorrupt)
	}
	flags := b[1]
	r := blockReader{b: b[2:]}
	n := r.uvarint()
	if n > maxBlockFixes || n > uint64(len(b)) {
		return dst, fmt.Errorf("fix block count %d: %w", n, ErrCorrupt)
	}
	start := len(dst)
	dst = append(dst, make([]qfix, n)...)
	q := dst[start:]
	decodeTimes(&r, q, flags, base)
	ps := int64(posScale(flags))
	decodePredicted(&r, q, func(f *qfix, v int64) { f.lat = int32(v * ps) })
	decodePredicted(&r, q, func(f *qfix, v int64) { f.lon = int32(v * ps) })
	decodeDeltas(&r, q, 0, func(f *qfix, v int64) { f.sog = int32(v) })
	decodeDeltas(&r, q, 0, func(f *qfix, v int64) { f.cog = int32(v) })
	decodeDeltas(&r, q, 0, func(f *qfix, v int64) { f.hdg = int32(v) })
	decodeRuns(&r, q, func(f *qfix, v uint32) { f.st = uint8(v) })
	decodeRuns(&r, q, func(f *qfix, v uint32) { f.src = v })
	decodeDeltas(&r, q, 1, func(f *qfix, v int64) { f.line = uint32(v) })
	if r.err == nil && len(r.b) != 0 {
		r.err = fmt.Errorf("fix block has %d trailing bytes: %w", len(r.b), ErrCorrupt)
	}
	return dst, r.err
}

func decodeTimes(r *blockReader, q []qfix, flags byte, base int64) {
	mul := int64(1)
	if flags&flagSeconds != 0 {
		mul = 1000
	}
	var t, d int64
	for i := range q {
		if i == 0 {
			t = int64(r.uvarint()) + base/mul
		} else {
			d += r.varint()
			t += d
		}
		q[i].t = t * mul
	}
}

// decodePredicted needs q's times decoded already.
func decodePredicted(r *blockReader, q []qfix, set func(*qfix, int64)) {
	var v1, v2 int64
	for i := range q {
		v := predict(q, i, v1, v2) + r.varint()
		set(&q[i], v)
		v1, v2 = v, v1
	}
}

func decodeDeltas(r *blockReader, q []qfix, step int64, set func(*qfix, int64)) {
	var v int64
	for i := range q {
		if i == 0 {
			v = r.varint()
		} else {
			v += r.varint() + step
		}
		set(&q[i], v)
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

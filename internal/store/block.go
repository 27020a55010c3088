package store

import (
	"encoding/binary"
	"fmt"
)

// A fix block holds one vessel's fixes of one UTC day in one segment,
// column by column, each column delta-encoded as varints:
//
//	version(1) flags(1) n(uvarint)
//	time:    t0, then n-1 unsigned deltas (in seconds when flagSeconds)
//	lat,lon: zig-zag deltas from 0 (divided by 10 or 100 per flags)
//	sog,cog: zig-zag deltas of 0.1 units (-1 = not available)
//	heading: zig-zag deltas
//	st:      runs of (status|class<<4 byte, run length)
//	src:     runs of (source id, run length); then zig-zag line deltas
//
// Columns keep similar numbers together, which Pebble's zstd block
// compression then squeezes further.
const blockVersion = 1

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

// encodeBlock appends the encoding of q (sorted by cmpQ) to dst.
func encodeBlock(dst []byte, q []qfix) []byte {
	flags := blockFlags(q)
	dst = append(dst, blockVersion, flags)
	dst = binary.AppendUvarint(dst, uint64(len(q)))
	tdiv := int64(1)
	if flags&flagSeconds != 0 {
		tdiv = 1000
	}
	var prevT int64
	for i := range q {
		t := q[i].t / tdiv
		if i == 0 {
			dst = binary.AppendVarint(dst, t)
		} else {
			dst = binary.AppendUvarint(dst, uint64(t-prevT))
		}
		prevT = t
	}
	ps := posScale(flags)
	dst = appendDeltas(dst, q, func(f *qfix) int64 { return int64(f.lat / ps) })
	dst = appendDeltas(dst, q, func(f *qfix) int64 { return int64(f.lon / ps) })
	dst = appendDeltas(dst, q, func(f *qfix) int64 { return int64(f.sog) })
	dst = appendDeltas(dst, q, func(f *qfix) int64 { return int64(f.cog) })
	dst = appendDeltas(dst, q, func(f *qfix) int64 { return int64(f.hdg) })
	dst = appendRuns(dst, q, func(f *qfix) uint32 { return uint32(f.st) })
	dst = appendRuns(dst, q, func(f *qfix) uint32 { return f.src })
	return appendDeltas(dst, q, func(f *qfix) int64 { return int64(f.line) })
}

func appendDeltas(dst []byte, q []qfix, get func(*qfix) int64) []byte {
	var prev int64
	for i := range q {
		v := get(&q[i])
		dst = binary.AppendUvarint(dst, zig(v-prev))
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

// decodeBlock appends the fixes of block b to dst.
func decodeBlock(dst []qfix, b []byte) ([]qfix, error) {
	if len(b) < 2 || b[0] != blockVersion {
		return dst, fmt.Errorf("fix block header %x: %w", b[:min(len(b), 2)], ErrCorrupt)
	}
	flags := b[1]
	r := blockReader{b: b[2:]}
	n := r.uvarint()
	if n > maxBlockFixes || n > uint64(len(b)) {
		return dst, fmt.Errorf("fix block count %d: %w", n, ErrCorrupt)
	}
	base := len(dst)
	dst = append(dst, make([]qfix, n)...)
	q := dst[base:]
	decodeTimes(&r, q, flags)
	ps := int64(posScale(flags))
	decodeDeltas(&r, q, func(f *qfix, v int64) { f.lat = int32(v * ps) })
	decodeDeltas(&r, q, func(f *qfix, v int64) { f.lon = int32(v * ps) })
	decodeDeltas(&r, q, func(f *qfix, v int64) { f.sog = int32(v) })
	decodeDeltas(&r, q, func(f *qfix, v int64) { f.cog = int32(v) })
	decodeDeltas(&r, q, func(f *qfix, v int64) { f.hdg = int32(v) })
	decodeRuns(&r, q, func(f *qfix, v uint32) { f.st = uint8(v) })
	decodeRuns(&r, q, func(f *qfix, v uint32) { f.src = v })
	decodeDeltas(&r, q, func(f *qfix, v int64) { f.line = uint32(v) })
	if r.err == nil && len(r.b) != 0 {
		r.err = fmt.Errorf("fix block has %d trailing bytes: %w", len(r.b), ErrCorrupt)
	}
	return dst, r.err
}

func decodeTimes(r *blockReader, q []qfix, flags byte) {
	mul := int64(1)
	if flags&flagSeconds != 0 {
		mul = 1000
	}
	var t int64
	for i := range q {
		if i == 0 {
			t = r.varint()
		} else {
			t += int64(r.uvarint())
		}
		q[i].t = t * mul
	}
}

func decodeDeltas(r *blockReader, q []qfix, set func(*qfix, int64)) {
	var v int64
	for i := range q {
		v += r.varint()
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

package ais

import "encoding/binary"

// maxPayloadBytes bounds the unpacked payload: 2048 bits, twice the largest
// message the standard allows (5 slots). Longer payloads are decoded up to
// this size; the rest is ignored.
const maxPayloadBytes = 256

// invalid marks a byte that is not part of the 6-bit armour in armour.
const invalid = 0xFF

// armour maps an armoured payload byte to its 6-bit value, or invalid.
var armour = func() (t [256]byte) {
	for i := range t {
		t[i] = invalid
	}
	for c := '0'; c <= 'W'; c++ {
		t[c] = byte(c - '0')
	}
	for c := '`'; c <= 'w'; c++ {
		t[c] = byte(c - '`' + 40)
	}
	return t
}()

// bitBuf is an unpacked payload: bits MSB first, padded with zero bytes so
// that any field read at an offset below maxPayloadBytes*8 is in bounds.
// Bits past the payload read as zero.
type bitBuf struct {
	b     [maxPayloadBytes + 8]byte
	n     int // payload bits
	dirty int // bytes of b that may be non-zero
}

// load unpacks an armoured payload, dropping fillBits trailing bits.
func (r *bitBuf) load(payload []byte, fillBits int) error {
	if len(payload) > maxPayloadBytes*8/6 {
		payload = payload[:maxPayloadBytes*8/6]
		fillBits = 0
	}
	j := r.unpack(payload)
	if j < 0 {
		r.dirty = len(r.b) // partly overwritten: clear all next time
		return ErrInvalidChar
	}
	for k := j; k < r.dirty; k++ {
		r.b[k] = 0
	}
	r.dirty = j
	if fillBits < 0 || fillBits > 5 {
		fillBits = 0
	}
	r.n = len(payload)*6 - fillBits
	if fillBits > 0 {
		r.clearFrom(r.n)
	}
	return nil
}

// armourPair maps two armoured characters, as the little-endian uint16 of
// their bytes (the first in the low byte), to their 12 bits, the first
// character's on top, or to pairInvalid when either is not in the armour.
// Of its 128 KiB only the rows of armour characters (about 12 KiB) are
// ever read.
var armourPair = func() *[1 << 16]uint16 {
	t := new([1 << 16]uint16)
	for x := range t {
		a, b := armour[x&0xFF], armour[x>>8]
		if a == invalid || b == invalid {
			t[x] = pairInvalid
			continue
		}
		t[x] = uint16(a)<<6 | uint16(b)
	}
	return t
}()

// pairInvalid is armourPair's mark of a pair with a byte out of the armour.
const pairInvalid = 1 << 15

// armourZeros is eight '0' characters (armour value 0) as a word.
const armourZeros = '0' * 0x0101010101010101

// unpack converts the armoured payload to bits in r.b and returns the
// number of bytes written, or -1 if a character is not in the armour. On
// amd64 unpackBlocks takes payloads of sixteen characters or more,
// sixteen at a time (SSE2). Else it takes eight characters at a time as
// four pairs (armourPair) and writes their six bytes as one 8-byte store
// whose last two bytes are zero and are overwritten by the next store;
// then the last one to seven the same way, from the payload's last eight
// bytes shifted down with '0' (zero bits) above them (or, for a payload of
// fewer than eight, from a copy). The payload must fit in r.b (load cuts
// it to maxPayloadBytes).
func (r *bitBuf) unpack(payload []byte) int {
	n := len(payload)
	if unpackSIMD && n >= 16 && n <= maxPayloadBytes*8/6 {
		return unpackBlocks(&r.b, payload)
	}
	t := armourPair
	j, i := 0, 0
	for ; i+8 <= n; i += 8 {
		p := payload[i : i+8 : i+8]
		a := t[binary.LittleEndian.Uint16(p[0:2])]
		b := t[binary.LittleEndian.Uint16(p[2:4])]
		c := t[binary.LittleEndian.Uint16(p[4:6])]
		d := t[binary.LittleEndian.Uint16(p[6:8])]
		if (a|b|c|d)&pairInvalid != 0 {
			return -1
		}
		binary.BigEndian.PutUint64(r.b[j:j+8], uint64(a)<<52|uint64(b)<<40|uint64(c)<<28|uint64(d)<<16)
		j += 6
	}
	k := n - i // characters left, 0..7
	if k == 0 {
		return j
	}
	var w uint64
	if n >= 8 {
		w = binary.LittleEndian.Uint64(payload[n-8:])>>((64-8*k)&63) | armourZeros<<((8*k)&63)
	} else {
		q := [8]byte{'0', '0', '0', '0', '0', '0', '0', '0'}
		copy(q[:], payload)
		w = binary.LittleEndian.Uint64(q[:])
	}
	a, b, c, d := t[uint16(w)], t[uint16(w>>16)], t[uint16(w>>32)], t[uint16(w>>48)]
	if (a|b|c|d)&pairInvalid != 0 {
		return -1
	}
	// The bytes past the last one with payload bits are written as zero,
	// which they are.
	binary.BigEndian.PutUint64(r.b[j:j+8], uint64(a)<<52|uint64(b)<<40|uint64(c)<<28|uint64(d)<<16)
	return j + int(uint(k*6+7)/8)
}

// clearFrom zeroes bit off and the bits after it in its byte.
func (r *bitBuf) clearFrom(off int) {
	i := off >> 3
	if s := off & 7; s != 0 {
		r.b[i] &= 0xFF << (8 - s)
		i++
	}
	for ; i < r.dirty; i++ {
		r.b[i] = 0
	}
}

// u reads an unsigned field of width bits (1..57) at bit offset off.
func (r *bitBuf) u(off, width int) uint64 {
	i := off >> 3
	if i > maxPayloadBytes {
		return 0
	}
	v := binary.BigEndian.Uint64(r.b[i : i+8])
	return v << uint(off&7) >> uint(64-width)
}

// s reads a two's-complement signed field of width bits at bit offset off.
func (r *bitBuf) s(off, width int) int64 {
	v := r.u(off, width)
	return int64(v<<uint(64-width)) >> uint(64-width)
}

// flag reads a one-bit boolean at bit offset off.
func (r *bitBuf) flag(off int) bool { return r.u(off, 1) != 0 }

// u8, u16, u32, i32 are typed shorthands for u and s.
func (r *bitBuf) u8(off, width int) uint8   { return uint8(r.u(off, width)) }
func (r *bitBuf) u16(off, width int) uint16 { return uint16(r.u(off, width)) }
func (r *bitBuf) u32(off, width int) uint32 { return uint32(r.u(off, width)) }
func (r *bitBuf) i32(off, width int) int32  { return int32(r.s(off, width)) }

// bytesAt copies nbits bits starting at off into dst, left aligned, and
// returns the number of bytes written. Bits past the payload are not copied.
func (r *bitBuf) bytesAt(dst []byte, off, nbits int) (n int) {
	if off >= r.n {
		return 0
	}
	if off+nbits > r.n {
		nbits = r.n - off
	}
	n = (nbits + 7) / 8
	if n > len(dst) {
		n = len(dst)
		nbits = n * 8
	}
	for k := 0; k < n; k++ {
		w := 8
		if rem := nbits - 8*k; rem < 8 {
			w = rem
		}
		dst[k] = byte(r.u(off+8*k, w) << uint(8-w))
	}
	return n
}

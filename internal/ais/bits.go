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

// armourAt maps an armoured payload byte to its 6 bits placed for the k-th
// character of a group of four (armourAt[k][c], bits 26-6k..31-6k of a
// uint32, the first character on top), or to 0xFF in the low byte when c
// is not in the armour. ORing a group's four entries gives its 24 bits in
// the top three bytes, and a non-zero low byte when any is invalid.
var armourAt = func() (t [4][256]uint32) {
	for k := range t {
		for c := range t[k] {
			v := armour[c]
			if v == invalid {
				t[k][c] = 0xFF
				continue
			}
			t[k][c] = uint32(v) << (26 - 6*k)
		}
	}
	return t
}()

// unpack converts the armoured payload to bits in r.b and returns the
// number of bytes written, or -1 if a character is not in the armour. It
// takes eight characters at a time (two groups of armourAt) and writes
// their six bytes as one 8-byte store whose last two bytes are zero and are
// overwritten by the next store; then the last one to seven the same way,
// the missing ones as zero bits. The payload must fit in r.b (load cuts
// it to maxPayloadBytes).
func (r *bitBuf) unpack(payload []byte) int {
	t := &armourAt
	j, i := 0, 0
	for ; i+8 <= len(payload); i += 8 {
		p := payload[i : i+8 : i+8]
		hi := t[0][p[0]] | t[1][p[1]] | t[2][p[2]] | t[3][p[3]]
		lo := t[0][p[4]] | t[1][p[5]] | t[2][p[6]] | t[3][p[7]]
		if (hi|lo)&0xFF != 0 {
			return -1
		}
		binary.BigEndian.PutUint64(r.b[j:j+8], uint64(hi)<<32|uint64(lo)<<8)
		j += 6
	}
	if i == len(payload) {
		return j
	}
	p := payload[i:]
	var hi, lo uint32
	switch len(p) {
	case 7:
		lo = t[2][p[6]]
		fallthrough
	case 6:
		lo |= t[1][p[5]]
		fallthrough
	case 5:
		lo |= t[0][p[4]]
		fallthrough
	case 4:
		hi = t[3][p[3]]
		fallthrough
	case 3:
		hi |= t[2][p[2]]
		fallthrough
	case 2:
		hi |= t[1][p[1]]
		fallthrough
	default:
		hi |= t[0][p[0]]
	}
	if (hi|lo)&0xFF != 0 {
		return -1
	}
	// The bytes past the last one with payload bits are written as zero,
	// which they are.
	binary.BigEndian.PutUint64(r.b[j:j+8], uint64(hi)<<32|uint64(lo)<<8)
	return j + (len(p)*6+7)/8
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

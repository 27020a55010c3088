package ingest

import (
	"encoding/binary"
	"math/bits"
	"slices"
)

// splitCSV splits one CSV line (without its line terminator) into fields,
// appending them to dst[:0] and returning it. Fields alias line, except
// quoted fields with doubled quotes inside, which are unescaped into
// scratch; both stay valid only until line or scratch is reused. Quotes
// are removed. A quoted field that does not close is an error. Line breaks
// inside quoted fields are not supported: AIS exports do not use them.
//
// RowParser splits rows with splitPlain and only the rest with
// splitQuoted; splitCSV does both, for headers and tests.
func splitCSV(dst [][]byte, scratch *[]byte, line []byte) ([][]byte, bool) {
	resetScratch(scratch, len(line))
	var buf [32]fieldSpan
	if spans, ok := splitPlain(buf[:0], line); ok {
		dst = dst[:0]
		for _, f := range spans {
			dst = append(dst, line[f.start:f.end])
		}
		return dst, true
	}
	return splitQuoted(dst[:0], scratch, line)
}

// resetScratch empties *scratch with room for the unescaped fields of a
// line of n bytes; it never regrows while they alias it.
func resetScratch(scratch *[]byte, n int) {
	if cap(*scratch) < n {
		*scratch = make([]byte, 0, n)
	}
	*scratch = (*scratch)[:0]
}

// fieldSpan is where a field's value lies in its line: line[start:end].
type fieldSpan struct{ start, end uint32 }

// splitPlain splits a line whose fields all lie in it, quotes removed:
// its quoted fields have no doubled quote inside and are followed by a
// comma or the end (every line of real exports). It appends where each
// field lies to dst (which holds no pointers: appending needs no write
// barrier) and returns it and true; for any other line it returns false
// (a doubled quote, text after a closing quote, a quote that does not
// close), and splitQuoted splits it, or finds it bad. It splits exactly
// as splitQuoted does: with splitMasks, or, for a line that one leaves,
// with splitWords.
func splitPlain(dst []fieldSpan, line []byte) ([]fieldSpan, bool) {
	var out []fieldSpan
	var ok bool
	if uint(len(line))-65 < 64 { // splitMasks's dispatch, without its call for most rows
		out, ok = splitMasks128(dst, line)
	} else {
		out, ok = splitMasks(dst, line)
	}
	if ok {
		return out, true
	}
	return splitWords(dst, line)
}

// splitMasks is splitPlain's fast path for a line whose every quote
// opens a field or closes it before a comma or the end (the rows of real
// exports); for any other line it returns dst unchanged and false, and
// splitWords decides.
//
// It finds the commas and quotes of 64 bytes at a time as bit masks,
// takes the quotes as alternately opening and closing (a prefix XOR
// marks the bytes inside quotes), and checks that every opening quote
// starts a field and every closing one is followed by a separator or the
// end. Such a line splits at the commas outside quotes, exactly as
// splitWords splits it: splitWords too opens a field at its first quote
// and closes it at the next.
func splitMasks(dst []fieldSpan, line []byte) ([]fieldSpan, bool) {
	n := uint32(len(line))
	if uint64(len(line)) >= 1<<32-1 {
		return dst, false
	}
	if n > 64 && n <= 128 {
		return splitMasks128(dst, line)
	}
	base := len(dst)
	start := uint32(0)  // offset of the current field
	quoted := uint32(0) // 1 when the current field is quoted
	// Carried from block to block: all ones when inside quotes, whether
	// the block starts a field, and whether it follows a closing quote.
	inside, fieldStart, afterClose := uint64(0), uint64(1), uint64(0)
	for b := uint32(0); b < n; b += 64 {
		var c, q uint64
		end := uint64(0) // the bit just past the line's end, when in the block
		switch {
		case n-b >= 64:
			c, q = blockMasks((*[64]byte)(line[b:]))
		case n >= 64: // the line's last 64 bytes, shifted past those before b
			c, q = blockMasks((*[64]byte)(line[n-64:]))
			c, q = c>>(64-(n-b)), q>>(64-(n-b))
			end = 1 << (n - b)
		default:
			c, q = tailMasks(line)
			end = 1 << n
		}
		in := prefixXOR(q) ^ inside // set from an opening quote to before its closing one
		sep := c &^ in
		opens, closes := q&in, q&^in
		if opens&^(sep<<1|fieldStart) != 0 || (closes<<1|afterClose)&^(sep|end) != 0 {
			return dst[:base], false
		}
		quoted |= uint32(opens & fieldStart)
		inside, fieldStart, afterClose = uint64(int64(in)>>63), sep>>63, closes>>63
		// A block has at most 64 separators: they go to an array of that
		// many, without a call or a bounds check.
		m := len(dst)
		dst = slices.Grow(dst, 64)
		var j int
		j, start, quoted = blockFields((*[64]fieldSpan)(dst[m:m+64]), sep, opens>>1, b, start, quoted)
		dst = dst[:m+j]
	}
	if inside != 0 {
		return dst[:base], false
	}
	return append(dst, fieldSpan{start + quoted, n - quoted}), true
}

// splitMasks128 is splitMasks for a line of 65 to 128 bytes (the rows of
// most exports), its two blocks checked and split at once: without
// carries from one turn of a loop to the next, nor a call per block.
func splitMasks128(dst []fieldSpan, line []byte) ([]fieldSpan, bool) {
	n := uint32(len(line))
	c0, q0 := blockMasks((*[64]byte)(line))
	c1, q1 := blockMasks((*[64]byte)(line[n-64:])) // the line's last 64 bytes,
	c1, q1 = c1>>(128-n), q1>>(128-n)              // shifted past those of the first block
	in0 := prefixXOR(q0)
	in1 := prefixXOR(q1) ^ uint64(int64(in0)>>63)
	sep0, sep1 := c0&^in0, c1&^in1
	opens0, closes0, opens1, closes1 := q0&in0, q0&^in0, q1&in1, q1&^in1
	end := uint64(1) << (n - 64) // none when n is 128
	if opens0&^(sep0<<1|1) != 0 || closes0<<1&^sep0 != 0 || in1>>63 != 0 ||
		opens1&^(sep1<<1|sep0>>63) != 0 || (closes1<<1|closes0>>63)&^(sep1|end) != 0 {
		return dst, false
	}
	m := len(dst)
	dst = slices.Grow(dst, 128)
	d := (*[128]fieldSpan)(dst[m : m+128])
	j, start, quoted := blockFields((*[64]fieldSpan)(d[:64]), sep0, opens0>>1|opens1<<63, 0, 0, uint32(opens0&1))
	k, start, quoted := blockFields((*[64]fieldSpan)(d[j:j+64]), sep1, opens1>>1, 64, start, quoted)
	dst = dst[:m+j+k]
	return append(dst, fieldSpan{start + quoted, n - quoted}), true
}

// blockFields writes to d the fields that end at the separators sep of
// the block at b, of which the field after a separator at bit i is quoted
// when startsQuoted has bit i; the first starts at start, quoted when
// quoted is 1. It returns how many it wrote and where the next field
// starts and whether it is quoted. It is not inlined: on its own its
// loop keeps everything in registers.
//
//go:noinline
func blockFields(d *[64]fieldSpan, sep, startsQuoted uint64, b, start, quoted uint32) (int, uint32, uint32) {
	j := 0
	_ = d[63]       // d is not nil: no check in the loop
	start += quoted // from here on, where the value starts
	for ; sep != 0; sep &= sep - 1 {
		i := uint32(bits.TrailingZeros64(sep))
		k := b + i
		d[j&63] = fieldSpan{start, k - quoted}
		j++
		quoted = 0
		if startsQuoted&(1<<(i&63)) != 0 { // a bit test (BT) rather than a shift by i
			quoted = 1
		}
		start = k + 1 + quoted
	}
	return j, start - quoted, quoted
}

// splitConsts are the constants of blockMasks, read from a variable so
// that the compiler keeps them in registers.
var splitConsts = [...]uint64{lsb * ',', lsb * '"', low, gatherBits}

// blockMasksWords is blockMasks eight bytes at a time (SWAR): the
// general code, on systems without an assembly blockMasks.
func blockMasksWords(p *[64]byte) (c, q uint64) {
	commas, quotes, lo, gather := splitConsts[0], splitConsts[1], splitConsts[2], splitConsts[3]
	for w := 0; w < 64; w += 8 {
		x := binary.LittleEndian.Uint64(p[w : w+8 : w+8])
		xc, xq := x^commas, x^quotes
		// ^((v&lo + lo) | v | lo) has the high bit set in exactly the zero
		// bytes of v (see zeroBytes); gather makes them eight bits (see gatherHigh).
		c |= (^((xc&lo + lo) | xc | lo) * gather >> 56) << w
		q |= (^((xq&lo + lo) | xq | lo) * gather >> 56) << w
	}
	return c, q
}

// tailMasks is blockMasks for a line of fewer than 64 bytes.
func tailMasks(t []byte) (c, q uint64) {
	const commas, quotes = lsb * ',', lsb * '"'
	for w := 0; w < len(t); w += 8 {
		x := loadWord(t, uint32(w))
		c |= gatherHigh(zeroBytes(x^commas)) << w
		q |= gatherHigh(zeroBytes(x^quotes)) << w
	}
	return c, q
}

// gatherHigh returns the high bits of the eight bytes of z, in which no
// other bit is set, as the eight low bits (byte i's as bit i).
func gatherHigh(z uint64) uint64 { return z * gatherBits >> 56 }

// gatherBits is gatherHigh's multiplier: it moves byte i's high bit to bit
// 56+i.
const gatherBits = 0x0002040810204081

// prefixXOR returns x with each bit the XOR of it and all below it.
func prefixXOR(x uint64) uint64 {
	x ^= x << 1
	x ^= x << 2
	x ^= x << 4
	x ^= x << 8
	x ^= x << 16
	return x ^ x<<32
}

// splitWords is splitPlain for any line. It looks at eight bytes at a
// time for commas and quotes, and then only at those: a comma ends a field
// unless a quoted field is open; a quote at the start of a field opens it,
// the next quote closes it, and a quote elsewhere is text.
func splitWords(dst []fieldSpan, line []byte) ([]fieldSpan, bool) {
	const commas, quotes = lsb * ',', lsb * '"'
	n := uint32(len(line))
	if uint64(len(line)) >= 1<<32-1 {
		return dst, false
	}
	start := uint32(0) // offset of the current field (past the comma after a closed quote: that comma is taken)
	open := false      // a quoted field, begun at start, is open
	for w := uint32(0); w < n; w += 8 {
		x := loadWord(line, w)
		zc, zq := zeroBytes(x^commas), zeroBytes(x^quotes)
		if zq == 0 && !open { // the common word: commas only
			for zc != 0 {
				k := w + uint32(bits.TrailingZeros64(zc))>>3
				zc &= zc - 1
				if k >= start {
					dst = append(dst, fieldSpan{start, k})
					start = k + 1
				}
			}
			continue
		}
		for z := zc | zq; z != 0; z &= z - 1 {
			k := w + uint32(bits.TrailingZeros64(z))>>3
			switch {
			case zq&(z&-z) == 0: // a comma
				if !open && k >= start {
					dst = append(dst, fieldSpan{start, k})
					start = k + 1
					if q := (z & -z) << 8; zq&q != 0 { // a quote after it opens a field
						open = true
						z &^= q
					}
				}
			case open: // the closing quote: a comma or the end must follow
				if k+1 < n && line[k+1] != ',' {
					return dst, false
				}
				dst = append(dst, fieldSpan{start + 1, k})
				start, open = k+2, false
				z &^= (z & -z) << 8 // the comma after it, taken, when in this word
			default:
				open = k == start // elsewhere in an unquoted field it is text
			}
		}
	}
	switch {
	case open:
		return dst, false
	case start > n: // the last field was quoted
		return dst, true
	}
	return append(dst, fieldSpan{start, n}), true
}

// loadWord returns the eight bytes of line from w on, little-endian, with
// zero bytes past its end.
func loadWord(line []byte, w uint32) uint64 {
	n := len(line)
	if int(w)+8 <= n {
		return binary.LittleEndian.Uint64(line[w:])
	}
	if n >= 8 { // the line's last eight bytes, shifted past those before w (w < n)
		return binary.LittleEndian.Uint64(line[n-8:]) >> (uint(int(w)+8-n) * 8)
	}
	var b [8]byte
	copy(b[:], line[w:])
	return binary.LittleEndian.Uint64(b[:])
}

// zeroBytes returns x with the high bit set in exactly its zero bytes.
func zeroBytes(x uint64) uint64 { return ^((x&low + low) | x | low) }

// splitQuoted is splitCSV for any line, field by field; scratch is empty
// and has room for the line.
func splitQuoted(dst [][]byte, scratch *[]byte, line []byte) ([][]byte, bool) {
	for {
		if len(line) > 0 && line[0] == '"' {
			f, rest, ok := quotedField(scratch, line[1:])
			if !ok {
				return dst, false
			}
			dst = append(dst, f)
			if len(rest) == 0 {
				return dst, true
			}
			if rest[0] != ',' {
				return dst, false
			}
			line = rest[1:]
			continue
		}
		i := indexShort(line, ',')
		if i < 0 {
			return append(dst, line), true
		}
		dst = append(dst, line[:i])
		line = line[i+1:]
	}
}

// quotedField reads a quoted field body (after the opening quote) and
// returns its value and the input after the closing quote.
func quotedField(scratch *[]byte, b []byte) ([]byte, []byte, bool) {
	i := indexShort(b, '"')
	if i < 0 {
		return nil, nil, false
	}
	if i+1 >= len(b) || b[i+1] != '"' {
		return b[:i], b[i+1:], true // common case: no escaped quotes
	}
	start := len(*scratch)
	for {
		i = indexShort(b, '"')
		if i < 0 {
			return nil, nil, false
		}
		*scratch = append(*scratch, b[:i]...)
		if i+1 < len(b) && b[i+1] == '"' {
			*scratch = append(*scratch, '"')
			b = b[i+2:]
			continue
		}
		return (*scratch)[start:], b[i+1:], true
	}
}

// trimSpace trims ASCII spaces and tabs (DMA writes " " for empty).
func trimSpace(b []byte) []byte {
	for len(b) > 0 && (b[0] == ' ' || b[0] == '\t') {
		b = b[1:]
	}
	for len(b) > 0 && (b[len(b)-1] == ' ' || b[len(b)-1] == '\t') {
		b = b[:len(b)-1]
	}
	return b
}

const (
	lsb = 0x0101010101010101
	low = 0x7f7f7f7f7f7f7f7f
)

// indexShort is bytes.IndexByte for the short distances between CSV
// separators: it tests eight bytes at a time in a register, without the
// call and set-up of the vector search that pays off only on long runs.
func indexShort(b []byte, c byte) int {
	pat := lsb * uint64(c)
	i := 0
	for ; i+8 <= len(b); i += 8 {
		// High bit set exactly where b is c (no false positives).
		if z := zeroBytes(binary.LittleEndian.Uint64(b[i:]) ^ pat); z != 0 {
			return i + bits.TrailingZeros64(z)/8
		}
	}
	for ; i < len(b); i++ {
		if b[i] == c {
			return i
		}
	}
	return -1
}

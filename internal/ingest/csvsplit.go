package ingest

import (
	"encoding/binary"
	"math/bits"
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
// close), and splitQuoted splits it, or finds it bad.
//
// It looks at eight bytes at a time for commas and quotes, and then only
// at those: a comma ends a field unless a quoted field is open; a quote at
// the start of a field opens it, the next quote closes it, and a quote
// elsewhere is text. It splits exactly as splitQuoted does.
func splitPlain(dst []fieldSpan, line []byte) ([]fieldSpan, bool) {
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

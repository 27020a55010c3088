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
func splitCSV(dst [][]byte, scratch *[]byte, line []byte) ([][]byte, bool) {
	dst = dst[:0]
	if cap(*scratch) < len(line) {
		*scratch = make([]byte, 0, len(line)) // never regrows: fields alias it
	}
	*scratch = (*scratch)[:0]
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
		x := binary.LittleEndian.Uint64(b[i:]) ^ pat // zero bytes where b is c
		// High bit set exactly in the zero bytes of x (no false positives).
		if z := ^((x&low + low) | x | low); z != 0 {
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

package nmea

import (
	"encoding/binary"
	"io"
	"math/bits"
)

// readBufSize is the line reader's buffer; a line longer than this is bad
// framing (real sentences are under 100 bytes, tag-blocked pairs under 400).
const readBufSize = 64 << 10

// lineReader splits an io.Reader, or a byte slice held in memory, into
// lines ending in LF, CR LF or a lone CR, without allocating. The returned
// line aliases its buffer (or the slice) until the next call.
//
// The reader's lines are looked for in a window of at most readBufSize
// bytes, buf[win:end]. Reading an io.Reader, win is 0 and fill moves the
// unread bytes to the front of buf before reading more. Reading a slice
// (resetBytes), buf is the slice itself and fill only moves the window:
// the same windows a bytes.Reader would fill, so that lines, line numbers
// and over-long lines come out the same without copying the input.
type lineReader struct {
	r          io.Reader // nil when reading a slice
	own        []byte    // buffer for an io.Reader, made by the first fill, kept
	buf        []byte
	win        int // start of the window in buf
	start, end int
	eof        bool
	err        error  // first read error other than io.EOF
	line       uint32 // number of the line last returned
	long       bool   // the line last returned was cut at readBufSize
	skipping   bool   // discarding the rest of a long line
}

// reset starts reading r from line 1, keeping the buffer.
func (lr *lineReader) reset(r io.Reader) {
	*lr = lineReader{r: r, own: lr.own, buf: lr.own}
}

// resetBytes starts reading data from line 1. data must not change until
// the reader is reset again.
func (lr *lineReader) resetBytes(data []byte) {
	*lr = lineReader{own: lr.own, buf: data}
}

// next returns the next line without its terminator; false at the end of
// the input or on a read error (see lr.err).
func (lr *lineReader) next() ([]byte, bool) {
	lr.long = false
	for {
		line, ok := lr.cut()
		if ok {
			if lr.skipping {
				lr.skipping = false
				continue
			}
			lr.line++
			return line, true
		}
		if lr.eof {
			return nil, false
		}
		if lr.start == lr.win && lr.end-lr.win == readBufSize {
			if lr.skipping {
				lr.start = lr.end // still inside the long line
				continue
			}
			return lr.overlong(), true
		}
		lr.fill()
	}
}

// cut takes one complete line from the window. A CR ends a line, and is
// taken together with an LF right after it; a CR at the end of the window
// waits for the next byte unless the input has ended.
func (lr *lineReader) cut() ([]byte, bool) {
	data := lr.buf[lr.start:lr.end]
	i := lineEnd(data)
	switch {
	case i < len(data) && data[i] == '\n':
		lr.start += i + 1
	case i+1 < len(data):
		lr.start += i + 1 // CR: with the LF after it, or alone
		if data[i+1] == '\n' {
			lr.start++
		}
	case !lr.eof:
		return nil, false // no line end yet, or a CR whose next byte is unread
	case len(data) == 0:
		return nil, false
	default:
		lr.start = lr.end // the last line, or one ending in a final lone CR
	}
	return data[:i], true
}

// rest returns the unread bytes of the window, for a caller that can find
// the end of the next line itself (see take); nil while the rest of an
// over-long line is being skipped.
func (lr *lineReader) rest() []byte {
	if lr.skipping {
		return nil
	}
	return lr.buf[lr.start:lr.end]
}

// take takes the first n bytes of data, which is rest() (unchanged since),
// as the next line when a line end follows them that cut would take there
// too: an LF, or a CR with the next byte in the window. The caller knows
// that those n bytes hold no CR or LF, and slices the line from data
// itself. It returns the bytes taken, the line end included, so that
// data[taken:] is rest() again; 0, having taken nothing, otherwise.
func (lr *lineReader) take(data []byte, n int) int {
	used := lineUsed(data, n)
	if used == 0 {
		return 0
	}
	lr.start += used
	lr.long = false
	lr.line++
	return used
}

// lineUsed returns the bytes take would take for a line of data ending at
// n (its line end included), or 0 when take would take nothing.
func lineUsed(data []byte, n int) int {
	if n >= len(data) {
		return 0
	}
	switch data[n] {
	case '\n':
		return n + 1
	case '\r':
		if n+1 >= len(data) {
			return 0
		}
		if data[n+1] == '\n' {
			return n + 2
		}
		return n + 1
	}
	return 0
}

// Word-at-a-time constants for lineEnd: a byte below 0x0E is a candidate
// for CR (0x0D) or LF (0x0A).
const belowCR = 0x0E * ones

// lineEnd returns the index of the first CR or LF in b, or len(b). It
// tests 8 bytes at a time for a byte below 0x0E (the lowest flagged byte
// of the test is exact, see frameFrom), then checks the candidate; other
// control bytes are passed over.
func lineEnd(b []byte) int {
	i := 0
	for i+8 <= len(b) {
		w := binary.LittleEndian.Uint64(b[i:])
		m := (w - belowCR) &^ w & highs
		if m == 0 {
			i += 8
			continue
		}
		j := i + bits.TrailingZeros64(m)>>3
		if c := b[j]; c == '\n' || c == '\r' {
			return j
		}
		i = j + 1
	}
	for ; i < len(b); i++ {
		if c := b[i]; c == '\n' || c == '\r' {
			return i
		}
	}
	return len(b)
}

// overlong returns a full window without a line end as a cut line, and
// skips the rest of it.
func (lr *lineReader) overlong() []byte {
	lr.line++
	lr.long, lr.skipping = true, true
	lr.start = lr.end
	return lr.buf[lr.win:lr.end]
}

// fill makes more input available: it moves the window to the unread
// bytes and reads (or, for a slice, takes) more after them.
func (lr *lineReader) fill() {
	if lr.r == nil {
		lr.win = lr.start
		if lr.end == len(lr.buf) {
			lr.eof = true
			return
		}
		lr.end = min(lr.start+readBufSize, len(lr.buf))
		return
	}
	if lr.buf == nil { // the first read: a decoder of slices never makes it
		lr.own = make([]byte, readBufSize)
		lr.buf = lr.own
	}
	if lr.start > 0 {
		lr.end = copy(lr.buf, lr.buf[lr.start:lr.end])
		lr.start = 0
	}
	for tries := 0; tries < 100; tries++ {
		n, err := lr.r.Read(lr.buf[lr.end:])
		lr.end += n
		if err != nil {
			if err != io.EOF {
				lr.err = err
			}
			lr.eof = true
			return
		}
		if n > 0 {
			return
		}
	}
	lr.err, lr.eof = io.ErrNoProgress, true
}

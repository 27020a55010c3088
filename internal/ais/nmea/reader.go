package nmea

import (
	"bytes"
	"io"
)

// readBufSize is the line reader's buffer; a line longer than this is bad
// framing (real sentences are under 100 bytes, tag-blocked pairs under 400).
const readBufSize = 64 << 10

// lineReader splits an io.Reader into lines ending in LF, CR LF or a lone
// CR, without allocating. The returned line aliases its buffer until the
// next call.
type lineReader struct {
	r          io.Reader
	buf        []byte
	start, end int
	eof        bool
	err        error  // first read error other than io.EOF
	line       uint32 // number of the line last returned
	long       bool   // the line last returned was cut at readBufSize
	skipping   bool   // discarding the rest of a long line
	cr         int    // cached nextCR result, valid while crOK
	crOK       bool
}

// reset starts reading r from line 1, keeping the buffer.
func (lr *lineReader) reset(r io.Reader) {
	if lr.buf == nil {
		lr.buf = make([]byte, readBufSize)
	}
	*lr = lineReader{r: r, buf: lr.buf}
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
		if lr.start == 0 && lr.end == len(lr.buf) {
			if lr.skipping {
				lr.start = lr.end // still inside the long line
				continue
			}
			return lr.overlong(), true
		}
		lr.fill()
	}
}

// cut takes one complete line from the buffer.
func (lr *lineReader) cut() ([]byte, bool) {
	data := lr.buf[lr.start:lr.end]
	nl := bytes.IndexByte(data, '\n')
	cr := lr.nextCR() - lr.start
	if nl < 0 {
		if cr < len(data) && (cr+1 < len(data) || lr.eof) {
			lr.start += cr + 1
			return data[:cr], true
		}
		if lr.eof && len(data) > 0 {
			lr.start = lr.end
			return data, true
		}
		return nil, false
	}
	if cr+1 < nl {
		lr.start += cr + 1 // a lone CR ends a line
		return data[:cr], true
	}
	lr.start += nl + 1
	line := data[:nl]
	if len(line) > 0 && line[len(line)-1] == '\r' {
		line = line[:len(line)-1]
	}
	return line, true
}

// nextCR returns the index in buf of the first CR at or after start, or
// end when there is none. It is remembered until start passes it or fill
// changes the buffer, so that LF-only input is searched for CR once per
// buffer instead of once per line.
func (lr *lineReader) nextCR() int {
	if !lr.crOK || lr.cr < lr.start {
		lr.cr, lr.crOK = lr.end, true
		if i := bytes.IndexByte(lr.buf[lr.start:lr.end], '\r'); i >= 0 {
			lr.cr = lr.start + i
		}
	}
	return lr.cr
}

// overlong returns a full buffer without a line end as a cut line, and
// skips the rest of it.
func (lr *lineReader) overlong() []byte {
	lr.line++
	lr.long, lr.skipping = true, true
	lr.start = lr.end
	return lr.buf
}

// fill reads more input after moving the unread bytes to the front.
func (lr *lineReader) fill() {
	lr.crOK = false
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

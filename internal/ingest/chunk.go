package ingest

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"sync"
)

// chunkSize is the target size of a chunk of whole lines handed to a
// worker (a variable so that tests can make chunks tiny); maxChunk bounds a
// single line (longer ones are cut).
var chunkSize = 1 << 20

const maxChunk = 64 << 20

// chunk is a run of whole lines of one input.
type chunk struct {
	seq   int
	first uint32 // 1-based line number of the first line
	lines uint32
	data  []byte
	last  bool // the input's final chunk
}

// chunker cuts an input into chunks at line ends. For NMEA it cuts only
// between complete messages (see safeNMEACut), so that workers can decode
// chunks independently.
type chunker struct {
	r     io.Reader
	nmea  bool
	carry []byte // bytes after the last cut
	line  uint32 // lines handed out so far
	seq   int
	eof   bool
}

// next returns the next chunk, or io.EOF after the last one.
func (c *chunker) next() (*chunk, error) {
	if c.eof && len(c.carry) == 0 {
		return nil, io.EOF
	}
	buf := getChunkBuf(2 * len(c.carry))
	buf = append(buf, c.carry...)
	for !c.eof && len(buf) < chunkSize {
		n, err := c.r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if errors.Is(err, io.EOF) {
			c.eof = true
		} else if err != nil {
			return nil, fmt.Errorf("after line %d: %w", c.line, err)
		}
	}
	cut := len(buf)
	if !c.eof {
		cut = c.cutPoint(buf)
		if cut == 0 && len(buf) < maxChunk {
			c.carry = buf
			return c.next() // one line longer than the buffer: read more
		}
		if cut == 0 {
			cut = len(buf) // an absurdly long line: cut it, the parser counts it
		}
	}
	ch := &chunk{seq: c.seq, first: c.line + 1, data: buf[:cut], last: c.eof && cut == len(buf)}
	ch.lines = countLines(ch.data)
	c.seq++
	c.line += ch.lines
	c.carry = append([]byte(nil), buf[cut:]...)
	return ch, nil
}

// chunkPool recycles chunk buffers once the sink has written the batch
// that archived them (Sink.WriteBatch's contract lets Ingest reuse them).
var chunkPool sync.Pool

// getChunkBuf returns an empty buffer with room for at least chunkSize and
// min bytes.
func getChunkBuf(min int) []byte {
	if p, ok := chunkPool.Get().(*[]byte); ok && cap(*p) >= max(chunkSize, min) {
		return (*p)[:0]
	}
	return make([]byte, 0, max(chunkSize, min))
}

// putChunkBuf gives a chunk's buffer back for reuse.
func putChunkBuf(b []byte) {
	b = b[:0]
	chunkPool.Put(&b)
}

// countLines counts lines, including a final one without '\n'.
func countLines(b []byte) uint32 {
	n := bytes.Count(b, []byte{'\n'})
	if len(b) > 0 && b[len(b)-1] != '\n' {
		n++
	}
	return uint32(n)
}

// cutPoint returns the offset just after the last line end where a chunk
// may end, or 0 when there is none.
func (c *chunker) cutPoint(buf []byte) int {
	end := bytes.LastIndexByte(buf, '\n')
	if end < 0 {
		return 0
	}
	if !c.nmea {
		return end + 1
	}
	// Walk back over at most 64 line ends looking for a safe cut.
	for tries := 0; tries < 64 && end > 0; tries++ {
		prevStart := bytes.LastIndexByte(buf[:end], '\n') + 1
		next, _ := cutLine(buf[end+1:])
		if safeNMEACut(buf[prevStart:end], next) {
			return end + 1
		}
		end = prevStart - 1
		if end < 0 {
			break
		}
	}
	return bytes.LastIndexByte(buf, '\n') + 1 // none: cut anyway, counted as orphans
}

// safeNMEACut reports whether a chunk may end after line prev when next
// follows: prev must not be context for the next line (a lone tag block or
// a $PGHP) nor an unfinished fragment, and next must not continue one.
func safeNMEACut(prev, next []byte) bool {
	prev = trimCR(prev)
	if len(prev) == 0 {
		return true
	}
	if bytes.HasPrefix(prev, []byte("$PGHP")) || isLoneTagBlock(prev) {
		return false
	}
	if n, k, ok := fragmentOf(prev); ok && n < k {
		return false
	}
	if n, _, ok := fragmentOf(next); ok && n > 1 {
		return false
	}
	return true
}

// isLoneTagBlock reports whether a line is only a tag block (\…\).
func isLoneTagBlock(line []byte) bool {
	return len(line) > 1 && line[0] == '\\' && line[len(line)-1] == '\\'
}

// fragmentOf returns the fragment number and count of the last VDM/VDO
// sentence on a line.
func fragmentOf(line []byte) (num, count int, ok bool) {
	i := bytes.LastIndex(line, []byte("VDM,"))
	if j := bytes.LastIndex(line, []byte("VDO,")); j > i {
		i = j
	}
	if i < 0 {
		return 0, 0, false
	}
	f := line[i+4:]
	if len(f) < 4 || f[1] != ',' || f[3] != ',' {
		return 0, 0, false
	}
	return int(f[2] - '0'), int(f[0] - '0'), true
}

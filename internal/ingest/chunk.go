package ingest

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"sync"
)

// chunkSize is the target size of a chunk of whole lines handed to a
// CSV worker, twice that of an NMEA chunk (see chunker.size; a variable
// so that tests can make chunks tiny); maxChunk bounds a single line
// (longer ones are cut), and maxUnsafeGrowth how far a chunk grows to
// reach a safe NMEA cut. 2 MiB rather than 1: a CSV worker
// folds a vessel's repeated identity columns within a chunk, so a larger
// chunk sends fewer identity reports on (921,581 instead of 1,343,964 for
// 2 M MarineCadastre rows, about 0.5 CPU-s less) at the same peak memory;
// 4 MiB saved little more and took about 100 MB more.
var chunkSize = 2 << 20

const maxChunk = 64 << 20

// maxUnsafeGrowth is how many times chunkSize an NMEA chunk may grow when
// the lines near its end give no safe cut (a long run of $PGHP lines, say)
// before it is cut at a line end anyway: enough for any real run, without
// making every chunk of an input with no safe cut at all (first fragments
// whose second ones were lost) maxChunk bytes.
const maxUnsafeGrowth = 4

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
// chunks independently. Chunks are c.size() bytes up to the cut (or more
// to reach a line end or a safe NMEA cut), whatever the reader's read
// sizes and the pooled buffers' capacities, so that the same input always
// gives the same chunks (and so the same batches).
type chunker struct {
	r     io.Reader
	nmea  bool
	carry []byte // bytes after the last cut
	spare []byte // memory for carry
	line  uint32 // lines handed out so far
	seq   int
	eof   bool
}

// size returns the target size of c's chunks: chunkSize for CSV; half
// that for NMEA, whose workers fold nothing across a chunk, so that a
// larger chunk only means more memory in flight (chunk buffers and fix
// arrays first touched: on 2 cores, 1 MiB NMEA chunks took about 3,300
// fewer page faults and 13 MB less peak RSS for 1 M sentences than 2 MiB
// ones, at the same CPU time and byte-identical store). How far a chunk
// may grow to reach a safe NMEA cut stays a multiple of chunkSize.
func (c *chunker) size() int {
	if c.nmea {
		return chunkSize / 2
	}
	return chunkSize
}

// next returns the next chunk, or io.EOF after the last one.
func (c *chunker) next() (*chunk, error) {
	want := c.size()
	for {
		if c.eof && len(c.carry) == 0 {
			return nil, io.EOF
		}
		buf, err := c.fill(want)
		if err != nil {
			return nil, err
		}
		lfs := -1 // the LFs of buf, when known
		if c.nmea {
			lfs = crlfLines(buf, c.eof)
		}
		cut := len(buf)
		if !c.eof {
			cut = c.cutPoint(buf)
		}
		if cut == 0 {
			last := bytes.LastIndexByte(buf, '\n') + 1
			if len(buf) < maxChunk && (last == 0 || len(buf) < maxUnsafeGrowth*chunkSize) {
				c.carry, want = buf, 2*len(buf) // no line end, or no safe NMEA cut, yet: read more
				continue
			}
			cut = last // no safe cut within reach: at a line end anyway
		}
		if cut == 0 {
			cut = len(buf) // an absurdly long line: cut it, the parser counts it
		}
		return c.emit(buf, cut, lfs), nil
	}
}

// fill returns a buffer holding the carry and then input up to want bytes
// in all, or less at the end of the input.
func (c *chunker) fill(want int) ([]byte, error) {
	want = max(want, len(c.carry))
	buf := getChunkBuf(want)
	buf = append(buf, c.carry...)
	for !c.eof && len(buf) < want {
		n, err := c.r.Read(buf[len(buf):want])
		buf = buf[:len(buf)+n]
		if errors.Is(err, io.EOF) {
			c.eof = true
		} else if err != nil {
			return nil, fmt.Errorf("after line %d: %w", c.line, err)
		}
	}
	return buf, nil
}

// emit makes the chunk of buf[:cut] and keeps the rest as the carry. lfs
// is the number of LFs in buf, or -1 when not counted yet: the chunk's
// lines are then counted, else only the carry's LFs, usually a line or
// two, are.
func (c *chunker) emit(buf []byte, cut, lfs int) *chunk {
	ch := &chunk{seq: c.seq, first: c.line + 1, data: buf[:cut], last: c.eof && cut == len(buf)}
	if lfs < 0 {
		ch.lines = countLines(ch.data)
	} else {
		ch.lines = linesOf(ch.data, lfs-bytes.Count(buf[cut:], []byte{'\n'}))
	}
	c.seq++
	c.line += ch.lines
	rest := buf[cut:]
	if cap(c.spare) < len(rest) {
		c.spare = make([]byte, 0, max(len(rest), 64<<10))
	}
	c.carry = append(c.spare[:0], rest...)
	return ch
}

// chunkPool recycles chunk buffers once the sink has written the batch
// that archived them (Sink.WriteBatch's contract lets Ingest reuse them).
var chunkPool sync.Pool

// getChunkBuf returns an empty buffer with room for at least min bytes.
func getChunkBuf(min int) []byte {
	if p, ok := chunkPool.Get().(*[]byte); ok && cap(*p) >= min {
		return (*p)[:0]
	}
	return make([]byte, 0, min)
}

// putChunkBuf gives a chunk's buffer back for reuse.
func putChunkBuf(b []byte) {
	b = b[:0]
	chunkPool.Put(&b)
}

// loneCRToLF turns every CR of b that no LF follows into an LF. NMEA
// framing ends a line at a lone CR (old Mac-style logs, a receiver's CR
// between two sentences), while chunks, the raw archive and source line
// numbers count LFs: without this, a sentence after a lone CR would cite a
// line number one past the raw line that holds it. CR LF is left as it is.
// A CR that ends b waits for its next byte unless b is the end of the
// input (final).
func loneCRToLF(b []byte, final bool) {
	for i := 0; i < len(b); i++ {
		j := bytes.IndexByte(b[i:], '\r')
		if j < 0 {
			return
		}
		i += j
		switch {
		case i+1 < len(b):
			if b[i+1] != '\n' {
				b[i] = '\n'
			}
		case final:
			b[i] = '\n'
		}
	}
}

// countLines counts lines, including a final one without '\n'.
func countLines(b []byte) uint32 { return linesOf(b, bytes.Count(b, []byte{'\n'})) }

// linesOf counts the lines of b, which holds lfs LFs: a final line
// without '\n' is one more.
func linesOf(b []byte, lfs int) uint32 {
	if len(b) > 0 && b[len(b)-1] != '\n' {
		lfs++
	}
	return uint32(lfs)
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
	// Walk back to the last safe cut: nearly always the last line end or
	// the one before; through the whole buffer only for input that has
	// long runs of lines that must not be cut.
	for end > 0 {
		prevStart := bytes.LastIndexByte(buf[:end], '\n') + 1
		next, _ := cutLine(buf[end+1:])
		if safeNMEACut(lastLineBefore(buf, prevStart, end), next) {
			return end + 1
		}
		end = prevStart - 1
	}
	// None: read more, so that a run of lines that must not be cut (such
	// as $PGHP lines before their sentence) is not split (next cuts at a
	// line end anyway once the chunk has grown maxUnsafeGrowth times).
	return 0
}

// lastLineBefore returns the last line of buf[:end] that is not blank, the
// line buf[start:end] or one before it: a blank line (LF LF, or CR CR LF
// after loneCRToLF) ends no message, so a cut after it is only as safe as
// a cut after the line before. It looks back over at most 8 blank lines.
func lastLineBefore(buf []byte, start, end int) []byte {
	for range 8 {
		if start == 0 || len(trimCR(buf[start:end])) > 0 {
			break
		}
		end = start - 1
		start = bytes.LastIndexByte(buf[:end], '\n') + 1
	}
	return buf[start:end]
}

// safeNMEACut reports whether a chunk may end after line prev when next
// follows: prev must not be context for the next line (a lone tag block or
// a $PGHP) nor an unfinished fragment, and next must not continue one.
func safeNMEACut(prev, next []byte) bool {
	if n, _, ok := fragmentOf(next); ok && n > 1 {
		return false
	}
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

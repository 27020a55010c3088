package store

import (
	"bytes"
	"fmt"
)

// A batch keeps its raw lines in the raw block encoding, each line
// followed by '\n' (raw.go), from the moment they are added: that is one
// pass over the input that both copies it and cuts it into lines. It also
// notes where each line that starts a block (line numbers 1, 4097, ...)
// begins, so that Commit moves whole runs of encoded lines into blocks,
// and compresses a block that one run covers straight from the batch.

// appendRawLines appends to dst the block encoding of the n lines of data
// numbered first, first+1, ...: each line up to its '\n' without a '\r'
// before it, and a '\n'; the last one may lack the '\n', and lines past
// the end of data are empty. It appends to marks the offset in dst of
// every line that starts a block.
func appendRawLines(dst []byte, marks []int, data []byte, first, n uint32) ([]byte, []int) {
	// Room for the lines of data and the '\n' the last may lack (lines
	// past its end, which no caller asks for, grow dst as they go).
	// Growing, it at least doubles (amortised, like append) and leaves the
	// new room uncleared (reserve).
	if cap(dst)-len(dst) < len(data)+1 {
		dst = reserve(dst, max(len(data)+1, cap(dst)))
	}
	// k lines up to the next block start, then a block's worth at a time
	k := min(n, (rawBlockLines-(first-1)%rawBlockLines)%rawBlockLines)
	pos, est := 0, 0
	for n > 0 {
		if k == 0 {
			marks = append(marks, len(dst))
			k = min(n, rawBlockLines)
		}
		n -= k
		dst, pos = appendRawRun(dst, data, pos, k, &est)
		k = 0
	}
	return dst, marks
}

// rawWindow is how many bytes of input appendRawRun takes at a time: it
// counts their lines, looks for "\r\n" and copies them while they are in
// the L1 cache (in one pass over the data each, from memory, the three
// took longer than cutting the lines one at a time).
const rawWindow = 16 << 10

// appendRawRun appends to dst the block encoding of the k lines of data
// from offset pos, and returns the offset after them: past len(data) for
// the '\n' that the last line lacks and lines past the end. It takes a
// window of data at a time, not a line: it counts the window's lines
// (and finds where the k-th ends, skipNewlines), and copies it with each
// "\r\n" made "\n" (appendLF): one copy in input without '\r'. est is
// skipNewlines' guess of the bytes a line takes.
func appendRawRun(dst, data []byte, pos int, k uint32, est *int) (_ []byte, end int) {
	for k > 0 && pos < len(data) {
		w := min(len(data)-pos, rawWindow)
		if pos+w < len(data) && data[pos+w-1] == '\r' && data[pos+w] == '\n' {
			w++ // a "\r\n" in one window
		}
		win := data[pos : pos+w]
		c := bytes.Count(win, newline)
		if c >= int(k) {
			w, _ = skipNewlines(win, 0, k, est)
			win, c = win[:w], int(k)
		}
		dst = appendLF(dst, win)
		pos, k = pos+w, k-uint32(c)
	}
	if k > 0 && pos == len(data) && len(data) > 0 && data[len(data)-1] != '\n' {
		// pos is in the last line, which lacks its '\n'; a '\r' before
		// that '\n' is dropped as any other
		if data[len(data)-1] == '\r' {
			dst = dst[:len(dst)-1]
		}
		dst = append(dst, '\n')
		pos, k = pos+1, k-1
	}
	for ; k > 0; k-- {
		dst = append(dst, '\n')
		pos++
	}
	return dst, pos
}

// skipLineSteps is how many lines skipNewlines steps over one at a time
// at most, after counting the rest.
const skipLineSteps = 16

// skipNewlines returns the offset in data just past the k-th '\n' from
// offset pos, or len(data) and how many '\n's it lacks. It counts the
// '\n's of windows (bytes.Count, much faster than a search per line)
// sized to hold about 3/4 of the lines left at est bytes a line, then
// steps over the last few lines; est is updated from what it counted.
func skipNewlines(data []byte, pos int, k uint32, est *int) (int, uint32) {
	if *est <= 0 {
		*est = 32 // a short guess: a window too small costs little
	}
	for k > skipLineSteps {
		rest := len(data) - pos
		w := rest
		if *est <= rest/int(k) {
			w = int(k) * *est / 4 * 3
		}
		c := bytes.Count(data[pos:pos+w], newline)
		*est = max(1, w/max(c, 1))
		if c >= int(k) {
			continue // too far: again with a smaller window
		}
		pos, k = pos+w, k-uint32(c)
		if pos == len(data) {
			return pos, k
		}
	}
	for ; k > 0; k-- {
		i := bytes.IndexByte(data[pos:], '\n')
		if i < 0 {
			return len(data), k
		}
		pos += i + 1
	}
	return pos, 0
}

// appendLF appends s to dst with each "\r\n" made "\n".
func appendLF(dst, s []byte) []byte {
	for {
		i := bytes.IndexByte(s, '\r')
		if i < 0 || i+1 == len(s) {
			return append(dst, s...)
		}
		if s[i+1] == '\n' {
			dst = append(dst, s[:i]...) // the '\n' starts the next copy
		} else {
			dst = append(dst, s[:i+1]...)
		}
		s = s[i+1:]
	}
}

// appendRawLine appends the block encoding of the one line l, which holds
// no '\n', to dst.
func appendRawLine(dst, l []byte) []byte {
	dst = append(dst, l...)
	return append(dst, '\n')
}

// cutRawLines splits enc, lines in the block encoding (as a batch holds
// them), after its first k lines. enc must hold at least k lines.
func cutRawLines(enc []byte, k uint32) (head, rest []byte) {
	est := 0
	i, _ := skipNewlines(enc, 0, k, &est)
	return enc[:i], enc[i:]
}

// rawCut returns the offset in the encoding of run r of the run's line
// number line, which starts a block and is past r.line: the mark the
// batch made there (rawMarks). archive cuts a run only at the end of the
// source's tail block, whose first line starts a block, so it is one.
func (b *Batch) rawCut(r *rawRef, line uint32) int {
	fm := blockFirst(r.line) // the run's first block start
	if fm < r.line {
		fm += rawBlockLines
	}
	i := int((line - fm) / rawBlockLines)
	if (line-1)%rawBlockLines != 0 || line <= r.line || i >= r.nm {
		panic(fmt.Sprintf("store: raw run of lines %d..%d cut at line %d, not one of its block starts", r.line, r.line+r.lines-1, line))
	}
	return b.rawMarks[r.m+i] - r.off
}

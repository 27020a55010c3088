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
	// Room for all of it: a line takes at most its bytes and a '\n', so n
	// lines of data take at most len(data) + n. Growing, it at least
	// doubles (amortised, like append) and leaves the new room uncleared
	// (reserve).
	need := len(data) + int(n)
	if cap(dst)-len(dst) < need {
		dst = reserve(dst, max(need, cap(dst)))
	}
	// k lines up to the next block start, then a block's worth at a time
	k := min(n, (rawBlockLines-(first-1)%rawBlockLines)%rawBlockLines)
	for n > 0 {
		if k == 0 {
			marks = append(marks, len(dst))
			k = min(n, rawBlockLines)
		}
		n -= k
		dst, data = appendRawRun(dst, data, k)
		k = 0
	}
	return dst, marks
}

// appendRawRun appends the block encoding of the first n lines of data to
// dst and returns the rest of data.
func appendRawRun(dst, data []byte, n uint32) (_, rest []byte) {
	for ; n > 0; n-- {
		var l []byte
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			l, data = data[:i], data[i+1:]
		} else {
			l, data = data, nil
		}
		if len(l) > 0 && l[len(l)-1] == '\r' {
			l = l[:len(l)-1]
		}
		dst = appendRawLine(dst, l)
	}
	return dst, data
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
	i := 0
	for ; k > 0; k-- {
		j := bytes.IndexByte(enc[i:], '\n')
		if j < 0 {
			i = len(enc)
			break
		}
		i += j + 1
	}
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

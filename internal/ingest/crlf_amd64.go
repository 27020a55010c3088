package ingest

import "bytes"

// crlfScan counts the LFs of b[:done] and returns done: a multiple of 16,
// at most len(b)-1 (or 0), that ends before the first 16-byte block
// holding a CR that no LF follows in b. Each block's next byte is read
// too, so the last block starts at len(b)-17 at the latest. It changes
// nothing.
//
//go:noescape
func crlfScan(b []byte) (lfs, done int)

// crlfLines turns every lone CR of b into an LF as loneCRToLF(b, final)
// does and returns the LFs b then holds, as countLines would count them
// (without its final unterminated line): one pass over b instead of two.
// crlfScan takes the blocks with no lone CR; crlfBytes the rest. Input
// without CRs (the most common) is counted by bytes.Count, faster still.
func crlfLines(b []byte, final bool) int {
	i := bytes.IndexByte(b, '\r')
	if i < 0 {
		return bytes.Count(b, []byte{'\n'})
	}
	n := bytes.Count(b[:i], []byte{'\n'})
	for {
		lfs, done := crlfScan(b[i:])
		n += lfs
		i += done
		end := i + 16 // a block with a lone CR
		if end+1 > len(b) {
			end = len(b) // the tail crlfScan leaves
		}
		n += crlfBytes(b, i, end, final)
		if end == len(b) {
			return n
		}
		i = end
	}
}

// crlfBytes is crlfLines for b[i:end], one byte at a time: it turns the
// lone CRs there into LFs and returns the LFs there then holds. A CR at
// the end of b is lone only when b is the end of the input (final).
func crlfBytes(b []byte, i, end int, final bool) int {
	n := 0
	for ; i < end; i++ {
		switch b[i] {
		case '\n':
			n++
		case '\r':
			if i+1 < len(b) && b[i+1] == '\n' || i+1 == len(b) && !final {
				continue
			}
			b[i] = '\n'
			n++
		}
	}
	return n
}

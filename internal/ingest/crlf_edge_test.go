package ingest

import (
	"bytes"
	"testing"
)

// TestCRLFLinesEdges puts a CR at every position of inputs of the lengths
// where crlfScan's blocks end (it reads each block's next byte too), with
// each kind of byte after it (an LF, another CR, text, an LF or a CR with
// the high bit set, which only an exact compare tells apart) and each
// kind of filler around it, and checks crlfLines against the general
// code, for a chunk in the middle of the input and for its last.
func TestCRLFLinesEdges(t *testing.T) {
	checked := 0
	for _, n := range []int{1, 2, 15, 16, 17, 18, 31, 32, 33, 34, 47, 48, 49, 50, 64, 65} {
		for _, fill := range []byte{'x', '\n', 0x8A, 0x8D, 0xFF} {
			for at := range n {
				for _, next := range []byte{'\n', '\r', 'x', 0x8A, 0x8D} {
					b := bytes.Repeat([]byte{fill}, n)
					// A CR LF first: without a CR bytes.Count alone
					// counts, and a lone CR first stops crlfScan there.
					copy(b, "\r\n")
					b[at] = '\r'
					if at+1 < n {
						b[at+1] = next
					}
					for _, final := range []bool{false, true} {
						checkCRLFLines(t, b, final)
						checked++
					}
				}
			}
		}
	}
	if checked == 0 {
		t.Fatal("nothing checked")
	}
}

package ingest

import (
	"bytes"
	"math/rand/v2"
	"testing"
)

// TestCRLFLinesMatchesGeneral checks crlfLines (on amd64 a SIMD scan with
// a byte loop for the blocks that hold a lone CR and for the tail) against
// loneCRToLF and an LF count: the same bytes and the same count, for
// inputs of every length up to a few blocks, with line ends placed at
// block edges, dense and sparse.
func TestCRLFLinesMatchesGeneral(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	alphabet := []byte("\r\n\r\nabc,*!$\\")
	for n := range 200 {
		for trial := range 40 {
			b := make([]byte, n)
			for i := range b {
				b[i] = 'x'
				if rng.IntN(1+trial%8) == 0 {
					b[i] = alphabet[rng.IntN(len(alphabet))]
				}
			}
			if trial%5 == 0 && n > 0 { // a CR at the end, or one before an edge
				b[n-1-rng.IntN(min(n, 3))] = '\r'
			}
			for _, final := range []bool{false, true} {
				checkCRLFLines(t, b, final)
			}
		}
	}
	// Long runs: many blocks, counters folded more than once, lone CRs far
	// apart and at the very end.
	long := bytes.Repeat([]byte("\\s:AISD*3F\\\r\n$PGHP,1,2*26\n!BSVDM,1,1,,A,13@:`L001N0de,0*62\n"), 400)
	checkCRLFLines(t, long, false)
	for _, at := range []int{0, 15, 16, 17, 4079, 4080, len(long) - 17, len(long) - 16, len(long) - 1} {
		b := bytes.Clone(long)
		b[at] = '\r'
		checkCRLFLines(t, b, false)
		checkCRLFLines(t, b, true)
	}
	// 255 per byte counter at most; a CR first, or bytes.Count counts it.
	checkCRLFLines(t, append([]byte("\r\n"), bytes.Repeat([]byte{'\n'}, 600*16)...), false)
	checkCRLFLines(t, bytes.Repeat([]byte{'\r'}, 100), false)
}

// checkCRLFLines compares crlfLines on a copy of b with the general code.
func checkCRLFLines(t *testing.T, b []byte, final bool) {
	t.Helper()
	want := bytes.Clone(b)
	loneCRToLF(want, final)
	wantN := bytes.Count(want, []byte{'\n'})
	got := bytes.Clone(b)
	n := crlfLines(got, final)
	if n != wantN || !bytes.Equal(got, want) {
		t.Fatalf("crlfLines(%q, %v) = %d, %q; want %d, %q", b, final, n, got, wantN, want)
	}
}

// FuzzCRLFLines checks crlfLines against loneCRToLF on any input.
func FuzzCRLFLines(f *testing.F) {
	f.Add([]byte("a\rb\r\nc\n"), false)
	f.Add([]byte("\\si:AISD*3F\\\r\n$PGHP,1,2013,11,12,12,0,0,11,219,,2190067,1,62*26\n"), true)
	f.Fuzz(func(t *testing.T, b []byte, final bool) {
		checkCRLFLines(t, b, final)
	})
}

// BenchmarkCRLFLines compares the chunker's one pass over 2 MiB of NMEA
// (crlfLines) with the two it replaced (loneCRToLF, then an LF count), on
// the inputs of BenchmarkLoneCRToLF.
func BenchmarkCRLFLines(b *testing.B) {
	for name, data := range loneCRInputs(b) {
		b.Run(name+"/one-pass", func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				crlfLines(data, false)
			}
		})
		b.Run(name+"/two-pass", func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				loneCRToLF(data, false)
				countLines(data)
			}
		})
	}
}

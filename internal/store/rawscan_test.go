package store

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"testing"
)

// TestAppendRawLinesRoom encodes a run of lines of every length up to 300
// ('\r' kept inside a line and dropped before '\n' or at the end, empty
// lines, a last line without '\n', lines past the data) into buffers with
// less room than it takes (it grows them), exactly the room appendRawLines
// reserves, a little more or much more, and checks the encoding against
// the line-at-a-time one, and that appendRawLines reallocated only a
// buffer with less room than the encoding takes.
func TestAppendRawLinesRoom(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	alphabet := []byte("!AIVDM,01;:`<>?@wx\r\"\x8a\x0b")
	var data []byte
	lines := uint32(0)
	for size := range 301 {
		for range 1 + size%3 {
			for range size {
				data = append(data, alphabet[rng.IntN(len(alphabet))])
			}
			switch rng.IntN(4) {
			case 0:
				data = append(data, '\r', '\n')
			default:
				data = append(data, '\n')
			}
			lines++
		}
	}
	data = append(data, "last\r"...)
	lines++
	// The room it asks for: data and the last line's '\n'. Two lines past
	// the end may take more (append grows the buffer as they go); its
	// '\r's dropped leave room for them.
	need := len(data) + 1
	for _, past := range []uint32{0, 2} {
		want := oldEncodeRun(data, lines+past)
		for _, slack := range []int{-50, -1, 0, 1, 7, 64, len(data)} {
			t.Run(fmt.Sprint("past", past, "slack", slack), func(t *testing.T) {
				prefix := []byte("pre")
				dst := append(make([]byte, 0, len(prefix)+need+slack), prefix...)
				got, _ := appendRawLines(dst, nil, data, 1, lines+past)
				if !bytes.Equal(got[:len(prefix)], prefix) || !bytes.Equal(got[len(prefix):], want) {
					t.Fatalf("encoding differs from the line-at-a-time one (%d vs %d bytes)", len(got)-len(prefix), len(want))
				}
				// It reserves need when it has less, then appends.
				wantGrow := slack < 0 || len(want) > need+slack
				if grew := &got[0] != &dst[:1][0]; grew != wantGrow {
					t.Errorf("appendRawLines grew the buffer: %v; want %v", grew, wantGrow)
				}
			})
		}
	}
}

// BenchmarkAppendRawLines measures cutting and encoding the lines of the
// file LOOKOUT_RAWBENCH names, in chunks of about 2 MiB of whole lines (as
// lookout ingest hands them over) appended to one buffer (as a batch
// holds them).
func BenchmarkAppendRawLines(b *testing.B) {
	data := rawBenchFile(b)
	type chunk struct {
		data  []byte
		first uint32
		n     uint32
	}
	var chunks []chunk
	line := uint32(1)
	for rest := data; len(rest) > 0; {
		end := len(rest)
		if end > 2<<20 {
			end = 2<<20 + bytes.IndexByte(rest[2<<20:], '\n') + 1
		}
		n := uint32(bytes.Count(rest[:end], newline))
		if rest[end-1] != '\n' {
			n++
		}
		chunks = append(chunks, chunk{rest[:end], line, n})
		line += n
		rest = rest[end:]
	}
	dst := make([]byte, 0, len(data)+len(chunks))
	var marks []int
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		dst, marks = dst[:0], marks[:0]
		for _, c := range chunks {
			dst, marks = appendRawLines(dst, marks, c.data, c.first, c.n)
		}
	}
}

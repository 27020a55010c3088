package store

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"testing"
)

// TestAppendRawRunRoom encodes a run of lines of every length up to 300
// (one- and two-byte lengths, '\r' kept inside a line and dropped before
// '\n' or at the end, empty lines, a last line without '\n', lines past
// the data) into buffers with exactly the room appendRawLines reserves,
// a little more or much more, and checks the encoding against the
// line-at-a-time one, and that appendRawLines did not reallocate a buffer
// with the room it asks for.
func TestAppendRawRunRoom(t *testing.T) {
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
	want := oldEncodeRun(data, lines+2)
	for _, slack := range []int{0, 1, 7, 9, 10, 11, 64, len(data)} {
		t.Run(fmt.Sprint("slack", slack), func(t *testing.T) {
			prefix := []byte("pre")
			n := lines + 2
			need := len(data) + int(n)
			dst := append(make([]byte, 0, len(prefix)+need+slack), prefix...)
			got, _ := appendRawLines(dst, nil, data, 1, n)
			if !bytes.Equal(got[:len(prefix)], prefix) || !bytes.Equal(got[len(prefix):], want) {
				t.Fatalf("encoding differs from the line-at-a-time one (%d vs %d bytes)", len(got)-len(prefix), len(want))
			}
			if &got[0] != &dst[:1][0] {
				t.Errorf("appendRawLines grew a buffer that had the room it reserves")
			}
		})
	}
	// appendRawRun alone, in buffers with less room than it takes (append
	// grows them), just that room, or a little more.
	for _, room := range []int{-50, -1, 0, 1, 9, 10, 20} {
		dst := make([]byte, 0, len(want)+room)
		got, rest := appendRawRun(dst, data, lines+2)
		if !bytes.Equal(got, want) || len(rest) != 0 {
			t.Fatalf("appendRawRun with room %+d: encoding differs from the line-at-a-time one (%d vs %d bytes), %d bytes left",
				room, len(got), len(want), len(rest))
		}
	}
}

// BenchmarkAppendRawLines measures cutting and encoding the lines of the
// file LOOKOUT_RAWBENCH names into a reused buffer.
func BenchmarkAppendRawLines(b *testing.B) {
	data := rawBenchFile(b)
	n := uint32(bytes.Count(data, []byte{'\n'}))
	var dst []byte
	var marks []int
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		dst, marks = appendRawLines(dst[:0], marks[:0], data, 1, n)
	}
}

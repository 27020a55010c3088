package ingest

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"testing"
	"testing/iotest"
)

// TestChunkerCuts cuts inputs with lines longer than a chunk, in several
// read patterns, and checks that the chunks are whole lines that add up to
// the input with the right line numbers, and are the same whatever the
// reader's read sizes and the pooled buffers' capacities.
func TestChunkerCuts(t *testing.T) {
	defer func(n int) { chunkSize = n }(chunkSize)
	chunkSize = 4 << 10
	var data []byte
	for i := range 400 {
		data = fmt.Appendf(data, "%d,%s\n", i, bytes.Repeat([]byte("x"), (i*37)%300))
		if i%97 == 0 {
			data = fmt.Appendf(data, "%d,%s\n", i, bytes.Repeat([]byte("y"), 3*chunkSize+i)) // longer than a chunk
		}
	}
	data = append(data, "last,line,without,newline"...)
	readers := map[string]func() io.Reader{
		"whole":    func() io.Reader { return bytes.NewReader(data) },
		"one byte": func() io.Reader { return iotest.OneByteReader(bytes.NewReader(data)) },
		"half":     func() io.Reader { return iotest.HalfReader(bytes.NewReader(data)) },
	}
	var want []int // chunk sizes of the first pattern
	for name, r := range readers {
		putChunkBuf(make([]byte, 0, 16*chunkSize)) // a big pooled buffer must not make a bigger chunk
		sizes := cutAll(t, &chunker{r: r()}, data)
		if want == nil {
			want = sizes
		} else if fmt.Sprint(sizes) != fmt.Sprint(want) {
			t.Errorf("%s: chunk sizes %v; with another reader %v", name, sizes, want)
		}
	}
	if len(want) < 10 {
		t.Errorf("%d chunks: the input does not test cutting", len(want))
	}
}

// cutAll cuts r into chunks, checks them against data and returns their sizes.
func cutAll(t *testing.T, c *chunker, data []byte) []int {
	t.Helper()
	var got []byte
	var sizes []int
	line := uint32(1)
	for {
		ch, err := c.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if ch.first != line || ch.lines != countLines(ch.data) {
			t.Fatalf("chunk %d: first line %d, %d lines; want first %d, %d lines", ch.seq, ch.first, ch.lines, line, countLines(ch.data))
		}
		if !ch.last && ch.data[len(ch.data)-1] != '\n' {
			t.Fatalf("chunk %d does not end at a line end", ch.seq)
		}
		line += ch.lines
		got = append(got, ch.data...)
		sizes = append(sizes, len(ch.data))
	}
	if !bytes.Equal(got, data) {
		t.Fatalf("chunks give %d bytes; input %d", len(got), len(data))
	}
	return sizes
}

// loneCRInputs are 2 MiB NMEA buffers with the line ends loneCRToLF meets:
// the DMA capture's (CR LF after a tag block line before each $PGHP, LF
// elsewhere), CR LF on
// every line, and LF only. None has a lone CR, so that the conversion
// leaves them as they are and a benchmark can convert them again and again.
func loneCRInputs(tb testing.TB) map[string][]byte {
	orig, err := os.ReadFile("../ais/nmea/testdata/dma/replay_dump.txt")
	if err != nil {
		tb.Fatal(err)
	}
	lf := bytes.ReplaceAll(orig, []byte("\r\n"), []byte("\n"))
	tagged := bytes.ReplaceAll(lf, []byte("$PGHP"), []byte("\\s:AISD*3F\\\r\n$PGHP"))
	crlf := bytes.ReplaceAll(lf, []byte("\n"), []byte("\r\n"))
	fill := func(unit []byte) []byte {
		b := bytes.Repeat(unit, (2<<20)/len(unit)+1)
		return b[:bytes.LastIndexByte(b[:2<<20], '\n')+1]
	}
	return map[string][]byte{"dma": fill(tagged), "crlf": fill(crlf), "lf": fill(lf)}
}

// BenchmarkLoneCRToLF converts 2 MiB chunks (see loneCRInputs).
func BenchmarkLoneCRToLF(b *testing.B) {
	for name, data := range loneCRInputs(b) {
		if bytes.Count(data, []byte{'\r'}) != bytes.Count(data, []byte("\r\n")) {
			b.Fatalf("%s: lone CRs in the input", name)
		}
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				loneCRToLF(data, false)
			}
		})
	}
}

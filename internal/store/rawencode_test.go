package store

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"testing"
)

// oldNextRaw is how Commit cut a run of raw lines before batches held
// them encoded: the next line up to '\n', without a trailing '\r'. The
// encoding of a run must stay what adding these lines one by one gave.
func oldNextRaw(data []byte) (line, rest []byte) {
	i := bytes.IndexByte(data, '\n')
	if i < 0 {
		line = data
	} else {
		line, rest = data[:i], data[i+1:]
	}
	if len(line) > 0 && line[len(line)-1] == '\r' {
		line = line[:len(line)-1]
	}
	return line, rest
}

// oldEncodeRun is the block encoding of the first n lines of data as
// oldNextRaw cuts them and rawTail.add appends them.
func oldEncodeRun(data []byte, n uint32) []byte {
	var t rawTail
	for range n {
		var l []byte
		l, data = oldNextRaw(data)
		t.add(l)
	}
	return t.plain
}

// TestAppendRawLines checks appendRawLines against the line-at-a-time
// encoding, and cutRawLines against the line count: '\r' dropped only
// before '\n' or at the end, also where appendRawRun's windows meet, empty
// lines, lines past the data, a missing last '\n', lines of 127, 128 and
// 20,000 bytes (longer than a window), many lines in a window.
func TestAppendRawLines(t *testing.T) {
	long := func(n int) string { return strings.Repeat("x", n) }
	cases := []struct {
		data string
		n    uint32
	}{
		{"", 1}, {"", 3}, {"\n", 1}, {"\n", 2}, {"a", 1}, {"a\r", 1}, {"a\r", 2},
		{"\r\n", 1}, {"a\rb\n", 1}, {"a\r\nb\n\nc", 4}, {"a\r\nb\n\nc", 6}, {"a\nb\nc\n", 2},
		{"\r\r\n\r", 2}, {long(127) + "\n" + long(128) + "\r\n" + long(20000), 3},
		{long(128) + "\n" + long(20000) + "\n", 5},
		// "\r\n" and "\r\r\n" where appendRawRun's windows meet
		{long(rawWindow-1) + "\r\nb\r\n", 2}, {long(rawWindow-2) + "\r\r\nb", 2},
		{long(rawWindow-1) + "\r\r\nb", 3}, {long(rawWindow-1) + "\r", 1},
		{strings.Repeat("abcdefg\r\n", 4000), 4000},
	}
	for _, c := range cases {
		for _, first := range []uint32{1, 2, rawBlockLines - 1, rawBlockLines, rawBlockLines + 1} {
			want := oldEncodeRun([]byte(c.data), c.n)
			prefix := []byte("\x01p")
			got, marks := appendRawLines(append([]byte(nil), prefix...), []int{-1}, []byte(c.data), first, c.n)
			if !bytes.HasPrefix(got, prefix) || !bytes.Equal(got[len(prefix):], want) {
				t.Errorf("appendRawLines(%.20q, %d) = %.40q, want %.40q", c.data, c.n, got, want)
			}
			checkMarks(t, got, len(prefix), marks[1:], first, c.n)
			checkCuts(t, got[len(prefix):], c.n)
		}
	}
}

// checkMarks checks that marks are the offsets in enc of the lines (n
// lines numbered from first, from offset off) that start a block.
func checkMarks(t *testing.T, enc []byte, off int, marks []int, first, n uint32) {
	t.Helper()
	var want []int
	for k := uint32(0); k < n; k++ {
		if (first+k-1)%rawBlockLines == 0 {
			head, _ := cutRawLines(enc[off:], k)
			want = append(want, off+len(head))
		}
	}
	if !slices.Equal(marks, want) {
		t.Fatalf("%d lines from line %d: block starts at %v, want %v", n, first, marks, want)
	}
}

// checkCuts checks that cutting enc, n encoded lines, after every k
// lines leaves the encoding of lines k+1..n, and that cutting after n
// leaves nothing.
func checkCuts(t *testing.T, enc []byte, n uint32) {
	t.Helper()
	lines, err := splitRaw(enc)
	if err != nil || len(lines) != int(n) {
		t.Fatalf("encoding of %d lines splits into %d, %v", n, len(lines), err)
	}
	for k := uint32(0); k <= n; k++ {
		head, rest := cutRawLines(enc, k)
		var want []byte
		for _, l := range lines[k:] {
			want = appendRawLine(want, l)
		}
		if !bytes.Equal(rest, want) || len(head)+len(rest) != len(enc) {
			t.Fatalf("cut after %d of %d lines: rest %.30q, want %.30q", k, n, rest, want)
		}
	}
}

// TestAddRawLinesBlocks archives the same lines in runs of several sizes,
// crossing block boundaries, with overlaps (lines a run repeats are
// skipped), and checks every block's stored bytes against encodeRaw of
// the lines.
func TestAddRawLinesBlocks(t *testing.T) {
	const total = 3*rawBlockLines + 123
	var all []string
	var text bytes.Buffer
	for i := 1; i <= total; i++ {
		l := fmt.Sprintf("line %d %s", i, strings.Repeat("y", i%300))
		all = append(all, l)
		text.WriteString(l)
		if i%3 == 0 {
			text.WriteByte('\r')
		}
		text.WriteByte('\n')
	}
	lineOff := func(line int) int { // byte offset of line (1-based) in text
		return bytes.Index(text.Bytes(), []byte(fmt.Sprintf("line %d ", line)))
	}
	for _, runs := range [][]int{{total}, {1, 4095, 4096, 7000}, {5000, 2, 9000}, {rawBlockLines, rawBlockLines, rawBlockLines}} {
		s := openT(t, t.TempDir(), Options{NoSync: true})
		si, err := s.RegisterSource(simHash("blocks"), "blocks", 0)
		if err != nil {
			t.Fatal(err)
		}
		b := NewBatch()
		first := 1
		for i, n := range runs {
			start := max(1, first-7) // repeat up to 7 lines already added
			end := min(total+1, first+n)
			if i == len(runs)-1 {
				end = total + 1
			}
			hi := len(text.Bytes())
			if end <= total {
				hi = lineOff(end)
			}
			b.AddRawLines(si.ID, uint32(start), uint32(end-start), text.Bytes()[lineOff(start):hi])
			if i%2 == 1 {
				if _, err := s.Commit(b); err != nil {
					t.Fatal(err)
				}
			}
			first = end
		}
		if _, err := s.Commit(b); err != nil {
			t.Fatal(err)
		}
		checkBlocks(t, s, si.ID, all)
		s.Close()
	}
}

// checkBlocks compares the stored bytes of every raw block of src with
// encodeRaw of the lines it should hold.
func checkBlocks(t *testing.T, s *Store, src uint32, all []string) {
	t.Helper()
	for first := 1; first <= len(all); first += rawBlockLines {
		var ls [][]byte
		for _, l := range all[first-1 : min(len(all), first-1+rawBlockLines)] {
			ls = append(ls, []byte(l))
		}
		got, err := s.getRaw(rawKey(src, uint32(first)))
		if err != nil {
			t.Fatalf("block %d: %v", first, err)
		}
		if want := encodeRaw(nil, ls); !bytes.Equal(got, want) {
			t.Fatalf("block %d: %d stored bytes differ from the %d of its lines", first, len(got), len(want))
		}
	}
	if si, _ := s.SourceInfo(src); si.Lines != uint32(len(all)) {
		t.Fatalf("source has %d lines, want %d", si.Lines, len(all))
	}
}

// FuzzAppendRawLines checks appendRawLines against the line-at-a-time
// encoding and cutRawLines against it on arbitrary input.
func FuzzAppendRawLines(f *testing.F) {
	f.Add([]byte("a\r\nb\n\nc"), uint8(5), uint16(0))
	f.Add([]byte(strings.Repeat("z", 200)+"\r\n\r"), uint8(3), uint16(rawBlockLines-1))
	f.Fuzz(func(t *testing.T, data []byte, n uint8, first uint16) {
		want := oldEncodeRun(data, uint32(n))
		got, marks := appendRawLines(nil, nil, data, uint32(first)+1, uint32(n))
		if !bytes.Equal(got, want) {
			t.Fatalf("appendRawLines(%q, %d) = %q, want %q", data, n, got, want)
		}
		checkMarks(t, got, 0, marks, uint32(first)+1, uint32(n))
		checkCuts(t, got, uint32(n))
		if len(got) > len(data)+int(n)+len(data)/64 {
			t.Fatalf("%d bytes encoded from %d bytes in %d lines: over the bound", len(got), len(data), n)
		}
	})
}

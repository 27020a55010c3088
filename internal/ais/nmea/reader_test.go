package nmea

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"testing/iotest"
)

// readLines reads every line of lr, marking over-long ones with a "LONG:"
// prefix and their length, and ends with the line count.
func readLines(lr *lineReader) []string {
	var got []string
	for {
		line, ok := lr.next()
		if !ok {
			break
		}
		s := string(line)
		if lr.long {
			s = fmt.Sprintf("LONG:%d:%.8q", len(line), line)
		}
		got = append(got, s)
	}
	return append(got, fmt.Sprint("lines=", lr.line, " err=", lr.err))
}

// lineModes reads data as a slice in place, through a bytes.Reader and
// through a reader returning half of each request, with one lineReader
// that keeps its buffer between them.
func lineModes(data []byte) map[string][]string {
	var lr lineReader
	out := map[string][]string{}
	lr.resetBytes(data)
	out["bytes"] = readLines(&lr)
	lr.reset(bytes.NewReader(data))
	out["reader"] = readLines(&lr)
	lr.reset(iotest.HalfReader(bytes.NewReader(data)))
	out["half"] = readLines(&lr)
	return out
}

// checkModes fails unless every mode of lineModes read the same lines.
func checkModes(t *testing.T, data []byte) []string {
	t.Helper()
	m := lineModes(data)
	want := m["reader"]
	for _, mode := range []string{"bytes", "half"} {
		if fmt.Sprint(m[mode]) != fmt.Sprint(want) {
			t.Fatalf("%s mode read %.300q;\nbytes.Reader read %.300q", mode, m[mode], want)
		}
	}
	return want
}

func TestLineReaderModes(t *testing.T) {
	x := func(n int) string { return strings.Repeat("x", n) }
	tests := []struct {
		name, in string
		long     int // over-long lines expected
	}{
		{"short", "a\r\nb\rc\n\rd", 0},
		{"one under the buffer", x(readBufSize-1) + "\nb\n", 0},
		{"CR LF just fitting", x(readBufSize-2) + "\r\nb\n", 0},
		{"LF just past the buffer", x(readBufSize) + "\nb\n", 1},
		{"CR at the buffer's last byte", x(readBufSize-1) + "\r\nb\n", 1},
		{"lone CR at the buffer's last byte", x(readBufSize-1) + "\rb\nc\n", 1},
		{"lone CR right after the buffer", x(readBufSize) + "\rb\nc\n", 1},
		{"three buffers and a bit", "a\n" + x(3*readBufSize+17) + "\r\nb", 1},
		{"exactly a buffer at the end", "a\n" + x(readBufSize), 1},
		{"a byte under a buffer at the end", "a\n" + x(readBufSize-1), 0},
		{"a long line after an offset", x(100) + "\n" + x(readBufSize+5) + "\n" + x(readBufSize-101) + "\rz", 1},
		{"control bytes", "a\tb\x00c\x0bd\x0ce\x0ef\r\n\x01\n", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := checkModes(t, []byte(tt.in))
			if n := strings.Count(fmt.Sprint(got), "LONG:"); n != tt.long {
				t.Errorf("%d over-long lines; want %d: %.200q", n, tt.long, got)
			}
		})
	}
}

func TestLineEnd(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want int
	}{
		{"", 0}, {"\n", 0}, {"abc", 3}, {"abcdefgh\r", 8}, {"a\tb\x00c\x0bd\x0ce\x0ef\x01g\rh", 13},
		{"0123456789abcdef\n", 16}, {"\x0c\x0b\x09\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f\n", 14},
	} {
		ref := strings.IndexAny(tt.in, "\r\n")
		if ref < 0 {
			ref = len(tt.in)
		}
		if got := lineEnd([]byte(tt.in)); got != tt.want || got != ref {
			t.Errorf("lineEnd(%q) = %d; want %d (IndexAny %d)", tt.in, got, tt.want, ref)
		}
	}
}

// FuzzLineReader checks that reading a slice in place gives the lines a
// bytes.Reader and a reader of short reads give, also with a run of bytes
// without a line end near the buffer size inserted at a chosen place.
func FuzzLineReader(f *testing.F) {
	f.Add([]byte("a\r\nb\rc\n"), uint16(0), uint8(0))
	f.Add([]byte("a\r\nb\rc\n"), uint16(3), uint8(1))
	f.Add([]byte("\r\n\r"), uint16(1), uint8(130))
	f.Fuzz(func(t *testing.T, data []byte, at uint16, run uint8) {
		if run > 0 {
			p := int(at) % (len(data) + 1)
			long := bytes.Repeat([]byte{'x'}, readBufSize-128+int(run))
			data = append(append(append([]byte(nil), data[:p]...), long...), data[p:]...)
		}
		got := checkModes(t, data)
		if ref := lineEndRef(data); ref != nil && fmt.Sprint(got) != fmt.Sprint(ref) {
			t.Fatalf("read %q; want %q", got, ref)
		}
	})
}

// lineEndRef splits short input (no over-long lines) at LF, CR LF and lone
// CR the plain way.
func lineEndRef(data []byte) []string {
	if len(data) >= readBufSize {
		return nil
	}
	var got []string
	for len(data) > 0 {
		i := bytes.IndexAny(data, "\r\n")
		if i < 0 {
			got, data = append(got, string(data)), nil
			break
		}
		got = append(got, string(data[:i]))
		if data[i] == '\r' && i+1 < len(data) && data[i+1] == '\n' {
			i++
		}
		data = data[i+1:]
	}
	return append(got, fmt.Sprint("lines=", len(got), " err=<nil>"))
}

// TestResetBytesNoAlloc checks that decoding slices in place allocates
// nothing, not even the buffer that reading an io.Reader needs.
func TestResetBytesNoAlloc(t *testing.T) {
	data := []byte(strings.Repeat("\\si:AISD*3F\\\r\n$PGHP,1,2013,11,12,12,0,0,11,219,,2190067,1,62*26\n"+
		"!BSVDM,1,1,,A,13@:`L001N0ded0O6Fp8wW<00<0t,0*62\n", 100))
	d := NewDecoder(nil, "in", Options{})
	n := 0
	allocs := testing.AllocsPerRun(5, func() {
		d.ResetBytes(data, "in")
		n = 0
		for _, err := d.Next(); err == nil; _, err = d.Next() {
			n++
		}
	})
	if allocs != 0 || n != 100 || d.lr.own != nil {
		t.Fatalf("%v allocations for %d messages (want 0 for 100), reader buffer made: %v", allocs, n, d.lr.own != nil)
	}
	d.Reset(strings.NewReader(string(data)), "in")
	if _, err := d.Next(); err != nil || len(d.lr.own) != readBufSize {
		t.Fatalf("reading an io.Reader: %v, buffer of %d bytes", err, len(d.lr.own))
	}
}

package store

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lookout-osint/lookout/internal/track"
)

// TestRawLinesMatchInput checks a store's raw archive against the input
// files it ingested, line by line:
//
//	LOOKOUT_RAWINPUT="DB FILE..." go test -run TestRawLinesMatchInput ./internal/store/
//
// Each file's source is found by its SHA-256; its line count and every
// line quoted through RawLine and RawLines must be what the file holds
// (up to each '\n', a '\r' before it dropped). Without the variable it
// skips; TestRawLinesMatchInputSmall runs the same check (rawLinesMismatch)
// on lines it archives itself.
func TestRawLinesMatchInput(t *testing.T) {
	args := strings.Fields(os.Getenv("LOOKOUT_RAWINPUT"))
	if len(args) < 2 {
		t.Skip(`set LOOKOUT_RAWINPUT="DB FILE..." to compare a store's raw lines with its input files`)
	}
	s := openT(t, args[0], Options{ReadOnly: true})
	srcs, err := s.Sources()
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range args[1:] {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		h := sha256.Sum256(data)
		i := 0
		for i < len(srcs) && srcs[i].Hash != h {
			i++
		}
		if i == len(srcs) {
			t.Fatalf("%s: no source of the store has its hash", name)
		}
		n, err := rawLinesMismatch(s, srcs[i], data)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		t.Logf("%s: %d lines of source %d quoted as in the file", name, n, srcs[i].ID)
	}
}

// TestRawLinesMatchInputSmall archives generated NMEA- and CSV-like lines
// (some with '\r\n', one of 300 bytes, an empty one, the last without
// '\n') in runs of random sizes that cross block boundaries, over several
// commits, and checks them with rawLinesMismatch; it also checks that the
// check fails on inputs with a changed, a missing or an extra line.
func TestRawLinesMatchInputSmall(t *testing.T) {
	var in bytes.Buffer
	rng := rand.New(rand.NewPCG(3, 4))
	lines := 2*rawBlockLines + 77
	for i := range lines - 1 {
		switch {
		case i%3 == 0:
			fmt.Fprintf(&in, "\\s:AISD*%02X\\\n", i%256)
		case i%3 == 1:
			fmt.Fprintf(&in, "367%06d,\"2022-01-03T00:00:%02d\",%.5f,%.5f\r\n", rng.IntN(1e6), i%60, rng.Float64()*90, -rng.Float64()*180)
		case i == 2000:
			in.WriteString("\n")
		case i == 3001:
			in.WriteString(strings.Repeat("x", 300) + "\n")
		default:
			fmt.Fprintf(&in, "!BSVDM,1,1,,A,13@:`L001N0d%08x,0*%02X\n", rng.Uint32(), i%256)
		}
	}
	in.WriteString("last line\r")
	data := in.Bytes()

	s := openT(t, filepath.Join(t.TempDir(), "db"), Options{NoSync: true})
	si, err := s.RegisterSource(sha256.Sum256(data), "small", int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	b := NewBatch()
	rest, line := data, uint32(1)
	for line <= uint32(lines) {
		n := min(uint32(1+rng.IntN(3*rawBlockLines/2)), uint32(lines)+1-line)
		run := rest
		for range n {
			if i := bytes.IndexByte(rest, '\n'); i >= 0 {
				rest = rest[i+1:]
			} else {
				rest = nil
			}
		}
		b.AddRawLines(si.ID, line, n, run[:len(run)-len(rest)])
		if _, err := s.Commit(b); err != nil {
			t.Fatal(err)
		}
		line += n
	}
	if si, err = s.SourceInfo(si.ID); err != nil {
		t.Fatal(err)
	}
	if n, err := rawLinesMismatch(s, si, data); err != nil || n != lines {
		t.Fatalf("checked %d lines, %v; want %d lines as in the input", n, err, lines)
	}
	for _, bad := range []struct{ name, in string }{
		{"changed line", strings.Replace(string(data), "last line", "last lime", 1)},
		{"line missing", strings.TrimSuffix(string(data), "\nlast line\r")},
		{"extra line", string(data) + "\nmore"},
	} {
		if _, err := rawLinesMismatch(s, si, []byte(bad.in)); err == nil {
			t.Errorf("%s: the check passed", bad.name)
		}
	}
}

// rawLinesMismatch checks that source si of s archives exactly the lines
// of data, through RawLines and RawLine, and returns their number, or an
// error naming the first difference.
func rawLinesMismatch(s *Store, si SourceInfo, data []byte) (int, error) {
	var want []string
	for rest := data; len(rest) > 0; {
		var l []byte
		l, rest = oldNextRaw(rest)
		want = append(want, string(l))
	}
	if int(si.Lines) != len(want) {
		return 0, fmt.Errorf("source %d archives %d lines, the input has %d", si.ID, si.Lines, len(want))
	}
	refs := make([]track.SourceRef, 0, rawBlockLines)
	for first := 0; first < len(want); first += rawBlockLines {
		refs = refs[:0]
		for i := first; i < min(first+rawBlockLines, len(want)); i++ {
			refs = append(refs, track.SourceRef{Source: si.ID, Line: uint32(i + 1)})
		}
		got, err := s.RawLines(refs)
		if err != nil {
			return 0, fmt.Errorf("source %d lines %d..: %w", si.ID, first+1, err)
		}
		for i, g := range got {
			if g != want[first+i] {
				return 0, fmt.Errorf("source %d line %d: %q, the input has %q", si.ID, first+i+1, g, want[first+i])
			}
		}
		// RawLine alone, on the block's last line.
		last := refs[len(refs)-1]
		if g, err := s.RawLine(last); err != nil || g != want[last.Line-1] {
			return 0, fmt.Errorf("source %d line %d: %q, %v; the input has %q", si.ID, last.Line, g, err, want[last.Line-1])
		}
	}
	return len(want), nil
}

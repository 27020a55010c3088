package ingest

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// rawSink is a MemSink that also keeps every raw line by its number.
type rawSink struct {
	MemSink
	lines map[uint32]string
}

func (s *rawSink) WriteBatch(b *Batch) error {
	for _, r := range b.Raw {
		for i, l := range bytes.SplitAfter(r.Data, []byte{'\n'})[:r.Lines] {
			s.lines[r.First+uint32(i)] = strings.TrimRight(string(l), "\r\n")
		}
	}
	return s.MemSink.WriteBatch(b)
}

// TestLoneCRCitesItsRawLine checks that a sentence after a lone CR (here
// each $PGHP line of a real DMA capture ends in CR only, so it shares an
// LF line with its sentence) cites the raw line that holds it: the line
// numbers of fixes and of the raw archive agree, and nothing is lost.
func TestLoneCRCitesItsRawLine(t *testing.T) {
	orig, err := os.ReadFile("../ais/nmea/testdata/dma/replay_dump.txt")
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	for _, l := range bytes.SplitAfter(orig, []byte{'\n'}) {
		if bytes.HasPrefix(l, []byte("$PGHP")) {
			l = append(bytes.Clone(bytes.TrimRight(l, "\n")), '\r') // not over orig's LF
		}
		b.Write(l)
	}
	for _, c := range []struct {
		name string
		data []byte
	}{{"lf", orig}, {"lone cr", b.Bytes()}} {
		t.Run(c.name, func(t *testing.T) {
			for _, size := range []int{chunkSize, 512} { // one chunk; many, cut between CR and LF too
				defer func(n int) { chunkSize = n }(chunkSize)
				chunkSize = size
				p := filepath.Join(t.TempDir(), "in.nmea")
				if err := os.WriteFile(p, c.data, 0o644); err != nil {
					t.Fatal(err)
				}
				in, err := ExpandInputs([]string{p})
				if err != nil {
					t.Fatal(err)
				}
				sink := &rawSink{lines: map[uint32]string{}}
				g, err := New(sink, Options{})
				if err != nil {
					t.Fatal(err)
				}
				st, err := g.Run(context.Background(), in)
				if err != nil {
					t.Fatal(err)
				}
				if st.BadTotal() != 0 || len(sink.Fixes) == 0 {
					t.Fatalf("chunks of %d: %d bad, %d fixes", size, st.BadTotal(), len(sink.Fixes))
				}
				for _, a := range sink.Fixes {
					line, ok := sink.lines[a.Fix.Src.Line]
					if !ok || !strings.Contains(line, "VDM,") {
						t.Fatalf("chunks of %d: fix of %d cites line %d, raw line %q (archived: %v; %d lines archived)", size, a.Fix.MMSI, a.Fix.Src.Line, line, ok, len(sink.lines))
					}
				}
				t.Logf("chunks of %d: %d fixes, %d raw lines", size, len(sink.Fixes), len(sink.lines))
			}
		})
	}
}

func TestLoneCRToLF(t *testing.T) {
	for _, c := range []struct {
		in    string
		final bool
		want  string
	}{
		{"a\rb\r\nc\n", false, "a\nb\r\nc\n"},
		{"a\r\r\nb", false, "a\n\r\nb"},
		{"\r\r\r", false, "\n\n\r"}, // the last CR waits for its next byte
		{"\r\r\r", true, "\n\n\n"},
		{"a\r", true, "a\n"},
		{"a\r\n", true, "a\r\n"},
		{"", true, ""},
		{"no line end", true, "no line end"},
	} {
		b := []byte(c.in)
		loneCRToLF(b, c.final)
		if string(b) != c.want {
			t.Errorf("loneCRToLF(%q, %v) = %q; want %q", c.in, c.final, b, c.want)
		}
	}
}

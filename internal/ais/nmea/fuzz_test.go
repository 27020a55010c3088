package nmea

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// seedLines adds every line of the testdata captures (and pairs of lines,
// so that multi-sentence messages are seen whole) to the fuzz corpus.
func seedLines(f *testing.F) {
	files, _ := filepath.Glob("testdata/*/*")
	for _, p := range files {
		data, err := os.ReadFile(p)
		if err != nil || strings.HasSuffix(p, ".md") {
			continue
		}
		lines := bytes.Split(data, []byte("\n"))
		for i := 0; i < len(lines); i += 7 { // a sample keeps the corpus small
			f.Add(lines[i])
			if i+1 < len(lines) {
				f.Add(bytes.Join(lines[i:i+2], []byte("\r\n")))
			}
		}
	}
}

// FuzzFraming checks the pure parser on arbitrary lines: the splitter makes
// progress and returns pieces that are in-order sub-slices of the line, and
// the sentence and tag block parsers never panic and agree with frame.
func FuzzFraming(f *testing.F) {
	seedLines(f)
	f.Fuzz(func(t *testing.T, line []byte) {
		var sp Splitter
		var pc Piece
		checkFrame(t, line)
		sp.Reset(line)
		end := 0
		for n := 0; sp.Next(&pc); n++ {
			if n > len(line) {
				t.Fatalf("more pieces than bytes in %q", line)
			}
			checkPiece(t, line, &pc, &end)
		}
	})
}

// checkFrame compares the word-at-a-time frame with frameRef at every
// sentence start in line.
func checkFrame(t *testing.T, line []byte) {
	for i, c := range line {
		if c != '!' && c != '$' {
			continue
		}
		n, err := frame(line[i:])
		rn, rerr := frameRef(line[i:])
		if n != rn || err != rerr {
			t.Fatalf("frame(%q) = %d, %v; byte by byte %d, %v", line[i:], n, err, rn, rerr)
		}
	}
}

// frameRef is frame one byte at a time, the reference for its SWAR loop.
func frameRef(b []byte) (int, error) { return frameRefFrom(b, 1, 0) }

// frameRefFrom is frameFrom one byte at a time: b[1:i] XOR to sum.
func frameRefFrom(b []byte, i int, sum byte) (int, error) {
	for ; i < len(b) && !stopByte[b[i]]; i++ {
		sum ^= b[i]
	}
	switch {
	case i >= len(b) || b[i] != '*':
		return i, ErrBadFraming
	case i+2 >= len(b):
		return len(b), ErrBadFraming
	case hexVal[b[i+1]] == 0xFF || hexVal[b[i+2]] == 0xFF:
		return i + 1, ErrBadFraming
	case hexVal[b[i+1]]<<4|hexVal[b[i+2]] != sum:
		return i + 3, ErrBadChecksum
	}
	return i + 3, nil
}

// checkPiece checks one piece and parses it.
func checkPiece(t *testing.T, line []byte, pc *Piece, end *int) {
	off := cap(line) - cap(pc.Text)
	if off < *end || off+len(pc.Text) > len(line) {
		t.Fatalf("piece %q at %d not after %d in %q", pc.Text, off, *end, line)
	}
	*end = off + len(pc.Text) + len(pc.Trailer)
	switch pc.Kind {
	case KindSentence:
		var s Sentence
		n, err := ParseSentence(pc.Text, &s)
		if pc.Err == nil && (n != len(pc.Text) || err == ErrBadChecksum || err == nil && len(s.Payload) > len(pc.Text)) {
			t.Fatalf("ParseSentence(%q) = %d, %v after a clean frame", pc.Text, n, err)
		}
	case KindTagBlock:
		var tb TagBlock
		if ParseTagBlock(pc.Text, &tb) == nil && (tb.GroupTotal > 9 || tb.Time < 0 || tb.Time >= maxTimeMs) {
			t.Fatalf("ParseTagBlock(%q) accepted %+v", pc.Text, tb)
		}
	}
}

// FuzzSentenceRoundTrip writes a sentence from fuzzed fields and checks
// that parsing gives them back.
func FuzzSentenceRoundTrip(f *testing.F) {
	f.Add(uint8(2), uint8(1), uint8('3'), uint8('A'), "55?MbV02;H;s<HtKR20EHE", uint8(0))
	f.Add(uint8(1), uint8(1), uint8(0), uint8(0), "", uint8(5))
	f.Fuzz(func(t *testing.T, total, num, seq, ch uint8, payload string, fill uint8) {
		total, num, fill = 1+total%9, 1+num%9, fill%6
		if num > total || strings.ContainsAny(payload, ",*!$\\") || bytes.ContainsFunc([]byte(payload), func(r rune) bool { return r < 0x20 || r > 0x7e }) {
			return
		}
		if seq != 0 {
			seq = '0' + seq%10
		}
		if ch != 0 && (ch <= ' ' || ch > '~' || strings.ContainsRune(",*!$\\", rune(ch))) {
			ch = 'B'
		}
		body := []byte{'!', 'A', 'I', 'V', 'D', 'M', ',', '0' + total, ',', '0' + num, ','}
		body = appendNonZero(body, seq)
		body = appendNonZero(append(body, ','), ch)
		body = append(append(append(body, ','), payload...), ',', '0'+fill)
		line := withChecksum(string(body))
		var s Sentence
		if _, err := ParseSentence([]byte(line), &s); err != nil {
			t.Fatalf("ParseSentence(%q): %v", line, err)
		}
		if s.Total != int(total) || s.Num != int(num) || s.SeqID != seq || s.Channel != ch || string(s.Payload) != payload || s.FillBits != int(fill) {
			t.Fatalf("ParseSentence(%q) = %+v", line, s)
		}
	})
}

func appendNonZero(b []byte, c byte) []byte {
	if c != 0 {
		b = append(b, c)
	}
	return b
}

// FuzzDecoder runs the whole stream decoder on arbitrary bytes: it never
// panics, the assembler stays within its bound, counts are consistent, and
// every message's lines exist.
func FuzzDecoder(f *testing.F) {
	files, _ := filepath.Glob("testdata/*/*")
	for _, p := range files {
		if data, err := os.ReadFile(p); err == nil && len(data) < 8<<10 && !strings.HasSuffix(p, ".md") {
			f.Add(data)
		}
	}
	f.Add([]byte(frag1 + "\r" + frag2 + "\n" + frag2 + `\r\n` + frag1))
	f.Fuzz(func(t *testing.T, data []byte) {
		d := NewDecoder(bytes.NewReader(data), "fuzz", Options{MaxPending: 4, MaxAge: 16})
		for {
			m, err := d.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
			st := d.Stats()
			if m.Line == 0 || m.LastLine < m.Line || int64(m.LastLine) > st.Lines || len(m.Lines) == 0 {
				t.Fatalf("message lines %d..%d %v with %d lines read", m.Line, m.LastLine, m.Lines, st.Lines)
			}
			if d.asm.Pending() > 4 {
				t.Fatalf("%d partial messages held; bound is 4", d.asm.Pending())
			}
		}
		st := d.Stats()
		if st.Messages > st.Sentences || d.asm.Pending() != 0 {
			t.Fatalf("inconsistent: %s, %d pending", st, d.asm.Pending())
		}
	})
}

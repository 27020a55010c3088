package nmea

import (
	"fmt"
	"io"
	"strings"
	"testing"
	"testing/iotest"
)

func TestSplitter(t *testing.T) {
	tag := withChecksum("s:r1,c:1241544035")
	tests := []struct {
		name, line string
		want       []string // kind:text[|trailer][!err]
	}{
		{"plain", pos1, []string{"S:" + pos1}},
		{"tag block then sentence", `\` + tag + `\` + pos1, []string{"T:" + tag, "S:" + pos1}},
		{"two tagged sentences", `\` + tag + `\` + frag1 + `\` + tag + `\` + frag2, []string{"T:" + tag, "S:" + frag1, "T:" + tag, "S:" + frag2}},
		{"trailer", pos1 + ",s1,1411920501", []string{"S:" + pos1 + "|,s1,1411920501"}},
		{"escaped CR LF between", frag1 + `\r\n` + frag2, []string{"S:" + frag1, "S:" + frag2}},
		{"escaped \\x0d\\x0a after", pos1 + `\x0d\x0a`, []string{"S:" + pos1}},
		{"tag block alone", `\` + tag + `\`, []string{"T:" + tag}},
		{"junk before a sentence", "53l3sj42A5" + pos1, []string{"J:53l3sj42A5", "S:" + pos1}},
		{"missing checksum, then a sentence", "!AIVDM,1,1,,B,15N4,0" + pos1, []string{"S:!AIVDM,1,1,,B,15N4,0!bad framing", "S:" + pos1}},
		{"bad checksum", pos1[:len(pos1)-2] + "00", []string{"S:" + pos1[:len(pos1)-2] + "00!bad checksum"}},
		{"unclosed tag block", `\s:r1,c:1`, []string{`J:\s:r1,c:1`}},
		{"comment", "# !AIVDM,1,1", []string{"C:# !AIVDM,1,1"}},
		{"leading blanks", "  \t" + pos1, []string{"S:" + pos1}},
		{"blank", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var sp Splitter
			var pc Piece
			var got []string
			sp.Reset([]byte(tt.line))
			for sp.Next(&pc) {
				got = append(got, pieceString(&pc))
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("Split(%q)\n got %q\nwant %q", tt.line, got, tt.want)
			}
		})
	}
}

// pieceString formats a piece for comparison.
func pieceString(pc *Piece) string {
	s := string("?STJC"[pc.Kind]) + ":" + string(pc.Text)
	if len(pc.Trailer) > 0 {
		s += "|" + string(pc.Trailer)
	}
	if pc.Err != nil {
		s += "!" + strings.TrimPrefix(pc.Err.Error(), "nmea: ")
	}
	return s
}

func TestLineReader(t *testing.T) {
	tests := []struct {
		name, in string
		want     []string
	}{
		{"LF", "a\nb\n", []string{"a", "b"}},
		{"CR LF", "a\r\nb\r\n", []string{"a", "b"}},
		{"lone CR", "a\rb\rc", []string{"a", "b", "c"}},
		{"mixed, no final newline", "a\r\n\nb\rc\nd", []string{"a", "", "b", "c", "d"}},
		{"blank lines", "\n\n", []string{"", ""}},
		{"empty", "", nil},
	}
	for _, tt := range tests {
		for _, oneByte := range []bool{false, true} {
			t.Run(fmt.Sprint(tt.name, oneByte), func(t *testing.T) {
				var r io.Reader = strings.NewReader(tt.in)
				if oneByte {
					r = iotest.OneByteReader(r) // a CR at a read boundary
				}
				var lr lineReader
				lr.reset(r)
				var got []string
				for {
					line, ok := lr.next()
					if !ok {
						break
					}
					got = append(got, string(line))
				}
				if fmt.Sprint(got) != fmt.Sprint(tt.want) || lr.line != uint32(len(tt.want)) {
					t.Errorf("got %q (%d lines); want %q", got, lr.line, tt.want)
				}
			})
		}
	}
}

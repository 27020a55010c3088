package nmea

import (
	"errors"
	"io"
	"slices"
	"strings"
	"testing"
)

// Real sentences (pyais mixed.txt, MIT) used to build test inputs.
const (
	pos1  = "!AIVDM,1,1,,A,13HOI:0P0000VOHLCnHQKwvL05Ip,0*23" // type 1, MMSI 227006760
	pos2  = "!AIVDM,1,1,,B,100h00PP0@PHFV`Mg5gTH?vNPUIp,0*3B" // type 1, MMSI 786434
	frag1 = "!AIVDM,2,1,1,A,55?MbV02;H;s<HtKR20EHE:0@T4@Dn2222222216L961O5Gf0NSQEp6ClRp8,0*1C"
	frag2 = "!AIVDM,2,2,1,A,88888888880,2*25"
)

// got is what one decoded message looked like.
type got struct {
	typ   uint8
	mmsi  uint32
	time  int64
	lines []uint32
}

// decodeString decodes in and returns the messages and the stats.
func decodeString(t *testing.T, in string, opt Options) ([]got, *Stats, error) {
	t.Helper()
	d := NewDecoder(strings.NewReader(in), "in", opt)
	var out []got
	for {
		m, err := d.Next()
		if err == io.EOF {
			return out, d.Stats(), nil
		}
		if err != nil {
			return out, d.Stats(), err
		}
		out = append(out, got{m.AIS.Type, m.AIS.MMSI, m.Time, slices.Clone(m.Lines)})
	}
}

// talker rewrites the talker of a sentence and fixes its checksum.
func talker(s, tk string) string { return withChecksum("!" + tk + s[3:len(s)-3]) }

// tagged puts a tag block with the given fields before s.
func tagged(fields, s string) string { return `\` + withChecksum(fields) + `\` + s }

func TestDecoderFraming(t *testing.T) {
	tests := []struct {
		name   string
		in     string
		want   []got
		bad    map[Reason]int64
		others int64
	}{
		{"CR LF, LF, lone CR and blank lines", pos1 + "\r\n\r\n" + pos2 + "\r" + frag1 + "\n\n" + frag2,
			[]got{{1, 227006760, 0, []uint32{1}}, {1, 786434, 0, []uint32{3}}, {5, 351759000, 0, []uint32{4, 6}}}, nil, 0},
		{"tag block c: seconds and ms", tagged("s:r1,c:1241544035", pos1) + "\n" + tagged("c:1599239526500", pos2),
			[]got{{1, 227006760, 1241544035000, []uint32{1}}, {1, 786434, 1599239526500, []uint32{2}}}, nil, 0},
		{"tag block alone on its line", `\` + withChecksum("c:1241544035") + "\\\n" + pos1 + "\n" + pos2,
			[]got{{1, 227006760, 1241544035000, []uint32{2}}, {1, 786434, 0, []uint32{3}}}, nil, 0},
		{"DMA: tag line, $PGHP, sentence", "\\si:AISD*3F\\\n$PGHP,1,2008,5,9,0,0,0,10,338,2,,1,09*17\n" + pos1 + "\n" + pos2,
			[]got{{1, 227006760, 1210291200010, []uint32{3}}, {1, 786434, 0, []uint32{4}}}, nil, 1},
		{"$PGHP binds to a sentence on the next line only", "$PGHP,1,2008,5,9,0,0,0,10,338,2,,1,09*17\n\n" + pos1,
			[]got{{1, 227006760, 0, []uint32{3}}}, nil, 1},
		{"$PGHP binds to the next sentence only", "$PGHP,1,2008,5,9,0,0,0,10,338,2,,1,09*17\n$GPR00,A,B,C*29\n" + pos1,
			[]got{{1, 227006760, 0, []uint32{3}}}, nil, 2},
		{"NAIS trailer", pos1 + ",d-109,S2105,t050056.00,T56.13718694,r003669946,1325394060,1325394001",
			[]got{{1, 227006760, 1325394060000, []uint32{1}}}, nil, 0},
		{"two tag-blocked fragments on one line, talkers differ", tagged("s:rMT2083,c:1698785948", talker(frag1, "AB")) + tagged("s:rMT2083,c:1698785947", frag2),
			[]got{{5, 351759000, 1698785948000, []uint32{1, 1}}}, nil, 0},
		{"literal \\r\\n between fragments", frag1 + `\r\n` + frag2,
			[]got{{5, 351759000, 0, []uint32{1, 1}}}, nil, 0},
		{"tag-block groups, source only on the first", tagged("g:1-2-1278,s:66,c:1661782369", frag1) + "\n" + tagged("g:2-2-1278", frag2),
			[]got{{5, 351759000, 1661782369000, []uint32{1, 2}}}, nil, 0},
		{"interleaved receivers, same sequence id", talker(frag1, "AB") + "\n" + talker(frag1, "BS") + "\n" + talker(frag2, "BS") + "\n" + pos1 + "\n" + talker(frag2, "AB"),
			[]got{{5, 351759000, 0, []uint32{2, 3}}, {1, 227006760, 0, []uint32{4}}, {5, 351759000, 0, []uint32{1, 5}}}, nil, 0},
		{"orphan at end, orphan second fragment", frag2 + "\n" + pos1 + "\n" + frag1,
			[]got{{1, 227006760, 0, []uint32{2}}}, map[Reason]int64{OrphanFragment: 2}, 0},
		{"restarted message drops the first", frag1 + "\n" + frag1 + "\n" + frag2,
			[]got{{5, 351759000, 0, []uint32{2, 3}}}, map[Reason]int64{OrphanFragment: 1}, 0},
		{"out of order", frag1 + "\n" + withChecksum("!AIVDM,3,1,1,A,55?MbV02;H;s<HtKR20EHE:0@T4@Dn2222222216L961O5Gf0NSQEp6ClRp8,0") + "\n" + withChecksum("!AIVDM,3,3,1,A,88888888880,2"),
			nil, map[Reason]int64{OutOfOrder: 1, OrphanFragment: 2}, 0},
		{"bad checksum, junk, comment, other NMEA, unknown sentence",
			"# comment\n" + pos1[:len(pos1)-1] + "0\nfoobar\n$GPGGA,184353.07,1929.045,S,02410.506,E,1,04,2.6,100.00,M,-33.9,M,,0000*6D\n" + withChecksum("!AIABM,1,1,,B,1,0") + "\n" + pos2,
			[]got{{1, 786434, 0, []uint32{6}}}, map[Reason]int64{BadChecksum: 1, BadFraming: 1, UnknownSentence: 1}, 1},
		{"bad tag block keeps the sentence, without its time", `\g:1-2-73874,c:1241544035*A\` + pos1,
			[]got{{1, 227006760, 0, []uint32{1}}}, map[Reason]int64{BadTagBlock: 1}, 0},
		{"payload errors", withChecksum("!AIVDM,1,1,,B,,0") + "\n" + withChecksum("!AIVDM,1,1,,B,1a~,0") + "\n" + withChecksum("!AIVDM,1,1,,B,13HOI:0P00,0") + "\n" + withChecksum("!AIVDM,1,1,,B,w3HOI:0P0000VOHLCnHQKwvL05Ip,0"),
			nil, map[Reason]int64{EmptyPayload: 1, InvalidChar: 1, TooShort: 1, UnsupportedType: 1}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			msgs, st, err := decodeString(t, tt.in, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if !slices.EqualFunc(msgs, tt.want, func(a, b got) bool {
				return a.typ == b.typ && a.mmsi == b.mmsi && a.time == b.time && slices.Equal(a.lines, b.lines)
			}) {
				t.Errorf("messages\n got %v\nwant %v", msgs, tt.want)
			}
			for r := range NumReasons {
				if st.Bad[r] != tt.bad[r] {
					t.Errorf("%s: got %d; want %d (%s)", r, st.Bad[r], tt.bad[r], st)
				}
			}
			if st.OtherNMEA != tt.others {
				t.Errorf("other NMEA %d; want %d", st.OtherNMEA, tt.others)
			}
		})
	}
}

func TestDecoderStrict(t *testing.T) {
	in := pos1 + "\n" + pos2[:len(pos2)-1] + "0\n" + pos1
	msgs, _, err := decodeString(t, in, Options{Strict: true})
	var pe *ParseError
	if !errors.As(err, &pe) || pe.Line != 2 || pe.Reason != BadChecksum || !errors.Is(err, ErrBadChecksum) {
		t.Fatalf("got %v; want a ParseError at line 2 for a bad checksum", err)
	}
	if len(msgs) != 1 {
		t.Errorf("got %d messages before the error; want 1", len(msgs))
	}
	_, _, err = decodeString(t, withChecksum("!AIVDM,1,1,,B,13HOI:0P00,0"), Options{Strict: true})
	if !errors.As(err, &pe) || pe.Reason != TooShort {
		t.Fatalf("got %v; want payload_too_short", err)
	}
}

func TestDecoderKeepShort(t *testing.T) {
	msgs, st, _ := decodeString(t, withChecksum("!AIVDM,1,1,,B,13HOI:0P00,0"), Options{KeepShort: true})
	if len(msgs) != 1 || st.Bad[TooShort] != 1 {
		t.Fatalf("got %d messages, %d too short; want 1 and 1", len(msgs), st.Bad[TooShort])
	}
}

func TestDecoderReadError(t *testing.T) {
	boom := errors.New("boom")
	d := NewDecoder(io.MultiReader(strings.NewReader(pos1+"\n"), errReader{boom}), "in", Options{})
	if _, err := d.Next(); err != nil {
		t.Fatalf("first message: %v", err)
	}
	if _, err := d.Next(); !errors.Is(err, boom) {
		t.Fatalf("got %v; want the read error", err)
	}
}

type errReader struct{ err error }

func (r errReader) Read([]byte) (int, error) { return 0, r.err }

func TestDecoderLongLine(t *testing.T) {
	in := pos1 + "\n" + strings.Repeat("x", 3*readBufSize+17) + "\n" + pos2 + "\n"
	msgs, st, err := decodeString(t, in, Options{})
	if err != nil || len(msgs) != 2 || st.Bad[BadFraming] != 1 || st.Lines != 3 {
		t.Fatalf("got %v, %v, %s; want 2 messages, 1 bad framing, 3 lines", msgs, err, st)
	}
	if msgs[1].lines[0] != 3 {
		t.Errorf("line after the long one numbered %d; want 3", msgs[1].lines[0])
	}
}

func TestAssemblerBounded(t *testing.T) {
	a := NewAssembler(8)
	var dropped int
	a.Drop = func(r Reason, _ uint32) { dropped++ }
	var s Sentence
	for i := range 1000 {
		line := withChecksum("!AIVDM,2,1," + string(rune('0'+i%10)) + ",A,55?MbV02;H;s<HtKR,0")
		if _, err := ParseSentence([]byte(line), &s); err != nil {
			t.Fatal(err)
		}
		s.Talker = [2]byte{byte('A' + i/10%26), byte('A' + i/260)}
		a.Add(&s, Fragment{Line: uint32(i + 1)})
		if a.Pending() > 8 {
			t.Fatalf("pending %d > 8", a.Pending())
		}
	}
	if dropped != 992 {
		t.Errorf("dropped %d; want 992 (1000 started, 8 held)", dropped)
	}
	a.Flush()
	if dropped != 1000 || a.Pending() != 0 {
		t.Errorf("after flush: dropped %d, pending %d; want 1000, 0", dropped, a.Pending())
	}
}

func TestAssemblerExpiry(t *testing.T) {
	a := NewAssembler(8)
	a.MaxAge = 3
	var orphans []uint32
	a.Drop = func(r Reason, line uint32) { orphans = append(orphans, line) }
	var s1, s2 Sentence
	ParseSentence([]byte(frag1), &s1)
	ParseSentence([]byte(frag2), &s2)
	a.Add(&s1, Fragment{Line: 1})
	other := s1
	other.Channel = 'B'
	for i := range 4 {
		other.SeqID = byte('2' + i)
		a.Add(&other, Fragment{Line: uint32(2 + i)})
	}
	if !slices.Equal(orphans, []uint32{1}) {
		t.Fatalf("orphans %v; want the fragment of line 1 expired", orphans)
	}
	if f := a.Add(&s2, Fragment{Line: 9}); f != nil {
		t.Fatalf("expired message completed: %+v", f)
	}
}

func TestDecoderExpiryCountsSingleSentences(t *testing.T) {
	other := withChecksum("!AIVDM,2,1,2,B,55?MbV02;H;s<HtKR20EHE:0@T4@Dn2222222216L961O5Gf0NSQEp6ClRp8,0")
	in := strings.Join([]string{frag1, pos1, pos1, pos1, other, frag2}, "\n")
	msgs, st, err := decodeString(t, in, Options{MaxAge: 2})
	if err != nil || len(msgs) != 3 || st.Bad[OrphanFragment] != 3 {
		t.Fatalf("got %d messages, %s, %v; want 3 positions and 3 orphans (expired line 1, line 6, line 5 at the end)", len(msgs), st, err)
	}
	if want := []Location{{"in", 1}, {"in", 6}, {"in", 5}}; !slices.Equal(st.First[OrphanFragment], want) {
		t.Errorf("orphans at %v; want %v", st.First[OrphanFragment], want)
	}
}

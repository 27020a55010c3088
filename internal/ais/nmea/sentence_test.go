package nmea

import (
	"errors"
	"reflect"
	"testing"
)

func TestParseSentence(t *testing.T) {
	tests := []struct {
		name, in string
		want     Sentence
		err      error
	}{
		{"single", "!AIVDM,1,1,,A,13HOI:0P0000VOHLCnHQKwvL05Ip,0*23",
			Sentence{Talker: [2]byte{'A', 'I'}, Total: 1, Num: 1, Channel: 'A', Payload: []byte("13HOI:0P0000VOHLCnHQKwvL05Ip")}, nil},
		{"fragment with seq and fill", "!AIVDM,2,2,1,A,88888888880,2*25",
			Sentence{Talker: [2]byte{'A', 'I'}, Total: 2, Num: 2, SeqID: '1', Channel: 'A', Payload: []byte("88888888880"), FillBits: 2}, nil},
		{"own ship VDO", "!AIVDO,1,1,,,B5NJ;PP005l4ot5Isbl03wsUkP06,0*76",
			Sentence{Talker: [2]byte{'A', 'I'}, Own: true, Total: 1, Num: 1, Payload: []byte("B5NJ;PP005l4ot5Isbl03wsUkP06")}, nil},
		{"dash talker", "!--VDM,1,1,,A,13HOI:0P0000VOHLCnHQKwvL05Ip,0*33",
			Sentence{Talker: [2]byte{'-', '-'}, Total: 1, Num: 1, Channel: 'A', Payload: []byte("13HOI:0P0000VOHLCnHQKwvL05Ip")}, nil},
		{"lowercase checksum", "!AIVDM,2,1,7,A,5815:?P2BL3UKMEG>20I8Tv2222222222222221@L@hEK6L`NGPEhBE2CQp3,0*5c",
			Sentence{Talker: [2]byte{'A', 'I'}, Total: 2, Num: 1, SeqID: '7', Channel: 'A', Payload: []byte("5815:?P2BL3UKMEG>20I8Tv2222222222222221@L@hEK6L`NGPEhBE2CQp3")}, nil},
		{"empty payload", "!AIVDM,1,1,,B,,0*25", Sentence{Talker: [2]byte{'A', 'I'}, Total: 1, Num: 1, Channel: 'B', Payload: []byte{}}, nil},
		{"bad checksum", "!AIVDM,1,1,,A,13HOI:0P0000VOHLCnHQKwvL05Ip,0*24", Sentence{}, ErrBadChecksum},
		{"no checksum", "!AIVDM,1,1,,B,15N4cJ005Jrek0H@9nDW5608EP,013", Sentence{}, ErrBadFraming},
		{"one hex digit", "!AIVDM,1,1,,B,15N4cJ005Jrek0H@9nDW5608EP,0*1", Sentence{}, ErrBadFraming},
		{"fragment count 0", "!AAVDM,0,1,,B,16UK7Fi0?w4tQF0l4Q@>401v1PS;,0*0F", Sentence{}, ErrBadFraming},
		{"num above total", "!AIVDM,1,2,,B,16UK7Fi0?w4tQF0l4Q@>401v1PS;,0*0D", Sentence{}, ErrBadFraming},
		{"not VDM", "!AIABM,1,1,,B,16UK7Fi0?w4tQF0l4Q@>401v1PS;,0*1B", Sentence{}, ErrUnknownSentence},
		{"dollar sentence", "$GPR00,A,B,C*29", Sentence{}, ErrUnknownSentence},
		{"too few fields", "!AIVDM,1,1*5A", Sentence{}, ErrBadFraming},
		{"not a sentence", "IamNotAnAisMessage1111", Sentence{}, ErrBadFraming},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := fixChecksum(tt.in, tt.err)
			var got Sentence
			_, err := ParseSentence([]byte(in), &got)
			if !errors.Is(err, tt.err) {
				t.Fatalf("ParseSentence(%q) error %v; want %v", in, err, tt.err)
			}
			if err != nil {
				return
			}
			if string(got.Payload) != string(tt.want.Payload) {
				t.Errorf("payload %q; want %q", got.Payload, tt.want.Payload)
			}
			got.Payload, tt.want.Payload = nil, nil
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %+v; want %+v", got, tt.want)
			}
		})
	}
}

// fixChecksum rewrites the checksum of a test sentence meant to be valid
// (or to fail for another reason than its checksum), so that the table can
// be edited by hand.
func fixChecksum(s string, wantErr error) string {
	if wantErr == ErrBadChecksum || len(s) < 4 || s[len(s)-3] != '*' {
		return s
	}
	if s[len(s)-2] >= 'a' { // keep the lowercase case as written
		return s
	}
	return withChecksum(s[:len(s)-3])
}

// withChecksum appends "*hh" to body ("!AIVDM,...") or to a tag block text.
func withChecksum(body string) string {
	var sum byte
	start := 0
	if len(body) > 0 && (body[0] == '!' || body[0] == '$') {
		start = 1
	}
	for i := start; i < len(body); i++ {
		sum ^= body[i]
	}
	const hex = "0123456789ABCDEF"
	return body + "*" + string([]byte{hex[sum>>4], hex[sum&15]})
}

func TestParseTagBlock(t *testing.T) {
	tests := []struct {
		name, in     string
		time         int64
		src, gid     string
		gnum, gtotal int
		err          error
	}{
		{"seconds", withChecksum("s:rMT2083,t:marinetraffic,c:1698785948"), 1698785948000, "rMT2083", "", 0, 0, nil},
		{"milliseconds", withChecksum("c:1599239526500,s:sdr-experiments,T:2020-09-04 18.12.06"), 1599239526500, "sdr-experiments", "", 0, 0, nil},
		{"group", withChecksum("g:1-2-73874,n:157036,s:r003669945,c:1241544035"), 1241544035000, "r003669945", "73874", 1, 2, nil},
		{"odd group id kept opaque", withChecksum("g:2-2--001"), 0, "", "-001", 2, 2, nil},
		{"si as source", withChecksum("si:AISD"), 0, "AISD", "", 0, 0, nil},
		{"real DMA line", "si:AISD*3F", 0, "AISD", "", 0, 0, nil},
		{"bad checksum", "s:rMT2083,c:1698785948*00", 0, "", "", 0, 0, ErrBadTagBlock},
		{"one-digit checksum", "g:1-2-73874*A", 0, "", "", 0, 0, ErrBadTagBlock},
		{"no checksum", "s:x,c:1", 0, "", "", 0, 0, ErrBadTagBlock},
		{"time out of range", withChecksum("c:12415440354"), 0, "", "", 0, 0, ErrBadTagBlock},
		{"group part above total", withChecksum("g:2-1-1"), 0, "", "", 0, 0, ErrBadTagBlock},
		{"field without colon", withChecksum("s:a,junk"), 0, "", "", 0, 0, ErrBadTagBlock},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var tb TagBlock
			err := ParseTagBlock([]byte(tt.in), &tb)
			if !errors.Is(err, tt.err) {
				t.Fatalf("ParseTagBlock(%q) error %v; want %v", tt.in, err, tt.err)
			}
			if tb.Time != tt.time || string(tb.Source()) != tt.src || string(tb.GroupID()) != tt.gid ||
				tb.GroupNum != tt.gnum || tb.GroupTotal != tt.gtotal {
				t.Errorf("got time %d src %q group %d-%d-%q; want %d %q %d-%d-%q", tb.Time, tb.Source(),
					tb.GroupNum, tb.GroupTotal, tb.GroupID(), tt.time, tt.src, tt.gnum, tt.gtotal, tt.gid)
			}
		})
	}
}

func TestParsePGHP(t *testing.T) {
	got, err := ParsePGHP([]byte("$PGHP,1,2010,6,11,11,46,11,390,231,45,992190934,1,2B*5B"))
	if want := int64(1276256771390); err != nil || got != want { // 2010-06-11T11:46:11.390Z
		t.Fatalf("got %d, %v; want %d", got, err, want)
	}
	got, err = ParsePGHP([]byte("$PGHP,1,2008,5,9,0,0,0,10,338,2,,1,09*17"))
	if want := int64(1210291200010); err != nil || got != want { // 2008-05-09T00:00:00.010Z
		t.Fatalf("got %d, %v; want %d", got, err, want)
	}
	for _, bad := range []string{"$PGHP,2,2010,6,11,11,46,11,390*00", "$PGHP,1,2010,13,11,11,46,11,390,*00", "$PGHP,1,2010*00", "$GPRMC,1*00"} {
		if _, err := ParsePGHP([]byte(bad)); !errors.Is(err, ErrBadFraming) {
			t.Errorf("ParsePGHP(%q) error %v; want ErrBadFraming", bad, err)
		}
	}
}

func TestTrailerTime(t *testing.T) {
	tests := []struct {
		in   string
		want int64
	}{
		{",d-109,S2105,t050056.00,T56.13718694,r003669946,1325394060,1325394001", 1325394060000},
		{",1411920501", 1411920501000},
		{",s28089,d-103,T39.44353985,x147521,r08TPHI1,1242958962", 1242958962000},
		{",b003660465", 0},
		{"'", 0},
		{"", 0},
		{",1599239526500", 1599239526500},
	}
	for _, tt := range tests {
		if got := TrailerTime([]byte(tt.in)); got != tt.want {
			t.Errorf("TrailerTime(%q) = %d; want %d", tt.in, got, tt.want)
		}
	}
}

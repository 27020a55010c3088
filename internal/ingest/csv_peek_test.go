package ingest

import (
	"fmt"
	"strings"
	"testing"

	"github.com/lookout-osint/lookout/internal/track"
)

// TestPeekedMMSI checks that a row parsed with the MMSI its worker peeked
// gives what it gives parsed alone, for MMSI fields that are and are not
// exactly the digits peeked (quoted, padded, too long, zero, not digits,
// MMSI not in the first column).
func TestPeekedMMSI(t *testing.T) {
	mc := "MMSI,BaseDateTime,LAT,LON,SOG,COG,Heading,VesselName,IMO,CallSign,VesselType,Status,Length,Width,Draft,Cargo,TransceiverClass"
	other := "BaseDateTime,VesselName,MMSI,LAT,LON"
	for _, tc := range []struct{ header, row string }{
		{mc, `338148873,"2022-01-03T00:00:00",33.60716,-117.91483,0,280,511,"CAZADOR","","",37,,14,,,,"B"`},
		{mc, `"338148873","2022-01-03T00:00:00",33.6,-117.9,0,280,511,"X","","",37,,14,,,,"B"`},
		{mc, ` 338148873,2022-01-03T00:00:00,33.6,-117.9,0,280,511,X,,,37,,14,,,,B`},
		{mc, `338148873 ,2022-01-03T00:00:00,33.6,-117.9,0,280,511,X,,,37,,14,,,,B`},
		{mc, `3381488731,2022-01-03T00:00:00,33.6,-117.9,0,280,511,X,,,37,,14,,,,B`},
		{mc, `0338148873,2022-01-03T00:00:00,33.6,-117.9,0,280,511,X,,,37,,14,,,,B`},
		{mc, `0,2022-01-03T00:00:00,33.6,-117.9,0,280,511,X,,,37,,14,,,,B`},
		{mc, `33814x873,2022-01-03T00:00:00,33.6,-117.9,0,280,511,X,,,37,,14,,,,B`},
		{mc, `,2022-01-03T00:00:00,33.6,-117.9,0,280,511,X,,,37,,14,,,,B`},
		{mc, `"3381""48873",2022-01-03T00:00:00,33.6,-117.9,0,280,511,X,,,37,,14,,,,B`},
		{other, `2022-01-03T00:00:00,"A,B",338148873,33.6,-117.9`},
		{other, `2022-01-03T00:00:00,AB,338148873,33.6,-117.9`},
		{other, `2022-01-03T00:00:00,AB,"338148873",33.6,-117.9`},
		{other, `2022-01-03T00:00:00,AB,123,33.6,-117.9`},
		{other, `2022-01-03T00:00:00,"A,123",456,33.6,-117.9`}, // peeks 123 in the wrong column
	} {
		s, err := NewSchema(FormatCSV, strings.Split(tc.header, ","), "")
		if err != nil {
			t.Fatal(err)
		}
		var fix0, fix1 track.Fix
		var id track.Identity
		p0, p1 := NewRowParser(s), NewRowParser(s)
		got0, reason0 := p0.Parse([]byte(tc.row), &fix0, &id)
		p1.peek, p1.peeked = p1.peekDigits([]byte(tc.row)), true
		got1, reason1, _, _ := p1.parse([]byte(tc.row), &fix1)
		if got0 != got1 || reason0 != reason1 || fmt.Sprintf("%+v", fix0) != fmt.Sprintf("%+v", fix1) {
			t.Errorf("%q: peeked %v %v %+v; alone %v %v %+v", tc.row, got1, reason1, fix1, got0, reason0, fix0)
		}
	}
}

// TestPeekDigits checks the eight-at-a-time MMSI peek against reading the
// digits one by one, for runs of digits of every length at every offset,
// quoted or not, before any byte.
func TestPeekDigits(t *testing.T) {
	s, err := NewSchema(FormatCSV, strings.Split("Time,MMSI,Lat,Lon", ","), "")
	if err != nil {
		t.Fatal(err)
	}
	p := NewRowParser(s)
	for _, digits := range []string{"", "0", "7", "12345678", "123456789", "987654321", "1234567890123", "99999999999"} {
		for _, q := range []string{"", `"`} {
			for _, after := range []string{"", ",", "/", ":", "a", " ", "\x00", "\xff", `"`, ",33.6,-117.9", "0123456789"} {
				for pad := 0; pad < 9; pad++ {
					line := []byte("t" + strings.Repeat("x", pad) + "," + q + digits + after)
					got := p.peekDigits(line)
					want := peekDigitsRef(line)
					if got != want {
						t.Errorf("peekDigits(%q) = %+v; want %+v", line, got, want)
					}
				}
			}
		}
	}
}

// peekDigitsRef reads the digits after the first comma (and a quote) one
// by one.
func peekDigitsRef(line []byte) mmsiPeek {
	var k mmsiPeek
	k.off = uint32(strings.IndexByte(string(line), ',') + 1)
	if int(k.off) < len(line) && line[k.off] == '"' {
		k.off++
	}
	for _, b := range line[k.off:] {
		if b < '0' || b > '9' {
			break
		}
		k.m = k.m*10 + uint32(b-'0')
		k.n++
	}
	return k
}

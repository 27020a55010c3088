package ingest

import (
	"math"
	"strings"
	"testing"

	"github.com/lookout-osint/lookout/internal/track"
)

// TestRowNumbersAsTrimmed checks that RowParser.float and the heading read
// every value as parseFloat and parseIntLoose read it trimmed (as field
// returns it), whether it is padded or not, a number or not.
func TestRowNumbersAsTrimmed(t *testing.T) {
	s, err := NewSchema(FormatMarineCadastreCSV, strings.Split(
		"MMSI,BaseDateTime,LAT,LON,SOG,COG,Heading,VesselName,IMO,CallSign,VesselType,Status,Length,Width,Draft,Cargo,TransceiverClass", ","), "")
	if err != nil {
		t.Fatal(err)
	}
	p := NewRowParser(s)
	values := []string{"", " ", "\t", "17.9", " 17.9", "17.9 ", "\t17.9\t", "-0", " -0 ", "511", " 511", "511.0 ",
		"1e3", " 1e3", "nan", " nan ", "abc", " abc", "1 2", " . ", "\x0117.9", "17.9\x01", "+5", " +5"}
	for _, v := range values {
		line := []byte("338148873,2022-01-03T00:00:00," + v + ",-117.91483,0,280," + v + ",CAZADOR,,,37,,14,,,,B")
		if n, ok := p.split(line); !ok || n != s.NCols {
			t.Fatalf("%q: split into %d, %v", line, n, ok)
		}
		got, err := p.float(FieldLat)
		want, werr := parseFloat(p.field(FieldLat))
		if (err != nil) != (werr != nil) || math.Float64bits(got) != math.Float64bits(want) && !(math.IsNaN(got) && math.IsNaN(want)) {
			t.Errorf("float(%q) = %v, %v; parseFloat of the trimmed value %v, %v", v, got, err, want, werr)
		}
		var fix track.Fix
		p.motion(&fix)
		want16 := int16(-1)
		if h, err := parseIntLoose(p.field(FieldHeading)); err == nil && h >= 0 && h < 360 {
			want16 = int16(h)
		}
		if fix.Heading != want16 {
			t.Errorf("heading %q = %d; parseIntLoose of the trimmed value says %d", v, fix.Heading, want16)
		}
	}
}

// TestPeekedEntry checks that a row whose worker found an identity cache
// entry when it peeked (right, another vessel's, out of range, none) gets
// the identity it gets parsed alone.
func TestPeekedEntry(t *testing.T) {
	s, err := NewSchema(FormatMarineCadastreCSV, strings.Split(
		"MMSI,BaseDateTime,LAT,LON,SOG,COG,Heading,VesselName,IMO,CallSign,VesselType,Status,Length,Width,Draft,Cargo,TransceiverClass", ","), "")
	if err != nil {
		t.Fatal(err)
	}
	rows := []string{
		`338148873,"2022-01-03T00:00:00",33.60716,-117.91483,0,280,511,"CAZADOR","","",37,,14,,,,"B"`,
		`367379190,"2022-01-03T00:00:00",30.3706,-88.56408,0,336.2,511,"EAGLE","IMO8207721","WTD4583",31,0,28,11,3.3,52,"A"`,
		`338148873,"2022-01-03T00:01:00",33.60716,-117.91483,0,280,511,"CAZADOR II","","",37,,14,,,,"B"`,
		`367379190,"2022-01-03T00:01:00",30.3706,-88.56408,0,336.2,511,"EAGLE","IMO8207721","WTD4583",31,0,28,11,3.3,52,"A"`,
	}
	for _, peekEntry := range []int32{-1, 0, 1, 2, 1 << 30, -7} {
		alone, peeked := NewRowParser(s), NewRowParser(s)
		for _, r := range rows {
			var fix0, fix1 track.Fix
			var id0, id1 track.Identity
			got0, reason0 := alone.Parse([]byte(r), &fix0, &id0)
			peeked.peek, peeked.peeked = peeked.peekDigits([]byte(r)), true
			peeked.peekEntry = peekEntry
			got1, reason1, tm, e := peeked.parse([]byte(r), &fix1)
			if got1&RowIdentity != 0 {
				id1 = peeked.ids.entries[e].ref.Identity
				id1.From, id1.To = tm, tm
				if peeked.ids.entries[e].mmsi != fix1.MMSI {
					t.Errorf("peekEntry %d, %q: entry of MMSI %d", peekEntry, r, peeked.ids.entries[e].mmsi)
				}
			}
			if got0 != got1 || reason0 != reason1 || fix0 != fix1 || id0 != id1 {
				t.Errorf("peekEntry %d, %q: peeked %v %v %+v %+v; alone %v %v %+v %+v",
					peekEntry, r, got1, reason1, fix1, id1, got0, reason0, fix0, id0)
			}
		}
		if len(peeked.ids.entries) != 2 {
			t.Errorf("peekEntry %d: %d cache entries, want 2", peekEntry, len(peeked.ids.entries))
		}
	}
}

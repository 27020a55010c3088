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

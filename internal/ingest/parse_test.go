package ingest

import (
	"bytes"
	"errors"
	"math"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"
	"unsafe"

	"github.com/lookout-osint/lookout/internal/ais"
	"github.com/lookout-osint/lookout/internal/track"
)

func TestParseFloatMatchesStrconv(t *testing.T) {
	cases := []string{"0", "-0", "1", "-117.91483", "33.60716", "50.7730133333333", "+3.5", ".5", "5.",
		"1e3", "12345678901234567890", "0.1", "360", "102.3", "-1.10866666666667", "1.7976931348623157e308"}
	r := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		cases = append(cases, strconv.FormatFloat((r.Float64()-0.5)*400, 'f', r.IntN(16), 64))
	}
	for _, s := range cases {
		want, werr := strconv.ParseFloat(s, 64)
		got, err := parseFloat([]byte(s))
		if (werr != nil) != (err != nil) || (werr == nil && got != want) {
			t.Errorf("parseFloat(%q) = %v, %v; want %v, %v", s, got, err, want, werr)
		}
	}
	for _, bad := range []string{"", "-", ".", "1.2.3", "abc", "1,5", "--1"} {
		if _, err := parseFloat([]byte(bad)); err == nil {
			t.Errorf("parseFloat(%q): no error", bad)
		}
	}
}

func TestParseTime(t *testing.T) {
	ms := func(s string) int64 {
		tt, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			t.Fatal(err)
		}
		return tt.UnixMilli()
	}
	for _, c := range []struct{ in, want string }{
		{"2022-01-03T00:00:00", "2022-01-03T00:00:00Z"},
		{"2016-01-12 13:02:11.218", "2016-01-12T13:02:11.218Z"},
		{"2017-09-07T04:25:04.321Z", "2017-09-07T04:25:04.321Z"},
		{"2017-09-07T04:25:04.3219Z", "2017-09-07T04:25:04.321Z"},
		{"2017-09-07T06:25:04+02:00", "2017-09-07T04:25:04Z"},
		{"2017-09-07T06:25:04+0200", "2017-09-07T04:25:04Z"},
		{"01/06/2018 00:00:00", "2018-06-01T00:00:00Z"},
		{"29/02/2020 23:59:59", "2020-02-29T23:59:59Z"},
		{"20210701_185151", "2021-07-01T18:51:51Z"},
		{"1641168000", "2022-01-03T00:00:00Z"},
		{"1641168000123", "2022-01-03T00:00:00.123Z"},
		{"1641168000.5", "2022-01-03T00:00:00.5Z"},
		{"2022-01-03", "2022-01-03T00:00:00Z"},
	} {
		got, err := parseTime([]byte(c.in))
		if err != nil || got != ms(c.want) {
			t.Errorf("parseTime(%q) = %d, %v; want %d", c.in, got, err, ms(c.want))
		}
	}
	for _, bad := range []string{"", "yesterday", "2022-13-01T00:00:00", "2022-02-30 00:00:00",
		"31/04/2018 00:00:00", "2022-01-03T24:00:00", "2022-01-03X00:00:00", "2022-01-03T00:00:00+5", "-5"} {
		if got, err := parseTime([]byte(bad)); err == nil {
			t.Errorf("parseTime(%q) = %d; want an error", bad, got)
		}
	}
}

func TestSplitCSV(t *testing.T) {
	for _, c := range []struct {
		in   string
		want []string
		ok   bool
	}{
		{`a,b,c`, []string{"a", "b", "c"}, true},
		{`,,`, []string{"", "", ""}, true},
		{`"a",b,"c,d"`, []string{"a", "b", "c,d"}, true},
		{`"say ""hi""",x`, []string{`say "hi"`, "x"}, true},
		{`"a""b","c""d"`, []string{`a"b`, `c"d`}, true},
		{`"open,b`, nil, false},
		{`"a"b,c`, nil, false},
		{``, []string{""}, true},
	} {
		var dst [][]byte
		var scratch []byte
		got, ok := splitCSV(dst, &scratch, []byte(c.in))
		if ok != c.ok {
			t.Errorf("splitCSV(%q) ok = %v; want %v", c.in, ok, c.ok)
			continue
		}
		if !ok {
			continue
		}
		var gs []string
		for _, f := range got {
			gs = append(gs, string(f))
		}
		if strings.Join(gs, "|") != strings.Join(c.want, "|") || len(gs) != len(c.want) {
			t.Errorf("splitCSV(%q) = %q; want %q", c.in, gs, c.want)
		}
	}
}

// TestSplitPlain checks which lines the one-pass splitter takes (every
// row of the real exports in testdata, and quoted fields with commas,
// quotes inside unquoted text, empty quoted fields) and which it leaves to
// splitQuoted (doubled quotes, text after a closing quote, a quote that
// does not close), and that what it takes it splits like splitQuoted.
func TestSplitPlain(t *testing.T) {
	var lines []string
	for _, path := range []string{"testdata/marinecadastre-20220103-head20.csv", "testdata/solent-20160112-head20.csv"} {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		lines = append(lines, strings.Split(strings.TrimSpace(string(data)), "\n")...)
	}
	for _, l := range lines {
		if _, ok := splitPlain(nil, []byte(l)); !ok {
			t.Errorf("splitPlain refuses the real row %q", l)
		}
	}
	for _, c := range []struct {
		in    string
		plain bool
	}{
		{`"c,d",x`, true}, {`ab"c,"d"`, true}, {`"",""`, true}, {`"a",`, true}, {`x,"a,b,c,d,e,f,g,h,i"`, true},
		{`"a""b",c`, false}, {`"a"b,c`, false}, {`x,"open`, false}, {`x,"a,b,c,d,e,f,g,h,i`, false}, {`"a" ,b`, false},
	} {
		spans, ok := splitPlain(nil, []byte(c.in))
		if ok != c.plain {
			t.Errorf("splitPlain(%q) ok = %v; want %v", c.in, ok, c.plain)
			continue
		}
		var scratch []byte
		want, wok := splitQuoted(nil, &scratch, []byte(c.in))
		if !ok || !wok {
			continue
		}
		got := make([][]byte, len(spans))
		for i, f := range spans {
			got[i] = []byte(c.in[f.start:f.end])
		}
		if !equalFields(got, want) {
			t.Errorf("splitPlain(%q) = %q; splitQuoted %q", c.in, got, want)
		}
	}
	// Quotes, separators and fields across eight-byte words.
	for k := 50; k < 140; k++ {
		for _, tail := range []string{`,"a,b",c,"d"`, `,"","x,y",`, `,"ab"c`, `,"a""b"`, `,"a`, `x,y,"z"`} {
			line := []byte(strings.Repeat("x", k) + tail + strings.Repeat(",7", k%5))
			spans, ok := splitPlain(nil, line)
			var scratch []byte
			want, wok := splitQuoted(nil, &scratch, line)
			plain := wok && !strings.Contains(tail, `a""b`) // a doubled quote inside a field
			if ok != plain {
				t.Errorf("splitPlain(%q) ok = %v; want %v", line, ok, plain)
				continue
			}
			got := make([][]byte, len(spans))
			for i, f := range spans {
				got[i] = line[f.start:f.end]
			}
			if ok && !equalFields(got, want) {
				t.Errorf("splitPlain(%q) = %q; splitQuoted %q", line, got, want)
			}
		}
	}
}

func TestNewSchema(t *testing.T) {
	hdr := func(s string) []string { return strings.Split(s, ",") }
	s, err := NewSchema(FormatCSV, hdr("Time,MMSI,Latitude_degrees,Longitude_degrees,COG_degrees,SOG_knots"), "")
	if err != nil || s.Col[FieldTime] != 0 || s.Col[FieldSOG] != 5 || s.Unit[FieldSOG] != UnitKnots || s.Col[FieldCOG] != 4 {
		t.Fatalf("solent header: %+v, %v", s, err)
	}
	auck := hdr("mmsi,timestamp_utc,lat,lon,sog_kn,cog_deg,heading,nav_status,rot_raw,speed_raw,course_raw,shipname,callsign,destination,objectid,first_seen_in_snapshot_utc,coord_from_epsg3857")
	s, err = NewSchema(FormatCSV, auck, "")
	if err != nil || s.Col[FieldSOG] != 4 || s.Col[FieldCOG] != 5 || s.Col[FieldName] != 11 || s.Col[FieldStatus] != 7 {
		t.Fatalf("auckland header: %+v, %v", s, err)
	}
	s, err = NewSchema(FormatCSV, auck, "sog=speed_raw:0.1kn")
	if err != nil || s.Col[FieldSOG] != 9 || s.Unit[FieldSOG] != UnitDeciKnots {
		t.Fatalf("--columns sog=speed_raw:0.1kn: %+v, %v", s, err)
	}
	_, err = NewSchema(FormatCSV, hdr("mmsi,time,lat,longitude_deg"), "")
	if err != nil {
		t.Fatalf("lon with unit: %v", err)
	}
	_, err = NewSchema(FormatCSV, hdr("mmsi,time,lat"), "")
	if !errors.Is(err, ErrMissingColumn) || !strings.Contains(err.Error(), `"lon"`) {
		t.Errorf("missing lon: got %v; want ErrMissingColumn naming lon", err)
	}
	_, err = NewSchema(FormatCSV, hdr("mmsi,time,lat,lon,sog,speed"), "")
	if !errors.Is(err, ErrAmbiguousColumns) {
		t.Errorf("sog and speed: got %v; want ErrAmbiguousColumns", err)
	}
	if _, err = NewSchema(FormatCSV, hdr("mmsi,time,lat,lon,sog,speed"), "sog=speed"); err != nil {
		t.Errorf("ambiguity resolved by --columns: %v", err)
	}
	for _, bad := range []string{"sog", "speedy=sog", "sog=nosuch", "sog=sog:furlongs"} {
		if _, err := NewSchema(FormatCSV, hdr("mmsi,time,lat,lon,sog"), bad); !errors.Is(err, ErrBadColumnsFlag) {
			t.Errorf("--columns %q: got %v; want ErrBadColumnsFlag", bad, err)
		}
	}
}

func TestRowParserUnits(t *testing.T) {
	s, err := NewSchema(FormatCSV, strings.Split("mmsi,time,lat,lon,speed_raw,course_raw,heading", ","),
		"sog=speed_raw:0.1kn,cog=course_raw:0.1deg")
	if err != nil {
		t.Fatal(err)
	}
	p := NewRowParser(s)
	for _, c := range []struct {
		row      string
		sog, cog float64 // NaN = not available
		heading  int16
	}{
		{"512000001,2017-09-07T00:00:00Z,-36.8,174.7,123,2705,270", 12.3, 270.5, 270},
		{"512000001,2017-09-07T00:01:00Z,-36.8,174.7,1023,3600,511", 102.3, math.NaN(), -1}, // n/a speed stays a sentinel
		{"512000001,2017-09-07T00:01:30Z,-36.8,174.7,1024,3599,511", math.NaN(), 359.9, -1},
		{"512000001,2017-09-07T00:02:00Z,-36.8,174.7,,,", math.NaN(), math.NaN(), -1},
	} {
		var f track.Fix
		got, reason := p.Parse([]byte(c.row), &f, new(track.Identity))
		if got != RowFix || reason != ReasonNone {
			t.Fatalf("%s: got %v, %q", c.row, got, reason)
		}
		if !sameNaN(float64(f.SOG), c.sog) || !sameNaN(float64(f.COG), c.cog) || f.Heading != c.heading {
			t.Errorf("%s: sog %v cog %v heading %d; want %v %v %d", c.row, f.SOG, f.COG, f.Heading, c.sog, c.cog, c.heading)
		}
	}
}

// sameNaN compares float32-rounded values, NaN equal to NaN.
func sameNaN(got, want float64) bool {
	if math.IsNaN(want) {
		return math.IsNaN(got)
	}
	return math.Abs(got-want) < 1e-4
}

// TestMessageFixSpeedNA checks that AIS speed "not available" reaches the
// bad-fix filter as a sentinel it counts, and a real speed is kept.
func TestMessageFixSpeedNA(t *testing.T) {
	for _, c := range []struct {
		typ   uint8
		speed uint16
		want  track.Reason
	}{
		{1, ais.SpeedNA, track.ReasonSOGSentinel},
		{18, ais.SpeedNA, track.ReasonSOGSentinel},
		{27, 630, track.ReasonSOGSentinel}, // type 27: 63 kn = n/a
		{1, 1022, track.ReasonNone},        // 102.2 kn or more: a real reading
		{1, 123, track.ReasonNone},
	} {
		m := ais.Message{Type: c.typ, MMSI: 244000001}
		m.Pos = ais.Position{Speed: c.speed, Course: 900, Lat: 52 * 600000, Lon: 4 * 600000, Heading: ais.HeadingNA}
		var f track.Fix
		if r := MessageFix(&m, 1e12, track.SourceRef{Source: 1, Line: 1}, &f); r != ReasonNone {
			t.Fatalf("type %d speed %d: %v", c.typ, c.speed, r)
		}
		if got := track.CheckFix(&f); got != c.want {
			t.Errorf("type %d speed %d: SOG %v, CheckFix %v, want %v", c.typ, c.speed, f.SOG, got, c.want)
		}
	}
}

// TestIndexShort compares indexShort with bytes.IndexByte at every
// position and length, with bytes that trip the usual word tricks (the
// byte after a match, 0x80, 0x00).
func TestIndexShort(t *testing.T) {
	for _, c := range []byte{',', '"', 0, 0x80, 0xff} {
		for n := range 40 {
			for at := -1; at < n; at++ {
				b := make([]byte, n)
				for i := range b {
					b[i] = []byte{c + 1, c - 1, 0x80, 0, '-', c ^ 0x80}[i%6]
					if b[i] == c {
						b[i] = 'x'
					}
				}
				if at >= 0 {
					b[at] = c
					if at+1 < n {
						b[at+1] = c + 1
					}
					if at+2 < n {
						b[n-1] = c // a later match must not win
					}
				}
				if got, want := indexShort(b, c), bytes.IndexByte(b, c); got != want {
					t.Fatalf("indexShort(%q, %q) = %d; want %d", b, c, got, want)
				}
			}
		}
	}
}

// TestIdEntryLayout checks that an identity cache entry is two cache
// lines, everything a repeated row reads in them, the identity's pointer
// in the first.
func TestIdEntryLayout(t *testing.T) {
	if unsafe.Sizeof(uintptr(0)) != 8 {
		t.Skip("the layout is tuned for 64-bit platforms")
	}
	var e idEntry
	if size, ref := unsafe.Sizeof(e), unsafe.Offsetof(e.ref); size != 128 || ref >= 64 {
		t.Errorf("idEntry is %d bytes with ref at %d; want 128, and in the first 64", size, ref)
	}
	if end := unsafe.Offsetof(e.inl) + uintptr(len(e.inl)); end != 128 {
		t.Errorf("the inline span ends at %d; want 128 (no padding wasted)", end)
	}
}

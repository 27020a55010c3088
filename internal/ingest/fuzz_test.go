package ingest

import (
	"bytes"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/lookout-osint/lookout/internal/track"
)

// fuzzHeaders are the CSV layouts FuzzParseRow parses rows against.
var fuzzHeaders = []struct {
	format Format
	header string
}{
	{FormatMarineCadastreCSV, "MMSI,BaseDateTime,LAT,LON,SOG,COG,Heading,VesselName,IMO,CallSign,VesselType,Status,Length,Width,Draft,Cargo,TransceiverClass"},
	{FormatDMACSV, "# Timestamp,Type of mobile,MMSI,Latitude,Longitude,Navigational status,ROT,SOG,COG,Heading,IMO,Callsign,Name,Ship type,Cargo type,Width,Length,Type of position fixing device,Draught,Destination,ETA,Data source type"},
	{FormatCSV, "Time,MMSI,Latitude_degrees,Longitude_degrees,COG_degrees,SOG_knots"},
	{FormatCSV, "mmsi,timestamp_utc,lat,lon,sog_kn,cog_deg,heading,nav_status,rot_raw,speed_raw,course_raw,shipname,callsign,destination,objectid,first_seen_in_snapshot_utc,coord_from_epsg3857"},
}

// FuzzParseRow checks that no row panics the CSV row parser and that a
// fix it returns is always a usable position with values in range.
func FuzzParseRow(f *testing.F) {
	for _, path := range []string{"testdata/marinecadastre-20220103-head20.csv", "testdata/solent-20160112-head20.csv", "testdata/malformed-simulated.csv"} {
		data, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		for i, line := range bytes.Split(data, []byte{'\n'}) {
			f.Add(uint8(i%len(fuzzHeaders)), line)
		}
	}
	f.Add(uint8(1), []byte("01/06/2018 00:00:00,Class A,219000001,91.000000,181.000000,Moored,,,,,Unknown,OXYZ2,NAME,Cargo,,10,100,GPS,5.0,AARHUS,,AIS"))
	f.Fuzz(func(t *testing.T, which uint8, row []byte) {
		h := fuzzHeaders[int(which)%len(fuzzHeaders)]
		s, err := NewSchema(h.format, strings.Split(h.header, ","), "")
		if err != nil {
			t.Fatal(err)
		}
		var fix track.Fix
		var id track.Identity
		got, reason := NewRowParser(s).Parse(row, &fix, &id)
		if got == 0 && reason == ReasonNone {
			t.Fatalf("%q: nothing and no reason", row)
		}
		if got&RowFix == 0 {
			return
		}
		if fix.MMSI == 0 || fix.MMSI > 999999999 || math.Abs(fix.Lat) > 90 || math.Abs(fix.Lon) > 180 ||
			fix.Lat == 91 || fix.Lon == 181 || math.IsNaN(fix.Lat) || math.IsNaN(fix.Lon) {
			t.Fatalf("%q: bad fix %+v", row, fix)
		}
		if fix.HasSOG() && (fix.SOG < 0 || fix.SOG > 102.35) || fix.HasCOG() && (fix.COG < 0 || fix.COG >= 360) ||
			fix.Heading < -1 || fix.Heading > 359 || fix.Status > 15 {
			t.Fatalf("%q: value out of range %+v", row, fix)
		}
	})
}

// FuzzDetectFormat checks detection never panics and that NMEA is only
// claimed when a line starts like NMEA.
func FuzzDetectFormat(f *testing.F) {
	for _, s := range []string{"!AIVDM,1,1,,A,13HOI:0P0000VOHLCnHQKwvL05Ip,0*23\n", "\\si:AISD*3F\\\n",
		"# Timestamp,Type of mobile,MMSI,Latitude\n", "MMSI,BaseDateTime,LAT,LON\n", "mmsi,time\n", "\"a\nb", ""} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, head []byte) {
		got, err := DetectFormat(head)
		if (err != nil) != (got == FormatAuto) {
			t.Fatalf("got %v, %v", got, err)
		}
		if got == FormatNMEA && !bytes.ContainsAny(head, "!$\\") {
			t.Fatalf("NMEA claimed for %q", head)
		}
	})
}

// FuzzParseFloat compares the fast number parser with strconv.
func FuzzParseFloat(f *testing.F) {
	for _, s := range []string{"0", "-117.91483", "50.7730133333333", "1e5", ".5", "5.", "+1", "nan", "1..2"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := parseFloat([]byte(s))
		want, werr := strconv.ParseFloat(s, 64)
		if err == nil && werr != nil && !errorsIsRange(werr) {
			t.Fatalf("parseFloat(%q) = %v; strconv says %v", s, got, werr)
		}
		if err == nil && werr == nil && got != want && !(math.IsNaN(got) && math.IsNaN(want)) {
			t.Fatalf("parseFloat(%q) = %v; strconv %v", s, got, want)
		}
	})
}

func errorsIsRange(err error) bool {
	ne, ok := err.(*strconv.NumError)
	return ok && ne.Err == strconv.ErrRange
}

// FuzzParseTime compares the time parser with time.Parse on RFC 3339-like
// input and checks it never panics on anything.
func FuzzParseTime(f *testing.F) {
	for _, s := range []string{"2022-01-03T00:00:00", "2016-01-12 13:02:11.218", "2017-09-07T04:25:04.321Z",
		"01/06/2018 00:00:00", "20210701_185151", "1641168000", "2017-09-07T06:25:04+02:00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := parseTime([]byte(s))
		if err != nil || len(s) < 20 || s[10] != 'T' {
			return
		}
		if tt, terr := time.Parse(time.RFC3339Nano, s); terr == nil && tt.Year() >= 1970 && tt.UnixMilli() != got {
			t.Fatalf("parseTime(%q) = %d; time.Parse %d", s, got, tt.UnixMilli())
		}
	})
}

// FuzzSplitCSV checks splitCSV against a plain reference splitter (the
// straightforward one it replaced, on bytes.IndexByte).
func FuzzSplitCSV(f *testing.F) {
	for _, path := range []string{"testdata/marinecadastre-20220103-head20.csv", "testdata/malformed-simulated.csv"} {
		data, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		for _, line := range bytes.Split(data, []byte{'\n'}) {
			f.Add(line)
		}
	}
	f.Add([]byte(`"say ""hi""",x,"a""b","c,d",-1,"open`))
	f.Fuzz(func(t *testing.T, line []byte) {
		var scratch, rscratch []byte
		got, ok := splitCSV(nil, &scratch, line)
		want, wok := splitCSVRef(&rscratch, line)
		if ok != wok || ok && !equalFields(got, want) {
			t.Fatalf("%q: got %q %v; want %q %v", line, got, ok, want, wok)
		}
	})
}

func equalFields(a, b [][]byte) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !bytes.Equal(a[i], b[i]) {
			return false
		}
	}
	return true
}

// splitCSVRef is the reference: a field that starts with a quote runs to
// the next lone quote, "" inside it is a quote, and a comma or the end
// must follow it; any other field runs to the next comma.
func splitCSVRef(scratch *[]byte, line []byte) ([][]byte, bool) {
	var out [][]byte
	for {
		if len(line) > 0 && line[0] == '"' {
			var f []byte
			b := line[1:]
			for {
				i := bytes.IndexByte(b, '"')
				if i < 0 {
					return nil, false
				}
				f = append(f, b[:i]...)
				if i+1 < len(b) && b[i+1] == '"' {
					f = append(f, '"')
					b = b[i+2:]
					continue
				}
				b = b[i+1:]
				break
			}
			out = append(out, f)
			if len(b) == 0 {
				return out, true
			}
			if b[0] != ',' {
				return nil, false
			}
			line = b[1:]
			continue
		}
		i := bytes.IndexByte(line, ',')
		if i < 0 {
			return append(out, line), true
		}
		out = append(out, line[:i])
		line = line[i+1:]
	}
}

// FuzzIdentityCache parses row a and then row b with one parser, and b
// with a fresh one: the parser's caches (identity by whole span and by
// value, the date of the last time) must never change what b yields.
func FuzzIdentityCache(f *testing.F) {
	mc := "367379190,\"2022-01-03T00:00:00\",30.3706,-88.56408,0,336.2,511,\"EAGLE\",\"IMO8207721\",\"WTD4583\",31,0,28,11,3.3,52,\"A\""
	dma := "01/06/2018 00:00:00,Class A,219000001,55.1,10.2,Moored,,,,,Unknown,OXYZ2,NAME,Cargo,,10,100,GPS,5.0,AARHUS,,AIS"
	for _, c := range []struct {
		which uint8
		a, b  string
	}{
		{0, mc, mc},
		{0, mc, strings.Replace(mc, "2022-01-03T00:00:00", "2022-01-03T23:59:59.5+01:00", 1)},
		{0, mc, strings.Replace(mc, "2022-01-03T00:00:00", "2022-01-04", 1)},
		{0, mc, strings.Replace(mc, "2022-01-03T00:00:00", "2022-01-03X00:00", 1)},
		{0, mc, strings.Replace(mc, "EAGLE", "EAGLE2", 1)},
		{0, mc, strings.Replace(mc, ",0,28,", ",5,28,", 1)},           // status between static columns
		{0, mc, strings.Replace(mc, "\"EAGLE\"", "EAGLE", 1)},         // same value, unquoted
		{0, mc, strings.Replace(mc, "\"EAGLE\"", "\"EA\"\"GLE\"", 1)}, // doubled quote
		{0, mc, strings.Replace(mc, ",28,11,3.3,", ",28.0,11,3.3,", 1)},
		{0, strings.Replace(mc, "\"EAGLE\",\"IMO8207721\",\"WTD4583\",31,0,28,11,3.3", "\"\",\"\",\"\",,0,,,", 1), mc},
		{1, dma, dma},
		{1, dma, strings.Replace(dma, "Unknown", "Undefined", 1)},
		{1, dma, strings.Replace(dma, "Unknown", "9999999", 1)},
	} {
		f.Add(c.which, []byte(c.a), []byte(c.b))
	}
	f.Fuzz(func(t *testing.T, which uint8, a, b []byte) {
		h := fuzzHeaders[int(which)%len(fuzzHeaders)]
		s, err := NewSchema(h.format, strings.Split(h.header, ","), "")
		if err != nil {
			t.Fatal(err)
		}
		p := NewRowParser(s)
		var fix, freshFix track.Fix
		var id, fresh track.Identity
		p.Parse(a, &fix, &id)
		got, reason := p.Parse(b, &fix, &id)
		want, wreason := NewRowParser(s).Parse(b, &freshFix, &fresh)
		if got != want || reason != wreason {
			t.Fatalf("after %q, %q gives %v %v; alone %v %v", a, b, got, reason, want, wreason)
		}
		if got&RowFix != 0 && (fix.Time != freshFix.Time || fix.MMSI != freshFix.MMSI || fix.Lat != freshFix.Lat || fix.Lon != freshFix.Lon) {
			t.Fatalf("after %q, %q gives %+v; alone %+v", a, b, fix, freshFix)
		}
		if got&RowIdentity != 0 && (!sameIdentity(&id, &fresh) || id.From != fresh.From || id.To != fresh.To) {
			t.Fatalf("after %q, %q gives %+v; alone %+v", a, b, id, fresh)
		}
	})
}

package ingest

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lookout-osint/lookout/internal/track"
)

// runIngest ingests paths into a fresh MemSink.
func runIngest(t *testing.T, opt Options, paths ...string) (*MemSink, *Stats, error) {
	t.Helper()
	in, err := ExpandInputs(paths)
	if err != nil {
		t.Fatal(err)
	}
	sink := &MemSink{}
	g, err := New(sink, opt)
	if err != nil {
		t.Fatal(err)
	}
	st, err := g.Run(context.Background(), in)
	return sink, st, err
}

func TestMarineCadastreExcerpt(t *testing.T) {
	sink, st, err := runIngest(t, Options{}, "testdata/marinecadastre-20220103-head20.csv")
	if err != nil {
		t.Fatal(err)
	}
	if st.Rows != 20 || st.Fixes != 20 || st.Identities != 20 || st.BadTotal() != 0 || sink.RawLines != 21 {
		t.Fatalf("rows %d fixes %d ids %d bad %d raw %d; want 20 20 20 0 21", st.Rows, st.Fixes, st.Identities, st.BadTotal(), sink.RawLines)
	}
	// Row 2 of the file (line 3): EAGLE, IMO8207721, WTD4583, type 31, 28 x 11 m, 3.3 m, class A.
	var eagle *track.Identity
	for i := range sink.Identities {
		if sink.Identities[i].MMSI == 367379190 {
			eagle = &sink.Identities[i]
		}
	}
	if eagle == nil || eagle.Name != "EAGLE" || eagle.IMO != 8207721 || eagle.Callsign != "WTD4583" ||
		eagle.ShipType != 31 || eagle.ToBow != 28 || eagle.ToPort != 11 || eagle.Draught != 3.3 || eagle.Src.Line != 3 {
		t.Errorf("EAGLE identity: %+v", eagle)
	}
	for _, a := range sink.Fixes {
		if a.Fix.MMSI == 367379190 {
			f := a.Fix
			if f.Class != track.ClassA || f.Status != 0 || f.Heading != -1 || f.COG != 336.2 || f.SOG != 0 || f.Lat != 30.3706 || f.Src.Line != 3 {
				t.Errorf("EAGLE fix: %+v", f)
			}
		}
	}
}

func TestMalformedRowsCounted(t *testing.T) {
	sink, st, err := runIngest(t, Options{}, "testdata/malformed-simulated.csv")
	if err != nil {
		t.Fatal(err)
	}
	name := filepath.Join("testdata", "malformed-simulated.csv")
	want := map[Reason]string{
		ReasonColumns:    name + ":3",
		ReasonMMSI:       name + ":4",
		ReasonTime:       name + ":5",
		ReasonLatLon:     name + ":6",
		ReasonOutOfRange: name + ":8",
		ReasonQuote:      name + ":9",
		ReasonEmptyRow:   name + ":10",
	}
	for r, loc := range want {
		bc := st.Bad[r]
		if bc == nil || bc.N != 1 || bc.First[0] != loc {
			t.Errorf("%s: got %+v; want 1 at %s", r, bc, loc)
		}
	}
	// Lines 6, 7 and 8 have a bad or placeholder position but good static
	// columns: they repeat line 2's identity, which then spans 00:00..00:06.
	if st.Fixes != 2 || len(sink.Fixes) != 2 || st.Identities != 2 {
		t.Fatalf("fixes %d (kept %d), identities %d; want 2, 2, 2", st.Fixes, len(sink.Fixes), st.Identities)
	}
	caz := sink.Identities[0]
	if caz.Name != "CAZADOR" || caz.Src.Line != 2 || caz.To-caz.From != 6*60*1000 {
		t.Errorf("CAZADOR identity %+v; want lines 2..8, 6 minutes", caz)
	}
}

func TestMissingColumnIsClearError(t *testing.T) {
	p := filepath.Join(t.TempDir(), "nolon.csv")
	os.WriteFile(p, []byte("mmsi,time,lat,sog\n235070762,2016-01-12 13:02:11,50.77,5.9\n"), 0o644)
	_, st, err := runIngest(t, Options{}, p)
	if !errors.Is(err, ErrMissingColumn) || !strings.Contains(err.Error(), "nolon.csv") || len(st.Refused) != 1 {
		t.Fatalf("got %v (refused %d); want ErrMissingColumn naming the file", err, len(st.Refused))
	}
	// With --format csv forced the header is still checked.
	if _, _, err = runIngest(t, Options{Format: FormatCSV}, p); !errors.Is(err, ErrMissingColumn) {
		t.Fatalf("forced csv: got %v", err)
	}
}

func TestTruncatedGzip(t *testing.T) {
	raw, err := os.ReadFile("testdata/solent-20160112-head20.csv")
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "cut.csv.gz")
	var whole bytes.Buffer
	zw := gzip.NewWriter(&whole)
	zw.Write(raw)
	for range 3000 { // several chunks of text, so part of it is committed
		zw.Write(raw[bytes.IndexByte(raw, '\n')+1:])
	}
	zw.Close()
	os.WriteFile(p, whole.Bytes()[:whole.Len()*2/3], 0o644)
	sink, st, err := runIngest(t, Options{}, p)
	if err == nil || !strings.Contains(err.Error(), "cut.csv.gz") || !strings.Contains(err.Error(), "committed") {
		t.Fatalf("got %v; want an error naming the file and what was committed", err)
	}
	if len(sink.Ended) != 0 {
		t.Errorf("a truncated source was marked complete")
	}
	if st.Lines == 0 || sink.RawLines != st.Lines || len(sink.Fixes) == 0 {
		t.Errorf("lines %d, raw %d, fixes %d: the part before the cut should be committed", st.Lines, sink.RawLines, len(sink.Fixes))
	}
}

func TestIdempotentAndStdin(t *testing.T) {
	path := "testdata/solent-20160112-head20.csv"
	in, _ := ExpandInputs([]string{path, path})
	sink := &MemSink{}
	g, _ := New(sink, Options{})
	st, err := g.Run(context.Background(), in)
	if err != nil || st.Inputs != 2 || len(st.Skipped) != 1 || len(sink.Ended) != 1 || st.Fixes != 20 {
		t.Fatalf("same file twice in one run: skipped %v, ended %d, fixes %d, %v", st.Skipped, len(sink.Ended), st.Fixes, err)
	}
	g2, _ := New(sink, Options{})
	st, err = g2.Run(context.Background(), in[:1])
	if err != nil || len(st.Skipped) != 1 || st.Lines != 0 {
		t.Fatalf("second run: skipped %v lines %d err %v; want the source skipped", st.Skipped, st.Lines, err)
	}
	data, _ := os.ReadFile(path)
	sink3 := &MemSink{}
	g3, _ := New(sink3, Options{Stdin: bytes.NewReader(data)})
	st, err = g3.Run(context.Background(), []Input{{Name: StdinName, Size: -1}})
	if err != nil || st.Fixes != 20 || sink3.Sources[0].Name != "-" || sink3.Sources[0].Hash != sink.Sources[0].Hash {
		t.Fatalf("stdin: fixes %d err %v sources %+v", st.Fixes, err, sink3.Sources)
	}
}

func TestNMEAWithoutTime(t *testing.T) {
	p := filepath.Join(t.TempDir(), "notime.nmea")
	lines := "!AIVDM,1,1,,A,13HOI:0P0000VOHLCnHQKwvL05Ip,0*23\n!AIVDM,1,1,,A,133sVfPP00PD>hRMDH@jNOvN20S8,0*7F\n"
	os.WriteFile(p, []byte(lines), 0o644)
	sink, _, err := runIngest(t, Options{}, p)
	if !errors.Is(err, ErrNoTime) || len(sink.Fixes) != 0 {
		t.Fatalf("got %v, %d fixes; want ErrNoTime and nothing stored", err, len(sink.Fixes))
	}
	const start int64 = 1700000000000
	sink, st, err := runIngest(t, Options{TimeFromFileStart: start}, p)
	if err != nil || st.Fixes != 2 {
		t.Fatalf("with --time-from-file-start: %v, %d fixes", err, st.Fixes)
	}
	for _, a := range sink.Fixes {
		if a.Fix.Time != start {
			t.Errorf("fix time %d; want %d", a.Fix.Time, start)
		}
	}
	// $GPRMC context gives the time of the messages after it.
	rmc := "$GPRMC,123519.50,A,4807.038,N,01131.000,E,022.4,084.4,230394,003.1,W*41\n"
	os.WriteFile(p, []byte(rmc+lines), 0o644)
	sink, st, err = runIngest(t, Options{}, p)
	if err != nil || st.Fixes != 2 || sink.Fixes[0].Fix.Time != 764426119500 {
		t.Fatalf("with $GPRMC: %v, %d fixes, %+v", err, st.Fixes, sink.Fixes)
	}
}

func TestParseRMC(t *testing.T) {
	got, ok := parseRMC([]byte("$GPRMC,123519.50,A,4807.038,N,01131.000,E,022.4,084.4,230394,003.1,W*41"))
	if !ok || got != 764426119500 { // 1994-03-23T12:35:19.5Z
		t.Fatalf("got %d, %v", got, ok)
	}
	for _, bad := range []string{
		"$GPRMC,123519,V,4807.038,N,01131.000,E,022.4,084.4,230394,003.1,W*7D",    // void fix
		"$GPRMC,123519.50,A,4807.038,N,01131.000,E,022.4,084.4,230394,003.1,W*00", // checksum
		"$GPRMC,1235,A*00", "$GPGGA,123519,4807.038,N*00",
	} {
		if _, ok := parseRMC([]byte(bad)); ok {
			t.Errorf("parseRMC(%q) accepted", bad)
		}
	}
}

func TestSafeNMEACut(t *testing.T) {
	one := []byte("!AIVDM,1,1,,A,13HOI:0P0000VOHLCnHQKwvL05Ip,0*23")
	first := []byte("!AIVDM,2,1,3,A,56=nR7D00003A<I@E=@TmDh637OS60mA:222220N1@6427?P00888888,0*66")
	second := []byte(`\g:2-2-1278*51\!AIVDM,2,2,3,A,888888888888880,2*27`)
	for _, c := range []struct {
		prev, next []byte
		want       bool
	}{
		{one, one, true},
		{one, first, true},
		{first, second, false},
		{one, second, false},
		{second, one, true},
		{[]byte(`\si:AISD*3F\`), one, false},
		{[]byte("$PGHP,1,2013,11,12,12,0,0,11,219,,2190067,1,62*26"), one, false},
		{[]byte("# comment"), []byte(`\si:AISD*3F\`), true},
	} {
		if got := safeNMEACut(c.prev, c.next); got != c.want {
			t.Errorf("safeNMEACut(%q, %q) = %v; want %v", c.prev, c.next, got, c.want)
		}
	}
}

func TestChangedWhileRead(t *testing.T) {
	p := filepath.Join(t.TempDir(), "grow.csv")
	os.WriteFile(p, []byte("mmsi,time,lat,lon\n"), 0o644)
	o, err := openInput(p)
	if err != nil {
		t.Fatal(err)
	}
	defer o.closer.Close()
	if o.changed(p) {
		t.Fatal("unchanged file reported as changed")
	}
	f, _ := os.OpenFile(p, os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString("235070762,2016-01-12 13:02:11,50.77,-1.09\n")
	f.Close()
	if !o.changed(p) {
		t.Fatal("appended file not reported as changed")
	}
}

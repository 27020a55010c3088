package watch

import (
	"compress/gzip"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/lookout-osint/lookout/internal/shareddata"
	"github.com/lookout-osint/lookout/internal/track"
)

const sdnPath = "../../examples/lists/ofac-sdn-2024-05-03.csv.gz"

func loadFile(t *testing.T, path string) *List {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	l, err := ParseList(f, path)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func TestOFACSDNRealSnapshot(t *testing.T) {
	l := loadFile(t, sdnPath)
	if l.Format != FormatOFACSDN {
		t.Fatalf("format %q", l.Format)
	}
	if len(l.Problems) != 0 {
		t.Errorf("problems in a clean file: %v", l.Problems[:min(3, len(l.Problems))])
	}
	if len(l.Entries) != 14965 {
		t.Errorf("records: got %d; want 14965 (SOURCE.md)", len(l.Entries))
	}
	v, imo, mmsi := l.Vessels()
	// SOURCE.md and the issue say 842 vessels with an IMO: that count used a
	// single-space pattern and misses CHIZHOVKA (IMO  8730455) and MEKHANIK
	// BRILIN (IMO  8904408), whose remarks have two spaces after "IMO".
	if v != 851 || imo != 844 || mmsi != 154 {
		t.Errorf("vessels/imo/mmsi: got %d/%d/%d; want 851/844/154", v, imo, mmsi)
	}
	for _, want := range []uint32{8730455, 8904408} {
		if !hasIMO(l, want) {
			t.Errorf("IMO %d (double-spaced in the remarks) not parsed", want)
		}
	}
	var angara *Entry
	for i := range l.Entries {
		if l.Entries[i].IMO == 9179842 {
			angara = &l.Entries[i]
		}
	}
	if angara == nil || angara.Name != "ANGARA" || angara.Flag != "Russia" ||
		len(angara.Programs) != 1 || angara.Programs[0] != "RUSSIA-EO14024" || angara.Line == 0 {
		t.Fatalf("ANGARA entry: %+v", angara)
	}
}

func hasIMO(l *List, imo uint32) bool {
	for _, e := range l.Entries {
		if e.IMO == imo {
			return true
		}
	}
	return false
}

func TestOFACRemarksAndPrograms(t *testing.T) {
	const rec = `15036,"ARTAVIL","vessel","IRAN] [SDGT",-0- ,"T2EU4","Crude/Oil Products Tanker","99,144","56,068","Iran",-0- ,"Vessel Registration Identification IMO 9187629; MMSI 572469210; f.k.a. 'ALPHA'; Linked To: NATIONAL IRANIAN TANKER COMPANY."` + "\r\n\x1a"
	l, err := ParseOFACSDN(strings.NewReader(rec), "t.csv")
	if err != nil || len(l.Entries) != 1 || len(l.Problems) != 0 {
		t.Fatalf("got %+v, %v", l, err)
	}
	e := l.Entries[0]
	if e.IMO != 9187629 || e.MMSI != 572469210 || e.Callsign != "T2EU4" ||
		strings.Join(e.Programs, "|") != "IRAN|SDGT" || len(e.Aliases) != 1 || e.Aliases[0] != "ALPHA" ||
		e.Note != "Linked to NATIONAL IRANIAN TANKER COMPANY" {
		t.Errorf("got %+v", e)
	}
}

func TestOFACMalformedRowsCounted(t *testing.T) {
	in := "1,\"A\",\"vessel\",\"X\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,\"IMO 1234567\"\n" +
		"2,\"short row\"\n" +
		"x,\"B\",\"vessel\",\"X\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \n"
	l, err := ParseOFACSDN(strings.NewReader(in), "bad.csv")
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Entries) != 1 || len(l.Problems) != 2 {
		t.Fatalf("entries %d problems %v", len(l.Entries), l.Problems)
	}
	if l.Problems[0].Line != 2 || l.Problems[1].Line != 3 || !strings.Contains(l.Problems[0].Error(), "bad.csv:2:") {
		t.Errorf("problem lines: %v", l.Problems)
	}
}

func TestUNSCRealSnapshot(t *testing.T) {
	p := shareddata.Path(t, "ref/un-sc-consolidated/consolidated.xml.gz")
	l := loadFile(t, p)
	ind, ent, imo := 0, 0, 0
	for _, e := range l.Entries {
		switch e.Kind {
		case "individual":
			ind++
		case "entity":
			ent++
		}
		if e.IMO != 0 {
			imo++
		}
	}
	if ind != 709 || ent != 305 || imo != 3 {
		t.Errorf("individuals/entities/with IMO: %d/%d/%d; want 709/305/3", ind, ent, imo)
	}
	if l.Published.Format("2006-01-02") != "2020-03-20" {
		t.Errorf("published %v", l.Published)
	}
}

func TestUNSCMalformedIsPositionedError(t *testing.T) {
	_, err := ParseList(strings.NewReader("<CONSOLIDATED_LIST>\n<INDIVIDUALS>\n<oops"), "bad.xml")
	var pe *ParseError
	if !errors.As(err, &pe) || pe.Line < 2 {
		t.Fatalf("got %v; want a ParseError with a line", err)
	}
}

func TestWatchlistCSV(t *testing.T) {
	in := "name,imo,note,mmsi\n" +
		"ANGARA,9179842,seed case,\n" +
		"typo,9179843,check digit wrong,\n" +
		"BAD,12ab,,\n" +
		",,,\n" +
		"SOME SHIP,,,273123456\n"
	l, err := ParseList(strings.NewReader(in), "mine.csv")
	if err != nil {
		t.Fatal(err)
	}
	if l.Format != FormatWatchlist || len(l.Entries) != 4 {
		t.Fatalf("format %s entries %d", l.Format, len(l.Entries))
	}
	lines := []int{}
	for _, p := range l.Problems {
		lines = append(lines, p.Line)
	}
	if len(lines) != 3 || lines[0] != 3 || lines[1] != 4 || lines[2] != 5 {
		t.Errorf("problem lines %v; want [3 4 5]: %v", lines, l.Problems)
	}
	if l.Entries[3].MMSI != 273123456 || l.Entries[0].IMO != 9179842 {
		t.Errorf("entries %+v", l.Entries)
	}
}

func TestUnknownFormat(t *testing.T) {
	_, err := ParseList(strings.NewReader("hello world\n"), "x.txt")
	if !errors.Is(err, ErrUnknownFormat) || !strings.Contains(err.Error(), "OFAC SDN") {
		t.Fatalf("got %v", err)
	}
}

func TestValidIMO(t *testing.T) {
	for _, n := range []uint32{9179842, 8517839, 9161003, 9358010, 7937317} {
		if !ValidIMO(n) {
			t.Errorf("%d: want valid", n)
		}
	}
	for _, n := range []uint32{9179843, 123, 0} {
		if ValidIMO(n) {
			t.Errorf("%d: want invalid", n)
		}
	}
}

func TestNameKeys(t *testing.T) {
	same := [][2]string{
		{"M/V Maia-1", "MAIA 1"}, {"MV ANGARA", "angara"}, {"SPARTA IV", "Sparta 4"},
		{"MAIA ONE", "MAIA-1"}, {"M.T. Chon Ma San", "CHON MA SAN"},
	}
	for _, p := range same {
		if NameKey(p[0]) != NameKey(p[1]) {
			t.Errorf("NameKey(%q)=%q != NameKey(%q)=%q", p[0], NameKey(p[0]), p[1], NameKey(p[1]))
		}
	}
	if NameKey("MAYA 1") == NameKey("MAIA-1") {
		t.Error("spelling variants must not share a NameKey")
	}
	if SoundKey(NameKey("MAYA 1")) != SoundKey(NameKey("MAIA-1")) {
		t.Error("MAYA 1 and MAIA-1 should share a SoundKey")
	}
	if NameKey("MV") != "MV" {
		t.Error("a lone prefix is a name")
	}
}

func TestScreenIdentityHistory(t *testing.T) {
	l := loadFile(t, sdnPath)
	s := NewScreener(l)
	ids := []track.Identity{
		// ANGARA renamed itself; still matches on IMO in both identities.
		{MMSI: 273000001, IMO: 9179842, Name: "ANGARA", From: 1000, To: 2000, Src: track.SourceRef{Source: 1, Line: 7}},
		{MMSI: 273000001, IMO: 9179842, Name: "HAI RUI", From: 3000, To: 4000},
		// A vessel using a listed name without a listed IMO.
		{MMSI: 273000002, Name: "MAYA 1", From: 10, To: 20},
		// Nothing to do with any list.
		{MMSI: 273000003, IMO: 9999999, Name: "ORDINARY TRADER", From: 10, To: 20},
	}
	ms := s.Screen(ids)
	var kinds []string
	for _, m := range ms {
		kinds = append(kinds, m.Kind+":"+m.Entry.Name+":"+m.Name)
	}
	want := []string{"imo:ANGARA:ANGARA", "imo:ANGARA:HAI RUI", "name_variant:MAIA-1:MAYA 1"}
	if strings.Join(kinds, ",") != strings.Join(want, ",") {
		t.Fatalf("matches %v; want %v", kinds, want)
	}
	if ms[0].Score != 1 || ms[2].Score >= ms[0].Score || ms[0].ValidFrom != 1000 || ms[0].ValidTo != 2000 {
		t.Errorf("scores/validity: %+v", ms[0])
	}
	evs := MatchEvents(ms, 5)
	if len(evs) != 3 || evs[0].Type != "sanctions_match" || len(evs[0].Evidence) != 1 || evs[0].Evidence[0].Line != 7 {
		t.Fatalf("events %+v", evs)
	}
	if evs[0].ID == evs[1].ID || MatchEvents(ms, 9)[0].ID != evs[0].ID {
		t.Error("event ids must differ per identity and be stable across runs")
	}
}

func TestScreenMMSIAndNoDoubleNameMatch(t *testing.T) {
	l := loadFile(t, sdnPath)
	s := NewScreener(l)
	// ARTAVIL is listed with MMSI 572469210 and IMO 9187629.
	ms := s.Screen([]track.Identity{{MMSI: 572469210, IMO: 9187629, Name: "ARTAVIL"}})
	got := map[string]int{}
	for _, m := range ms {
		got[m.Kind]++
	}
	if got[MatchIMO] != 1 || got[MatchMMSI] != 1 || got[MatchName] != 0 || got[MatchSound] != 0 {
		t.Fatalf("got %v", got)
	}
}

func FuzzParseList(f *testing.F) {
	fh, err := os.Open(sdnPath)
	if err == nil {
		zr, _ := gzip.NewReader(fh)
		buf := make([]byte, 4000)
		n, _ := zr.Read(buf)
		f.Add(buf[:n])
		fh.Close()
	}
	f.Add([]byte("imo,mmsi,name,note\n9179842,,ANGARA,x\n"))
	f.Add([]byte(`<CONSOLIDATED_LIST dateGenerated="2020-03-20T19:09:21.822-04:00"><ENTITIES><ENTITY><FIRST_NAME>X</FIRST_NAME><COMMENTS1>IMO Number: 1790183</COMMENTS1></ENTITY></ENTITIES></CONSOLIDATED_LIST>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		l, err := ParseList(strings.NewReader(string(data)), "fuzz")
		if err == nil && l == nil {
			t.Fatal("nil list without error")
		}
		if l != nil {
			for _, e := range l.Entries {
				NameKey(e.Name)
			}
		}
	})
}

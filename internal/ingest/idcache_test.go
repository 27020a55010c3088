package ingest

import (
	"strings"
	"testing"

	"github.com/lookout-osint/lookout/internal/track"
)

// TestIDCache inserts MMSIs that share home slots and that make the table
// grow, and checks that every one keeps its entry and only new ones are
// reported new.
func TestIDCache(t *testing.T) {
	for _, tc := range []struct {
		name  string
		mmsis func(i int) uint32
		n     int
	}{
		{"consecutive", func(i int) uint32 { return 366000000 + uint32(i) }, 5000},
		{"one home slot", func(i int) uint32 { return 1 + uint32(i)<<22 }, 200}, // same low bits
		{"spread", func(i int) uint32 { return uint32(i)*7919 + 201000000 }, 20000},
		{"max", func(i int) uint32 { return 999999999 - uint32(i) }, 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var c idCache
			idx := map[uint32]int32{}
			for round := range 3 {
				for i := range tc.n {
					m := tc.mmsis(i)
					e, known := c.get(m)
					if want, ok := idx[m]; known != ok || ok && e != want {
						t.Fatalf("round %d: get(%d) = %d, %v; want %d, %v", round, m, e, known, want, ok)
					}
					idx[m] = e
					if c.entries[e].mmsi != m {
						t.Fatalf("get(%d) gave the entry of %d", m, c.entries[e].mmsi)
					}
				}
			}
			if len(c.entries) != len(idx) || 4*len(c.entries) > 3*len(c.table) {
				t.Fatalf("%d entries for %d MMSIs, table %d", len(c.entries), len(idx), len(c.table))
			}
		})
	}
}

// TestPeekMMSI checks that the MMSI a worker reads ahead of parsing a row
// (to prefetch its cache entry) is the one parsing the row finds, for
// the MMSI in the first column and after others, quoted or not.
func TestPeekMMSI(t *testing.T) {
	for _, tc := range []struct {
		h    int // index in fuzzHeaders
		rows []string
	}{
		{0, []string{
			`367379190,"2022-01-03T00:00:00",30.3706,-88.56408,0,336.2,511,"EAGLE","IMO8207721","WTD4583",31,0,28,11,3.3,52,"A"`,
			`"338148873","2022-01-03T00:00:00",33.60716,-117.91483,0,280,511,"CAZADOR","","",37,,14,,,,"B"`}},
		{1, []string{
			"01/06/2018 00:00:00,Class A,219000001,55.1,10.2,Moored,,,,,Unknown,OXYZ2,NAME,Cargo,,10,100,GPS,5.0,AARHUS,,AIS"}},
		{2, []string{"2016-01-12 13:02:11,235070762,50.77,-1.3,10,5.9"}},
	} {
		h := fuzzHeaders[tc.h]
		s, err := NewSchema(h.format, strings.Split(h.header, ","), "")
		if err != nil {
			t.Fatal(err)
		}
		p := NewRowParser(s)
		for _, row := range tc.rows {
			var fix track.Fix
			var id track.Identity
			got, reason := p.Parse([]byte(row), &fix, &id)
			if got&RowFix == 0 {
				t.Fatalf("%q: no fix (%v)", row, reason)
			}
			if m := p.peekDigits([]byte(row)).m; m != fix.MMSI {
				t.Errorf("peekDigits(%q).m = %d; the row's MMSI is %d", row, m, fix.MMSI)
			}
		}
	}
}

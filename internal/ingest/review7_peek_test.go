package ingest

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/lookout-osint/lookout/internal/track"
)

// review7Row is one random CSV row of a fleet of many vessels (enough to
// make the identity cache's table grow within a chunk), with the MMSI
// written as a real export would and as a broken one might: quoted,
// padded, with a leading zero, too long; and, in the DMA layout, a quoted
// comma before the MMSI column that makes peekDigits read another
// vessel's MMSI from the wrong column (layout 2, a name first).
func review7Row(rng *rand.Rand, layout, fleet int) string {
	mmsi := 211000000 + rng.IntN(fleet)
	other := 211000000 + rng.IntN(fleet)
	m := fmt.Sprint(mmsi)
	switch rng.IntN(12) {
	case 0:
		m = `"` + m + `"`
	case 1:
		m = " " + m
	case 2:
		m = m + " "
	case 3:
		m = "0" + m // ten digits, the same vessel
	case 4:
		m = m + "7" // ten digits: not an MMSI
	}
	names := []string{"ALPHA", "BRAVO", "CHARLIE", ""}
	name := names[rng.IntN(len(names))]
	sec := rng.IntN(86400)
	lat, lon := 30+rng.Float64(), -88+rng.Float64()
	switch layout {
	case 2:
		if rng.IntN(3) == 0 {
			name = fmt.Sprintf(`"X,%d"`, other) // peekDigits counts this comma, reads other
		}
		return fmt.Sprintf("%s,%s,2022-01-03T%02d:%02d:%02d,%.5f,%.5f,CALL%d\n", name, m, sec/3600, sec/60%60, sec%60, lat, lon, rng.IntN(2))
	case 1:
		typ := "Class A"
		if rng.IntN(8) == 0 {
			typ = fmt.Sprintf(`"A,%d"`, other) // not a vessel, but peeked wrong
		}
		return fmt.Sprintf("03/01/2022 %02d:%02d:%02d,%s,%s,%.5f,%.5f,Moored,,,,,Unknown,OXYZ2,%s,Cargo,,10,100,GPS,5.0,AARHUS,,AIS\n",
			sec/3600, sec/60%60, sec%60, typ, m, lat, lon, name)
	}
	return fmt.Sprintf("%s,2022-01-03T%02d:%02d:%02d,%.5f,%.5f,0,336.2,511,%s,IMO8207721,WTD4583,31,0,28,11,3.3,52,A\n",
		m, sec/3600, sec/60%60, sec%60, lat, lon, name)
}

// TestReview7WorkerMatchesParse is a differential test of the CSV
// worker's lookahead (the peeked MMSI and the identity cache entry it
// found, which the row then uses without a lookup) against Parse, which
// peeks nothing: random chunks of 1 to 40 rows (the ring of idAhead lines
// wraps; short chunks leave entries unpeeked) of many vessels must give
// the same fixes and the same identity per row, in three layouts.
func TestReview7WorkerMatchesParse(t *testing.T) {
	defer func(f bool) { foldIdentities = f }(foldIdentities)
	foldIdentities = false // one record per identity row, to compare row by row
	layouts := append(fuzzHeaders[:2:2], struct {
		format Format
		header string
	}{FormatCSV, "shipname,mmsi,timestamp_utc,lat,lon,callsign"})
	for k, h := range layouts {
		s, err := NewSchema(h.format, strings.Split(h.header, ","), "")
		if err != nil {
			t.Fatal(err)
		}
		rng := rand.New(rand.NewPCG(uint64(k), 99))
		w := &csvWorker{p: NewRowParser(s), source: 1}
		alone := NewRowParser(s)
		line := uint32(2)
		rows, ids := 0, 0
		for range 400 {
			n := 1 + rng.IntN(40)
			var text strings.Builder
			var lines []string
			for range n {
				r := review7Row(rng, k, 3000)
				lines = append(lines, r)
				text.WriteString(r)
			}
			res := &result{}
			w.parse(&chunk{first: line, lines: uint32(n), data: []byte(text.String())}, res)
			fi, ri := 0, 0
			for j, l := range lines {
				var fix track.Fix
				var id track.Identity
				got, reason := alone.Parse([]byte(strings.TrimSuffix(l, "\n")), &fix, &id)
				at := line + uint32(j)
				if got&RowFix != 0 {
					fix.Src = track.SourceRef{Source: 1, Line: at}
					if fi >= len(res.fixes) || !review7SameFix(res.fixes[fi], fix) {
						t.Fatalf("%s line %d %q: worker fix %d of %d differs from Parse's %+v (%v)", h.format, at, l, fi, len(res.fixes), fix, reason)
					}
					fi++
				}
				if got&RowIdentity != 0 {
					ids++
					if ri >= len(res.refs) {
						t.Fatalf("%s line %d %q: the worker has no identity for the row", h.format, at, l)
					}
					r := res.refs[ri]
					if r.line != at || r.mmsi != id.MMSI || r.from != id.From || r.to != id.To || !sameIdentity(&r.id.Identity, &id) {
						t.Fatalf("%s line %d %q: worker identity %+v (line %d, mmsi %d) differs from Parse's %+v", h.format, at, l, r.id.Identity, r.line, r.mmsi, id)
					}
					ri++
				}
			}
			if fi != len(res.fixes) || ri != len(res.refs) {
				t.Fatalf("%s chunk at line %d: worker %d fixes %d identities, Parse %d %d", h.format, line, len(res.fixes), len(res.refs), fi, ri)
			}
			rows += n
			line += uint32(n)
		}
		if ids < rows/3 || len(w.p.ids.entries) < 2000 {
			t.Fatalf("%s: %d identities of %d rows, %d cache entries: the test tests little", h.format, ids, rows, len(w.p.ids.entries))
		}
		t.Logf("%s: %d rows, %d identities, %d cache entries", h.format, rows, ids, len(w.p.ids.entries))
	}
}

// review7SameFix compares fixes field by field, NaN speeds and courses
// by their bits.
func review7SameFix(a, b track.Fix) bool {
	same := math.Float32bits(a.SOG) == math.Float32bits(b.SOG) && math.Float32bits(a.COG) == math.Float32bits(b.COG)
	a.SOG, a.COG, b.SOG, b.COG = 0, 0, 0, 0
	return same && a == b
}

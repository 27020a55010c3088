package ingest

import (
	"strings"
	"testing"

	"github.com/lookout-osint/lookout/internal/track"
)

// dmaStatusRows are the header and the first data rows of the real DMA
// aisdk capture in shared/data/ais/dma-aisdk-header/aisdk_header.csv
// (2018-06-01): the navigational status is a text, as in every aisdk file.
const dmaStatusRows = `# Timestamp,Type of mobile,MMSI,Latitude,Longitude,Navigational status,ROT,SOG,COG,Heading,IMO,Callsign,Name,Ship type,Cargo type,Width,Length,Type of position fixing device,Draught,Destination,ETA,Data source type
01/06/2018 00:00:00,Class A,215810000,55.921028,17.320418,Constrained by her draught,0.0,12.5,255.5,256,Unknown,,,Undefined,,,,Undefined, , , ,AIS
01/06/2018 00:00:00,Class A,219014851,55.075200,8.341003,Under way using engine,0.0,3.2,190.1,196,Unknown,,,Undefined,,,,Undefined,,,,AIS
01/06/2018 00:00:00,Class A,220012000,56.590177,11.830633,Unknown value,0.0,2.5,182.5,181,Unknown,,,Undefined,,,,Undefined,,,,AIS
01/06/2018 00:00:00,Class A,219937000,55.055665,10.614965,Moored,,0.0,260.3,,Unknown,,,Undefined,,,,Undefined,,,,AIS
01/06/2018 00:00:00,Class A,245473000,57.463773,9.310130,Engaged in fishing,,5.9,227.1,,Unknown,,,Undefined,,,,Undefined,,,,AIS`

// TestDMAStatusRowNoAllocs: a DMA aisdk row with a text status parses
// without allocating. The status used to go through parseIntLoose first
// (whose strconv fallback allocates a *NumError for a text) and then
// bytes.ToLower (a new slice for any upper-case letter): two allocations
// and about 0.3 µs a row, a tenth of the aisdk ingest's CPU time.
func TestDMAStatusRowNoAllocs(t *testing.T) {
	lines := strings.Split(dmaStatusRows, "\n")
	s, err := NewSchema(FormatDMACSV, strings.Split(lines[0], ","), "")
	if err != nil {
		t.Fatal(err)
	}
	p := NewRowParser(s)
	var fix track.Fix
	var id track.Identity
	want := []uint8{4, 0, 15, 5, 7}
	rows := make([][]byte, 0, len(lines)-1)
	for i, l := range lines[1:] {
		rows = append(rows, []byte(l))
		got, reason := p.Parse(rows[i], &fix, &id) // also fills the identity cache
		if got&RowFix == 0 || fix.Status != want[i] {
			t.Fatalf("row %d: got %v reason %v status %d, want a fix with status %d", i+2, got, reason, fix.Status, want[i])
		}
	}
	allocs := testing.AllocsPerRun(100, func() {
		for _, r := range rows {
			p.Parse(r, &fix, &id)
		}
	})
	if allocs != 0 {
		t.Errorf("%v allocations per %d DMA rows, want 0", allocs, len(rows))
	}
}

// TestDMAStatusText: every status text maps as the table says whatever
// its case; numbers, unknown texts, non-ASCII and over-long fields as
// before.
func TestDMAStatusText(t *testing.T) {
	for text, code := range dmaStatuses {
		for _, v := range []string{text, strings.ToUpper(text), strings.ToUpper(text[:1]) + text[1:]} {
			if got := dmaStatus([]byte(v)); got != code {
				t.Errorf("dmaStatus(%q) = %d, want %d", v, got, code)
			}
		}
	}
	for v, code := range map[string]uint8{
		"": 15, "Moored ": 15, "bogus": 15, "MOORÉD": 15, "ＭＯＯＲＥＤ": 15,
		"UNKNOWN VALUE": 15, "At Anchor": 1, strings.Repeat("a", 65): 15,
	} {
		if got := dmaStatus([]byte(v)); got != code {
			t.Errorf("dmaStatus(%q) = %d, want %d", v, got, code)
		}
	}
	lines := strings.Split(dmaStatusRows, "\n")
	s, err := NewSchema(FormatDMACSV, strings.Split(lines[0], ","), "")
	if err != nil {
		t.Fatal(err)
	}
	p := NewRowParser(s)
	row := strings.Split(lines[1], ",")
	for v, code := range map[string]uint8{"5": 5, "15": 15, "16": 15, "5.0": 5, "-1": 15, "NaN": 15, "Inf": 15, "infinity": 15, "moored": 5, "": 15} {
		row[5] = v
		var fix track.Fix
		var id track.Identity
		if got, reason := p.Parse([]byte(strings.Join(row, ",")), &fix, &id); got&RowFix == 0 || fix.Status != code {
			t.Errorf("status field %q: got %v reason %v status %d, want %d", v, got, reason, fix.Status, code)
		}
	}
}

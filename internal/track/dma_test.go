package track

import (
	"compress/gzip"
	"errors"
	"io"
	"math"
	"os"
	"testing"

	"github.com/lookout-osint/lookout/internal/ais"
	"github.com/lookout-osint/lookout/internal/ais/nmea"
	"github.com/lookout-osint/lookout/internal/shareddata"
)

const dmaPath = "ais/dma-aisabnormal/ais-sample.txt.gz"

// readDMA decodes the DMA network snapshot (NMEA with $PGHP times; from
// ../shared/data, skipping where absent) into the fixes of its position
// reports, in file order, converted as ingest.MessageFix converts them
// (speed "not available" as 102.3 kn, course "not available" as NaN):
// the input of the track stage when ingesting it.
func readDMA(tb testing.TB) []Fix {
	tb.Helper()
	fh, err := os.Open(shareddata.Path(tb, dmaPath))
	if err != nil {
		tb.Fatal(err)
	}
	defer fh.Close()
	gz, err := gzip.NewReader(fh)
	if err != nil {
		tb.Fatal(err)
	}
	d := nmea.NewDecoder(gz, dmaPath, nmea.Options{})
	var fixes []Fix
	for {
		m, err := d.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			tb.Fatal(err)
		}
		if f, ok := dmaFix(m); ok {
			fixes = append(fixes, f)
		}
	}
	if len(fixes) == 0 {
		tb.Fatal("no fixes")
	}
	return fixes
}

// dmaFix is the fix of a position report, as ingest makes it.
func dmaFix(m *nmea.Message) (Fix, bool) {
	var class Class
	switch m.AIS.Type {
	case 1, 2, 3, 27:
		class = ClassA
	case 18, 19:
		class = ClassB
	default:
		return Fix{}, false
	}
	p := &m.AIS.Pos
	lat, okLat := p.LatDeg()
	lon, okLon := p.LonDeg()
	if p.Lat == ais.LatNA || p.Lon == ais.LonNA || !okLat || !okLon {
		return Fix{}, false
	}
	nan := float32(math.NaN())
	f := Fix{MMSI: m.AIS.MMSI, Time: m.Time, Lat: lat, Lon: lon, SOG: nan, COG: nan,
		Heading: -1, Status: 15, Class: class, Src: SourceRef{Source: 3, Line: m.Line}}
	if v, ok := p.SpeedKnots(); ok {
		f.SOG = float32(v)
	} else if p.Speed == ais.SpeedNA {
		f.SOG = 102.3
	}
	if v, ok := p.CourseDeg(); ok {
		f.COG = float32(v)
	}
	if h, ok := p.HeadingDeg(); ok && m.AIS.Type != 27 {
		f.Heading = int16(h)
	}
	if m.AIS.Type <= 3 || m.AIS.Type == 27 {
		f.Status = p.Status
	}
	return f, true
}

// BenchmarkChainReplayDMA is BenchmarkChainReplay's "chain" over the DMA
// network snapshot (a 5-minute capture of ~1,500 vessels, each pass a day
// later, as bench/ingest.sh replicates it for the NMEA figure): few fixes
// per vessel per pass, and the mix of an NMEA ingest.
func BenchmarkChainReplayDMA(b *testing.B) {
	benchReplay(b, readDMA(b), chainPush())
}

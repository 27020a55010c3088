package ingest

import (
	"bytes"
	"errors"
	"io"
	"math"
	"os"
	"testing"

	"github.com/lookout-osint/lookout/internal/ais"
	"github.com/lookout-osint/lookout/internal/ais/nmea"
	"github.com/lookout-osint/lookout/internal/shareddata"
	"github.com/lookout-osint/lookout/internal/track"
)

// TestMessageFixWritesAllOrNothing pins MessageFix's contract, on which
// the NMEA worker relies when it hands it a slot holding an older fix
// without zeroing it: a usable report overwrites every field, whatever the
// slot held; any other message leaves the slot as it was. It runs over
// every message of real captures (all position types, static messages,
// 91/181 placeholders) plus edited copies of their position reports.
func TestMessageFixWritesAllOrNothing(t *testing.T) {
	stale := track.Fix{Time: -7, Lat: 12.5, Lon: -33.25, MMSI: 999, SOG: 7, COG: 8, Heading: 9,
		Status: 3, Class: track.ClassB, Src: track.SourceRef{Source: 77, Line: 88}}
	src := track.SourceRef{Source: 1, Line: 2}
	var kept, refused int
	check := func(m *ais.Message) {
		t.Helper()
		var fresh track.Fix
		got := stale
		r := MessageFix(m, 1234, src, &got)
		if r != MessageFix(m, 1234, src, &fresh) {
			t.Fatalf("type %d: reason depends on the slot's old contents", m.Type)
		}
		if r != ReasonNone {
			refused++
			if got != stale {
				t.Fatalf("type %d refused (%v) but the slot changed: %+v", m.Type, r, got)
			}
			return
		}
		kept++
		if !sameFix(got, fresh) {
			t.Fatalf("type %d: slot with an old fix gave %+v, a zero slot %+v", m.Type, got, fresh)
		}
	}
	for _, name := range []string{"ais/gfw-ais-tools/mixed_types.nmea", "ais/dma-aislib/stream_example.txt"} {
		data, err := os.ReadFile(shareddata.Path(t, name))
		if err != nil {
			t.Fatal(err)
		}
		d := nmea.NewDecoder(bytes.NewReader(data), name, nmea.Options{})
		for {
			msg, err := d.Next()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				continue // bad lines are counted by the decoder
			}
			m := msg.AIS
			check(&m)
			m.Pos.Lat, m.Pos.Lon = ais.LatNA, ais.LonNA // placeholder position
			check(&m)
			m.Pos.Lat = 100 * 600000 // beyond the poles
			check(&m)
		}
	}
	if kept == 0 || refused == 0 {
		t.Fatalf("kept %d, refused %d: want both", kept, refused)
	}
}

// sameFix compares fixes field by field, NaN equal to NaN (SOG and COG
// use NaN for "not available").
func sameFix(a, b track.Fix) bool {
	nanEq := func(x, y float32) bool { return x == y || math.IsNaN(float64(x)) && math.IsNaN(float64(y)) }
	return nanEq(a.SOG, b.SOG) && nanEq(a.COG, b.COG) &&
		a.Time == b.Time && a.Lat == b.Lat && a.Lon == b.Lon && a.MMSI == b.MMSI &&
		a.Heading == b.Heading && a.Status == b.Status && a.Class == b.Class && a.Src == b.Src
}

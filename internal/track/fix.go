package track

import (
	"cmp"
	"math"
	"time"

	"github.com/lookout-osint/lookout/internal/geo"
)

// SourceRef points at the raw input line a value came from: the source (an
// index into the store's source table, which records file name and content
// hash) and the 1-based line number in that source. It is the unit of
// evidence: a report quotes the raw line behind every SourceRef.
type SourceRef struct {
	Source uint32 // source id; 0 means unknown
	Line   uint32 // 1-based line number within the source
}

// Compare orders source references by source, then line: -1, 0 or +1.
func (r SourceRef) Compare(o SourceRef) int {
	if c := cmp.Compare(r.Source, o.Source); c != 0 {
		return c
	}
	return cmp.Compare(r.Line, o.Line)
}

// Class is the AIS transponder class of a report.
type Class uint8

// Transponder classes.
const (
	ClassUnknown Class = iota
	ClassA
	ClassB
)

// Fix is one decoded position report of one vessel: the canonical unit every
// detector consumes. Times are Unix milliseconds UTC. SOG and COG are NaN
// when not available; Heading is -1 when not available. The fields are
// ordered widest first so that a Fix has no padding (48 bytes): ingest
// batches hold millions of them.
type Fix struct {
	Time    int64   // Unix milliseconds, UTC
	Lat     float64 // degrees
	Lon     float64 // degrees
	MMSI    uint32
	SOG     float32 // knots; NaN if not available
	COG     float32 // degrees true; NaN if not available
	Heading int16   // degrees true; -1 if not available
	Status  uint8   // AIS navigational status 0..15 (15 = not defined)
	Class   Class
	Src     SourceRef
}

// Point returns the fix position.
func (f *Fix) Point() geo.Point { return geo.Point{Lat: f.Lat, Lon: f.Lon} }

// T returns the fix time as a time.Time in UTC.
func (f *Fix) T() time.Time { return time.UnixMilli(f.Time).UTC() }

// HasSOG reports whether the speed over ground is available.
func (f *Fix) HasSOG() bool { return !math.IsNaN(float64(f.SOG)) }

// HasCOG reports whether the course over ground is available.
func (f *Fix) HasCOG() bool { return !math.IsNaN(float64(f.COG)) }

// Identity is what a vessel said about itself (AIS types 5, 19, 24, or the
// static columns of a CSV export), valid over a time interval. Empty strings
// and zero numbers mean "not reported".
type Identity struct {
	MMSI        uint32
	IMO         uint32
	Name        string
	Callsign    string
	ShipType    uint8
	ToBow       uint16  // metres
	ToStern     uint16  // metres
	ToPort      uint16  // metres
	ToStarboard uint16  // metres
	Draught     float32 // metres; 0 if not available
	Destination string
	From        int64 // Unix ms: first report of this identity
	To          int64 // Unix ms: last report of this identity
	Src         SourceRef
}

// Flag returns the vessel's Maritime Identification Digits (the first three
// digits of a ship-station MMSI), which name its flag state, or 0 when the
// MMSI is not a ship station.
func Flag(mmsi uint32) uint32 {
	if mmsi < 200000000 || mmsi > 799999999 {
		return 0
	}
	return mmsi / 1000000
}

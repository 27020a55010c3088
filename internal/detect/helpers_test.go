package detect

import (
	"math"
	"testing"
	"time"

	"github.com/lookout-osint/lookout/internal/geo"
	"github.com/lookout-osint/lookout/internal/track"
)

// The test world (simulated): the sea is east of the meridian 0°, land west
// of it, so the coast is a straight line and distances to it are easy to
// check by hand. Around latitude 10°N one km is 0.00913° of longitude.
const (
	t0    = int64(1694044800000) // 2023-09-07T00:00:00Z
	kmLon = 1 / (111.195 * 0.98481)
	kmLat = 1 / 111.195
)

// halfPlaneShore is land for lon < 0.
type halfPlaneShore struct{}

func (halfPlaneShore) IsLand(p geo.Point) bool { return p.Lon < 0 }
func (halfPlaneShore) DistanceToShoreM(p geo.Point) float64 {
	return math.Abs(p.Lon) * metresPerDeg * math.Cos(p.Lat*degToRad)
}

// Reference places of the test world.
var (
	portA   = Anchor{Ref: PortRef{WPI: 111, Name: "Alpha", Country: "Testland"}, Point: geo.Point{Lat: 10, Lon: 0.01}}
	portB   = Anchor{Ref: PortRef{WPI: 222, Name: "Bravo", Country: "Testland"}, Point: geo.Point{Lat: 10.5, Lon: 0.01}}
	watched = WatchedPort{Ref: PortRef{WPI: 333, Name: "Watched"}, Point: geo.Point{Lat: 11, Lon: 0.01}}
)

func testEnv() Env {
	return Env{Anchors: []Anchor{portA, portB}, Shore: halfPlaneShore{}, Computed: t0 + 1000*86400000}
}

// lineNo numbers every built fix so that each has its own SourceRef.
var lineNo uint32

// builder builds one segment of a simulated track.
type builder struct {
	mmsi  uint32
	t     int64
	p     geo.Point
	fixes []track.Fix
}

func newBuilder(mmsi uint32, t int64, p geo.Point) *builder {
	b := &builder{mmsi: mmsi, t: t, p: p}
	b.fix(float32(math.NaN()))
	return b
}

// fix appends a fix at the current time and place.
func (b *builder) fix(sog float32) *builder {
	lineNo++
	b.fixes = append(b.fixes, track.Fix{MMSI: b.mmsi, Time: b.t, Lat: b.p.Lat, Lon: b.p.Lon,
		SOG: sog, COG: float32(math.NaN()), Heading: -1, Src: track.SourceRef{Source: 1, Line: lineNo}})
	return b
}

// sail moves to `to` at kn knots with a fix every stepMin minutes.
func (b *builder) sail(to geo.Point, kn, stepMin float64) *builder {
	from := b.p
	d := geo.DistanceHaversineM(from, to)
	dur := d / metresPerNM / kn * 3600000
	step := stepMin * 60000
	n := int(math.Ceil(dur / step))
	start := b.t
	for i := 1; i <= n; i++ {
		f := math.Min(1, float64(i)*step/dur)
		b.t = start + int64(math.Min(float64(i)*step, dur))
		b.p = geo.Interpolate(from, to, f)
		b.fix(float32(kn))
	}
	return b
}

// stay stays put (within a few metres) for d with a fix every stepMin
// minutes at speed sog.
func (b *builder) stay(d time.Duration, stepMin float64, sog float32) *builder {
	end := b.t + d.Milliseconds()
	centre := b.p
	for i := 0; b.t+int64(stepMin*60000) <= end; i++ {
		b.t += int64(stepMin * 60000)
		b.p = geo.Point{Lat: centre.Lat + float64(i%3)*0.00001, Lon: centre.Lon}
		b.fix(sog)
	}
	b.p = centre
	return b
}

// drift moves slowly (kn knots) toward `to` for d.
func (b *builder) drift(to geo.Point, kn float64, d time.Duration, stepMin float64) *builder {
	dist := kn * metresPerNM * d.Hours()
	br := geo.BearingDeg(b.p, to)
	target := geo.Destination(b.p, br, dist)
	return b.sail(target, kn, stepMin)
}

// silent advances time without fixes, moving to p.
func (b *builder) silent(d time.Duration, p geo.Point) *builder {
	b.t += d.Milliseconds()
	b.p = p
	b.fix(float32(math.NaN()))
	return b
}

func (b *builder) seg() track.Segment {
	return track.Segment{ID: track.SegmentID{MMSI: b.mmsi, Start: b.fixes[0].Time}, MMSI: b.mmsi, Fixes: b.fixes}
}

func vessel(mmsi uint32, bs ...*builder) Vessel {
	v := Vessel{MMSI: mmsi}
	for _, b := range bs {
		v.Segments = append(v.Segments, b.seg())
	}
	return v
}

func run(t *testing.T, cfg Config, env Env, vs ...Vessel) []Event {
	t.Helper()
	evs, err := Run(cfg, env, vs)
	if err != nil {
		t.Fatal(err)
	}
	return evs
}

func ofType(evs []Event, typ string) []Event {
	var out []Event
	for _, e := range evs {
		if e.Type == typ {
			out = append(out, e)
		}
	}
	return out
}

// at returns a point km kilometres east and north of (10°N, 0°).
func at(eastKm, northKm float64) geo.Point {
	return geo.Point{Lat: 10 + northKm*kmLat, Lon: eastKm * kmLon}
}

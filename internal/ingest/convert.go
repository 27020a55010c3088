package ingest

import (
	"math"

	"github.com/lookout-osint/lookout/internal/ais"
	"github.com/lookout-osint/lookout/internal/track"
)

// MessageFix converts a position report of a vessel (types 1, 2, 3, 18, 19
// and 27) into a fix at time t (Unix ms) from src. It returns ReasonNone
// and fills all of fix, or the reason the message gives no usable fix,
// leaving fix untouched: ReasonUnsupported for other types,
// ReasonNoPosition for the 91/181 placeholders and ReasonOutOfRange for
// impossible coordinates.
//
// Speed "not available" (1023) becomes SOGNotAvailable (102.3 kn), not NaN,
// so that track.CheckFix drops and counts it in its 102.25–102.35 sentinel
// band (DETECTORS.md §1); type 27's 63 kn "not available" passes through as
// 63 for the same reason. Course "not available" (3600) becomes NaN, which
// CheckFix treats like 360.
func MessageFix(m *ais.Message, t int64, src track.SourceRef, fix *track.Fix) Reason {
	var class track.Class
	switch m.Type {
	case 1, 2, 3:
		class = track.ClassA
	case 18, 19:
		class = track.ClassB
	case 27:
		class = track.ClassA // long-range broadcasts are Class A (ITU-R M.1371 §4.2)
	default:
		return ReasonUnsupported
	}
	p := &m.Pos
	if p.Lat == ais.LatNA || p.Lon == ais.LonNA {
		return ReasonNoPosition
	}
	lat, okLat := p.LatDeg()
	lon, okLon := p.LonDeg()
	if !okLat || !okLon {
		return ReasonOutOfRange
	}
	sog, cog := nan32, nan32
	if v, ok := p.SpeedKnots(); ok {
		sog = float32(v)
	} else if p.Speed == ais.SpeedNA {
		sog = SOGNotAvailable
	}
	if v, ok := p.CourseDeg(); ok {
		cog = float32(v)
	}
	heading := int16(-1)
	if h, ok := p.HeadingDeg(); ok && m.Type != 27 {
		heading = int16(h)
	}
	status := uint8(15)
	if m.Type <= 3 || m.Type == 27 {
		status = p.Status
	}
	// Written once, every field (fix may hold an older fix), one store
	// each: a composite literal would be built on the stack and copied.
	fix.Time, fix.Lat, fix.Lon, fix.MMSI = t, lat, lon, m.MMSI
	fix.SOG, fix.COG, fix.Heading, fix.Status, fix.Class, fix.Src = sog, cog, heading, status, class, src
	return ReasonNone
}

var nan32 = float32(math.NaN())

// SOGNotAvailable is the speed a fix carries when its source says "speed
// not available" (AIS 1023, CSV 102.3): a value in track.CheckFix's
// 102.25–102.35 kn sentinel band, so the fix is dropped and counted as
// sog_sentinel rather than kept as a fix without speed.
const SOGNotAvailable float32 = 102.3

// sogSentinelMax is the top of the highest SOG sentinel band: CSV speeds up
// to it pass through for track.CheckFix to count; above it they are NaN.
const sogSentinelMax = 102.35

// MessageIdentity converts a static message (types 5, 19, 24 part A or B)
// into an identity seen at time t. Type 24 comes in two parts: part A
// carries only the name and part B the rest, so each yields an identity
// with only its own fields set; the identity history merges them. It
// reports false for other types.
func MessageIdentity(m *ais.Message, t int64, src track.SourceRef, id *track.Identity) bool {
	s := &m.Static
	*id = track.Identity{MMSI: m.MMSI, From: t, To: t, Src: src}
	switch m.Type {
	case 5:
		id.IMO, id.Name, id.Callsign = s.IMO, s.ShipName(), s.Callsign()
		id.Destination = s.Destination()
		if d, ok := s.DraughtM(); ok {
			id.Draught = float32(d)
		}
	case 19:
		id.Name = s.ShipName()
	case 24:
		if s.PartNo == 0 {
			id.Name = s.ShipName()
			return true
		}
		id.Callsign = s.Callsign()
	default:
		return false
	}
	id.ShipType = s.ShipType
	if s.MothershipMMSI == 0 {
		id.ToBow, id.ToStern = s.ToBow, s.ToStern
		id.ToPort, id.ToStarboard = uint16(s.ToPort), uint16(s.ToStarboard)
	}
	return true
}

package detect

import (
	"github.com/lookout-osint/lookout/internal/geo"
	"github.com/lookout-osint/lookout/internal/track"
)

// Vessel is everything the per-vessel detectors need about one MMSI.
type Vessel struct {
	MMSI       uint32
	Segments   []track.Segment  // any order; each segment's fixes in time order
	Identities []track.Identity // static/voyage reports; any order
}

// NumFixes returns the number of fixes over all segments.
func (v *Vessel) NumFixes() int {
	n := 0
	for i := range v.Segments {
		n += len(v.Segments[i].Fixes)
	}
	return n
}

// Anchor is a known anchorage point: a World Port Index entry (Ref.WPI > 0)
// or a learned anchorage (Ref.Anchorage set).
type Anchor struct {
	Ref   PortRef
	Point geo.Point
}

// WatchedPort is a port or site whose possible calls during AIS gaps are
// reported as dark_port_call events.
type WatchedPort struct {
	Ref   PortRef
	Point geo.Point
}

// Shore answers land-mask questions (implemented by internal/places).
// DistanceToShoreM is the distance in metres to the nearest coastline,
// positive on both sides of it; IsLand says which side a point is on.
type Shore interface {
	IsLand(p geo.Point) bool
	DistanceToShoreM(p geo.Point) float64
}

// Env is the reference data the detectors run against. It is read-only
// during a run and may be shared.
type Env struct {
	Anchors  []Anchor      // port gazetteer entries (learned anchorages are added by the runner)
	Shore    Shore         // land mask; nil disables on_land and makes every shore condition unmet
	Watched  []WatchedPort // dark_port_call targets; none disables that detector
	Computed int64         // Unix ms stamped on every event as Event.Computed
}

package watch

import (
	"github.com/lookout-osint/lookout/internal/detect"
	"github.com/lookout-osint/lookout/internal/places"
	"github.com/lookout-osint/lookout/internal/track"
)

// Areas watches a set of sites (circles and polygons) for vessels
// entering and leaving them, with the geofence model of Tile38: an entry is
// a fix inside whose previous fix was outside, an exit the reverse. A
// vessel's first fix inside an area is not an entry: nothing says where it
// was before.
type Areas struct {
	sites []places.Site
}

// NewAreas watches sites.
func NewAreas(sites []places.Site) *Areas { return &Areas{sites: sites} }

// Events returns the area_entry and area_exit events of one vessel's fixes
// (in time order). Each event's evidence is the pair of fixes across the
// boundary: the last outside and the first inside, or the reverse.
func (a *Areas) Events(fixes []track.Fix, computed int64) []detect.Event {
	var out []detect.Event
	for si := range a.sites {
		s := &a.sites[si]
		box := s.Shape.Bounds()
		var prevIn bool
		for i := range fixes {
			f := &fixes[i]
			in := box.Contains(f.Point()) && s.Shape.Contains(f.Point())
			if i > 0 && in != prevIn {
				out = append(out, areaEvent(s, &fixes[i-1], f, in, computed))
			}
			prevIn = in
		}
	}
	return out
}

func areaEvent(s *places.Site, prev, cur *track.Fix, entry bool, computed int64) detect.Event {
	typ := detect.TypeAreaExit
	if entry {
		typ = detect.TypeAreaEntry
	}
	ev := detect.Event{
		Type: typ, MMSI: cur.MMSI, Start: prev.Time, End: cur.Time, Lat: cur.Lat, Lon: cur.Lon,
		Attrs:    map[string]any{"area": s.ID, "area_name": s.Name, "area_kind": s.Kind},
		Evidence: []track.SourceRef{prev.Src, cur.Src}, Computed: computed,
	}
	ev.ID = eventID(typ, cur.MMSI, s.ID, cur.Time)
	return ev
}

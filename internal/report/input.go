package report

import (
	"sort"
	"time"

	"github.com/lookout-osint/lookout/internal/detect"
	"github.com/lookout-osint/lookout/internal/geo"
	"github.com/lookout-osint/lookout/internal/track"
	"github.com/lookout-osint/lookout/internal/watch"
)

// Input is everything a report shows, gathered by the caller.
type Input struct {
	Case       *Case
	Generated  time.Time // when the report was made (wall clock, from the caller)
	Vessels    []Vessel  // the vessels of interest
	Events     []detect.Event
	Raw        map[track.SourceRef]string // the raw lines behind the evidence
	SourceName detect.SourceName          // "file:line" of a reference
	Sources    []Source
	Lists      []*watch.List
	Matches    []watch.Match
	Thresholds string // the detector configuration used, as YAML
	// Land returns land polygons clipped to a box, for the map; nil draws
	// no land.
	Land func(geo.BBox) [][]geo.Point
}

// Vessel is one vessel of interest with its track and identity history.
type Vessel struct {
	MMSI       uint32
	Country    string // flag state from the MMSI's MID
	Identities []track.Identity
	Segments   [][]track.Fix // each in time order
}

// Source is one ingested input, identified by its content hash.
type Source struct {
	Name   string
	SHA256 string
	Size   int64
	Lines  uint64
}

// Latest returns the vessel's most recent identity (zero if none).
func (v *Vessel) Latest() track.Identity {
	var best track.Identity
	for _, id := range v.Identities {
		if id.To >= best.To {
			best = id
		}
	}
	return best
}

// Label names the vessel for a reader: name, else MMSI.
func (v *Vessel) Label() string {
	if n := v.Latest().Name; n != "" {
		return n
	}
	return "MMSI " + itoa(uint64(v.MMSI))
}

// Names returns every distinct name the vessel used, in order of first use.
func (v *Vessel) Names() []string {
	ids := append([]track.Identity(nil), v.Identities...)
	sort.Slice(ids, func(i, j int) bool { return ids[i].From < ids[j].From })
	var out []string
	seen := map[string]bool{}
	for _, id := range ids {
		if id.Name != "" && !seen[id.Name] {
			seen[id.Name] = true
			out = append(out, id.Name)
		}
	}
	return out
}

// IMO returns the vessel's latest reported IMO number (0 if none).
func (v *Vessel) IMO() uint32 {
	var imo uint32
	var at int64
	for _, id := range v.Identities {
		if id.IMO != 0 && id.To >= at {
			imo, at = id.IMO, id.To
		}
	}
	return imo
}

// bbox returns the box around every fix of the vessels (EmptyBBox if none).
func (in *Input) bbox() geo.BBox {
	b := geo.EmptyBBox
	for _, v := range in.Vessels {
		for _, seg := range v.Segments {
			for i := range seg {
				b = b.Extend(seg[i].Point())
			}
		}
	}
	for _, ev := range in.Events {
		if ev.Lat != 0 || ev.Lon != 0 {
			b = b.Extend(geo.Point{Lat: ev.Lat, Lon: ev.Lon})
		}
		if ev.Port != nil && (ev.Port.Lat != 0 || ev.Port.Lon != 0) {
			b = b.Extend(geo.Point{Lat: ev.Port.Lat, Lon: ev.Port.Lon})
		}
	}
	return b
}

package detect

import (
	"sort"
	"strconv"

	"github.com/lookout-osint/lookout/internal/track"
)

// imoSighting is one MMSI an IMO number was reported under.
type imoSighting struct {
	mmsi        uint32
	first, last int64
	firstSrc    track.SourceRef
	lastSrc     track.SourceRef
	lat, lon    float64 // position nearest in time to first
}

// imoTracker remembers under which MMSIs each IMO number was reported, so
// that an IMO appearing under a new MMSI (a re-flag or a stolen identity)
// becomes an identity_change with field "mmsi" (and "flag" when the MID
// changed).
type imoTracker struct {
	byIMO map[uint32][]imoSighting
}

func newIMOTracker() *imoTracker { return &imoTracker{byIMO: make(map[uint32][]imoSighting)} }

// observe records the IMO numbers the vessel reported.
func (t *imoTracker) observe(v *Vessel) {
	for i := range v.Identities {
		id := &v.Identities[i]
		if id.IMO < 1000000 || id.IMO > 9999999 {
			continue
		}
		ss := t.byIMO[id.IMO]
		k := len(ss) - 1
		if k < 0 || ss[k].mmsi != v.MMSI {
			ss = append(ss, imoSighting{mmsi: v.MMSI, first: id.From, last: id.To, firstSrc: id.Src, lastSrc: id.Src})
			t.byIMO[id.IMO] = ss
			t.place(&ss[len(ss)-1], v)
			continue
		}
		s := &ss[k]
		if id.From < s.first {
			s.first, s.firstSrc = id.From, id.Src
			t.place(s, v)
		}
		if id.To > s.last {
			s.last, s.lastSrc = id.To, id.Src
		}
	}
}

// place sets the sighting's position from the vessel's fix nearest its
// first report.
func (t *imoTracker) place(s *imoSighting, v *Vessel) {
	if f := nearestFix(v.Segments, s.first); f != nil {
		s.lat, s.lon = f.Lat, f.Lon
	}
}

// events returns one identity_change (field "mmsi", and "flag" when the
// MID differs) on the new MMSI each time an IMO number moves to another
// MMSI, in order of first sighting.
func (t *imoTracker) events(computed int64) []Event {
	var out []Event
	for imo, ss := range t.byIMO {
		if len(ss) < 2 {
			continue
		}
		sort.Slice(ss, func(i, j int) bool {
			if ss[i].first != ss[j].first {
				return ss[i].first < ss[j].first
			}
			return ss[i].mmsi < ss[j].mmsi
		})
		for k := 1; k < len(ss); k++ {
			out = append(out, mmsiChange(imo, &ss[k-1], &ss[k], computed)...)
		}
	}
	return out
}

// mmsiChange builds the events for IMO imo moving from sighting a to b.
func mmsiChange(imo uint32, a, b *imoSighting, computed int64) []Event {
	old := &track.Identity{From: a.first, To: a.last, Src: a.lastSrc}
	cur := &track.Identity{From: b.first, To: b.last, Src: b.firstSrc}
	from, to := strconv.FormatUint(uint64(a.mmsi), 10), strconv.FormatUint(uint64(b.mmsi), 10)
	ev := changeEvent(TypeIdentityChange, b.mmsi, "mmsi", from, to, old, cur)
	ev.Attrs["imo"] = imo
	ev.Computed, ev.Lat, ev.Lon = computed, b.lat, b.lon
	out := []Event{ev}
	if fa, fb := track.Flag(a.mmsi), track.Flag(b.mmsi); fa != fb {
		ev := changeEvent(TypeIdentityChange, b.mmsi, "flag", uintText(fa), uintText(fb), old, cur)
		ev.Attrs["imo"] = imo
		ev.Computed, ev.Lat, ev.Lon = computed, b.lat, b.lon
		out = append(out, ev)
	}
	return out
}

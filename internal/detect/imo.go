package detect

import (
	"sort"
	"strconv"

	"github.com/lookout-osint/lookout/internal/track"
)

// imoSighting is one MMSI an IMO number was reported under.
type imoSighting struct {
	mmsi              uint32
	first, last       int64
	firstSrc          track.SourceRef
	lastSrc           track.SourceRef
	lat, lon          float64 // position nearest in time to first
	lastLat, lastLon  float64 // position nearest in time to last
	hasFirst, hasLast bool
}

// imoTracker remembers under which MMSIs each IMO number was reported, so
// that an IMO appearing under a new MMSI (a re-flag or a stolen identity)
// becomes an identity_change with field "mmsi" (and "flag" when the MID
// changed), and one used by two MMSIs at the same time an identity_overlap.
type imoTracker struct {
	byIMO map[uint32][]imoSighting
}

func newIMOTracker() *imoTracker { return &imoTracker{byIMO: make(map[uint32][]imoSighting)} }

// observe records the IMO numbers the vessel reported, each with the time
// span and the vessel's positions at its ends.
func (t *imoTracker) observe(v *Vessel) {
	mine := map[uint32]*imoSighting{}
	var order []uint32
	for i := range v.Identities {
		id := &v.Identities[i]
		if id.IMO < 1000000 || id.IMO > 9999999 {
			continue
		}
		s := mine[id.IMO]
		if s == nil {
			s = &imoSighting{mmsi: v.MMSI, first: id.From, last: id.To, firstSrc: id.Src, lastSrc: id.Src}
			mine[id.IMO] = s
			order = append(order, id.IMO)
			continue
		}
		if id.From < s.first {
			s.first, s.firstSrc = id.From, id.Src
		}
		if id.To > s.last {
			s.last, s.lastSrc = id.To, id.Src
		}
	}
	for _, imo := range order {
		s := mine[imo]
		if f := nearestFix(v.Segments, s.first); f != nil {
			s.lat, s.lon, s.hasFirst = f.Lat, f.Lon, true
		}
		if f := nearestFix(v.Segments, s.last); f != nil {
			s.lastLat, s.lastLon, s.hasLast = f.Lat, f.Lon, true
		}
		t.byIMO[imo] = append(t.byIMO[imo], *s)
	}
}

// events returns one identity_change (field "mmsi", and "flag" when the
// MID differs) on the new MMSI each time an IMO number moves to another
// MMSI, in order of first sighting; when the new MMSI reported the IMO
// before the old one stopped, the IMO was in use twice at once, which is an
// identity_overlap instead.
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
			a, b := &ss[k-1], &ss[k]
			if b.first < a.last {
				out = append(out, imoOverlap(imo, a, b, computed))
				continue
			}
			out = append(out, mmsiChange(imo, a, b, computed)...)
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

// imoOverlap is the identity_overlap of IMO imo reported by MMSI b while
// MMSI a still reported it: two transmitters claiming one ship.
func imoOverlap(imo uint32, a, b *imoSighting, computed int64) Event {
	end := min(a.last, b.last)
	ev := Event{
		Type: TypeIdentityOverlap, MMSI: b.mmsi, OtherMMSI: a.mmsi, Start: b.first, End: end,
		Lat: b.lat, Lon: b.lon, Computed: computed,
		Evidence: appendRef(appendRef(nil, a.lastSrc), b.firstSrc),
		Attrs: map[string]any{
			"field": "imo", "imo": imo, "mmsis": []uint32{a.mmsi, b.mmsi},
			"duration_h": round(hours(end-b.first), 2),
		},
	}
	if a.hasLast && b.hasFirst {
		d := fixDistM(&track.Fix{Lat: a.lastLat, Lon: a.lastLon}, &track.Fix{Lat: b.lat, Lon: b.lon})
		ev.Attrs["distance_nm"] = round(d/metresPerNM, 1)
	}
	ev.ID = eventID(ev.Type, ev.MMSI, ev.OtherMMSI, ev.Start, "imo", strconv.FormatUint(uint64(imo), 10))
	return ev
}

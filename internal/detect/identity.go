package detect

import (
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/lookout-osint/lookout/internal/track"
)

// identityField extracts one comparable field of an identity; "" means not
// reported.
type identityField struct {
	name  string
	typ   string
	value func(id *track.Identity) string
}

var identityFields = []identityField{
	{"name", TypeIdentityChange, func(id *track.Identity) string { return cleanText(id.Name) }},
	{"imo", TypeIdentityChange, func(id *track.Identity) string { return uintText(id.IMO) }},
	{"callsign", TypeIdentityChange, func(id *track.Identity) string { return cleanText(id.Callsign) }},
	{"shiptype", TypeIdentityChange, func(id *track.Identity) string { return uintText(uint32(id.ShipType)) }},
	{"destination", TypeVoyageDataChange, func(id *track.Identity) string { return cleanText(id.Destination) }},
	{"draught", TypeVoyageDataChange, func(id *track.Identity) string {
		if id.Draught <= 0 {
			return ""
		}
		return strconv.FormatFloat(float64(id.Draught), 'f', 1, 32)
	}},
}

// cleanText normalises an AIS text field: '@' padding and surrounding
// spaces removed, inner runs of spaces collapsed, upper case.
func cleanText(s string) string {
	s = strings.TrimRight(s, "@ ")
	if i := strings.IndexByte(s, '@'); i >= 0 {
		s = s[:i]
	}
	return strings.ToUpper(strings.Join(strings.Fields(s), " "))
}

func uintText(v uint32) string {
	if v == 0 {
		return ""
	}
	return strconv.FormatUint(uint64(v), 10)
}

// identityChanges reports, per field, every change of a reported value over
// the vessel's identities in time order (DETECTORS.md §7): identity_change
// for name, IMO, call sign and ship type; voyage_data_change for
// destination and draught.
func (vr *vesselRun) identityChanges() {
	c := &vr.r.cfg.IdentityChange
	ids := make([]*track.Identity, len(vr.v.Identities))
	for i := range vr.v.Identities {
		ids[i] = &vr.v.Identities[i]
	}
	sort.SliceStable(ids, func(a, b int) bool { return ids[a].From < ids[b].From })
	for _, fld := range identityFields {
		if fld.typ == TypeVoyageDataChange && !c.VoyageData {
			continue
		}
		var prev *track.Identity
		prevVal := ""
		for _, id := range ids {
			v := fld.value(id)
			if v == "" {
				continue
			}
			if prev != nil && v != prevVal {
				if vr.smallDraughtChange(fld.name, prevVal, v) {
					continue // noise: keep comparing with the last real value
				}
				vr.emit(changeEvent(fld.typ, vr.v.MMSI, fld.name, prevVal, v, prev, id))
			}
			prev, prevVal = id, v
		}
	}
}

// smallDraughtChange reports a draught change below min_draught_change_m.
func (vr *vesselRun) smallDraughtChange(field, a, b string) bool {
	if field != "draught" {
		return false
	}
	x, _ := strconv.ParseFloat(a, 64)
	y, _ := strconv.ParseFloat(b, 64)
	return math.Abs(x-y) < vr.r.cfg.IdentityChange.MinDraughtM
}

// changeEvent builds an identity_change or voyage_data_change from the last
// report of the old value to the first report of the new one.
func changeEvent(typ string, mmsi uint32, field, from, to string, old, cur *track.Identity) Event {
	ev := Event{
		Type: typ, MMSI: mmsi, Start: max(old.To, old.From), End: cur.From,
		Attrs:    map[string]any{"field": field, "from": from, "to": to},
		Evidence: appendRef(appendRef(nil, old.Src), cur.Src),
	}
	if ev.Start > ev.End {
		ev.Start = ev.End // the old value was still reported after the new one appeared
	}
	ev.ID = eventID(ev.Type, ev.MMSI, 0, ev.End, field, to)
	return ev
}

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

// valueRun is a stretch of consecutive identity reports with one value of
// a field.
type valueRun struct {
	value       string
	first, last *track.Identity
	noise       int // unstable runs dropped just before this one
}

// identityChanges reports, per field, every change of a reported value over
// the vessel's identities in time order (DETECTORS.md §7): identity_change
// for name, IMO, call sign and ship type; voyage_data_change for
// destination and draught. A value must hold for min_persist_hours (or be
// the last one reported) to count: receivers and feeds that mix up static
// fields make values flicker, and a flicker is not a change (the number of
// flickers skipped is kept as attrs.unstable). On an MMSI shared by several
// transmitters, changes are looked for per transmitter (transmitter.go).
func (vr *vesselRun) identityChanges() {
	c := &vr.r.cfg.IdentityChange
	tx := vr.transmitterIdentities()
	for _, fld := range identityFields {
		if fld.typ == TypeVoyageDataChange && !c.VoyageData {
			continue
		}
		if tx == nil {
			vr.fieldChanges(vr.sortedIdentities(), fld)
			continue
		}
		for _, stream := range splitByTransmitter(tx.ids, fld, tx.active, len(tx.chains)) {
			vr.fieldChanges(stream, fld)
		}
	}
}

// sortedIdentities returns the vessel's identity reports sorted by From.
func (vr *vesselRun) sortedIdentities() []*track.Identity {
	ids := make([]*track.Identity, len(vr.v.Identities))
	for i := range vr.v.Identities {
		ids[i] = &vr.v.Identities[i]
	}
	sort.SliceStable(ids, func(a, b int) bool { return ids[a].From < ids[b].From })
	return ids
}

// fieldChanges emits the changes of one field over one stream of reports
// (one transmitter's) in time order.
func (vr *vesselRun) fieldChanges(ids []*track.Identity, fld identityField) {
	runs := vr.stableRuns(ids, fld)
	for i := 1; i < len(runs); i++ {
		a, b := &runs[i-1], &runs[i]
		ev := changeEvent(fld.typ, vr.v.MMSI, fld.name, a.value, b.value, a.last, b.first)
		if f := nearestFix(vr.v.Segments, ev.End); f != nil {
			ev.Lat, ev.Lon = f.Lat, f.Lon
		}
		if b.noise > 0 {
			ev.Attrs["unstable"] = b.noise
		}
		vr.emit(ev)
	}
}

// stableRuns returns the runs of one field's values that held for
// min_persist_hours, or came last, with equal neighbours merged and draught
// steps below min_draught_change_m ignored.
func (vr *vesselRun) stableRuns(ids []*track.Identity, fld identityField) []valueRun {
	var all []valueRun
	for _, id := range ids {
		v := fld.value(id)
		if v == "" {
			continue
		}
		if n := len(all); n > 0 && (all[n-1].value == v || vr.smallDraughtChange(fld.name, all[n-1].value, v)) {
			all[n-1].last = id
			continue
		}
		all = append(all, valueRun{value: v, first: id, last: id})
	}
	persist := msOf(vr.r.cfg.IdentityChange.MinPersistHours)
	var out []valueRun
	noise := 0
	for i, r := range all {
		if max(r.last.To, r.last.From)-r.first.From < persist && i < len(all)-1 {
			noise++
			continue
		}
		if n := len(out); n > 0 && (out[n-1].value == r.value || vr.smallDraughtChange(fld.name, out[n-1].value, r.value)) {
			out[n-1].last = r.last
			noise = 0
			continue
		}
		r.noise, noise = noise, 0
		out = append(out, r)
	}
	return out
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

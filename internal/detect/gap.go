package detect

import (
	"math"
	"sort"

	"github.com/lookout-osint/lookout/internal/track"
)

// gaps walks one segment and reports each silence longer than gap.min_hours
// as a gap (with the high_seas_disabling profile and a receiver-outage
// label as attributes) and each silence of dark_port_call.min_gap_hours or
// more during which a watched port could have been visited.
func (vr *vesselRun) gaps(fixes []track.Fix) {
	c := &vr.r.cfg
	gapMs := msOf(c.Gap.MinHours)
	darkMs := msOf(c.DarkPortCall.MinGapHours)
	dark := c.DarkPortCall.Enabled && len(vr.r.env.Watched) > 0
	minMs := gapMs
	if dark && darkMs < minMs {
		minMs = darkMs
	}
	beforeMs := msOf(c.Gap.BeforeHours)
	j12, j24 := 0, 0
	for i := 1; i < len(fixes); i++ {
		off, on := &fixes[i-1], &fixes[i]
		dt := on.Time - off.Time
		if dt <= minMs {
			continue
		}
		for fixes[j12].Time < off.Time-beforeMs {
			j12++
		}
		for fixes[j24].Time < off.Time-outageBaselineMs {
			j24++
		}
		if c.Gap.Enabled && dt > gapMs {
			vr.emit(vr.gapEvent(off, on, i-j12, i-j24))
		}
		if dark && dt >= darkMs {
			vr.darkPortCall(off, on)
		}
	}
}

// silencesBetweenSegments reports the silences of the whole MMSI that fall
// between segments: the segmenter closes a segment after 24 h idle, so a
// vessel dark for days (or a receiver down for days) shows no gap inside
// any segment. A silence counts when no segment reported for longer than
// gap.min_hours (or dark_port_call.min_gap_hours); it is marked with
// attrs.across_segments.
func (vr *vesselRun) silencesBetweenSegments() {
	c := &vr.r.cfg
	dark := c.DarkPortCall.Enabled && len(vr.r.env.Watched) > 0
	minMs := msOf(c.Gap.MinHours)
	if dark {
		minMs = min(minMs, msOf(c.DarkPortCall.MinGapHours))
	}
	var last *track.Fix
	var lastSeg []track.Fix
	for _, s := range vr.segs {
		on := &s.Fixes[0]
		if last != nil && on.Time-last.Time > minMs {
			n12 := countSince(lastSeg, last.Time-msOf(c.Gap.BeforeHours))
			n24 := countSince(lastSeg, last.Time-outageBaselineMs)
			if c.Gap.Enabled && on.Time-last.Time > msOf(c.Gap.MinHours) {
				ev := vr.gapEvent(last, on, n12, n24)
				ev.Attrs["across_segments"] = true
				vr.emit(ev)
			}
			if dark && on.Time-last.Time >= msOf(c.DarkPortCall.MinGapHours) {
				vr.darkPortCall(last, on)
			}
		}
		if end := lastFix(s.Fixes); last == nil || end.Time > last.Time {
			last, lastSeg = end, s.Fixes
		}
	}
}

// countSince returns the number of fixes at or after t (fixes in time
// order).
func countSince(fixes []track.Fix, t int64) int {
	return len(fixes) - sort.Search(len(fixes), func(i int) bool { return fixes[i].Time >= t })
}

// outageBaselineMs is the window before a gap over which other vessels'
// normal reception rate is measured.
const outageBaselineMs = 24 * msPerHour

// gapEvent builds the gap event between the off and on fixes; n12 and n24
// are the vessel's fixes in the before_hours and 24 h up to the off fix.
func (vr *vesselRun) gapEvent(off, on *track.Fix, n12, n24 int) Event {
	c := &vr.r.cfg
	dist := fixDistM(off, on)
	dur := hours(on.Time - off.Time)
	attrs := map[string]any{
		"duration_h":       round(dur, 2),
		"distance_nm":      round(dist/metresPerNM, 2),
		"implied_speed_kn": round(dist/metresPerNM/dur, 2),
		"fixes_before":     n12,
	}
	offSea := vr.endAttrs(attrs, "off", off)
	onSea := vr.endAttrs(attrs, "on", on)
	attrs["off_at_sea"], attrs["on_at_sea"] = offSea, onSea
	outage := vr.receptionAttrs(attrs, off, on, n24)
	offShore, _ := attrs["off_shore_nm"].(float64)
	hs := dur >= c.HighSeas.MinHours && offShore >= c.HighSeas.MinShoreNM &&
		n12 >= c.HighSeas.MinFixesBefore && offSea && onSea && !outage
	attrs["high_seas_disabling"] = hs
	ev := Event{
		Type: TypeGap, MMSI: vr.v.MMSI, Start: off.Time, End: on.Time,
		Lat: off.Lat, Lon: off.Lon, Attrs: attrs, Evidence: refs(off, on),
	}
	ev.ID = eventID(ev.Type, ev.MMSI, 0, ev.Start)
	return ev
}

// endAttrs records the distance to shore and the nearest port of one end
// of a gap under prefix, and reports whether that end is at sea (not on
// land, not within port_visit.entry_km of an anchorage point).
func (vr *vesselRun) endAttrs(attrs map[string]any, prefix string, f *track.Fix) bool {
	atSea := true
	if sh := vr.r.env.Shore; sh != nil {
		attrs[prefix+"_shore_nm"] = round(sh.DistanceToShoreM(f.Point())/metresPerNM, 2)
		if sh.IsLand(f.Point()) {
			atSea = false
			attrs[prefix+"_on_land"] = true
		}
	} else {
		atSea = false // unknown: the shore conditions cannot be met
	}
	k, d := vr.r.ix.nearestFar(f.Point(), vr.r.cfg.Gap.PortSearchKm*1000)
	if k >= 0 {
		ref := vr.r.ix.points[k].Ref
		attrs[prefix+"_port"] = portAttr(&ref, d)
		if d <= vr.r.cfg.PortVisit.EntryKm*1000 {
			atSea = false
		}
	}
	return atSea
}

// portAttr is a port reference with its distance, as an attribute value.
func portAttr(p *PortRef, distM float64) map[string]any {
	m := map[string]any{"name": p.Name, "distance_nm": round(distM/metresPerNM, 2)}
	if p.WPI > 0 {
		m["wpi"] = p.WPI
	}
	if p.Anchorage != "" {
		m["anchorage"] = p.Anchorage
	}
	if p.Country != "" {
		m["country"] = p.Country
	}
	return m
}

// receptionAttrs estimates reception in the off fix's cell from the other
// vessels' fixes over the first hours of the gap (from 1 h after the off fix
// to 7 h, or 1 h before the on fix), against their rate in the 24 h before
// (less this vessel's own n24 fixes). It reports a receiver outage when the
// vessel was never heard to be silent for gap.min_hours while reception
// was up: the others in the cell fell silent as the gap began and the
// vessel came back less than min_hours after they did (recoveredAt), or
// the whole feed was up (see feedDownHours) for less than min_hours of the
// gap. The start of the gap says whether the vessel or the receiver went
// quiet; the recovery says whether the vessel stayed quiet after.
func (vr *vesselRun) receptionAttrs(attrs map[string]any, off, on *track.Fix, n24 int) bool {
	rc := vr.r.recep
	if rc == nil {
		return false
	}
	c := &vr.r.cfg.Gap
	t0, t1 := off.Time, on.Time
	if t1-t0 > 2*msPerHour {
		t0, t1 = t0+msPerHour, min(t1-msPerHour, t0+7*msPerHour)
	}
	during := rc.rate(off.Lat, off.Lon, t0, t1)
	bh0, bh1 := (off.Time-outageBaselineMs)/msPerHour, off.Time/msPerHour
	base := rc.rate(off.Lat, off.Lon, off.Time-outageBaselineMs, off.Time)
	base = math.Max(0, base-float64(n24)/float64(bh1-bh0+1))
	attrs["reception_per_h"] = round(during, 1)
	attrs["cell_silent_h"] = rc.silentHours(off.Lat, off.Lon, off.Time, on.Time)
	feedDown := rc.feedDownHours(off.Time, on.Time, n24)
	attrs["feed_down_h"] = feedDown
	heard := hours(on.Time-off.Time) - float64(feedDown)
	attrs["baseline_per_h"] = round(base, 1)
	cellOut := base >= c.OutageMinPerHour && during < c.OutageRatio*base
	if cellOut {
		back := rc.recoveredAt(off.Lat, off.Lon, off.Time, on.Time, base, c.OutageRatio)
		attrs["cell_recovered_h"] = round(hours(back-off.Time), 2)
		cellOut = hours(on.Time-back) < c.MinHours
	}
	outage := cellOut || heard < c.MinHours
	attrs["receiver_outage"] = outage
	return outage
}

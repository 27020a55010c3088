package detect

import (
	"github.com/lookout-osint/lookout/internal/track"
)

// visitsOfChain runs the port state machine over a chain's segments and
// joins a visit left open at the end of one segment with one found open at
// the start of the next when both are at the same place (a stay split by a
// long silence is one visit, with a gap).
func (vr *vesselRun) visitsOfChain(chain []int) []visit {
	c := &vr.r.cfg.PortVisit
	var out []visit
	for _, si := range chain {
		fixes := vr.segs[si].Fixes
		vs := portVisits(c, vr.r.ix, fixes, si, vr.inPort[si])
		if len(out) > 0 && len(vs) > 0 && vr.joinable(&out[len(out)-1], &vs[0]) {
			prev, next := &out[len(out)-1], &vs[0]
			prev.exit, prev.endSeg, prev.endLast, prev.endExit = next.exit, next.seg, next.last, next.exitIdx
			prev.anchor = next.anchor // where the joined stay ends, for a further join
			prev.gap = prev.gap || next.gap ||
				fixes[0].Time-lastFix(vr.segs[prev.seg].Fixes).Time > msOf(c.GapHours)
			if !prev.stop && next.stop {
				prev.stop, prev.stopAnchor = true, next.stopAnchor
			}
			vs = vs[1:]
		}
		out = append(out, vs...)
	}
	return out
}

// joinable reports whether b continues a: a open at its segment's end, b
// open at its segment's start, the anchorage point a ended at within
// exit_km of the one b began at (not the one b left from: a vessel that
// sails out through a port complex ends at another point).
func (vr *vesselRun) joinable(a, b *visit) bool {
	if a.exit || b.entry || a.endLast != len(vr.segs[a.endSeg].Fixes)-1 || b.first != 0 {
		return false
	}
	pa, pb := vr.r.ix.points[a.anchor].Point, vr.r.ix.points[b.firstAnchor].Point
	return fastDistM(pa.Lat, pa.Lon, pb.Lat, pb.Lon) <= vr.r.cfg.PortVisit.ExitKm*1000
}

// visitEvent converts a visit to a port_visit Event.
func (vr *vesselRun) visitEvent(v *visit) Event {
	first := &vr.segs[v.seg].Fixes[v.first]
	end := vr.segs[v.endSeg].Fixes
	last := &end[v.endLast]
	var stop, exit *track.Fix
	if v.stopIdx >= 0 {
		stop = &vr.segs[v.seg].Fixes[v.stopIdx]
	}
	if v.endExit >= 0 {
		exit = &end[v.endExit]
	}
	a := vr.r.ix.points[v.portAnchor()]
	port := a.Ref
	pos := first
	if stop != nil {
		pos = stop
	}
	ev := Event{
		Type: TypePortVisit, MMSI: vr.v.MMSI, Start: first.Time, End: last.Time,
		Lat: pos.Lat, Lon: pos.Lon, Port: &port, Confidence: v.confidence(),
		Attrs: map[string]any{
			"duration_h": round(hours(last.Time-first.Time), 2),
			"entry":      v.entry, "exit": v.exit, "stop": v.stop, "gap": v.gap,
			"port_distance_km": round(fastDistM(pos.Lat, pos.Lon, a.Point.Lat, a.Point.Lon)/1000, 2),
		},
		Evidence: refs(first, stop, last, exit),
	}
	ev.ID = eventID(ev.Type, ev.MMSI, 0, ev.Start, portKey(&port))
	return ev
}

// leftPort reports whether the vessel is known to have left visit a's port
// before visit b: a's exit or b's entry was observed, or b begins more than
// exit_km from where a ended. A visit whose segment just ended in port (in
// a receiver outage, say) followed by one that begins in port at the same
// place is a stay seen twice, not a voyage.
func (vr *vesselRun) leftPort(a, b *visit) bool {
	if a.exit || b.entry {
		return true
	}
	from := &vr.segs[a.endSeg].Fixes[a.endLast]
	to := &vr.segs[b.seg].Fixes[b.first]
	return fixDistM(from, to) > vr.r.cfg.PortVisit.ExitKm*1000
}

// voyageEvent makes the voyage from visit a's exit to visit b's entry.
func (vr *vesselRun) voyageEvent(a, b *visit) Event {
	endFixes := vr.segs[a.endSeg].Fixes
	from := &endFixes[a.endLast]
	if a.endExit >= 0 {
		from = &endFixes[a.endExit]
	}
	to := &vr.segs[b.seg].Fixes[b.first]
	fp, tp := vr.r.ix.points[a.portAnchor()].Ref, vr.r.ix.points[b.portAnchor()].Ref
	ev := Event{
		Type: TypeVoyage, MMSI: vr.v.MMSI, Start: from.Time, End: to.Time,
		Lat: from.Lat, Lon: from.Lon, FromPort: &fp, ToPort: &tp,
		Attrs: map[string]any{
			"duration_h":      round(hours(to.Time-from.Time), 2),
			"great_circle_nm": round(fixDistM(from, to)/metresPerNM, 1),
		},
		Evidence: refs(from, to),
	}
	ev.ID = eventID(ev.Type, ev.MMSI, 0, ev.Start, portKey(&fp), portKey(&tp))
	return ev
}

// portEvents emits port_visit events (confidence ≥ min_confidence) and the
// voyages between consecutive visits of each chain.
func (vr *vesselRun) portEvents() {
	cfg := &vr.r.cfg
	if !cfg.PortVisit.Enabled && !cfg.Voyage.Enabled && !cfg.OnLand.Enabled {
		return
	}
	for _, ch := range vr.chains {
		vs := vr.visitsOfChain(ch)
		var prev *visit
		for i := range vs {
			v := &vs[i]
			conf := v.confidence()
			if v.seg == v.endSeg && v.last-v.first+1 < cfg.PortVisit.MinFixes {
				continue
			}
			if cfg.PortVisit.Enabled && conf >= cfg.PortVisit.MinConfidence {
				vr.emit(vr.visitEvent(v))
			}
			if conf < cfg.Voyage.MinConfidence {
				continue
			}
			if cfg.Voyage.Enabled && prev != nil && vr.leftPort(prev, v) {
				vr.emit(vr.voyageEvent(prev, v))
			}
			prev = v
		}
	}
}

package detect

import (
	"github.com/lookout-osint/lookout/internal/track"
)

// visit is a port visit found in one segment, before joining across
// segments and conversion to an Event.
type visit struct {
	seg         int  // index of the segment in vesselRun.segs
	anchor      int  // anchorage point the visit is judged against (index in the anchor index; follows the vessel through a port complex)
	firstAnchor int  // anchorage point at the first in-port fix
	stopAnchor  int  // anchorage point nearest the first stop, -1 if none
	entry       bool // the entry was observed (the segment did not start in port)
	exit        bool // the exit was observed
	stop, gap   bool // a stop (SOG ≤ stop_sog_kn) or an in-port silence > gap_hours
	first       int  // first in-port fix
	last        int  // last in-port fix
	exitIdx     int  // first fix beyond exit_km, -1 if none
	stopIdx     int  // first stop fix, -1 if none
	// joined visits (the same stay split over segments) carry the later
	// segment's end here.
	endSeg, endLast, endExit int
}

// atSeaSearchM is the radius of the anchorage query made at sea; a miss
// proves no anchorage within it, so the next query waits until the vessel
// may have come within entry_km.
const atSeaSearchM = 20000

// portVisits runs the AT_SEA/IN_PORT state machine of DETECTORS.md §2 over
// one segment. When inPort is non-nil (len(fixes)) it marks the fixes that
// lie within a visit.
func portVisits(c *PortVisitConfig, ix *anchorIndex, fixes []track.Fix, seg int, inPort []bool) []visit {
	entryM, exitM := c.EntryKm*1000, c.ExitKm*1000
	gapMs := msOf(c.GapHours)
	var out []visit
	var cur *visit
	stopped := false
	bound, refLat, refLon := -1.0, 0.0, 0.0 // lower bound on anchorage distance at (refLat, refLon)
	for i := range fixes {
		f := &fixes[i]
		if cur != nil {
			a := &ix.points[cur.anchor].Point
			d := fastDistM(f.Lat, f.Lon, a.Lat, a.Lon)
			if d > entryM {
				if k, _ := ix.nearestPreferWPI(f.Point(), entryM); k >= 0 {
					cur.anchor, d = k, 0
				}
			}
			if d <= exitM {
				cur.last = i
				if inPort != nil {
					inPort[i] = true
				}
				var prev *track.Fix
				if i > 0 {
					prev = &fixes[i-1]
					if f.Time-prev.Time > gapMs {
						cur.gap = true
					}
				}
				sog := sogOrImplied(prev, f)
				switch {
				case !stopped && sog <= c.StopSOGKn:
					stopped = true
					if !cur.stop {
						cur.stop, cur.stopIdx = true, i
						cur.stopAnchor, _ = ix.nearestPreferWPI(f.Point(), entryM)
					}
				case stopped && sog >= c.MoveSOGKn:
					stopped = false
				}
				continue
			}
			cur.exit, cur.exitIdx = true, i
			out = append(out, *cur)
			cur, stopped, bound = nil, false, -1
		}
		if bound > entryM && bound-fastDistM(f.Lat, f.Lon, refLat, refLon) > entryM {
			continue
		}
		k, d := ix.nearest(f.Point(), atSeaSearchM)
		if k < 0 {
			d = atSeaSearchM
		}
		bound, refLat, refLon = d, f.Lat, f.Lon
		if k < 0 || d > entryM {
			continue
		}
		k, _ = ix.nearestPreferWPI(f.Point(), entryM)
		cur = &visit{seg: seg, anchor: k, firstAnchor: k, stopAnchor: -1, entry: i > 0, first: i, last: i, exitIdx: -1, stopIdx: -1}
		if inPort != nil {
			inPort[i] = true
		}
		if f.HasSOG() && float64(f.SOG) <= c.StopSOGKn {
			stopped, cur.stop, cur.stopIdx, cur.stopAnchor = true, true, i, k
		}
	}
	if cur != nil {
		out = append(out, *cur)
	}
	for i := range out {
		out[i].endSeg, out[i].endLast, out[i].endExit = out[i].seg, out[i].last, out[i].exitIdx
	}
	return out
}

// confidence scores a visit per DETECTORS.md §2: 4 = entry and exit and
// stop/gap; 3 = entry or exit, and stop/gap; 2 = stop/gap only; 1 = no
// stop or gap (passing traffic).
func (v *visit) confidence() int {
	if !v.stop && !v.gap {
		return 1
	}
	switch {
	case v.entry && v.exit:
		return 4
	case v.entry || v.exit:
		return 3
	}
	return 2
}

// portAnchor is the anchorage the visit is labelled with: that of the first
// stop, else that of the entry.
func (v *visit) portAnchor() int {
	if v.stopAnchor >= 0 {
		return v.stopAnchor
	}
	return v.anchor
}

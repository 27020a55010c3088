package detect

import (
	"math"
	"sort"

	"github.com/lookout-osint/lookout/internal/track"
)

// darkPortCall reports the gap from off to on when a call at one or more
// watched ports was feasible (DETECTORS.md §3):
// duration ≥ (d(off,P) + d(P,on)) / v_max + min_dwell, or both ends within
// near_km of P and duration ≥ min_dwell. Every feasible port is listed with
// its slack; the event's port is the one with the most slack.
func (vr *vesselRun) darkPortCall(off, on *track.Fix) {
	c := &vr.r.cfg.DarkPortCall
	vmax := vr.speedP95()
	dur := hours(on.Time - off.Time)
	var ports []map[string]any
	best, bestSlack := -1, math.Inf(-1)
	for i := range vr.r.env.Watched {
		w := &vr.r.env.Watched[i]
		dOff := fixDistMTo(off, w)
		dOn := fixDistMTo(on, w)
		slack := dur - ((dOff+dOn)/metresPerNM/vmax + c.MinDwellHours)
		near := dOff <= c.NearKm*1000 && dOn <= c.NearKm*1000 && dur >= c.MinDwellHours
		if slack < 0 && !near {
			continue
		}
		m := portAttr(&w.Ref, math.Min(dOff, dOn))
		m["slack_h"] = round(slack, 2)
		m["near"] = near
		ports = append(ports, m)
		if slack > bestSlack {
			best, bestSlack = i, slack
		}
	}
	if best < 0 {
		return
	}
	sort.SliceStable(ports, func(i, j int) bool { return ports[i]["slack_h"].(float64) > ports[j]["slack_h"].(float64) })
	port := vr.r.env.Watched[best].Ref
	attrs := map[string]any{
		"duration_h": round(dur, 2), "v_max_kn": round(vmax, 1), "ports": ports,
		"distance_nm": round(fixDistM(off, on)/metresPerNM, 2),
	}
	vr.draughtAttrs(attrs, off.Time, on.Time)
	ev := Event{
		Type: TypeDarkPortCall, MMSI: vr.v.MMSI, Start: off.Time, End: on.Time,
		Lat: off.Lat, Lon: off.Lon, Port: &port, Attrs: attrs, Evidence: refs(off, on),
	}
	ev.ID = eventID(ev.Type, ev.MMSI, 0, ev.Start, portKey(&port))
	vr.emit(ev)
}

// fixDistMTo is the great-circle distance from a fix to a watched port.
func fixDistMTo(f *track.Fix, w *WatchedPort) float64 {
	return fixDistM(f, &track.Fix{Lat: w.Point.Lat, Lon: w.Point.Lon})
}

// speedP95 returns the vessel's dark_port_call.speed_percentile speed over
// its moving fixes (reported SOG ≥ 1 kn), or fallback_speed_kn when it has
// fewer than min_speed_fixes of them. Computed once per vessel from a
// 0.1 kn histogram (linear, no sort).
func (vr *vesselRun) speedP95() float64 {
	if vr.vmax > 0 {
		return vr.vmax
	}
	c := &vr.r.cfg.DarkPortCall
	var hist [501]int
	n := 0
	for _, s := range vr.segs {
		for i := range s.Fixes {
			f := &s.Fixes[i]
			if !f.HasSOG() || f.SOG < 1 {
				continue
			}
			hist[int(math.Min(500, math.Round(float64(f.SOG)*10)))]++
			n++
		}
	}
	vr.vmax = c.FallbackKn
	if n < c.MinSpeedFixes || n == 0 {
		return vr.vmax
	}
	want := int(math.Ceil(float64(n) * c.SpeedPercentile / 100))
	acc := 0
	for b, k := range hist {
		if acc += k; acc >= want {
			vr.vmax = math.Max(1, float64(b)/10) // AIS SOG has 0.1 kn resolution: bin b holds b/10
			break
		}
	}
	return vr.vmax
}

// draughtAttrs records the draught reported last before t0 and first after
// it (from the vessel's identities), and the change when both are known: a
// sign of loading or unloading while dark.
func (vr *vesselRun) draughtAttrs(attrs map[string]any, t0, t1 int64) {
	var before, after *track.Identity
	for i := range vr.v.Identities {
		id := &vr.v.Identities[i]
		if id.Draught <= 0 {
			continue
		}
		if id.From <= t0 && (before == nil || id.From > before.From) {
			before = id
		}
		if id.From > t0 && (after == nil || id.From < after.From) {
			after = id
		}
	}
	if before != nil {
		attrs["draught_before_m"] = round(float64(before.Draught), 1)
	}
	if after != nil {
		attrs["draught_after_m"] = round(float64(after.Draught), 1)
	}
	if before != nil && after != nil {
		attrs["draught_change_m"] = round(float64(after.Draught-before.Draught), 1)
	}
}

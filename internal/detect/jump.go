package detect

import (
	"sort"

	"github.com/lookout-osint/lookout/internal/track"
)

// fixRef locates a fix in a vesselRun: segment and index.
type fixRef struct{ seg, i int32 }

// merged returns all the vessel's fixes in time order as references (the
// segments interleave when an MMSI is shared).
func (vr *vesselRun) merged() []fixRef {
	n := 0
	for _, s := range vr.segs {
		n += len(s.Fixes)
	}
	out := make([]fixRef, 0, n)
	for si, s := range vr.segs {
		for i := range s.Fixes {
			out = append(out, fixRef{int32(si), int32(i)})
		}
	}
	if len(vr.segs) > 1 {
		sort.SliceStable(out, func(a, b int) bool { return vr.fix(out[a]).Time < vr.fix(out[b]).Time })
	}
	return out
}

func (vr *vesselRun) fix(r fixRef) *track.Fix { return &vr.segs[r.seg].Fixes[r.i] }

// positionJumps reports isolated fixes whose implied speeds from the
// previous and to the next fix (of the whole MMSI, in time order) both
// exceed position_jump.min_speed_kn while the neighbours agree with each
// other (DETECTORS.md §6). The fix must be alone (a segment of at most two
// fixes, as the segmenter leaves a jump) or inside one segment with both
// neighbours, so that two ships sharing an MMSI do not flag each other.
func (vr *vesselRun) positionJumps() {
	if len(vr.segs) == 1 {
		fixes := vr.segs[0].Fixes
		for i := 1; i+1 < len(fixes); i++ {
			vr.jumpAt(&fixes[i-1], &fixes[i], &fixes[i+1])
		}
		return
	}
	m := vr.merged()
	for k := 1; k+1 < len(m); k++ {
		a, b, c := m[k-1], m[k], m[k+1]
		alone := len(vr.segs[b.seg].Fixes) <= 2
		if alone || (a.seg == b.seg && b.seg == c.seg) {
			vr.jumpAt(vr.fix(a), vr.fix(b), vr.fix(c))
		}
	}
}

// jumpAt checks fix f between its neighbours p and n.
func (vr *vesselRun) jumpAt(p, f, n *track.Fix) {
	lim, minM := vr.r.cfg.PositionJump.MinSpeedKn, vr.r.cfg.PositionJump.MinDistanceNM*metresPerNM
	dIn := fastDistM(p.Lat, p.Lon, f.Lat, f.Lon)
	vIn := speedKn(p, f, dIn)
	if vIn <= lim || dIn < minM {
		return
	}
	dOut := fastDistM(f.Lat, f.Lon, n.Lat, n.Lon)
	vOut := speedKn(f, n, dOut)
	if vOut <= lim || dOut < minM {
		return
	}
	if speedKn(p, n, fastDistM(p.Lat, p.Lon, n.Lat, n.Lon)) > lim {
		return
	}
	ev := Event{
		Type: TypePositionJump, MMSI: vr.v.MMSI, Start: f.Time, End: f.Time,
		Lat: f.Lat, Lon: f.Lon, Evidence: refs(p, f, n),
		Attrs: map[string]any{
			"speed_in_kn":  round(capInf(vIn), 1),
			"speed_out_kn": round(capInf(vOut), 1),
			"jump_nm":      round(fixDistM(p, f)/metresPerNM, 2),
		},
	}
	ev.ID = eventID(ev.Type, ev.MMSI, 0, ev.Start)
	vr.emit(ev)
}

// capInf replaces +Inf (no time between fixes) with a JSON-encodable
// sentinel.
func capInf(v float64) float64 {
	if v > 1e6 {
		return 1e6
	}
	return v
}

package detect

import (
	"strconv"

	"github.com/lookout-osint/lookout/internal/track"
)

// maxOverlapPartners bounds the segments a segment is compared with (the
// next ones in start order), so that an MMSI used by hundreds of devices at
// once (0, 123456789, factory defaults) costs linear time, not quadratic.
// The segmenter keeps at most 20 segments open per MMSI.
const maxOverlapPartners = 20

// identityOverlaps reports, for each pair of segments of the vessel active
// at the same time, the periods longer than identity_overlap.min_hours
// during which they were more than min_distance_nm apart: one MMSI in two
// places at once (shared or cloned, DETECTORS.md §6).
func (vr *vesselRun) identityOverlaps() {
	c := &vr.r.cfg.IdentityOverlap
	for a := 0; a < len(vr.segs); a++ {
		sa := vr.segs[a].Fixes
		if len(sa) < c.MinFixes {
			continue
		}
		for b := a + 1; b < len(vr.segs) && b <= a+maxOverlapPartners; b++ {
			sb := vr.segs[b].Fixes
			if sb[0].Time > lastFix(sa).Time {
				break // segments are in start order: no later one overlaps a
			}
			if len(sb) >= c.MinFixes {
				vr.overlapPair(a, b)
			}
		}
	}
}

// overlapPair walks two time-overlapping segments together, comparing each
// fix with the other segment's latest fix when that is fresh enough.
func (vr *vesselRun) overlapPair(a, b int) {
	c := &vr.r.cfg.IdentityOverlap
	fa, fb := vr.segs[a].Fixes, vr.segs[b].Fixes
	staleMs, minM := msOf(c.MaxStaleMinutes/60), c.MinDistanceNM*metresPerNM
	i, j := 0, 0
	var lastA, lastB *track.Fix
	var run apartRun
	m := overlapMerger{vr: vr, a: a, b: b}
	for i < len(fa) || j < len(fb) {
		if j >= len(fb) || (i < len(fa) && fa[i].Time <= fb[j].Time) {
			lastA, i = &fa[i], i+1
		} else {
			lastB, j = &fb[j], j+1
		}
		apart := false
		if lastA != nil && lastB != nil && absMs(lastA.Time-lastB.Time) <= staleMs {
			d := fastDistM(lastA.Lat, lastA.Lon, lastB.Lat, lastB.Lon)
			if apart = d > minM; apart {
				run.extend(lastA, lastB, d)
			}
		}
		if !apart && run.open() {
			m.add(run)
			run = apartRun{}
		}
	}
	if run.open() {
		m.add(run)
	}
	m.flush()
}

// apartRun is a period during which two segments were apart: the first and
// last fixes of each bounding it, and the largest distance seen.
type apartRun struct {
	fix  [4]*track.Fix // first A, first B, last A, last B
	maxD float64
}

func (r *apartRun) open() bool { return r.fix[0] != nil }

func (r *apartRun) extend(fa, fb *track.Fix, d float64) {
	if r.fix[0] == nil {
		r.fix[0], r.fix[1] = fa, fb
	}
	r.fix[2], r.fix[3] = fa, fb
	r.maxD = max(r.maxD, d)
}

func (r *apartRun) start() int64 { return min(r.fix[0].Time, r.fix[1].Time) }
func (r *apartRun) end() int64   { return max(r.fix[2].Time, r.fix[3].Time) }

// overlapMerger joins the apart runs of one segment pair that last longer
// than min_hours and follow each other within merge_hours into one event:
// one continuous sharing of an MMSI is one identity_overlap, even when a
// lost or stale report interrupts the comparison.
type overlapMerger struct {
	vr      *vesselRun
	a, b    int
	pending apartRun
}

func (m *overlapMerger) add(r apartRun) {
	c := &m.vr.r.cfg.IdentityOverlap
	if hours(r.end()-r.start()) <= c.MinHours {
		return
	}
	if m.pending.open() && hours(r.start()-m.pending.end()) < c.MergeHours {
		m.pending.fix[2], m.pending.fix[3] = r.fix[2], r.fix[3]
		m.pending.maxD = max(m.pending.maxD, r.maxD)
		return
	}
	m.flush()
	m.pending = r
}

func (m *overlapMerger) flush() {
	if m.pending.open() {
		m.vr.overlapEvent(m.a, m.b, m.pending.fix, m.pending.maxD)
		m.pending = apartRun{}
	}
}

func absMs(x int64) int64 {
	if x < 0 {
		return -x
	}
	return x
}

// overlapEvent emits an identity_overlap for a (merged) apart run.
func (vr *vesselRun) overlapEvent(a, b int, run [4]*track.Fix, maxD float64) {
	start, end := min(run[0].Time, run[1].Time), max(run[2].Time, run[3].Time)
	sa, sb := vr.segs[a], vr.segs[b]
	ev := Event{
		Type: TypeIdentityOverlap, MMSI: vr.v.MMSI, Start: start, End: end,
		Lat: run[0].Lat, Lon: run[0].Lon, Evidence: refs(run[0], run[1], run[2], run[3]),
		Attrs: map[string]any{
			"duration_h":      round(hours(end-start), 2),
			"max_distance_nm": round(maxD/metresPerNM, 1),
			"segments":        []string{sa.ID.String(), sb.ID.String()},
			"other_lat":       run[1].Lat, "other_lon": run[1].Lon,
			"identities": vr.identitiesOf(start, end),
		},
	}
	ev.ID = eventID(ev.Type, ev.MMSI, 0, ev.Start, sa.ID.String(), sb.ID.String())
	vr.overlaps = append(vr.overlaps, pendingOverlap{ev: ev, a: a, b: b})
}

// pendingOverlap is an identity_overlap waiting for its identities to be
// attributed to its two segments (emitOverlaps).
type pendingOverlap struct {
	ev   Event
	a, b int // indexes into vr.segs
}

// emitOverlaps adds to each identity_overlap the identities each of its
// two segments' transmitters reported during it (attrs.by_segment; DETECTORS.md
// §6: "with their identities as reported by each") and emits it.
func (vr *vesselRun) emitOverlaps() {
	if len(vr.overlaps) == 0 || !vr.r.cfg.IdentityOverlap.Enabled {
		return
	}
	tx := vr.transmitterIdentities()
	for _, o := range vr.overlaps {
		ev := o.ev
		if tx != nil {
			var by []map[string]any
			for _, s := range []int{o.a, o.b} {
				var ids []*track.Identity
				if c := tx.chainOf[s]; c >= 0 { // always: overlapping segments have min_fixes
					ids = tx.byChain[c]
				}
				by = append(by, map[string]any{
					"segment":    vr.segs[s].ID.String(),
					"identities": identitiesIn(ids, ev.Start, ev.End),
				})
			}
			ev.Attrs["by_segment"] = by
		}
		vr.emit(ev)
	}
}

// identitiesOf lists the distinct (name, IMO, call sign) the vessel
// reported over [t0, t1]: with an MMSI shared by two ships, usually one
// identity per transmitter (identity records carry no segment).
func (vr *vesselRun) identitiesOf(t0, t1 int64) []map[string]any {
	ids := make([]*track.Identity, len(vr.v.Identities))
	for i := range vr.v.Identities {
		ids[i] = &vr.v.Identities[i]
	}
	return identitiesIn(ids, t0, t1)
}

// identitiesIn lists the distinct (name, IMO, call sign) of the reports
// in ids that overlap [t0, t1].
func identitiesIn(all []*track.Identity, t0, t1 int64) []map[string]any {
	var ids []*track.Identity
	for _, id := range all {
		if id.To >= t0 && id.From <= t1 {
			ids = append(ids, id)
		}
	}
	var out []map[string]any
	seen := map[[3]string]bool{}
	for _, id := range ids {
		k := [3]string{cleanText(id.Name), strconv.FormatUint(uint64(id.IMO), 10), cleanText(id.Callsign)}
		if seen[k] || (k[0] == "" && id.IMO == 0 && k[2] == "") {
			continue
		}
		seen[k] = true
		m := map[string]any{"name": k[0], "callsign": k[2]}
		if id.IMO > 0 {
			m["imo"] = id.IMO
		}
		out = append(out, m)
	}
	return out
}

package detect

import "github.com/lookout-osint/lookout/internal/track"

// vesselRun holds the per-vessel state shared by the detectors during
// Runner.Detect.
type vesselRun struct {
	r        *Runner
	v        *Vessel
	segs     []*track.Segment
	chains   [][]int
	inPort   [][]bool // per segment, per fix: within a port visit
	events   []Event
	vmax     float64          // cached speedP95
	hours    []hourBucket     // loitering scratch
	overlaps []pendingOverlap // identity_overlap events (emitted once attributed); any: the MMSI is shared
	tx       *txIdentities    // shared MMSI: reports per transmitter (lazily)
}

func newVesselRun(r *Runner, v *Vessel) *vesselRun {
	vr := &vesselRun{r: r, v: v, segs: sortedSegments(v)}
	vr.chains = chainSegments(vr.segs, r.cfg.Voyage.MaxJoinNM*metresPerNM)
	vr.inPort = make([][]bool, len(vr.segs))
	for i, s := range vr.segs {
		vr.inPort[i] = make([]bool, len(s.Fixes))
	}
	return vr
}

// run runs the per-vessel detectors in dependency order (port visits
// first: on_land needs to know which fixes are in port).
func (vr *vesselRun) run() {
	c := &vr.r.cfg
	vr.portEvents()
	for i, s := range vr.segs {
		if c.Gap.Enabled || c.DarkPortCall.Enabled {
			vr.gaps(s.Fixes)
		}
		if c.Loitering.Enabled {
			vr.loitering(s.Fixes)
		}
		if c.OnLand.Enabled {
			vr.onLand(s.Fixes, vr.inPort[i])
		}
	}
	if c.Gap.Enabled || c.DarkPortCall.Enabled {
		vr.silencesBetweenSegments()
	}
	if c.PositionJump.Enabled {
		vr.positionJumps()
	}
	if c.IdentityOverlap.Enabled || c.IdentityChange.Enabled {
		vr.identityOverlaps() // collects vr.overlaps; identity changes need them
	}
	if c.IdentityChange.Enabled {
		vr.identityChanges()
	}
	vr.emitOverlaps()
}

// emit stamps ev with the computed time and keeps it.
func (vr *vesselRun) emit(ev Event) {
	ev.Computed = vr.r.env.Computed
	vr.events = append(vr.events, ev)
}

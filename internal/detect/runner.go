package detect

import (
	"sort"
)

// Runner runs every detector over a set of vessels in two passes, so that
// what is learned across vessels (anchorages, reception, encounter
// candidates, IMO numbers seen under several MMSIs) is known before it is
// needed:
//
//	r, _ := NewRunner(cfg, env)
//	for each vessel v: r.Observe(&v)       // pass 1
//	for each vessel v: evs = r.Detect(&v)  // pass 2, per-vessel events
//	evs = r.Finish()                       // cross-vessel events (encounters, MMSI changes)
//
// Each pass is linear in fixes. Vessels may be streamed (from a store) in
// any order, but pass 2 must see the same vessels as pass 1. A Runner is not
// safe for concurrent use.
type Runner struct {
	cfg      Config
	env      Env
	ix       *anchorIndex
	stays    *stayCounter
	recep    *reception
	enc      *encounterSampler
	imos     *imoTracker
	learned  []Anchor
	detected bool
}

// NewRunner validates cfg and prepares a run against env.
func NewRunner(cfg Config, env Env) (*Runner, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	r := &Runner{cfg: cfg, env: env, ix: newAnchorIndex(env.Anchors), imos: newIMOTracker()}
	if cfg.Anchorages.Learn {
		r.stays = newStayCounter(&r.cfg.Anchorages, cfg.Gap.MinHours)
	}
	if cfg.Gap.Enabled || (cfg.Anchorages.Learn && cfg.Anchorages.JoinOutages) {
		r.recep = newReception(cfg.Gap.ReceptionCellDeg)
	}
	if cfg.Encounter.Enabled {
		r.enc = newEncounterSampler(&cfg.Encounter)
	}
	return r, nil
}

// Observe is pass 1: it learns from v what the detectors need across
// vessels. It keeps no reference to v.
func (r *Runner) Observe(v *Vessel) {
	segs := sortedSegments(v)
	for _, s := range segs {
		if r.stays != nil {
			r.stays.observe(v.MMSI, s.Fixes)
		}
		if r.recep != nil {
			r.recep.observe(s.Fixes)
		}
		if r.enc != nil {
			r.enc.observe(v.MMSI, s.Fixes)
		}
	}
	if r.stays != nil {
		r.stays.endVessel(v.MMSI)
	}
	r.imos.observe(v)
}

// Anchorages returns the anchorages learned in pass 1, one per anchorage
// at its representative cell (valid once Detect or Finish has been
// called). Port visits find an anchorage near any of its cells.
func (r *Runner) Anchorages() []Anchor { return r.learned }

// endLearning turns pass-1 counts into learned anchorages, once.
func (r *Runner) endLearning() {
	if r.detected {
		return
	}
	r.detected = true
	if r.stays != nil {
		r.stays.resolve(r.recep)
		set := r.stays.anchorages(r.ix)
		r.learned = set.reps
		for _, a := range set.cells {
			r.ix.add(a)
		}
	}
}

// Detect is pass 2: it runs the per-vessel detectors over v and returns
// its events ordered by start time.
func (r *Runner) Detect(v *Vessel) []Event {
	r.endLearning()
	vr := newVesselRun(r, v)
	vr.run()
	sortEvents(vr.events)
	return vr.events
}

// Finish returns the cross-vessel events: encounters and IMO numbers that
// moved to a new MMSI.
func (r *Runner) Finish() []Event {
	r.endLearning()
	var out []Event
	if r.enc != nil {
		out = append(out, r.enc.encounters(r.ix, r.env.Shore, r.env.Computed)...)
	}
	if r.cfg.IdentityChange.Enabled {
		out = append(out, r.imos.events(r.env.Computed)...)
	}
	sortEvents(out)
	return out
}

// Run runs every detector over vessels held in memory and returns all
// events ordered by start time, then type, then id.
func Run(cfg Config, env Env, vessels []Vessel) ([]Event, error) {
	r, err := NewRunner(cfg, env)
	if err != nil {
		return nil, err
	}
	for i := range vessels {
		r.Observe(&vessels[i])
	}
	var out []Event
	for i := range vessels {
		out = append(out, r.Detect(&vessels[i])...)
	}
	out = append(out, r.Finish()...)
	sortEvents(out)
	return out, nil
}

// sortEvents orders events by start, type, MMSI and id.
func sortEvents(evs []Event) {
	sort.Slice(evs, func(i, j int) bool {
		a, b := &evs[i], &evs[j]
		if a.Start != b.Start {
			return a.Start < b.Start
		}
		if a.Type != b.Type {
			return a.Type < b.Type
		}
		if a.MMSI != b.MMSI {
			return a.MMSI < b.MMSI
		}
		return a.ID < b.ID
	})
}

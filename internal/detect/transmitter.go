package detect

import (
	"math"

	"github.com/lookout-osint/lookout/internal/track"
)

// When one MMSI is shared by two ships (an identity_overlap: segments far
// apart at the same time), their identity reports interleave and would
// read as renames back and forth (TWIN A, TWIN B, TWIN A…). Identity
// changes are then detected per transmitter: the vessel's segments are
// split into chains that never overlap in time (one per transmitter), and
// each report is attached to the chain active when it was sent
// (DETECTORS.md §1: identity messages attach to the segment active at that
// time). A report carries no position, so when several chains are active
// at once the time cannot tell which one sent it; the value can: it goes to
// the chain that already reports that value, else to one that has reported
// nothing yet, else to the one whose value was heard least recently (the
// transmitter that was renamed stops sending its old value).

// txIdentities is the attribution of a shared MMSI's identity reports to
// its transmitters, computed once per vessel.
type txIdentities struct {
	ids     []*track.Identity   // the vessel's reports, sorted by From
	chains  [][]int             // segment indexes of each transmitter
	chainOf []int               // per segment: its transmitter, -1 for none
	active  [][]int             // per report: the transmitters it may come from
	byChain [][]*track.Identity // per transmitter: its reports, attributed by (name, IMO, call sign)
}

// transmitterIdentities returns the attribution of the vessel's identity
// reports to transmitters, or nil when the MMSI is not shared.
func (vr *vesselRun) transmitterIdentities() *txIdentities {
	if vr.tx != nil || len(vr.overlaps) == 0 {
		return vr.tx
	}
	chains := vr.transmitters()
	if chains == nil {
		return nil
	}
	tx := &txIdentities{ids: vr.sortedIdentities(), chains: chains, chainOf: make([]int, len(vr.segs))}
	for i := range tx.chainOf {
		tx.chainOf[i] = -1
	}
	for c, ch := range chains {
		for _, s := range ch {
			tx.chainOf[s] = c
		}
	}
	tx.active = vr.activeChains(tx.ids, chains, msOf(vr.r.cfg.IdentityOverlap.MaxStaleMinutes/60))
	tx.byChain = splitByTransmitter(tx.ids, wholeIdentity, tx.active, len(chains))
	vr.tx = tx
	return tx
}

// wholeIdentity compares reports by name, IMO and call sign together, to
// attribute whole identities (identity_overlap's by_segment).
var wholeIdentity = identityField{name: "identity", value: func(id *track.Identity) string {
	k := cleanText(id.Name) + "|" + uintText(id.IMO) + "|" + cleanText(id.Callsign)
	if k == "||" {
		return ""
	}
	return k
}}

// transmitters returns the segment indexes (into vr.segs) of each
// transmitter of a shared MMSI, or nil when the vessel had no
// identity_overlap (one transmitter: one stream of reports). Segments with
// fewer than identity_overlap.min_fixes fixes belong to none.
func (vr *vesselRun) transmitters() [][]int {
	if len(vr.overlaps) == 0 {
		return nil
	}
	minFixes := vr.r.cfg.IdentityOverlap.MinFixes
	var chains [][]int
	for i, s := range vr.segs {
		if len(s.Fixes) < minFixes {
			continue
		}
		best, bestD := -1, math.Inf(1)
		for c, ch := range chains {
			prev := lastFix(vr.segs[ch[len(ch)-1]].Fixes)
			if prev.Time >= s.Fixes[0].Time {
				continue // overlaps in time: another transmitter
			}
			if d := fastDistM(prev.Lat, prev.Lon, s.Fixes[0].Lat, s.Fixes[0].Lon); d < bestD {
				best, bestD = c, d
			}
		}
		if best < 0 {
			chains = append(chains, []int{i})
		} else {
			chains[best] = append(chains[best], i)
		}
	}
	if len(chains) < 2 {
		return nil
	}
	return chains
}

// activeChains returns, for each report in ids (sorted by From), the
// chains with a fix within tolMs of the report's time; when none is, the
// chain nearest in time.
func (vr *vesselRun) activeChains(ids []*track.Identity, chains [][]int, tolMs int64) [][]int {
	out := make([][]int, len(ids))
	next := make([]int, len(chains)) // per chain: first segment not ended before the current report
	for k, id := range ids {
		t := id.From
		nearest, nearestD := 0, int64(math.MaxInt64)
		for c, ch := range chains {
			for next[c] < len(ch)-1 && vr.segs[ch[next[c]]].End()+tolMs < t {
				next[c]++
			}
			d := timeDistMs(vr.segs[ch[next[c]]], t)
			if next[c] > 0 {
				d = min(d, timeDistMs(vr.segs[ch[next[c]-1]], t))
			}
			if d <= tolMs {
				out[k] = append(out[k], c)
			}
			if d < nearestD {
				nearest, nearestD = c, d
			}
		}
		if len(out[k]) == 0 {
			out[k] = []int{nearest}
		}
	}
	return out
}

// timeDistMs returns how far t lies outside s's time span (0 inside).
func timeDistMs(s *track.Segment, t int64) int64 {
	switch {
	case t < s.Start():
		return s.Start() - t
	case t > s.End():
		return t - s.End()
	}
	return 0
}

// splitByTransmitter returns the reports of one field per transmitter;
// active holds each report's candidate chains (activeChains).
func splitByTransmitter(ids []*track.Identity, fld identityField, active [][]int, nChains int) [][]*track.Identity {
	out := make([][]*track.Identity, nChains)
	cur := make([]string, nChains)
	heard := make([]int64, nChains)
	for k, id := range ids {
		v := fld.value(id)
		if v == "" {
			continue
		}
		c := pickChain(active[k], v, cur, heard)
		out[c] = append(out[c], id)
		cur[c], heard[c] = v, max(id.To, id.From)
	}
	return out
}

// pickChain chooses which of the candidate chains sent a report of value
// v: the one already reporting v, else one that has reported nothing, else
// the one whose value was heard least recently.
func pickChain(cands []int, v string, cur []string, heard []int64) int {
	best := cands[0]
	for _, c := range cands {
		if cur[c] == v {
			return c
		}
	}
	for _, c := range cands {
		if cur[c] == "" {
			return c
		}
		if heard[c] < heard[best] {
			best = c
		}
	}
	return best
}

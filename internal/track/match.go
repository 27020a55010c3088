package track

import "math"

const msPerHour = 3600 * 1000.0

// place puts n (its kin in s.kin) into the best-matching open segment of
// v, or opens a new one when none matches or the best match is ambiguous.
func (s *Segmenter) place(v *vessel, n *Fix) {
	if len(v.segs) == 1 { // the usual case: no candidate list to keep
		if m, drop, ok := s.match(v.segs[0], n); ok {
			if drop == 0 { // the usual case: nothing to drop
				s.push(v.segs[0], n, m)
			} else {
				s.extend(v, v.segs[0], n, m, drop)
			}
		} else {
			s.open(v, n)
		}
		return
	}
	s.cands = s.cands[:0]
	for i, g := range v.segs {
		if m, drop, ok := s.match(g, n); ok {
			s.cands = append(s.cands, candidate{idx: i, metric: m, drop: drop})
		}
	}
	switch len(s.cands) {
	case 0:
		s.open(v, n)
	case 1:
		c := &s.cands[0]
		s.extend(v, v.segs[c.idx], n, c.metric, c.drop)
	default:
		s.choose(v, n)
	}
}

// choose decides between several matching segments. Short segments are
// down-weighted (a new segment of one stray fix should not steal a long
// track's fixes); if the runner-up scores within AmbiguityFactor of the
// best, no segment can be trusted with the fix: all close contenders are
// closed and the fix starts a new segment.
func (s *Segmenter) choose(v *vessel, n *Fix) {
	best := 0
	for i := range s.cands {
		c := &s.cands[i]
		a := float64(v.segs[c.idx].n) / s.cfg.ShortSegThreshold
		c.score = c.metric.value() * a / math.Sqrt(1+a*a)
		if c.score > s.cands[best].score {
			best = i
		}
	}
	ambiguous := false
	for i := range s.cands {
		if i != best && s.cands[i].score*s.cfg.AmbiguityFactor >= s.cands[best].score {
			ambiguous = true
		}
	}
	if !ambiguous {
		c := &s.cands[best]
		s.extend(v, v.segs[c.idx], n, c.metric, c.drop)
		return
	}
	bestScore := s.cands[best].score
	// Close from the highest index down so the indices stay valid.
	for i := len(s.cands) - 1; i >= 0; i-- {
		if c := s.cands[i]; i == best || c.score*s.cfg.AmbiguityFactor >= bestScore {
			s.closeSeg(v, c.idx, &s.stats.ClosedAmbiguous)
		}
	}
	s.open(v, n)
}

// match scores n (its kin in s.kin) against the newest Lookback fixes of
// g (newest first). A match to an earlier fix drops the fixes after it,
// and is taken only when its score, divided by look-back × LookbackFactor,
// beats both the score with which the first dropped fix joined and every
// nearer match. The newest fix is always scored, with the kin its segment
// keeps (the first match needs no exponential); lookBack goes on with the
// older ones. It returns the best match's score (transponder weight
// applied) and how many of g's newest fixes it drops; found is false when
// none matches.
func (s *Segmenter) match(g *segState, n *Fix) (best score, drop int, found bool) {
	w := &g.win
	prev := w.newest(0) // an open segment's window always holds its newest fix
	dt := n.Time - prev.Time
	if dt > s.cfg.MaxGapMs {
		return best, 0, false // older ones are further still
	}
	weight := s.transponderWeight(g, n)
	hours := float64(dt) / msPerHour
	padded := s.cfg.paddedHours(hours)
	var ph float64
	if s.k.sqrtHours { // penalizedHours, without a call
		ph = s.k.sqrtPenalized(hours, s.cfg.PenaltyHours)
	} else {
		ph = s.cfg.penalizedHours(hours)
	}
	disc := discrepancy(&prev.Fix, &g.kin, n, &s.kin, ph, s.cfg.ShapeFactor)
	if m, ok := s.metric(disc, padded, weight); ok && m.a2 <= 700 { // exp(-700) underflows: a zero score is no match
		best, found = m, true
	}
	if w.n == 1 {
		return best, 0, found
	}
	// lookBack's first step, which mostly ends it: its bound for the
	// second newest fix (lb 1, bestDiv 1) against the newest's score.
	if dt := n.Time - w.newest(1).Time; dt > s.cfg.MaxGapMs {
		return best, 0, found
	} else if found {
		ub := weight / (s.cfg.paddedHours(float64(dt)/msPerHour) * s.k.div1)
		if ub <= best.lower() || ub <= best.value() {
			return best, 0, found
		}
	}
	return s.lookBack(g, n, weight, best, found)
}

// lookBack is match's loop over g's fixes older than the newest, given
// weight and what the newest gave.
func (s *Segmenter) lookBack(g *segState, n *Fix, weight float64, best score, found bool) (score, int, bool) {
	bestDiv, drop := 1.0, 0
	for lb := 1; lb < g.win.n; lb++ {
		prev := g.win.newest(lb)
		dt := n.Time - prev.Time
		if dt > s.cfg.MaxGapMs {
			break // older ones are further still
		}
		hours := float64(dt) / msPerHour
		padded := s.cfg.paddedHours(hours)
		div := max(1, float64(lb)*s.cfg.LookbackFactor)
		// exp(-α²) ≤ 1 bounds the score; the bound only falls with lb, so
		// once a perfect match could not beat the best, none further can.
		ub := weight / (padded * div)
		if found {
			if ub <= best.lower()/bestDiv || ub <= best.value()/bestDiv {
				break
			}
		}
		existing := g.win.newest(lb - 1).metric.value()
		if ub <= existing {
			continue
		}
		older := kinOf(&prev.Fix) // the segment keeps the kin of its newest fix only
		disc := discrepancy(&prev.Fix, &older, n, &s.kin, s.penalizedHours(hours), s.cfg.ShapeFactor)
		m, ok := s.metric(disc, padded, weight)
		if !ok || m.a2 > 700 {
			continue
		}
		// Compare exactly.
		if ml := m.value() / div; ml <= existing || (found && ml <= best.value()/bestDiv) || ml == 0 {
			continue
		}
		best, drop, bestDiv, found = m, lb, div, true
	}
	return best, drop, found
}

// transponderWeight is TransponderMismatchWeight when n's class is known
// and none of g's newest fixes has it while some have a known class, else
// 1. Unknown classes (CSV sources) never count as a mismatch.
func (s *Segmenter) transponderWeight(g *segState, n *Fix) float64 {
	w := &g.win
	if n.Class != ClassUnknown && !w.has(n.Class) && (w.has(ClassA) || w.has(ClassB)) {
		return s.cfg.TransponderMismatchWeight
	}
	return 1
}

// extend adds n, which matched with score m, to g, first dropping the
// newest drop fixes, which the look-back skipped.
func (s *Segmenter) extend(v *vessel, g *segState, n *Fix, m score, drop int) {
	for range drop {
		// Never an emitted fix: only the oldest fix in the window can be
		// emitted, and the matched fix is that one or a newer one (so
		// win.final stays ≤ win.n).
		last := g.win.newest(0)
		s.out = append(s.out, Assigned{Fix: last.Fix, Reason: ReasonLookback})
		s.stats.Counts[ReasonLookback]++
		s.pending--
		g.n--
		g.win.pop()
	}
	s.push(g, n, m)
}

// open starts a segment with n, first closing the least recently updated
// segments if the MMSI is at MaxOpenSegments.
func (s *Segmenter) open(v *vessel, n *Fix) {
	for len(v.segs) >= s.cfg.MaxOpenSegments {
		oldest := 0
		for i, g := range v.segs {
			if g.last < v.segs[oldest].last {
				oldest = i
			}
		}
		s.closeSeg(v, oldest, &s.stats.ClosedCap)
	}
	id := SegmentID{MMSI: n.MMSI, Start: n.Time}
	if v.started && v.lastStart == n.Time && v.lastSeq != math.MaxUint32 {
		id.Seq = v.lastSeq + 1
	}
	v.lastStart, v.lastSeq, v.started = id.Start, id.Seq, true
	g := s.newSeg(v, id)
	if v.segs == nil {
		v.segs = v.segBuf[:0] // vessels never move
	}
	v.segs = append(v.segs, g)
	s.stats.Opened++
	s.push(g, n, score{})
}

// newSeg returns a new segment state for v: v's own one when free.
func (s *Segmenter) newSeg(v *vessel, id SegmentID) *segState {
	var g *segState
	if !v.ownUsed {
		g, v.ownUsed = &v.own, true
		if g.win.buf == nil {
			g.win.buf = s.ownWindow(v)
		}
	} else if k := len(s.free); k > 0 {
		g = s.free[k-1]
		s.free = s.free[:k-1]
	} else {
		g = s.allocSeg()
	}
	g.id, g.n, g.last = id, 0, 0
	g.win.reset()
	return g
}

// segSlab is how many segment states (with their windows) one allocation
// makes; closed ones are reused through s.free.
const segSlab = 128

// ownWindow returns the window nodes of v's own segment: in v when
// Lookback allows, else from the slab.
func (s *Segmenter) ownWindow(v *vessel) []node {
	lb := s.cfg.Lookback
	if lb <= ownNodes {
		return v.ownNodes[:lb:lb]
	}
	return make([]node, lb)
}

// allocSeg returns a new segment state from the current slab.
func (s *Segmenter) allocSeg() *segState {
	if len(s.segSlab) == 0 {
		s.segSlab = make([]segState, segSlab)
		s.nodeSlab = make([]node, segSlab*s.cfg.Lookback)
	}
	g := &s.segSlab[0]
	s.segSlab = s.segSlab[1:]
	lb := s.cfg.Lookback
	g.win.buf = s.nodeSlab[:lb:lb]
	s.nodeSlab = s.nodeSlab[lb:]
	return g
}

// push appends n (its kin in s.kin), which joins with score m, to g and
// emits the fixes that can no longer be dropped: all but the newest
// Lookback-1 (the window holds Lookback, so the oldest is always final
// before it leaves).
func (s *Segmenter) push(g *segState, n *Fix, m score) {
	w := &g.win
	w.push(n, m)
	g.kin = s.kin
	g.n++
	g.last = n.Time
	final, limit := w.final, w.n-(s.cfg.Lookback-1)
	for ; final < limit; final++ {
		s.keep(w.at(final), g.id)
	}
	w.final = final
}

// hasClass reports whether any of g's newest fixes has class c.
func (g *segState) hasClass(c Class) bool { return g.win.has(c) }

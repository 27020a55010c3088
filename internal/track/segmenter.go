package track

import (
	"fmt"
	"slices"
)

// Assigned is the segmenter's final word on one input fix: the segment it
// belongs to, or why it was dropped.
type Assigned struct {
	Fix    Fix
	Seg    SegmentID // zero when dropped
	Reason Reason    // ReasonNone when kept in Seg
}

// SegmenterStats counts what a Segmenter did. Counts[ReasonNone] is the
// number of fixes finally kept in a segment; fixes still pending (see
// Segmenter.Pending) are in no count yet.
type SegmenterStats struct {
	Counts          Counts
	Opened          uint64 // segments opened
	ClosedIdle      uint64 // closed after MaxGapMs without a fix
	ClosedCap       uint64 // closed to respect MaxOpenSegments
	ClosedAmbiguous uint64 // closed because a fix matched several equally well
	ClosedFlush     uint64 // closed by Flush or FlushMMSI
}

// Segmenter splits each MMSI's time-ordered fixes into segments that are
// each physically plausible for one transmitter, by GFW's discrepancy
// matcher (DETECTORS.md §1; see SegmenterConfig for the knobs).
//
// It streams: feed fixes with Add, in time order per MMSI (different MMSIs
// may interleave freely; use Reorder upstream for slightly disordered
// input). A fix's segment is decided only once it can no longer be dropped
// by the look-back (up to Lookback-1 later fixes of its segment, or when
// its segment closes), so Add returns the decisions that became final with
// this fix, which may concern earlier fixes. Every fix given to Add comes
// out exactly once: kept in a segment or dropped with a Reason, and Flush
// returns all that are still pending.
//
// Memory is bounded per MMSI: at most MaxOpenSegments open segments of
// Lookback fixes each. Call Expire now and then on a live stream to forget
// vessels idle for more than MaxGapMs. A Segmenter is not safe for
// concurrent use; shard by MMSI to use several.
type Segmenter struct {
	cfg      SegmenterConfig
	vessels  map[uint32]*vessel
	free     []*segState
	segSlab  []segState // unused segment states of the current slab
	nodeSlab []node     // unused window slots of the current slab
	cands    []candidate
	out      []Assigned
	pending  int
	stats    SegmenterStats
	recent   *[vesselCacheSize]cachedVessel // direct-mapped cache in front of vessels
	kin      kin                            // the kin of the fix being placed
	k        derived                        // constants derived from cfg
}

// vesselCacheSize is the number of slots of the Segmenter's vessel cache:
// a lookup there (an index and a compare) costs a fraction of a map lookup,
// which was ~8% of Add in a profile of BenchmarkSegmenter.
const vesselCacheSize = 4096

// cachedVessel is one slot of the vessel cache; v nil is an empty slot.
type cachedVessel struct {
	mmsi uint32
	v    *vessel
}

// vessel is the state of one MMSI. Its first open segment is usually its
// own one, in line with the window's nodes (for a Lookback up to
// ownNodes): most vessels have one segment, and then one fix touches
// memory at fixed offsets from the vessel instead of following pointers
// from miss to miss. The layout (576 bytes, nodes at 256) keeps the nodes
// on cache-line boundaries wherever the vessel is 64-byte aligned.
type vessel struct {
	segs      []*segState  // open segments, oldest first; in segBuf while they fit
	segBuf    [2]*segState // the usual one or two open segments, in line
	lastTime  int64        // time of the newest fix accepted
	lastStart int64        // start time of the newest segment
	lastSeq   uint32       // its Seq
	started   bool         // a segment was opened (lastStart is set)
	ownUsed   bool         // own is one of segs
	seen      bool         // a fix was accepted (lastTime is set)
	trig      trigCache
	own       segState
	_         [8]byte
	ownNodes  [ownNodes]node // own's window when Lookback ≤ ownNodes
}

// reset makes v as new, keeping its memory (segments all closed).
func (v *vessel) reset() {
	buf := v.own.win.buf
	segs := v.segs[:0]
	*v = vessel{segs: segs}
	v.own.win.buf = buf
}

// ownNodes is the number of window nodes a vessel has in line: the
// default Lookback.
const ownNodes = 5

// segState is one open segment: its newest Lookback fixes in a window; the
// ones not yet emitted (from win.final on) are still tentative.
type segState struct {
	id   SegmentID
	n    int   // fixes kept so far (for the short-segment weight)
	last int64 // time of the newest fix
	win  window
	kin  kin // of the newest fix, when win.n > 0
}

// candidate is one open segment that could take the new fix.
type candidate struct {
	idx    int     // index in vessel.segs
	metric score   // match score (transponder weight applied)
	drop   int     // newest fixes to drop if chosen (look-back)
	score  float64 // metric weighted by segment length, to compare segments
}

// NewSegmenter returns a Segmenter with cfg, or an error wrapping ErrConfig.
func NewSegmenter(cfg SegmenterConfig) (*Segmenter, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	return &Segmenter{cfg: cfg, vessels: make(map[uint32]*vessel), k: derive(&cfg)}, nil
}

// Config returns the configuration in use.
func (s *Segmenter) Config() SegmenterConfig { return s.cfg }

// Stats returns the counters so far.
func (s *Segmenter) Stats() SegmenterStats { return s.stats }

// Pending returns the number of fixes accepted but not yet returned.
func (s *Segmenter) Pending() int { return s.pending }

// Vessels returns the number of MMSIs the Segmenter holds state for.
func (s *Segmenter) Vessels() int { return len(s.vessels) }

// OpenSegments returns the number of open segments over all MMSIs.
func (s *Segmenter) OpenSegments() int {
	n := 0
	for _, v := range s.vessels {
		n += len(v.segs)
	}
	return n
}

// Add feeds one fix and appends to dst the decisions that became final,
// returning the extended slice (pass dst[:0] to reuse a buffer; no
// allocation per fix in steady state). f is copied; the caller may reuse it.
//
// A fix that fails CheckFix, or is older than the newest fix already given
// for its MMSI, is returned at once as dropped.
func (s *Segmenter) Add(dst []Assigned, f *Fix) []Assigned {
	s.out = dst
	// accept reads f after it may have appended decisions to s.out, so a
	// caller's f that lives in dst's spare capacity must be copied first.
	fix := *f
	if r := CheckFix(&fix); r != ReasonNone {
		s.drop(&fix, r)
		return s.take()
	}
	s.accept(s.vessel(fix.MMSI), &fix)
	return s.take()
}

// accept segments f, which passed CheckFix, as a fix of vessel v,
// appending the decisions that became final to s.out.
func (s *Segmenter) accept(v *vessel, f *Fix) {
	if v.seen && f.Time < v.lastTime {
		s.drop(f, ReasonOutOfOrder)
		return
	}
	v.seen, v.lastTime = true, f.Time
	s.pending++
	s.kin.set(f.Lat, f.SOG, f.COG, &v.trig)
	if len(v.segs) != 1 || f.Time-v.segs[0].last > s.cfg.MaxGapMs { // else none is idle
		s.closeIdle(v, f.Time)
	}
	s.place(v, f)
}

// Flush closes every open segment and appends all pending decisions to dst,
// MMSI by MMSI in ascending order. The Segmenter is empty afterwards and may
// be reused.
func (s *Segmenter) Flush(dst []Assigned) []Assigned {
	s.out = dst
	for _, m := range s.sortedMMSIs(func(*vessel) bool { return true }) {
		s.flushVessel(m)
	}
	return s.take()
}

// FlushMMSI closes the open segments of one MMSI and forgets it: for input
// sorted by MMSI, calling it when the MMSI changes keeps memory to one
// vessel.
func (s *Segmenter) FlushMMSI(dst []Assigned, mmsi uint32) []Assigned {
	s.out = dst
	if _, ok := s.vessels[mmsi]; ok {
		s.flushVessel(mmsi)
	}
	return s.take()
}

// Expire closes segments with no fix for more than MaxGapMs before now (a
// time from the data, e.g. the newest fix seen, never the wall clock) and
// forgets vessels left without open segments. Only call it on input that is
// roughly time-ordered across MMSIs; for input sorted by MMSI use FlushMMSI.
func (s *Segmenter) Expire(dst []Assigned, now int64) []Assigned {
	s.out = dst
	idle := func(v *vessel) bool { return now-v.lastTime > s.cfg.MaxGapMs }
	stale := func(v *vessel) bool {
		for _, g := range v.segs {
			if now-g.last > s.cfg.MaxGapMs {
				return true
			}
		}
		return idle(v)
	}
	for _, m := range s.sortedMMSIs(stale) {
		v := s.vessels[m]
		s.closeIdle(v, now)
		if len(v.segs) == 0 && idle(v) {
			s.forget(m)
		}
	}
	return s.take()
}

// Active returns the open segment of mmsi that an identity report of the
// given transponder class should attach to: the most recently updated open
// segment whose recent fixes include that class, else the most recently
// updated one. ok is false when the MMSI has no open segment.
func (s *Segmenter) Active(mmsi uint32, class Class) (id SegmentID, ok bool) {
	v := s.vessels[mmsi]
	if v == nil || len(v.segs) == 0 {
		return SegmentID{}, false
	}
	var best, bestClass *segState
	for _, g := range v.segs {
		if best == nil || g.last >= best.last {
			best = g
		}
		if class != ClassUnknown && g.hasClass(class) && (bestClass == nil || g.last >= bestClass.last) {
			bestClass = g
		}
	}
	if bestClass != nil {
		return bestClass.id, true
	}
	return best.id, true
}

// Tentative appends to dst the fixes of mmsi that are accepted but not yet
// final (at most Lookback-1 per open segment), in time order per segment,
// with the segment they belong to for now: a later fix may still drop them
// (look-back). A live view can show them; durable output should wait for
// Add or Flush to return them. It changes nothing.
func (s *Segmenter) Tentative(dst []Assigned, mmsi uint32) []Assigned {
	v := s.vessels[mmsi]
	if v == nil {
		return dst
	}
	for _, g := range v.segs {
		for j := g.win.final; j < g.win.n; j++ {
			dst = append(dst, Assigned{Fix: g.win.at(j).Fix, Seg: g.id})
		}
	}
	return dst
}

func (s *Segmenter) take() []Assigned {
	out := s.out
	s.out = nil
	return out
}

func (s *Segmenter) drop(f *Fix, r Reason) {
	s.out = append(s.out, Assigned{Fix: *f, Reason: r})
	s.stats.Counts[r]++
}

func (s *Segmenter) keep(n *node, id SegmentID) {
	s.out = append(s.out, Assigned{})
	a := &s.out[len(s.out)-1] // filled in place, not built and copied
	a.Fix, a.Seg = n.Fix, id
	s.stats.Counts[ReasonNone]++
	s.pending--
}

// vessel returns the state of mmsi, creating it.
func (s *Segmenter) vessel(mmsi uint32) *vessel {
	if s.recent == nil {
		s.recent = new([vesselCacheSize]cachedVessel)
	}
	c := &s.recent[mmsi%vesselCacheSize]
	if c.v != nil && c.mmsi == mmsi {
		return c.v
	}
	v := s.vessels[mmsi]
	if v == nil {
		v = &vessel{}
		s.vessels[mmsi] = v
	}
	c.mmsi, c.v = mmsi, v
	return v
}

// forget deletes mmsi's state.
func (s *Segmenter) forget(mmsi uint32) {
	delete(s.vessels, mmsi)
	if s.recent != nil {
		if c := &s.recent[mmsi%vesselCacheSize]; c.mmsi == mmsi {
			*c = cachedVessel{}
		}
	}
}

func (s *Segmenter) sortedMMSIs(pred func(*vessel) bool) []uint32 {
	var ms []uint32
	for m, v := range s.vessels {
		if pred(v) {
			ms = append(ms, m)
		}
	}
	slices.Sort(ms)
	return ms
}

func (s *Segmenter) flushVessel(mmsi uint32) {
	s.closeAll(s.vessels[mmsi])
	s.forget(mmsi)
}

// closeAll closes every open segment of v, oldest first.
func (s *Segmenter) closeAll(v *vessel) {
	for len(v.segs) > 0 {
		s.closeSeg(v, 0, &s.stats.ClosedFlush)
	}
}

// closeIdle closes v's segments whose newest fix is more than MaxGapMs
// before t.
func (s *Segmenter) closeIdle(v *vessel, t int64) {
	for i := 0; i < len(v.segs); {
		if t-v.segs[i].last > s.cfg.MaxGapMs {
			s.closeSeg(v, i, &s.stats.ClosedIdle)
			continue
		}
		i++
	}
}

// closeSeg emits the pending fixes of v.segs[i] and removes it.
func (s *Segmenter) closeSeg(v *vessel, i int, counter *uint64) {
	g := v.segs[i]
	for j := g.win.final; j < g.win.n; j++ {
		s.keep(g.win.at(j), g.id)
	}
	v.segs = slices.Delete(v.segs, i, i+1)
	*counter++
	g.win.reset()
	if g == &v.own {
		v.ownUsed = false
	} else {
		s.free = append(s.free, g)
	}
}

// String summarises the Segmenter's state, for debugging.
func (s *Segmenter) String() string {
	return fmt.Sprintf("Segmenter{vessels: %d, pending: %d}", len(s.vessels), s.pending)
}

package track

import (
	"math"
	"slices"
	"unsafe"
)

// DefaultReorderWindowMs is the default out-of-order tolerance: satellite
// AIS and merged receiver feeds deliver reports of one vessel up to minutes
// out of order.
const DefaultReorderWindowMs = 10 * 60 * 1000

// Reorder accepts fixes slightly out of time order and releases them in
// time order per MMSI (stable for equal times), which is what Dedupe and the
// Segmenter need. A fix is held until a fix of the same MMSI at least
// WindowMs newer arrives (or Advance / Flush); a fix older than one already
// released for its MMSI is too late: Push reports it and counts it in
// Counts[ReasonTooLate].
//
// Order across MMSIs is not restored: each MMSI has its own clock, so input
// sorted by MMSI, or files of different days fed one after the other, work.
// Memory is the fixes of the last WindowMs of each MMSI (in a ring of at
// least 8 slots, the first carved from shared slabs) plus a few bytes per
// MMSI ever seen (its release time). Not safe for concurrent use. Chain
// runs the same per-MMSI buffer fused with Dedupe and the Segmenter.
type Reorder struct {
	WindowMs int64
	Counts   Counts // Counts[ReasonNone] released, Counts[ReasonTooLate] rejected
	vessels  map[uint32]*reorderBuf
	held     int
	slabs    reorderSlabs
	recent   *[vesselCacheSize]cachedReorderBuf // direct-mapped cache in front of vessels
}

// cachedReorderBuf is one slot of Reorder's vessel cache; b nil is empty.
type cachedReorderBuf struct {
	mmsi uint32
	b    *reorderBuf
}

// New vessels take their state and first few fix slots from slabs, one
// allocation for many vessels instead of several per vessel.
const (
	reorderSlabVessels = 256
	reorderFirstFixes  = 8 // a power of two: rings index with a mask
)

// reorderSlabs hands out vessel states and first rings.
type reorderSlabs struct {
	bufs  []reorderBuf // free vessel states
	fixes []heldFix    // free first-ring slots
}

// heldFix is a ring slot: a Fix padded to 64 bytes, so that in the
// (page-aligned) slabs and rings each held fix is one cache line, where
// 48-byte slots would straddle two every other time: holding a fix writes
// one line and releasing it reads one.
type heldFix struct {
	Fix
	_ [64 - unsafe.Sizeof(Fix{})]byte
}

// buf returns a new, empty vessel state.
func (s *reorderSlabs) buf() *reorderBuf {
	if len(s.bufs) == 0 {
		s.bufs = make([]reorderBuf, reorderSlabVessels)
	}
	b := &s.bufs[0]
	s.bufs = s.bufs[1:]
	b.reset()
	return b
}

// ring returns reorderFirstFixes free fix slots.
func (s *reorderSlabs) ring() []heldFix {
	if len(s.fixes) < reorderFirstFixes {
		s.fixes = make([]heldFix, reorderSlabVessels*reorderFirstFixes)
	}
	r := s.fixes[:reorderFirstFixes:reorderFirstFixes]
	s.fixes = s.fixes[reorderFirstFixes:]
	return r
}

// reorderBuf is one MMSI's held fixes: ring[(head+i)&(len(ring)-1)] for
// i in [0, n), in time order (stable for equal times). The ring's length
// is 0 or a power of two. It is 56 bytes: with Chain's word for the
// caller, one cache line, which tells whether a fix is due without
// reading the ring (oldest).
type reorderBuf struct {
	ring     []heldFix
	head     int32
	n        int32
	newest   int64 // newest time pushed (math.MinInt64 before the first)
	released int64 // time of the last fix released (math.MinInt64 before the first)
	oldest   int64 // time of the oldest held fix, when n > 0
}

// reset empties b and forgets its release time (its ring is kept).
func (b *reorderBuf) reset() {
	b.head, b.n, b.newest, b.released = 0, 0, math.MinInt64, math.MinInt64
}

// due reports whether a fix is held with Time ≤ limit.
func (b *reorderBuf) due(limit int64) bool { return b.n > 0 && b.oldest <= limit }

// late reports whether f is older than a fix already released.
func (b *reorderBuf) late(f *Fix) bool { return f.Time < b.released }

// at returns the i-th held fix, 0 the oldest.
func (b *reorderBuf) at(i int) *Fix { return &b.ring[(int(b.head)+i)&(len(b.ring)-1)].Fix }

// front returns the oldest held fix, or nil.
func (b *reorderBuf) front() *Fix {
	if b.n == 0 {
		return nil
	}
	return &b.ring[b.head].Fix
}

// pop removes the oldest held fix, recording its time as released.
func (b *reorderBuf) pop() {
	b.released = b.oldest
	b.head = (b.head + 1) & int32(len(b.ring)-1)
	b.n--
	if b.n > 0 {
		b.oldest = b.ring[b.head].Time
	}
}

// insert places f after every held fix with Time ≤ f.Time; slabs give
// the ring of a buffer that has none.
func (b *reorderBuf) insert(f *Fix, slabs *reorderSlabs) {
	if int(b.n) == len(b.ring) {
		b.grow(slabs)
	}
	// While fixes are held, the newest of them is the newest ever pushed
	// (a release of that one releases all), so comparing with b.newest
	// spares reading the ring's tail: the usual, in-order case.
	if b.n == 0 {
		*b.at(0) = *f
		b.oldest = f.Time
	} else if f.Time >= b.newest {
		*b.at(int(b.n)) = *f
	} else {
		i := b.search(f.Time)
		for j := int(b.n); j > i; j-- {
			*b.at(j) = *b.at(j - 1)
		}
		*b.at(i) = *f
		if i == 0 {
			b.oldest = f.Time
		}
	}
	b.n++
	b.newest = max(b.newest, f.Time)
}

// search returns the position of the first held fix newer than t.
func (b *reorderBuf) search(t int64) int {
	lo, hi := 0, int(b.n)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if b.at(m).Time <= t {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}

// grow gives b a ring twice as long (its first one from slabs), the held
// fixes moved to its start.
func (b *reorderBuf) grow(slabs *reorderSlabs) {
	var r []heldFix
	if len(b.ring) == 0 {
		r = slabs.ring()
	} else {
		r = make([]heldFix, 2*len(b.ring))
	}
	for i := range int(b.n) {
		r[i].Fix = *b.at(i)
	}
	b.ring, b.head = r, 0
}

// NewReorder returns a Reorder with the given window in ms (< 0 means
// DefaultReorderWindowMs; 0 only checks order, holding nothing).
func NewReorder(windowMs int64) *Reorder {
	if windowMs < 0 {
		windowMs = DefaultReorderWindowMs
	}
	return &Reorder{WindowMs: windowMs, vessels: make(map[uint32]*reorderBuf)}
}

// Held returns the number of fixes held.
func (r *Reorder) Held() int { return r.held }

// Push adds f and appends to dst the fixes of f's MMSI that are now older
// than its newest fix minus the window, in time order. ok is false when f
// arrived too late and was dropped.
func (r *Reorder) Push(dst []Fix, f *Fix) (out []Fix, ok bool) {
	b := r.buf(f)
	if b.late(f) {
		r.Counts[ReasonTooLate]++
		return dst, false
	}
	b.insert(f, &r.slabs)
	r.held++
	return r.release(dst, b, b.newest-r.WindowMs), true
}

// buf returns the buffer of f's MMSI, making it on its first fix.
func (r *Reorder) buf(f *Fix) *reorderBuf {
	if r.recent == nil {
		r.recent = new([vesselCacheSize]cachedReorderBuf)
	}
	c := &r.recent[f.MMSI%vesselCacheSize]
	if c.b != nil && c.mmsi == f.MMSI {
		return c.b
	}
	b := r.vessels[f.MMSI]
	if b == nil {
		b = r.slabs.buf()
		r.vessels[f.MMSI] = b
	}
	c.mmsi, c.b = f.MMSI, b
	return b
}

// Advance releases, for every MMSI, the fixes older than now minus the
// window, appending them to dst MMSI by MMSI in ascending order; now is a
// time from the data (e.g. the newest fix of a live feed). MMSIs left
// empty give their buffers back but keep their release time (a few bytes),
// so that a very late fix is still recognised as too late.
func (r *Reorder) Advance(dst []Fix, now int64) []Fix {
	limit := now - r.WindowMs
	for _, m := range r.mmsis() {
		b := r.vessels[m]
		dst = r.release(dst, b, limit)
		if b.n == 0 {
			b.ring, b.head = nil, 0
		}
	}
	return dst
}

// Flush releases every held fix, MMSI by MMSI in ascending order, and
// forgets all MMSIs (the input is over; a later Push starts afresh).
func (r *Reorder) Flush(dst []Fix) []Fix {
	r.recent = nil
	for _, m := range r.mmsis() {
		dst = r.release(dst, r.vessels[m], maxInt64)
		delete(r.vessels, m)
	}
	return dst
}

const maxInt64 = int64(^uint64(0) >> 1)

func (r *Reorder) mmsis() []uint32 {
	ms := make([]uint32, 0, len(r.vessels))
	for m := range r.vessels {
		ms = append(ms, m)
	}
	slices.Sort(ms)
	return ms
}

// release appends b's held fixes with Time ≤ limit to dst.
func (r *Reorder) release(dst []Fix, b *reorderBuf, limit int64) []Fix {
	for b.due(limit) {
		dst = append(dst, *b.front())
		b.pop()
		r.held--
		r.Counts[ReasonNone]++
	}
	return dst
}

package track

import (
	"slices"
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
// Memory is the fixes of the last WindowMs of each MMSI (at least 8 slots,
// carved from shared slabs) plus a few bytes
// per MMSI ever seen (its release time). Not safe for concurrent use.
type Reorder struct {
	WindowMs int64
	Counts   Counts // Counts[ReasonNone] released, Counts[ReasonTooLate] rejected
	vessels  map[uint32]*reorderBuf
	held     int
	bufSlab  []reorderBuf                       // free vessel states
	fixSlab  []Fix                              // free first-buffer slots
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
	reorderFirstFixes  = 8
)

type reorderBuf struct {
	fixes    []Fix // held fixes in time order: fixes[head:]
	head     int
	newest   int64 // newest time pushed
	released int64 // time of the last fix released
	any      bool  // a fix was released
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
	if b.any && f.Time < b.released {
		r.Counts[ReasonTooLate]++
		return dst, false
	}
	b.insert(f)
	r.held++
	b.newest = max(b.newest, f.Time)
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
		b = r.newBuf(f.Time)
		r.vessels[f.MMSI] = b
	}
	c.mmsi, c.b = f.MMSI, b
	return b
}

// newBuf returns an empty buffer for a new MMSI whose first fix is at t.
func (r *Reorder) newBuf(t int64) *reorderBuf {
	if len(r.bufSlab) == 0 {
		r.bufSlab = make([]reorderBuf, reorderSlabVessels)
		r.fixSlab = make([]Fix, reorderSlabVessels*reorderFirstFixes)
	}
	b := &r.bufSlab[0]
	r.bufSlab = r.bufSlab[1:]
	b.newest = t
	if len(r.fixSlab) >= reorderFirstFixes {
		b.fixes = r.fixSlab[:0:reorderFirstFixes]
		r.fixSlab = r.fixSlab[reorderFirstFixes:]
	}
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
		if len(b.fixes) == 0 {
			b.fixes = nil
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
	for b.head < len(b.fixes) && b.fixes[b.head].Time <= limit {
		f := &b.fixes[b.head]
		dst = append(dst, *f)
		b.released, b.any = f.Time, true
		b.head++
		r.held--
		r.Counts[ReasonNone]++
	}
	if b.head == len(b.fixes) {
		b.fixes, b.head = b.fixes[:0], 0
	} else if b.head > 64 && b.head > len(b.fixes)/2 {
		n := copy(b.fixes, b.fixes[b.head:])
		b.fixes, b.head = b.fixes[:n], 0
	}
	return dst
}

// insert places f after every held fix with Time ≤ f.Time.
func (b *reorderBuf) insert(f *Fix) {
	n := len(b.fixes)
	if n == b.head || b.fixes[n-1].Time <= f.Time {
		b.fixes = append(b.fixes, *f) // the usual, in-order case
		return
	}
	held := b.fixes[b.head:]
	i, _ := slices.BinarySearchFunc(held, f.Time+1, func(x Fix, t int64) int {
		if x.Time < t {
			return -1
		}
		return 1
	})
	b.fixes = slices.Insert(b.fixes, b.head+i, *f)
}

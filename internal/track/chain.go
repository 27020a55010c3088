package track

import (
	"fmt"
	"math"
	"slices"
	"unsafe"

	"github.com/lookout-osint/lookout/internal/prefetch"
)

// Chain is Reorder → Dedupe → Segmenter fused, the order ingest runs them
// in: Push a fix and get back every decision that became final, the
// fixes Reorder rejected (ReasonTooLate) and Dedupe dropped
// (ReasonDuplicate, ReasonStaleReplay) included. Its decisions, counts
// and segment ids are those of the three types run one after the other
// (each fix Reorder releases goes through Dedupe and, when kept, the
// Segmenter before the next one is released), and it runs their very
// per-MMSI code; what it saves is the bookkeeping around it:
//
//   - one lookup per fix finds all three stages' state of an MMSI, in one
//     record (an open-addressed table of MMSI → record index, the records
//     in slabs), where the separate types keep a map each; the record
//     holds the vessel's first open segment and its window in line, so a
//     fix mostly touches memory at fixed offsets from one address rather
//     than following pointers from one cache miss to the next, and a push
//     that will release a fix prefetches those lines and the fix together
//     (PrefetchAhead lets a caller with a batch start the lookup itself
//     some pushes early);
//   - a fix Reorder releases goes to Dedupe and the Segmenter straight
//     from Reorder's buffer, not through a slice of copies, and the
//     bad-fix filters run once for both.
//
// Flush ends the input like Reorder.Flush followed by Segmenter.Flush;
// Dedupe keeps its memory across it, as a Dedupe would. Memory is about
// that of the three types: an 832-byte record per MMSI (with one open
// segment) plus the held fixes, further segments and stale-replay tables.
// Not safe for concurrent use.
type Chain struct {
	reorder Reorder      // window, counts, held fixes and ring slabs (its map is unused)
	dedupe  Dedupe       // windows and counts (its map is unused)
	seg     *Segmenter   // config, segment slabs and stats (its map is unused)
	pushed  *chainVessel // the record of the MMSI last pushed
	table   []uint64     // MMSI<<32 | record index+1; 0 is an empty slot
	shift   uint         // 32 - log2(len(table))
	recs    []*[chainSlab]chainVessel
	n       int      // records in use
	order   []uint32 // scratch: record indices by MMSI, for Flush
	flushAt int      // the next step of a flush in parts (FlushSome), 0 when none is under way
	// PrefetchAhead keeps the records it finds, by fix index mod
	// prefetchRecord, and offers the one of the fix about to be pushed in
	// next: Push takes it when its MMSI is the pushed fix's, instead of
	// looking the MMSI up again. Records never move nor go, so a kept
	// record stays valid; the MMSI check makes a stale or misplaced one
	// (a Push without PrefetchAhead, a new batch) harmless.
	ahead [prefetchRecord]aheadRec
	next  aheadRec
}

// aheadRec is a record PrefetchAhead found: its MMSI (which the record
// holds too, but on a line PrefetchAhead does not load) and index+1 (0:
// none), an index rather than a pointer so that keeping one costs no
// write barrier.
type aheadRec struct {
	mmsi, idx uint32
	warm      bool // PrefetchAhead warmed the record for a release (see Chain.warm)
}

// chainVessel is everything the Chain keeps about one MMSI: 832 bytes,
// 13 cache lines in the (page-aligned) slabs, laid out so that a fix
// touches few of them, all at fixed offsets from the record: Reorder's
// state and the caller's word in the first, Dedupe's recent keys in the
// next, the Segmenter's from the fifth (see vessel). Fixed offsets let a
// push that will release a fix prefetch them all at once (warm).
type chainVessel struct {
	r    reorderBuf
	tag  uint64 // the caller's (Tag): in the first line, which every fix reads
	d    dedupeRing
	mmsi uint32
	_    [12]byte
	v    vessel
}

// Records are allocated chainSlab at a time and never move.
const (
	chainSlabBits = 8
	chainSlab     = 1 << chainSlabBits
	chainMinTable = 1024 // a power of two
)

// NewChain returns a Chain with the given Reorder window (ms; < 0 means
// DefaultReorderWindowMs), Dedupe window (ms; ≤ 0 means
// DefaultDedupeWindowMs) and segmenter config, or an error wrapping
// ErrConfig.
func NewChain(reorderWindowMs, dedupeWindowMs int64, cfg SegmenterConfig) (*Chain, error) {
	seg, err := NewSegmenter(cfg)
	if err != nil {
		return nil, err
	}
	c := &Chain{reorder: *NewReorder(reorderWindowMs), dedupe: *NewDedupe(dedupeWindowMs), seg: seg}
	c.reorder.vessels, c.dedupe.vessels = nil, nil
	c.table, c.shift = make([]uint64, chainMinTable), 32-10
	return c, nil
}

// Held returns the number of fixes Reorder holds.
func (c *Chain) Held() int { return c.reorder.held }

// Pending returns the number of fixes the Segmenter holds undecided.
func (c *Chain) Pending() int { return c.seg.pending }

// Vessels returns the number of MMSIs seen.
func (c *Chain) Vessels() int { return c.n }

// ReorderCounts returns Reorder's counts: [ReasonNone] released,
// [ReasonTooLate] rejected.
func (c *Chain) ReorderCounts() Counts { return c.reorder.Counts }

// DedupeCounts returns Dedupe's counts: [ReasonNone] kept,
// [ReasonDuplicate] and [ReasonStaleReplay] dropped.
func (c *Chain) DedupeCounts() Counts { return c.dedupe.Counts }

// SegmenterStats returns the Segmenter's counters.
func (c *Chain) SegmenterStats() SegmenterStats { return c.seg.Stats() }

// Push feeds one fix and appends to dst the decisions that became final,
// returning the extended slice (pass dst[:0] to reuse a buffer). f is
// copied; the caller may reuse it.
func (c *Chain) Push(dst []Assigned, f *Fix) []Assigned {
	var cv *chainVessel
	warm := true // unless PrefetchAhead did
	if c.next.idx != 0 && c.next.mmsi == f.MMSI {
		cv, warm = c.rec(c.next.idx-1), !c.next.warm
	} else {
		cv = c.vessel(f.MMSI)
	}
	c.next.idx = 0
	c.pushed = cv
	b := &cv.r
	if b.late(f) {
		c.reorder.Counts[ReasonTooLate]++
		return append(dst, Assigned{Fix: *f, Reason: ReasonTooLate})
	}
	if warm && b.due(max(b.newest, f.Time)-c.reorder.WindowMs) {
		c.warm(cv) // a fix will be released: let its lines come while f is stored
	}
	b.insert(f, &c.reorder.slabs)
	c.reorder.held++
	limit := b.newest - c.reorder.WindowMs
	if !b.due(limit) {
		return dst
	}
	c.seg.out = dst
	c.release(cv, limit)
	return c.seg.take()
}

// warm starts loading, at once, the cache lines of cv that segmenting a
// fix reads, and the oldest held fix, so that their misses overlap rather
// than follow one another as the code reaches them one by one.
func (c *Chain) warm(cv *chainVessel) {
	prefetch.Six(unsafe.Pointer(cv.r.front()), nil, nil, nil, nil, unsafe.Add(unsafe.Pointer(cv), 64), warmLines)
}

// warmLines is how many lines of a record follow the first: all of it.
const warmLines = int(unsafe.Sizeof(chainVessel{})/64) - 1

// release passes cv's held fixes with Time ≤ limit on to Dedupe and the
// Segmenter, in place: each is deduped and, when kept, segmented, the
// decisions appended to the Segmenter's output.
func (c *Chain) release(cv *chainVessel, limit int64) {
	b := &cv.r
	s := c.seg
	for b.due(limit) {
		c.reorder.held--
		c.reorder.Counts[ReasonNone]++
		f := b.front()
		bad := CheckFix(f) // once for both stages
		if r := c.dedupe.checkRing(&cv.d, f, movingChecked(f, bad)); r != ReasonNone {
			s.out = append(s.out, Assigned{Fix: *f, Reason: r})
		} else if bad != ReasonNone {
			s.drop(f, bad)
		} else {
			s.accept(&cv.v, f)
		}
		b.pop()
	}
}

// Flush releases every held fix, MMSI by MMSI in ascending order, then
// closes every open segment, MMSI by MMSI, appending all decisions to dst.
// Reorder and the Segmenter are empty afterwards; Dedupe remembers.
func (c *Chain) Flush(dst []Assigned) []Assigned {
	dst, _ = c.FlushSome(dst, math.MaxInt)
	return dst
}

// FlushSome is Flush in parts, for a caller that hands decisions on as
// they come instead of holding all of them (the fixes held at the end of
// a big input, hundreds of thousands): it appends the decisions of the
// next MMSIs to dst until dst has grown by at least n, or to the end, and
// reports whether the flush is done. The parts of the calls up to the one
// that reports done are, in order, exactly what one Flush appends. Until
// then c may only be asked for Tag (which touches only the tag word, and
// makes a record, holding nothing, for an MMSI it has not seen); nothing
// may add fixes or start another flush. An n below 1 is
// taken as 1, so every call makes progress.
func (c *Chain) FlushSome(dst []Assigned, n int) ([]Assigned, bool) {
	n = max(n, 1)
	c.seg.out = dst
	if c.flushAt == 0 {
		c.byMMSI()
	}
	end := len(dst) + min(n, math.MaxInt-len(dst))
	for ; c.flushAt < 2*len(c.order) && len(c.seg.out) < end; c.flushAt++ {
		c.flushStep(c.flushAt)
	}
	done := c.flushAt == 2*len(c.order)
	if done {
		c.flushAt = 0
	}
	return c.seg.take(), done
}

// flushStep is step k of a flush over c.order: the k-th MMSI's held
// fixes are released, then (from len(c.order) on) each MMSI's open
// segments closed.
func (c *Chain) flushStep(k int) {
	if k < len(c.order) {
		cv := c.rec(c.order[k])
		if cv.r.n > 0 {
			c.warm(cv)
		}
		c.release(cv, maxInt64)
		cv.r.reset()
		return
	}
	if cv := c.rec(c.order[k-len(c.order)]); cv.v.seen {
		c.seg.closeAll(&cv.v)
		cv.v.reset()
	}
}

// byMMSI returns the record indices in ascending MMSI order.
func (c *Chain) byMMSI() []uint32 {
	c.order = c.order[:0]
	for i := range uint32(c.n) {
		c.order = append(c.order, i)
	}
	slices.SortFunc(c.order, func(a, b uint32) int {
		ma, mb := c.rec(a).mmsi, c.rec(b).mmsi
		switch {
		case ma < mb:
			return -1
		case ma > mb:
			return 1
		}
		return 0
	})
	return c.order
}

// Tag returns a word the caller may keep for mmsi, zero at first, in the
// Chain's record of the MMSI (made if new, as a fix would make it): what
// a caller knows per vessel needs no map of its own. Records never move:
// the pointer stays valid. Flush keeps the words.
func (c *Chain) Tag(mmsi uint32) *uint64 { return &c.vessel(mmsi).tag }

// PushedTag returns Tag of the MMSI of the fix last pushed, without a
// lookup: every decision Push returns is about a fix of that MMSI. It is
// nil before the first Push.
func (c *Chain) PushedTag() *uint64 {
	if c.pushed == nil {
		return nil
	}
	return &c.pushed.tag
}

// rec returns record i (its slab an array: the index within needs no
// bounds check).
func (c *Chain) rec(i uint32) *chainVessel { return &c.recs[i>>chainSlabBits][i&(chainSlab-1)] }

// vessel returns the record of mmsi, making it on its first fix.
func (c *Chain) vessel(mmsi uint32) *chainVessel {
	cv, i := c.lookup(mmsi)
	if cv == nil {
		cv = c.add(mmsi, i)
	}
	return cv
}

// lookup returns the record of mmsi, or nil and the empty table slot
// where it would go.
func (c *Chain) lookup(mmsi uint32) (*chainVessel, uint32) {
	i, e := c.probe(mmsi)
	if e == 0 {
		return nil, i
	}
	return c.rec(uint32(e) - 1), i
}

// probe returns the table slot of mmsi and its entry (MMSI above, record
// index+1 below), or the empty slot where it would go and 0.
func (c *Chain) probe(mmsi uint32) (uint32, uint64) {
	mask := uint32(len(c.table) - 1)
	for i := c.home(mmsi); ; i = (i + 1) & mask {
		if e := c.table[i]; e == 0 || uint32(e>>32) == mmsi {
			return i, e
		}
	}
}

// home is the table slot where the probe for mmsi starts (Fibonacci
// hashing: the top bits of mmsi times 2^32/φ).
func (c *Chain) home(mmsi uint32) uint32 {
	return (mmsi * 0x9e3779b1) >> (c.shift & 31) // shift < 32: the mask only tells the compiler
}

// PrefetchAhead readies the cache for the pushes of fixes[i+1:], for a
// caller that pushes a batch in order and calls it before pushing
// fixes[i]: it starts loading, without waiting for any, fixes[i+16],
// the table entry of fixes[i+8] and the first line of the record of
// fixes[i+4] (whose entry the call 4 fixes earlier loaded), and the slot
// where the record of fixes[i+2] (loaded by then) will hold it, with, when
// that push will release a fix, the lines Push would warm (which that
// Push then leaves alone), so that neither reading a fix, the lookup of a
// push, storing it nor releasing one often waits for memory; and the
// record it found for fixes[i] spares the next Push its lookup. It changes
// no decision.
func (c *Chain) PrefetchAhead(fixes []Fix, i int) {
	// The lines to load (nil: none), and n lines from rest.
	var fix, entry, held, front, rec, rest unsafe.Pointer
	n := 0
	// Unsigned, j < len(fixes) also says j ≥ 0: no bounds check.
	if j := uint(i) + prefetchFix; j < uint(len(fixes)) {
		fix = unsafe.Pointer(&fixes[j])
	}
	if j := uint(i) + prefetchTable; j < uint(len(fixes)) {
		entry = unsafe.Pointer(&c.table[c.home(fixes[j].MMSI)])
	}
	if j := uint(i) + prefetchHeld; j < uint(len(fixes)) {
		a := &c.ahead[j%prefetchRecord]
		held = c.heldSlot(*a, fixes[j].MMSI)
		if held != nil {
			// Push's warm, two pushes earlier, when the fix will release one.
			cv := c.rec(a.idx - 1)
			if b := &cv.r; b.due(max(b.newest, fixes[j].Time) - c.reorder.WindowMs) {
				front, rest, n = unsafe.Pointer(b.front()), unsafe.Add(unsafe.Pointer(cv), 64), warmLines
				a.warm = true
			}
		}
	}
	slot := &c.ahead[uint(i)%prefetchRecord] // fixes[i]'s, then fixes[i+4]'s
	c.next = *slot
	if j := uint(i) + prefetchRecord; j < uint(len(fixes)) {
		m := fixes[j].MMSI
		if _, e := c.probe(m); e != 0 {
			*slot = aheadRec{mmsi: m, idx: uint32(e)}
			rec = unsafe.Pointer(c.rec(uint32(e) - 1))
		} else {
			*slot = aheadRec{}
		}
	}
	prefetch.Six(fix, entry, held, front, rec, rest, n) // one call for all
}

// heldSlot returns the ring slot where the record a (found some calls
// earlier, its first line loaded since) will hold the next fix of mmsi,
// as insert places an in-order fix, or nil when a is not mmsi's record or
// the ring has no free slot (insert will grow it).
func (c *Chain) heldSlot(a aheadRec, mmsi uint32) unsafe.Pointer {
	if a.idx == 0 || a.mmsi != mmsi {
		return nil
	}
	b := &c.rec(a.idx - 1).r
	if int(b.n) >= len(b.ring) {
		return nil
	}
	return unsafe.Pointer(&b.ring[(int(b.head)+int(b.n))&(len(b.ring)-1)])
}

// How many fixes ahead PrefetchAhead loads a fix, a table entry, a
// record, and the ring slot the fix will be held in with the lines Push
// would warm: far enough for a miss to complete over the pushes in
// between (about 0.5 µs each in a real ingest), near enough for the line
// to still be in the cache. The fix comes first, as reading its MMSI for
// the table entry would otherwise wait for it: a decoder on another core
// wrote it, and the line has to come from that core's cache.
const (
	prefetchFix    = 16
	prefetchTable  = 8
	prefetchRecord = 4
	prefetchHeld   = 2 // < prefetchRecord: its record is in c.ahead
)

// add makes the record of mmsi in empty table slot i.
func (c *Chain) add(mmsi, i uint32) *chainVessel {
	idx := uint32(c.n)
	if int(idx)&(chainSlab-1) == 0 {
		c.recs = append(c.recs, new([chainSlab]chainVessel))
	}
	c.n++
	c.table[i] = uint64(mmsi)<<32 | uint64(idx+1)
	cv := c.rec(idx)
	cv.mmsi = mmsi
	cv.r.reset()
	if 2*c.n > len(c.table) {
		c.growTable()
	}
	return cv
}

// growTable doubles the table.
func (c *Chain) growTable() {
	old := c.table
	c.table, c.shift = make([]uint64, 2*len(old)), c.shift-1
	mask := uint32(len(c.table) - 1)
	for _, e := range old {
		if e == 0 {
			continue
		}
		i := c.home(uint32(e >> 32))
		for c.table[i] != 0 {
			i = (i + 1) & mask
		}
		c.table[i] = e
	}
}

// String summarises the Chain's state, for debugging.
func (c *Chain) String() string {
	return fmt.Sprintf("Chain{vessels: %d, held: %d, pending: %d}", c.n, c.reorder.held, c.seg.pending)
}

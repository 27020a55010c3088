package store

import (
	"bytes"
	"cmp"
	"fmt"
	"math/bits"
	"slices"

	"github.com/lookout-osint/lookout/internal/geo"
	"github.com/lookout-osint/lookout/internal/track"
)

// Batch collects one commit's worth of writes. Fill it from one goroutine,
// hand it to Store.Commit, which applies it atomically and resets it for
// reuse. A good batch is 10^4..10^6 fixes: large batches amortise the
// read-merge-write of each touched vessel-day block.
type Batch struct {
	fixes    []bfix
	ids      []track.Identity
	raw      []rawRef
	rawBuf   []byte // the raw lines, in the raw block encoding
	rawMarks []int  // offsets in rawBuf of the lines that start a block
	rawIn    int    // raw line bytes given (RawBytes)
	progress map[uint32]uint32
	finished map[uint32]bool
	grp      grouper
}

// bfix is a batch entry: a quantised fix with its block coordinates.
type bfix struct {
	mmsi uint32
	day  uint32
	seg  uint64
	q    qfix
}

// rawRef is a run of raw lines in rawBuf, rawBuf[off:off+n], encoded as
// in a raw block (appendRawLines); rawMarks[m:m+nm] are where its lines
// that start a block begin.
type rawRef struct {
	src, line uint32
	lines     uint32 // number of lines
	off, n    int
	m, nm     int
}

// NewBatch returns an empty batch.
func NewBatch() *Batch {
	return &Batch{progress: map[uint32]uint32{}, finished: map[uint32]bool{}}
}

// Reset empties b, keeping its memory.
func (b *Batch) Reset() {
	b.fixes = b.fixes[:0]
	b.ids = b.ids[:0]
	b.raw = b.raw[:0]
	b.rawBuf, b.rawMarks, b.rawIn = b.rawBuf[:0], b.rawMarks[:0], 0
	clear(b.progress)
	clear(b.finished)
}

// Len returns the number of fixes, identities and raw lines in b.
func (b *Batch) Len() int {
	n := len(b.fixes) + len(b.ids)
	for i := range b.raw {
		n += int(b.raw[i].lines)
	}
	return n
}

// Empty reports whether b holds nothing to commit: no fixes, identities,
// raw lines, progress or finished sources.
func (b *Batch) Empty() bool {
	return len(b.fixes) == 0 && len(b.ids) == 0 && len(b.raw) == 0 && len(b.progress) == 0 && len(b.finished) == 0
}

// Grow makes room for at least fixes more fixes and rawBytes more raw line
// bytes as RawBytes counts them, so that filling a batch of a known size
// copies next to nothing. Not quite nothing: a batch holds its lines in
// the raw block encoding, each followed by '\n', so a line given to
// AddRaw, or a last line without '\n', takes a byte more; and AddRawLines
// grows the batch when it lacks room for the worst case of its lines
// (appendRawLines).
func (b *Batch) Grow(fixes, rawBytes int) {
	b.fixes = reserve(b.fixes, fixes)
	b.rawBuf = reserve(b.rawBuf, rawBytes)
}

// reserve returns s with room for n more elements, like slices.Grow, but
// it allocates with make, which leaves fresh memory from the OS untouched
// (slices.Grow clears the room it adds): the room a batch does not fill
// costs no resident memory.
func reserve[E any](s []E, n int) []E {
	if n <= cap(s)-len(s) {
		return s
	}
	t := make([]E, len(s), len(s)+n)
	copy(t, s)
	return t
}

// Fixes returns the number of fixes in b.
func (b *Batch) Fixes() int { return len(b.fixes) }

// RawBytes returns the number of raw line bytes in b.
func (b *Batch) RawBytes() int { return b.rawIn }

// AddFix adds a fix of segment seg (the segmenter's id, which must be a
// deterministic function of the input so that re-runs store the same
// thing). A fix with a time before 1970 or an invalid position is refused
// with ErrInvalidFix and not added.
func (b *Batch) AddFix(seg uint64, f *track.Fix) error {
	if !validFix(f) {
		return invalidFix(f)
	}
	b.fixes = append(b.fixes, bfix{})
	setBfix(&b.fixes[len(b.fixes)-1], seg, f)
	return nil
}

// validFix reports whether the store takes f: a time from 1970 on and a
// valid position.
func validFix(f *track.Fix) bool {
	return f.Time >= 0 && (geo.Point{Lat: f.Lat, Lon: f.Lon}).Valid()
}

// invalidFix is the error refusing f.
func invalidFix(f *track.Fix) error {
	return fmt.Errorf("mmsi %d at %d (%g, %g): %w", f.MMSI, f.Time, f.Lat, f.Lon, ErrInvalidFix)
}

// setBfix sets x to f (valid) as a batch fix of segment seg, in place
// (a bfix is 56 bytes: building it on the stack and copying it costs).
func setBfix(x *bfix, seg uint64, f *track.Fix) {
	x.mmsi, x.day, x.seg = f.MMSI, bucketOf(f.Time), seg
	quantizeTo(&x.q, f)
}

// AddAssigned adds the fixes of fixes as AddFix(SegKey(a.Seg), &a.Fix)
// of each, growing b once. At the first fix refused with ErrInvalidFix it
// stops and returns the error: the fixes before it are added.
func (b *Batch) AddAssigned(fixes []track.Assigned) error {
	n := len(b.fixes)
	b.fixes = reserve(b.fixes, len(fixes))[:n+len(fixes)]
	for i := range fixes {
		f := &fixes[i].Fix
		if !validFix(f) {
			b.fixes = b.fixes[:n+i]
			return invalidFix(f)
		}
		x := &b.fixes[n+i] // setBfix, inlined by hand
		x.mmsi, x.day, x.seg = f.MMSI, bucketOf(f.Time), SegKey(fixes[i].Seg)
		quantizeTo(&x.q, f)
	}
	return nil
}

// SegKey maps a segment id to the store's 64-bit segment key: the start
// time in the high bits and the sequence number in the low 16, so that one
// MMSI's segments sort by start. The MMSI is part of the store key already.
func SegKey(id track.SegmentID) uint64 {
	return uint64(id.Start)<<16 | uint64(id.Seq&0xffff)
}

// SegmentIDOf reverses SegKey for a segment of mmsi.
func SegmentIDOf(mmsi uint32, key uint64) track.SegmentID {
	return track.SegmentID{MMSI: mmsi, Start: int64(key >> 16), Seq: uint32(key & 0xffff)}
}

// AddIdentity adds an identity record; the store merges it into the
// vessel's history (see Store.Identities).
func (b *Batch) AddIdentity(id *track.Identity) { b.ids = append(b.ids, *id) }

// AddRaw archives raw input line number line (1-based) of source src. raw
// is copied, up to its first '\n' if it holds one (a line ends there).
// Lines of a source must arrive in order without gaps; lines already
// archived (a re-run) are ignored.
func (b *Batch) AddRaw(src, line uint32, raw []byte) {
	off, m := len(b.rawBuf), len(b.rawMarks)
	if (line-1)%rawBlockLines == 0 {
		b.rawMarks = append(b.rawMarks, off)
	}
	if i := bytes.IndexByte(raw, '\n'); i >= 0 {
		raw = raw[:i]
	}
	b.rawBuf = appendRawLine(b.rawBuf, raw)
	b.addRaw(src, line, 1, len(raw), off, m)
}

// AddRawLines archives n consecutive raw lines of source src, the first
// being line first: data holds them, each ending in '\n' (the last may
// lack it), a '\r' before the '\n' is not archived. data is copied. It is
// AddRaw of each line, at the cost of one copy of data (cut into lines
// on the way).
func (b *Batch) AddRawLines(src, first, n uint32, data []byte) {
	if n == 0 {
		return
	}
	off, m := len(b.rawBuf), len(b.rawMarks)
	b.rawBuf, b.rawMarks = appendRawLines(b.rawBuf, b.rawMarks, data, first, n)
	b.addRaw(src, first, n, len(data), off, m)
}

// addRaw records the run of n raw lines of src, the first being line
// first, just appended to rawBuf from offset off (their block starts to
// rawMarks from m); in is their size in the input.
func (b *Batch) addRaw(src, first, n uint32, in, off, m int) {
	b.rawIn += in
	b.raw = append(b.raw, rawRef{src: src, line: first, lines: n, off: off, n: len(b.rawBuf) - off, m: m, nm: len(b.rawMarks) - m})
}

// SetProgress records that everything derived from lines 1..line of src is
// in this batch or already committed: after a crash, an ingest can resume
// after SourceInfo.Progress. Progress never moves backwards.
func (b *Batch) SetProgress(src, line uint32) {
	b.progress[src] = max(b.progress[src], line)
}

// FinishSource marks src as completely ingested when the batch commits.
func (b *Batch) FinishSource(src uint32) { b.finished[src] = true }

// CommitStats says what a Commit changed.
type CommitStats struct {
	Fixes      int // new fixes stored
	Duplicates int // fixes already stored (or repeated in the batch)
	Blocks     int // fix blocks written
	Identities int // identity records given
	RawLines   int // raw lines newly archived
}

// grouper is the scratch memory of sortBatch, kept with the batch.
type grouper struct {
	vidx   vesselIndex        // mmsi -> vessel number
	vhead  []int32            // vessel number -> its latest group, or -1
	vcount []int32            // vessel number -> its number of groups
	next   []int32            // group -> the vessel's previous group, or -1
	idx    map[blockRef]int32 // groups of vessels with more than groupWalk
	refs   []blockRef         // group -> block
	// order are the groups in block key order.
	order  []groupKey
	packed []uint64 // groups packed for sorting (sortPacked)
	gid    []int32  // fix -> group
	start  []int32
	// perm are the indices in the batch's fixes of each block's fixes,
	// block after block in key order, each block's in the order added;
	// ends[k] is where the k-th block's end in perm.
	perm []int32
	ends []int32
}

// groupWalk is how many of a vessel's latest groups group compares
// before it looks the block up in the map kept for vessels with more.
const groupWalk = 8

// group returns the group number of block r, creating the group when new.
// A vessel's groups are a list, latest first: a batch in time order finds
// a fix's block at its head; a vessel with many blocks in the batch (many
// segments, out-of-order input) has its groups in a map as well.
func (g *grouper) group(r blockRef) int32 {
	v, ok := g.vidx.lookup(r.mmsi, int32(len(g.vhead)))
	if !ok {
		g.vhead, g.vcount = append(g.vhead, -1), append(g.vcount, 0)
	}
	n := 0
	for id := g.vhead[v]; id >= 0 && n < groupWalk; id, n = g.next[id], n+1 {
		if g.refs[id] == r {
			return id
		}
	}
	if g.vcount[v] > groupWalk {
		if id, ok := g.idx[r]; ok {
			return id
		}
	}
	id := int32(len(g.refs))
	g.refs = append(g.refs, r)
	g.next = append(g.next, g.vhead[v])
	g.vhead[v] = id
	g.vcount[v]++
	switch {
	case g.vcount[v] == groupWalk+1: // index all of the vessel's groups
		for k := id; k >= 0; k = g.next[k] {
			g.idx[g.refs[k]] = k
		}
	case g.vcount[v] > groupWalk+1:
		g.idx[r] = id
	}
	return id
}

// sortBatch orders the fixes by block key, without moving them: it sets
// b.grp.order (the blocks in key order), b.grp.perm (the fixes' indices,
// block after block) and b.grp.ends (where each block's end in perm). It
// groups in linear time (grouper.group) and sorts only the block keys; a
// block's fixes keep the order they were added in (blockFixes sorts
// them).
func sortBatch(b *Batch) {
	g := &b.grp
	if g.idx == nil {
		g.idx = map[blockRef]int32{}
	}
	g.vidx.reset()
	clear(g.idx)
	g.vhead, g.vcount, g.next, g.refs, g.gid = g.vhead[:0], g.vcount[:0], g.next[:0], g.refs[:0], g.gid[:0]
	last, lastID := blockRef{}, int32(-1)
	for i := range b.fixes {
		f := &b.fixes[i]
		r := blockRef{mmsi: f.mmsi, day: f.day, seg: f.seg}
		if lastID < 0 || r != last {
			last, lastID = r, g.group(r)
		}
		g.gid = append(g.gid, lastID)
	}
	g.sortGroups()
	// start[id] = next free slot of group id in perm.
	g.start = append(g.start[:0], make([]int32, len(g.refs))...)
	for _, id := range g.gid {
		g.start[id]++
	}
	g.ends = g.ends[:0]
	pos := int32(0)
	for _, k := range g.order {
		n := g.start[k.id]
		g.start[k.id] = pos
		pos += n
		g.ends = append(g.ends, pos)
	}
	g.perm = reserve(g.perm[:0], len(b.fixes))[:len(b.fixes)] // every slot is written below
	for i, id := range g.gid {
		g.perm[g.start[id]] = int32(i)
		g.start[id]++
	}
	slices.SortStableFunc(b.raw, func(x, y rawRef) int {
		if c := cmp.Compare(x.src, y.src); c != 0 {
			return c
		}
		return cmp.Compare(x.line, y.line)
	})
}

// blockFixes appends to dst the fixes of one block, fixes[idx[0]],
// fixes[idx[1]], ..., sorted by cmpQ and deduplicated as dedupeSorted
// does. Fixes that come in order (the usual case) are deduplicated as
// they are gathered; else it gathers them all, sorts and dedupes. The
// fix gathered last, kept or not, has the key of the last one kept, so
// comparing with it says both whether the order holds and whether the
// fix is a duplicate; a later time than its says both at once.
func blockFixes(dst []qfix, fixes []bfix, idx []int32) []qfix {
	n := len(dst)
	var prev *qfix // the fix gathered last, kept or not
	for _, i := range idx {
		q := &fixes[i].q
		if prev != nil && q.t <= prev.t {
			c := cmpKey(prev, q)
			if c == 0 && cmpSrc(prev, q) <= 0 { // a duplicate, in order
				prev = q
				continue
			}
			if c >= 0 {
				return sortBlock(dst[:n], fixes, idx)
			}
		}
		dst = append(dst, *q)
		prev = q
	}
	return dst
}

// sortBlock is blockFixes for fixes out of order.
func sortBlock(dst []qfix, fixes []bfix, idx []int32) []qfix {
	n := len(dst)
	for _, i := range idx {
		dst = append(dst, fixes[i].q)
	}
	q := dst[n:]
	slices.SortFunc(q, cmpQfix)
	return dst[:n+len(dedupeSorted(q))]
}

// sortGroups sets g.order to the groups in block key order (cmpGroupKey).
func (g *grouper) sortGroups() {
	if g.sortPacked() {
		return
	}
	g.order = g.order[:0]
	for i := range g.refs {
		g.order = append(g.order, g.key(int32(i)))
	}
	slices.SortFunc(g.order, cmpGroupKey)
}

// key is the sort key of group id.
func (g *grouper) key(id int32) groupKey {
	r := &g.refs[id]
	return groupKey{hi: uint64(r.mmsi)<<32 | uint64(r.day), seg: r.seg, id: id}
}

// sortPacked sets g.order as cmpGroupKey sorts it, by sorting the groups
// packed into one uint64 each, mmsi, bucket (less the first) and group
// number, then each run of one vessel's blocks of one bucket by segment:
// possible, and done, when the bucket offsets and group numbers fit in 32
// bits together. It reports whether it did.
func (g *grouper) sortPacked() bool {
	n := len(g.refs)
	g.order = g.order[:0]
	if n == 0 {
		return true
	}
	lo, hi := g.refs[0].day, g.refs[0].day
	for i := range g.refs {
		lo, hi = min(lo, g.refs[i].day), max(hi, g.refs[i].day)
	}
	idBits := bits.Len(uint(n - 1))
	if idBits+bits.Len32(hi-lo) > 32 {
		return false
	}
	g.packed = g.packed[:0]
	for i := range g.refs {
		r := &g.refs[i]
		g.packed = append(g.packed, uint64(r.mmsi)<<32|uint64(r.day-lo)<<idBits|uint64(i))
	}
	slices.Sort(g.packed)
	for _, p := range g.packed {
		g.order = append(g.order, g.key(int32(p&(1<<idBits-1))))
	}
	for i := 0; i < n; { // runs of one vessel and bucket: by segment
		j := i + 1
		for j < n && g.order[j].hi == g.order[i].hi {
			j++
		}
		if j-i > 1 {
			slices.SortFunc(g.order[i:j], cmpGroupKey)
		}
		i = j
	}
	return true
}

// groupKey is a group's block key packed for sorting (blockRef order:
// mmsi, day, seg) with the group number.
type groupKey struct {
	hi  uint64 // mmsi<<32 | day
	seg uint64
	id  int32
}

func cmpGroupKey(a, b groupKey) int {
	if a.hi != b.hi {
		return cmp.Compare(a.hi, b.hi)
	}
	return cmp.Compare(a.seg, b.seg)
}

func cmpQfix(x, y qfix) int { return cmpQ(&x, &y) }

package store

import (
	"cmp"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"unsafe"

	"github.com/cockroachdb/pebble/v2"
	"github.com/lookout-osint/lookout/internal/prefetch"
	"github.com/lookout-osint/lookout/internal/track"
)

// blockWork is Commit's reusable scratch memory.
type blockWork struct {
	key    []byte
	val    []byte
	add    []qfix
	old    []qfix // a block's stored fixes, decoded
	merged []qfix
	cells  []uint64
	// oldCells are the grid cells of a block's stored fixes
	oldCells []uint64
	grid     []gridEntry          // this commit's new grid entries
	packed   []uint64             // grid entries packed for sorting (sortGridPacked)
	vessels  []mmsiVal[vesselRec] // summaries the commit writes, by mmsi
	raw      []byte               // a compressed raw block
	ptr      []byte               // a raw block pointer
	ids      []byte               // an encoded identity history
	idh      []track.Identity
	ido      idOrderer // the batch's identity records in commit order
}

// vesselDelta is one commit's view of a vessel summary: what is stored
// (loaded once per commit) and what the commit adds.
type vesselDelta struct {
	old         vesselRec // the stored summary, when known
	known       bool      // a summary is stored
	first, last int64     // of the blocks written by this commit
	added       uint64
	dirty       bool // a block of the vessel was written
	// keepFrom is the first bucket whose blocks the writer's cache keeps:
	// the vessel's latest in the commit (a feed in time order, also one
	// older than what is stored, touches it again next).
	keepFrom uint32
}

// mayHave reports whether a block of bucket day can be stored already:
// every stored block of a vessel lies within its summary's first..last,
// since the summary is written in the same atomic batch as the blocks. A
// bulk load of new days then costs no lookups of blocks that do not exist.
func (d *vesselDelta) mayHave(day uint32) bool {
	return d.known && day >= bucketOf(d.old.first) && day <= bucketOf(d.old.last)
}

// Commit applies b atomically (and durably unless Options.NoSync): either
// all of it is in the store afterwards or none of it. On success b is
// reset. Only one Commit runs at a time.
func (s *Store) Commit(b *Batch) (_ CommitStats, err error) {
	s.wmu.Lock()
	defer s.wmu.Unlock()
	// Deferred before recoverFatal, so that it runs after it and sees a
	// fatal Pebble error as err. committed, not err == nil alone, says
	// whether the batch landed: another panic passes through with err nil.
	committed := false
	defer func() {
		ok := committed && err == nil
		s.rawCommitDone(ok)
		if !ok {
			clear(s.tails) // the in-memory raw tails may be ahead of the store
			s.cache.reset()
			s.vcache.reset()
			s.icache.reset()
		} else {
			s.cache.apply()
			s.vcache.apply()
			s.icache.apply()
		}
	}()
	defer s.recoverFatal(&err)
	var st CommitStats
	if err := s.writable(); err != nil {
		return st, err
	}
	sortBatch(b)
	pb := s.pebbleBatch(b)
	defer s.donePebbleBatch(&err)
	err = s.commitFixes(pb, b, &st)
	if err == nil {
		err = s.commitIdentities(pb, b, &st)
	}
	if err == nil {
		err = s.commitSources(pb, b, &st)
	}
	if err == nil {
		err = s.syncRaw() // the raw files' blocks, before the pointers to them
	}
	if err == nil {
		err = pb.Commit(s.writeOpts())
	}
	if err != nil {
		return CommitStats{}, fmt.Errorf("commit batch to %s: %w", s.dir, err)
	}
	committed = true
	b.Reset()
	return st, nil
}

// maxKeptBatch bounds the memory of the Pebble batch the writer keeps
// between commits.
const maxKeptBatch = 64 << 20

// pebbleBatch returns the writer's Pebble batch, empty, creating it sized
// for b the first time. Reusing it saves allocating (and the kernel
// zeroing) a batch's worth of fresh memory on every commit; Pebble copies
// a committed batch into its memtable (and drops the memory of a batch it
// keeps as a large one), so the reuse cannot change committed state.
func (s *Store) pebbleBatch(b *Batch) *pebble.Batch {
	if s.pb == nil {
		s.pb = s.db.NewBatchWithSize(batchSizeHint(b), pebble.WithMaxRetainedSizeBytes(maxKeptBatch))
	} else {
		s.pb.Reset()
	}
	return s.pb
}

// donePebbleBatch closes the writer's Pebble batch after a failed commit,
// so that the next one starts from a new batch.
func (s *Store) donePebbleBatch(err *error) {
	if *err != nil {
		s.closePebbleBatch()
	}
}

// closePebbleBatch releases the writer's Pebble batch.
func (s *Store) closePebbleBatch() {
	if s.pb != nil {
		s.pb.Close()
		s.pb = nil
	}
}

// batchSizeHint guesses the bytes of the Pebble batch that commits b
// (compressed raw lines, fix blocks, identities), so that it is allocated
// once rather than grown by copying.
func batchSizeHint(b *Batch) int {
	return b.rawIn/2 + 24*len(b.fixes) + 64*len(b.ids) + 4096
}

// commitFixes merges each touched block with the stored one and updates
// grid and vessel summaries. sortBatch put the blocks in key order, so
// each vessel's blocks are one run. Keys go into the Pebble batch in key
// order within each kind (blocks, then vessels, then grid entries): Pebble
// inserts a batch into its memtable in batch order, and an insert next to
// the previous one is much cheaper than one elsewhere.
func (s *Store) commitFixes(pb *pebble.Batch, b *Batch, st *CommitStats) error {
	w := &s.bw
	w.grid, w.vessels = w.grid[:0], w.vessels[:0]
	g := &b.grp
	for k := 0; k < len(g.order); {
		mmsi := uint32(g.order[k].hi >> 32)
		d, err := s.loadVessel(mmsi)
		if err != nil {
			return err
		}
		end := k + 1 // the vessel's blocks are order[k:end]
		for end < len(g.order) && uint32(g.order[end].hi>>32) == mmsi {
			end++
		}
		d.keepFrom = uint32(g.order[end-1].hi)
		for ; k < end; k++ {
			begin := int32(0)
			if k > 0 {
				begin = g.ends[k-1]
			}
			prefetchBlock(b.fixes, g, k+1)
			ref := blockRef{mmsi: mmsi, day: uint32(g.order[k].hi), seg: g.order[k].seg}
			if err := s.commitBlock(pb, ref, b.fixes, g.perm[begin:g.ends[k]], &d, st); err != nil {
				return err
			}
		}
		if d.dirty {
			w.vessels = append(w.vessels, mmsiVal[vesselRec]{mmsi: mmsi, v: d.summary()})
		}
	}
	if err := s.commitVessels(pb); err != nil {
		return err
	}
	return s.writeGrid(pb)
}

// prefetchBlock starts loading the first fixes of the k-th block of the
// batch (if any), which commitBlock gathers next: a block's fixes lie
// scattered over the batch, and a block's other work leaves time for the
// loads to arrive.
func prefetchBlock(fixes []bfix, g *grouper, k int) {
	if k >= len(g.ends) {
		return
	}
	idx := g.perm[g.ends[k-1]:g.ends[k]] // k > 0: the block after another
	var p [5]unsafe.Pointer
	for j := range min(len(idx), len(p)) {
		p[j] = unsafe.Pointer(&fixes[idx[j]].q)
	}
	prefetch.Six(p[0], p[1], p[2], p[3], p[4], nil, 0)
}

// loadVessel returns a delta of vessel mmsi holding its stored summary,
// from the writer's cache or the store.
func (s *Store) loadVessel(mmsi uint32) (vesselDelta, error) {
	var d vesselDelta
	if v, ok := s.vcache.recs.get(mmsi); ok {
		d.old, d.known = v, true
		return d, nil
	}
	s.bw.key = appendVesselKey(s.bw.key[:0], mmsi)
	old, err := s.get(s.bw.key)
	switch {
	case errors.Is(err, ErrNotFound):
	case err != nil:
		return d, err
	default:
		if d.old, err = decodeVessel(old); err != nil {
			return d, fmt.Errorf("vessel %d: %w", mmsi, err)
		}
		d.known = true
	}
	return d, nil
}

// summary returns the vessel summary after the commit.
func (d *vesselDelta) summary() vesselRec {
	v := vesselRec{first: d.first, last: d.last}
	if d.known {
		o := d.old
		v = vesselRec{first: min(o.first, d.first), last: max(o.last, d.last), fixes: o.fixes}
	}
	v.fixes += d.added
	return v
}

// loadBlock returns the stored fixes of block ref, from the writer's
// cache of recently written blocks or from the store, unless the vessel
// summary d says it cannot be stored (nor, then, be cached: the cache holds
// committed blocks only). The result is read-only: it may be the cache's
// own slice (cached true), or s.bw.old until the next call.
func (s *Store) loadBlock(ref blockRef, key []byte, d *vesselDelta) (_ []qfix, cached bool, _ error) {
	if !d.mayHave(ref.day) {
		return nil, false, nil
	}
	if q, ok := s.cache.lookup(ref); ok {
		return q, true, nil
	}
	old, err := s.get(key)
	switch {
	case errors.Is(err, ErrNotFound):
		return nil, false, nil
	case err != nil:
		return nil, false, err
	}
	w := &s.bw
	if w.old, err = decodeBlock(w.old[:0], old, int64(ref.day)*bucketMs); err != nil {
		return nil, false, fmt.Errorf("fix block mmsi %d hour %d seg %d: %w", ref.mmsi, ref.day, ref.seg, err)
	}
	return w.old, false, nil
}

// commitBlock merges the batch's fixes of block ref, fixes[idx[0]],
// fixes[idx[1]], ..., into the block and queues its grid entries.
func (s *Store) commitBlock(pb *pebble.Batch, ref blockRef, fixes []bfix, idx []int32, d *vesselDelta, st *CommitStats) error {
	w := &s.bw
	w.add = blockFixes(w.add[:0], fixes, idx)
	mmsi, day, seg := ref.mmsi, ref.day, ref.seg
	w.key = fixKey(w.key, mmsi, day, seg)
	old, cached, err := s.loadBlock(ref, w.key, d)
	if err != nil {
		return err
	}
	merged, added := w.add, len(w.add) // a new block: the batch's fixes
	if len(old) > 0 {
		w.merged, added = mergeFixes(w.merged, old, w.add)
		merged = w.merged
	}
	st.Duplicates += len(idx) - added
	if equalQ(merged, old) {
		return nil
	}
	switch {
	case day >= d.keepFrom:
		s.cache.stage(ref, merged)
	case cached:
		s.cache.stageDrop(ref)
	}
	st.Fixes += added
	st.Blocks++
	w.val = encodeBlock(w.val[:0], merged, int64(day)*bucketMs)
	if err := pb.Set(w.key, w.val, nil); err != nil {
		return err
	}
	s.indexCells(mmsi, w.add, old)
	if !d.dirty {
		d.first, d.last, d.dirty = merged[0].t, merged[len(merged)-1].t, true
	}
	d.first = min(d.first, merged[0].t)
	d.last = max(d.last, merged[len(merged)-1].t)
	d.added += uint64(added)
	return nil
}

// gridEntry is a grid key to write: mmsi has fixes in cell during hour.
type gridEntry struct {
	hc   uint64 // hour<<16 | cell
	mmsi uint32
}

func cmpGrid(a, b gridEntry) int {
	if a.hc != b.hc {
		return cmp.Compare(a.hc, b.hc)
	}
	return cmp.Compare(a.mmsi, b.mmsi)
}

// hourCell is the grid coordinate (hour<<16 | 1° cell) of a fix: hourOf
// and cellOf of its time and position, computed in integers. It is the
// same: a quantised coordinate is a whole number of 1e-6°, so cellOf's
// floor(v/1e6 + 90) is never nearer a whole number than 1e-6, far beyond
// the rounding of the float division and sum (TestHourCellMatchesCellOf).
func hourCell(q *qfix) uint64 {
	r := min(max((int64(q.lat)+90_000_000)/1_000_000, 0), 179)
	c := min(max((int64(q.lon)+180_000_000)/1_000_000, 0), 359)
	return uint64(hourOf(q.t))<<16 | uint64(r*360+c)
}

// indexCells queues the grid entries (hour, 1° cell) of the fixes add
// that the block's stored fixes old do not already have.
func (s *Store) indexCells(mmsi uint32, add, old []qfix) {
	w := &s.bw
	w.cells = appendCells(w.cells[:0], add)
	slices.Sort(w.cells)
	w.cells = slices.Compact(w.cells)
	if len(old) > 0 {
		w.oldCells = appendCells(w.oldCells[:0], old)
		slices.Sort(w.oldCells)
		w.cells = slices.DeleteFunc(w.cells, func(hc uint64) bool {
			_, ok := slices.BinarySearch(w.oldCells, hc)
			return ok
		})
	}
	for _, hc := range w.cells {
		w.grid = append(w.grid, gridEntry{hc: hc, mmsi: mmsi})
	}
}

// appendCells appends the grid coordinates of qs to dst, skipping one
// equal to the one before it (a vessel stays in a cell for many fixes).
// A fix within the hour and the degree of latitude and longitude of the
// last coordinate computed has that coordinate, so it is not computed.
func appendCells(dst []uint64, qs []qfix) []uint64 {
	last := ^uint64(0) // no coordinate: the cell number stays below 1<<16-1
	var in cellBox     // empty
	for i := range qs {
		q := &qs[i]
		if in.has(q) {
			continue
		}
		hc := hourCell(q)
		in = boxOf(q)
		if hc != last {
			dst, last = append(dst, hc), hc
		}
	}
	return dst
}

// cellBox is the hour and the whole degrees of latitude and longitude
// around a fix: every fix in it has the grid coordinate of that fix.
type cellBox struct {
	t0, t1     int64 // [t0, t1)
	lat0, lat1 int32 // [lat0, lat1)
	lon0, lon1 int32 // [lon0, lon1)
}

func (b *cellBox) has(q *qfix) bool {
	return q.t >= b.t0 && q.t < b.t1 && q.lat >= b.lat0 && q.lat < b.lat1 && q.lon >= b.lon0 && q.lon < b.lon1
}

// boxOf returns the box around q (empty for a time before 1970 or a
// position outside the grid, which hourCell clamps).
func boxOf(q *qfix) cellBox {
	if q.t < 0 || q.lat < -90e6 || q.lat >= 90e6 || q.lon < -180e6 || q.lon >= 180e6 {
		return cellBox{}
	}
	t0 := q.t / hourMs * hourMs
	lat0 := int32((int64(q.lat)+90e6)/1e6*1e6 - 90e6)
	lon0 := int32((int64(q.lon)+180e6)/1e6*1e6 - 180e6)
	return cellBox{t0: t0, t1: t0 + hourMs, lat0: lat0, lat1: lat0 + 1e6, lon0: lon0, lon1: lon0 + 1e6}
}

// writeGrid writes the queued grid entries in key order.
func (s *Store) writeGrid(pb *pebble.Batch) error {
	w := &s.bw
	if !s.sortGridPacked() {
		slices.SortFunc(w.grid, cmpGrid)
		w.grid = slices.Compact(w.grid)
	}
	for _, g := range w.grid {
		w.key = gridKey(w.key, uint32(g.hc>>16), uint16(g.hc), g.mmsi)
		if err := pb.Set(w.key, nil, nil); err != nil {
			return err
		}
	}
	return nil
}

// sortGridPacked sorts and compacts the queued grid entries as cmpGrid
// does, by sorting them packed into one uint64 each, hour (less the
// first), cell, mmsi: possible, and done, when the hours span less than
// 1<<16. It reports whether it did.
func (s *Store) sortGridPacked() bool {
	w := &s.bw
	if len(w.grid) == 0 {
		return true
	}
	lo, hi := w.grid[0].hc>>16, w.grid[0].hc>>16
	for _, g := range w.grid {
		lo, hi = min(lo, g.hc>>16), max(hi, g.hc>>16)
	}
	if hi-lo >= 1<<16 {
		return false
	}
	w.packed = w.packed[:0]
	for _, g := range w.grid {
		w.packed = append(w.packed, (g.hc-lo<<16)<<32|uint64(g.mmsi))
	}
	slices.Sort(w.packed)
	w.packed = slices.Compact(w.packed)
	w.grid = w.grid[:0]
	for _, p := range w.packed {
		w.grid = append(w.grid, gridEntry{hc: p>>32 + lo<<16, mmsi: uint32(p)})
	}
	return true
}

// vesselCache keeps the writer's vessel summaries as committed, so that a
// commit need not read them back: a commit stages what it writes and
// applies it after Pebble accepted the batch; a failed commit empties it.
type vesselCache struct {
	recs   mmsiTable[vesselRec]
	staged []mmsiVal[vesselRec]
}

// vesselCacheMax bounds the cache (about 28 bytes an entry).
const vesselCacheMax = 1 << 20

func (c *vesselCache) stage(mmsi uint32, v vesselRec) {
	c.staged = append(c.staged, mmsiVal[vesselRec]{mmsi: mmsi, v: v})
}

func (c *vesselCache) apply() {
	if c.recs.len()+len(c.staged) > vesselCacheMax {
		c.recs.reset()
	}
	c.recs.setAll(c.staged)
	c.staged = c.staged[:0]
}

func (c *vesselCache) reset() {
	c.recs.reset()
	c.staged = c.staged[:0]
}

// vesselRec is the stored vessel summary.
type vesselRec struct {
	first, last int64
	fixes       uint64
}

// appendVessel appends the stored form of v to dst.
func appendVessel(dst []byte, v vesselRec) []byte {
	dst = binary.AppendVarint(dst, v.first)
	dst = binary.AppendVarint(dst, v.last)
	return binary.AppendUvarint(dst, v.fixes)
}

func decodeVessel(b []byte) (vesselRec, error) {
	r := blockReader{b: b}
	v := vesselRec{first: r.varint(), last: r.varint(), fixes: r.uvarint()}
	if r.err != nil {
		return v, r.err
	}
	return v, nil
}

// commitVessels writes the commit's vessel summaries (in mmsi order).
func (s *Store) commitVessels(pb *pebble.Batch) error {
	w := &s.bw
	for _, e := range w.vessels {
		s.vcache.stage(e.mmsi, e.v)
		w.key = appendVesselKey(w.key[:0], e.mmsi)
		w.val = appendVessel(w.val[:0], e.v)
		if err := pb.Set(w.key, w.val, nil); err != nil {
			return err
		}
	}
	return nil
}

// commitSources archives raw lines and updates the source records.
func (s *Store) commitSources(pb *pebble.Batch, b *Batch, st *CommitStats) error {
	touched := map[uint32]bool{}
	for _, r := range b.raw {
		touched[r.src] = true
	}
	for src := range b.progress {
		touched[src] = true
	}
	for src := range b.finished {
		touched[src] = true
	}
	for src := range touched {
		if err := s.commitSource(pb, b, src, st); err != nil {
			return err
		}
	}
	return nil
}

func (s *Store) commitSource(pb *pebble.Batch, b *Batch, src uint32, st *CommitStats) error {
	si, err := s.SourceInfo(src)
	if err != nil {
		return err
	}
	lo, _ := slices.BinarySearchFunc(b.raw, src, func(r rawRef, s uint32) int { return int(int64(r.src) - int64(s)) })
	hi := lo
	for hi < len(b.raw) && b.raw[hi].src == src {
		hi++
	}
	if lo < hi {
		n, err := s.archive(pb, b, b.raw[lo:hi], &si)
		if err != nil {
			return err
		}
		st.RawLines += n
	}
	si.Progress = max(si.Progress, b.progress[src])
	si.Done = si.Done || b.finished[src]
	return pb.Set(sourceKey(src), encodeSource(&si), nil)
}

// archive appends the raw lines rs (sorted, one source) to the source's
// tail block, writing every block it fills and the partial tail. A block
// that one run of lines covers whole is compressed where the batch holds
// it, without a copy into the tail.
func (s *Store) archive(pb *pebble.Batch, b *Batch, rs []rawRef, si *SourceInfo) (int, error) {
	t, err := s.tail(si.ID)
	if err != nil {
		return 0, err
	}
	n, dirty := 0, false
	for i := range rs {
		r := &rs[i]
		enc, line, left, pos := b.rawBuf[r.off:r.off+r.n], r.line, r.lines, 0
		if next := t.next(); line < next { // archived by an earlier run
			k := uint32(min(uint64(next-line), uint64(left)))
			head, _ := cutRawLines(enc, k)
			pos, line, left = len(head), line+k, left-k
		}
		if left > 0 && line > t.next() {
			return n, fmt.Errorf("source %d: got line %d, want %d: %w", si.ID, line, t.next(), ErrRawGap)
		}
		for left > 0 {
			k, end := min(left, rawBlockLines-t.n), len(enc)
			if k < left {
				end = b.rawCut(r, line+k)
			}
			part := enc[pos:end]
			pos, line, left, n = end, line+k, left-k, n+int(k)
			if t.n == 0 && k == rawBlockLines {
				if err := s.putFullRaw(pb, si.ID, t.first, part); err != nil {
					return n, err
				}
				t.first += rawBlockLines
				continue
			}
			t.plain = append(t.plain, part...)
			t.n += k
			dirty = true
			if t.n == rawBlockLines {
				if err := s.putFullRaw(pb, si.ID, t.first, t.plain); err != nil {
					return n, err
				}
				t.first, t.n, t.plain, dirty = t.next(), 0, t.plain[:0], false
			}
		}
	}
	if dirty {
		if err := s.putRaw(pb, si.ID, t); err != nil {
			return n, err
		}
	}
	si.Lines = t.next() - 1
	return n, nil
}

// putRaw writes the partial tail t inline as the block at t.first.
func (s *Store) putRaw(pb *pebble.Batch, src uint32, t *rawTail) error {
	if err := checkRawBlock(src, t.first, t.n, t.plain); err != nil {
		return err
	}
	s.bw.raw = compressRaw(s.bw.raw[:0], t.plain)
	s.bw.key = appendRawKey(s.bw.key[:0], src, t.first)
	return pb.Set(s.bw.key, s.bw.raw, nil)
}

// putFullRaw appends the full block plain (its lines encoded, as a tail
// holds them) to the source's raw file and writes its pointer as the block
// at first (rawfile.go).
func (s *Store) putFullRaw(pb *pebble.Batch, src, first uint32, plain []byte) error {
	if err := checkRawBlock(src, first, rawBlockLines, plain); err != nil {
		return err
	}
	s.bw.raw = compressRaw(s.bw.raw[:0], plain)
	p, err := s.appendRawBlock(src, s.bw.raw)
	if err != nil {
		return err
	}
	s.bw.ptr = appendRawPointer(s.bw.ptr[:0], p)
	s.bw.key = appendRawKey(s.bw.key[:0], src, first)
	return pb.Set(s.bw.key, s.bw.ptr, nil)
}

// maxRawWrite is the largest raw block Commit writes: maxRawBlock, which
// every reader accepts (a variable so that a test can lower it).
var maxRawWrite = maxRawBlock

// checkRawBlock refuses the raw block plain of n lines of src from line
// first when it is larger than a reader accepts: written, it would fail
// every quote of its lines and every later commit to the source. Only
// lines of tens of MiB each (not AIS) come near it; the commit fails with
// an error that names them, and nothing committed before is touched.
func checkRawBlock(src, first, n uint32, plain []byte) error {
	if len(plain) <= maxRawWrite {
		return nil
	}
	return fmt.Errorf("source %d lines %d-%d: %d bytes, more than a raw archive block holds (%d): %w",
		src, first, first+n-1, len(plain), maxRawWrite, ErrRawBlockTooBig)
}

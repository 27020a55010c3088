package store

import (
	"cmp"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"slices"
	"unsafe"

	"github.com/cockroachdb/pebble/v2"
	"github.com/lookout-osint/lookout/internal/prefetch"
	"github.com/lookout-osint/lookout/internal/track"
)

// A vessel's identity history is one value: its records sorted by From.
// Adding a record merges it into the previous record when that one says the
// same thing (same name, IMO, call sign, type, dimensions, draught,
// destination), or drops it when a record with the same content already
// covers its interval, so re-writing the same reports changes nothing.

func sameContent(a, b *track.Identity) bool {
	return a.IMO == b.IMO && a.Name == b.Name && a.Callsign == b.Callsign &&
		a.ShipType == b.ShipType && a.ToBow == b.ToBow && a.ToStern == b.ToStern &&
		a.ToPort == b.ToPort && a.ToStarboard == b.ToStarboard &&
		math.Float32bits(a.Draught) == math.Float32bits(b.Draught) && a.Destination == b.Destination
}

// mergeIdentity adds r to the history h (sorted by From) and returns it.
func mergeIdentity(h []track.Identity, r track.Identity) []track.Identity {
	h, _ = mergeIdentityNorm(h, &r, false)
	return h
}

// mergeIdentityNorm is mergeIdentity of *r (which it does not change) for
// a history h that is normalized (no neighbours say the same thing) when
// norm is true. It reports whether the result is normalized, which it is
// whenever it inserted r.
//
// A feed that repeats a vessel's identity makes most records the same as
// the newest one and no older: for a normalized h, inserting r last and
// normalizing merges r into that record and changes nothing else, which
// is done here without the insert and the pass over h.
func mergeIdentityNorm(h []track.Identity, r *track.Identity, norm bool) ([]track.Identity, bool) {
	to := max(r.To, r.From)
	for i := range h {
		if h[i].From <= r.From && to <= h[i].To && sameContent(&h[i], r) {
			if h[i].From == r.From && r.Src.Compare(h[i].Src) < 0 {
				h[i].Src = r.Src
			}
			return h, norm
		}
	}
	if n := len(h); norm && n > 0 && r.From >= h[n-1].From && sameContent(&h[n-1], r) {
		p := &h[n-1]
		if r.From == p.From && r.Src.Compare(p.Src) < 0 {
			p.Src = r.Src
		}
		p.To = max(p.To, to)
		return h, true
	}
	i, _ := slices.BinarySearchFunc(h, r.From, func(a track.Identity, from int64) int { return cmp.Compare(a.From, from) })
	for i < len(h) && h[i].From == r.From {
		i++
	}
	h = slices.Insert(h, i, *r)
	h[i].To = to
	return normalizeIdentities(h), true
}

// mergeIdentityOrdered is mergeIdentityNorm for a history h whose records
// ending after preMax are its last ones and disjoint (each ends at or
// before the next starts), as disjointTail reports: it returns the same
// history and normalization, and the result's preMax.
//
// While a vessel's reports arrive in time order its history is disjoint
// (preMax is math.MinInt64). Then a record that contains r (same content,
// From <= r.From, To >= r's end) can only be among the last records, those
// ending at or after r's end, since the ends ascend there; and a record r
// that starts at or after the last record's start and says something else
// goes last, which leaves a normalized history normalized. Neither needs a
// pass over h. So a feed whose reports alternate between two identities
// (the class B part A and part B rows of a DMA aisdk CSV, two ships on one
// MMSI), which lengthens the history by a record a report, costs a
// constant per report rather than a pass over the whole history: before,
// such a history took 61% of the CPU of an ingest of the DMA aisdk sample
// replicated 10,000 times, in normalizeIdentities and sameContent.
func mergeIdentityOrdered(h []track.Identity, r *track.Identity, norm bool, preMax int64) ([]track.Identity, bool, int64) {
	n := len(h)
	to := max(r.To, r.From)
	if !norm || n == 0 || preMax >= to || r.From < h[n-1].From {
		h, norm = mergeIdentityNorm(h, r, norm)
		return h, norm, disjointTail(h)
	}
	c := -1
	for j := n - 1; j >= 0 && h[j].To >= to; j-- {
		if h[j].From <= r.From && sameContent(&h[j], r) {
			c = j // the first containing record, as mergeIdentityNorm takes
		}
	}
	last := &h[n-1]
	switch {
	case c >= 0:
		if h[c].From == r.From && r.Src.Compare(h[c].Src) < 0 {
			h[c].Src = r.Src
		}
	case sameContent(last, r):
		if r.From == last.From && r.Src.Compare(last.Src) < 0 {
			last.Src = r.Src
		}
		last.To = max(last.To, to)
	default:
		if r.From < last.To {
			preMax = max(preMax, last.To) // the tail's ends ascend: last.To is their greatest
		}
		h = append(h, *r)
		h[n].To = to
	}
	return h, true, preMax
}

// disjointTail returns the greatest end of the records of h before its
// longest disjoint tail (records each ending no earlier than it starts and
// at or before the next starts, so that their ends ascend), or
// math.MinInt64 when all of h is disjoint. Every writer clamps To to From
// or later; a record that ends before it starts (a damaged or foreign
// history) stays out of the tail.
func disjointTail(h []track.Identity) int64 {
	k := len(h)
	for k > 0 && h[k-1].From <= h[k-1].To && (k == len(h) || h[k-1].To <= h[k].From) {
		k--
	}
	preMax := int64(math.MinInt64)
	for i := range k {
		preMax = max(preMax, h[i].To)
	}
	return preMax
}

// normalized reports whether no neighbours in h say the same thing (what
// normalizeIdentities makes of a history).
func normalized(h []track.Identity) bool {
	for i := 1; i < len(h); i++ {
		if sameContent(&h[i-1], &h[i]) {
			return false
		}
	}
	return true
}

// normalizeIdentities merges neighbours that say the same thing.
func normalizeIdentities(h []track.Identity) []track.Identity {
	out := h[:0]
	for _, r := range h {
		if n := len(out); n > 0 && sameContent(&out[n-1], &r) {
			p := &out[n-1]
			if r.From < p.From || (r.From == p.From && r.Src.Compare(p.Src) < 0) {
				p.Src = r.Src
			}
			p.From, p.To = min(p.From, r.From), max(p.To, r.To)
			continue
		}
		out = append(out, r)
	}
	return out
}

func appendString(b []byte, s string) []byte {
	return append(binary.AppendUvarint(b, uint64(len(s))), s...)
}

func (r *blockReader) string() string {
	n := r.uvarint()
	if r.err != nil || n > uint64(len(r.b)) {
		if r.err == nil {
			r.err = fmt.Errorf("string length %d: %w", n, ErrCorrupt)
		}
		return ""
	}
	s := string(r.b[:n])
	r.b = r.b[n:]
	return s
}

func encodeIdentities(h []track.Identity) []byte { return appendIdentities(nil, h) }

// appendIdentities appends the encoding of the history h to b.
func appendIdentities(b []byte, h []track.Identity) []byte {
	b = binary.AppendUvarint(append(b, 1), uint64(len(h)))
	for i := range h {
		r := &h[i]
		b = binary.AppendVarint(b, r.From)
		b = binary.AppendVarint(b, r.To)
		for _, u := range []uint64{uint64(r.IMO), uint64(r.ShipType), uint64(r.ToBow), uint64(r.ToStern),
			uint64(r.ToPort), uint64(r.ToStarboard), uint64(math.Float32bits(r.Draught)), uint64(r.Src.Source), uint64(r.Src.Line)} {
			b = binary.AppendUvarint(b, u)
		}
		b = appendString(appendString(appendString(b, r.Name), r.Callsign), r.Destination)
	}
	return b
}

func decodeIdentities(mmsi uint32, b []byte) ([]track.Identity, error) {
	if len(b) < 1 || b[0] != 1 {
		return nil, fmt.Errorf("identities of %d: %w", mmsi, ErrCorrupt)
	}
	r := blockReader{b: b[1:]}
	n := r.uvarint()
	if n > uint64(len(b)) {
		return nil, fmt.Errorf("identities of %d: count %d: %w", mmsi, n, ErrCorrupt)
	}
	h := make([]track.Identity, n)
	for i := range h {
		x := &h[i]
		x.MMSI = mmsi
		x.From, x.To = r.varint(), r.varint()
		x.IMO, x.ShipType = uint32(r.uvarint()), uint8(r.uvarint())
		x.ToBow, x.ToStern, x.ToPort, x.ToStarboard = uint16(r.uvarint()), uint16(r.uvarint()), uint16(r.uvarint()), uint16(r.uvarint())
		x.Draught = math.Float32frombits(uint32(r.uvarint()))
		x.Src = track.SourceRef{Source: uint32(r.uvarint()), Line: uint32(r.uvarint())}
		x.Name, x.Callsign, x.Destination = r.string(), r.string(), r.string()
	}
	if r.err != nil {
		return nil, fmt.Errorf("identities of %d: %w", mmsi, r.err)
	}
	return h, nil
}

// Identities returns mmsi's identity history sorted by From. It reads the
// head and the chunks through one iterator, so that a commit running
// meanwhile cannot mix two versions of the history.
func (s *Store) Identities(mmsi uint32) ([]track.Identity, error) {
	hd, h, err := s.readIdentities(mmsi)
	return append(h, hd.recs...), err
}

// readIdentities returns mmsi's identity head and the records of its
// chunks, in order (in new memory), read through one iterator.
func (s *Store) readIdentities(mmsi uint32) (idHead, []track.Identity, error) {
	lo, hi := appendIdentityKey(nil, mmsi), []byte{pIdentity + 1}
	if mmsi < math.MaxUint32 {
		hi = appendIdentityKey(nil, mmsi+1)
	}
	var (
		hd    idHead
		h     []track.Identity
		found bool
		next  uint32
	)
	err := s.scan(lo, hi, func(k, v []byte) error {
		if len(k) == len(lo) { // the head, first
			var err error
			hd, err = decodeHead(mmsi, v)
			found = true
			return err
		}
		if !found || len(k) != len(lo)+4 || next >= hd.chunks || binary.BigEndian.Uint32(k[len(lo):]) != next {
			return fmt.Errorf("identities of %d: key %x (chunk %d of %d expected): %w", mmsi, k, next, hd.chunks, ErrCorrupt)
		}
		c, err := decodeIdentities(mmsi, v)
		h, next = append(h, c...), next+1
		return err
	})
	if err == nil && next != hd.chunks {
		err = fmt.Errorf("identities of %d: %d of %d chunks: %w", mmsi, next, hd.chunks, ErrCorrupt)
	}
	return hd, h, err
}

// A long identity history is kept in two parts (schema 5): frozen chunks
// of idChunkLen records, oldest first, under i <mmsi:4> <seq:4>, and the
// head, its latest records, under i <mmsi:4>. A commit rewrites only the
// head while its reports can change nothing before it (they start at or
// after the head's first record and end after every frozen record), so a
// vessel whose reports alternate (a class B vessel's part A and part B, a
// ferry's two destinations), which adds a record a report, no longer makes
// every commit rewrite its whole history: at 36 copies of the Auckland
// capture the write-ahead log went from 191 to 72 MB, the CPU from 6.0-6.4 to
// 4.2-4.4 s and the peak RSS from 742-766 to 357-396 MiB. Otherwise the
// commit reads the chunks, merges into the whole history and cuts it again.
// A head spills its oldest idChunkLen records into a new chunk when it
// outgrows idHeadMax and the history is normalized, so that the chunk's
// last record and the head's first never say the same thing.
var (
	idChunkLen = 256 // records in a frozen chunk
	idHeadMax  = 512 // records a head holds before it spills
)

// idHead is a vessel's identity head as stored and cached: the latest
// records, and the chunks before them.
type idHead struct {
	recs      []track.Identity
	chunks    uint32 // frozen chunks, keys i <mmsi> <0> .. <chunks-1>
	frozenMax int64  // the greatest To of the chunks' records; math.MinInt64 without
}

// appendHead appends the encoding of hd: the history encoding of its
// records (version byte 1) when it has no chunks, else 2, the chunk count
// (uvarint), the chunks' greatest To (varint), then that encoding.
func appendHead(b []byte, hd *idHead) []byte {
	if hd.chunks > 0 {
		b = binary.AppendVarint(binary.AppendUvarint(append(b, 2), uint64(hd.chunks)), hd.frozenMax)
	}
	return appendIdentities(b, hd.recs)
}

// decodeHead decodes a head written by appendHead (or a whole history of
// a schema 4 store).
func decodeHead(mmsi uint32, b []byte) (idHead, error) {
	hd := idHead{frozenMax: math.MinInt64}
	if len(b) > 0 && b[0] == 2 {
		r := blockReader{b: b[1:]}
		n, fm := r.uvarint(), r.varint()
		if r.err != nil || n == 0 || n > math.MaxUint32 {
			return hd, fmt.Errorf("identities of %d: head: %d chunks: %w", mmsi, n, ErrCorrupt)
		}
		hd.chunks, hd.frozenMax, b = uint32(n), fm, r.b
	}
	var err error
	hd.recs, err = decodeIdentities(mmsi, b)
	if err == nil && hd.chunks > 0 && len(hd.recs) == 0 {
		err = fmt.Errorf("identities of %d: chunks without a head: %w", mmsi, ErrCorrupt)
	}
	return hd, err
}

// identityChunkKey is the key of mmsi's frozen identity chunk seq.
func identityChunkKey(dst []byte, mmsi, seq uint32) []byte {
	return be32(appendIdentityKey(dst, mmsi), seq)
}

// headTakes reports whether the reports ids[order[k].i] can change nothing
// of a history before its head h, whose chunks end by frozenMax: each
// starts at or after h's first record (so it goes into h, after h[0]) and
// ends after frozenMax (so no frozen record contains it).
func headTakes(h []track.Identity, frozenMax int64, ids []track.Identity, order []idRef) bool {
	if len(h) == 0 {
		return false
	}
	for _, o := range order {
		r := &ids[o.i]
		if r.From < h[0].From || max(r.To, r.From) <= frozenMax {
			return false
		}
	}
	return true
}

// idRef is an identity record of the batch in the commit's order: by
// MMSI, then From, then batch order.
type idRef struct {
	mmsi uint32
	i    int32 // index in Batch.ids
	from int64
}

func cmpIDRef(a, b idRef) int {
	if a.mmsi != b.mmsi {
		return cmp.Compare(a.mmsi, b.mmsi)
	}
	if a.from != b.from {
		return cmp.Compare(a.from, b.from)
	}
	return cmp.Compare(a.i, b.i)
}

// commitIdentities merges the batch's identity records into the histories
// of their vessels, in idRef order (idOrderer: the records themselves are
// not moved).
func (s *Store) commitIdentities(pb *pebble.Batch, b *Batch, st *CommitStats) error {
	st.Identities = len(b.ids)
	w := &s.bw
	w.ido.order(b.ids)
	order := w.ido.out
	for i := 0; i < len(order); {
		j := i + 1
		for j < len(order) && order[j].mmsi == order[i].mmsi {
			j++
		}
		prefetchIdentities(b.ids, order[j:])
		if err := s.commitVesselIdentities(pb, b.ids, order[i:j]); err != nil {
			return err
		}
		i = j
	}
	return nil
}

// prefetchIdentities starts loading the first two records that order
// names (the next vessel's, mostly), which lie scattered over the batch:
// the cache lines a record spans (two or three: a record is 96 bytes).
func prefetchIdentities(ids []track.Identity, order []idRef) {
	var p [6]unsafe.Pointer
	for k := range min(len(order), 2) {
		r := unsafe.Pointer(&ids[order[k].i])
		p[3*k], p[3*k+1], p[3*k+2] = r, unsafe.Add(r, 64), unsafe.Add(r, unsafe.Sizeof(ids[0])-1)
	}
	prefetch.Six(p[0], p[1], p[2], p[3], p[4], p[5], 1)
}

// idOrderer puts a batch's identity records into idRef order without
// sorting them all: a feed interleaves vessels, but each vessel's records
// mostly arrive in time order. It groups the records by vessel in linear
// time, sorts the vessels, and sorts a vessel's records only when they
// are out of order. Its slices are reused from commit to commit.
type idOrderer struct {
	vessel  vesselIndex // mmsi -> vessel number
	count   []int32     // vessel number -> records, then next slot
	mmsi    []uint32    // vessel number -> mmsi
	keys    []uint64    // mmsi<<32 | vessel number, sorted
	gid     []int32     // record -> vessel number
	in, out []idRef
}

// order sets o.out to the idRefs of ids sorted by cmpIDRef.
func (o *idOrderer) order(ids []track.Identity) {
	o.in = o.in[:0]
	for i := range ids {
		o.in = append(o.in, idRef{mmsi: ids[i].MMSI, i: int32(i), from: ids[i].From})
	}
	if slices.IsSortedFunc(o.in, cmpIDRef) {
		o.out = append(o.out[:0], o.in...)
		return
	}
	o.group()
	o.keys = o.keys[:0]
	for v, m := range o.mmsi {
		o.keys = append(o.keys, uint64(m)<<32|uint64(v))
	}
	slices.Sort(o.keys)
	pos := int32(0)
	for _, k := range o.keys {
		v := int32(uint32(k))
		n := o.count[v]
		o.count[v] = pos
		pos += n
	}
	o.out = slices.Grow(o.out[:0], len(o.in))[:len(o.in)] // every slot is written below
	for i, v := range o.gid {
		o.out[o.count[v]] = o.in[i]
		o.count[v]++
	}
	for i := 0; i < len(o.out); { // a vessel's records are in batch order: sort by time if needed
		j := i + 1
		for j < len(o.out) && o.out[j].mmsi == o.out[i].mmsi {
			j++
		}
		if !slices.IsSortedFunc(o.out[i:j], cmpIDRef) {
			slices.SortFunc(o.out[i:j], cmpIDRef)
		}
		i = j
	}
}

// group numbers the vessels of o.in in order of appearance, setting
// mmsi, gid and count.
func (o *idOrderer) group() {
	o.vessel.reset()
	o.count, o.gid, o.mmsi = o.count[:0], o.gid[:0], o.mmsi[:0]
	last, lastV := uint32(0), int32(-1)
	for i := range o.in {
		if m := o.in[i].mmsi; lastV < 0 || m != last {
			v, ok := o.vessel.lookup(m, int32(len(o.count)))
			if !ok {
				o.count = append(o.count, 0)
				o.mmsi = append(o.mmsi, m)
			}
			last, lastV = m, v
		}
		o.gid = append(o.gid, lastV)
		o.count[lastV]++
	}
}

// loadIdentities returns mmsi's stored history (read-only: it may be the
// writer's cache's) and puts a copy of it into s.bw.idh.
func (s *Store) loadIdentities(mmsi uint32) (idHead, error) {
	w := &s.bw
	if hd, ok := s.icache.recs.get(mmsi); ok {
		w.idh = append(w.idh[:0], hd.recs...)
		return hd, nil
	}
	w.key = appendIdentityKey(w.key[:0], mmsi)
	old, err := s.get(w.key) // written only by appendHead: canonical
	switch {
	case errors.Is(err, ErrNotFound):
		w.idh = w.idh[:0]
		return idHead{frozenMax: math.MinInt64}, nil
	case err != nil:
		return idHead{}, err
	}
	hd, err := decodeHead(mmsi, old)
	w.idh = append(w.idh[:0], hd.recs...)
	return hd, err
}

// sameHistory reports whether the histories a and b of one vessel encode
// the same (appendIdentities writes every field sameContent compares, the
// interval and the source reference).
func sameHistory(a, b []track.Identity) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		x, y := &a[i], &b[i]
		if x.From != y.From || x.To != y.To || x.Src != y.Src || !sameContent(x, y) {
			return false
		}
	}
	return true
}

// commitVesselIdentities merges the records ids[order[k].i] (one
// vessel's, in order) into its history, writing it when that changed.
// Records are merged whole, as reported: a class B vessel's part A (the
// name) and part B (call sign, type, size) reports stay apart, so that a
// history is a faithful, idempotent log of what was said (Vessel.Identity
// completes the latest one for display).
func (s *Store) commitVesselIdentities(pb *pebble.Batch, ids []track.Identity, order []idRef) error {
	mmsi := order[0].mmsi
	old, err := s.loadIdentities(mmsi)
	if err != nil {
		return err
	}
	w := &s.bw
	h, hd := w.idh, idHead{chunks: old.chunks, frozenMax: old.frozenMax}
	whole := false // h is the whole history: the chunks are written again
	if hd.chunks > 0 && !headTakes(h, hd.frozenMax, ids, order) {
		_, c, err := s.readIdentities(mmsi) // committed: the head is old's
		if err != nil {
			return err
		}
		h, hd, whole = append(c, h...), idHead{frozenMax: math.MinInt64}, true
	}
	norm, preMax := normalized(h), disjointTail(h)
	for _, o := range order {
		h, norm, preMax = mergeIdentityOrdered(h, &ids[o.i], norm, preMax)
	}
	spilled := false
	for norm && len(h) > idHeadMax {
		c := h[:idChunkLen]
		w.ids = appendIdentities(w.ids[:0], c)
		if err := pb.Set(identityChunkKey(w.key[:0], mmsi, hd.chunks), w.ids, nil); err != nil {
			return err
		}
		for i := range c {
			hd.frozenMax = max(hd.frozenMax, c[i].To)
		}
		hd.chunks++
		h, spilled = h[idChunkLen:], true
	}
	if spilled {
		h = slices.Clone(h) // the cache must not keep the spilled records alive
	}
	for seq := hd.chunks; seq < old.chunks; seq++ { // a whole history cut shorter
		if err := pb.Delete(identityChunkKey(w.key[:0], mmsi, seq), nil); err != nil {
			return err
		}
	}
	w.idh = h
	if !whole && !spilled && sameHistory(h, old.recs) {
		return nil
	}
	hd.recs = h
	w.ids = appendHead(w.ids[:0], &hd)
	// The cache takes h itself, which nothing else holds: the next
	// vessel's copy goes into new memory (loadIdentities appends to nil).
	s.icache.stage(mmsi, hd)
	w.idh = nil
	w.key = appendIdentityKey(w.key[:0], mmsi)
	return pb.Set(w.key, w.ids, nil)
}

// identityCache keeps the writer's identity histories as committed (like
// vesselCache), so that a feed that reports each vessel's identity in
// every batch merges without reading and decoding its history again.
type identityCache struct {
	recs mmsiTable[idHead]
	// staged are the heads a commit wrote, in order (a commit writes
	// each vessel's head once, in mmsi order).
	staged []mmsiVal[idHead]
	n      int // records held in recs
}

// identityCacheMax bounds the records held (a few hundred bytes each).
const identityCacheMax = 1 << 18

// stage queues h as mmsi's history for apply; the cache owns h from
// then on.
func (c *identityCache) stage(mmsi uint32, hd idHead) {
	c.staged = append(c.staged, mmsiVal[idHead]{mmsi: mmsi, v: hd})
}

// apply makes the staged histories current; when the cache would outgrow
// its bound it starts again from this commit's histories.
func (c *identityCache) apply() {
	n := c.n
	for _, sh := range c.staged {
		old, _ := c.recs.get(sh.mmsi)
		n += len(sh.v.recs) - len(old.recs)
	}
	if n > identityCacheMax {
		c.recs.reset()
		n = 0
		for _, sh := range c.staged {
			n += len(sh.v.recs)
		}
	}
	c.recs.setAll(c.staged)
	c.n = n
	c.clearStaged()
}

func (c *identityCache) reset() {
	c.recs.reset()
	c.clearStaged()
	c.n = 0
}

// clearStaged empties staged, dropping its histories for the collector.
func (c *identityCache) clearStaged() {
	clear(c.staged)
	c.staged = c.staged[:0]
}

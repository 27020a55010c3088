package store

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"fmt"
	"slices"

	"github.com/cockroachdb/pebble/v2"
	"github.com/lookout-osint/lookout/internal/geo"
	"github.com/lookout-osint/lookout/internal/track"
)

// Segment is one segment's fixes in a time range.
type Segment struct {
	ID    uint64
	Fixes []track.Fix
}

// Track returns mmsi's fixes with from <= Time < to, in time order (all
// segments interleaved; ties in time keep segment order).
func (s *Store) Track(mmsi uint32, from, to int64) ([]track.Fix, error) {
	var all []qfix
	sorted := true
	err := s.scanBlocks(mmsi, from, to, func(_ uint64, q []qfix) {
		lo, _ := slices.BinarySearchFunc(q, from, func(f qfix, t int64) int { return cmp.Compare(f.t, t) })
		hi, _ := slices.BinarySearchFunc(q, to, func(f qfix, t int64) int { return cmp.Compare(f.t, t) })
		if lo < hi && len(all) > 0 && q[lo].t < all[len(all)-1].t {
			sorted = false
		}
		all = append(all, q[lo:hi]...)
	})
	if !sorted {
		slices.SortStableFunc(all, func(a, b qfix) int { return cmp.Compare(a.t, b.t) })
	}
	out := make([]track.Fix, len(all))
	for i := range all {
		out[i] = all[i].fix(mmsi)
	}
	return out, err
}

// TrackSegments returns mmsi's fixes with from <= Time < to grouped by
// segment, segments ordered by their first fix.
func (s *Store) TrackSegments(mmsi uint32, from, to int64) ([]Segment, error) {
	idx := map[uint64]int{}
	var out []Segment
	err := s.scanBlocks(mmsi, from, to, func(seg uint64, q []qfix) {
		i, ok := idx[seg]
		if !ok {
			i = len(out)
			idx[seg] = i
			out = append(out, Segment{ID: seg})
		}
		out[i].Fixes = appendFixes(out[i].Fixes, mmsi, q, from, to)
	})
	out = slices.DeleteFunc(out, func(sg Segment) bool { return len(sg.Fixes) == 0 })
	slices.SortStableFunc(out, func(a, b Segment) int { return cmp.Compare(a.Fixes[0].Time, b.Fixes[0].Time) })
	return out, err
}

func appendFixes(dst []track.Fix, mmsi uint32, q []qfix, from, to int64) []track.Fix {
	lo, _ := slices.BinarySearchFunc(q, from, func(f qfix, t int64) int { return cmp.Compare(f.t, t) })
	for i := lo; i < len(q) && q[i].t < to; i++ {
		dst = append(dst, q[i].fix(mmsi))
	}
	return dst
}

// scanBlocks decodes every block of mmsi whose day overlaps [from, to).
// q is reused between calls.
func (s *Store) scanBlocks(mmsi uint32, from, to int64, fn func(seg uint64, q []qfix)) error {
	if to <= from || to <= 0 {
		return nil
	}
	lo := fixKey(nil, mmsi, bucketOf(max(from, 0)), 0)
	hiDay := uint64(bucketOf(to-1)) + 1
	var hi []byte
	if hiDay > 0xffffffff {
		hi = be32([]byte{pFix}, mmsi+1)
	} else {
		hi = fixKey(nil, mmsi, uint32(hiDay), 0)
	}
	var q []qfix
	return s.scan(lo, hi, func(k, v []byte) error {
		_, bucket, seg, ok := parseFixKey(k)
		if !ok {
			return fmt.Errorf("fix key %x: %w", k, ErrCorrupt)
		}
		var err error
		if q, err = decodeBlock(q[:0], v, int64(bucket)*bucketMs); err != nil {
			return fmt.Errorf("fix block %x: %w", k, err)
		}
		fn(seg, q)
		return nil
	})
}

// Vessel is one row of the vessel list.
type Vessel struct {
	MMSI      uint32
	FirstSeen int64  // Unix ms of the first stored fix (0 if none)
	LastSeen  int64  // Unix ms of the last stored fix
	Fixes     uint64 // fixes stored
	// Identity is the latest identity record (largest To), with the fields
	// it does not report taken from the records before it (a class B
	// vessel's part B gets its part A's name); zero if none.
	Identity track.Identity
	// Flag is the MID (first three digits of a ship MMSI); 0 if none.
	Flag uint32
	// Country names the flag state of the MID ("" when unknown).
	Country string
}

// Vessels lists every vessel with fixes or identities, by MMSI.
func (s *Store) Vessels() ([]Vessel, error) {
	byMMSI := map[uint32]*Vessel{}
	var out []*Vessel
	get := func(mmsi uint32) *Vessel {
		v := byMMSI[mmsi]
		if v == nil {
			v = &Vessel{MMSI: mmsi, Flag: track.Flag(mmsi)}
			v.Country = MIDCountry(v.Flag)
			byMMSI[mmsi] = v
			out = append(out, v)
		}
		return v
	}
	err := s.scan([]byte{pVessel}, []byte{pVessel + 1}, func(k, val []byte) error {
		r, err := decodeVessel(val)
		if err != nil || len(k) != 5 {
			return fmt.Errorf("vessel key %x: %w", k, ErrCorrupt)
		}
		v := get(binary.BigEndian.Uint32(k[1:]))
		v.FirstSeen, v.LastSeen, v.Fixes = r.first, r.last, r.fixes
		return nil
	})
	if err != nil {
		return nil, err
	}
	var chunked []uint32
	err = s.scan([]byte{pIdentity}, []byte{pIdentity + 1}, func(k, val []byte) error {
		switch {
		case len(k) == 9: // a frozen chunk, read with its head below
			return nil
		case len(k) != 5:
			return fmt.Errorf("identity key %x: %w", k, ErrCorrupt)
		}
		mmsi := binary.BigEndian.Uint32(k[1:])
		hd, err := decodeHead(mmsi, val)
		if err != nil || len(hd.recs) == 0 {
			return err
		}
		if hd.chunks > 0 {
			chunked = append(chunked, mmsi)
			return nil
		}
		get(mmsi).Identity = latestIdentity(hd.recs)
		return nil
	})
	for _, mmsi := range chunked {
		if err != nil {
			break
		}
		var h []track.Identity
		if h, err = s.Identities(mmsi); err == nil {
			get(mmsi).Identity = latestIdentity(h)
		}
	}
	res := make([]Vessel, len(out))
	for i, v := range out {
		res[i] = *v
	}
	slices.SortFunc(res, func(a, b Vessel) int { return cmp.Compare(a.MMSI, b.MMSI) })
	return res, err
}

// latestIdentity returns the latest record of h (the largest To; of equal
// ones the last), each field it does not report taken from the last
// record, in h's order, that does (track.FillIdentity): a class B
// vessel's part B report then shows the name its part A gave.
func latestIdentity(h []track.Identity) track.Identity {
	best := h[0]
	var known track.Identity
	for _, r := range h {
		if r.To >= best.To {
			best = r
		}
		known = track.FillIdentity(r, known)
	}
	return track.FillIdentity(best, known)
}

// VesselTrack is one vessel's fixes for ForEachVessel: Fixes in time order
// and Segments[i] the segment id of Fixes[i].
type VesselTrack struct {
	MMSI     uint32
	Fixes    []track.Fix
	Segments []uint64
}

// ForEachVessel calls fn with every vessel's fixes in [from, to), vessel by
// vessel in MMSI order. Memory is bounded by the largest vessel. The
// VesselTrack's slices are reused after fn returns. An error from fn stops
// the walk and is returned.
func (s *Store) ForEachVessel(from, to int64, fn func(*VesselTrack) error) error {
	var vt VesselTrack
	var q []qfix
	flush := func() error {
		if len(vt.Fixes) == 0 {
			return nil
		}
		sortVesselTrack(&vt)
		return fn(&vt)
	}
	err := s.scan([]byte{pFix}, []byte{pFix + 1}, func(k, v []byte) error {
		mmsi, day, seg, ok := parseFixKey(k)
		if !ok {
			return fmt.Errorf("fix key %x: %w", k, ErrCorrupt)
		}
		if mmsi != vt.MMSI || len(vt.Fixes) == 0 {
			if err := flush(); err != nil {
				return err
			}
			vt.MMSI, vt.Fixes, vt.Segments = mmsi, vt.Fixes[:0], vt.Segments[:0]
		}
		if int64(day+1)*bucketMs <= from || int64(day)*bucketMs >= to {
			return nil
		}
		var err error
		if q, err = decodeBlock(q[:0], v, int64(day)*bucketMs); err != nil {
			return fmt.Errorf("fix block %x: %w", k, err)
		}
		n := len(vt.Fixes)
		vt.Fixes = appendFixes(vt.Fixes, mmsi, q, from, to)
		for range len(vt.Fixes) - n {
			vt.Segments = append(vt.Segments, seg)
		}
		return nil
	})
	if err != nil {
		return err
	}
	return flush()
}

// sortVesselTrack orders by time, keeping segments aligned.
func sortVesselTrack(vt *VesselTrack) {
	if slices.IsSortedFunc(vt.Fixes, func(a, b track.Fix) int { return cmp.Compare(a.Time, b.Time) }) {
		return
	}
	idx := make([]int, len(vt.Fixes))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int { return cmp.Compare(vt.Fixes[a].Time, vt.Fixes[b].Time) })
	fx := make([]track.Fix, len(idx))
	sg := make([]uint64, len(idx))
	for i, j := range idx {
		fx[i], sg[i] = vt.Fixes[j], vt.Segments[j]
	}
	copy(vt.Fixes, fx)
	copy(vt.Segments, sg)
}

// FixesInBBox returns the fixes inside box with from <= Time < to, ordered
// by MMSI then time. It reads only the vessel-hour blocks that the spatial
// grid (1° cells by hour) lists for the box and hours, through one Pebble
// iterator that seeks from block to block in key order.
func (s *Store) FixesInBBox(box geo.BBox, from, to int64) ([]track.Fix, error) {
	if to <= from || to <= 0 {
		return nil, nil
	}
	if s.closed {
		return nil, ErrClosed
	}
	from = max(from, 0)
	it, err := s.db.NewIter(&pebble.IterOptions{LowerBound: []byte{pGrid}, UpperBound: []byte{pGrid + 1}})
	if err != nil {
		return nil, fmt.Errorf("bbox query: %w", err)
	}
	blocks, err := gridBlocks(it, box, from, to)
	if cerr := it.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("bbox query: %w", cerr)
	}
	if err != nil {
		return nil, err
	}
	slices.SortFunc(blocks, func(a, b blockRef) int {
		if c := cmp.Compare(a.mmsi, b.mmsi); c != 0 {
			return c
		}
		return cmp.Compare(a.day, b.day)
	})
	out, err := s.bboxFixes(blocks, box, from, to)
	if err != nil {
		return nil, err
	}
	// Blocks are visited in (mmsi, bucket, segment) order, so only fixes
	// of one vessel-bucket from different segments can be out of order.
	slices.SortStableFunc(out, func(a, b track.Fix) int {
		if c := cmp.Compare(a.MMSI, b.MMSI); c != 0 {
			return c
		}
		return cmp.Compare(a.Time, b.Time)
	})
	return out, nil
}

// bboxFixes decodes the blocks (sorted by mmsi, bucket) of every segment
// and keeps the fixes inside box and [from, to).
func (s *Store) bboxFixes(blocks []blockRef, box geo.BBox, from, to int64) ([]track.Fix, error) {
	it, err := s.db.NewIter(&pebble.IterOptions{LowerBound: []byte{pFix}, UpperBound: []byte{pFix + 1}})
	if err != nil {
		return nil, fmt.Errorf("bbox query: %w", err)
	}
	var out []track.Fix
	var q []qfix
	var prefix []byte
	for _, bk := range blocks {
		prefix = fixKey(prefix, bk.mmsi, bk.day, 0)[:9]
		for ok := it.SeekGE(prefix); ok && bytes.HasPrefix(it.Key(), prefix); ok = it.Next() {
			v, err := it.ValueAndErr()
			if err == nil {
				q, err = decodeBlock(q[:0], v, int64(bk.day)*bucketMs)
			}
			if err != nil {
				err = fmt.Errorf("bbox query: block %x: %w", it.Key(), err)
				it.Close()
				return nil, err
			}
			lo, _ := slices.BinarySearchFunc(q, from, func(f qfix, t int64) int { return cmp.Compare(f.t, t) })
			for i := lo; i < len(q) && q[i].t < to; i++ {
				if f := q[i].fix(bk.mmsi); box.Contains(f.Point()) {
					out = append(out, f)
				}
			}
		}
	}
	if err := it.Close(); err != nil {
		return nil, fmt.Errorf("bbox query: %w", err)
	}
	return out, nil
}

// blockRef names a fix block (seg unused for grid hits: all segments).
type blockRef struct {
	mmsi uint32
	day  uint32 // bucket number
	seg  uint64
}

// gridBlocks lists, through it (bounded to the grid), the distinct (mmsi,
// bucket) that the grid says have fixes in box's cells during the hours of
// [from, to). Short ranges seek to each hour's cell rows; long ones scan
// the hours once and filter cells.
func gridBlocks(it *pebble.Iterator, box geo.BBox, from, to int64) ([]blockRef, error) {
	seen := map[blockRef]bool{}
	var out []blockRef
	visit := func(k []byte) error {
		if len(k) != 11 {
			return fmt.Errorf("grid key %x: %w", k, ErrCorrupt)
		}
		hour := uint64(binary.BigEndian.Uint32(k[1:]))
		br := blockRef{mmsi: binary.BigEndian.Uint32(k[7:]), day: uint32(hour * hourMs / bucketMs)}
		if !seen[br] {
			seen[br] = true
			out = append(out, br)
		}
		return nil
	}
	ranges := cellRanges(box)
	h0, h1 := uint64(hourOf(from)), uint64(to-1)/hourMs // inclusive
	if h1-h0 > 48 {
		hi := prefixEnd(be32([]byte{pGrid}, uint32(min(h1, 0xffffffff))))
		for ok := it.SeekGE(be32([]byte{pGrid}, uint32(h0))); ok && below(it.Key(), hi); ok = it.Next() {
			k := it.Key()
			if len(k) == 11 && inRanges(binary.BigEndian.Uint16(k[5:]), ranges) {
				if err := visit(k); err != nil {
					return nil, err
				}
			}
		}
		return out, it.Error()
	}
	var lo, hi []byte
	for h := uint32(h0); uint64(h) <= h1; h++ {
		for _, cr := range ranges {
			lo = gridKey(lo, h, cr[0], 0)[:7]
			hi = prefixEnd(gridKey(hi, h, cr[1], 0)[:7])
			for ok := it.SeekGE(lo); ok && below(it.Key(), hi); ok = it.Next() {
				if err := visit(it.Key()); err != nil {
					return nil, err
				}
			}
		}
	}
	return out, it.Error()
}

// below reports whether k sorts before the exclusive upper bound hi (nil:
// no bound, as prefixEnd returns for an all-0xff prefix).
func below(k, hi []byte) bool { return hi == nil || bytes.Compare(k, hi) < 0 }

func inRanges(c uint16, rs [][2]uint16) bool {
	for _, r := range rs {
		if c >= r[0] && c <= r[1] {
			return true
		}
	}
	return false
}

// cellRanges returns inclusive [lo, hi] cell ranges covering box: one per
// 1° latitude row (two when the box crosses the antimeridian).
func cellRanges(box geo.BBox) [][2]uint16 {
	var out [][2]uint16
	r0 := cellOf(box.MinLat, -180) / 360
	r1 := cellOf(box.MaxLat, -180) / 360
	lonSpans := [][2]float64{{box.MinLon, box.MaxLon}}
	if box.MinLon > box.MaxLon {
		lonSpans = [][2]float64{{box.MinLon, 180}, {-180, box.MaxLon}}
	}
	for r := r0; r <= r1; r++ {
		for _, sp := range lonSpans {
			c0 := cellOf(-90, sp[0]) % 360
			c1 := cellOf(-90, sp[1]) % 360
			out = append(out, [2]uint16{r*360 + c0, r*360 + c1})
		}
	}
	return out
}

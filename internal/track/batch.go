package track

import (
	"cmp"
	"slices"
)

// Segment is one segment's fixes in time order: what detectors consume.
type Segment struct {
	ID    SegmentID
	MMSI  uint32
	Fixes []Fix
}

// Start returns the time of the first fix (Unix ms), or 0 for no fixes.
func (g *Segment) Start() int64 {
	if len(g.Fixes) == 0 {
		return 0
	}
	return g.Fixes[0].Time
}

// End returns the time of the last fix (Unix ms), or 0 for no fixes.
func (g *Segment) End() int64 {
	if len(g.Fixes) == 0 {
		return 0
	}
	return g.Fixes[len(g.Fixes)-1].Time
}

// BatchResult is everything SegmentAll produced.
type BatchResult struct {
	Segments []Segment  // ordered by ID (MMSI, start, seq)
	Dropped  []Assigned // dropped fixes with their Reason, in input order per MMSI
	Stats    SegmenterStats
}

// SegmentFixes segments fixes of any number of MMSIs, in any order, with
// cfg and returns the segments ordered by ID. Dropped fixes (bad fixes,
// look-back discards) are left out; use SegmentAll to see them. It panics
// only on an invalid cfg (a programming error: validate user config first).
func SegmentFixes(fixes []Fix, cfg SegmenterConfig) []Segment {
	return SegmentAll(fixes, cfg).Segments
}

// sortOrder returns the indices of fixes ordered by (MMSI, time, index).
func sortOrder(fixes []Fix) []int {
	order := make([]int, len(fixes))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(i, j int) int {
		a, b := &fixes[i], &fixes[j]
		if c := cmp.Compare(a.MMSI, b.MMSI); c != 0 {
			return c
		}
		if c := cmp.Compare(a.Time, b.Time); c != 0 {
			return c
		}
		return cmp.Compare(i, j)
	})
	return order
}

// SegmentAll is SegmentFixes that also returns the dropped fixes and the
// counters. fixes is not modified. Fixes are stably sorted by (MMSI, time),
// so fixes with equal times keep their input order.
func SegmentAll(fixes []Fix, cfg SegmenterConfig) BatchResult {
	s, err := NewSegmenter(cfg)
	if err != nil {
		panic(err)
	}
	order := sortOrder(fixes)
	var res BatchResult
	var out []Assigned
	index := make(map[SegmentID]int)
	collect := func() {
		for i := range out {
			a := &out[i]
			if a.Reason != ReasonNone {
				res.Dropped = append(res.Dropped, *a)
				continue
			}
			k, ok := index[a.Seg]
			if !ok {
				k = len(res.Segments)
				index[a.Seg] = k
				res.Segments = append(res.Segments, Segment{ID: a.Seg, MMSI: a.Seg.MMSI})
			}
			res.Segments[k].Fixes = append(res.Segments[k].Fixes, a.Fix)
		}
		out = out[:0]
	}
	for k, i := range order {
		if k > 0 && fixes[i].MMSI != fixes[order[k-1]].MMSI {
			out = s.FlushMMSI(out, fixes[order[k-1]].MMSI)
		}
		out = s.Add(out, &fixes[i])
		collect()
	}
	out = s.Flush(out)
	collect()
	slices.SortFunc(res.Segments, func(a, b Segment) int { return a.ID.Compare(b.ID) })
	res.Stats = s.Stats()
	return res
}

package track

import (
	"cmp"
	"slices"
)

// SegmentAt returns the index in segs of the segment an identity report of
// mmsi at time t (Unix ms), sent by a transponder of the given class, belongs
// to, or -1 when no segment of mmsi has a fix within maxGapMs of t. segs
// must be ordered by ID, as SegmentFixes returns them.
//
// Type 5 reports come from class A, types 19 and 24 from class B: a segment
// with fixes of the report's class is preferred, then the one nearest in
// time (0 when t lies within it), then the one with more fixes. This is how
// identity messages attach to "the segment active at that time"
// (DETECTORS.md §1) when MMSIs are shared. Streaming code uses
// Segmenter.Active instead.
func SegmentAt(segs []Segment, mmsi uint32, t int64, class Class, maxGapMs int64) int {
	lo, _ := slices.BinarySearchFunc(segs, mmsi, func(g Segment, m uint32) int { return cmp.Compare(g.MMSI, m) })
	best := -1
	var bestKey attachKey
	for i := lo; i < len(segs) && segs[i].MMSI == mmsi; i++ {
		g := &segs[i]
		if len(g.Fixes) == 0 {
			continue
		}
		k := attachKey{dist: timeDistance(g, t), n: len(g.Fixes)}
		if k.dist > maxGapMs {
			continue
		}
		k.classMatch = class != ClassUnknown && slices.ContainsFunc(g.Fixes, func(f Fix) bool { return f.Class == class })
		if best < 0 || k.better(bestKey) {
			best, bestKey = i, k
		}
	}
	return best
}

type attachKey struct {
	classMatch bool
	dist       int64
	n          int
}

func (k attachKey) better(o attachKey) bool {
	if k.classMatch != o.classMatch {
		return k.classMatch
	}
	if k.dist != o.dist {
		return k.dist < o.dist
	}
	return k.n > o.n
}

// timeDistance returns how far t lies outside g's time span (0 inside).
func timeDistance(g *Segment, t int64) int64 {
	switch s, e := g.Start(), g.End(); {
	case t < s:
		return s - t
	case t > e:
		return t - e
	}
	return 0
}

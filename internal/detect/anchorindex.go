package detect

import (
	"math"

	"github.com/lookout-osint/lookout/internal/geo"
)

// anchorCellDeg is the grid cell size of the anchorage index in degrees.
const anchorCellDeg = 0.1

// anchorIndex finds the anchorage points near a position through a grid of
// 0.1° cells, so a query costs a few map look-ups whatever the number of
// points.
type anchorIndex struct {
	points []Anchor
	cells  map[uint64][]int32
}

func anchorCellKey(ci, cj int64) uint64 { return uint64(ci+1000)<<32 | uint64(cj+4000) }

func anchorCellOf(p geo.Point) (int64, int64) {
	return int64(math.Floor(p.Lat / anchorCellDeg)), int64(math.Floor(p.Lon / anchorCellDeg))
}

// newAnchorIndex indexes points; invalid positions are skipped.
func newAnchorIndex(points []Anchor) *anchorIndex {
	ix := &anchorIndex{cells: make(map[uint64][]int32, len(points)), points: make([]Anchor, 0, len(points))}
	for _, p := range points {
		ix.add(p)
	}
	return ix
}

// add indexes one more point (skipped when its position is invalid).
func (ix *anchorIndex) add(a Anchor) {
	if !a.Point.Valid() {
		return
	}
	ix.points = append(ix.points, a)
	ci, cj := anchorCellOf(a.Point)
	k := anchorCellKey(ci, cj)
	ix.cells[k] = append(ix.cells[k], int32(len(ix.points)-1))
}

// nearest returns the index of the anchorage point nearest p within maxM
// metres and its distance, or -1 and +Inf when there is none.
func (ix *anchorIndex) nearest(p geo.Point, maxM float64) (int, float64) {
	return ix.search(p, maxM, false)
}

// search is nearest, optionally restricted to WPI entries.
func (ix *anchorIndex) search(p geo.Point, maxM float64, wpiOnly bool) (int, float64) {
	if ix == nil || len(ix.points) == 0 {
		return -1, math.Inf(1)
	}
	ci, cj := anchorCellOf(p)
	dLat := int64(maxM/metresPerDeg/anchorCellDeg) + 1
	cosLat := math.Cos(math.Min(89, math.Abs(p.Lat)+float64(dLat)*anchorCellDeg) * degToRad)
	dLon := int64(maxM/(metresPerDeg*cosLat)/anchorCellDeg) + 1
	if dLon > 1800 {
		dLon = 1800
	}
	best, bestD := -1, math.Inf(1)
	for i := ci - dLat; i <= ci+dLat; i++ {
		for j := cj - dLon; j <= cj+dLon; j++ {
			jj := j
			if jj < -1800 {
				jj += 3600
			} else if jj >= 1800 {
				jj -= 3600
			}
			for _, k := range ix.cells[anchorCellKey(i, jj)] {
				a := &ix.points[k]
				if wpiOnly && a.Ref.WPI == 0 {
					continue
				}
				d := fastDistM(p.Lat, p.Lon, a.Point.Lat, a.Point.Lon)
				if d <= maxM && d < bestD {
					best, bestD = int(k), d
				}
			}
		}
	}
	return best, bestD
}

// nearestFar searches growing radii up to maxM, so that far queries (the
// nearest port of a gap end) do not scan a huge window when a port is close.
func (ix *anchorIndex) nearestFar(p geo.Point, maxM float64) (int, float64) {
	for r := 10000.0; ; r *= 4 {
		if r > maxM {
			r = maxM
		}
		if i, d := ix.nearest(p, r); i >= 0 || r >= maxM {
			return i, d
		}
	}
}

// nearestPreferWPI is nearest within maxM, except that the nearest WPI entry
// within maxM wins over a nearer learned anchorage: a gazetteer name is what
// an investigator wants on a port visit.
func (ix *anchorIndex) nearestPreferWPI(p geo.Point, maxM float64) (int, float64) {
	i, d := ix.nearest(p, maxM)
	if i < 0 || ix.points[i].Ref.WPI > 0 {
		return i, d
	}
	if w, dw := ix.search(p, maxM, true); w >= 0 {
		return w, dw
	}
	return i, d
}

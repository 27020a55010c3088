package places

import (
	"math"
	"slices"

	"github.com/lookout-osint/lookout/internal/geo"
)

// The shore grid holds the distance to the nearest coastline at every
// node of a 1/4° latitude/longitude lattice, for points too far from the
// shore for the exact edge search to be cheap.
const (
	shorePerDeg = 4
	shoreRows   = 180*shorePerDeg + 1 // nodes from -90 to 90 inclusive
	shoreCols   = 360 * shorePerDeg   // nodes from -180, wrapping at 180
	shoreUnitM  = 50.0                // metres per stored unit
)

type shoreGrid struct {
	d   []uint16 // shoreRows × shoreCols distances in units of shoreUnitM
	seg []int32  // the nearest coastline edge of each node (-1: none)
}

func (s *shoreGrid) node(i, j int) float64 {
	j = ((j % shoreCols) + shoreCols) % shoreCols
	return float64(s.d[i*shoreCols+j]) * shoreUnitM
}

// cornerDistM returns the distance from p to the nearest of the coastline
// edges found nearest to the four corners of p's cell when the grid was
// built: an upper bound on the distance to the shore that equals it unless
// p's nearest edge is none of those (a small island or headland nearest to
// no grid node; see the accuracy test for the measured error).
func (m *LandMask) cornerDistM(p geo.Point) float64 {
	s := &m.shore
	if len(s.seg) == 0 {
		return math.Inf(1)
	}
	i := min(int((p.Lat+90)*shorePerDeg), shoreRows-2)
	j := int(math.Floor((p.Lon + 180) * shorePerDeg))
	ids := [4]int32{s.segAt(i, j), s.segAt(i, j+1), s.segAt(i+1, j), s.segAt(i+1, j+1)}
	best := math.Inf(1)
	for k, id := range ids {
		if id >= 0 && !slices.Contains(ids[:k], id) {
			best = min(best, geo.DistancePointSegmentM(p, m.verts[id], m.verts[id+1]))
		}
	}
	return best
}

func (s *shoreGrid) segAt(i, j int) int32 {
	j = ((j % shoreCols) + shoreCols) % shoreCols
	return s.seg[i*shoreCols+j]
}

// lipschitzLowerBound returns a lower bound in metres on the distance from
// p to the shore: the best over the four corners c of its cell of
// d(c) − |p − c| (distance to the shore is 1-Lipschitz), with |p − c| on
// the local projection (kx = cos of p's latitude) grown by 5% for its
// error and each d(c) lowered by the storage unit.
func (s *shoreGrid) lipschitzLowerBound(p geo.Point, kx float64) float64 {
	if len(s.d) == 0 {
		return 0
	}
	i := min(int((p.Lat+90)*shorePerDeg), shoreRows-2)
	j := int(math.Floor((p.Lon + 180) * shorePerDeg))
	lb := 0.0
	for di := 0; di <= 1; di++ {
		for dj := 0; dj <= 1; dj++ {
			dy := -90 + float64(i+di)/shorePerDeg - p.Lat
			dx := (-180 + float64(j+dj)/shorePerDeg - p.Lon) * kx
			gap := math.Sqrt(dx*dx+dy*dy) * metresPerDeg * 1.05
			lb = max(lb, s.node(i+di, j+dj)-shoreUnitM-gap)
		}
	}
	return lb
}

// buildShoreGrid computes the grid for m by vector propagation (each node
// keeps its best-known nearest coastline edge and offers it to its
// neighbours, in forward and backward raster sweeps until nothing changes),
// seeded with the edges near each node. Distances are exact great-circle
// point-to-edge distances; propagation can in rare configurations miss the
// true nearest edge by a little.
func buildShoreGrid(m *LandMask) shoreGrid {
	n := shoreRows * shoreCols
	seg := make([]int32, n)
	dist := make([]float64, n)
	for i := range seg {
		seg[i], dist[i] = -1, math.Inf(1)
	}
	nodePt := func(k int) geo.Point {
		return geo.Point{Lat: -90 + float64(k/shoreCols)/shorePerDeg, Lon: -180 + float64(k%shoreCols)/shorePerDeg}
	}
	offer := func(k int, s int32) bool {
		if s < 0 || seg[k] == s {
			return false
		}
		d := geo.DistancePointSegmentM(nodePt(k), m.verts[s], m.verts[s+1])
		if d < dist[k] {
			seg[k], dist[k] = s, d
			return true
		}
		return false
	}
	seedShore(m, offer)
	for changed := true; changed; {
		changed = sweepShore(seg, offer, 1)
		changed = sweepShore(seg, offer, -1) || changed
	}
	out := shoreGrid{d: make([]uint16, n), seg: seg}
	for k, d := range dist {
		out.d[k] = uint16(min(math.Round(d/shoreUnitM), math.MaxUint16))
	}
	return out
}

// seedShore offers each coastline edge to the nodes around its end points.
func seedShore(m *LandMask, offer func(k int, s int32) bool) {
	m.forEachSeg(func(id int32, a, b geo.Point) {
		if !m.isCoast(id) {
			return
		}
		for _, p := range [2]geo.Point{a, b} {
			i := min(int((p.Lat+90)*shorePerDeg), shoreRows-2)
			j := int(math.Floor((p.Lon + 180) * shorePerDeg))
			for di := 0; di <= 1; di++ {
				for dj := 0; dj <= 1; dj++ {
					offer((i+di)*shoreCols+((j+dj)%shoreCols+shoreCols)%shoreCols, id)
				}
			}
		}
	})
}

// sweepShore runs one raster sweep (dir 1 forward, -1 backward), offering
// to each node the edges of its already-visited neighbours.
func sweepShore(seg []int32, offer func(k int, s int32) bool, dir int) bool {
	changed := false
	nb := [4][2]int{{-dir, -1}, {-dir, 0}, {-dir, 1}, {0, -dir}}
	i0, i1 := 0, shoreRows
	if dir < 0 {
		i0, i1 = shoreRows-1, -1
	}
	for i := i0; i != i1; i += dir {
		for jj := 0; jj < shoreCols; jj++ {
			j := jj
			if dir < 0 {
				j = shoreCols - 1 - jj
			}
			k := i*shoreCols + j
			for _, o := range nb {
				ni := i + o[0]
				if ni < 0 || ni >= shoreRows {
					continue
				}
				nj := ((j+o[1])%shoreCols + shoreCols) % shoreCols
				if offer(k, seg[ni*shoreCols+nj]) {
					changed = true
				}
			}
		}
	}
	return changed
}

package geo

import "math"

// PointIndex is a static grid index over a set of points for radius and
// nearest-neighbour queries without scanning every point. Cells are
// cellDeg × cellDeg degrees; queries visit only the cells that a spherical
// cap of the query radius touches (all longitudes near the poles).
type PointIndex struct {
	cellDeg    float64
	nLat, nLon int
	start      []uint32 // CSR offsets into ids, one per cell plus one
	ids        []int32
	pts        []Point
}

// NewPointIndex indexes pts (which it keeps; do not modify them afterwards)
// with square cells of cellDeg degrees (0 picks 0.5°). Invalid points are
// not indexed.
func NewPointIndex(pts []Point, cellDeg float64) *PointIndex {
	if cellDeg <= 0 || cellDeg > 180 {
		cellDeg = 0.5
	}
	x := &PointIndex{cellDeg: cellDeg, pts: pts}
	x.nLat = int(math.Ceil(180 / cellDeg))
	x.nLon = int(math.Ceil(360 / cellDeg))
	x.start = make([]uint32, x.nLat*x.nLon+1)
	for _, p := range pts {
		if p.Valid() {
			x.start[x.cellOf(p)+1]++
		}
	}
	for i := 1; i < len(x.start); i++ {
		x.start[i] += x.start[i-1]
	}
	x.ids = make([]int32, x.start[len(x.start)-1])
	fill := append([]uint32(nil), x.start[:len(x.start)-1]...)
	for i, p := range pts {
		if p.Valid() {
			c := x.cellOf(p)
			x.ids[fill[c]] = int32(i)
			fill[c]++
		}
	}
	return x
}

func (x *PointIndex) row(lat float64) int {
	r := int((lat + 90) / x.cellDeg)
	return min(max(r, 0), x.nLat-1)
}

func (x *PointIndex) col(lon float64) int {
	c := int(math.Floor((lon + 180) / x.cellDeg))
	return ((c % x.nLon) + x.nLon) % x.nLon
}

func (x *PointIndex) cellOf(p Point) int { return x.row(p.Lat)*x.nLon + x.col(p.Lon) }

// Len returns the number of points given to NewPointIndex.
func (x *PointIndex) Len() int { return len(x.pts) }

// Within calls fn for every indexed point within radiusM metres of p
// (great-circle distance), in no particular order, with its index in the
// slice given to NewPointIndex and its distance in metres.
func (x *PointIndex) Within(p Point, radiusM float64, fn func(i int, distM float64)) {
	if !p.Valid() || radiusM < 0 {
		return
	}
	r0, r1, c0, nc := x.capCells(p, radiusM)
	dLat := deg(radiusM/EarthRadiusM) * 1.000001
	for r := r0; r <= r1; r++ {
		for k := 0; k < nc; k++ {
			c := (c0 + k) % x.nLon
			cell := r*x.nLon + c
			for _, id := range x.ids[x.start[cell]:x.start[cell+1]] {
				q := x.pts[id]
				if math.Abs(q.Lat-p.Lat) > dLat {
					continue // cheap reject: farther in latitude alone
				}
				if d := DistanceHaversineM(p, q); d <= radiusM {
					fn(int(id), d)
				}
			}
		}
	}
}

// capCells returns the rows r0..r1 and the nc columns from c0 (wrapping)
// that a cap of radiusM around p touches.
func (x *PointIndex) capCells(p Point, radiusM float64) (r0, r1, c0, nc int) {
	delta := radiusM / EarthRadiusM
	dLat := deg(delta)
	r0, r1 = x.row(p.Lat-dLat), x.row(p.Lat+dLat)
	cl := math.Cos(rad(p.Lat))
	if p.Lat-dLat <= -90 || p.Lat+dLat >= 90 || delta >= math.Pi/2 || math.Sin(delta) >= cl {
		return r0, r1, 0, x.nLon
	}
	dLon := deg(math.Asin(math.Sin(delta) / cl))
	c0 = x.col(p.Lon - dLon)
	nc = x.col(p.Lon+dLon) - c0 + 1
	if nc <= 0 {
		nc += x.nLon
	}
	if 2*dLon+2*x.cellDeg >= 360 || nc > x.nLon {
		return r0, r1, 0, x.nLon
	}
	return r0, r1, c0, nc
}

// Nearest returns the index of the indexed point nearest to p and its
// distance in metres, considering only points within maxM metres; it
// returns -1 when there is none. Ties go to the lower index.
func (x *PointIndex) Nearest(p Point, maxM float64) (int, float64) {
	best, bestD := -1, math.Inf(1)
	if len(x.ids) == 0 {
		return best, bestD
	}
	for r := math.Min(maxM, 20e3); ; r = math.Min(r*4, maxM) {
		x.Within(p, r, func(i int, d float64) {
			if d < bestD || (d == bestD && i < best) {
				best, bestD = i, d
			}
		})
		if best >= 0 || r >= maxM || r >= math.Pi*EarthRadiusM {
			return best, bestD
		}
	}
}

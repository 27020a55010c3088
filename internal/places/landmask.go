package places

import (
	"math"

	"github.com/lookout-osint/lookout/internal/geo"
)

// LandMask answers "is this point on land" and "how far is the shore" for
// a set of land polygons (Natural Earth 10m land and minor islands in the
// embedded set). Both answers are exact with respect to the polygons near
// the coast; far from it the distance comes from a precomputed grid (see
// DistanceToShoreM). A LandMask is read-only and safe for concurrent use.
type LandMask struct {
	Source string // where the polygons came from

	verts    []geo.Point // all rings, each closed (last vertex = first)
	ringEnds []int32     // end (exclusive) of each ring in verts
	nSegs    int
	coast    []uint64 // bit per edge id: a real coastline edge, not a cut
	grid     landGrid
	shore    shoreGrid
}

// LandStats describes a land mask's size.
type LandStats struct {
	Rings, Vertices, Edges int
	MixedTiles             int // 1° tiles crossed by the coastline
	CellEdges              int // (cell, edge) pairs in the grid index
	MemoryBytes            int // approximate heap held by the mask
}

// Stats returns the mask's size.
func (m *LandMask) Stats() LandStats {
	mem := len(m.verts)*16 + len(m.coast)*8 + len(m.grid.tiles)*int(sizeofTile) +
		len(m.grid.segs)*4 + len(m.grid.tileRef)*4 + len(m.shore.d)*6
	return LandStats{
		Rings: len(m.ringEnds), Vertices: len(m.verts), Edges: m.nSegs,
		MixedTiles: len(m.grid.tiles), CellEdges: len(m.grid.segs), MemoryBytes: mem,
	}
}

// isCoast reports whether edge id is a real coastline edge (not a cut and
// not the gap between two rings).
func (m *LandMask) isCoast(id int32) bool { return m.coast[id>>6]&(1<<(id&63)) != 0 }

const sizeofTile = tileCells/8 + (tileCells+1)*4

func normPoint(p geo.Point) geo.Point {
	if p.Lon >= 180 {
		p.Lon -= 360
	}
	return p
}

// IsLand reports whether p lies inside the land polygons (an even-odd test
// in the latitude/longitude plane, exact for the polygons: no coastal
// tolerance; see IsInland for that). Invalid points are not on land.
func (m *LandMask) IsLand(p geo.Point) bool {
	if !p.Valid() {
		return false
	}
	p = normPoint(p)
	r, c := cellRC(p)
	inside, segs := m.grid.cell(r, c)
	if len(segs) == 0 {
		return inside
	}
	ctr := cellCentre(r, c)
	for _, s := range segs {
		if crosses(p, ctr, m.verts[s], m.verts[s+1]) {
			inside = !inside
		}
	}
	return inside
}

// crosses reports whether segments p–q and a–b properly intersect.
func crosses(p, q, a, b geo.Point) bool {
	d1 := orient(a, b, p)
	d2 := orient(a, b, q)
	if (d1 > 0) == (d2 > 0) || d1 == 0 || d2 == 0 {
		return false
	}
	d3 := orient(p, q, a)
	d4 := orient(p, q, b)
	return (d3 > 0) != (d4 > 0) && d3 != 0 && d4 != 0
}

// orient is the sign of the turn a→b→c in the lon/lat plane.
func orient(a, b, c geo.Point) float64 {
	return (b.Lon-a.Lon)*(c.Lat-a.Lat) - (b.Lat-a.Lat)*(c.Lon-a.Lon)
}

// IsInland reports whether p is on land and more than tolM metres from the
// shore: the on_land test with a coastal tolerance (ports and berths sit up
// to about 1 km on either side of a 1:10m coastline).
func (m *LandMask) IsInland(p geo.Point, tolM float64) bool {
	if !m.IsLand(p) {
		return false
	}
	return m.nearestCoastM(normPoint(p), tolM) > tolM
}

// ShoreDistanceSignedM returns the distance to the shore in metres,
// positive at sea and negative on land.
func (m *LandMask) ShoreDistanceSignedM(p geo.Point) float64 {
	d := m.DistanceToShoreM(p)
	if m.IsLand(p) {
		return -d
	}
	return d
}

// ExactShoreBandM is the distance from the shore within which
// DistanceToShoreM searches every coastline edge near the point. Beyond it
// the distance is measured to the edges found nearest, when the data was
// built, to the four corners of the point's 1/4° cell (see shoreGrid):
// exact in most places, never below the truth, and slightly above it
// near the medial axis between two coasts (see the package tests for the
// measured error). 40 km keeps the loitering rule's 20 nm (37 km) inside
// the exact band.
const ExactShoreBandM = 40e3

// maxRings caps the cell rings nearestCoastM scans (near the poles cells
// are narrow); past it the shore grid answers.
const maxRings = 200

// DistanceToShoreM returns the great-circle distance in metres from p to
// the nearest coastline (polygon edge that is not an artificial cut), for
// points at sea and on land alike. It returns NaN for invalid points and
// +Inf for a mask without coastline.
func (m *LandMask) DistanceToShoreM(p geo.Point) float64 {
	if !p.Valid() {
		return math.NaN()
	}
	p = normPoint(p)
	if m.shore.lowerBound(p) > ExactShoreBandM {
		return m.cornerDistM(p)
	}
	if d := m.nearestCoastM(p, ExactShoreBandM); !math.IsInf(d, 1) {
		return d
	}
	return m.cornerDistM(p)
}

// nearestCoastM returns the exact distance from p to the nearest coastline
// edge if it is at most limitM, else +Inf or a value above limitM. It
// searches rings of grid cells outwards until no unseen cell can be closer.
func (m *LandMask) nearestCoastM(p geo.Point, limitM float64) float64 {
	r0, c0 := cellRC(p)
	kx := math.Cos(p.Lat * math.Pi / 180)
	best := math.Inf(1) // squared, in degrees of latitude
	var bestPt geo.Point
	for k := 0; k <= maxRings; k++ {
		lb := ringLowerBoundM(p, r0, c0, k)
		if !math.IsInf(best, 1) && lb >= math.Sqrt(best)*metresPerDeg {
			return geo.DistanceHaversineM(p, bestPt)
		}
		if lb > limitM {
			break
		}
		m.scanRing(p, kx, r0, c0, k, &best, &bestPt)
	}
	return math.Inf(1)
}

// scanRing updates best (squared planar distance in degrees) and bestPt
// with the coastline edges of the cells at Chebyshev distance k from
// (r0, c0).
func (m *LandMask) scanRing(p geo.Point, kx float64, r0, c0, k int, best *float64, bestPt *geo.Point) {
	visit := func(r, c int) {
		if r < 0 || r >= gridRows {
			return
		}
		// Skip the cell if its rectangle is no nearer than the best edge
		// (in the same local projection as segDist2).
		south := -90 + float64(r)*cellDeg
		west := -180 + float64(c)*cellDeg
		dy := math.Max(math.Max(south-p.Lat, p.Lat-south-cellDeg), 0)
		dx := math.Max(math.Max(west-p.Lon, p.Lon-west-cellDeg), 0) * kx
		if dy*dy+dx*dx >= *best {
			return
		}
		if c < 0 || c >= gridCols {
			c = ((c % gridCols) + gridCols) % gridCols
		}
		for _, s := range m.grid.cellSegs(r, c) {
			if !m.isCoast(s) {
				continue
			}
			if d2, q := segDist2(p, kx, m.verts[s], m.verts[s+1]); d2 < *best {
				*best, *bestPt = d2, q
			}
		}
	}
	if k == 0 {
		visit(r0, c0)
		return
	}
	if 2*k+1 > gridCols {
		return
	}
	for c := c0 - k; c <= c0+k; c++ {
		visit(r0-k, c)
		visit(r0+k, c)
	}
	for r := r0 - k + 1; r <= r0+k-1; r++ {
		visit(r, c0-k)
		visit(r, c0+k)
	}
}

// ringLowerBoundM is a lower bound in metres on the distance from p (in
// cell r0, c0) to any point of a cell at Chebyshev distance ≥ k: the
// distance to the nearest parallel or meridian bounding the block of cells
// already scanned (a meridian at longitude gap Δ is asin(cos φ sin Δ) away).
func ringLowerBoundM(p geo.Point, r0, c0, k int) float64 {
	if k == 0 {
		return 0
	}
	bottom := -90 + float64(r0-k+1)*cellDeg
	top := -90 + float64(r0+k)*cellDeg
	dLat := math.Min(p.Lat-bottom, top-p.Lat) * metresPerDeg
	if 2*k-1 >= gridCols {
		return 0.999 * dLat
	}
	west := -180 + float64(c0-k+1)*cellDeg
	east := -180 + float64(c0+k)*cellDeg
	dLon := math.Min(math.Min(p.Lon-west, east-p.Lon), 90) * math.Pi / 180
	lonM := math.Asin(math.Cos(p.Lat*math.Pi/180)*math.Sin(dLon)) * geo.EarthRadiusM
	return 0.999 * math.Min(dLat, lonM)
}

// segDist2 returns the squared distance (in degrees of latitude, on a
// local equirectangular projection centred on p) from p to edge a–b, and
// the nearest point of the edge.
func segDist2(p geo.Point, kx float64, a, b geo.Point) (float64, geo.Point) {
	ax, ay := wrapDLon(a.Lon-p.Lon)*kx, a.Lat-p.Lat
	bx, by := wrapDLon(b.Lon-p.Lon)*kx, b.Lat-p.Lat
	dx, dy := bx-ax, by-ay
	t := 0.0
	if l2 := dx*dx + dy*dy; l2 > 0 {
		t = math.Min(math.Max(-(ax*dx+ay*dy)/l2, 0), 1)
	}
	x, y := ax+t*dx, ay+t*dy
	return x*x + y*y, geo.Point{Lat: a.Lat + t*(b.Lat-a.Lat), Lon: a.Lon + t*(b.Lon-a.Lon)}
}

func wrapDLon(d float64) float64 {
	if d > 180 {
		return d - 360
	}
	if d < -180 {
		return d + 360
	}
	return d
}

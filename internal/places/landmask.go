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
	return m.nearestCoastM(normPoint(p), tolM, 0) > tolM
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
// DistanceToShoreM searches every coastline edge near the point, exactly.
// Beyond it the search starts from the edges found nearest, when the data
// was built, to the four corners of the point's 1/4° cell (see shoreGrid)
// and, up to RefinedShoreLimitM, looks for nearer edges on a local
// projection (within 1% of the truth; past the limit the corners' edges
// alone, within a few per cent; never below the truth). 40 km keeps the
// loitering rule's 20 nm (37 km) inside the exact band.
const ExactShoreBandM = 40e3

// DistanceToShoreM returns the great-circle distance in metres from p to
// the nearest coastline (polygon edge that is not an artificial cut), for
// points at sea and on land alike. It returns NaN for invalid points and
// +Inf for a mask without coastline.
func (m *LandMask) DistanceToShoreM(p geo.Point) float64 {
	if !p.Valid() {
		return math.NaN()
	}
	p = normPoint(p)
	kx := math.Cos(p.Lat * math.Pi / 180)
	lb := m.shore.lipschitzLowerBound(p, kx)
	if lb <= ExactShoreBandM {
		if d := m.nearestCoastM(p, ExactShoreBandM, lb); !math.IsInf(d, 1) {
			return d
		}
	}
	u := m.cornerDistM(p)
	if u > RefinedShoreLimitM {
		return u
	}
	return m.refineFarM(p, u, lb)
}

// RefinedShoreLimitM is the distance from the shore up to which
// DistanceToShoreM, beyond ExactShoreBandM, still searches every edge
// nearer than the shore grid's answer (so the gap rule's 50 nm, 92.6 km,
// is measured to the actual edges). Past it the grid's answer stands.
const RefinedShoreLimitM = 150e3

// refineFarM returns the great-circle distance from p to the nearest
// coastline edge within u metres of it (u is an upper bound from the shore
// grid), or u; innerM is a lower bound on it. Edges are ranked on a local projection centred on p, which
// at these distances can misrank edges whose distances differ by a few
// per cent; the answer is always a true distance to some edge and never
// above u.
func (m *LandMask) refineFarM(p geo.Point, u, innerM float64) float64 {
	r0, c0 := cellRC(p)
	seed := u * 1.03 / metresPerDeg
	q := coastQuery{m: m, p: p, kx: math.Cos(p.Lat * math.Pi / 180), best: seed * seed, bestSeg: -1}
	w := capWindow(p, q.kx, r0, c0, u*1.03)
	if w.cells() > maxWindowCells {
		return u
	}
	q.scanRows(w, q.diskSkip(innerM))
	if q.bestSeg < 0 {
		return u
	}
	return min(u, geo.DistancePointSegmentM(p, m.verts[q.bestSeg], m.verts[q.bestSeg+1]))
}

// nearestCoastM returns the exact distance from p to the nearest coastline
// edge if it is at most limitM, else +Inf. It scans the cells of windows
// that cover a cap around p, growing the cap until it holds the best edge
// found so far. innerM is a lower bound on the answer (0 if unknown): the
// cells wholly within it are not visited.
func (m *LandMask) nearestCoastM(p geo.Point, limitM, innerM float64) float64 {
	r0, c0 := cellRC(p)
	q := coastQuery{m: m, p: p, kx: math.Cos(p.Lat * math.Pi / 180), best: math.Inf(1)}
	var done window
	// Start with the largest cap inside p's own cell (near a coast the
	// nearest edge is often in that cell), or just past innerM.
	south, west := -90+float64(r0)*cellDeg, -180+float64(c0)*cellDeg
	inscribed := min(p.Lat-south, south+cellDeg-p.Lat, (p.Lon-west)*q.kx, (west+cellDeg-p.Lon)*q.kx)
	cellM := cellDeg * metresPerDeg * q.kx // one cell of longitude
	rM := min(max(inscribed*metresPerDeg*0.99, 1), limitM)
	var disk func(int) (int, int)
	if innerM > cellM {
		disk = q.diskSkip(innerM)
		rM = min(max(rM, innerM+cellM), limitM)
	}
	for {
		w := capWindow(p, q.kx, r0, c0, rM*1.01).union(done)
		if w.cells() > maxWindowCells {
			return math.Inf(1)
		}
		q.scanRows(w, skipBoth(done, disk))
		done = w
		bestM := math.Sqrt(q.best) * metresPerDeg // +Inf if none yet
		switch {
		case bestM <= rM:
			return geo.DistanceHaversineM(p, q.bestPt)
		case rM >= limitM:
			return math.Inf(1)
		case !math.IsInf(bestM, 1):
			rM = min(bestM, limitM)
		default:
			rM = min(max(2*rM, cellM), limitM)
		}
	}
}

// skipBoth returns a scanRows skip function for the columns of the done
// window and, where the two ranges touch, those of the disk too.
func skipBoth(done window, disk func(int) (int, int)) func(int) (int, int) {
	return func(r int) (int, int) {
		a0, a1 := 1, 0
		if done.has(r, done.c0) {
			a0, a1 = done.c0, done.c1
		}
		if disk == nil {
			return a0, a1
		}
		b0, b1 := disk(r)
		switch {
		case b0 > b1:
			return a0, a1
		case a0 > a1:
			return b0, b1
		case b0 <= a1+1 && a0 <= b1+1:
			return min(a0, b0), max(a1, b1)
		}
		return a0, a1
	}
}

// maxWindowCells caps the cells nearestCoastM scans (near the poles cells
// are narrow); past it the shore grid answers.
const maxWindowCells = 40000

// window is a block of grid cells; columns are not wrapped (they may be
// negative or past gridCols) so that blocks across ±180° stay contiguous.
type window struct{ r0, r1, c0, c1 int }

func (w window) cells() int { return (w.r1 - w.r0 + 1) * (w.c1 - w.c0 + 1) }

// has reports whether cell (r, c) is in w; the zero window has no cells.
func (w window) has(r, c int) bool {
	return w != (window{}) && r >= w.r0 && r <= w.r1 && c >= w.c0 && c <= w.c1
}

func (w window) union(o window) window {
	if o == (window{}) {
		return w
	}
	return window{min(w.r0, o.r0), max(w.r1, o.r1), min(w.c0, o.c0), max(w.c1, o.c1)}
}

// capWindow returns the cells that a cap of radius rM around p (in cell
// r0, c0; kx = cos of its latitude) touches.
func capWindow(p geo.Point, kx float64, r0, c0 int, rM float64) window {
	delta := rM / geo.EarthRadiusM
	dLat := delta * 180 / math.Pi
	w := window{
		r0: max(int((p.Lat-dLat+90)*cellsPerDeg), 0),
		r1: min(int((p.Lat+dLat+90)*cellsPerDeg), gridRows-1),
	}
	if p.Lat-dLat <= -90 || p.Lat+dLat >= 90 || dLat >= 10*kx {
		w.c0, w.c1 = c0-gridCols/2, c0-gridCols/2+gridCols-1
		return w
	}
	// The cap's half-width in longitude is asin(sin δ / cos φ); for
	// δ / cos φ below 10° the ratio itself, 1% larger, bounds it.
	dLon := dLat / kx * 1.01
	w.c0 = int(math.Floor((p.Lon - dLon + 180) * cellsPerDeg))
	w.c1 = int(math.Floor((p.Lon + dLon + 180) * cellsPerDeg))
	if w.c1-w.c0+1 >= gridCols {
		w.c0, w.c1 = c0-gridCols/2, c0-gridCols/2+gridCols-1
	}
	return w
}

// coastQuery is one nearest-coastline search.
type coastQuery struct {
	m       *LandMask
	p       geo.Point
	kx      float64   // cos(latitude of p): the local projection's x scale
	best    float64   // squared planar distance, in degrees of latitude
	bestPt  geo.Point // nearest point found
	bestSeg int32     // its edge
}

// scanRows visits the cells of w except, in each row r, the columns
// skip(r) (an empty range when lo > hi).
func (q *coastQuery) scanRows(w window, skip func(r int) (lo, hi int)) {
	g := &q.m.grid
	for r := w.r0; r <= w.r1; r++ {
		tileRow := (r / cellsPerDeg) * 360
		subRow := (r % cellsPerDeg) * cellsPerDeg
		s0, s1 := skip(r)
		for c := w.c0; c <= w.c1; {
			if c >= s0 && c <= s1 {
				c = s1 + 1
				continue
			}
			cw := c
			if cw < 0 || cw >= gridCols {
				cw = ((c % gridCols) + gridCols) % gridCols
			}
			ref := g.tileRef[tileRow+cw/cellsPerDeg]
			if ref < 0 {
				c += cellsPerDeg - cw%cellsPerDeg
				continue
			}
			t := &g.tiles[ref]
			sub := subRow + cw%cellsPerDeg
			if lo, hi := t.start[sub], t.start[sub+1]; lo < hi {
				q.cell(r, c, g.segs[lo:hi])
			}
			c++
		}
	}
}

// diskSkip returns, for scanRows, the columns of each row whose cells lie
// wholly within innerM metres of q.p (measured on the local projection,
// shrunk by 5% for its error): cells that cannot hold a coastline edge
// when innerM is a lower bound on the distance to the shore.
func (q *coastQuery) diskSkip(innerM float64) func(r int) (int, int) {
	rho := innerM * 0.95 / metresPerDeg
	return func(r int) (int, int) {
		south := -90 + float64(r)*cellDeg
		dy := max(math.Abs(south-q.p.Lat), math.Abs(south+cellDeg-q.p.Lat))
		if dy >= rho || q.kx <= 0 {
			return 1, 0
		}
		hw := math.Sqrt(rho*rho-dy*dy) / q.kx // half-width in longitude
		lo := int(math.Ceil((q.p.Lon - hw + 180) * cellsPerDeg))
		hi := int(math.Floor((q.p.Lon+hw+180)*cellsPerDeg)) - 1
		return lo, hi
	}
}

// cell checks the coastline edges segs of cell (r, c) (c unwrapped),
// unless the cell is no nearer than the best edge (in the same local
// projection as segDist2).
func (q *coastQuery) cell(r, c int, segs []int32) {
	south := -90 + float64(r)*cellDeg
	west := -180 + float64(c)*cellDeg
	dy := max(max(south-q.p.Lat, q.p.Lat-south-cellDeg), 0)
	dx := max(max(west-q.p.Lon, q.p.Lon-west-cellDeg), 0) * q.kx
	if dy*dy+dx*dx >= q.best {
		return
	}
	for _, s := range segs {
		if !q.m.isCoast(s) {
			continue
		}
		if d2, pt := segDist2(q.p, q.kx, q.m.verts[s], q.m.verts[s+1]); d2 < q.best {
			q.best, q.bestPt, q.bestSeg = d2, pt, s
		}
	}
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
		t = min(max(-(ax*dx+ay*dy)/l2, 0), 1)
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

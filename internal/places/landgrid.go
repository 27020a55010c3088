package places

import (
	"math"

	"github.com/lookout-osint/lookout/internal/geo"
)

// The land index is a two-level grid: 1° tiles, each either uniform (all
// land or all water) or split into cellsPerDeg × cellsPerDeg cells that
// list the polygon edges crossing them and know whether their centre is on
// land.
const (
	cellsPerDeg = 16
	cellDeg     = 1.0 / cellsPerDeg
	gridRows    = 180 * cellsPerDeg
	gridCols    = 360 * cellsPerDeg
	tileCells   = cellsPerDeg * cellsPerDeg
)

// metresPerDeg is the length of one degree of latitude on the sphere used
// by package geo.
const metresPerDeg = geo.EarthRadiusM * math.Pi / 180

const (
	tileWater int32 = -1
	tileLand  int32 = -2
)

// landTile is a 1° tile with edges: per cell the state of its centre and
// the range of its edges in landGrid.segs.
type landTile struct {
	inside [tileCells / 64]uint64
	start  [tileCells + 1]uint32
}

type landGrid struct {
	tileRef [180 * 360]int32 // index into tiles, or tileWater / tileLand
	tiles   []landTile
	segs    []int32 // segment ids (index of the first vertex), per cell
}

// cellRC returns the grid row and column of p (lon 180 maps to -180).
func cellRC(p geo.Point) (int, int) {
	r := int((p.Lat + 90) * cellsPerDeg)
	r = min(max(r, 0), gridRows-1)
	c := int(math.Floor((p.Lon + 180) * cellsPerDeg))
	if c >= gridCols || c < 0 {
		c = ((c % gridCols) + gridCols) % gridCols
	}
	return r, c
}

// cellCentre returns the centre of grid cell (r, c).
func cellCentre(r, c int) geo.Point {
	return geo.Point{Lat: -90 + (float64(r)+0.5)*cellDeg, Lon: -180 + (float64(c)+0.5)*cellDeg}
}

func tileOf(r, c int) (tile, sub int) {
	return (r/cellsPerDeg)*360 + c/cellsPerDeg, (r%cellsPerDeg)*cellsPerDeg + c%cellsPerDeg
}

// cell returns the centre state and the edges of grid cell (r, c).
func (g *landGrid) cell(r, c int) (inside bool, segs []int32) {
	tile, sub := tileOf(r, c)
	ref := g.tileRef[tile]
	if ref < 0 {
		return ref == tileLand, nil
	}
	t := &g.tiles[ref]
	return t.inside[sub>>6]&(1<<(sub&63)) != 0, g.segs[t.start[sub]:t.start[sub+1]]
}

// cellSegs returns only the edges of grid cell (r, c).
func (g *landGrid) cellSegs(r, c int) []int32 {
	tile, sub := tileOf(r, c)
	ref := g.tileRef[tile]
	if ref < 0 {
		return nil
	}
	t := &g.tiles[ref]
	return g.segs[t.start[sub]:t.start[sub+1]]
}

// segCells calls fn with the row and column of every grid cell that the
// straight (lat/lon plane) edge a→b touches, edges and corners included
// (within a hair, so that an edge on a cell boundary is in both cells).
func segCells(a, b geo.Point, fn func(r, c int)) {
	const eps = 1e-9
	r0, c0 := cellRC(geo.Point{Lat: min(a.Lat, b.Lat) - eps, Lon: min(a.Lon, b.Lon) - eps})
	r1, c1 := cellRC(geo.Point{Lat: max(a.Lat, b.Lat) + eps, Lon: max(a.Lon, b.Lon) + eps})
	if min(a.Lon, b.Lon)-eps < -180 {
		c0 = 0
	}
	if max(a.Lon, b.Lon)+eps >= 180 {
		c1 = gridCols - 1
	}
	if r0 == r1 && c0 == c1 {
		fn(r0, c0)
		return
	}
	for r := r0; r <= r1; r++ {
		for c := c0; c <= c1; c++ {
			if segTouchesCell(a, b, r, c) {
				fn(r, c)
			}
		}
	}
}

// segTouchesCell clips a→b to the closed cell rectangle, grown by a hair
// so that an edge on the boundary is listed in both cells (Liang–Barsky).
func segTouchesCell(a, b geo.Point, r, c int) bool {
	const eps = 1e-9
	minLat := -90 + float64(r)*cellDeg - eps
	maxLat := minLat + cellDeg + 2*eps
	minLon := -180 + float64(c)*cellDeg - eps
	maxLon := minLon + cellDeg + 2*eps
	t0, t1 := 0.0, 1.0
	dx, dy := b.Lon-a.Lon, b.Lat-a.Lat
	for _, q := range [4][2]float64{
		{-dx, a.Lon - minLon}, {dx, maxLon - a.Lon},
		{-dy, a.Lat - minLat}, {dy, maxLat - a.Lat},
	} {
		if q[0] == 0 {
			if q[1] < 0 {
				return false
			}
			continue
		}
		t := q[1] / q[0]
		if q[0] < 0 {
			t0 = max(t0, t)
		} else {
			t1 = min(t1, t)
		}
		if t0 > t1 {
			return false
		}
	}
	return true
}

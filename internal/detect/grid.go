package detect

import (
	"math"

	"github.com/lookout-osint/lookout/internal/geo"
)

// stepGrid buckets one time step's samples into cells of about cellM
// metres (rows of cellM in latitude, columns of cellM at the row's
// latitude), so that each sample is compared only with the samples in its
// own and the eight neighbouring cells.
type stepGrid struct {
	rowDeg float64
	widths map[int64]gridRow // per row: column width and count
	head   map[uint64]int32  // cell → first sample index + 1
	next   []int32           // sample index → next sample index + 1 in the same cell
	s      []sample
	kept   []int32         // indexes of the samples not in a port cell
	port   map[uint64]bool // cell → wholly within exclM of an anchorage point
	coarse map[uint64]bool // 0.1° cell → no anchorage point within exclM
	ix     *anchorIndex
	exclM  float64
}

// newStepGrid makes a grid of cellM cells. Samples in cells lying wholly
// within exclM of an anchorage point of ix are left out: no encounter can be
// reported there, and ports are where hundreds of ships crowd into a few
// cells, which would make the pair search quadratic.
func newStepGrid(cellM float64, ix *anchorIndex, exclM float64) *stepGrid {
	return &stepGrid{rowDeg: cellM / metresPerDeg, head: make(map[uint64]int32), widths: make(map[int64]gridRow),
		port: make(map[uint64]bool), coarse: make(map[uint64]bool), ix: ix, exclM: exclM}
}

// inPortCell reports (once per cell, then from a cache) whether the cell
// key of (row, lon) lies wholly within exclM of an anchorage point.
func (g *stepGrid) inPortCell(key uint64, row int64, lon float64) bool {
	if v, ok := g.port[key]; ok {
		return v
	}
	if g.coarseFree(row, lon) {
		return false // not cached per fine cell: open sea would fill the map
	}
	r := g.row(row)
	w := 1 / r.inv
	col := math.Floor((lon + 180) * r.inv)
	centre := geo.Point{Lat: (float64(row) + 0.5) * g.rowDeg, Lon: (col+0.5)*w - 180}
	halfDiag := math.Hypot(g.rowDeg, w*cosDeg(centre.Lat)) * metresPerDeg / 2
	near := false
	if g.exclM > halfDiag {
		k, _ := g.ix.nearest(centre, g.exclM-halfDiag)
		near = k >= 0
	}
	g.port[key] = near
	return near
}

// gridRow is one row's column width in degrees of longitude and number of
// columns.
type gridRow struct {
	inv  float64 // 1 / width
	ncol int64
}

// row returns row's geometry, computed once per row.
func (g *stepGrid) row(row int64) gridRow {
	if r, ok := g.widths[row]; ok {
		return r
	}
	mid := math.Min(89.9, math.Abs((float64(row)+0.5)*g.rowDeg))
	w := math.Min(360, g.rowDeg/math.Cos(mid*degToRad))
	r := gridRow{inv: 1 / w, ncol: int64(math.Ceil(360 / w))}
	g.widths[row] = r
	return r
}

// cell returns the key of (row, col+dc), wrapping columns around the globe.
func (g *stepGrid) cell(row int64, lon float64, dc int64) uint64 {
	r := g.row(row)
	col := (int64((lon+180)*r.inv) + dc + r.ncol) % r.ncol
	return uint64(row+1<<30)<<32 | uint64(col)
}

// coarseFree reports (cached per 0.1° cell of the anchorage index) whether
// no anchorage point lies within exclM of the 0.1° cell holding (row, lon):
// then no fine cell in it can be a port cell, and open-sea samples cost one
// map look-up.
func (g *stepGrid) coarseFree(row int64, lon float64) bool {
	lat := (float64(row) + 0.5) * g.rowDeg
	ci, cj := anchorCellOf(geo.Point{Lat: lat, Lon: lon})
	k := anchorCellKey(ci, cj)
	if v, ok := g.coarse[k]; ok {
		return v
	}
	centre := geo.Point{Lat: (float64(ci) + 0.5) * anchorCellDeg, Lon: (float64(cj) + 0.5) * anchorCellDeg}
	halfDiag := math.Hypot(anchorCellDeg, anchorCellDeg*cosDeg(centre.Lat)) * metresPerDeg / 2
	i, _ := g.ix.nearest(centre, g.exclM+halfDiag)
	g.coarse[k] = i < 0
	return i < 0
}

// fill indexes the samples of one step (s is kept until the next fill).
func (g *stepGrid) fill(s []sample) {
	clear(g.head)
	g.s = s
	if cap(g.next) < len(s) {
		g.next = make([]int32, len(s))
	}
	g.next = g.next[:len(s)]
	g.kept = g.kept[:0]
	for i := range s {
		row := int64(math.Floor(s[i].lat / g.rowDeg))
		k := g.cell(row, s[i].lon, 0)
		if g.inPortCell(k, row, s[i].lon) {
			continue
		}
		g.kept = append(g.kept, int32(i))
		g.next[i] = g.head[k]
		g.head[k] = int32(i) + 1
	}
}

// pairs calls fn for every pair of samples of different vessels (lower
// MMSI first) within maxM metres of each other.
func (g *stepGrid) pairs(maxM float64, fn func(x, y *sample, d float64)) {
	for _, i := range g.kept {
		x := &g.s[i]
		row := int64(math.Floor(x.lat / g.rowDeg))
		for dr := int64(-1); dr <= 1; dr++ {
			for dc := int64(-1); dc <= 1; dc++ {
				for j := g.head[g.cell(row+dr, x.lon, dc)]; j > 0; j = g.next[j-1] {
					y := &g.s[j-1]
					if y.mmsi <= x.mmsi {
						continue
					}
					if d := fastDistM(x.lat, x.lon, y.lat, y.lon); d <= maxM {
						fn(x, y, d)
					}
				}
			}
		}
	}
}

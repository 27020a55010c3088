package detect

import "math"

// stepGrid buckets one time step's samples into cells of about cellM
// metres (rows of cellM in latitude, columns of cellM at the row's
// latitude), so that each sample is compared only with the samples in its
// own and the eight neighbouring cells.
type stepGrid struct {
	rowDeg float64
	head   map[uint64]int32 // cell → first sample index + 1
	next   []int32          // sample index → next sample index + 1 in the same cell
	s      []sample
}

func newStepGrid(cellM float64) *stepGrid {
	return &stepGrid{rowDeg: cellM / metresPerDeg, head: make(map[uint64]int32)}
}

// colDeg returns the column width in degrees of longitude in row.
func (g *stepGrid) colDeg(row int64) float64 {
	mid := math.Min(89.9, math.Abs((float64(row)+0.5)*g.rowDeg))
	return math.Min(360, g.rowDeg/math.Cos(mid*degToRad))
}

// cell returns the key of (row, col), wrapping columns around the globe.
func (g *stepGrid) cell(row int64, lon float64, dc int64) uint64 {
	w := g.colDeg(row)
	ncol := int64(math.Ceil(360 / w))
	col := (int64(math.Floor((lon+180)/w)) + dc + ncol) % ncol
	return uint64(row+1<<30)<<32 | uint64(col)
}

// fill indexes the samples of one step (s is kept until the next fill).
func (g *stepGrid) fill(s []sample) {
	clear(g.head)
	g.s = s
	if cap(g.next) < len(s) {
		g.next = make([]int32, len(s))
	}
	g.next = g.next[:len(s)]
	for i := range s {
		k := g.cell(int64(math.Floor(s[i].lat/g.rowDeg)), s[i].lon, 0)
		g.next[i] = g.head[k]
		g.head[k] = int32(i) + 1
	}
}

// pairs calls fn for every pair of samples of different vessels (lower
// MMSI first) within maxM metres of each other.
func (g *stepGrid) pairs(maxM float64, fn func(x, y *sample, d float64)) {
	for i := range g.s {
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

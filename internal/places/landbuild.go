package places

import (
	"fmt"
	"math"
	"slices"

	"github.com/lookout-osint/lookout/internal/geo"
)

// NewLandMask builds a land mask from polygon rings (outer rings and holes
// of every polygon together; containment is even-odd, so the polygons must
// not overlap). Edges are straight in the latitude/longitude plane and must
// not cross the antimeridian (split polygons there, as Natural Earth does).
// Edges that run along the ±180° meridian or the South Pole's latitude are
// cuts, not coastline: they count for IsLand but not for distances. Rings
// may be closed or not; rings of fewer than three points are ignored.
func NewLandMask(rings [][]geo.Point, source string) (*LandMask, error) {
	m, err := newLandIndex(rings, source)
	if err != nil {
		return nil, err
	}
	m.shore = buildShoreGrid(m)
	return m, nil
}

// newLandIndex builds the mask without its shore grid (enough for IsLand).
func newLandIndex(rings [][]geo.Point, source string) (*LandMask, error) {
	m := &LandMask{Source: source}
	m.reserve(rings)
	for i, r := range rings {
		if err := m.addRing(r); err != nil {
			return nil, fmt.Errorf("land %s: ring %d: %w", source, i, err)
		}
	}
	m.buildGrid()
	return m, nil
}

// MergeIslands returns land plus the island rings that do not touch it:
// an island with any vertex on land is dropped, so that the even-odd rule
// of the merged set still means "inside land or an island". It also
// returns the number of islands dropped.
func MergeIslands(land, islands [][]geo.Point) ([][]geo.Point, int, error) {
	m, err := newLandIndex(land, "merge")
	if err != nil {
		return nil, 0, err
	}
	out := append([][]geo.Point(nil), land...)
	dropped := 0
	for _, r := range islands {
		if slices.ContainsFunc(r, m.IsLand) {
			dropped++
			continue
		}
		out = append(out, r)
	}
	return out, dropped, nil
}

// reserve sizes m's vertex arrays for rings (each may gain a closing
// vertex), so that building does not grow them step by step.
func (m *LandMask) reserve(rings [][]geo.Point) {
	n := 0
	for _, r := range rings {
		n += len(r) + 1
	}
	m.verts = make([]geo.Point, 0, n)
	m.ringEnds = make([]int32, 0, len(rings))
}

func (m *LandMask) addRing(r []geo.Point) error {
	if len(r) < 3 {
		return nil
	}
	for i, p := range r {
		if !p.Valid() {
			return fmt.Errorf("%w: point %d (%v, %v)", ErrBadValue, i, p.Lat, p.Lon)
		}
	}
	start := len(m.verts)
	m.verts = append(m.verts, r...)
	if r[0] != r[len(r)-1] {
		m.verts = append(m.verts, r[0])
	}
	m.ringEnds = append(m.ringEnds, int32(len(m.verts)))
	for i := start; i < len(m.verts)-1; i++ {
		if m.verts[i] != m.verts[i+1] {
			m.nSegs++
		}
	}
	return nil
}

// isCut reports whether edge a→b is an artificial cut: along ±180° or at
// the South Pole.
func isCut(a, b geo.Point) bool {
	const e = 1e-7
	if math.Abs(a.Lon) >= 180-e && math.Abs(b.Lon) >= 180-e {
		return true
	}
	return a.Lat <= -90+e && b.Lat <= -90+e
}

// forEachSeg calls fn with the id (first vertex index) of every non-empty
// edge.
func (m *LandMask) forEachSeg(fn func(id int32, a, b geo.Point)) {
	start := int32(0)
	for _, end := range m.ringEnds {
		for i := start; i < end-1; i++ {
			if a, b := m.verts[i], m.verts[i+1]; a != b {
				fn(i, a, b)
			}
		}
		start = end
	}
}

type cellSeg struct{ key, seg int32 } // key = tile*tileCells + sub

func (m *LandMask) buildGrid() {
	m.coast = make([]uint64, (len(m.verts)+63)/64)
	pairs := make([]cellSeg, 0, len(m.verts)*8/5) // about 1.6 cells per edge
	rowX := make([][]float64, gridRows)
	m.forEachSeg(func(id int32, a, b geo.Point) {
		if !isCut(a, b) {
			m.coast[id>>6] |= 1 << (id & 63)
		}
		segCells(a, b, func(r, c int) {
			tile, sub := tileOf(r, c)
			pairs = append(pairs, cellSeg{int32(tile*tileCells + sub), id})
		})
		addCrossings(rowX, a, b)
	})
	m.fillTiles(sortPairs(pairs))
	m.fillStates(rowX)
}

// sortPairs orders pairs by key then edge: a counting sort by tile, then a
// small sort within each tile.
func sortPairs(pairs []cellSeg) []cellSeg {
	var count [180*360 + 1]int
	for _, p := range pairs {
		count[p.key/tileCells+1]++
	}
	for i := 1; i < len(count); i++ {
		count[i] += count[i-1]
	}
	out := make([]cellSeg, len(pairs))
	next := count
	for _, p := range pairs {
		t := p.key / tileCells
		out[next[t]] = p
		next[t]++
	}
	for t := 0; t < 180*360; t++ {
		part := out[count[t]:count[t+1]]
		slices.SortFunc(part, func(x, y cellSeg) int {
			if x.key != y.key {
				return int(x.key - y.key)
			}
			return int(x.seg - y.seg)
		})
	}
	return slices.Compact(out)
}

// addCrossings records, for each grid row whose centre latitude the edge
// crosses (half-open, as in geo.RingCrossingsOdd), the crossing longitude.
func addCrossings(rowX [][]float64, a, b geo.Point) {
	lo, hi := math.Min(a.Lat, b.Lat), math.Max(a.Lat, b.Lat)
	r0 := max(int(math.Floor((lo+90)*cellsPerDeg-0.5)), 0)
	r1 := min(int(math.Ceil((hi+90)*cellsPerDeg-0.5)), gridRows-1)
	for r := r0; r <= r1; r++ {
		y := -90 + (float64(r)+0.5)*cellDeg
		if (a.Lat > y) != (b.Lat > y) {
			rowX[r] = append(rowX[r], a.Lon+(y-a.Lat)/(b.Lat-a.Lat)*(b.Lon-a.Lon))
		}
	}
}

func (m *LandMask) fillTiles(pairs []cellSeg) {
	g := &m.grid
	for i := range g.tileRef {
		g.tileRef[i] = tileWater
	}
	g.segs = make([]int32, len(pairs))
	nTiles := 0
	for i := range pairs {
		if i == 0 || pairs[i].key/tileCells != pairs[i-1].key/tileCells {
			nTiles++
		}
	}
	g.tiles = make([]landTile, 0, nTiles)
	for i := 0; i < len(pairs); {
		tile := int(pairs[i].key) / tileCells
		g.tileRef[tile] = int32(len(g.tiles))
		g.tiles = append(g.tiles, landTile{})
		t := &g.tiles[len(g.tiles)-1]
		j := i
		for sub := 0; sub < tileCells; sub++ {
			t.start[sub] = uint32(j)
			for j < len(pairs) && int(pairs[j].key) == tile*tileCells+sub {
				g.segs[j] = pairs[j].seg
				j++
			}
		}
		t.start[tileCells] = uint32(j)
		i = j
	}
}

// fillStates sets every cell centre's state by the even-odd rule along its
// row, and marks tiles without edges as all land or all water (by the
// state of one cell centre in their middle row).
func (m *LandMask) fillStates(rowX [][]float64) {
	g := &m.grid
	for r, xs := range rowX {
		slices.Sort(xs)
		k := 0
		for tc := 0; tc < 360; tc++ {
			tile, _ := tileOf(r, tc*cellsPerDeg)
			ref := g.tileRef[tile]
			if ref < 0 && r%cellsPerDeg != cellsPerDeg/2 {
				continue
			}
			for c := tc * cellsPerDeg; c < (tc+1)*cellsPerDeg; c++ {
				cx := -180 + (float64(c)+0.5)*cellDeg
				for k < len(xs) && xs[k] <= cx {
					k++
				}
				if (len(xs)-k)%2 == 0 {
					continue
				}
				if ref < 0 {
					g.tileRef[tile] = tileLand
					break
				}
				_, sub := tileOf(r, c)
				g.tiles[ref].inside[sub>>6] |= 1 << (sub & 63)
			}
		}
	}
}

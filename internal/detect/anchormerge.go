package detect

import (
	"fmt"
	"math"
	"sort"
)

// nameRadiusM is how far a learned anchorage looks for a gazetteer port to
// be named after.
const nameRadiusM = 30000

// learnedSet is the outcome of anchorage learning: one representative per
// anchorage (Runner.Anchorages) and every qualifying cell, each carrying
// its anchorage's reference, for the anchor index (a berth is found near
// any cell of its anchorage, and labelled with the one anchorage).
type learnedSet struct {
	reps  []Anchor
	cells []Anchor
}

// anchorages merges the qualifying cells that lie within merge_km of each
// other (connected components: a port complex whose berths are a few km
// apart is one anchorage, as Global Fishing Watch groups its anchorage
// points) and names each anchorage. The representative cell is the one
// with the most stays (then the most vessels, then the lowest row and
// column); its id `L<row>_<col>` and mean position are the anchorage's, so
// the same data gives the same ids. An anchorage is named after the
// nearest gazetteer port within nameRadiusM (with its country), so that an
// investigator reads "near Whangarei" rather than bare coordinates.
func (sc *stayCounter) anchorages(gaz *anchorIndex) learnedSet {
	cells := sc.qualifying(gaz)
	comp := mergeCells(cells, sc.c.MergeKm*1000)
	rep := make(map[int]int, len(cells)) // component → representative cell
	for i := range cells {
		r, ok := rep[comp[i]]
		if !ok || better(&cells[i], &cells[r]) {
			rep[comp[i]] = i
		}
	}
	refs := make(map[int]PortRef, len(rep))
	var out learnedSet
	for _, c := range sortedKeys(rep) {
		lc := &cells[rep[c]]
		refs[c] = learnedRef(lc, gaz)
		out.reps = append(out.reps, Anchor{Point: lc.p, Ref: refs[c]})
	}
	for i := range cells {
		out.cells = append(out.cells, Anchor{Point: cells[i].p, Ref: refs[comp[i]]})
	}
	sort.Slice(out.reps, func(i, j int) bool { return out.reps[i].Ref.Anchorage < out.reps[j].Ref.Anchorage })
	return out
}

// better orders candidate representatives: more stays, more vessels, then
// the lower (row, column).
func better(a, b *learnedCell) bool {
	if a.stays != b.stays {
		return a.stays > b.stays
	}
	if a.vessels != b.vessels {
		return a.vessels > b.vessels
	}
	if a.ci != b.ci {
		return a.ci < b.ci
	}
	return a.cj < b.cj
}

func sortedKeys(m map[int]int) []int {
	out := make([]int, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Ints(out)
	return out
}

// learnedRef is the reference of the anchorage represented by cell lc.
func learnedRef(lc *learnedCell, gaz *anchorIndex) PortRef {
	p := lc.p
	ref := PortRef{Anchorage: fmt.Sprintf("L%d_%d", lc.ci, lc.cj), Lat: round(p.Lat, 5), Lon: round(p.Lon, 5),
		Name: fmt.Sprintf("anchorage %.3f,%.3f", p.Lat, p.Lon)}
	if k, d := gaz.nearest(p, nameRadiusM); k >= 0 {
		near := gaz.points[k].Ref
		ref.Name = fmt.Sprintf("anchorage %.3f,%.3f (%.0f km from %s)", p.Lat, p.Lon, d/1000, near.Name)
		ref.Country = near.Country
	}
	return ref
}

// mergeCells returns a component number per cell: cells within maxM of
// each other (directly or through other cells) share one. Pairs are found
// through a grid of maxM, so the cost is linear in cells for a fixed
// density. maxM ≤ 0 leaves every cell alone.
func mergeCells(cells []learnedCell, maxM float64) []int {
	parent := make([]int, len(cells))
	for i := range parent {
		parent[i] = i
	}
	if maxM <= 0 {
		return parent
	}
	find := func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	g := maxM / metresPerDeg // grid step in degrees of latitude
	key := func(i, j int64) uint64 { return uint64(i+1<<20)<<32 | uint64(j+1<<20) }
	grid := make(map[uint64][]int, len(cells))
	for k, c := range cells {
		i, j := int64(math.Floor(c.p.Lat/g)), int64(math.Floor(c.p.Lon/g))
		span := int64(math.Ceil(1 / math.Max(0.01, cosDeg(math.Min(89, math.Abs(c.p.Lat)+g)))))
		for di := int64(-1); di <= 1; di++ {
			for dj := -span; dj <= span; dj++ {
				for _, o := range grid[key(i+di, j+dj)] {
					if fastDistM(c.p.Lat, c.p.Lon, cells[o].p.Lat, cells[o].p.Lon) <= maxM {
						if a, b := find(k), find(o); a != b {
							parent[max(a, b)] = min(a, b)
						}
					}
				}
			}
		}
		grid[key(i, j)] = append(grid[key(i, j)], k)
	}
	for i := range parent {
		parent[i] = find(i)
	}
	return parent
}

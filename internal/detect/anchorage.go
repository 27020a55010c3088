package detect

import (
	"fmt"
	"math"
	"sort"

	"github.com/lookout-osint/lookout/internal/geo"
	"github.com/lookout-osint/lookout/internal/track"
)

// nameRadiusM is how far a learned anchorage looks for a gazetteer port to
// be named after.
const nameRadiusM = 30000

// stayCounter learns anchorages (DETECTORS.md §2): grid cells of ~cell_km
// where at least min_vessels distinct vessels stayed within stay_radius_km
// for at least stay_hours.
type stayCounter struct {
	c     *AnchorageConfig
	cells map[uint64]*stayCell
}

type stayCell struct {
	vessels        int
	lastMMSI       uint32
	sumLat, sumLon float64
	stays          int
	ci, cj         int64
}

func newStayCounter(c *AnchorageConfig) *stayCounter {
	return &stayCounter{c: c, cells: make(map[uint64]*stayCell)}
}

// observe finds the stays of one segment: maximal runs of fixes within
// stay_radius_km of the run's first fix lasting stay_hours or more.
func (sc *stayCounter) observe(mmsi uint32, fixes []track.Fix) {
	radius, minMs := sc.c.StayRadiusKm*1000, msOf(sc.c.StayHours)
	start := 0
	sumLat, sumLon := 0.0, 0.0
	for i := range fixes {
		f, s := &fixes[i], &fixes[start]
		if fastDistM(s.Lat, s.Lon, f.Lat, f.Lon) <= radius {
			sumLat, sumLon = sumLat+f.Lat, sumLon+f.Lon
			continue
		}
		sc.endStay(mmsi, fixes[start:i], sumLat, sumLon, minMs)
		start, sumLat, sumLon = i, f.Lat, f.Lon
	}
	sc.endStay(mmsi, fixes[start:], sumLat, sumLon, minMs)
}

// endStay records a stay if it lasted long enough.
func (sc *stayCounter) endStay(mmsi uint32, run []track.Fix, sumLat, sumLon float64, minMs int64) {
	if len(run) < 2 || run[len(run)-1].Time-run[0].Time < minMs {
		return
	}
	n := float64(len(run))
	lat, lon := sumLat/n, sumLon/n
	ci, cj := sc.cellOf(lat, lon)
	k := uint64(ci+1<<20)<<32 | uint64(cj+1<<20)
	cell := sc.cells[k]
	if cell == nil {
		cell = &stayCell{ci: ci, cj: cj}
		sc.cells[k] = cell
	}
	if cell.lastMMSI != mmsi || cell.vessels == 0 {
		cell.vessels++
		cell.lastMMSI = mmsi
	}
	cell.sumLat += lat
	cell.sumLon += lon
	cell.stays++
}

// cellOf returns the equal-area grid cell of a position: rows of cell_km in
// latitude, columns of cell_km at the row's latitude.
func (sc *stayCounter) cellOf(lat, lon float64) (int64, int64) {
	dLat := sc.c.CellKm * 1000 / metresPerDeg
	ci := int64(math.Floor(lat / dLat))
	mid := (float64(ci) + 0.5) * dLat
	dLon := dLat / math.Max(0.01, math.Cos(mid*degToRad))
	return ci, int64(math.Floor((lon + 180) / dLon))
}

// enough reports whether a cell had enough distinct vessels staying:
// min_vessels, or port_area_min_vessels within port_area_km of a WPI entry.
func (sc *stayCounter) enough(cell *stayCell, p geo.Point, gaz *anchorIndex) bool {
	if cell.vessels >= sc.c.MinVessels {
		return true
	}
	if sc.c.PortAreaKm <= 0 || sc.c.PortAreaMinVessels < 1 || cell.vessels < sc.c.PortAreaMinVessels {
		return false
	}
	k, _ := gaz.search(p, sc.c.PortAreaKm*1000, true)
	return k >= 0
}

// anchorages returns the learned anchorages, in a stable order. Each is
// placed at the mean position of its stays, identified by its cell, and
// named after the nearest gazetteer port within nameRadiusM (with its
// country), so that an investigator reads "near Whangarei" rather than bare
// coordinates.
func (sc *stayCounter) anchorages(gaz *anchorIndex) []Anchor {
	var out []Anchor
	for _, cell := range sc.cells {
		p := geo.Point{Lat: cell.sumLat / float64(cell.stays), Lon: cell.sumLon / float64(cell.stays)}
		if !sc.enough(cell, p, gaz) {
			continue
		}
		ref := PortRef{Anchorage: fmt.Sprintf("L%d_%d", cell.ci, cell.cj), Lat: round(p.Lat, 5), Lon: round(p.Lon, 5),
			Name: fmt.Sprintf("anchorage %.3f,%.3f", p.Lat, p.Lon)}
		if k, d := gaz.nearest(p, nameRadiusM); k >= 0 {
			near := gaz.points[k].Ref
			ref.Name = fmt.Sprintf("anchorage %.3f,%.3f (%.0f km from %s)", p.Lat, p.Lon, d/1000, near.Name)
			ref.Country = near.Country
		}
		out = append(out, Anchor{Point: p, Ref: ref})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Ref.Anchorage < out[j].Ref.Anchorage })
	return out
}

package detect

import (
	"math"
	"sort"

	"github.com/lookout-osint/lookout/internal/geo"
	"github.com/lookout-osint/lookout/internal/track"
)

// stayCounter learns anchorages (DETECTORS.md §2): grid cells of ~cell_km
// where at least min_vessels distinct vessels stayed within stay_radius_km
// for at least stay_hours. A stay may span the silence between two
// segments (staySilence.go); such stays are held until the reception of
// the whole data is known, then counted.
type stayCounter struct {
	c          *AnchorageConfig
	gapMinMs   int64 // gap.min_hours: a silence heard longer than this is the vessel's own
	cells      map[uint64]*stayCell
	seen       map[cellVessel]struct{} // distinct vessels per cell
	chain      []stayRun               // the current vessel's pieces joined across silences
	pending    [][]stayRun             // chains waiting for the reception
	pendingIDs []uint32                // their MMSIs
}

type cellVessel struct {
	cell uint64
	mmsi uint32
}

type stayCell struct {
	vessels        int
	sumLat, sumLon float64
	stays          int
	ci, cj         int64
}

func newStayCounter(c *AnchorageConfig, gapMinHours float64) *stayCounter {
	return &stayCounter{c: c, gapMinMs: msOf(gapMinHours), cells: make(map[uint64]*stayCell),
		seen: make(map[cellVessel]struct{})}
}

// observe finds the runs of one segment: maximal runs of fixes within
// stay_radius_km of the run's first fix. Segments of one vessel must come
// in time order, followed by endVessel.
func (sc *stayCounter) observe(mmsi uint32, fixes []track.Fix) {
	if len(fixes) == 0 {
		return
	}
	radius, minMs := sc.c.StayRadiusKm*1000, msOf(sc.c.StayHours)
	start := 0
	sumLat, sumLon := 0.0, 0.0
	for i := range fixes {
		f, s := &fixes[i], &fixes[start]
		if fastDistM(s.Lat, s.Lon, f.Lat, f.Lon) <= radius {
			sumLat, sumLon = sumLat+f.Lat, sumLon+f.Lon
			continue
		}
		if start > 0 && fixes[i-1].Time-s.Time < minMs {
			sc.flush(mmsi) // a short run inside the segment (under way): no stay, no piece
		} else {
			sc.onRun(mmsi, newStayRun(fixes, start, i, sumLat, sumLon))
		}
		start, sumLat, sumLon = i, f.Lat, f.Lon
	}
	sc.onRun(mmsi, newStayRun(fixes, start, len(fixes), sumLat, sumLon))
}

// endVessel closes the vessel's last chain of pieces.
func (sc *stayCounter) endVessel(mmsi uint32) { sc.flush(mmsi) }

// addStay records one stay of a vessel at (lat, lon) in its cell.
func (sc *stayCounter) addStay(mmsi uint32, lat, lon float64) {
	ci, cj := sc.cellOf(lat, lon)
	k := uint64(ci+1<<20)<<32 | uint64(cj+1<<20)
	cell := sc.cells[k]
	if cell == nil {
		cell = &stayCell{ci: ci, cj: cj}
		sc.cells[k] = cell
	}
	if _, ok := sc.seen[cellVessel{k, mmsi}]; !ok {
		sc.seen[cellVessel{k, mmsi}] = struct{}{}
		cell.vessels++
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

// learnedCell is a grid cell that qualifies as (part of) an anchorage.
type learnedCell struct {
	p       geo.Point
	ci, cj  int64
	stays   int
	vessels int
}

// qualifying returns the cells with enough vessels, placed at the mean
// position of their stays, ordered by (row, column).
func (sc *stayCounter) qualifying(gaz *anchorIndex) []learnedCell {
	var out []learnedCell
	for _, cell := range sc.cells {
		p := geo.Point{Lat: cell.sumLat / float64(cell.stays), Lon: cell.sumLon / float64(cell.stays)}
		if sc.enough(cell, p, gaz) {
			out = append(out, learnedCell{p: p, ci: cell.ci, cj: cell.cj, stays: cell.stays, vessels: cell.vessels})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].ci != out[j].ci {
			return out[i].ci < out[j].ci
		}
		return out[i].cj < out[j].cj
	})
	return out
}

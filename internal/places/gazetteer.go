package places

import (
	"math"
	"sort"
	"strconv"

	"github.com/lookout-osint/lookout/internal/geo"
)

// Gazetteer is a set of ports with a grid index for nearest-port and
// radius queries. Build it with NewGazetteer or ParseWPI; it is read-only
// afterwards and safe for concurrent use.
type Gazetteer struct {
	Source  string        // where the ports came from (file name or "embedded")
	Skipped []*ParseError // rows that did not parse, with their line numbers

	ports []Port
	byWPI map[string]int // WPI number as published → index of its first row
	dups  []string       // WPI numbers that occur on more than one row
	index *geo.PointIndex
}

// gazetteerCellDeg is the grid cell size of the port index: 0.5° keeps a
// 3 km port-entry query to one to four cells.
const gazetteerCellDeg = 0.5

// NewGazetteer indexes ports (the slice is kept; do not modify it).
func NewGazetteer(ports []Port) *Gazetteer {
	g := &Gazetteer{ports: ports, byWPI: make(map[string]int, len(ports))}
	pts := make([]geo.Point, len(ports))
	for i, p := range ports {
		pts[i] = p.Point()
		if _, ok := g.byWPI[p.Number]; ok {
			g.dups = append(g.dups, p.Number)
			continue
		}
		g.byWPI[p.Number] = i
	}
	g.index = geo.NewPointIndex(pts, gazetteerCellDeg)
	return g
}

// Len returns the number of ports.
func (g *Gazetteer) Len() int { return len(g.ports) }

// Ports returns all ports in file order. The slice is shared: do not
// modify it.
func (g *Gazetteer) Ports() []Port { return g.ports }

// DuplicateWPI returns the WPI numbers that appear on more than one row
// (the January 2024 file has two: 400 and 49460). ByWPI returns the first.
func (g *Gazetteer) DuplicateWPI() []string { return g.dups }

// ByWPI returns the port with World Port Index number n (the first row if
// the number repeats).
func (g *Gazetteer) ByWPI(n int) (Port, bool) { return g.ByNumber(strconv.Itoa(n)) }

// ByNumber returns the port with the WPI number as published, which is
// fractional for a few entries ("49454.5" is Kattupalli Port, India).
func (g *Gazetteer) ByNumber(num string) (Port, bool) {
	i, ok := g.byWPI[num]
	if !ok {
		return Port{}, false
	}
	return g.ports[i], true
}

// Nearest returns the port nearest to p and its great-circle distance in
// metres. ok is false only when the gazetteer is empty or p is invalid.
func (g *Gazetteer) Nearest(p geo.Point) (port Port, distM float64, ok bool) {
	return g.NearestWithin(p, math.Inf(1))
}

// NearestWithin is Nearest limited to ports within maxM metres; ok is
// false when there is none. It is the cheap test for "near a port": a
// query of a few kilometres reads one to four grid cells.
func (g *Gazetteer) NearestWithin(p geo.Point, maxM float64) (port Port, distM float64, ok bool) {
	i, d := g.index.Nearest(p, maxM)
	if i < 0 {
		return Port{}, 0, false
	}
	return g.ports[i], d, true
}

// PortDist is a port with its distance from a query point.
type PortDist struct {
	Port  Port
	DistM float64 // great-circle distance in metres
}

// Within returns the ports within radiusM metres of p, nearest first.
func (g *Gazetteer) Within(p geo.Point, radiusM float64) []PortDist {
	var out []PortDist
	g.index.Within(p, radiusM, func(i int, d float64) {
		out = append(out, PortDist{Port: g.ports[i], DistM: d})
	})
	sort.Slice(out, func(a, b int) bool {
		if out[a].DistM != out[b].DistM {
			return out[a].DistM < out[b].DistM
		}
		return out[a].Port.WPI < out[b].Port.WPI
	})
	return out
}

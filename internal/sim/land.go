package sim

import (
	"fmt"
	"sort"

	"github.com/lookout-osint/lookout/internal/geo"
)

// LandCrossings samples every route every stepM metres and returns a line
// for each route that goes inland, as told by inland (which should allow
// the coastal tolerance of port points). A scenario whose ships sail over
// land is a broken scenario.
func (sc *Scenario) LandCrossings(inland func(geo.Point) bool, stepM float64) []string {
	names := make([]string, 0, len(sc.Routes))
	for n := range sc.Routes {
		names = append(names, n)
	}
	sort.Strings(names)
	var out []string
	for _, name := range names {
		pts, err := sc.route(name)
		if err != nil {
			out = append(out, err.Error())
			continue
		}
		for i := 1; i < len(pts); i++ {
			if p, ok := firstInland(pts[i-1], pts[i], inland, stepM); ok {
				out = append(out, fmt.Sprintf("route %s leg %d: inland at %.4f,%.4f", name, i, p.Lat, p.Lon))
				break
			}
		}
	}
	return out
}

func firstInland(a, b geo.Point, inland func(geo.Point) bool, stepM float64) (geo.Point, bool) {
	d := geo.DistanceHaversineM(a, b)
	n := int(d/stepM) + 1
	for k := 0; k <= n; k++ {
		p := geo.Interpolate(a, b, float64(k)/float64(n))
		if inland(p) {
			return p, true
		}
	}
	return geo.Point{}, false
}

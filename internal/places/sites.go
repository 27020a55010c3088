package places

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"path/filepath"
	"strings"

	"github.com/lookout-osint/lookout/internal/geo"
)

// Site is a watched place: a port, terminal, rail yard or any area an
// investigator wants to watch, as a circle around a point or a polygon.
type Site struct {
	ID     string            // unique within its file
	Name   string            // human name ("" if the file gives none)
	Kind   string            // free text, e.g. "port", "rail_yard" ("" if none)
	Shape  geo.Shape         // geo.Circle, geo.Polygon or geo.MultiPolygon
	Props  map[string]string // the file's other properties, as text
	Source string            // file the site came from
	Line   int               // line where it is defined
}

// Contains reports whether p lies inside the site's area.
func (s *Site) Contains(p geo.Point) bool { return s.Shape.Bounds().Contains(p) && s.Shape.Contains(p) }

// Centre returns a representative point: the circle's centre, or the
// average of a polygon's outer-ring vertices (for distances to a site).
func (s *Site) Centre() geo.Point {
	switch sh := s.Shape.(type) {
	case geo.Circle:
		return sh.Center
	case geo.Polygon:
		return ringMean(sh.Rings()[0])
	case geo.MultiPolygon:
		if len(sh) > 0 {
			return ringMean(sh[0].Rings()[0])
		}
	}
	return geo.Point{}
}

func ringMean(r []geo.Point) geo.Point {
	if len(r) > 1 && r[0] == r[len(r)-1] {
		r = r[:len(r)-1]
	}
	var lat, lon float64
	for _, p := range r {
		lat += p.Lat
		lon += p.Lon
	}
	n := float64(len(r))
	lon = math.Mod(lon/n+540, 360) - 180
	return geo.Point{Lat: lat / n, Lon: lon}
}

// SiteOptions tunes site loading.
type SiteOptions struct {
	// DefaultRadiusM is the radius of a point site whose file gives none.
	// Zero means DefaultSiteRadiusM.
	DefaultRadiusM float64
}

// DefaultSiteRadiusM is the radius given to point sites without one: the
// seed sites' coordinates are good to about 1–2 km (seed-sites/SOURCE.md).
const DefaultSiteRadiusM = 2000.0

// maxSiteRadiusM bounds radii to something a watched site can be.
const maxSiteRadiusM = 2000e3

func (o SiteOptions) radius() float64 {
	if o.DefaultRadiusM > 0 {
		return o.DefaultRadiusM
	}
	return DefaultSiteRadiusM
}

// maxSiteErrors is how many problems a site file reports at once.
const maxSiteErrors = 20

// LoadSites reads watched sites from a GeoJSON (.geojson, .json) or CSV
// (.csv) file, plain or gzip-compressed (a further .gz suffix).
func LoadSites(path string, opt SiteOptions) ([]Site, error) {
	data, err := readMaybeGzip(path)
	if err != nil {
		return nil, fmt.Errorf("load sites: %w", err)
	}
	switch ext := strings.ToLower(filepath.Ext(strings.TrimSuffix(path, ".gz"))); ext {
	case ".csv":
		return ParseSitesCSV(bytes.NewReader(data), path, opt)
	case ".geojson", ".json":
		return ParseSitesGeoJSON(data, path, opt)
	default:
		return nil, fmt.Errorf("load sites %s: unknown extension %q (want .csv, .geojson or .json)", path, ext)
	}
}

// siteErrors collects problems and checks ids for duplicates.
type siteErrors struct {
	source string
	errs   []error
	ids    map[string]int
}

func (e *siteErrors) add(line int, err error) {
	if len(e.errs) < maxSiteErrors {
		e.errs = append(e.errs, &ParseError{Source: e.source, Line: line, Err: err})
	}
}

func (e *siteErrors) checkID(id string, line int) {
	if e.ids == nil {
		e.ids = map[string]int{}
	}
	if prev, ok := e.ids[id]; ok {
		e.add(line, fmt.Errorf("%w: duplicate site id %q (first on line %d)", ErrBadValue, id, prev))
		return
	}
	e.ids[id] = line
}

func (e *siteErrors) err() error { return errors.Join(e.errs...) }

func checkRadius(r float64) error {
	if !(r > 0 && r <= maxSiteRadiusM) {
		return fmt.Errorf("%w: radius %v m (want > 0 and ≤ %.0f)", ErrBadValue, r, maxSiteRadiusM)
	}
	return nil
}

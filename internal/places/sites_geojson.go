package places

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/lookout-osint/lookout/internal/geo"
)

// ParseSitesGeoJSON reads sites from a GeoJSON FeatureCollection (or one
// Feature): Point features become circles of the radius in their
// radius_m property (a number or numeric string; else
// opt.DefaultRadiusM), Polygon and MultiPolygon features become polygons.
// The id is the feature id or the id property (else the name property);
// name and kind come from properties of those names and the other
// properties are kept in Props as text. Problems are returned as in
// ParseSitesCSV, with the line where the feature starts.
func ParseSitesGeoJSON(data []byte, source string, opt SiteOptions) ([]Site, error) {
	feats, err := readFeatures(data, source)
	if err != nil {
		return nil, err
	}
	se := &siteErrors{source: source}
	var sites []Site
	for i, f := range feats {
		s, err := geojsonSite(&f, opt)
		if err != nil {
			se.add(f.line, fmt.Errorf("feature %d: %w", i, err))
			continue
		}
		s.Source, s.Line = source, f.line
		se.checkID(s.ID, f.line)
		sites = append(sites, s)
	}
	if err := se.err(); err != nil {
		return nil, err
	}
	return sites, nil
}

func geojsonSite(f *gjFeature, opt SiteOptions) (Site, error) {
	props := map[string]string{}
	for k, v := range f.Properties {
		props[k] = propText(v)
	}
	s := Site{ID: featureID(f.ID), Name: props["name"], Kind: props["kind"]}
	if s.ID == "" {
		s.ID = props["id"]
	}
	if s.ID == "" {
		s.ID = s.Name
	}
	if s.ID == "" {
		return Site{}, fmt.Errorf("%w: no id, id property or name", ErrBadValue)
	}
	if f.Geometry == nil {
		return Site{}, fmt.Errorf("%w: no geometry", ErrBadValue)
	}
	shape, err := siteShape(f.Geometry, props, opt)
	if err != nil {
		return Site{}, err
	}
	s.Shape = shape
	for _, k := range []string{"id", "name", "kind", "radius_m"} {
		delete(props, k)
	}
	s.Props = props
	return s, nil
}

func siteShape(g *gjGeometry, props map[string]string, opt SiteOptions) (geo.Shape, error) {
	if g.Type == "Point" {
		var c []float64
		if err := json.Unmarshal(g.Coordinates, &c); err != nil || len(c) < 2 {
			return nil, fmt.Errorf("%w: Point coordinates %s", ErrBadValue, truncate(g.Coordinates))
		}
		centre := geo.Point{Lat: c[1], Lon: c[0]}
		if !centre.Valid() {
			return nil, fmt.Errorf("%w: Point [%v, %v] out of range", ErrBadValue, c[0], c[1])
		}
		radius := opt.radius()
		if v := props["radius_m"]; v != "" {
			r, err := strconv.ParseFloat(v, 64)
			if err != nil {
				return nil, fmt.Errorf("%w: radius_m %q", ErrBadValue, v)
			}
			radius = r
		}
		if err := checkRadius(radius); err != nil {
			return nil, err
		}
		return geo.Circle{Center: centre, RadiusM: radius}, nil
	}
	if g.Type != "Polygon" && g.Type != "MultiPolygon" {
		return nil, fmt.Errorf("%w: geometry type %q, want Point, Polygon or MultiPolygon", ErrBadValue, g.Type)
	}
	polys, err := polygonRings(g)
	if err != nil {
		return nil, err
	}
	var mp geo.MultiPolygon
	for i, rings := range polys {
		if len(rings) == 0 {
			return nil, fmt.Errorf("%w: polygon %d has no rings", ErrBadValue, i)
		}
		pg, err := geo.NewPolygon(rings[0], rings[1:]...)
		if err != nil {
			return nil, fmt.Errorf("polygon %d: %w", i, err)
		}
		mp = append(mp, pg)
	}
	if len(mp) == 1 {
		return mp[0], nil
	}
	if len(mp) == 0 {
		return nil, fmt.Errorf("%w: empty MultiPolygon", ErrBadValue)
	}
	return mp, nil
}

// featureID returns a GeoJSON feature id (string or number) as text.
func featureID(raw json.RawMessage) string {
	if len(raw) == 0 || string(raw) == "null" {
		return ""
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	return strings.TrimSpace(string(raw))
}

// propText renders a property value as text: strings as they are, numbers
// and other values as JSON.
func propText(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	default:
		b, _ := json.Marshal(x)
		return string(b)
	}
}

func truncate(b []byte) string {
	if len(b) > 40 {
		return string(b[:40]) + "…"
	}
	return string(b)
}

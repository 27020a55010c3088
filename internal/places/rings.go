package places

import "github.com/lookout-osint/lookout/internal/geo"

// RingsIn returns the land polygon rings clipped to box (Sutherland–Hodgman
// against the box edges), for drawing a map of a region. Rings wholly outside
// the box are skipped; the box must not cross the antimeridian.
func (m *LandMask) RingsIn(box geo.BBox) [][]geo.Point {
	var out [][]geo.Point
	start := 0
	for _, end := range m.ringEnds {
		ring := m.verts[start:end]
		start = int(end)
		if !ringTouches(ring, box) {
			continue
		}
		if c := clipRing(ring, box); len(c) >= 3 {
			out = append(out, c)
		}
	}
	return out
}

func ringTouches(ring []geo.Point, box geo.BBox) bool {
	b := geo.EmptyBBox
	for _, p := range ring {
		b = b.Extend(p)
	}
	return b.MaxLat >= box.MinLat && b.MinLat <= box.MaxLat && b.MaxLon >= box.MinLon && b.MinLon <= box.MaxLon
}

// clipRing clips a closed ring to the box, one box edge at a time.
func clipRing(ring []geo.Point, box geo.BBox) []geo.Point {
	type edge struct {
		inside func(geo.Point) bool
		cross  func(a, b geo.Point) geo.Point
	}
	atLon := func(lon float64) func(a, b geo.Point) geo.Point {
		return func(a, b geo.Point) geo.Point {
			t := (lon - a.Lon) / (b.Lon - a.Lon)
			return geo.Point{Lat: a.Lat + t*(b.Lat-a.Lat), Lon: lon}
		}
	}
	atLat := func(lat float64) func(a, b geo.Point) geo.Point {
		return func(a, b geo.Point) geo.Point {
			t := (lat - a.Lat) / (b.Lat - a.Lat)
			return geo.Point{Lat: lat, Lon: a.Lon + t*(b.Lon-a.Lon)}
		}
	}
	edges := []edge{
		{func(p geo.Point) bool { return p.Lon >= box.MinLon }, atLon(box.MinLon)},
		{func(p geo.Point) bool { return p.Lon <= box.MaxLon }, atLon(box.MaxLon)},
		{func(p geo.Point) bool { return p.Lat >= box.MinLat }, atLat(box.MinLat)},
		{func(p geo.Point) bool { return p.Lat <= box.MaxLat }, atLat(box.MaxLat)},
	}
	poly := ring
	for _, e := range edges {
		if len(poly) == 0 {
			return nil
		}
		var next []geo.Point
		prev := poly[len(poly)-1]
		for _, p := range poly {
			switch {
			case e.inside(p) && !e.inside(prev):
				next = append(next, e.cross(prev, p), p)
			case e.inside(p):
				next = append(next, p)
			case e.inside(prev):
				next = append(next, e.cross(prev, p))
			}
			prev = p
		}
		poly = next
	}
	return poly
}

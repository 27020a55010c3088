package geo

import (
	"errors"
	"fmt"
	"math"
)

// ErrBadPolygon is returned by NewPolygon for rings that cannot bound an
// area (fewer than three distinct points, or invalid coordinates).
var ErrBadPolygon = errors.New("geo: bad polygon")

// Shape is an area on the globe: a Polygon, MultiPolygon or Circle.
type Shape interface {
	// Contains reports whether p lies inside the area.
	Contains(p Point) bool
	// Bounds returns a box around the area; it may cross the antimeridian
	// (MinLon > MaxLon).
	Bounds() BBox
}

// Polygon is an area bounded by an outer ring and zero or more holes, in
// decimal degrees, with straight edges in the latitude/longitude plane (the
// GeoJSON convention). Build it with NewPolygon, which unwraps rings that
// cross the antimeridian so that containment works there too.
type Polygon struct {
	rings [][]Point // unwrapped: consecutive longitudes differ by at most 180
	box   BBox      // in unwrapped longitude (MinLon may be < -180, MaxLon > 180)
}

// NewPolygon returns the polygon with the given outer ring and holes. Rings
// may be closed (first point repeated) or not; their winding does not
// matter (containment is even-odd). Longitudes of each ring are unwrapped
// relative to the outer ring's first point, so a ring crossing ±180° is a
// small ring, not one spanning the globe.
func NewPolygon(outer []Point, holes ...[]Point) (Polygon, error) {
	var pg Polygon
	pg.box = EmptyBBox
	all := append([][]Point{outer}, holes...)
	for i, r := range all {
		if err := checkRing(r); err != nil {
			return Polygon{}, fmt.Errorf("ring %d: %w", i, err)
		}
		u := unwrapRing(r, outer[0].Lon)
		for _, p := range u {
			pg.box = pg.box.Extend(p)
		}
		pg.rings = append(pg.rings, u)
	}
	return pg, nil
}

func checkRing(r []Point) error {
	distinct := 0
	for i, p := range r {
		if !p.Valid() {
			return fmt.Errorf("%w: point %d (%v, %v) out of range", ErrBadPolygon, i, p.Lat, p.Lon)
		}
		if i == 0 || p != r[i-1] {
			distinct++
		}
	}
	if len(r) > 1 && r[0] == r[len(r)-1] {
		distinct--
	}
	if distinct < 3 {
		return fmt.Errorf("%w: %d distinct points, need 3", ErrBadPolygon, distinct)
	}
	return nil
}

// unwrapRing copies r so that each longitude is within 180° of the previous
// one, starting within 180° of ref.
func unwrapRing(r []Point, ref float64) []Point {
	u := make([]Point, len(r))
	prev := ref
	for i, p := range r {
		lon := p.Lon
		for lon-prev > 180 {
			lon -= 360
		}
		for lon-prev < -180 {
			lon += 360
		}
		u[i] = Point{Lat: p.Lat, Lon: lon}
		prev = lon
	}
	return u
}

// Rings returns the polygon's rings (outer first) with unwrapped
// longitudes. The slices are shared: do not modify them.
func (pg Polygon) Rings() [][]Point { return pg.rings }

// Bounds returns the polygon's bounding box, normalised to [-180, 180]
// (MinLon > MaxLon when it crosses the antimeridian; the whole longitude
// range when it spans 360° or more).
func (pg Polygon) Bounds() BBox {
	b := pg.box
	if len(pg.rings) == 0 {
		return b
	}
	if b.MaxLon-b.MinLon >= 360 {
		b.MinLon, b.MaxLon = -180, 180
		return b
	}
	b.MinLon, b.MaxLon = normLon(b.MinLon), normLon(b.MaxLon)
	return b
}

// Contains reports whether p lies inside the polygon and outside its holes
// (even-odd rule; points exactly on an edge may go either way).
func (pg Polygon) Contains(p Point) bool {
	if len(pg.rings) == 0 || p.Lat < pg.box.MinLat || p.Lat > pg.box.MaxLat {
		return false
	}
	for _, shift := range [3]float64{0, 360, -360} {
		q := Point{Lat: p.Lat, Lon: p.Lon + shift}
		if q.Lon < pg.box.MinLon || q.Lon > pg.box.MaxLon {
			continue
		}
		in := false
		for _, r := range pg.rings {
			if RingCrossingsOdd(r, q) {
				in = !in
			}
		}
		if in {
			return true
		}
	}
	return false
}

// RingCrossingsOdd reports whether a ray from p towards increasing
// longitude crosses the ring's edges an odd number of times (the even-odd
// point-in-polygon test in the latitude/longitude plane). The ring is taken
// as closed whether or not its last point repeats the first.
func RingCrossingsOdd(r []Point, p Point) bool {
	odd := false
	n := len(r)
	for i, j := 0, n-1; i < n; j, i = i, i+1 {
		a, b := r[j], r[i]
		if (a.Lat > p.Lat) != (b.Lat > p.Lat) {
			x := a.Lon + (p.Lat-a.Lat)/(b.Lat-a.Lat)*(b.Lon-a.Lon)
			if p.Lon < x {
				odd = !odd
			}
		}
	}
	return odd
}

// MultiPolygon is a union of polygons (GeoJSON MultiPolygon).
type MultiPolygon []Polygon

// Contains reports whether p lies inside any of the polygons.
func (m MultiPolygon) Contains(p Point) bool {
	for _, pg := range m {
		if pg.Contains(p) {
			return true
		}
	}
	return false
}

// Bounds returns the union of the polygons' boxes. When the parts straddle
// the antimeridian differently it returns the whole longitude range.
func (m MultiPolygon) Bounds() BBox {
	b := EmptyBBox
	for _, pg := range m {
		pb := pg.Bounds()
		if pb.MinLon > pb.MaxLon {
			pb.MinLon, pb.MaxLon = -180, 180
		}
		b = b.Extend(Point{pb.MinLat, pb.MinLon}).Extend(Point{pb.MaxLat, pb.MaxLon})
	}
	return b
}

// Circle is the set of points within RadiusM metres (great-circle distance)
// of Center.
type Circle struct {
	Center  Point
	RadiusM float64
}

// Contains reports whether p is within the circle (boundary included).
func (c Circle) Contains(p Point) bool { return DistanceHaversineM(c.Center, p) <= c.RadiusM }

// Bounds returns a box that contains the circle.
func (c Circle) Bounds() BBox {
	dLat := deg(c.RadiusM / EarthRadiusM)
	b := BBox{MinLat: c.Center.Lat - dLat, MaxLat: c.Center.Lat + dLat}
	cl := math.Cos(rad(math.Min(math.Abs(c.Center.Lat)+dLat, 90)))
	if b.MinLat <= -90 || b.MaxLat >= 90 || cl < 1e-9 || dLat/cl >= 180 {
		b.MinLat, b.MaxLat = math.Max(b.MinLat, -90), math.Min(b.MaxLat, 90)
		b.MinLon, b.MaxLon = -180, 180
		return b
	}
	dLon := dLat / cl
	b.MinLon, b.MaxLon = normLon(c.Center.Lon-dLon), normLon(c.Center.Lon+dLon)
	return b
}

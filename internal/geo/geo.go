// Package geo holds small geometry value types and spherical formulas used
// across Lookout. Units are in the names: metres, nautical miles, knots,
// degrees. It is pure: no I/O, no clocks.
package geo

import "math"

// EarthRadiusM is the mean Earth radius in metres (IUGG R1), used by every
// spherical formula here so that distances agree across packages.
const EarthRadiusM = 6371008.8

// MetresPerNM is one international nautical mile in metres.
const MetresPerNM = 1852.0

// Point is a position in decimal degrees (WGS84).
type Point struct {
	Lat, Lon float64
}

// Valid reports whether p is a real position: within range and not the AIS
// "not available" values (lat 91, lon 181).
func (p Point) Valid() bool {
	return p.Lat >= -90 && p.Lat <= 90 && p.Lon >= -180 && p.Lon <= 180 &&
		!math.IsNaN(p.Lat) && !math.IsNaN(p.Lon)
}

func rad(d float64) float64 { return d * math.Pi / 180 }
func deg(r float64) float64 { return r * 180 / math.Pi }

// DistanceHaversineM returns the great-circle distance between a and b in
// metres, by the haversine formula on a sphere of radius EarthRadiusM.
func DistanceHaversineM(a, b Point) float64 {
	dLat := rad(b.Lat - a.Lat)
	dLon := rad(b.Lon - a.Lon)
	s1 := math.Sin(dLat / 2)
	s2 := math.Sin(dLon / 2)
	h := s1*s1 + math.Cos(rad(a.Lat))*math.Cos(rad(b.Lat))*s2*s2
	if h > 1 {
		h = 1
	}
	return 2 * EarthRadiusM * math.Asin(math.Sqrt(h))
}

// DistanceNM returns the great-circle distance between a and b in nautical miles.
func DistanceNM(a, b Point) float64 { return DistanceHaversineM(a, b) / MetresPerNM }

// BearingDeg returns the initial great-circle bearing from a to b in degrees
// clockwise from true north, in [0, 360).
func BearingDeg(a, b Point) float64 {
	la1, la2 := rad(a.Lat), rad(b.Lat)
	dLon := rad(b.Lon - a.Lon)
	y := math.Sin(dLon) * math.Cos(la2)
	x := math.Cos(la1)*math.Sin(la2) - math.Sin(la1)*math.Cos(la2)*math.Cos(dLon)
	return math.Mod(deg(math.Atan2(y, x))+360, 360)
}

// Destination returns the point reached from p after travelling distM metres
// on the initial bearing bearingDeg along a great circle.
func Destination(p Point, bearingDeg, distM float64) Point {
	d := distM / EarthRadiusM
	br := rad(bearingDeg)
	la1, lo1 := rad(p.Lat), rad(p.Lon)
	la2 := math.Asin(math.Sin(la1)*math.Cos(d) + math.Cos(la1)*math.Sin(d)*math.Cos(br))
	lo2 := lo1 + math.Atan2(math.Sin(br)*math.Sin(d)*math.Cos(la1), math.Cos(d)-math.Sin(la1)*math.Sin(la2))
	return Point{Lat: deg(la2), Lon: normLon(deg(lo2))}
}

// Interpolate returns the point a fraction f (0..1) of the way from a to b,
// linearly in latitude and longitude (taking the short way across ±180°).
// Good for the short steps between consecutive AIS fixes.
func Interpolate(a, b Point, f float64) Point {
	dLon := b.Lon - a.Lon
	if dLon > 180 {
		dLon -= 360
	} else if dLon < -180 {
		dLon += 360
	}
	return Point{Lat: a.Lat + (b.Lat-a.Lat)*f, Lon: normLon(a.Lon + dLon*f)}
}

func normLon(lon float64) float64 {
	for lon > 180 {
		lon -= 360
	}
	for lon < -180 {
		lon += 360
	}
	return lon
}

// BBox is a latitude/longitude box. A box with MinLon > MaxLon crosses the
// antimeridian.
type BBox struct {
	MinLat, MinLon, MaxLat, MaxLon float64
}

// Contains reports whether p lies inside b (edges included).
func (b BBox) Contains(p Point) bool {
	if p.Lat < b.MinLat || p.Lat > b.MaxLat {
		return false
	}
	if b.MinLon <= b.MaxLon {
		return p.Lon >= b.MinLon && p.Lon <= b.MaxLon
	}
	return p.Lon >= b.MinLon || p.Lon <= b.MaxLon
}

// Extend returns b grown to include p. The zero BBox is not empty; start from
// EmptyBBox to accumulate.
func (b BBox) Extend(p Point) BBox {
	return BBox{
		MinLat: math.Min(b.MinLat, p.Lat), MinLon: math.Min(b.MinLon, p.Lon),
		MaxLat: math.Max(b.MaxLat, p.Lat), MaxLon: math.Max(b.MaxLon, p.Lon),
	}
}

// EmptyBBox is the identity for Extend.
var EmptyBBox = BBox{MinLat: math.Inf(1), MinLon: math.Inf(1), MaxLat: math.Inf(-1), MaxLon: math.Inf(-1)}

package geo

import "math"

// vec3 is a unit vector on the sphere.
type vec3 struct{ x, y, z float64 }

func toVec(p Point) vec3 {
	la, lo := rad(p.Lat), rad(p.Lon)
	c := math.Cos(la)
	return vec3{c * math.Cos(lo), c * math.Sin(lo), math.Sin(la)}
}

func (a vec3) dot(b vec3) float64 { return a.x*b.x + a.y*b.y + a.z*b.z }

func (a vec3) cross(b vec3) vec3 {
	return vec3{a.y*b.z - a.z*b.y, a.z*b.x - a.x*b.z, a.x*b.y - a.y*b.x}
}

func (a vec3) norm() float64 { return math.Sqrt(a.dot(a)) }

// DistancePointSegmentM returns the great-circle distance in metres from p
// to the nearest point of the shorter great-circle arc from a to b. It is
// exact on the sphere at any scale; it costs a few trigonometric calls, so
// hot loops over many short segments may prefer a local projection.
func DistancePointSegmentM(p, a, b Point) float64 {
	va, vb, vp := toVec(a), toVec(b), toVec(p)
	n := va.cross(vb)
	nn := n.norm()
	if nn < 1e-15 {
		return math.Min(DistanceHaversineM(p, a), DistanceHaversineM(p, b))
	}
	n = vec3{n.x / nn, n.y / nn, n.z / nn}
	s := vp.dot(n)
	c := vec3{vp.x - s*n.x, vp.y - s*n.y, vp.z - s*n.z}
	if va.cross(c).dot(n) >= 0 && c.cross(vb).dot(n) >= 0 && c.norm() > 1e-15 {
		return math.Asin(math.Min(math.Abs(s), 1)) * EarthRadiusM
	}
	return math.Min(DistanceHaversineM(p, a), DistanceHaversineM(p, b))
}

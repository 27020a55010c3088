package track

import "math"

// This file holds the arithmetic of GFW's discrepancy matcher
// (gpsdio-segment, discrepancy.py and matcher.py), re-derived here: where a
// vessel should be after some hours given its reported course and speed,
// how far a new fix lies from that, and how that distance turns into a match
// score. Distances are in nautical miles on a local equirectangular
// projection, as in GFW, which is exact enough over the distances that can
// match (≤ 25 kn × a day).

const nmPerDegLat = 60.0

// node is a fix as the matcher sees it: the fix plus the values of its
// dead-reckoning that do not depend on the other fix, computed once. It
// is 128 bytes, two cache lines in the (page-aligned) node slabs, the fix
// and speed in the first: emitting a fix reads one line, matching two.
type node struct {
	fix    Fix
	drSOG  float64 // speed used for dead-reckoning: 0 if SOG or (fast) COG unknown
	sinC   float64 // sin(course), course 0 when unknown
	cosC   float64 // cos(course)
	cosLat float64 // cos(latitude)
	invLon float64 // degrees of longitude per nm at this latitude (GFW's, with its epsilon)
	metric score   // score with which it joined its segment; zero for a first fix
	_      [16]byte
}

func makeNode(f *Fix, c *trigCache) node {
	var n node
	n.set(f, c)
	return n
}

// set makes n the node of f, setting every field (the Segmenter reuses one
// node rather than copy a new one out of makeNode on every fix).
func (n *node) set(f *Fix, c *trigCache) {
	n.fix, n.metric, n.drSOG = *f, score{}, speedKn(f.SOG)
	course := 0.0
	if courseKnown(f.COG) {
		course = float64(f.COG)
	} else {
		n.drSOG = 0 // nearly still (CheckFix dropped faster ones)
	}
	if course != c.course || !c.ok {
		c.course = course
		c.sinC, c.cosC = sincosDeg(course)
	}
	if f.Lat != c.lat || !c.ok {
		c.lat = f.Lat
		_, c.cosLat = sincosDeg(math.Abs(f.Lat))
		c.invLon = 1 / (nmPerDegLat * (c.cosLat + 1e-3))
	}
	c.ok = true
	n.sinC, n.cosC, n.cosLat, n.invLon = c.sinC, c.cosC, c.cosLat, c.invLon
}

// trigCache remembers the trigonometry of a vessel's last fix: moored and
// anchored vessels (about half of all AIS reports) repeat their latitude
// and often their course exactly, and then cost no sine or cosine.
type trigCache struct {
	lat, course                float64
	sinC, cosC, cosLat, invLon float64
	ok                         bool
}

// expected returns where n's vessel should be after hours (negative: before).
func (n *node) expected(hours float64) (lon, lat float64) {
	dist := n.drSOG * hours
	return n.fix.Lon + n.sinC*dist*n.invLon, n.fix.Lat + n.cosC*dist/nmPerDegLat
}

// wrapDeg maps a longitude difference into [-180, 180).
func wrapDeg(x float64) float64 {
	if x >= -180 && x < 180 {
		return x
	}
	return x - 360*math.Floor((x+180)/360)
}

// discrepancy returns GFW's discrepancy (nm) between a (earlier) and b
// (later) given the penalised hours between them: the least of
// (1) the mean distance between each fix and where the other one
// dead-reckons to, (2) the distance between them (vessel stayed put) times
// the shape factor, and (3) the mean distance of each fix from the other's
// course line, when it lies ahead within reach, times the shape factor.
func discrepancy(a, b *node, hours, shape float64) float64 {
	x2p, y2p := a.expected(hours)
	x1p, y1p := b.expected(-hours)
	// GFW takes the cosine of the mean latitude; the mean of the cosines
	// differs by under 1e-6 relative for fixes a degree apart, and saves a
	// cosine per comparison.
	nmPerDegLon := nmPerDegLat * 0.5 * (a.cosLat + b.cosLat)
	d1 := 0.5 * (hyp(nmPerDegLon*wrapDeg(x1p-a.fix.Lon), nmPerDegLat*(y1p-a.fix.Lat)) +
		hyp(nmPerDegLon*wrapDeg(x2p-b.fix.Lon), nmPerDegLat*(y2p-b.fix.Lat)))
	east := nmPerDegLon * wrapDeg(b.fix.Lon-a.fix.Lon)
	north := nmPerDegLat * (b.fix.Lat - a.fix.Lat)
	dist := hyp(east, north)
	d := min(d1, dist*shape)
	n21 := offPath(a, east, north, hours)
	n12 := offPath(b, east, north, hours)
	return min(d, 0.5*(n12+n21)*shape)
}

// offPath returns the distance (nm) of the displacement (east, north) from
// n's course line when its along-course part lies in (0, SOG × hours], and
// +Inf otherwise.
func offPath(n *node, east, north, hours float64) float64 {
	along := east*n.sinC + north*n.cosC
	if along <= 0 || along > speedKn(n.fix.SOG)*hours { // the reported SOG bounds it
		return math.Inf(1)
	}
	return math.Abs(east*n.cosC - north*n.sinC)
}

func hyp(x, y float64) float64 { return math.Sqrt(x*x + y*y) }

// penalizedHours shortens long intervals: vessels rarely hold a course for
// hours, so dead-reckoning over h hours uses h / (1 + (h/P)^(1-e)).
func (c *SegmenterConfig) penalizedHours(h float64) float64 {
	x := max(h, 0) / c.PenaltyHours
	if c.HoursExp == 0.5 {
		return h / (1 + math.Sqrt(x))
	}
	return h / (1 + math.Pow(x, 1-c.HoursExp))
}

// paddedHours is the interval padded in quadrature by BufferHours.
func (c *SegmenterConfig) paddedHours(h float64) float64 {
	return hyp(h, c.BufferHours)
}

// score is a match score kept as scale × exp(-a2), so that the exponential
// is only computed when a comparison needs it: most fixes match the newest
// fix of their only segment, and then no comparison does. The zero score is
// 0 (no match, or a segment's first fix).
type score struct{ a2, scale float64 }

// value returns the score.
func (m score) value() float64 {
	if m.scale == 0 {
		return 0
	}
	return m.scale * math.Exp(-m.a2)
}

// lower returns a cheap lower bound of value (exp(-x) ≥ 1 - x).
func (m score) lower() float64 { return m.scale * (1 - m.a2) }

// metric turns a discrepancy (nm) into a match score given the padded
// hours between the fixes and the transponder weight: no match (ok false)
// when the discrepancy exceeds MaxKnots × padded hours, else
// weight × exp(-(MaxKnots/PenaltySpeed × discrepancy/allowed)²) / padded
// hours. Higher is better; recent, well-predicted fixes score highest.
func (c *SegmenterConfig) metric(disc, padded, weight float64) (m score, ok bool) {
	allowed := padded * c.MaxKnots
	if !(disc <= allowed) { // also catches NaN
		return score{}, false
	}
	alpha := c.MaxKnots / c.PenaltySpeedKn * disc / allowed
	return score{a2: alpha * alpha, scale: weight / padded}, true
}

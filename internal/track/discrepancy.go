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

// node is a fix as a segment's window holds it, with the score with
// which it joined the segment: 64 bytes (a Fix has no padding), one cache
// line of the (page-aligned) node slabs, so that matching against a fix,
// storing one and emitting one touch a line each. What dead-reckoning
// needs beyond the fix (kin) is kept per segment for its newest fix only.
type node struct {
	Fix
	metric score // score with which it joined its segment; zero for a first fix
}

// kin is the dead-reckoning of a fix that does not depend on the other
// fix: computed once for the fix being placed, kept by each segment for
// its newest fix, and recomputed (kinOf, the same arithmetic) for an older
// one the look-back compares with. set leaves stale what no comparison
// reads: sinC and cosC when SOG is 0 or unknown, invLon when drSOG is 0.
type kin struct {
	drSOG  float64 // speed used for dead-reckoning: 0 if SOG or (fast) COG unknown
	sinC   float64 // sin(course), course 0 when unknown
	cosC   float64 // cos(course)
	cosLat float64 // cos(latitude)
	invLon float64 // degrees of longitude per nm at this latitude (GFW's, with its epsilon)
}

// set makes k the kin of a fix at latitude lat with the given SOG and COG,
// taking the trigonometry from c when c holds it for the same latitude or
// course, and leaving it in c.
//
// It leaves out what no comparison of the fix can read (see expected and
// offPath), so that moored and anchored vessels, whose reported course
// and latitude wander with GPS noise, rarely cost a sine or a division:
// the course's sine and cosine when SOG is 0 or unknown, and invLon when
// drSOG is 0. Those fields then hold stale values, never read.
func (k *kin) set(lat float64, sog, cog float32, c *trigCache) {
	spd := speedKn(sog)
	k.drSOG = spd
	course := 0.0
	if courseKnown(cog) {
		course = float64(cog)
	} else {
		k.drSOG = 0 // nearly still (CheckFix dropped faster ones)
	}
	if spd != 0 && (course != c.course || c.ok&trigCourse == 0) {
		c.course = course
		c.sinC, c.cosC = sincosCourse(course)
		c.ok |= trigCourse
	}
	if lat != c.lat || c.ok&trigLat == 0 {
		c.lat = lat
		c.cosLat = cosDeg(math.Abs(lat))
		c.ok = c.ok&^trigInvLon | trigLat
	}
	if k.drSOG != 0 && c.ok&trigInvLon == 0 {
		c.invLon = 1 / (nmPerDegLat * (c.cosLat + 1e-3))
		c.ok |= trigInvLon
	}
	k.sinC, k.cosC, k.cosLat, k.invLon = c.sinC, c.cosC, c.cosLat, c.invLon
}

// kinOf returns the kin of n, computed afresh.
func kinOf(n *Fix) kin {
	var k kin
	var c trigCache
	k.set(n.Lat, n.SOG, n.COG, &c)
	return k
}

// trigCache remembers the trigonometry of a vessel's last fixes: moored and
// anchored vessels (about half of all AIS reports) repeat their latitude
// and often their course exactly, and then cost no sine or cosine. ok
// says which of its values are set: sinC and cosC of course, cosLat of
// lat, and invLon of lat.
type trigCache struct {
	lat, course                float64
	sinC, cosC, cosLat, invLon float64
	ok                         uint8
}

// trigCache.ok bits.
const (
	trigCourse = 1 << iota
	trigLat
	trigInvLon
)

// expected returns where n's vessel should be after hours (negative:
// before); k is n's kin. With drSOG 0 it is n's position without reading
// k's course or invLon (which kin.set may then leave unset): the sum it
// skips adds a zero to each coordinate (sinC, cosC and invLon are finite,
// hours too), which changes at most the sign of a zero coordinate, and
// discrepancy only squares the differences it takes of these.
func expected(n *Fix, k *kin, hours float64) (lon, lat float64) {
	if k.drSOG == 0 {
		return n.Lon, n.Lat
	}
	dist := k.drSOG * hours
	return n.Lon + k.sinC*dist*k.invLon, n.Lat + k.cosC*dist/nmPerDegLat
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
// course line, when it lies ahead within reach, times the shape factor;
// ak and bk are a's and b's kin.
func discrepancy(a *Fix, ak *kin, b *Fix, bk *kin, hours, shape float64) float64 {
	x2p, y2p := expected(a, ak, hours)
	x1p, y1p := expected(b, bk, -hours)
	// GFW takes the cosine of the mean latitude; the mean of the cosines
	// differs by under 1e-6 relative for fixes a degree apart, and saves a
	// cosine per comparison.
	nmPerDegLon := nmPerDegLat * 0.5 * (ak.cosLat + bk.cosLat)
	d1 := 0.5 * (hyp(nmPerDegLon*wrapDeg(x1p-a.Lon), nmPerDegLat*(y1p-a.Lat)) +
		hyp(nmPerDegLon*wrapDeg(x2p-b.Lon), nmPerDegLat*(y2p-b.Lat)))
	east := nmPerDegLon * wrapDeg(b.Lon-a.Lon)
	north := nmPerDegLat * (b.Lat - a.Lat)
	dist := hyp(east, north)
	d := min(d1, dist*shape)
	// min(d, 0.5 × (n12 + n21) × shape) is d when either is +Inf, as
	// offPath mostly returns (shape > 0, n12 and n21 ≥ 0; Go's min of
	// anything and +Inf is that thing, NaN included): the second is then
	// not needed.
	n21 := offPath(a, ak, east, north, hours)
	if math.IsInf(n21, 1) {
		return d
	}
	n12 := offPath(b, bk, east, north, hours)
	if math.IsInf(n12, 1) {
		return d
	}
	return min(d, 0.5*(n12+n21)*shape)
}

// offPath returns the distance (nm) of the displacement (east, north) from
// n's course line (k is n's kin) when its along-course part lies in
// (0, SOG × hours], and +Inf otherwise: always when SOG is 0 or unknown
// (the along-course part, finite, is ≤ 0 or > 0 × hours), returned then
// without reading k's course (which kin.set may then leave unset).
func offPath(n *Fix, k *kin, east, north, hours float64) float64 {
	spd := speedKn(n.SOG) // the reported SOG bounds it
	if spd == 0 {
		return math.Inf(1)
	}
	along := east*k.sinC + north*k.cosC
	if along <= 0 || along > spd*hours {
		return math.Inf(1)
	}
	return math.Abs(east*k.cosC - north*k.sinC)
}

func hyp(x, y float64) float64 { return math.Sqrt(x*x + y*y) }

// penalizedHours shortens long intervals: vessels rarely hold a course for
// hours, so dead-reckoning over h hours uses h / (1 + (h/P)^(1-e)). The
// Segmenter calls it for a HoursExp other than 0.5 only (see
// Segmenter.penalizedHours); for 0.5, math.Pow is math.Sqrt.
func (c *SegmenterConfig) penalizedHours(h float64) float64 {
	return h / (1 + math.Pow(max(h, 0)/c.PenaltyHours, 1-c.HoursExp))
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
func (s *Segmenter) metric(disc, padded, weight float64) (m score, ok bool) {
	allowed := padded * s.cfg.MaxKnots
	if !(disc <= allowed) { // also catches NaN
		return score{}, false
	}
	alpha := s.k.alphaScale * disc / allowed
	return score{a2: alpha * alpha, scale: weight / padded}, true
}

// penalizedHours is the config's penalizedHours, without a call in the
// default case (HoursExp 0.5).
func (s *Segmenter) penalizedHours(h float64) float64 {
	if !s.k.sqrtHours {
		return s.cfg.penalizedHours(h)
	}
	return s.k.sqrtPenalized(h, s.cfg.PenaltyHours)
}

// sqrtPenalized is penalizedHours(h) for HoursExp 0.5 and the given
// PenaltyHours.
func (d *derived) sqrtPenalized(h, penaltyHours float64) float64 {
	x := h // max(h, 0), which is h when h > 0, as it is but for equal times
	if !(h > 0) {
		x = max(h, 0)
	}
	if d.invPenaltyHours != 0 {
		x *= d.invPenaltyHours
	} else {
		x /= penaltyHours
	}
	return h / (1 + math.Sqrt(x))
}

// derived holds values the Segmenter computes once from its config, each
// exactly what the expression it replaces gives, so that no decision
// changes.
type derived struct {
	// alphaScale is MaxKnots / PenaltySpeedKn, the first operation of
	// metric's alpha (Go evaluates a / b * c / d left to right).
	alphaScale float64
	// invPenaltyHours is 1 / PenaltyHours when that is exact (PenaltyHours
	// a power of two, as the default 4), else 0: x × 2^-k and x / 2^k are
	// the same real number, so they round to the same float64, where a
	// division costs several times a multiplication.
	invPenaltyHours float64
	sqrtHours       bool    // HoursExp is 0.5: penalizedHours takes a square root
	div1            float64 // the look-back divisor of lb 1: max(1, 1 × LookbackFactor)
}

// derive returns the derived values of cfg.
func derive(cfg *SegmenterConfig) derived {
	d := derived{alphaScale: cfg.MaxKnots / cfg.PenaltySpeedKn, sqrtHours: cfg.HoursExp == 0.5,
		div1: max(1, float64(1)*cfg.LookbackFactor)}
	if frac, _ := math.Frexp(cfg.PenaltyHours); frac == 0.5 {
		if inv := 1 / cfg.PenaltyHours; inv*cfg.PenaltyHours == 1 {
			d.invPenaltyHours = inv
		}
	}
	return d
}

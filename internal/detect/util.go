package detect

import (
	"math"

	"github.com/lookout-osint/lookout/internal/geo"
	"github.com/lookout-osint/lookout/internal/track"
)

const (
	msPerHour    = 3600 * 1000
	metresPerNM  = geo.MetresPerNM
	degToRad     = math.Pi / 180
	metresPerDeg = geo.EarthRadiusM * degToRad
)

// fastDistM is the equirectangular approximation of the distance in metres
// between two points: within 0.1% of haversine below a few hundred km, and
// several times cheaper, for the per-fix hot paths.
func fastDistM(lat1, lon1, lat2, lon2 float64) float64 {
	dLon := lon2 - lon1
	if dLon > 180 {
		dLon -= 360
	} else if dLon < -180 {
		dLon += 360
	}
	x := dLon * cosDeg((lat1+lat2)*0.5)
	y := lat2 - lat1
	return math.Sqrt(x*x+y*y) * metresPerDeg
}

// fixDistM returns the great-circle distance in metres between two fixes.
func fixDistM(a, b *track.Fix) float64 {
	return geo.DistanceHaversineM(a.Point(), b.Point())
}

// speedKn returns the implied speed in knots from a to b, +Inf when they
// share a time but not a place.
func speedKn(a, b *track.Fix, distM float64) float64 {
	dt := float64(b.Time-a.Time) / msPerHour
	if dt <= 0 {
		if distM == 0 {
			return 0
		}
		return math.Inf(1)
	}
	return distM / metresPerNM / dt
}

// hours converts a span of Unix ms to hours.
func hours(ms int64) float64 { return float64(ms) / msPerHour }

// msOf converts hours to Unix ms.
func msOf(h float64) int64 { return int64(h * msPerHour) }

// round returns x rounded to n decimals, for readable attributes.
func round(x float64, n int) float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return x
	}
	p := math.Pow(10, float64(n))
	return math.Round(x*p) / p
}

// refs collects the source refs of the given fixes, skipping unknown and
// repeated ones, in the order given.
func refs(fixes ...*track.Fix) []track.SourceRef {
	out := make([]track.SourceRef, 0, len(fixes))
	for _, f := range fixes {
		if f == nil {
			continue
		}
		out = appendRef(out, f.Src)
	}
	return out
}

// appendRef appends r unless it is unknown or already present.
func appendRef(dst []track.SourceRef, r track.SourceRef) []track.SourceRef {
	if r == (track.SourceRef{}) {
		return dst
	}
	for _, x := range dst {
		if x == r {
			return dst
		}
	}
	return append(dst, r)
}

// sogOrImplied returns the fix's reported speed, or the implied speed from
// the previous fix when the report has none.
func sogOrImplied(prev, f *track.Fix) float64 {
	if f.HasSOG() {
		return float64(f.SOG)
	}
	if prev == nil {
		return math.NaN()
	}
	return speedKn(prev, f, fixDistM(prev, f))
}

// cosTable holds cos(lat) for every 0.01° of latitude from -90° to 90°.
var cosTable = func() []float64 {
	t := make([]float64, 18002)
	for i := range t {
		t[i] = math.Cos((float64(i)/100 - 90) * degToRad)
	}
	return t
}()

// cosDeg returns cos(lat) for a latitude in degrees from a 0.01° table
// (relative error below 2e-4 up to 80° of latitude): the hot paths call it
// per fix, and math.Cos dominated their profile.
func cosDeg(lat float64) float64 {
	i := int((lat+90)*100 + 0.5)
	if i < 0 || i >= len(cosTable) {
		return math.Cos(lat * degToRad)
	}
	return cosTable[i]
}

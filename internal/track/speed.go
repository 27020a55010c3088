package track

import (
	"math"

	"github.com/lookout-osint/lookout/internal/geo"
)

// DistanceNM returns the great-circle (haversine) distance between two
// fixes in nautical miles.
func DistanceNM(a, b *Fix) float64 { return geo.DistanceNM(a.Point(), b.Point()) }

// Hours returns the time from a to b in hours (negative if b is earlier).
func Hours(a, b *Fix) float64 { return float64(b.Time-a.Time) / msPerHour }

// ImpliedSpeedKn returns the speed in knots needed to go from a to b in the
// time between them: great-circle distance over |Δt|. Equal times give +Inf
// for distinct positions and 0 for the same position, so a "jump" test
// (speed > limit) behaves sensibly on repeated timestamps.
func ImpliedSpeedKn(a, b *Fix) float64 {
	d := DistanceNM(a, b)
	h := math.Abs(Hours(a, b))
	if h == 0 {
		if d == 0 {
			return 0
		}
		return math.Inf(1)
	}
	return d / h
}

// Valid reports whether f passes CheckFix.
func (f *Fix) Valid() bool { return CheckFix(f) == ReasonNone }

// Less orders fixes by time, then MMSI: the order of a merged stream.
func (f *Fix) Less(o *Fix) bool {
	if f.Time != o.Time {
		return f.Time < o.Time
	}
	return f.MMSI < o.MMSI
}

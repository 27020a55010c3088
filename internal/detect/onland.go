package detect

import (
	"github.com/lookout-osint/lookout/internal/places"
	"github.com/lookout-osint/lookout/internal/track"
)

// onLand reports runs of consecutive fixes more than on_land.min_inland_km
// inland while the vessel is not in port (DETECTORS.md §6), unless the
// waterway guard explains them (landRun.navigable). The land mask
// is asked again only when a fix may have left the radius around the last
// asked point within which the answer cannot change, so a ship at sea costs
// one look-up per few kilometres, not one per fix.
func (vr *vesselRun) onLand(fixes []track.Fix, inPort []bool) {
	sh := vr.r.env.Shore
	if sh == nil {
		return
	}
	minM := vr.r.cfg.OnLand.MinInlandKm * 1000
	safe, refLat, refLon := -1.0, 0.0, 0.0
	inland, depth, atSea := false, 0.0, false
	var runs []landRun
	cur := landRun{a: -1}
	for i := range fixes {
		f := &fixes[i]
		if safe < 0 || fastDistM(refLat, refLon, f.Lat, f.Lon) >= safe {
			land, d := sh.IsLand(f.Point()), sh.DistanceToShoreM(f.Point())
			inland, depth = land && d > minM, d
			safe = safeRadiusM(land, inland, d, minM)
			refLat, refLon = f.Lat, f.Lon
		}
		atSea = atSea || !inland
		if inland && !inPort[i] {
			if cur.a < 0 {
				cur = landRun{a: i, deepest: i, depthM: depth}
			} else if depth > cur.depthM {
				cur.deepest, cur.depthM = i, depth
			}
			continue
		}
		if cur.a >= 0 {
			cur.b = i - 1
			runs, cur.a = append(runs, cur), -1
		}
	}
	if cur.a >= 0 {
		cur.b = len(fixes) - 1
		runs = append(runs, cur)
	}
	for _, r := range runs {
		if !vr.navigable(fixes, r, atSea) {
			vr.onLandEvent(fixes, r.a, r.b, r.deepest, r.depthM)
		}
	}
}

// landRun is a run fixes[a..b] inland, deepest at fixes[deepest].
type landRun struct {
	a, b, deepest int
	depthM        float64
}

// navigable reports whether the waterway guard explains an inland run as
// a vessel navigating water that the land mask fills (the Natural Earth
// 1:10m land has no lakes, rivers, canals or small estuaries and marinas):
// either its segment also has fixes at sea, so the vessel got there along
// a physically plausible track (on_land.skip_sea_connected), or it is
// under way, its median speed at least on_land.skip_moving_kn. What is
// left is what spoofing looks like: a position that jumped inland (the
// segmenter puts it in a segment of its own) or a fixed fake position on
// land.
func (vr *vesselRun) navigable(fixes []track.Fix, r landRun, segAtSea bool) bool {
	c := &vr.r.cfg.OnLand
	if c.SkipSeaConnected && segAtSea {
		return true
	}
	return c.SkipMovingKn > 0 && runSpeedKn(fixes[r.a:r.b+1]) >= c.SkipMovingKn
}

// runSpeedKn is the median SOG of the fixes that report one, else the
// speed from the first fix to the last (0 for a run without duration).
func runSpeedKn(fixes []track.Fix) float64 {
	var sog []float32
	for i := range fixes {
		if fixes[i].HasSOG() {
			sog = append(sog, fixes[i].SOG)
		}
	}
	if len(sog) > 0 {
		return float64(median(sog))
	}
	first, last := &fixes[0], &fixes[len(fixes)-1]
	if last.Time <= first.Time {
		return 0
	}
	return fixDistM(first, last) / metresPerNM / hours(last.Time-first.Time)
}

// safeRadiusM returns how far a vessel can move from a point whose land
// mask answer was (land, inland, d) before that answer can change. d is an
// upper bound of the true distance to shore, within 1% (+25 m) of it
// (places.LandMask.DistanceToShoreM beyond its exact band; a few per cent
// past RefinedShoreLimitM), so the radius uses the lower bound
// shoreLowerBoundM(d), never d itself.
func safeRadiusM(land, inland bool, d, minM float64) float64 {
	switch lo := shoreLowerBoundM(d); {
	case !land:
		return lo // the coast is at least lo away
	case inland:
		return lo - minM // depth stays above minM
	default:
		return minM - d // depth stays at or below minM (d is an upper bound)
	}
}

// shoreLowerBoundM returns a distance to shore the true one is not below,
// given the answer d of places.LandMask.DistanceToShoreM: 1% + 25 m below
// d up to places.RefinedShoreLimitM, 5% + 25 m beyond it.
func shoreLowerBoundM(d float64) float64 {
	if d > places.RefinedShoreLimitM {
		return 0.95*d - 25
	}
	return 0.99*d - 25
}

// onLandEvent emits the on_land event for fixes[a..b].
func (vr *vesselRun) onLandEvent(fixes []track.Fix, a, b, deepest int, depthM float64) {
	if b-a+1 < vr.r.cfg.OnLand.MinFixes {
		return
	}
	first, last, deep := &fixes[a], &fixes[b], &fixes[deepest]
	ev := Event{
		Type: TypeOnLand, MMSI: vr.v.MMSI, Start: first.Time, End: last.Time,
		Lat: deep.Lat, Lon: deep.Lon, Evidence: refs(first, deep, last),
		Attrs: map[string]any{
			"fixes":         b - a + 1,
			"max_inland_km": round(depthM/1000, 2),
			"duration_h":    round(hours(last.Time-first.Time), 2),
		},
	}
	ev.ID = eventID(ev.Type, ev.MMSI, 0, ev.Start)
	vr.emit(ev)
}

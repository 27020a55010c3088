package detect

import (
	"github.com/lookout-osint/lookout/internal/places"
	"github.com/lookout-osint/lookout/internal/track"
)

// onLand reports runs of consecutive fixes more than on_land.min_inland_km
// inland while the vessel is not in port (DETECTORS.md §6). The land mask
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
	inland, depth := false, 0.0
	start, deepest, maxDepth := -1, -1, 0.0
	for i := range fixes {
		f := &fixes[i]
		if safe < 0 || fastDistM(refLat, refLon, f.Lat, f.Lon) >= safe {
			land, d := sh.IsLand(f.Point()), sh.DistanceToShoreM(f.Point())
			inland, depth = land && d > minM, d
			safe = safeRadiusM(land, inland, d, minM)
			refLat, refLon = f.Lat, f.Lon
		}
		if inland && !inPort[i] {
			if start < 0 {
				start, deepest, maxDepth = i, i, depth
			} else if depth > maxDepth {
				deepest, maxDepth = i, depth
			}
			continue
		}
		if start >= 0 {
			vr.onLandEvent(fixes, start, i-1, deepest, maxDepth)
			start = -1
		}
	}
	if start >= 0 {
		vr.onLandEvent(fixes, start, len(fixes)-1, deepest, maxDepth)
	}
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

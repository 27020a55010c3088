package detect

import (
	"math"
	"slices"
	"sort"

	"github.com/lookout-osint/lookout/internal/geo"
	"github.com/lookout-osint/lookout/internal/track"
)

// pairRun is a stretch of consecutive time steps during which two vessels
// were within encounter.max_distance_m of each other.
type pairRun struct {
	a, b               uint32 // a < b
	startStep, endStep int64
	dist, speed        []float32 // per step
	sumLat, sumLon     float64
	first, last        [2]sample // samples of a and b at the first and last step
}

// encounters finds the encounters among all samples (DETECTORS.md §4):
// candidate pairs come from a grid of ~grid_km cells at each time step (a
// sample meets only the samples in its own and neighbouring cells, never
// all pairs); pairs within max_distance_m for min_hours with median speed
// below max_median_speed_kn, at least min_anchorage_km from any anchorage
// point; runs of a pair less than merge_hours apart merge.
func (es *encounterSampler) encounters(ix *anchorIndex, shore Shore, computed int64) []Event {
	s := sortByStep(es.samples)
	es.samples = nil
	g := newStepGrid(es.c.GridKm*1000, ix, es.c.MinAnchorageKm*1000)
	open := map[uint64]*pairRun{}
	var done []*pairRun
	for i := 0; i < len(s); {
		j := i
		for j < len(s) && s[j].step == s[i].step {
			j++
		}
		g.fill(s[i:j])
		g.pairs(es.c.MaxDistanceM, func(x, y *sample, d float64) {
			done = es.extend(open, done, x, y, d)
		})
		i = j
	}
	for _, r := range open {
		done = append(done, r)
	}
	return es.finish(done, ix, shore, computed)
}

// extend adds a close pair at one step to its open run, closing the run
// first when it missed a step.
func (es *encounterSampler) extend(open map[uint64]*pairRun, done []*pairRun, x, y *sample, d float64) []*pairRun {
	k := uint64(x.mmsi)<<32 | uint64(y.mmsi)
	r := open[k]
	if r != nil && r.endStep == x.step {
		return done // the same pair twice in one step (overlapping segments)
	}
	if r != nil && r.endStep != x.step-1 {
		done = append(done, r)
		r = nil
	}
	if r == nil {
		r = &pairRun{a: x.mmsi, b: y.mmsi, startStep: x.step, first: [2]sample{*x, *y}}
		open[k] = r
	}
	r.endStep, r.last = x.step, [2]sample{*x, *y}
	r.dist = append(r.dist, float32(d))
	r.speed = append(r.speed, (x.speedKn+y.speedKn)/2)
	r.sumLat += (x.lat + y.lat) / 2
	r.sumLon += (x.lon + y.lon) / 2
	return done
}

// finish filters runs by duration and speed, merges a pair's runs closer
// than merge_hours, drops those near anchorages, and builds the events.
func (es *encounterSampler) finish(runs []*pairRun, ix *anchorIndex, shore Shore, computed int64) []Event {
	minSteps := int64(math.Ceil(es.c.MinHours * 60 / es.c.StepMinutes))
	kept := runs[:0]
	for _, r := range runs {
		if r.endStep-r.startStep >= minSteps && float64(median(r.speed)) < es.c.MaxMedianSpeedKn {
			kept = append(kept, r)
		}
	}
	sort.Slice(kept, func(i, j int) bool {
		x, y := kept[i], kept[j]
		if x.a != y.a || x.b != y.b {
			return x.a < y.a || (x.a == y.a && x.b < y.b)
		}
		return x.startStep < y.startStep
	})
	mergeSteps := int64(es.c.MergeHours * 60 / es.c.StepMinutes)
	var out []Event
	for i := 0; i < len(kept); {
		r := kept[i]
		j := i + 1
		for ; j < len(kept) && kept[j].a == r.a && kept[j].b == r.b && kept[j].startStep-r.endStep < mergeSteps; j++ {
			r = mergeRuns(r, kept[j])
		}
		i = j
		if ev, ok := es.event(r, ix, shore); ok {
			ev.Computed = computed
			out = append(out, ev)
		}
	}
	return out
}

// mergeRuns joins run b (later) into a copy of a.
func mergeRuns(a, b *pairRun) *pairRun {
	m := *a
	m.endStep, m.last = b.endStep, b.last
	m.dist = append(append([]float32(nil), a.dist...), b.dist...)
	m.speed = append(append([]float32(nil), a.speed...), b.speed...)
	m.sumLat, m.sumLon = a.sumLat+b.sumLat, a.sumLon+b.sumLon
	return &m
}

// event builds the encounter event for a run, or false when it lies within
// min_anchorage_km of an anchorage point or min_shore_km of the coast.
func (es *encounterSampler) event(r *pairRun, ix *anchorIndex, shore Shore) (Event, bool) {
	n := float64(len(r.dist))
	lat, lon := r.sumLat/n, r.sumLon/n
	p := geo.Point{Lat: lat, Lon: lon}
	if k, _ := ix.nearest(p, es.c.MinAnchorageKm*1000); k >= 0 {
		return Event{}, false
	}
	if shore != nil && es.c.MinShoreKm > 0 && (shore.IsLand(p) || shore.DistanceToShoreM(p) < es.c.MinShoreKm*1000) {
		return Event{}, false
	}
	start, end := r.startStep*es.stepMs, r.endStep*es.stepMs
	ev := Event{
		Type: TypeEncounter, MMSI: r.a, OtherMMSI: r.b, Start: start, End: end, Lat: round(lat, 5), Lon: round(lon, 5),
		Attrs: map[string]any{
			"median_distance_m": round(float64(median(r.dist)), 0),
			"median_speed_kn":   round(float64(median(r.speed)), 2),
			"duration_h":        round(hours(end-start), 2),
			"fixes":             r.last[0].fixNo - r.first[0].fixNo + 1,
			"other_fixes":       r.last[1].fixNo - r.first[1].fixNo + 1,
		},
	}
	for _, sr := range []track.SourceRef{r.first[0].before, r.first[1].before, r.last[0].after, r.last[1].after} {
		ev.Evidence = appendRef(ev.Evidence, sr)
	}
	ev.ID = eventID(ev.Type, ev.MMSI, ev.OtherMMSI, ev.Start)
	return ev, true
}

// median returns the median of xs (a sorted copy's middle).
func median(xs []float32) float32 {
	if len(xs) == 0 {
		return float32(math.NaN())
	}
	c := slices.Clone(xs)
	slices.Sort(c)
	m := len(c) / 2
	if len(c)%2 == 1 {
		return c[m]
	}
	return (c[m-1] + c[m]) / 2
}

// sortByStep orders samples by time step with a counting sort (linear:
// steps span the data's time range), keeping each vessel's order.
func sortByStep(s []sample) []sample {
	if len(s) == 0 {
		return s
	}
	lo, hi := s[0].step, s[0].step
	for i := range s {
		lo, hi = min(lo, s[i].step), max(hi, s[i].step)
	}
	if hi-lo > int64(len(s))*64 {
		slices.SortStableFunc(s, func(x, y sample) int { return int(x.step - y.step) })
		return s // sparse in time: a comparison sort is cheaper
	}
	start := make([]int, hi-lo+2)
	for i := range s {
		start[s[i].step-lo+1]++
	}
	for i := 1; i < len(start); i++ {
		start[i] += start[i-1]
	}
	out := make([]sample, len(s))
	for i := range s {
		k := s[i].step - lo
		out[start[k]] = s[i]
		start[k]++
	}
	return out
}

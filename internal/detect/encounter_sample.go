package detect

import (
	"slices"

	"github.com/lookout-osint/lookout/internal/track"
)

// sample is a vessel's position resampled at one time step (DETECTORS.md
// §4), with the fixes that bracket it for evidence.
type sample struct {
	step     int64 // time / step length
	mmsi     uint32
	fixNo    int32 // index of the fix before the sample among the vessel's fixes
	lat, lon float64
	speedKn  float32 // implied speed between the bracketing fixes
	before   track.SourceRef
	after    track.SourceRef
}

// encounterSampler resamples every segment on a global time grid during
// pass 1 and finds encounters among the samples at the end.
type encounterSampler struct {
	c       *EncounterConfig
	stepMs  int64
	samples []sample
	fixBase int32 // running fix number within the current vessel
	mmsi    uint32
}

func newEncounterSampler(c *EncounterConfig) *encounterSampler {
	return &encounterSampler{c: c, stepMs: int64(c.StepMinutes * 60000)}
}

// observe resamples one segment every step_minutes by linear interpolation
// between consecutive fixes, but not across silences longer than
// max_interp_hours. Cost: one integer test per fix, plus one interpolation
// per sample.
func (es *encounterSampler) observe(mmsi uint32, fixes []track.Fix) {
	if mmsi != es.mmsi {
		es.mmsi, es.fixBase = mmsi, 0
	}
	maxMs := msOf(es.c.MaxInterpHours)
	step := es.stepMs
	if n := len(fixes); n > 1 {
		// At most one sample per step of the segment's span: grow once
		// rather than by doubling copies.
		es.samples = slices.Grow(es.samples, min(int((fixes[n-1].Time-fixes[0].Time)/step)+1, 4*n))
	}
	for i := 1; i < len(fixes); i++ {
		a, b := &fixes[i-1], &fixes[i]
		t := ceilDiv(a.Time, step) * step
		if t >= b.Time || b.Time-a.Time > maxMs {
			continue
		}
		es.interpolate(mmsi, a, b, t, es.fixBase+int32(i-1))
	}
	if n := len(fixes); n > 0 {
		if f := &fixes[n-1]; f.Time%step == 0 {
			var v float32
			if p := &fixes[max(0, n-2)]; n > 1 && f.Time-p.Time <= maxMs {
				v = float32(speedKn(p, f, fastDistM(p.Lat, p.Lon, f.Lat, f.Lon)))
			}
			es.samples = append(es.samples, sample{step: f.Time / step, mmsi: mmsi, speedKn: v,
				fixNo: es.fixBase + int32(n-1), lat: f.Lat, lon: f.Lon, before: f.Src, after: f.Src})
		}
	}
	es.fixBase += int32(len(fixes))
}

// interpolate adds the samples at t, t+step, … before b.
func (es *encounterSampler) interpolate(mmsi uint32, a, b *track.Fix, t int64, fixNo int32) {
	dt := float64(b.Time - a.Time)
	v := float32(speedKn(a, b, fastDistM(a.Lat, a.Lon, b.Lat, b.Lon)))
	dLon := b.Lon - a.Lon
	if dLon > 180 {
		dLon -= 360
	} else if dLon < -180 {
		dLon += 360
	}
	for ; t < b.Time; t += es.stepMs {
		f := float64(t-a.Time) / dt
		lon := a.Lon + dLon*f
		if lon > 180 {
			lon -= 360
		} else if lon < -180 {
			lon += 360
		}
		es.samples = append(es.samples, sample{step: t / es.stepMs, mmsi: mmsi, fixNo: fixNo,
			lat: a.Lat + (b.Lat-a.Lat)*f, lon: lon, speedKn: v, before: a.Src, after: b.Src})
	}
}

// ceilDiv is ⌈a/b⌉ for b > 0.
func ceilDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && a > 0 {
		q++
	}
	return q
}

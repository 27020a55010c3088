package detect

import (
	"math"

	"github.com/lookout-osint/lookout/internal/geo"
	"github.com/lookout-osint/lookout/internal/track"
)

// hourBucket is one hour of a segment: metres travelled and time covered
// by the fix pairs ending in it, and the mean position of its fixes.
type hourBucket struct {
	hour           int64
	metres         float64
	ms             int64
	sumLat, sumLon float64
	n              int
	first, last    int // fix indexes
}

// speedKn is the bucket's mean implied speed (metres / hours / 1852).
func (b *hourBucket) speedKn() float64 {
	if b.ms <= 0 {
		return 0
	}
	return b.metres / metresPerNM / hours(b.ms)
}

// loitering finds runs of consecutive hours whose mean implied speed is
// below loitering.max_speed_kn, lasting at least min_hours, whose mean
// distance from shore is at least min_shore_nm (DETECTORS.md §5).
func (vr *vesselRun) loitering(fixes []track.Fix) {
	c := &vr.r.cfg.Loitering
	run := vr.hours[:0]
	var b hourBucket
	flush := func() {
		if b.n == 0 {
			return
		}
		slow := b.ms > 0 && b.speedKn() < c.MaxSpeedKn
		if len(run) > 0 && (!slow || b.hour != run[len(run)-1].hour+1) {
			vr.loiterRun(fixes, run)
			run = run[:0]
		}
		if slow {
			run = append(run, b)
		}
	}
	for i := range fixes {
		f := &fixes[i]
		h := f.Time / msPerHour
		if b.n == 0 || h != b.hour {
			flush()
			b = hourBucket{hour: h, first: i}
		}
		if i > 0 {
			p := &fixes[i-1]
			b.metres += fastDistM(p.Lat, p.Lon, f.Lat, f.Lon)
			b.ms += f.Time - p.Time
		}
		b.sumLat, b.sumLon, b.n, b.last = b.sumLat+f.Lat, b.sumLon+f.Lon, b.n+1, i
	}
	flush()
	if len(run) > 0 {
		vr.loiterRun(fixes, run)
	}
	vr.hours = run[:0]
}

// loiterRun emits a loitering event for run if it is long enough and far
// enough from shore.
func (vr *vesselRun) loiterRun(fixes []track.Fix, run []hourBucket) {
	c := &vr.r.cfg.Loitering
	if float64(len(run)) < math.Ceil(c.MinHours) || vr.r.env.Shore == nil {
		return
	}
	var shore, lat, lon, metres float64
	var ms int64
	for i := range run {
		b := &run[i]
		p := geo.Point{Lat: b.sumLat / float64(b.n), Lon: b.sumLon / float64(b.n)}
		if !vr.r.env.Shore.IsLand(p) {
			shore += vr.r.env.Shore.DistanceToShoreM(p)
		}
		lat, lon, metres, ms = lat+p.Lat, lon+p.Lon, metres+b.metres, ms+b.ms
	}
	n := float64(len(run))
	meanShore := shore / n / metresPerNM
	if meanShore < c.MinShoreNM {
		return
	}
	first, last := &fixes[run[0].first], &fixes[run[len(run)-1].last]
	ev := Event{
		Type: TypeLoitering, MMSI: vr.v.MMSI, Start: first.Time, End: last.Time,
		Lat: lat / n, Lon: lon / n, Evidence: refs(first, last),
		Attrs: map[string]any{
			"duration_h":    round(hours(last.Time-first.Time), 2),
			"hours":         len(run),
			"mean_speed_kn": round(metres/metresPerNM/hours(ms), 2),
			"mean_shore_nm": round(meanShore, 1),
		},
	}
	ev.ID = eventID(ev.Type, ev.MMSI, 0, ev.Start)
	vr.emit(ev)
}

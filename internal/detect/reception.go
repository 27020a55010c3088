package detect

import (
	"math"

	"github.com/lookout-osint/lookout/internal/track"
)

// reception counts fixes of all vessels per (grid cell, hour), so that a
// gap can be judged against what the receivers heard from other vessels in
// the same place at the same time (DETECTORS.md §3, beyond GFW's static
// reception map). When every vessel around went silent, the gap is a
// receiver outage, not a switch-off.
type reception struct {
	cellDeg float64
	counts  map[uint64]uint32 // (cell, hour) → fixes
	hours   map[int64]uint32  // hour → fixes anywhere in the data
}

func newReception(cellDeg float64) *reception {
	return &reception{cellDeg: cellDeg, counts: make(map[uint64]uint32), hours: make(map[int64]uint32)}
}

// key packs (cell row, cell column, hour) into one map key.
func (rc *reception) key(lat, lon float64, t int64) uint64 {
	ci := uint64(int64(math.Floor((lat+90)/rc.cellDeg)) & 0x3ff)
	cj := uint64(int64(math.Floor((lon+180)/rc.cellDeg)) & 0x7ff)
	h := uint64(t/msPerHour) & (1<<42 - 1)
	return ci<<53 | cj<<42 | h
}

// observe adds a segment's fixes. Consecutive fixes mostly share a key, so
// the map is touched once per run of equal keys.
func (rc *reception) observe(fixes []track.Fix) {
	var cur uint64
	var hour int64
	var n uint32
	for i := range fixes {
		f := &fixes[i]
		k := rc.key(f.Lat, f.Lon, f.Time)
		if k != cur && n > 0 {
			rc.counts[cur] += n
			rc.hours[hour] += n
			n = 0
		}
		cur, hour = k, f.Time/msPerHour
		n++
	}
	if n > 0 {
		rc.counts[cur] += n
		rc.hours[hour] += n
	}
}

// rate returns the fixes per hour heard in the cell of (lat, lon) over the
// whole hours from t0 to t1 (at least one hour).
func (rc *reception) rate(lat, lon float64, t0, t1 int64) float64 {
	if t1 < t0 {
		return 0
	}
	h0, h1 := t0/msPerHour, t1/msPerHour
	var n uint64
	for h := h0; h <= h1; h++ {
		n += uint64(rc.counts[rc.key(lat, lon, h*msPerHour)])
	}
	return float64(n) / float64(h1-h0+1)
}

// silentHours counts the whole hours strictly between t0 and t1 in which no
// vessel at all was heard in the cell of (lat, lon): hours of a receiver
// outage (or of an empty sea) inside a gap.
func (rc *reception) silentHours(lat, lon float64, t0, t1 int64) int {
	n := 0
	for h := t0/msPerHour + 1; h < t1/msPerHour; h++ {
		if rc.counts[rc.key(lat, lon, h*msPerHour)] == 0 {
			n++
		}
	}
	return n
}

// feedDownHours counts the whole hours strictly between t0 and t1 in which
// the whole data set (every vessel everywhere) holds no fixes, or fewer than
// feedDownRatio of its mean hourly fixes over the 24 h before t0: hours
// when the collector or feed was down or nearly so (a few stray reports
// during an outage do not make it up). own is the vessel's own fix count
// in those 24 h, left out of the mean. The 24 h end with the hour of t0,
// so that a gap starting in the first hour of the data is judged against
// that hour; with no other vessel heard at all, nothing can be said and it
// returns 0.
func (rc *reception) feedDownHours(t0, t1 int64, own int) int {
	lim := rc.feedLimit(t0, own)
	if lim <= 0 {
		return 0
	}
	n := 0
	for h := t0/msPerHour + 1; h < t1/msPerHour; h++ {
		if rc.feedDown(h, lim) {
			n++
		}
	}
	return n
}

// feedLimit is the hourly volume below which the feed counts as down,
// from the 24 h up to t0's hour less the vessel's own fixes.
func (rc *reception) feedLimit(t0 int64, own int) float64 {
	var base float64
	for h := t0/msPerHour - 23; h <= t0/msPerHour; h++ {
		base += float64(rc.hours[h])
	}
	return (base - float64(own)) / 24 * feedDownRatio
}

func (rc *reception) feedDown(h int64, lim float64) bool {
	return rc.hours[h] == 0 || float64(rc.hours[h]) < lim
}

// recoveredAt returns the start of the first whole hour strictly between
// t0 and t1 in which the others in the cell of (lat, lon) were heard at
// ratio × their baseline cellBase again, or t1 when they never were: when
// the receiver came back, after which the vessel's own silence counts.
func (rc *reception) recoveredAt(lat, lon float64, t0, t1 int64, cellBase, ratio float64) int64 {
	for h := t0/msPerHour + 1; h < t1/msPerHour; h++ {
		if float64(rc.counts[rc.key(lat, lon, h*msPerHour)]) >= ratio*cellBase {
			return h * msPerHour
		}
	}
	return t1
}

// feedDownRatio is the share of its usual hourly volume below which the
// feed counts as down for an hour.
const feedDownRatio = 0.25

package detect

import (
	"sort"

	"github.com/lookout-osint/lookout/internal/track"
)

// stayRun is one run of fixes within stay_radius_km of its first fix: a
// stay if it lasts stay_hours, or a piece of one when it touches a
// segment's end or start, where the segmenter cut a long silence (24 h idle,
// e.g. a collector outage) out of a vessel moored throughout.
type stayRun struct {
	t0, t1         int64   // times of the first and last fix
	lat0, lon0     float64 // first fix
	lat1, lon1     float64 // last fix
	sumLat, sumLon float64
	n              int
	atStart, atEnd bool // the run begins with its segment's first fix / ends with its last
	own24          int  // the vessel's fixes in the 24 h up to t1 (feed baseline; atEnd only)
}

// newStayRun describes fixes[i:j] (sums of their positions given).
func newStayRun(fixes []track.Fix, i, j int, sumLat, sumLon float64) stayRun {
	a, b := &fixes[i], &fixes[j-1]
	r := stayRun{t0: a.Time, t1: b.Time, lat0: a.Lat, lon0: a.Lon, lat1: b.Lat, lon1: b.Lon,
		sumLat: sumLat, sumLon: sumLon, n: j - i, atStart: i == 0, atEnd: j == len(fixes)}
	if r.atEnd {
		r.own24 = countSince(fixes, b.Time-outageBaselineMs)
	}
	return r
}

// onRun adds a run to the vessel's current chain when it continues it
// across a silence (same place), else closes the chain and starts anew. A
// run that does not reach its segment's end cannot be continued: its
// chain is closed at once.
func (sc *stayCounter) onRun(mmsi uint32, r stayRun) {
	if !(r.atStart && sc.continues(&r)) {
		sc.flush(mmsi)
	}
	sc.chain = append(sc.chain, r)
	if !r.atEnd {
		sc.flush(mmsi)
	}
}

// continues reports whether r, the first run of a segment, may continue
// the current chain: it begins after the chain's last piece (a silence,
// not an overlapping transmitter) and lies within stay_radius_km of the
// chain's first fix, as the fixes of one run do.
func (sc *stayCounter) continues(r *stayRun) bool {
	if len(sc.chain) == 0 || (!sc.c.JoinOutages && sc.c.JoinStillM <= 0) {
		return false
	}
	first, last := &sc.chain[0], &sc.chain[len(sc.chain)-1]
	if !last.atEnd || r.t0 <= last.t1 {
		return false
	}
	radius := sc.c.StayRadiusKm * 1000
	n := float64(r.n)
	return fastDistM(first.lat0, first.lon0, r.lat0, r.lon0) <= radius &&
		fastDistM(first.lat0, first.lon0, r.sumLat/n, r.sumLon/n) <= radius
}

// flush closes the current chain: a single run is a stay if long enough;
// a chain of pieces is held until the reception is known (resolve).
func (sc *stayCounter) flush(mmsi uint32) {
	if len(sc.chain) == 0 {
		return
	}
	ch := sc.chain
	sc.chain = sc.chain[:0]
	switch {
	case len(ch) == 1:
		sc.countStay(mmsi, ch)
	case ch[len(ch)-1].t1-ch[0].t0 >= msOf(sc.c.StayHours):
		sc.pending = append(sc.pending, append([]stayRun(nil), ch...))
		sc.pendingIDs = append(sc.pendingIDs, mmsi)
	default: // too short even joined: its pieces alone are shorter still
	}
}

// countStay records the pieces ch as one stay if it lasted stay_hours.
func (sc *stayCounter) countStay(mmsi uint32, ch []stayRun) {
	a, b := &ch[0], &ch[len(ch)-1]
	if b.t1-a.t0 < msOf(sc.c.StayHours) {
		return
	}
	var sumLat, sumLon float64
	n := 0
	for i := range ch {
		sumLat, sumLon, n = sumLat+ch[i].sumLat, sumLon+ch[i].sumLon, n+ch[i].n
	}
	if n < 2 {
		return
	}
	sc.addStay(mmsi, sumLat/float64(n), sumLon/float64(n))
}

// resolve counts the held chains now that rc knows the reception of the
// whole data: each chain is cut at the silences its vessel may have left
// in (bridged), and each part that lasts stay_hours is a stay.
func (sc *stayCounter) resolve(rc *reception) {
	order := make([]int, len(sc.pending))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(i, j int) bool { return sc.pendingIDs[order[i]] < sc.pendingIDs[order[j]] })
	for _, k := range order {
		ch, mmsi := sc.pending[k], sc.pendingIDs[k]
		from := 0
		for i := 1; i < len(ch); i++ {
			if !sc.bridged(&ch[i-1], &ch[i], rc) {
				sc.countStay(mmsi, ch[from:i])
				from = i
			}
		}
		sc.countStay(mmsi, ch[from:])
	}
	sc.pending, sc.pendingIDs = nil, nil
}

// bridged reports whether the vessel stayed put through the silence from
// piece a to piece b: it did not move between them beyond join_still_m
// (AIS noise at a berth), or (join_outages) the feed was down for all but
// less than gap.min_hours of the silence (feedDownHours, as the gap
// detector's receiver_outage label), so the vessel was never heard silent
// long enough to have sailed away and back.
func (sc *stayCounter) bridged(a, b *stayRun, rc *reception) bool {
	if sc.c.JoinStillM > 0 && fastDistM(a.lat1, a.lon1, b.lat0, b.lon0) <= sc.c.JoinStillM {
		return true
	}
	if !sc.c.JoinOutages || rc == nil {
		return false
	}
	heard := b.t0 - a.t1 - int64(rc.feedDownHours(a.t1, b.t0, a.own24))*msPerHour
	return heard < sc.gapMinMs
}

package sim

import (
	"math"
	"math/rand/v2"
	"time"

	"github.com/lookout-osint/lookout/internal/geo"
)

// message is one AIS message as transmitted: its time and NMEA lines.
type message struct {
	t     int64 // Unix ms
	lines []string
}

// interval is one executed plan step, kept for the ground truth.
type interval struct {
	kind    string // "stay", "sail", "drift"
	start   int64  // Unix ms
	end     int64
	dark    bool
	mmsi    uint32
	pos     geo.Point // position (stay, drift) or end position (sail)
	place   string    // the place stayed at, if any
	draught float64
}

// instant is a one-off plan step (rename, new MMSI, jump), for the truth.
type instant struct {
	kind     string
	t        int64
	mmsi     uint32
	from, to string
	pos      geo.Point
}

// runner simulates one vessel.
type runner struct {
	sc        *Scenario
	v         Vessel
	rng       *rand.Rand
	t         time.Time
	pos       geo.Point
	st        static
	classB    bool
	msgs      []message
	ivs       []interval
	instants  []instant
	lastStat  time.Time
	seq       int
	lastFixes []int64 // times of emitted position reports
}

func newRunner(sc *Scenario, v Vessel, seed uint64) *runner {
	p := sc.Places[v.Start]
	return &runner{
		sc: sc, v: v, rng: rand.New(rand.NewPCG(sc.Seed, seed)),
		t: sc.Start.Time, pos: geo.Point{Lat: p.Lat, Lon: p.Lon}, classB: v.Class == "B",
		st: static{mmsi: v.MMSI, imo: v.IMO, callsign: v.Callsign, name: v.Name, shipType: v.ShipType,
			toBow: v.Length / 2, toStern: v.Length - v.Length/2, toPort: v.Beam / 2, toStarboard: v.Beam - v.Beam/2,
			draughtM: v.Draught, destination: v.Destination},
	}
}

// run executes the plan, then stays where the plan ended until the end.
func (r *runner) run() {
	for _, st := range r.v.Plan {
		if !r.t.Before(r.sc.End.Time) {
			break
		}
		r.step(st)
	}
	if r.t.Before(r.sc.End.Time) {
		r.stay(r.sc.End.Time, false)
	}
}

func (r *runner) step(st Step) {
	if st.Draught != 0 {
		r.st.draughtM = st.Draught
	}
	if st.Destination != "" {
		r.st.destination = st.Destination
	}
	switch {
	case st.Stay != 0:
		r.stay(r.t.Add(time.Duration(st.Stay)), st.Dark)
	case !st.Until.IsZero():
		r.stay(st.Until.Time, st.Dark)
	case st.Drift != 0:
		r.drift(r.t.Add(time.Duration(st.Drift)), st.Dark)
	case !st.DriftUntil.IsZero():
		r.drift(st.DriftUntil.Time, st.Dark)
	case st.Sail != "":
		pts, _ := r.sc.route(st.Sail)
		r.sail(pts, r.speed(st), st.Dark)
	case st.To != "":
		p := r.sc.Places[st.To]
		r.sail([]geo.Point{{Lat: p.Lat, Lon: p.Lon}}, r.speed(st), st.Dark)
	case st.Rename != "":
		r.instants = append(r.instants, instant{kind: "name", t: r.t.UnixMilli(), mmsi: r.st.mmsi, from: r.st.name, to: st.Rename})
		r.st.name = st.Rename
		r.lastStat = time.Time{}
	case st.MMSI != 0:
		r.instants = append(r.instants, instant{kind: "mmsi", t: r.t.UnixMilli(), mmsi: st.MMSI, from: itoa(r.st.mmsi), to: itoa(st.MMSI)})
		r.st.mmsi = st.MMSI
		r.lastStat = time.Time{}
	case st.Jump != nil:
		p := geo.Point{Lat: st.Jump[0], Lon: st.Jump[1]}
		r.t = r.t.Add(30 * time.Second)
		if r.emitPosition(position{lat: p.Lat, lon: p.Lon, sogKn: 10, cogDeg: 90, heading: 90}) {
			r.instants = append(r.instants, instant{kind: "jump", t: r.t.UnixMilli(), mmsi: r.st.mmsi, pos: p})
		}
	}
}

func (r *runner) speed(st Step) float64 {
	if st.Speed > 0 {
		return st.Speed
	}
	return r.v.Speed
}

// stay keeps the vessel moored at its position until end.
func (r *runner) stay(end time.Time, dark bool) {
	end = minTime(end, r.sc.End.Time)
	iv := interval{kind: "stay", start: r.t.UnixMilli(), dark: dark, mmsi: r.st.mmsi, pos: r.pos, place: r.placeAt(r.pos), draught: r.st.draughtM}
	hdg := r.rng.IntN(360)
	for r.t.Before(end) {
		if !dark {
			j := geo.Destination(r.pos, r.rng.Float64()*360, r.rng.Float64()*15)
			r.emitPosition(position{lat: j.Lat, lon: j.Lon, sogKn: r.rng.Float64() * 0.1, cogDeg: r.rng.Float64() * 359, heading: hdg, status: 5})
		}
		r.t = r.t.Add(r.jitter(time.Duration(r.sc.StayInterval)))
	}
	r.t = end
	iv.end = r.t.UnixMilli()
	r.ivs = append(r.ivs, iv)
}

// drift moves slowly (0.2–0.8 kn) around the current position until end.
func (r *runner) drift(end time.Time, dark bool) {
	end = minTime(end, r.sc.End.Time)
	iv := interval{kind: "drift", start: r.t.UnixMilli(), dark: dark, mmsi: r.st.mmsi, pos: r.pos, draught: r.st.draughtM}
	centre := r.pos
	dir := r.rng.Float64() * 360
	for r.t.Before(end) {
		step := time.Duration(r.sc.Interval)
		kn := 0.2 + r.rng.Float64()*0.6
		next := geo.Destination(r.pos, dir, kn*geo.MetresPerNM*step.Hours())
		if geo.DistanceHaversineM(centre, next) > 150 { // stay within 150 m of the centre
			dir = geo.BearingDeg(next, centre)
			next = geo.Destination(r.pos, dir, kn*geo.MetresPerNM*step.Hours())
		}
		if !dark {
			r.emitPosition(position{lat: next.Lat, lon: next.Lon, sogKn: kn, cogDeg: dir, heading: int(dir), status: 0})
		}
		r.pos = next
		dir = math.Mod(dir+r.rng.Float64()*60-30+360, 360)
		r.t = r.t.Add(r.jitter(step))
	}
	r.t = end
	iv.end = r.t.UnixMilli()
	r.ivs = append(r.ivs, iv)
}

// sail follows waypoints at speed kn along great circles.
func (r *runner) sail(pts []geo.Point, kn float64, dark bool) {
	iv := interval{kind: "sail", start: r.t.UnixMilli(), dark: dark, mmsi: r.st.mmsi, draught: r.st.draughtM}
	for _, wp := range pts {
		for r.t.Before(r.sc.End.Time) {
			d := geo.DistanceHaversineM(r.pos, wp)
			if d < 1 {
				break
			}
			step := r.jitter(time.Duration(r.sc.Interval))
			stepM := kn * geo.MetresPerNM * step.Hours()
			brg := geo.BearingDeg(r.pos, wp)
			if stepM >= d {
				step = time.Duration(float64(step) * d / stepM)
				r.pos = wp
			} else {
				r.pos = geo.Destination(r.pos, brg, stepM)
			}
			r.t = r.t.Add(step)
			if !dark {
				r.emitPosition(position{lat: r.pos.Lat, lon: r.pos.Lon, sogKn: kn + r.rng.NormFloat64()*0.2,
					cogDeg: brg + r.rng.NormFloat64(), heading: int(brg+360) % 360, status: 0})
			}
		}
	}
	iv.end = r.t.UnixMilli()
	iv.pos = r.pos
	r.ivs = append(r.ivs, iv)
}

// jitter varies an interval by ±20% so that reports are not in lock-step.
func (r *runner) jitter(d time.Duration) time.Duration {
	return time.Duration(float64(d) * (0.8 + 0.4*r.rng.Float64()))
}

// emitPosition transmits a position report, preceded by static data when
// due, and reports whether it was received.
func (r *runner) emitPosition(p position) bool {
	if r.t.Sub(r.lastStat) >= time.Duration(r.sc.StaticInterval) {
		r.emitStatic()
	}
	p.mmsi = r.st.mmsi
	p.second = r.t.Second()
	var payload string
	var fill int
	if r.classB {
		payload, fill = encodeType18(p)
	} else {
		payload, fill = encodeType1(p)
	}
	if !r.emit(payload, fill) {
		return false
	}
	r.lastFixes = append(r.lastFixes, r.t.UnixMilli())
	return true
}

func (r *runner) emitStatic() {
	r.lastStat = r.t
	if r.classB {
		payload, fill := encodeType24A(r.st)
		r.emit(payload, fill)
		return
	}
	payload, fill := encodeType5(r.st)
	r.emit(payload, fill)
}

func (r *runner) emit(payload string, fill int) bool {
	r.seq++
	if r.sc.Loss > 0 && r.rng.Float64() < r.sc.Loss {
		return false // sent, but no receiver heard it
	}
	ch := byte('A')
	if r.seq%2 == 0 {
		ch = 'B'
	}
	r.msgs = append(r.msgs, message{t: r.t.UnixMilli(), lines: sentences(payload, fill, r.t.Unix(), r.seq, ch)})
	return true
}

// placeAt names the scenario place within 3 km of p, if any.
func (r *runner) placeAt(p geo.Point) string {
	best, bestD := "", 3000.0
	for name, pl := range r.sc.Places {
		if d := geo.DistanceHaversineM(p, geo.Point{Lat: pl.Lat, Lon: pl.Lon}); d < bestD {
			best, bestD = name, d
		}
	}
	return best
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

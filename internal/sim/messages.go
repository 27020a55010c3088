package sim

import "math"

// position is what a simulated transponder reports at one instant.
type position struct {
	mmsi    uint32
	lat     float64
	lon     float64
	sogKn   float64
	cogDeg  float64
	heading int // -1: not available
	status  int // navigational status (0 under way, 1 at anchor, 5 moored)
	second  int
}

// encodeType1 builds an AIS message 1 (Class A position report) payload.
func encodeType1(p position) (string, int) {
	var w bitWriter
	w.uint(1, 6)
	w.uint(0, 2)
	w.uint(uint64(p.mmsi), 30)
	w.uint(uint64(p.status), 4)
	w.int(-128, 8) // rate of turn not available
	w.kinematics(p, true)
	w.uint(0, 2) // manoeuvre
	w.uint(0, 3)
	w.uint(0, 1) // RAIM
	w.uint(0, 19)
	return w.armour()
}

// encodeType18 builds an AIS message 18 (Class B position report) payload.
func encodeType18(p position) (string, int) {
	var w bitWriter
	w.uint(18, 6)
	w.uint(0, 2)
	w.uint(uint64(p.mmsi), 30)
	w.uint(0, 8)
	w.kinematics(p, false)
	w.uint(0, 2)
	w.uint(1, 1) // CS unit
	w.uint(0, 5) // display, DSC, band, msg22, assigned
	w.uint(0, 1)
	w.uint(0, 20)
	return w.armour()
}

// kinematics appends the fields types 1 and 18 share, from speed to the
// UTC second: SOG, accuracy, lon, lat, COG, heading, second.
func (w *bitWriter) kinematics(p position, accurate bool) {
	w.uint(sog10(p.sogKn), 10)
	if accurate {
		w.uint(1, 1)
	} else {
		w.uint(0, 1)
	}
	w.int(int64(math.Round(p.lon*600000)), 28)
	w.int(int64(math.Round(p.lat*600000)), 27)
	w.uint(uint64(math.Round(math.Mod(p.cogDeg+360, 360)*10))%3600, 12)
	w.uint(heading(p.heading), 9)
	w.uint(uint64(p.second), 6)
}

// static is the voyage and static data a transponder reports.
type static struct {
	mmsi        uint32
	imo         uint32
	callsign    string
	name        string
	shipType    int
	toBow       int
	toStern     int
	toPort      int
	toStarboard int
	draughtM    float64
	destination string
}

// encodeType5 builds an AIS message 5 (static and voyage data) payload.
func encodeType5(s static) (string, int) {
	var w bitWriter
	w.uint(5, 6)
	w.uint(0, 2)
	w.uint(uint64(s.mmsi), 30)
	w.uint(0, 2)
	w.uint(uint64(s.imo), 30)
	w.text(s.callsign, 7)
	w.text(s.name, 20)
	w.uint(uint64(s.shipType), 8)
	w.uint(uint64(s.toBow), 9)
	w.uint(uint64(s.toStern), 9)
	w.uint(uint64(s.toPort), 6)
	w.uint(uint64(s.toStarboard), 6)
	w.uint(1, 4)       // EPFD: GPS
	w.uint(0, 4+5+5+6) // ETA not available
	w.uint(uint64(math.Round(s.draughtM*10)), 8)
	w.text(s.destination, 20)
	w.uint(0, 1)
	w.uint(0, 1)
	return w.armour()
}

// encodeType24A builds an AIS message 24 part A (Class B name) payload.
func encodeType24A(s static) (string, int) {
	var w bitWriter
	w.uint(24, 6)
	w.uint(0, 2)
	w.uint(uint64(s.mmsi), 30)
	w.uint(0, 2)
	w.text(s.name, 20)
	w.uint(0, 8)
	return w.armour()
}

func sog10(kn float64) uint64 {
	v := math.Round(kn * 10)
	if v < 0 {
		v = 0
	}
	if v > 1022 {
		v = 1022
	}
	return uint64(v)
}

func heading(h int) uint64 {
	if h < 0 || h > 359 {
		return 511
	}
	return uint64(h)
}

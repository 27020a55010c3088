package sim

import (
	"bufio"
	"fmt"
	"io"
	"math/rand/v2"
	"sort"
	"time"

	"github.com/lookout-osint/lookout/internal/geo"
)

// Options tune a simulation run.
type Options struct {
	// Shore, when set, gives the distance to shore in metres; the truth
	// then counts only drifts far from shore as loitering.
	Shore func(geo.Point) float64
}

// Simulate runs the scenario, writes the NMEA it produces to w in time
// order (one message's sentences together) and returns the ground truth.
// The same scenario and seed always give the same bytes.
func Simulate(sc *Scenario, w io.Writer, opts Options) (*Truth, error) {
	vessels := append([]Vessel(nil), sc.Vessels...)
	vessels = append(vessels, sc.backgroundVessels()...)
	rs := make([]*runner, len(vessels))
	for i, v := range vessels {
		rs[i] = newRunner(sc, v, uint64(i+1))
		rs[i].run()
	}
	var all []message
	for _, r := range rs {
		all = append(all, r.msgs...)
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].t < all[j].t })
	bw := bufio.NewWriterSize(w, 1<<16)
	for _, m := range all {
		for _, l := range m.lines {
			if _, err := bw.WriteString(l + "\n"); err != nil {
				return nil, fmt.Errorf("simulate: write: %w", err)
			}
		}
	}
	if err := bw.Flush(); err != nil {
		return nil, fmt.Errorf("simulate: write: %w", err)
	}
	return &Truth{Scenario: sc.Name, Simulated: true, Notes: sc.Truth, Messages: len(all), Events: sc.truth(rs, opts.Shore)}, nil
}

// backgroundVessels makes the ordinary traffic: vessels shuttling back and
// forth on the background routes with stays of 6–30 h at each end.
func (sc *Scenario) backgroundVessels() []Vessel {
	b := sc.Background
	if b == nil || b.Count == 0 || len(b.Routes) == 0 {
		return nil
	}
	rng := rand.New(rand.NewPCG(sc.Seed, 0xbac))
	base := b.MMSIBase
	if base == 0 {
		base = 999000000
	}
	lo, hi := b.MinSpeed, b.MaxSpeed
	if lo == 0 {
		lo, hi = 9, 15
	}
	out := make([]Vessel, 0, b.Count)
	for i := 0; i < b.Count; i++ {
		route := b.Routes[rng.IntN(len(b.Routes))]
		pts := sc.Routes[route]
		fwd := rng.IntN(2) == 0
		start, _ := pts[0].(string)
		if !fwd {
			start, _ = pts[len(pts)-1].(string)
		}
		v := Vessel{
			MMSI: base + uint32(i+1), Name: fmt.Sprintf("SIM TRADER %03d", i+1), Callsign: fmt.Sprintf("SIM%03d", i+1),
			ShipType: 70, Length: 80 + rng.IntN(120), Beam: 12 + rng.IntN(20), Draught: 5 + rng.Float64()*5,
			Speed: lo + rng.Float64()*(hi-lo), Start: start, Class: "A",
		}
		if rng.Float64() < b.ClassB {
			v.Class, v.ShipType, v.Name = "B", 37, fmt.Sprintf("SIM BOAT %03d", i+1)
		} else {
			v.IMO = imoWithCheckDigit(900000 + uint32(i+1))
		}
		v.Plan = append(v.Plan, Step{Stay: Duration(time.Duration(rng.IntN(30)) * time.Hour)})
		for leg := 0; leg < 64; leg++ {
			name := route
			if fwd == (leg%2 == 1) {
				name = "~" + route
			}
			v.Plan = append(v.Plan, Step{Sail: name}, Step{Stay: Duration(time.Duration(6+rng.IntN(24)) * time.Hour)})
		}
		if start == "" || sc.Places[start] == (Place{}) {
			continue // route does not start at a named place: cannot start there
		}
		out = append(out, v)
	}
	return out
}

// imoWithCheckDigit appends the IMO check digit to six digits.
func imoWithCheckDigit(six uint32) uint32 {
	sum, rest := uint32(0), six
	for w := uint32(2); w <= 7; w++ {
		sum += (rest % 10) * w
		rest /= 10
	}
	return six*10 + sum%10
}

package sim

import (
	"sort"
	"strconv"
	"time"

	"github.com/lookout-osint/lookout/internal/geo"
)

// TruthEvent is one event that happened in the simulated world, by the
// definitions of shared/docs/DETECTORS.md.
type TruthEvent struct {
	Type      string    `json:"type"`
	MMSI      uint32    `json:"mmsi"`
	OtherMMSI uint32    `json:"other_mmsi,omitempty"`
	Start     time.Time `json:"start"`
	End       time.Time `json:"end"`
	Port      string    `json:"port,omitempty"` // place name (port_visit, dark_port_call)
	WPI       int       `json:"wpi,omitempty"`
	FromPort  string    `json:"from_port,omitempty"` // voyage
	ToPort    string    `json:"to_port,omitempty"`
	Field     string    `json:"field,omitempty"` // identity_change
	From      string    `json:"from,omitempty"`
	To        string    `json:"to,omitempty"`
	Lat       float64   `json:"lat"`
	Lon       float64   `json:"lon"`
}

// Truth is the ground truth of one simulation.
type Truth struct {
	Scenario  string            `json:"scenario"`
	Simulated bool              `json:"simulated"` // always true: this world is made up
	Notes     map[string]string `json:"notes,omitempty"`
	Messages  int               `json:"messages"`
	Events    []TruthEvent      `json:"events"`
}

// Thresholds the truth is cut by: the DETECTORS.md definitions.
const (
	gapMin          = 6 * time.Hour
	encounterMin    = 2 * time.Hour
	encounterDistM  = 500
	encounterPortM  = 10000
	loiterMin       = 4 * time.Hour
	loiterShoreM    = 20 * geo.MetresPerNM
	overlapMin      = time.Hour
	darkPortCallMin = 2 * time.Hour
)

func ms(t int64) time.Time { return time.UnixMilli(t).UTC() }

func itoa(n uint32) string { return strconv.FormatUint(uint64(n), 10) }

// truth derives the ground truth from what every runner did.
func (sc *Scenario) truth(rs []*runner, shore func(geo.Point) float64) []TruthEvent {
	var evs []TruthEvent
	for _, r := range rs {
		evs = append(evs, sc.portTruth(r)...)
		evs = append(evs, sc.darkTruth(r)...)
		evs = append(evs, sc.loiterTruth(r, shore)...)
		evs = append(evs, instantTruth(r)...)
	}
	evs = append(evs, sc.encounterTruth(rs)...)
	evs = append(evs, overlapTruth(rs)...)
	sort.SliceStable(evs, func(i, j int) bool {
		if !evs[i].Start.Equal(evs[j].Start) {
			return evs[i].Start.Before(evs[j].Start)
		}
		return evs[i].MMSI < evs[j].MMSI
	})
	return evs
}

// portTruth: visible stays at ports are port visits; consecutive visible
// visits of one MMSI bound a voyage (a round trip to the same port too). A
// call made while dark is not a visit anyone could see, so the voyage
// around it runs from the visit before to the visit after, as a detector
// working from AIS alone must report it.
func (sc *Scenario) portTruth(r *runner) []TruthEvent {
	var evs []TruthEvent
	var prev *TruthEvent
	for _, iv := range mergeStays(r.ivs) {
		pl, ok := sc.Places[iv.place]
		if iv.kind != "stay" || !ok || !pl.IsPort() {
			continue
		}
		if iv.dark {
			continue
		}
		v := TruthEvent{Type: "port_visit", MMSI: iv.mmsi, Start: ms(iv.start), End: ms(iv.end), Port: iv.place, WPI: pl.WPI, Lat: pl.Lat, Lon: pl.Lon}
		if prev != nil && prev.MMSI == v.MMSI {
			evs = append(evs, TruthEvent{Type: "voyage", MMSI: v.MMSI, Start: prev.End, End: v.Start, FromPort: prev.Port, ToPort: v.Port, Lat: pl.Lat, Lon: pl.Lon})
		}
		evs = append(evs, v)
		prev = &evs[len(evs)-1]
	}
	return evs
}

// mergeStays joins consecutive stays at one place with the same darkness
// and MMSI.
func mergeStays(ivs []interval) []interval {
	var out []interval
	for _, iv := range ivs {
		if n := len(out); n > 0 && iv.kind == "stay" && out[n-1].kind == "stay" &&
			out[n-1].place == iv.place && out[n-1].dark == iv.dark && out[n-1].mmsi == iv.mmsi {
			out[n-1].end = iv.end
			continue
		}
		out = append(out, iv)
	}
	return out
}

// darkTruth: a run of dark steps is a gap when the silence between the
// fixes around it is long enough, and a dark port call when the vessel
// stayed at a watched port during it.
func (sc *Scenario) darkTruth(r *runner) []TruthEvent {
	var evs []TruthEvent
	for i := 0; i < len(r.ivs); i++ {
		if !r.ivs[i].dark {
			continue
		}
		j := i
		for j+1 < len(r.ivs) && r.ivs[j+1].dark {
			j++
		}
		off, on := r.fixBefore(r.ivs[i].start), r.fixAfter(r.ivs[j].end)
		if off == 0 || on == 0 {
			i = j
			continue
		}
		if time.Duration(on-off)*time.Millisecond >= gapMin {
			evs = append(evs, TruthEvent{Type: "gap", MMSI: r.ivs[i].mmsi, Start: ms(off), End: ms(on), Lat: r.ivs[i].pos.Lat, Lon: r.ivs[i].pos.Lon})
		}
		for _, iv := range r.ivs[i : j+1] {
			pl, ok := sc.Places[iv.place]
			if iv.kind == "stay" && ok && pl.Watched && time.Duration(on-off)*time.Millisecond >= darkPortCallMin {
				evs = append(evs, TruthEvent{Type: "dark_port_call", MMSI: iv.mmsi, Start: ms(off), End: ms(on), Port: iv.place, WPI: pl.WPI, Lat: pl.Lat, Lon: pl.Lon})
			}
		}
		i = j
	}
	return evs
}

// fixBefore returns the time of the last position report at or before t (0 if none).
func (r *runner) fixBefore(t int64) int64 {
	i := sort.Search(len(r.lastFixes), func(i int) bool { return r.lastFixes[i] > t })
	if i == 0 {
		return 0
	}
	return r.lastFixes[i-1]
}

// fixAfter returns the time of the first position report at or after t (0 if none).
func (r *runner) fixAfter(t int64) int64 {
	i := sort.Search(len(r.lastFixes), func(i int) bool { return r.lastFixes[i] >= t })
	if i == len(r.lastFixes) {
		return 0
	}
	return r.lastFixes[i]
}

// loiterTruth: a visible drift of 4 h or more far from shore is loitering.
func (sc *Scenario) loiterTruth(r *runner, shore func(geo.Point) float64) []TruthEvent {
	var evs []TruthEvent
	for _, iv := range r.ivs {
		if iv.kind != "drift" || iv.dark || time.Duration(iv.end-iv.start)*time.Millisecond < loiterMin {
			continue
		}
		if shore != nil && shore(iv.pos) < loiterShoreM {
			continue
		}
		evs = append(evs, TruthEvent{Type: "loitering", MMSI: iv.mmsi, Start: ms(iv.start), End: ms(iv.end), Lat: iv.pos.Lat, Lon: iv.pos.Lon})
	}
	return evs
}

// instantTruth: renames and new MMSIs are identity changes; jumps are
// position jumps.
func instantTruth(r *runner) []TruthEvent {
	var evs []TruthEvent
	for _, in := range r.instants {
		switch in.kind {
		case "jump":
			evs = append(evs, TruthEvent{Type: "position_jump", MMSI: in.mmsi, Start: ms(in.t), End: ms(in.t), Lat: in.pos.Lat, Lon: in.pos.Lon})
		default:
			evs = append(evs, TruthEvent{Type: "identity_change", MMSI: in.mmsi, Start: ms(in.t), End: ms(in.t), Field: in.kind, From: in.from, To: in.to})
		}
	}
	return evs
}

// encounterTruth: two vessels drifting together, visibly, within 500 m for
// 2 h or more, away from ports.
func (sc *Scenario) encounterTruth(rs []*runner) []TruthEvent {
	var evs []TruthEvent
	for a := 0; a < len(rs); a++ {
		for b := a + 1; b < len(rs); b++ {
			for _, x := range rs[a].ivs {
				for _, y := range rs[b].ivs {
					if x.kind != "drift" || y.kind != "drift" || x.dark || y.dark || x.mmsi == y.mmsi {
						continue
					}
					s, e := max(x.start, y.start), min(x.end, y.end)
					if time.Duration(e-s)*time.Millisecond < encounterMin || geo.DistanceHaversineM(x.pos, y.pos) > encounterDistM-300 || sc.nearPort(x.pos) {
						continue
					}
					m1, m2 := min(x.mmsi, y.mmsi), max(x.mmsi, y.mmsi)
					evs = append(evs, TruthEvent{Type: "encounter", MMSI: m1, OtherMMSI: m2, Start: ms(s), End: ms(e), Lat: x.pos.Lat, Lon: x.pos.Lon})
				}
			}
		}
	}
	return evs
}

func (sc *Scenario) nearPort(p geo.Point) bool {
	for _, pl := range sc.Places {
		if pl.IsPort() && geo.DistanceHaversineM(p, geo.Point{Lat: pl.Lat, Lon: pl.Lon}) < encounterPortM {
			return true
		}
	}
	return false
}

// overlapTruth: two vessels transmitting under one MMSI at the same time.
func overlapTruth(rs []*runner) []TruthEvent {
	type span struct{ first, last int64 }
	spans := map[uint32][]span{}
	for _, r := range rs {
		byMMSI := map[uint32]*span{}
		for _, m := range r.msgs {
			mmsi := mmsiOf(r, m.t)
			s := byMMSI[mmsi]
			if s == nil {
				s = &span{first: m.t}
				byMMSI[mmsi] = s
			}
			s.last = m.t
		}
		for mmsi, s := range byMMSI {
			spans[mmsi] = append(spans[mmsi], *s)
		}
	}
	var evs []TruthEvent
	for mmsi, ss := range spans {
		for i := 0; i < len(ss); i++ {
			for j := i + 1; j < len(ss); j++ {
				s, e := max(ss[i].first, ss[j].first), min(ss[i].last, ss[j].last)
				if time.Duration(e-s)*time.Millisecond >= overlapMin {
					evs = append(evs, TruthEvent{Type: "identity_overlap", MMSI: mmsi, Start: ms(s), End: ms(e)})
				}
			}
		}
	}
	return evs
}

// mmsiOf returns the MMSI r transmitted under at time t.
func mmsiOf(r *runner, t int64) uint32 {
	mmsi := r.v.MMSI
	for _, in := range r.instants {
		if in.kind == "mmsi" && in.t <= t {
			mmsi = in.mmsi
		}
	}
	return mmsi
}

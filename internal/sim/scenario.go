package sim

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/goccy/go-yaml"
	"github.com/lookout-osint/lookout/internal/geo"
)

// Scenario is a simulated world: places, routes, vessels with plans, and
// background traffic, between Start and End.
type Scenario struct {
	Name           string            `yaml:"name"`
	Description    string            `yaml:"description"`
	Start          Time              `yaml:"start"`
	End            Time              `yaml:"end"`
	Seed           uint64            `yaml:"seed"`
	Interval       Duration          `yaml:"interval"`        // reporting interval under way (default 3m)
	StayInterval   Duration          `yaml:"stay_interval"`   // reporting interval in port (default 10m)
	StaticInterval Duration          `yaml:"static_interval"` // type 5/24 interval (default 30m)
	Loss           float64           `yaml:"loss"`            // fraction of messages lost at random (reception), 0..0.9
	Places         map[string]Place  `yaml:"places"`
	Routes         map[string][]any  `yaml:"routes"` // each waypoint: a place name or [lat, lon]
	Vessels        []Vessel          `yaml:"vessels"`
	Background     *Background       `yaml:"background"`
	Truth          map[string]string `yaml:"truth"` // free notes copied into the truth file
}

// Place is a named position. A place with a WPI number or Port set is a
// port: stays there are port visits. Watched ports are where dark port
// calls are looked for.
type Place struct {
	Lat     float64 `yaml:"lat"`
	Lon     float64 `yaml:"lon"`
	WPI     int     `yaml:"wpi"`
	Name    string  `yaml:"name"`
	Country string  `yaml:"country"`
	Port    bool    `yaml:"port"`
	Watched bool    `yaml:"watched"`
}

// IsPort reports whether stays at p are port visits.
func (p Place) IsPort() bool { return p.WPI > 0 || p.Port }

// Vessel is one simulated ship and its plan.
type Vessel struct {
	MMSI        uint32  `yaml:"mmsi"`
	IMO         uint32  `yaml:"imo"`
	Name        string  `yaml:"name"`
	Callsign    string  `yaml:"callsign"`
	ShipType    int     `yaml:"shiptype"`
	Class       string  `yaml:"class"` // "A" (default) or "B"
	Length      int     `yaml:"length"`
	Beam        int     `yaml:"beam"`
	Draught     float64 `yaml:"draught"`
	Destination string  `yaml:"destination"`
	Speed       float64 `yaml:"speed"` // knots under way (default 12)
	Start       string  `yaml:"start"` // a place name
	Plan        []Step  `yaml:"plan"`
}

// Step is one item of a plan. Exactly one of Stay, Until, Sail, To, Drift, DriftUntil,
// Rename, MMSI, Jump is set; Dark, Speed, Draught and Destination modify it.
type Step struct {
	Stay        Duration  `yaml:"stay"`        // stay moored here
	Until       Time      `yaml:"until"`       // stay moored here until then
	Sail        string    `yaml:"sail"`        // follow a route ("~name" reversed)
	To          string    `yaml:"to"`          // sail straight to a place
	Drift       Duration  `yaml:"drift"`       // drift slowly here (meetings, loitering)
	DriftUntil  Time      `yaml:"drift_until"` // drift slowly here until then
	Rename      string    `yaml:"rename"`
	MMSI        uint32    `yaml:"mmsi"` // start transmitting under a new MMSI
	Jump        []float64 `yaml:"jump"` // one spoofed fix at [lat, lon]
	Dark        bool      `yaml:"dark"` // AIS off for this step
	Speed       float64   `yaml:"speed"`
	Draught     float64   `yaml:"draught"`
	Destination string    `yaml:"destination"`
}

// Background is ordinary traffic: Count vessels shuttling on Routes.
type Background struct {
	Count    int      `yaml:"count"`
	Routes   []string `yaml:"routes"`
	MMSIBase uint32   `yaml:"mmsi_base"`
	ClassB   float64  `yaml:"class_b"` // fraction of Class B vessels
	MinSpeed float64  `yaml:"min_speed"`
	MaxSpeed float64  `yaml:"max_speed"`
}

// Duration is a time.Duration written as "30h", "2d12h" or "45m".
type Duration time.Duration

// UnmarshalYAML parses a duration; "d" is 24 hours.
func (d *Duration) UnmarshalYAML(b []byte) error {
	s := strings.Trim(strings.TrimSpace(string(b)), `"'`)
	days := 0.0
	if i := strings.IndexByte(s, 'd'); i > 0 {
		v, err := strconv.ParseFloat(s[:i], 64)
		if err != nil {
			return fmt.Errorf("duration %q: %w", s, err)
		}
		days, s = v, s[i+1:]
	}
	var rest time.Duration
	if s != "" {
		var err error
		if rest, err = time.ParseDuration(s); err != nil {
			return fmt.Errorf("duration %q: %w", string(b), err)
		}
	}
	*d = Duration(time.Duration(days*24*float64(time.Hour)) + rest)
	return nil
}

// Time is a time written as RFC 3339 or a date.
type Time struct{ time.Time }

// UnmarshalYAML parses RFC 3339 or YYYY-MM-DD (UTC).
func (t *Time) UnmarshalYAML(b []byte) error {
	s := strings.Trim(strings.TrimSpace(string(b)), `"'`)
	for _, layout := range []string{time.RFC3339, "2006-01-02T15:04", "2006-01-02"} {
		if v, err := time.Parse(layout, s); err == nil {
			t.Time = v.UTC()
			return nil
		}
	}
	return fmt.Errorf("time %q: want RFC 3339 or YYYY-MM-DD", s)
}

// ParseScenario reads a scenario from YAML. Unknown keys are errors, so that
// a typo does not silently change the world.
func ParseScenario(data []byte) (*Scenario, error) {
	var sc Scenario
	dec := yaml.NewDecoder(bytes.NewReader(data), yaml.DisallowUnknownField())
	if err := dec.Decode(&sc); err != nil {
		return nil, fmt.Errorf("scenario: %s", yaml.FormatError(err, false, true))
	}
	sc.defaults()
	if err := sc.Validate(); err != nil {
		return nil, err
	}
	return &sc, nil
}

func (sc *Scenario) defaults() {
	if sc.Interval == 0 {
		sc.Interval = Duration(3 * time.Minute)
	}
	if sc.StayInterval == 0 {
		sc.StayInterval = Duration(10 * time.Minute)
	}
	if sc.StaticInterval == 0 {
		sc.StaticInterval = Duration(30 * time.Minute)
	}
	for i := range sc.Vessels {
		if sc.Vessels[i].Speed == 0 {
			sc.Vessels[i].Speed = 12
		}
	}
}

// Validate checks that every name a plan uses exists and the times make sense.
func (sc *Scenario) Validate() error {
	if sc.Loss < 0 || sc.Loss > 0.9 {
		return errors.New("scenario: loss must be between 0 and 0.9")
	}
	if sc.Start.IsZero() || !sc.End.After(sc.Start.Time) {
		return errors.New("scenario: start and end must be set, end after start")
	}
	for name := range sc.Routes {
		if _, err := sc.route(name); err != nil {
			return err
		}
	}
	for i, v := range sc.Vessels {
		if v.MMSI == 0 || v.MMSI > 999999999 {
			return fmt.Errorf("scenario: vessel %d (%s): mmsi %d is not a 9-digit number", i+1, v.Name, v.MMSI)
		}
		if _, ok := sc.Places[v.Start]; !ok {
			return fmt.Errorf("scenario: vessel %s: start %q is not a place", v.Name, v.Start)
		}
		for j, st := range v.Plan {
			if err := sc.checkStep(st); err != nil {
				return fmt.Errorf("scenario: vessel %s step %d: %w", v.Name, j+1, err)
			}
		}
	}
	if b := sc.Background; b != nil {
		for _, r := range b.Routes {
			if _, ok := sc.Routes[r]; !ok {
				return fmt.Errorf("scenario: background route %q not defined", r)
			}
		}
	}
	return nil
}

func (sc *Scenario) checkStep(st Step) error {
	n := 0
	for _, set := range []bool{st.Stay != 0, !st.Until.IsZero(), st.Sail != "", st.To != "", st.Drift != 0, !st.DriftUntil.IsZero(), st.Rename != "", st.MMSI != 0, st.Jump != nil} {
		if set {
			n++
		}
	}
	if n != 1 {
		return fmt.Errorf("want exactly one of stay, until, sail, to, drift, drift_until, rename, mmsi, jump; got %d", n)
	}
	if st.Sail != "" {
		if _, ok := sc.Routes[strings.TrimPrefix(st.Sail, "~")]; !ok {
			return fmt.Errorf("route %q not defined", st.Sail)
		}
	}
	if st.To != "" {
		if _, ok := sc.Places[st.To]; !ok {
			return fmt.Errorf("place %q not defined", st.To)
		}
	}
	if st.Jump != nil && len(st.Jump) != 2 {
		return errors.New("jump wants [lat, lon]")
	}
	return nil
}

// route returns the waypoints of a route, "~name" reversed.
func (sc *Scenario) route(name string) ([]geo.Point, error) {
	rev := strings.HasPrefix(name, "~")
	raw, ok := sc.Routes[strings.TrimPrefix(name, "~")]
	if !ok {
		return nil, fmt.Errorf("route %q not defined", name)
	}
	pts := make([]geo.Point, 0, len(raw))
	for i, w := range raw {
		p, err := sc.waypoint(w)
		if err != nil {
			return nil, fmt.Errorf("route %s waypoint %d: %w", name, i+1, err)
		}
		pts = append(pts, p)
	}
	if rev {
		for i, j := 0, len(pts)-1; i < j; i, j = i+1, j-1 {
			pts[i], pts[j] = pts[j], pts[i]
		}
	}
	return pts, nil
}

func (sc *Scenario) waypoint(w any) (geo.Point, error) {
	switch v := w.(type) {
	case string:
		p, ok := sc.Places[v]
		if !ok {
			return geo.Point{}, fmt.Errorf("place %q not defined", v)
		}
		return geo.Point{Lat: p.Lat, Lon: p.Lon}, nil
	case []any:
		if len(v) == 2 {
			lat, ok1 := toFloat(v[0])
			lon, ok2 := toFloat(v[1])
			if ok1 && ok2 && (geo.Point{Lat: lat, Lon: lon}).Valid() {
				return geo.Point{Lat: lat, Lon: lon}, nil
			}
		}
	}
	return geo.Point{}, fmt.Errorf("waypoint %v: want a place name or [lat, lon]", w)
}

func toFloat(v any) (float64, bool) {
	switch x := v.(type) {
	case float64:
		return x, true
	case uint64:
		return float64(x), true
	case int64:
		return float64(x), true
	case int:
		return float64(x), true
	}
	return 0, false
}

package report

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/goccy/go-yaml"
)

// Case is an investigator's question and what it is about: the case file.
type Case struct {
	Title    string     `yaml:"title"`
	Question string     `yaml:"question"`
	From     string     `yaml:"from"` // RFC 3339 or date
	To       string     `yaml:"to"`
	Route    []string   `yaml:"route"`   // ports called in this order: WPI numbers or place names
	Ports    []int      `yaml:"ports"`   // WPI numbers of interest
	Places   []Place    `yaml:"places"`  // places of interest that are not in the WPI
	Vessels  []uint32   `yaml:"vessels"` // MMSIs of interest
	IMOs     []uint32   `yaml:"imos"`    // IMO numbers of interest
	Lists    []string   `yaml:"lists"`   // sanctions/watch list files, relative to the case file
	Watch    string     `yaml:"watch"`   // watched ports file for dark_port_call, relative to the case file
	Notice   string     `yaml:"notice"`  // shown first, e.g. that the data are simulated
	Window   TimeWindow `yaml:"-"`
}

// Place is a named point of interest with a radius.
type Place struct {
	Name    string  `yaml:"name"`
	Lat     float64 `yaml:"lat"`
	Lon     float64 `yaml:"lon"`
	RadiusM float64 `yaml:"radius_m"`
}

// TimeWindow is a half-open interval of Unix milliseconds.
type TimeWindow struct{ From, To int64 }

// Contains reports whether t is in the window.
func (w TimeWindow) Contains(t int64) bool { return t >= w.From && t < w.To }

// Overlaps reports whether [s, e] meets the window.
func (w TimeWindow) Overlaps(s, e int64) bool { return e >= w.From && s < w.To }

// ErrCase is wrapped by every case-file error.
var ErrCase = errors.New("case file")

// ParseCase reads a case file. Unknown keys and impossible windows are
// errors that say where (file:line).
func ParseCase(data []byte, name string) (*Case, error) {
	var c Case
	dec := yaml.NewDecoder(bytes.NewReader(data), yaml.DisallowUnknownField())
	if err := dec.Decode(&c); err != nil {
		return nil, fmt.Errorf("%w %s: %s", ErrCase, name, yaml.FormatError(err, false, true))
	}
	if err := c.validate(data, name); err != nil {
		return nil, err
	}
	return &c, nil
}

func (c *Case) validate(data []byte, name string) error {
	at := func(key string) string { return fmt.Sprintf("%s:%d", name, keyLine(data, key)) }
	if strings.TrimSpace(c.Title) == "" {
		return fmt.Errorf("%w %s: title is required", ErrCase, name)
	}
	from, err := parseWhen(c.From)
	if err != nil {
		return fmt.Errorf("%w %s: from: %v", ErrCase, at("from"), err)
	}
	to, err := parseWhen(c.To)
	if err != nil {
		return fmt.Errorf("%w %s: to: %v", ErrCase, at("to"), err)
	}
	if c.From == "" || c.To == "" {
		return fmt.Errorf("%w %s: from and to (the time window) are required", ErrCase, name)
	}
	if !to.After(from) {
		return fmt.Errorf("%w %s: impossible time window: to (%s) is not after from (%s)", ErrCase, at("to"), c.To, c.From)
	}
	c.Window = TimeWindow{From: from.UnixMilli(), To: to.UnixMilli()}
	for i, p := range c.Places {
		if p.Name == "" || p.Lat < -90 || p.Lat > 90 || p.Lon < -180 || p.Lon > 180 {
			return fmt.Errorf("%w %s: place %d needs a name and a valid lat/lon", ErrCase, at("places"), i+1)
		}
		if p.RadiusM == 0 {
			c.Places[i].RadiusM = 5000
		}
	}
	return nil
}

// parseWhen parses RFC 3339 or a date (UTC midnight); "" gives the zero time.
func parseWhen(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	for _, layout := range []string{time.RFC3339, "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("%q is not RFC 3339 or YYYY-MM-DD", s)
}

// keyLine returns the 1-based line of the first top-level key, or 0.
func keyLine(data []byte, key string) int {
	for i, l := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(l, key+":") {
			return i + 1
		}
	}
	return 0
}

// RouteStop matches a route entry against a port: a WPI number or a name
// (case-insensitive).
func RouteStop(entry string, wpi int, name string) bool {
	if n, err := strconv.Atoi(entry); err == nil {
		return n == wpi && wpi != 0
	}
	return strings.EqualFold(strings.TrimSpace(entry), strings.TrimSpace(name)) ||
		(name != "" && strings.HasPrefix(strings.ToLower(name), strings.ToLower(entry)+" "))
}

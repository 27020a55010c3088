package watch

import (
	"bytes"
	"fmt"
	"slices"

	"github.com/goccy/go-yaml"
	"github.com/lookout-osint/lookout/internal/detect"
)

// Rule is an alert rule: which events deserve an analyst's attention.
// Every field that is set must match (an empty field matches anything).
type Rule struct {
	Name  string   `yaml:"name"`
	Types []string `yaml:"types"` // event types
	Areas []string `yaml:"areas"` // site ids (area_entry/area_exit) or watched port names
	Lists []string `yaml:"lists"` // list names (sanctions_match)
	MMSIs []uint32 `yaml:"mmsis"`
	Ports []int    `yaml:"ports"` // WPI numbers (port_visit, dark_port_call)
}

// WatchFile says what to watch: areas (a GeoJSON or CSV sites file),
// watched ports for dark port calls, and alert rules. Paths are relative to
// the watch file.
type WatchFile struct {
	Areas string `yaml:"areas"`
	Ports string `yaml:"ports"`
	Rules []Rule `yaml:"rules"`
}

// ParseWatchFile reads a watch file (YAML). Unknown keys are errors.
func ParseWatchFile(data []byte, name string) (*WatchFile, error) {
	var w WatchFile
	dec := yaml.NewDecoder(bytes.NewReader(data), yaml.DisallowUnknownField())
	if err := dec.Decode(&w); err != nil {
		return nil, fmt.Errorf("watch file %s: %s", name, yaml.FormatError(err, false, true))
	}
	for i, r := range w.Rules {
		if r.Name == "" {
			return nil, fmt.Errorf("watch file %s: rule %d has no name", name, i+1)
		}
		for _, t := range r.Types {
			if !slices.Contains(EventTypes, t) {
				return nil, fmt.Errorf("watch file %s: rule %q: unknown event type %q (known: %v)", name, r.Name, t, EventTypes)
			}
		}
	}
	return &w, nil
}

// EventTypes lists every event type a rule may name.
var EventTypes = []string{
	detect.TypePortVisit, detect.TypeVoyage, detect.TypeGap, detect.TypeDarkPortCall, detect.TypeEncounter,
	detect.TypeLoitering, detect.TypePositionJump, detect.TypeIdentityOverlap, detect.TypeOnLand,
	detect.TypeIdentityChange, detect.TypeVoyageDataChange, detect.TypeSanctionsMatch,
	detect.TypeAreaEntry, detect.TypeAreaExit, detect.TypeSurge,
}

// Match reports whether ev satisfies the rule.
func (r *Rule) Match(ev *detect.Event) bool {
	if len(r.Types) > 0 && !slices.Contains(r.Types, ev.Type) {
		return false
	}
	if len(r.MMSIs) > 0 && !slices.Contains(r.MMSIs, ev.MMSI) && !slices.Contains(r.MMSIs, ev.OtherMMSI) {
		return false
	}
	if len(r.Areas) > 0 {
		area, _ := ev.Attrs["area"].(string)
		name := ""
		if ev.Port != nil {
			name = ev.Port.Name
		}
		if !slices.Contains(r.Areas, area) && !slices.Contains(r.Areas, name) {
			return false
		}
	}
	if len(r.Ports) > 0 && (ev.Port == nil || !slices.Contains(r.Ports, ev.Port.WPI)) {
		return false
	}
	if len(r.Lists) > 0 {
		list, _ := ev.Attrs["list"].(string)
		if !slices.Contains(r.Lists, list) {
			return false
		}
	}
	return true
}

// Alert is an event that matched a rule.
type Alert struct {
	Rule  string
	Event *detect.Event
}

// Alerts returns the events that match any rule, once per (rule, event).
func Alerts(rules []Rule, events []detect.Event) []Alert {
	var out []Alert
	for i := range events {
		for j := range rules {
			if rules[j].Match(&events[i]) {
				out = append(out, Alert{Rule: rules[j].Name, Event: &events[i]})
			}
		}
	}
	return out
}

package report

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/lookout-osint/lookout/internal/detect"
	"github.com/lookout-osint/lookout/internal/geo"
	"github.com/lookout-osint/lookout/internal/watch"
)

// Call is one port call of a vessel, seen (port_visit) or inferred while
// dark (dark_port_call).
type Call struct {
	Port  string
	WPI   int
	Start int64
	End   int64
	Dark  bool
	Event *detect.Event
}

// Finding is the answer for one vessel: its calls, whether they follow the
// case's route, its dark periods and list matches.
type Finding struct {
	Vessel       *Vessel
	Calls        []Call
	RouteMatched bool   // the calls contain the case route, in order, in the window
	RouteCalls   []Call // the calls that matched the route
	Gaps         int    // gap events in the window
	DarkCalls    int    // dark_port_call events in the window
	Encounters   int
	Matches      []watch.Match // identifier matches first
}

// Findings answers the case for every vessel of interest, vessels on the
// route first, then listed vessels, then the rest.
func (in *Input) Findings() []Finding {
	out := make([]Finding, 0, len(in.Vessels))
	for i := range in.Vessels {
		out = append(out, in.finding(&in.Vessels[i]))
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.RouteMatched != b.RouteMatched {
			return a.RouteMatched
		}
		if (len(a.Matches) > 0) != (len(b.Matches) > 0) {
			return len(a.Matches) > 0
		}
		return a.Vessel.MMSI < b.Vessel.MMSI
	})
	return out
}

func (in *Input) finding(v *Vessel) Finding {
	f := Finding{Vessel: v}
	for i := range in.Events {
		ev := &in.Events[i]
		if ev.MMSI != v.MMSI && ev.OtherMMSI != v.MMSI || !in.Case.Window.Overlaps(ev.Start, ev.End) {
			continue
		}
		switch ev.Type {
		case detect.TypePortVisit, detect.TypeDarkPortCall:
			if ev.MMSI == v.MMSI && ev.Port != nil {
				f.Calls = append(f.Calls, Call{Port: portName(ev.Port), WPI: ev.Port.WPI, Start: ev.Start, End: ev.End,
					Dark: ev.Type == detect.TypeDarkPortCall, Event: ev})
			}
			if ev.Type == detect.TypeDarkPortCall {
				f.DarkCalls++
			}
		case detect.TypeGap:
			f.Gaps++
		case detect.TypeEncounter:
			f.Encounters++
		}
	}
	sort.SliceStable(f.Calls, func(i, j int) bool { return f.Calls[i].Start < f.Calls[j].Start })
	f.RouteCalls = matchRoute(in.Case.Route, f.Calls)
	f.RouteMatched = len(in.Case.Route) > 0 && len(f.RouteCalls) == len(in.Case.Route)
	for _, m := range in.Matches {
		if m.MMSI == v.MMSI {
			f.Matches = append(f.Matches, m)
		}
	}
	return f
}

// matchRoute finds the route as a subsequence of calls (greedy, earliest).
func matchRoute(route []string, calls []Call) []Call {
	var got []Call
	i := 0
	for _, c := range calls {
		if i < len(route) && RouteStop(route[i], c.WPI, c.Port) {
			got = append(got, c)
			i++
		}
	}
	return got
}

func portName(p *detect.PortRef) string {
	switch {
	case p.Name != "":
		return p.Name
	case p.WPI != 0:
		return "WPI " + strconv.Itoa(p.WPI)
	}
	return p.Anchorage
}

// NearPlace names the case place of interest within its radius of p, if any.
func (c *Case) NearPlace(p geo.Point) string {
	for _, pl := range c.Places {
		if geo.DistanceHaversineM(p, geo.Point{Lat: pl.Lat, Lon: pl.Lon}) <= pl.RadiusM {
			return pl.Name
		}
	}
	return ""
}

func itoa(n uint64) string { return strconv.FormatUint(n, 10) }

// describe is a one-line, human account of an event.
func describe(ev *detect.Event) string {
	var parts []string
	if ev.Port != nil {
		parts = append(parts, "at "+portName(ev.Port))
	}
	if ev.FromPort != nil && ev.ToPort != nil {
		parts = append(parts, portName(ev.FromPort)+" → "+portName(ev.ToPort))
	}
	if ev.OtherMMSI != 0 {
		parts = append(parts, "with MMSI "+itoa(uint64(ev.OtherMMSI)))
	}
	if ev.Confidence > 0 && ev.Type == detect.TypePortVisit {
		parts = append(parts, "confidence "+strconv.Itoa(ev.Confidence))
	}
	keys := make([]string, 0, len(ev.Attrs))
	for k := range ev.Attrs {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		switch v := ev.Attrs[k].(type) {
		case map[string]any, []any:
			continue
		default:
			parts = append(parts, k+"="+strings.TrimSpace(fmtAny(v)))
		}
	}
	return strings.Join(parts, "; ")
}

func fmtAny(v any) string {
	switch x := v.(type) {
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case string:
		return x
	case bool:
		return strconv.FormatBool(x)
	case int:
		return strconv.Itoa(x)
	case uint32:
		return itoa(uint64(x))
	}
	return strings.Join(strings.Fields(fmt.Sprint(v)), " ")
}

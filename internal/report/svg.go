package report

import (
	"fmt"
	"html"
	"math"
	"sort"
	"strings"

	"github.com/lookout-osint/lookout/internal/detect"
	"github.com/lookout-osint/lookout/internal/geo"
	"github.com/lookout-osint/lookout/internal/track"
)

// palette colours vessels on the map and the timeline.
var palette = []string{"#d62728", "#1f77b4", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf", "#bcbd22", "#7f7f7f"}

func colour(i int) string { return palette[i%len(palette)] }

// projection maps lat/lon to SVG pixels (equirectangular, scaled by the
// cosine of the middle latitude so that shapes look right locally).
type projection struct {
	box  geo.BBox
	k    float64 // cos(mid latitude)
	s    float64 // pixels per degree of latitude
	w, h float64
}

func newProjection(b geo.BBox, width float64) projection {
	if b.MinLat > b.MaxLat { // no data: a small box somewhere harmless
		b = geo.BBox{MinLat: -1, MinLon: -1, MaxLat: 1, MaxLon: 1}
	}
	padLat := math.Max((b.MaxLat-b.MinLat)*0.08, 0.05)
	padLon := math.Max((b.MaxLon-b.MinLon)*0.08, 0.05)
	b = geo.BBox{MinLat: math.Max(b.MinLat-padLat, -85), MaxLat: math.Min(b.MaxLat+padLat, 85),
		MinLon: math.Max(b.MinLon-padLon, -180), MaxLon: math.Min(b.MaxLon+padLon, 180)}
	k := math.Cos((b.MinLat + b.MaxLat) / 2 * math.Pi / 180)
	s := width / ((b.MaxLon - b.MinLon) * k)
	return projection{box: b, k: k, s: s, w: width, h: (b.MaxLat - b.MinLat) * s}
}

func (p projection) xy(pt geo.Point) (float64, float64) {
	return (pt.Lon - p.box.MinLon) * p.k * p.s, (p.box.MaxLat - pt.Lat) * p.s
}

// pathData writes an SVG path for points, skipping points less than half a
// pixel from the last one drawn.
func (p projection) pathData(pts []geo.Point, closed bool) string {
	var b strings.Builder
	lx, ly := math.Inf(1), math.Inf(1)
	for i, pt := range pts {
		x, y := p.xy(pt)
		if i > 0 && i < len(pts)-1 && math.Abs(x-lx) < 0.5 && math.Abs(y-ly) < 0.5 {
			continue
		}
		cmd := "L"
		if b.Len() == 0 {
			cmd = "M"
		}
		fmt.Fprintf(&b, "%s%.1f %.1f", cmd, x, y)
		lx, ly = x, y
	}
	if closed && b.Len() > 0 {
		b.WriteString("Z")
	}
	return b.String()
}

// mapSVG draws land, the vessels' tracks, dark legs, places and events.
func (in *Input) mapSVG() string {
	p := newProjection(in.bbox(), 960)
	var b strings.Builder
	fmt.Fprintf(&b, `<svg id="map" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %.0f %.0f" role="img" aria-label="Map of the tracks and events">`, p.w, p.h)
	fmt.Fprintf(&b, `<rect class="sea" width="%.0f" height="%.0f"/>`, p.w, p.h)
	if in.Land != nil {
		for _, ring := range in.Land(p.box) {
			fmt.Fprintf(&b, `<path class="land" d="%s"/>`, p.pathData(ring, true))
		}
	}
	for i := range in.Vessels {
		v := &in.Vessels[i]
		for _, seg := range v.Segments {
			if len(seg) < 2 {
				continue
			}
			pts := make([]geo.Point, len(seg))
			for j := range seg {
				pts[j] = seg[j].Point()
			}
			fmt.Fprintf(&b, `<path class="track" data-mmsi="%d" stroke="%s" d="%s"><title>%s (MMSI %d)</title></path>`,
				v.MMSI, colour(i), p.pathData(pts, false), html.EscapeString(v.Label()), v.MMSI)
		}
	}
	in.drawDarkLegs(&b, p)
	for _, pl := range in.Case.Places {
		x, y := p.xy(geo.Point{Lat: pl.Lat, Lon: pl.Lon})
		fmt.Fprintf(&b, `<rect class="place" x="%.1f" y="%.1f" width="8" height="8"/><text class="label" x="%.1f" y="%.1f">%s</text>`,
			x-4, y-4, x+7, y-6, html.EscapeString(pl.Name))
	}
	for i := range in.Events {
		ev := &in.Events[i]
		if (ev.Lat == 0 && ev.Lon == 0) || ev.Type == detect.TypeVoyage {
			continue
		}
		x, y := p.xy(geo.Point{Lat: ev.Lat, Lon: ev.Lon})
		fmt.Fprintf(&b, `<a href="#ev-%s"><circle class="event %s" cx="%.1f" cy="%.1f" r="5"><title>%s %s</title></circle></a>`,
			ev.ID, ev.Type, x, y, ev.Type, html.EscapeString(describe(ev)))
	}
	fmt.Fprintf(&b, `<text class="attrib" x="4" y="%.0f">Land: Natural Earth (public domain). Projection: equirectangular.</text>`, p.h-4)
	b.WriteString(`</svg>`)
	return b.String()
}

// drawDarkLegs draws each gap as a dashed line from the fix where AIS went
// off to the fix where it came back.
func (in *Input) drawDarkLegs(b *strings.Builder, p projection) {
	labelled := map[string]bool{}
	for i := range in.Events {
		ev := &in.Events[i]
		if ev.Type == detect.TypeDarkPortCall && ev.Port != nil {
			in.drawDarkCall(b, p, ev, labelled)
		}
		if ev.Type != detect.TypeGap {
			continue
		}
		v := in.vessel(ev.MMSI)
		if v == nil {
			continue
		}
		off, ok1 := fixAt(v, ev.Start)
		on, ok2 := fixAt(v, ev.End)
		if !ok1 || !ok2 {
			continue
		}
		x1, y1 := p.xy(off.Point())
		x2, y2 := p.xy(on.Point())
		fmt.Fprintf(b, `<line class="dark" x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f"><title>%s dark %s → %s</title></line>`,
			x1, y1, x2, y2, html.EscapeString(v.Label()), detect.FormatTime(ev.Start), detect.FormatTime(ev.End))
	}
}

// drawDarkCall draws the inferred hidden trip of a dark port call: from the
// fix where AIS went off, to the port, to the fix where it came back.
func (in *Input) drawDarkCall(b *strings.Builder, p projection, ev *detect.Event, labelled map[string]bool) {
	v := in.vessel(ev.MMSI)
	if v == nil {
		return
	}
	off, ok1 := fixAt(v, ev.Start)
	on, ok2 := fixAt(v, ev.End)
	port := geo.Point{Lat: ev.Port.Lat, Lon: ev.Port.Lon}
	if !ok1 || !ok2 || (port.Lat == 0 && port.Lon == 0) {
		return
	}
	fmt.Fprintf(b, `<path class="dark-call-path" d="%s"><title>%s: possible call at %s while dark, %s → %s</title></path>`,
		p.pathData([]geo.Point{off.Point(), port, on.Point()}, false), html.EscapeString(v.Label()),
		html.EscapeString(portName(ev.Port)), detect.FormatTime(ev.Start), detect.FormatTime(ev.End))
	if name := portName(ev.Port); !labelled[name] {
		labelled[name] = true
		x, y := p.xy(port)
		fmt.Fprintf(b, `<rect class="place watched" x="%.1f" y="%.1f" width="9" height="9"/><text class="label" x="%.1f" y="%.1f">%s (watched)</text>`,
			x-4.5, y-4.5, x+8, y-7, html.EscapeString(name))
	}
}

func (in *Input) vessel(mmsi uint32) *Vessel {
	for i := range in.Vessels {
		if in.Vessels[i].MMSI == mmsi {
			return &in.Vessels[i]
		}
	}
	return nil
}

// fixAt finds the vessel's fix at time t exactly (the bounding fixes of
// events are real fixes).
func fixAt(v *Vessel, t int64) (track.Fix, bool) {
	for _, seg := range v.Segments {
		i := sort.Search(len(seg), func(i int) bool { return seg[i].Time >= t })
		if i < len(seg) && seg[i].Time == t {
			return seg[i], true
		}
	}
	return track.Fix{}, false
}

// timelineSVG draws one row per vessel across the case window: AIS on,
// dark, in port, dark port calls and meetings.
func (in *Input) timelineSVG() string {
	const left, width, rowH = 150.0, 810.0, 26.0
	w := in.Case.Window
	span := float64(w.To - w.From)
	x := func(t int64) float64 {
		return left + math.Max(0, math.Min(1, float64(t-w.From)/span))*width
	}
	h := rowH*float64(len(in.Vessels)) + 40
	var b strings.Builder
	fmt.Fprintf(&b, `<svg id="timeline" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %.0f %.0f" role="img" aria-label="Timeline per vessel">`, left+width+10, h)
	for d := dayStart(w.From); d < w.To; d += 86400000 {
		if d >= w.From {
			fmt.Fprintf(&b, `<line class="tick" x1="%.1f" y1="0" x2="%.1f" y2="%.0f"/>`, x(d), x(d), h-20)
			if (d/86400000)%7 == 0 || span < 15*86400000 {
				fmt.Fprintf(&b, `<text class="tlabel" x="%.1f" y="%.0f">%s</text>`, x(d)+2, h-6, detect.FormatTime(d)[:10])
			}
		}
	}
	for i := range in.Vessels {
		v := &in.Vessels[i]
		y := float64(i)*rowH + 4
		fmt.Fprintf(&b, `<text class="vlabel" x="4" y="%.1f" fill="%s">%s</text>`, y+15, colour(i), html.EscapeString(v.Label()))
		for _, iv := range coverage(v, 2*3600*1000) {
			if w.Overlaps(iv[0], iv[1]) {
				fmt.Fprintf(&b, `<rect class="ais-on" x="%.1f" y="%.1f" width="%.1f" height="8"><title>AIS on %s → %s</title></rect>`,
					x(iv[0]), y+10, math.Max(1, x(iv[1])-x(iv[0])), detect.FormatTime(iv[0]), detect.FormatTime(iv[1]))
			}
		}
		for j := range in.Events {
			ev := &in.Events[j]
			if (ev.MMSI != v.MMSI && ev.OtherMMSI != v.MMSI) || !w.Overlaps(ev.Start, ev.End) {
				continue
			}
			cls, yy, hh := "", y+10, 8.0
			switch ev.Type {
			case detect.TypePortVisit:
				cls, yy, hh = "in-port", y+4, 4
			case detect.TypeGap:
				cls = "dark"
			case detect.TypeDarkPortCall:
				cls, yy, hh = "dark-call", y+19, 4
			case detect.TypeEncounter:
				cls, yy, hh = "meeting", y+4, 4
			default:
				continue
			}
			fmt.Fprintf(&b, `<rect class="%s" x="%.1f" y="%.1f" width="%.1f" height="%.0f"><title>%s %s → %s %s</title></rect>`,
				cls, x(ev.Start), yy, math.Max(2, x(ev.End)-x(ev.Start)), hh, ev.Type, detect.FormatTime(ev.Start), detect.FormatTime(ev.End), html.EscapeString(describe(ev)))
		}
	}
	b.WriteString(`</svg>`)
	return b.String()
}

func dayStart(ms int64) int64 { return ms - ((ms%86400000)+86400000)%86400000 }

// coverage returns the intervals in which the vessel's fixes are no more
// than maxGap apart.
func coverage(v *Vessel, maxGap int64) [][2]int64 {
	var ts []int64
	for _, seg := range v.Segments {
		for i := range seg {
			ts = append(ts, seg[i].Time)
		}
	}
	sort.Slice(ts, func(i, j int) bool { return ts[i] < ts[j] })
	var out [][2]int64
	for _, t := range ts {
		if n := len(out); n > 0 && t-out[n-1][1] <= maxGap {
			out[n-1][1] = t
			continue
		}
		out = append(out, [2]int64{t, t})
	}
	return out
}

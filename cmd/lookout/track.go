package main

import (
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"slices"
	"strconv"
	"time"

	"github.com/lookout-osint/lookout/internal/store"
	"github.com/lookout-osint/lookout/internal/track"
	"github.com/spf13/cobra"
)

func init() { register("track", newTrackCmd) }

type trackFlags struct {
	db, from, to, format string
	mmsi                 uint32
	all                  bool
}

func newTrackCmd(e *env) *cobra.Command {
	var f trackFlags
	c := &cobra.Command{
		Use:   "track --mmsi N",
		Short: "Export one vessel's track: GeoJSON, KML (Google Earth), CSV or NDJSON",
		Long: `Export the stored fixes of one vessel, optionally within [--from, --to).
GeoJSON has one LineString per segment with the time of every vertex; KML has
one gx:Track per segment with time stamps (Google Earth's time slider);
CSV and NDJSON have one fix per row, each with its source (file:line).

Isolated position jumps are left out unless --all: a fix alone in its
segment that is more than 50 kn (implied speed) away from both the
vessel's fix before and its fix after, which agree with each other
(DETECTORS.md §6 position_jump: a glitch, kept as evidence by lookout
detect, not a place the vessel was). How many were left out, and which,
goes to stderr; GeoJSON also says it in "isolated_jumps_left_out", KML
in the document description.`,
		Args: cobra.NoArgs,
		RunE: func(_ *cobra.Command, _ []string) error { return runTrack(e, &f) },
	}
	addDBFlag(c, &f.db)
	c.Flags().Uint32Var(&f.mmsi, "mmsi", 0, "vessel MMSI (required)")
	c.Flags().StringVar(&f.from, "from", "", "first time (RFC 3339 or date), inclusive")
	c.Flags().StringVar(&f.to, "to", "", "end time (RFC 3339 or date), exclusive")
	c.Flags().StringVar(&f.format, "format", "geojson", "output format: geojson, kml, csv or ndjson")
	c.Flags().BoolVar(&f.all, "all", false, "keep isolated position jumps (one-fix segments > 50 kn from the fixes before and after)")
	return c
}

func runTrack(e *env, f *trackFlags) error {
	if f.mmsi == 0 {
		return usageErrorf("--mmsi is required")
	}
	if err := checkFormat(f.format, "geojson", "kml", "csv", "ndjson"); err != nil {
		return err
	}
	from, err := parseTimeFlag("from", f.from, 0)
	if err != nil {
		return err
	}
	to, err := parseTimeFlag("to", f.to, store.MaxTime)
	if err != nil {
		return err
	}
	s, err := store.Open(f.db, store.Options{ReadOnly: true})
	if err != nil {
		return err
	}
	defer s.Close()
	segs, left, err := trackSegments(s, f, from, to)
	if err != nil {
		return err
	}
	src := sourceNamer(s)
	noteLeftOut(e.stderr, left, src)
	nLeft := -1 // --all: nothing was looked for
	if !f.all {
		nLeft = len(left)
	}
	switch f.format {
	case "kml":
		return writeTrackKML(e.stdout, f.mmsi, segs, nLeft)
	case "csv":
		return writeTrackCSV(e.stdout, segs, src)
	case "ndjson":
		return writeTrackNDJSON(e.stdout, segs, src)
	}
	return writeTrackGeoJSON(e.stdout, f.mmsi, segs, nLeft)
}

// neighbourMarginMs is how far beyond [--from, --to) the fixes before and
// after a lone fix are looked for: segments idle for 24 h close.
const neighbourMarginMs = 24 * 3600 * 1000

// trackSegments reads the vessel's segments in [from, to) and, unless
// --all, leaves out the isolated position jumps, which it returns. The
// neighbours of a lone fix are looked for up to a day beyond the range, so
// that --from/--to do not change whether a fix is isolated.
func trackSegments(s *store.Store, f *trackFlags, from, to int64) ([]store.Segment, []track.Fix, error) {
	if f.all {
		segs, err := s.TrackSegments(f.mmsi, from, to)
		return segs, nil, err
	}
	qFrom, qTo := from, to
	if qFrom > 0 {
		qFrom -= min(qFrom, neighbourMarginMs)
	}
	if qTo < store.MaxTime-neighbourMarginMs {
		qTo += neighbourMarginMs
	}
	segs, err := s.TrackSegments(f.mmsi, qFrom, qTo)
	if err != nil {
		return nil, nil, err
	}
	segs, left := dropIsolatedJumps(segs)
	inRange := func(fx *track.Fix) bool { return fx.Time >= from && fx.Time < to }
	left = slices.DeleteFunc(left, func(fx track.Fix) bool { return !inRange(&fx) })
	return clipSegments(segs, inRange), left, nil
}

// dropIsolatedJumps removes the one-fix segments that track.IsolatedJump
// finds isolated between the vessel's nearest fixes before and after (of
// any other segment), and returns the kept segments and the removed fixes.
func dropIsolatedJumps(segs []store.Segment) ([]store.Segment, []track.Fix) {
	type ref struct{ seg, fix int }
	var all []ref
	for i := range segs {
		for j := range segs[i].Fixes {
			all = append(all, ref{i, j})
		}
	}
	at := func(r ref) *track.Fix { return &segs[r.seg].Fixes[r.fix] }
	slices.SortStableFunc(all, func(a, b ref) int { return cmpTime(at(a).Time, at(b).Time) })
	drop := make([]bool, len(segs))
	var left []track.Fix
	for p, r := range all {
		if len(segs[r.seg].Fixes) != 1 || p == 0 || p == len(all)-1 {
			continue
		}
		if f := at(r); track.IsolatedJump(f, at(all[p-1]), at(all[p+1]), track.IsolatedJumpKn) {
			drop[r.seg] = true
			left = append(left, *f)
		}
	}
	kept := segs[:0]
	for i := range segs {
		if !drop[i] {
			kept = append(kept, segs[i])
		}
	}
	return kept, left
}

func cmpTime(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// clipSegments keeps the fixes for which in is true and the segments left
// with any.
func clipSegments(segs []store.Segment, in func(*track.Fix) bool) []store.Segment {
	out := segs[:0]
	for _, sg := range segs {
		sg.Fixes = slices.DeleteFunc(sg.Fixes, func(fx track.Fix) bool { return !in(&fx) })
		if len(sg.Fixes) > 0 {
			out = append(out, sg)
		}
	}
	return out
}

// noteLeftOut tells on stderr which isolated position jumps were left out.
func noteLeftOut(w io.Writer, left []track.Fix, src func(track.SourceRef) string) {
	if len(left) == 0 {
		return
	}
	fmt.Fprintf(w, "track: left out %d isolated position jump(s), one-fix segments > %d kn from the fixes before and after (--all keeps them):\n",
		len(left), track.IsolatedJumpKn)
	for _, fx := range left {
		fmt.Fprintf(w, "  %s %s,%s %s\n", fixTime(fx.Time), fmtFloat(fx.Lat), fmtFloat(fx.Lon), src(fx.Src))
	}
}

type geoFeature struct {
	Type       string         `json:"type"`
	Geometry   geoGeometry    `json:"geometry"`
	Properties map[string]any `json:"properties"`
}

type geoGeometry struct {
	Type        string `json:"type"`
	Coordinates any    `json:"coordinates"`
}

// writeTrackGeoJSON writes a FeatureCollection with one LineString per
// segment (a Point for a one-fix segment); properties.times holds the time
// of each vertex. nLeft ≥ 0 is the number of isolated position jumps left
// out, written as the collection's "isolated_jumps_left_out".
func writeTrackGeoJSON(w io.Writer, mmsi uint32, segs []store.Segment, nLeft int) error {
	feats := make([]geoFeature, 0, len(segs))
	for _, sg := range segs {
		coords := make([][2]float64, len(sg.Fixes))
		times := make([]string, len(sg.Fixes))
		for i, fx := range sg.Fixes {
			coords[i] = [2]float64{fx.Lon, fx.Lat}
			times[i] = fixTime(fx.Time)
		}
		g := geoGeometry{Type: "LineString", Coordinates: coords}
		if len(coords) == 1 {
			g = geoGeometry{Type: "Point", Coordinates: coords[0]}
		}
		feats = append(feats, geoFeature{Type: "Feature", Geometry: g, Properties: map[string]any{
			"mmsi": mmsi, "segment": strconv.FormatUint(sg.ID, 10), "fixes": len(sg.Fixes),
			"start": times[0], "end": times[len(times)-1], "times": times,
		}})
	}
	fc := map[string]any{"type": "FeatureCollection", "features": feats}
	if nLeft >= 0 {
		fc["isolated_jumps_left_out"] = nLeft
	}
	return json.NewEncoder(w).Encode(fc)
}

// writeTrackKML writes one Placemark with a gx:Track per segment; the
// document description says how many isolated position jumps were left
// out when nLeft > 0.
func writeTrackKML(w io.Writer, mmsi uint32, segs []store.Segment, nLeft int) error {
	fmt.Fprint(w, xml.Header)
	fmt.Fprintln(w, `<kml xmlns="http://www.opengis.net/kml/2.2" xmlns:gx="http://www.google.com/kml/ext/2.2">`)
	fmt.Fprintf(w, "<Document><name>MMSI %d</name>\n", mmsi)
	if nLeft > 0 {
		fmt.Fprintf(w, "<description>%d isolated position jump(s) left out (one-fix segments over %d kn from the fixes before and after; lookout track --all keeps them)</description>\n",
			nLeft, track.IsolatedJumpKn)
	}
	for _, sg := range segs {
		fmt.Fprintf(w, "<Placemark><name>MMSI %d segment %d</name><gx:Track>\n", mmsi, sg.ID)
		for _, fx := range sg.Fixes {
			fmt.Fprintf(w, "<when>%s</when>\n", fixTime(fx.Time))
		}
		for _, fx := range sg.Fixes {
			fmt.Fprintf(w, "<gx:coord>%s %s 0</gx:coord>\n", fmtFloat(fx.Lon), fmtFloat(fx.Lat))
		}
		fmt.Fprintln(w, "</gx:Track></Placemark>")
	}
	_, err := fmt.Fprintln(w, "</Document></kml>")
	return err
}

// fixTime formats a fix time as RFC 3339 UTC, with milliseconds only when
// the time has them.
func fixTime(ms int64) string { return time.UnixMilli(ms).UTC().Format(time.RFC3339Nano) }

func fmtFloat(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// optFloat formats a value that is NaN when not available as "".
func optFloat(v float32) string {
	if v != v {
		return ""
	}
	return strconv.FormatFloat(float64(v), 'f', -1, 32)
}

var classNames = [...]string{track.ClassUnknown: "", track.ClassA: "A", track.ClassB: "B"}

func className(c track.Class) string {
	if int(c) < len(classNames) {
		return classNames[c]
	}
	return ""
}

var trackColumns = []string{"mmsi", "time", "lat", "lon", "sog", "cog", "heading", "status", "class", "segment", "src"}

func writeTrackCSV(w io.Writer, segs []store.Segment, src func(track.SourceRef) string) error {
	cw := csv.NewWriter(w)
	cw.Write(trackColumns)
	for _, sg := range segs {
		for _, fx := range sg.Fixes {
			hd := ""
			if fx.Heading >= 0 {
				hd = strconv.Itoa(int(fx.Heading))
			}
			cw.Write([]string{strconv.FormatUint(uint64(fx.MMSI), 10), fixTime(fx.Time), fmtFloat(fx.Lat), fmtFloat(fx.Lon),
				optFloat(fx.SOG), optFloat(fx.COG), hd, strconv.Itoa(int(fx.Status)), className(fx.Class),
				strconv.FormatUint(sg.ID, 10), src(fx.Src)})
		}
	}
	cw.Flush()
	return cw.Error()
}

type fixJSON struct {
	MMSI    uint32   `json:"mmsi"`
	Time    string   `json:"time"`
	Lat     float64  `json:"lat"`
	Lon     float64  `json:"lon"`
	SOG     *float32 `json:"sog,omitempty"`
	COG     *float32 `json:"cog,omitempty"`
	Heading *int16   `json:"heading,omitempty"`
	Status  uint8    `json:"status"`
	Class   string   `json:"class,omitempty"`
	Segment string   `json:"segment"`
	Src     string   `json:"src"`
}

func writeTrackNDJSON(w io.Writer, segs []store.Segment, src func(track.SourceRef) string) error {
	enc := json.NewEncoder(w)
	for _, sg := range segs {
		for _, fx := range sg.Fixes {
			j := fixJSON{MMSI: fx.MMSI, Time: fixTime(fx.Time), Lat: fx.Lat, Lon: fx.Lon, Status: fx.Status,
				Class: className(fx.Class), Segment: strconv.FormatUint(sg.ID, 10), Src: src(fx.Src)}
			if fx.HasSOG() {
				j.SOG = &fx.SOG
			}
			if fx.HasCOG() {
				j.COG = &fx.COG
			}
			if fx.Heading >= 0 {
				j.Heading = &fx.Heading
			}
			if err := enc.Encode(&j); err != nil {
				return err
			}
		}
	}
	return nil
}

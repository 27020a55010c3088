package main

import (
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
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
}

func newTrackCmd(e *env) *cobra.Command {
	var f trackFlags
	c := &cobra.Command{
		Use:   "track --mmsi N",
		Short: "Export one vessel's track: GeoJSON, KML (Google Earth), CSV or NDJSON",
		Long: `Export the stored fixes of one vessel, optionally within [--from, --to).
GeoJSON has one LineString per segment with the time of every vertex; KML has
one gx:Track per segment with time stamps (Google Earth's time slider);
CSV and NDJSON have one fix per row, each with its source (file:line).`,
		Args: cobra.NoArgs,
		RunE: func(_ *cobra.Command, _ []string) error { return runTrack(e, &f) },
	}
	addDBFlag(c, &f.db)
	c.Flags().Uint32Var(&f.mmsi, "mmsi", 0, "vessel MMSI (required)")
	c.Flags().StringVar(&f.from, "from", "", "first time (RFC 3339 or date), inclusive")
	c.Flags().StringVar(&f.to, "to", "", "end time (RFC 3339 or date), exclusive")
	c.Flags().StringVar(&f.format, "format", "geojson", "output format: geojson, kml, csv or ndjson")
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
	segs, err := s.TrackSegments(f.mmsi, from, to)
	if err != nil {
		return err
	}
	src, err := srcNamer(s)
	if err != nil {
		return err
	}
	switch f.format {
	case "kml":
		return writeTrackKML(e.stdout, f.mmsi, segs)
	case "csv":
		return writeTrackCSV(e.stdout, segs, src)
	case "ndjson":
		return writeTrackNDJSON(e.stdout, segs, src)
	}
	return writeTrackGeoJSON(e.stdout, f.mmsi, segs)
}

// srcNamer returns a function rendering a SourceRef as "file:line".
func srcNamer(s *store.Store) (func(track.SourceRef) string, error) {
	srcs, err := s.Sources()
	if err != nil {
		return nil, err
	}
	names := map[uint32]string{}
	for _, si := range srcs {
		names[si.ID] = si.Name
	}
	return func(r track.SourceRef) string {
		n, ok := names[r.Source]
		if !ok {
			n = "source" + strconv.Itoa(int(r.Source))
		}
		return n + ":" + strconv.Itoa(int(r.Line))
	}, nil
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
// of each vertex.
func writeTrackGeoJSON(w io.Writer, mmsi uint32, segs []store.Segment) error {
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
	enc := json.NewEncoder(w)
	return enc.Encode(map[string]any{"type": "FeatureCollection", "features": feats})
}

// writeTrackKML writes one Placemark with a gx:Track per segment.
func writeTrackKML(w io.Writer, mmsi uint32, segs []store.Segment) error {
	fmt.Fprint(w, xml.Header)
	fmt.Fprintln(w, `<kml xmlns="http://www.opengis.net/kml/2.2" xmlns:gx="http://www.google.com/kml/ext/2.2">`)
	fmt.Fprintf(w, "<Document><name>MMSI %d</name>\n", mmsi)
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

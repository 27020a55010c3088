package report

import (
	"bufio"
	"encoding/csv"
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/lookout-osint/lookout/internal/detect"
)

// WriteGeoJSON writes the findings as a GeoJSON FeatureCollection: one
// LineString per track segment (properties mmsi, name, start, end) and one
// feature per event (as `lookout events --format geojson` writes them).
func WriteGeoJSON(w io.Writer, in *Input) error {
	bw := bufio.NewWriter(w)
	bw.WriteString(`{"type":"FeatureCollection","features":[`)
	first := true
	sep := func() {
		if !first {
			bw.WriteByte(',')
		}
		first = false
	}
	for i := range in.Vessels {
		v := &in.Vessels[i]
		for _, seg := range v.Segments {
			if len(seg) < 2 {
				continue
			}
			sep()
			fmt.Fprintf(bw, `{"type":"Feature","properties":{"kind":"track","mmsi":%d,"name":%s,"start":%q,"end":%q},"geometry":{"type":"LineString","coordinates":[`,
				v.MMSI, strconv.Quote(v.Label()), detect.FormatTime(seg[0].Time), detect.FormatTime(seg[len(seg)-1].Time))
			for j := range seg {
				if j > 0 {
					bw.WriteByte(',')
				}
				fmt.Fprintf(bw, "[%.6f,%.6f]", seg[j].Lon, seg[j].Lat)
			}
			bw.WriteString("]}}")
		}
	}
	var buf []byte
	for i := range in.Events {
		sep()
		buf = detect.AppendGeoJSONFeature(buf[:0], &in.Events[i], in.srcName)
		bw.Write(buf)
	}
	bw.WriteString("]}\n")
	return bw.Flush()
}

// WriteCSV writes one row per event with its quoted evidence references.
func WriteCSV(w io.Writer, in *Input) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"id", "type", "mmsi", "vessel", "other_mmsi", "start", "end", "lat", "lon", "port", "details", "evidence"})
	for _, r := range in.rows() {
		ev := r.Event
		port := ""
		if ev.Port != nil {
			port = portName(ev.Port)
		}
		var refs []string
		for _, e := range r.Evidence {
			refs = append(refs, e.Src)
		}
		other := ""
		if ev.OtherMMSI != 0 {
			other = itoa(uint64(ev.OtherMMSI))
		}
		cw.Write([]string{ev.ID, ev.Type, itoa(uint64(ev.MMSI)), r.Vessel, other, detect.FormatTime(ev.Start), detect.FormatTime(ev.End),
			strconv.FormatFloat(ev.Lat, 'f', 6, 64), strconv.FormatFloat(ev.Lon, 'f', 6, 64), port, r.Detail, strings.Join(refs, " ")})
	}
	cw.Flush()
	return cw.Error()
}

// WriteKML writes the tracks as time-stamped gx:Tracks and the events as
// placemarks with time spans, for Google Earth's time slider.
func WriteKML(w io.Writer, in *Input) error {
	bw := bufio.NewWriter(w)
	bw.WriteString(xml.Header)
	bw.WriteString(`<kml xmlns="http://www.opengis.net/kml/2.2" xmlns:gx="http://www.google.com/kml/ext/2.2"><Document>`)
	fmt.Fprintf(bw, "<name>%s</name>", esc(in.Case.Title))
	for i := range in.Vessels {
		v := &in.Vessels[i]
		fmt.Fprintf(bw, `<Folder><name>%s (MMSI %d)</name>`, esc(v.Label()), v.MMSI)
		for _, seg := range v.Segments {
			bw.WriteString("<Placemark><gx:Track>")
			for j := range seg {
				fmt.Fprintf(bw, "<when>%s</when>", detect.FormatTime(seg[j].Time))
			}
			for j := range seg {
				fmt.Fprintf(bw, "<gx:coord>%.6f %.6f 0</gx:coord>", seg[j].Lon, seg[j].Lat)
			}
			bw.WriteString("</gx:Track></Placemark>")
		}
		bw.WriteString("</Folder>")
	}
	bw.WriteString("<Folder><name>Events</name>")
	for _, r := range in.rows() {
		ev := r.Event
		fmt.Fprintf(bw, "<Placemark><name>%s %s</name><description>%s</description><TimeSpan><begin>%s</begin><end>%s</end></TimeSpan><Point><coordinates>%.6f,%.6f,0</coordinates></Point></Placemark>",
			esc(ev.Type), esc(r.Vessel), esc(r.Detail), detect.FormatTime(ev.Start), detect.FormatTime(ev.End), ev.Lon, ev.Lat)
	}
	bw.WriteString("</Folder></Document></kml>\n")
	return bw.Flush()
}

func esc(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s))
	return b.String()
}

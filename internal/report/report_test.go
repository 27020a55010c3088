package report

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"encoding/csv"

	"github.com/lookout-osint/lookout/internal/detect"
	"github.com/lookout-osint/lookout/internal/geo"
	"github.com/lookout-osint/lookout/internal/track"
	"github.com/lookout-osint/lookout/internal/watch"
)

const caseYAML = `title: Test case (SIMULATED)
question: Which vessels called at Najin and then Dunay?
from: 2023-09-07
to: 2023-10-01
route: ["60510", Dunay]
places:
  - {name: Dunay, lat: 42.87, lon: 132.358}
notice: SIMULATED DATA for a test.
`

// testInput builds a small hand-made input: one vessel that sails, goes
// dark for a call at Najin, and comes back to Dunay; one that does not.
func testInput(t *testing.T) *Input {
	t.Helper()
	c, err := ParseCase([]byte(caseYAML), "case.yaml")
	if err != nil {
		t.Fatal(err)
	}
	t0 := time.Date(2023, 9, 8, 0, 0, 0, 0, time.UTC).UnixMilli()
	h := int64(3600 * 1000)
	mk := func(mmsi uint32, i int, lat, lon float64, line uint32) track.Fix {
		return track.Fix{MMSI: mmsi, Time: t0 + int64(i)*h, Lat: lat, Lon: lon, SOG: 10, COG: 90, Src: track.SourceRef{Source: 1, Line: line}}
	}
	seg1 := []track.Fix{mk(273990001, 0, 42.87, 132.35, 10), mk(273990001, 1, 42.75, 132.30, 11), mk(273990001, 2, 42.70, 132.25, 12)}
	seg2 := []track.Fix{mk(273990001, 40, 42.70, 132.25, 50), mk(273990001, 41, 42.80, 132.32, 51), mk(273990001, 42, 42.87, 132.35, 52)}
	other := []track.Fix{mk(273000009, 0, 42.5, 131.5, 20), mk(273000009, 5, 42.4, 131.9, 21)}
	in := &Input{
		Case: c, Generated: time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC),
		Vessels: []Vessel{
			{MMSI: 273990001, Country: "Russia", Segments: [][]track.Fix{seg1, seg2},
				Identities: []track.Identity{{MMSI: 273990001, IMO: 9179842, Name: "ANGARA", From: t0, To: t0 + 42*h}}},
			{MMSI: 273000009, Country: "Russia", Segments: [][]track.Fix{other}},
		},
		Events: []detect.Event{
			{ID: "g1", Type: detect.TypeGap, MMSI: 273990001, Start: t0 + 2*h, End: t0 + 40*h, Lat: 42.70, Lon: 132.25,
				Evidence: []track.SourceRef{{Source: 1, Line: 12}, {Source: 1, Line: 50}}},
			{ID: "d1", Type: detect.TypeDarkPortCall, MMSI: 273990001, Start: t0 + 2*h, End: t0 + 40*h, Lat: 42.70, Lon: 132.25,
				Port:  &detect.PortRef{WPI: 60510, Name: "Najin", Country: "North Korea", Lat: 42.2333, Lon: 130.3},
				Attrs: map[string]any{"slack_h": 12.5}, Evidence: []track.SourceRef{{Source: 1, Line: 12}, {Source: 1, Line: 50}}},
			{ID: "p1", Type: detect.TypePortVisit, MMSI: 273990001, Start: t0 + 42*h, End: t0 + 60*h, Lat: 42.87, Lon: 132.35,
				Port: &detect.PortRef{Name: "Dunay", Lat: 42.87, Lon: 132.358}, Confidence: 3, Evidence: []track.SourceRef{{Source: 1, Line: 52}}},
		},
		Raw: map[track.SourceRef]string{
			{Source: 1, Line: 12}: `\s:sim,c:1694138400*5B\!AIVDM,1,1,,A,13aEOK?P00PD2wVMdLDRhgvL289?,0*26`,
			{Source: 1, Line: 50}: `\s:sim,c:1694275200*51\!AIVDM,1,1,,B,13aEOK?P00PD2wVMdLDRhgvL289?,0*25`,
		},
		SourceName: func(r track.SourceRef) string { return "scenario.simulated.nmea:" + itoa(uint64(r.Line)) },
		Sources:    []Source{{Name: "scenario.simulated.nmea", SHA256: strings.Repeat("ab", 32), Size: 1234, Lines: 99}},
		Thresholds: "gap:\n  min_gap: 6h\n",
		Land: func(b geo.BBox) [][]geo.Point {
			return [][]geo.Point{{{Lat: b.MaxLat, Lon: b.MinLon}, {Lat: b.MaxLat, Lon: b.MaxLon}, {Lat: b.MaxLat - 0.1, Lon: b.MaxLon}}}
		},
	}
	l := &watch.List{Name: "OFAC SDN", Published: time.Date(2024, 5, 3, 0, 0, 0, 0, time.UTC),
		Entries: []watch.Entry{{ID: "37059", Name: "ANGARA", Kind: "vessel", IMO: 9179842, Programs: []string{"RUSSIA-EO14024"}}}}
	in.Lists = []*watch.List{l}
	in.Matches = watch.NewScreener(l).Screen(in.Vessels[0].Identities)
	return in
}

func TestFindingsAnswerTheRoute(t *testing.T) {
	in := testInput(t)
	fs := in.Findings()
	if len(fs) != 2 || fs[0].Vessel.MMSI != 273990001 {
		t.Fatalf("findings order: %+v", fs)
	}
	f := fs[0]
	if !f.RouteMatched || len(f.RouteCalls) != 2 || !f.RouteCalls[0].Dark || f.RouteCalls[1].Port != "Dunay" {
		t.Errorf("route: %+v", f)
	}
	if f.Gaps != 1 || f.DarkCalls != 1 || len(f.Matches) != 1 || f.Matches[0].Kind != watch.MatchIMO {
		t.Errorf("counts: gaps %d dark %d matches %v", f.Gaps, f.DarkCalls, f.Matches)
	}
	if fs[1].RouteMatched {
		t.Error("the other vessel is not on the route")
	}
}

func TestRenderHTML(t *testing.T) {
	var buf bytes.Buffer
	if err := RenderHTML(&buf, testInput(t)); err != nil {
		t.Fatal(err)
	}
	s := buf.String()
	for _, want := range []string{
		`<p class="notice" id="notice">SIMULATED DATA for a test.</p>`,
		"ANGARA", "9179842", "OFAC SDN (2024-05-03)", "RUSSIA-EO14024",
		`\s:sim,c:1694138400*5B\!AIVDM,1,1,,A,13aEOK?P00PD2wVMdLDRhgvL289?,0*26`,
		"scenario.simulated.nmea:12", `class="track"`, `class="dark"`, "min_gap: 6h", strings.Repeat("ab", 32),
	} {
		if !strings.Contains(s, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	if strings.Contains(s, "http://") && !strings.Contains(s, `xmlns="http://www.w3.org/2000/svg"`) || strings.Contains(s, "<script src") || strings.Contains(s, "<link") {
		t.Error("report must be self-contained")
	}
	if i, j := strings.Index(s, `id="notice"`), strings.Index(s, "<h1>"); i < 0 || i > j {
		t.Error("the notice must come before everything else")
	}
}

func TestExports(t *testing.T) {
	in := testInput(t)
	var g bytes.Buffer
	if err := WriteGeoJSON(&g, in); err != nil {
		t.Fatal(err)
	}
	var fc struct {
		Features []struct {
			Properties map[string]any
			Geometry   struct{ Type string }
		}
	}
	if err := json.Unmarshal(g.Bytes(), &fc); err != nil {
		t.Fatalf("geojson: %v\n%s", err, g.String())
	}
	lines, points := 0, 0
	for _, f := range fc.Features {
		switch f.Geometry.Type {
		case "LineString":
			lines++
		case "Point":
			points++
		}
	}
	if lines != 3 || points != 3 {
		t.Errorf("geojson: %d lines, %d points; want 3 and 3", lines, points)
	}
	var k bytes.Buffer
	if err := WriteKML(&k, in); err != nil {
		t.Fatal(err)
	}
	var anyXML struct{ XMLName xml.Name }
	if err := xml.Unmarshal(k.Bytes(), &anyXML); err != nil || strings.Count(k.String(), "<gx:Track>") != 3 {
		t.Errorf("kml: %v", err)
	}
	var c bytes.Buffer
	if err := WriteCSV(&c, in); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&c).ReadAll()
	if err != nil || len(rows) != 4 || rows[1][1] != "gap" || rows[1][11] != "scenario.simulated.nmea:12 scenario.simulated.nmea:50" {
		t.Errorf("csv: %v %v", err, rows)
	}
}

func TestCaseErrors(t *testing.T) {
	cases := map[string]string{
		"unknown key":     "title: x\nfrom: 2023-01-01\nto: 2023-01-02\nqestion: typo\n",
		"impossible":      "title: x\nfrom: 2023-02-01\nto: 2023-01-02\n",
		"bad time":        "title: x\nfrom: yesterday\nto: 2023-01-02\n",
		"no window":       "title: x\n",
		"no title":        "from: 2023-01-01\nto: 2023-01-02\n",
		"bad place":       "title: x\nfrom: 2023-01-01\nto: 2023-01-02\nplaces: [{name: p, lat: 95, lon: 0}]\n",
		"wrong type list": "title: x\nfrom: 2023-01-01\nto: 2023-01-02\nvessels: nope\n",
	}
	for name, in := range cases {
		_, err := ParseCase([]byte(in), "c.yaml")
		if !errors.Is(err, ErrCase) {
			t.Errorf("%s: got %v; want a case-file error", name, err)
		}
	}
	_, err := ParseCase([]byte(cases["impossible"]), "c.yaml")
	if !strings.Contains(err.Error(), "c.yaml:3") {
		t.Errorf("impossible window error should say where: %v", err)
	}
	_, err = ParseCase([]byte(cases["unknown key"]), "c.yaml")
	if !strings.Contains(err.Error(), "qestion") {
		t.Errorf("unknown key error should name the key: %v", err)
	}
}

func TestProjectionKeepsAspect(t *testing.T) {
	p := newProjection(geo.BBox{MinLat: 42, MinLon: 130, MaxLat: 43, MaxLon: 133}, 900)
	x0, y0 := p.xy(geo.Point{Lat: 42.5, Lon: 131})
	x1, y1 := p.xy(geo.Point{Lat: 42.5, Lon: 132})
	x2, y2 := p.xy(geo.Point{Lat: 43.5, Lon: 131})
	dx := math.Hypot(x1-x0, y1-y0)
	dy := math.Hypot(x2-x0, y2-y0)
	if r := dx / dy; math.Abs(r-math.Cos(42.5*math.Pi/180)) > 0.01 {
		t.Errorf("degree of longitude / degree of latitude on screen = %.3f; want cos(42.5°)", r)
	}
}

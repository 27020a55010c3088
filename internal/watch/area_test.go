package watch

import (
	"strings"
	"testing"

	"github.com/lookout-osint/lookout/internal/detect"
	"github.com/lookout-osint/lookout/internal/places"
	"github.com/lookout-osint/lookout/internal/track"
)

const sitesGeoJSON = `{"type":"FeatureCollection","features":[
 {"type":"Feature","id":"box","properties":{"name":"Box","kind":"area"},"geometry":{"type":"Polygon","coordinates":[[[130,42],[131,42],[131,43],[130,43],[130,42]]]}},
 {"type":"Feature","id":"najin","properties":{"name":"Najin","kind":"port","radius_m":3000},"geometry":{"type":"Point","coordinates":[130.3,42.2333]}}
]}`

func TestAreaEntryExit(t *testing.T) {
	sites, err := places.ParseSitesGeoJSON([]byte(sitesGeoJSON), "sites.geojson", places.SiteOptions{})
	if err != nil {
		t.Fatal(err)
	}
	fix := func(i int, lat, lon float64) track.Fix {
		return track.Fix{MMSI: 273990001, Time: int64(i) * 600000, Lat: lat, Lon: lon, Src: track.SourceRef{Source: 1, Line: uint32(i + 1)}}
	}
	fixes := []track.Fix{
		fix(0, 41.5, 130.5),     // outside both
		fix(1, 42.5, 130.5),     // enters the box
		fix(2, 42.2333, 130.31), // inside the box and Najin's circle
		fix(3, 42.5, 130.5),     // leaves Najin, still in the box
		fix(4, 43.5, 130.5),     // leaves the box
	}
	evs := NewAreas(sites).Events(fixes, 7)
	var got []string
	for _, ev := range evs {
		got = append(got, ev.Type+":"+ev.Attrs["area"].(string))
		if len(ev.Evidence) != 2 || ev.Evidence[1].Line != ev.Evidence[0].Line+1 || ev.ID == "" {
			t.Errorf("evidence/id %+v", ev)
		}
	}
	want := "area_entry:box,area_exit:box,area_entry:najin,area_exit:najin"
	if strings.Join(got, ",") != want {
		t.Fatalf("got %v; want %s", got, want)
	}
	// A vessel that starts inside has not entered.
	if evs := NewAreas(sites).Events(fixes[2:3], 7); len(evs) != 0 {
		t.Errorf("single fix inside: %v", evs)
	}
}

func TestRulesAndWatchFile(t *testing.T) {
	w, err := ParseWatchFile([]byte(`
areas: sites.geojson
ports: watched.csv
rules:
  - {name: dark calls at Najin, types: [dark_port_call], ports: [60510]}
  - {name: into the box, types: [area_entry], areas: [box]}
  - {name: listed, types: [sanctions_match], lists: [OFAC SDN]}
`), "watch.yaml")
	if err != nil {
		t.Fatal(err)
	}
	evs := []detect.Event{
		{Type: detect.TypeDarkPortCall, Port: &detect.PortRef{WPI: 60510, Name: "Najin"}},
		{Type: detect.TypeDarkPortCall, Port: &detect.PortRef{WPI: 60725}},
		{Type: detect.TypeAreaEntry, Attrs: map[string]any{"area": "box"}},
		{Type: detect.TypeAreaExit, Attrs: map[string]any{"area": "box"}},
		{Type: detect.TypeSanctionsMatch, Attrs: map[string]any{"list": "OFAC SDN"}},
	}
	as := Alerts(w.Rules, evs)
	if len(as) != 3 || as[0].Rule != "dark calls at Najin" || as[1].Event != &evs[2] || as[2].Rule != "listed" {
		t.Fatalf("alerts %+v", as)
	}
	for name, bad := range map[string]string{
		"unknown key":  "rulez: []\n",
		"unknown type": "rules: [{name: x, types: [teleport]}]\n",
		"no name":      "rules: [{types: [gap]}]\n",
	} {
		if _, err := ParseWatchFile([]byte(bad), "w.yaml"); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

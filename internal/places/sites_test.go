package places

import (
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/lookout-osint/lookout/internal/geo"
	"github.com/lookout-osint/lookout/internal/shareddata"
)

func TestLoadSeedSites(t *testing.T) {
	csvPath := shareddata.Path(t, "ref/seed-sites/seed_sites.csv")
	gjPath := shareddata.Path(t, "ref/seed-sites/seed_sites.geojson")
	fromCSV, err := LoadSites(csvPath, SiteOptions{})
	if err != nil {
		t.Fatal(err)
	}
	fromGJ, err := LoadSites(gjPath, SiteOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"rajin_port", "dunai_port", "vostochny_port", "tumangang_khasan_crossing", "tumangang_rail_yard", "khasan_station"}
	if len(fromCSV) != len(want) || len(fromGJ) != len(want) {
		t.Fatalf("got %d CSV and %d GeoJSON sites; want %d", len(fromCSV), len(fromGJ), len(want))
	}
	for i, id := range want {
		c, g := fromCSV[i], fromGJ[i]
		if c.ID != id || g.ID != id || c.Name != g.Name || c.Kind != g.Kind {
			t.Errorf("site %d: CSV %q/%q/%q, GeoJSON %q/%q/%q; want id %q", i, c.ID, c.Name, c.Kind, g.ID, g.Name, g.Kind, id)
		}
		cc, gc := c.Shape.(geo.Circle), g.Shape.(geo.Circle)
		if geo.DistanceHaversineM(cc.Center, gc.Center) > 1 || cc.RadiusM != DefaultSiteRadiusM || gc.RadiusM != DefaultSiteRadiusM {
			t.Errorf("%s: CSV %+v, GeoJSON %+v", id, cc, gc)
		}
		if c.Props["country_iso2"] == "" || c.Props["country_iso2"] != g.Props["country_iso2"] {
			t.Errorf("%s: country_iso2 CSV %q GeoJSON %q", id, c.Props["country_iso2"], g.Props["country_iso2"])
		}
	}
	if fromCSV[0].Line != 2 || fromCSV[5].Line != 7 {
		t.Errorf("CSV lines %d, %d; want 2, 7", fromCSV[0].Line, fromCSV[5].Line)
	}
	rajin := fromGJ[0]
	najinWPI := geo.Point{Lat: 42.233333, Lon: 130.3}
	unlocode := geo.Point{Lat: 42.216667, Lon: 130.283333} // 2.3 km away
	if !rajin.Contains(najinWPI) || rajin.Contains(unlocode) || rajin.Contains(geo.Point{Lat: 42.75, Lon: 133.08}) {
		t.Errorf("rajin_port containment wrong")
	}
	big, _ := LoadSites(csvPath, SiteOptions{DefaultRadiusM: 3000})
	if !big[0].Contains(unlocode) {
		t.Errorf("DefaultRadiusM 3000 not applied")
	}
}

func TestSitePolygonsAndRadius(t *testing.T) {
	const in = `{"type":"FeatureCollection","features":[
{"type":"Feature","id":7,"properties":{"name":"Box with hole","kind":"area","note":3.5},
 "geometry":{"type":"Polygon","coordinates":[[[130,42],[131,42],[131,43],[130,43],[130,42]],[[130.4,42.4],[130.6,42.4],[130.6,42.6],[130.4,42.6],[130.4,42.4]]]}},
{"type":"Feature","properties":{"id":"fiji","name":"Across 180"},
 "geometry":{"type":"MultiPolygon","coordinates":[[[[179,-17],[-179,-17],[-179,-16],[179,-16],[179,-17]]]]}},
{"type":"Feature","properties":{"name":"pier","radius_m":"500"},"geometry":{"type":"Point","coordinates":[132.3375,42.88028]}}
]}`
	sites, err := ParseSitesGeoJSON([]byte(in), "t.geojson", SiteOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(sites) != 3 || sites[0].ID != "7" || sites[1].ID != "fiji" || sites[2].ID != "pier" {
		t.Fatalf("got %+v", sites)
	}
	if sites[0].Line != 2 || sites[1].Line != 4 || sites[2].Line != 6 {
		t.Errorf("lines %d %d %d; want 2 4 6", sites[0].Line, sites[1].Line, sites[2].Line)
	}
	if sites[0].Props["note"] != "3.5" {
		t.Errorf("props %v", sites[0].Props)
	}
	tests := []struct {
		site int
		p    geo.Point
		want bool
	}{
		{0, geo.Point{Lat: 42.2, Lon: 130.2}, true},
		{0, geo.Point{Lat: 42.5, Lon: 130.5}, false}, // in the hole
		{0, geo.Point{Lat: 43.5, Lon: 130.5}, false},
		{1, geo.Point{Lat: -16.5, Lon: 179.5}, true},
		{1, geo.Point{Lat: -16.5, Lon: -179.5}, true},
		{1, geo.Point{Lat: -16.5, Lon: 178.5}, false},
		{1, geo.Point{Lat: -16.5, Lon: 0}, false},
		{2, geo.Point{Lat: 42.88028 + 0.004, Lon: 132.3375}, true}, // 445 m
		{2, geo.Point{Lat: 42.88028 + 0.005, Lon: 132.3375}, false},
	}
	for _, tt := range tests {
		if got := sites[tt.site].Contains(tt.p); got != tt.want {
			t.Errorf("%s.Contains(%v) = %v; want %v", sites[tt.site].ID, tt.p, got, tt.want)
		}
	}
	if c := sites[1].Centre(); c.Lat != -16.5 || (c.Lon != 180 && c.Lon != -180) {
		t.Errorf("Centre across 180 = %v", c)
	}
}

func TestSiteErrors(t *testing.T) {
	tests := []struct {
		name, file, in string
		lines          []int
	}{
		{"csv bad rows", "s.csv", "id,name,lat,lon,radius_m\na,A,42,130,\nb,B,x,130,\nc,C,42,130,-5\na,dup,1,1,\nd,D,1,1,1,extra\n", []int{3, 4, 5, 6}},
		{"csv missing lon", "s.csv", "id,lat\n", []int{1}},
		{"csv bad quote", "s.csv", "id,lat,lon\n\"a,1,2\n", []int{2}},
		{"geojson bad point", "s.geojson", "{\"type\":\"FeatureCollection\",\"features\":[\n{\"type\":\"Feature\",\"id\":\"a\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[200,1]}},\n{\"type\":\"Feature\",\"id\":\"b\",\"geometry\":{\"type\":\"LineString\",\"coordinates\":[[1,1],[2,2]]}},\n{\"type\":\"Feature\",\"id\":\"c\",\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[1,1],[2,2],[1,1]]]}}\n]}", []int{2, 3, 4}},
		{"geojson syntax", "s.geojson", "{\"type\":\"FeatureCollection\",\"features\":[\n{\"type\":\"Feature\",\n\"id\":}\n]}", []int{3}},
		{"geojson not a collection", "s.geojson", "[1,2]", []int{1}},
	}
	for _, tt := range tests {
		var err error
		if strings.HasSuffix(tt.file, ".csv") {
			_, err = ParseSitesCSV(strings.NewReader(tt.in), tt.file, SiteOptions{})
		} else {
			_, err = ParseSitesGeoJSON([]byte(tt.in), tt.file, SiteOptions{})
		}
		if err == nil {
			t.Errorf("%s: no error", tt.name)
			continue
		}
		got := parseErrorLines(err)
		if len(got) != len(tt.lines) {
			t.Errorf("%s: error lines %v; want %v (%v)", tt.name, got, tt.lines, err)
			continue
		}
		for i := range got {
			if got[i] != tt.lines[i] {
				t.Errorf("%s: error lines %v; want %v (%v)", tt.name, got, tt.lines, err)
				break
			}
		}
	}
}

// parseErrorLines returns the lines of the *ParseError values in err
// (joined or single).
func parseErrorLines(err error) []int {
	var errs []error
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		errs = j.Unwrap()
	} else {
		errs = []error{err}
	}
	var lines []int
	for _, e := range errs {
		var pe *ParseError
		if errors.As(e, &pe) {
			lines = append(lines, pe.Line)
		}
	}
	return lines
}

func TestLoadSitesErrors(t *testing.T) {
	if _, err := LoadSites("nonexistent.csv", SiteOptions{}); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
	p := t.TempDir() + "/sites.txt"
	os.WriteFile(p, []byte("id,lat,lon\n"), 0o644)
	if _, err := LoadSites(p, SiteOptions{}); err == nil || !strings.Contains(err.Error(), "unknown extension") {
		t.Errorf("unknown extension: %v", err)
	}
}

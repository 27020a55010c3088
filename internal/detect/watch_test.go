package detect

import (
	"os"
	"testing"

	"github.com/lookout-osint/lookout/internal/shareddata"
)

func TestParseWatchedPortsSeedSites(t *testing.T) {
	for _, f := range []string{"ref/seed-sites/seed_sites.geojson", "ref/seed-sites/seed_sites.csv"} {
		data, err := os.ReadFile(shareddata.Path(t, f))
		if err != nil {
			t.Fatal(err)
		}
		ports, skipped, err := ParseWatchedPorts(data, f)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		byName := map[string]WatchedPort{}
		for _, p := range ports {
			byName[p.Ref.Name] = p
		}
		najin, ok := byName["Rajin (Najin) port"]
		if !ok || najin.Ref.WPI != 60510 || najin.Point.Lat < 42.2 || najin.Point.Lat > 42.3 {
			t.Errorf("%s: Najin %+v; want WPI 60510 at 42.23N", f, najin)
		}
		if d := byName["Dunai (Dunay) naval port"]; d.Ref.WPI != 0 || d.Ref.Anchorage != "dunai_port" {
			t.Errorf("%s: Dunay %+v; want the site id, no WPI", f, d.Ref)
		}
		if skipped < 1 {
			t.Errorf("%s: the rail crossing was not skipped", f)
		}
	}
}

func TestParseWatchedPortsErrors(t *testing.T) {
	for _, in := range []string{
		`{"type":"FeatureCollection","features":[{"geometry":{"type":"Polygon","coordinates":[]}}]}`,
		"name,lat,lon\nX,95,10\n",
		"name,lat,lon\nX,abc,10\n",
		`{"features":`,
	} {
		if _, _, err := ParseWatchedPorts([]byte(in), "t"); err == nil {
			t.Errorf("%q: no error", in)
		}
	}
}

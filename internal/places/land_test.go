package places

import (
	"bytes"
	"math"
	"testing"

	"github.com/lookout-osint/lookout/internal/geo"
	"github.com/lookout-osint/lookout/internal/shareddata"
)

func testLand(t testing.TB) *LandMask {
	t.Helper()
	m, err := DefaultLand()
	if err != nil {
		t.Fatalf("DefaultLand: %v", err)
	}
	return m
}

func TestIsLandKnownPoints(t *testing.T) {
	m := testLand(t)
	tests := []struct {
		name string
		p    geo.Point
		land bool
	}{
		{"mid North Pacific", geo.Point{Lat: 30, Lon: -150}, false},
		{"mid Atlantic", geo.Point{Lat: 0, Lon: -30}, false},
		{"Southern Ocean", geo.Point{Lat: -55, Lon: 100}, false},
		{"Point Nemo", geo.Point{Lat: -48.8767, Lon: -123.3933}, false},
		{"Madrid", geo.Point{Lat: 40.4168, Lon: -3.7038}, true},
		{"Moscow", geo.Point{Lat: 55.7558, Lon: 37.6173}, true},
		{"Denver", geo.Point{Lat: 39.7392, Lon: -104.9903}, true},
		{"Ulaanbaatar", geo.Point{Lat: 47.8864, Lon: 106.9057}, true},
		{"central Australia", geo.Point{Lat: -25, Lon: 133}, true},
		{"South Pole", geo.Point{Lat: -90, Lon: 0}, true},
		{"Transantarctic side of 180 (Ross Ice Shelf is water in ne_10m_land)", geo.Point{Lat: -86, Lon: 179.99}, true},
		{"Antarctic plateau west of 180", geo.Point{Lat: -86, Lon: -179.99}, true},
		{"North Pole", geo.Point{Lat: 90, Lon: 0}, false},
		{"Chukotka either side of 180 (east)", geo.Point{Lat: 67, Lon: -179.5}, true},
		{"Chukotka either side of 180 (west)", geo.Point{Lat: 67, Lon: 179.5}, true},
		{"Fiji, Vanua Levu interior", geo.Point{Lat: -16.6, Lon: 179.1}, true},
		{"Isle of Wight interior", geo.Point{Lat: 50.67, Lon: -1.3}, true},
		{"Solent water", geo.Point{Lat: 50.78, Lon: -1.2}, false},
		{"Hauraki Gulf", geo.Point{Lat: -36.6, Lon: 175.0}, false},
		{"Tasman Sea", geo.Point{Lat: -38, Lon: 160}, false},
		{"Sea of Japan", geo.Point{Lat: 40, Lon: 134}, false},
		{"Peter the Great Gulf", geo.Point{Lat: 42.7, Lon: 131.9}, false},
		{"Vostochnyy WPI point (inside 10m land)", geo.Point{Lat: 42.75, Lon: 133.083333}, true},
		{"Najin WPI point (outside 10m land)", geo.Point{Lat: 42.233333, Lon: 130.3}, false},
		{"Tumen bridge (inside 10m land)", geo.Point{Lat: 42.415172, Lon: 130.641056}, true},
		{"Caspian Sea", geo.Point{Lat: 42, Lon: 50.5}, false},
		{"Lake Superior is land in ne_10m_land", geo.Point{Lat: 47.7, Lon: -87.5}, true},
		{"invalid point", geo.Point{Lat: 91, Lon: 181}, false},
	}
	for _, tt := range tests {
		if got := m.IsLand(tt.p); got != tt.land {
			t.Errorf("%s %v: IsLand = %v; want %v", tt.name, tt.p, got, tt.land)
		}
	}
}

func TestDistanceToShoreKnownPoints(t *testing.T) {
	m := testLand(t)
	tests := []struct {
		name     string
		p        geo.Point
		min, max float64 // metres
	}{
		{"Najin WPI point is 0.4 km from the coastline", geo.Point{Lat: 42.233333, Lon: 130.3}, 200, 700},
		{"Tumen bridge is 9.9 km inland", geo.Point{Lat: 42.415172, Lon: 130.641056}, 9000, 10500},
		{"Point Nemo is about 2,690 km from land", geo.Point{Lat: -48.8767, Lon: -123.3933}, 2600e3, 2750e3},
		{"Madrid is about 300 km from the sea", geo.Point{Lat: 40.4168, Lon: -3.7038}, 250e3, 350e3},
		// Poles and the antimeridian, against a brute-force scan of every edge
		// (707,857 m; 531,297 m; 384,046 m; 3,770 m), within 0.5%.
		{"North Pole", geo.Point{Lat: 90, Lon: 0}, 704e3, 711e3},
		{"South Pole (to the ice-shelf edge)", geo.Point{Lat: -90, Lon: 0}, 528.6e3, 534e3},
		{"equator at 180", geo.Point{Lat: 0, Lon: 180}, 382e3, 386e3},
		{"equator at -180", geo.Point{Lat: 0, Lon: -180}, 382e3, 386e3},
		{"Wrangel Island at 180", geo.Point{Lat: 71.5, Lon: -180}, 3750, 3790},
	}
	for _, tt := range tests {
		got := m.DistanceToShoreM(tt.p)
		if !(got >= tt.min && got <= tt.max) {
			t.Errorf("%s: DistanceToShoreM = %.0f m; want %.0f..%.0f", tt.name, got, tt.min, tt.max)
		}
	}
	if d := m.DistanceToShoreM(geo.Point{Lat: 91, Lon: 0}); !math.IsNaN(d) {
		t.Errorf("invalid point: got %v; want NaN", d)
	}
}

func TestEmbeddedSizes(t *testing.T) {
	m := testLand(t)
	st := m.Stats()
	t.Logf("embedded: wpi %d bytes, land %d bytes; land mask: %+v", len(embeddedWPI), len(embeddedLand), st)
	if total := len(embeddedWPI) + len(embeddedLand); total > 5<<20 {
		t.Errorf("embedded data %d bytes; budget 5 MiB", total)
	}
	// 4,065 ne_10m_land rings + 2,753 minor islands (42 overlap land and are dropped).
	if st.Rings != 4065+2753 || st.Vertices < 440000 {
		t.Errorf("rings %d, vertices %d", st.Rings, st.Vertices)
	}
}

func TestIsInland(t *testing.T) {
	m := testLand(t)
	tests := []struct {
		name string
		p    geo.Point
		want bool
	}{
		{"Vostochnyy WPI point: on land but within 1 km of the shore", geo.Point{Lat: 42.75, Lon: 133.083333}, false},
		{"Najin WPI point: at sea", geo.Point{Lat: 42.233333, Lon: 130.3}, false},
		{"Tumen bridge: 9.9 km inland", geo.Point{Lat: 42.415172, Lon: 130.641056}, true},
		{"Madrid", geo.Point{Lat: 40.4168, Lon: -3.7038}, true},
		{"open ocean", geo.Point{Lat: 0, Lon: -30}, false},
	}
	for _, tt := range tests {
		if got := m.IsInland(tt.p, 1000); got != tt.want {
			t.Errorf("%s: IsInland(1 km) = %v; want %v (distance %.0f m)", tt.name, got, tt.want, m.DistanceToShoreM(tt.p))
		}
	}
	if d := m.ShoreDistanceSignedM(geo.Point{Lat: 40.4168, Lon: -3.7038}); d > -250e3 {
		t.Errorf("signed distance of Madrid %.0f; want < -250 km", d)
	}
}

// TestSeedCasePorts checks the WPI points of the seed case against the
// land mask: each within 1 km of the coastline (SOURCE.md measured
// 0.4–0.7 km), so none is "inland" with the 1 km tolerance.
func TestSeedCasePorts(t *testing.T) {
	m := testLand(t)
	g, _ := DefaultPorts()
	for _, n := range []int{60510, 60725, 60730, 60610} {
		p, _ := g.ByWPI(n)
		d := m.DistanceToShoreM(p.Point())
		if d > 1000 || m.IsInland(p.Point(), 1000) {
			t.Errorf("%s (%d): %.0f m from the shore, land %v", p.Name, n, d, m.IsLand(p.Point()))
		}
	}
}

func TestLoadLandFromGeoJSON(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a land mask from GeoJSON (seconds)")
	}
	path := shareddata.Path(t, "ref/natural-earth/ne_110m_land.geojson")
	m, err := LoadLandMask(path, "")
	if err != nil {
		t.Fatal(err)
	}
	if !m.IsLand(geo.Point{Lat: 40.4168, Lon: -3.7038}) || m.IsLand(geo.Point{Lat: 30, Lon: -150}) {
		t.Errorf("110m mask: Madrid/Pacific wrong")
	}
	// Round trip through the compact format.
	var buf bytes.Buffer
	if err := EncodeLandMask(&buf, m); err != nil {
		t.Fatal(err)
	}
	m2, err := DecodeLandMask(&buf, "rt")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []geo.Point{{Lat: 40.4168, Lon: -3.7038}, {Lat: 30, Lon: -150}, {Lat: 51, Lon: 1.5}} {
		if m.IsLand(p) != m2.IsLand(p) || math.Abs(m.DistanceToShoreM(p)-m2.DistanceToShoreM(p)) > 60 {
			t.Errorf("%v: round trip changed the answer", p)
		}
	}
	if _, err := Load(Options{IslandsPath: "x.geojson"}); err == nil {
		t.Errorf("islands without land: no error")
	}
}

package places

import (
	"errors"
	"strings"
	"testing"

	"github.com/lookout-osint/lookout/internal/geo"
	"github.com/lookout-osint/lookout/internal/shareddata"
)

func TestParseWPIShared(t *testing.T) {
	path := shareddata.Path(t, "ref/nga-wpi/UpdatedPub150.csv.gz")
	g, err := LoadGazetteer(path)
	if err != nil {
		t.Fatal(err)
	}
	if g.Len() != 3831 || len(g.Skipped) != 0 {
		t.Errorf("got %d ports, %d skipped; want 3831, 0", g.Len(), len(g.Skipped))
	}
	emb, err := DefaultPorts()
	if err != nil {
		t.Fatal(err)
	}
	if emb.Len() != g.Len() {
		t.Fatalf("embedded has %d ports; raw file %d", emb.Len(), g.Len())
	}
	for i, p := range g.Ports() {
		if q := emb.Ports()[i]; p != q {
			t.Fatalf("row %d: embedded %+v; raw %+v", i, q, p)
		}
	}
	var noLocode, noCountry, noAlt int
	for _, p := range g.Ports() {
		noLocode += b2i(p.LOCODE == "")
		noCountry += b2i(p.Country == "")
		noAlt += b2i(p.AltName == "")
	}
	// Counts from SOURCE.md (3,358 of 3,831 have a UN/LOCODE) and a count of the raw file.
	if noLocode != 3831-3358 || noCountry != 5 || noAlt != 2986 {
		t.Errorf("empty LOCODE %d, country %d, alt name %d; want 473, 5, 2986", noLocode, noCountry, noAlt)
	}
	if d := g.DuplicateWPI(); strings.Join(d, ",") != "49460,400" && strings.Join(d, ",") != "400,49460" {
		t.Errorf("duplicate WPI numbers %v; want 400 and 49460", d)
	}
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

func TestKnownPorts(t *testing.T) {
	g, err := DefaultPorts()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		wpi      int
		name     string
		country  string
		lat, lon float64
	}{
		{60510, "Najin", "North Korea", 42.233333, 130.3},
		{60725, "Vostochnyy", "Russia", 42.75, 133.083333},
		{60730, "Nakhodka", "Russia", 42.8, 132.883333},
		{55060, "Auckland", "New Zealand", -36.85, 174.766667},
		{55050, "Whangarei", "New Zealand", -35.8, 174.433333},
		{35600, "Portsmouth Harbour", "United Kingdom", 50.8, -1.1},
		{35580, "Southampton", "United Kingdom", 50.9, -1.4},
	}
	for _, tt := range tests {
		p, ok := g.ByWPI(tt.wpi)
		if !ok || p.Name != tt.name || p.Country != tt.country || p.Lat != tt.lat || p.Lon != tt.lon {
			t.Errorf("ByWPI(%d) = %+v, %v; want %s, %s at %v,%v", tt.wpi, p, ok, tt.name, tt.country, tt.lat, tt.lon)
		}
		near, d, ok := g.Nearest(geo.Point{Lat: tt.lat + 0.001, Lon: tt.lon})
		if !ok || near.WPI != tt.wpi || d > 200 {
			t.Errorf("Nearest(near %s) = %s (%d) at %.0f m", tt.name, near.Name, near.WPI, d)
		}
	}
	if p, ok := g.ByNumber("49454.5"); !ok || p.Name != "Kattupalli Port" || p.WPI != 0 {
		t.Errorf("ByNumber(49454.5) = %+v, %v", p, ok)
	}
}

func TestGazetteerQueries(t *testing.T) {
	g, _ := DefaultPorts()
	// Marsden Point (the refinery jetty, about 35.84 S 174.50 E) is not in
	// the WPI by name; Whangarei is the nearest entry.
	marsden := geo.Point{Lat: -35.84, Lon: 174.50}
	p, d, ok := g.Nearest(marsden)
	if !ok || p.WPI != 55050 || d < 5e3 || d > 8e3 {
		t.Errorf("nearest to Marsden Point: %s %d at %.0f m", p.Name, p.WPI, d)
	}
	if _, _, ok := g.NearestWithin(marsden, 3e3); ok {
		t.Errorf("NearestWithin(3 km) of Marsden Point found a port")
	}
	// Within: all ports within 30 km of Portsmouth, nearest first, each
	// checked against a full scan.
	c := geo.Point{Lat: 50.8, Lon: -1.1}
	got := g.Within(c, 30e3)
	want := 0
	for _, q := range g.Ports() {
		if geo.DistanceHaversineM(c, q.Point()) <= 30e3 {
			want++
		}
	}
	if len(got) != want || want < 3 {
		t.Fatalf("Within(Portsmouth, 30 km): %d ports; full scan %d", len(got), want)
	}
	for i := 1; i < len(got); i++ {
		if got[i].DistM < got[i-1].DistM {
			t.Errorf("Within not sorted at %d", i)
		}
	}
	// Nearest against a full scan on points around the world, including
	// the poles and the antimeridian.
	for _, q := range []geo.Point{{Lat: 0, Lon: 0}, {Lat: 89.9, Lon: 10}, {Lat: -89, Lon: 0}, {Lat: -17, Lon: 179.99}, {Lat: -17, Lon: -179.99}, {Lat: 42.5, Lon: 131}, {Lat: 60, Lon: -30}} {
		p, d, _ := g.Nearest(q)
		best := 1e18
		for _, r := range g.Ports() {
			best = min(best, geo.DistanceHaversineM(q, r.Point()))
		}
		if d != best {
			t.Errorf("Nearest(%v) = %s at %.0f m; full scan %.0f m", q, p.Name, d, best)
		}
	}
}

func TestParseWPIErrors(t *testing.T) {
	const head = "\ufeffWorld Port Index Number,Main Port Name,Latitude,Longitude,Country Code\r\n"
	in := head +
		"60510.0,Najin,42.233333,130.3,North Korea\r\n" +
		"x,Bad,1,2, \r\n" +
		"3.0, ,1,2, \r\n" +
		"4.0,Far,95,2, \r\n" +
		"5.0,\"unterminated,1,2\r\n"
	g, err := ParseWPI(strings.NewReader(in), "t.csv")
	if err != nil {
		t.Fatal(err)
	}
	if g.Len() != 1 {
		t.Errorf("got %d ports; want 1", g.Len())
	}
	var lines []int
	for _, e := range g.Skipped {
		lines = append(lines, e.Line)
		if !errors.Is(e, ErrBadValue) {
			t.Errorf("%v: not ErrBadValue", e)
		}
	}
	if len(lines) != 4 || lines[0] != 3 || lines[1] != 4 || lines[2] != 5 || lines[3] != 6 {
		t.Errorf("skipped lines %v; want [3 4 5 6]", lines)
	}
	p, _ := g.ByWPI(60510)
	if p.Country != "North Korea" || p.LOCODE != "" {
		t.Errorf("got %+v", p)
	}
	_, err = ParseWPI(strings.NewReader("Main Port Name,Latitude\n"), "h.csv")
	if !errors.Is(err, ErrMissingColumn) {
		t.Errorf("missing columns: got %v; want ErrMissingColumn", err)
	}
}

func TestLoadOptionsWPI(t *testing.T) {
	path := shareddata.Path(t, "ref/nga-wpi/UpdatedPub150.csv.gz")
	s, err := Load(Options{WPIPath: path})
	if err != nil {
		t.Fatal(err)
	}
	if s.Ports.Source != path || s.Ports.Len() != 3831 || s.Land == nil || s.Land.Source != EmbeddedLandSource {
		t.Errorf("Load: ports from %q (%d), land from %v", s.Ports.Source, s.Ports.Len(), s.Land)
	}
	if _, err := Load(Options{WPIPath: "/nonexistent/wpi.csv"}); err == nil {
		t.Errorf("missing WPI file: no error")
	}
}

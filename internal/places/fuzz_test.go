package places

import (
	"bytes"
	"compress/gzip"
	"os"
	"strings"
	"testing"

	"github.com/lookout-osint/lookout/internal/geo"
	"github.com/lookout-osint/lookout/internal/shareddata"
)

// addSeedFile adds the shared file rel to the fuzz corpus when present.
func addSeedFile(f *testing.F, rel string) {
	if d := shareddata.Dir(); d != "" {
		if b, err := os.ReadFile(d + "/" + rel); err == nil {
			f.Add(b)
		}
	}
}

// checkSites asserts what every successfully parsed site must satisfy.
func checkSites(t *testing.T, sites []Site, err error) {
	if err != nil {
		if len(parseErrorLines(err)) == 0 {
			t.Fatalf("error without a *ParseError: %v", err)
		}
		return
	}
	ids := map[string]bool{}
	for _, s := range sites {
		if s.ID == "" || ids[s.ID] || s.Shape == nil || s.Line < 1 {
			t.Fatalf("bad site %+v", s)
		}
		ids[s.ID] = true
		if c, ok := s.Shape.(geo.Circle); ok && (!c.Center.Valid() || !s.Contains(c.Center)) {
			t.Fatalf("circle site %s does not contain its centre", s.ID)
		}
		_ = s.Contains(geo.Point{Lat: 1, Lon: 2})
		_ = s.Centre()
	}
}

func FuzzParseSitesCSV(f *testing.F) {
	addSeedFile(f, "ref/seed-sites/seed_sites.csv")
	f.Add([]byte("id,name,lat,lon,radius_m\na,A,42,130,500\nb,,-1.5,179.9,\n"))
	f.Add([]byte("\ufeffname,lat,lon\n\"x \"\"y\"\"\",1,2\n"))
	f.Fuzz(func(t *testing.T, in []byte) {
		sites, err := ParseSitesCSV(bytes.NewReader(in), "fuzz.csv", SiteOptions{})
		checkSites(t, sites, err)
	})
}

func FuzzParseSitesGeoJSON(f *testing.F) {
	addSeedFile(f, "ref/seed-sites/seed_sites.geojson")
	f.Add([]byte(`{"type":"Feature","id":"a","properties":{"radius_m":100},"geometry":{"type":"Point","coordinates":[1,2]}}`))
	f.Add([]byte(`{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"p"},"geometry":{"type":"MultiPolygon","coordinates":[[[[179,-17],[-179,-17],[-179,-16],[179,-17]]]]}}]}`))
	f.Fuzz(func(t *testing.T, in []byte) {
		sites, err := ParseSitesGeoJSON(in, "fuzz.geojson", SiteOptions{})
		checkSites(t, sites, err)
	})
}

func FuzzParseWPI(f *testing.F) {
	f.Add([]byte("\ufeffWorld Port Index Number,Main Port Name,Latitude,Longitude\r\n60510.0,Najin,42.233333,130.3\r\n49454.5, Kattupalli Port ,13.3,80.35\r\n"))
	f.Add([]byte("World Port Index Number,Main Port Name,Latitude,Longitude,UN/LOCODE\n1,\"a\"\"b\",1,2,\"KP RJN\"\nx\n"))
	f.Fuzz(func(t *testing.T, in []byte) {
		g, err := ParseWPI(bytes.NewReader(in), "fuzz.csv")
		if err != nil {
			return
		}
		for _, p := range g.Ports() {
			if !p.Point().Valid() || p.Name == "" || p.Number == "" {
				t.Fatalf("bad port %+v", p)
			}
			if q, ok := g.ByNumber(p.Number); !ok || q.Number != p.Number {
				t.Fatalf("ByNumber(%s) = %+v, %v", p.Number, q, ok)
			}
		}
		for _, e := range g.Skipped {
			if e.Line < 2 {
				t.Fatalf("skipped row without a line: %v", e)
			}
		}
		// What WriteWPI writes, ParseWPI reads back unchanged.
		var buf bytes.Buffer
		if err := WriteWPI(&buf, g.Ports()); err != nil {
			t.Fatal(err)
		}
		g2, err := ParseWPI(&buf, "rt.csv")
		if err != nil || g2.Len() != g.Len() || len(g2.Skipped) != 0 {
			t.Fatalf("round trip: %v, %d of %d ports, %d skipped", err, g2.Len(), g.Len(), len(g2.Skipped))
		}
		for i, p := range g.Ports() {
			if q := g2.Ports()[i]; q != p && !strings.ContainsAny(p.Name+p.AltName+p.Country, "\r") {
				t.Fatalf("round trip row %d: %+v != %+v", i, q, p)
			}
		}
	})
}

func FuzzReadLandGeoJSON(f *testing.F) {
	f.Add([]byte(`{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}}]}`))
	f.Fuzz(func(t *testing.T, in []byte) {
		rings, err := ReadLandGeoJSON(in, "fuzz.geojson")
		if err != nil {
			return
		}
		for _, r := range rings {
			for _, p := range r {
				if !p.Valid() {
					t.Fatalf("invalid point %v", p)
				}
			}
		}
	})
}

// FuzzDecodeLandMask feeds corrupted compact land files (uncompressed
// body) to the decoder: it must fail cleanly, never panic or allocate
// without bound.
func FuzzDecodeLandMask(f *testing.F) {
	f.Add([]byte(landMagic + "\x01\x04\x00\x00\x02\x00\x00\x02\x02\x00"))
	f.Add([]byte(landMagic + "\xff\xff\xff\x07"))
	f.Fuzz(func(t *testing.T, in []byte) {
		var buf bytes.Buffer
		zw := gzip.NewWriter(&buf)
		zw.Write(in)
		zw.Close()
		m, err := DecodeLandMask(&buf, "fuzz")
		if err == nil {
			_ = m.IsLand(geo.Point{Lat: 0.5, Lon: 0.5})
			_ = m.DistanceToShoreM(geo.Point{Lat: 0.5, Lon: 0.5})
		}
	})
}

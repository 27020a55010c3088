package detect

import (
	"encoding/json"
	"errors"
	"math"
	"testing"

	"github.com/lookout-osint/lookout/internal/track"
)

// FuzzParseConfig: any input either parses into a valid config or returns
// an error; it never panics, and a parsed config prints and re-parses to
// itself.
func FuzzParseConfig(f *testing.F) {
	y, _ := DefaultConfig().YAML()
	f.Add(y)
	f.Add([]byte("gap:\n  min_hours: 4\n"))
	f.Add([]byte("encounter: {grid_km: 0.1}\n"))
	f.Add([]byte("port_visit:\n  exit_km: [1, 2]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := ParseConfig(data)
		if err != nil {
			return
		}
		if err := c.Validate(); err != nil {
			t.Fatalf("parsed config invalid: %v", err)
		}
		out, err := c.YAML()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := ParseConfig(out); err != nil && !errors.Is(err, ErrConfig) {
			t.Fatalf("re-parse of %q: %v", out, err)
		}
	})
}

// FuzzParseWatchedPorts: never panics; every port returned has a valid
// position and a name or id.
func FuzzParseWatchedPorts(f *testing.F) {
	f.Add([]byte("id,name,kind,lat,lon\nnajin,Najin,port,42.23,130.3\n"))
	f.Add([]byte(`{"type":"FeatureCollection","features":[{"id":"x","geometry":{"type":"Point","coordinates":[130.3,42.2]},"properties":{"name":"N","identifiers":"WPI 60510"}}]}`))
	f.Add([]byte("\xef\xbb\xbfname,lat,lon\n\"a,b\",1,2\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		ports, _, err := ParseWatchedPorts(data, "fuzz")
		if err != nil {
			return
		}
		for _, p := range ports {
			if !p.Point.Valid() {
				t.Fatalf("invalid position %+v", p)
			}
		}
	})
}

// FuzzAppendJSON: whatever text a vessel broadcasts (names, destinations)
// and whatever numbers an attribute holds, the event JSON stays valid.
func FuzzAppendJSON(f *testing.F) {
	f.Add("ANGARA", "RAJIN\x00\"\\", 1.5, int64(1694044800000))
	f.Add("\xff\xfe", "", math.NaN(), int64(-1))
	f.Fuzz(func(t *testing.T, name, text string, x float64, ms int64) {
		ev := Event{ID: name, Type: TypeIdentityChange, MMSI: 1, Start: ms, End: ms, Lat: x, Lon: -x,
			Port:  &PortRef{Name: name, Country: text, Lat: x},
			Attrs: map[string]any{"from": name, "to": text, "x": x, text: []map[string]any{{name: x}}}}
		b := AppendJSON(nil, &ev, func(track.SourceRef) string { return text })
		if !json.Valid(b) {
			t.Fatalf("invalid JSON: %s", b)
		}
	})
}

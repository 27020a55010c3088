package detect

import (
	"encoding/json"
	"errors"
	"math"
	"math/rand"
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

// FuzzSharedMMSIIdentities: random segments of one MMSI (some far apart at
// the same time) and random identity reports never panic the detectors;
// on a shared MMSI every report with a name goes to exactly one
// transmitter, and identity changes only name reported values.
func FuzzSharedMMSIIdentities(f *testing.F) {
	f.Add(int64(1), uint8(2), uint8(20))
	f.Add(int64(7), uint8(4), uint8(200))
	f.Add(int64(42), uint8(1), uint8(0))
	f.Fuzz(func(t *testing.T, seed int64, nSegs, nIDs uint8) {
		rng := rand.New(rand.NewSource(seed))
		v := Vessel{MMSI: 9}
		for s := 0; s < int(nSegs%6); s++ {
			start := t0 + rng.Int63n(6*3600000)
			b := newBuilder(9, start, at(20+rng.Float64()*200, rng.Float64()*50))
			if s < 2 { // the first two sail 100 km apart at the same time: shared
				b = newBuilder(9, t0+rng.Int63n(1800000), at(50+100*float64(s), 0))
			}
			b.sail(at(20+rng.Float64()*200, 50+rng.Float64()*50), 5+rng.Float64()*10, 1+rng.Float64()*20)
			seg := b.seg()
			seg.ID.Seq = uint32(s)
			v.Segments = append(v.Segments, seg)
		}
		names := []string{"", "TWIN A", "TWIN B", "TWIN C"}
		reported := map[string]bool{}
		for k := 0; k < int(nIDs); k++ {
			n := names[rng.Intn(len(names))]
			reported[n] = true
			from := t0 + rng.Int63n(12*3600000)
			v.Identities = append(v.Identities, track.Identity{MMSI: 9, Name: n, From: from, To: from + rng.Int63n(3600000)})
		}
		r, err := NewRunner(DefaultConfig(), testEnv())
		if err != nil {
			t.Fatal(err)
		}
		r.Observe(&v)
		vr := newVesselRun(r, &v)
		vr.run()
		for _, e := range vr.events {
			if e.Type == TypeIdentityChange && (!reported[e.Attrs["from"].(string)] || !reported[e.Attrs["to"].(string)]) {
				t.Fatalf("change %v → %v: not reported", e.Attrs["from"], e.Attrs["to"])
			}
		}
		tx := vr.transmitterIdentities()
		if tx == nil {
			if nSegs%6 >= 2 {
				t.Fatalf("%d segments, two 100 km apart at once: not shared", nSegs%6)
			}
			return
		}
		named, got := 0, 0
		for _, id := range tx.ids {
			if id.Name != "" {
				named++
			}
		}
		for _, s := range splitByTransmitter(tx.ids, identityFields[0], tx.active, len(tx.chains)) {
			got += len(s)
		}
		if got != named {
			t.Fatalf("%d named reports split into %d", named, got)
		}
	})
}

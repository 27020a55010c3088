package detect

import (
	"encoding/json"
	"strconv"
	"testing"
	"time"

	"github.com/lookout-osint/lookout/internal/track"
)

// scenario is a small simulated mix of every kind of event.
func scenario() []Vessel {
	a := newBuilder(1, t0, at(40, 0)).sail(portA.Point, 12, 5).stay(10*time.Hour, 5, 0).
		sail(at(150, 50), 12, 5).silent(13*time.Hour, at(150, 200)).sail(portB.Point, 12, 5).stay(5*time.Hour, 10, 0)
	b := newBuilder(2, t0, at(100, 100)).stay(4*time.Hour, 5, 0)
	c := newBuilder(3, t0, at(100.3, 100)).stay(4*time.Hour, 5, 0)
	return []Vessel{vessel(1, a), vessel(2, b), vessel(3, c)}
}

func TestIDsStable(t *testing.T) {
	first := run(t, DefaultConfig(), testEnv(), scenario()...)
	second := run(t, DefaultConfig(), testEnv(), scenario()...)
	if len(first) == 0 || len(first) != len(second) {
		t.Fatalf("%d then %d events", len(first), len(second))
	}
	seen := map[string]bool{}
	for i := range first {
		if first[i].ID != second[i].ID {
			t.Errorf("event %d: id %s then %s", i, first[i].ID, second[i].ID)
		}
		if seen[first[i].ID] {
			t.Errorf("duplicate id %s", first[i].ID)
		}
		seen[first[i].ID] = true
	}
	types := map[string]bool{}
	for _, e := range first {
		types[e.Type] = true
	}
	for _, want := range []string{TypePortVisit, TypeVoyage, TypeGap, TypeEncounter} {
		if !types[want] {
			t.Errorf("scenario lacks a %s", want)
		}
	}
	// A different computed time changes no id.
	env := testEnv()
	env.Computed += 12345
	third := run(t, DefaultConfig(), env, scenario()...)
	for i := range third {
		if third[i].ID != first[i].ID || third[i].Computed != env.Computed {
			t.Errorf("event %d: id %s computed %d", i, third[i].ID, third[i].Computed)
		}
	}
}

func TestAppendJSON(t *testing.T) {
	ev := Event{
		ID: "abc", Type: TypeEncounter, MMSI: 273111111, OtherMMSI: 636222222,
		Start: 1694146200000, End: 1694157600000, Lat: 41.9, Lon: 132.0,
		Attrs:    map[string]any{"median_distance_m": 140.0, "median_speed_kn": 0.6, "odd": "a\"b\x01", "nan": float64Nan()},
		Evidence: []track.SourceRef{{Source: 1, Line: 10442}, {Source: 1, Line: 10917}},
	}
	name := func(r track.SourceRef) string { return "scenario.nmea:" + strconv.Itoa(int(r.Line)) }
	got := string(AppendJSON(nil, &ev, name))
	want := `{"id":"abc","type":"encounter","mmsi":273111111,"other_mmsi":636222222,` +
		`"start":"2023-09-08T04:10:00Z","end":"2023-09-08T07:20:00Z","lat":41.9,"lon":132,` +
		`"attrs":{"median_distance_m":140,"median_speed_kn":0.6,"nan":null,"odd":"a\"b\u0001"},` +
		`"evidence":[{"src":"scenario.nmea:10442"},{"src":"scenario.nmea:10917"}]}`
	if got != want {
		t.Fatalf("got\n%s\nwant\n%s", got, want)
	}
	ev = Event{ID: "x", Type: TypePortVisit, MMSI: 1, Port: &PortRef{WPI: 60725, Name: "Vostochnyy", Country: "Russia"}, Confidence: 4}
	var m map[string]any
	if err := json.Unmarshal(AppendJSON(nil, &ev, nil), &m); err != nil {
		t.Fatal(err)
	}
	p := m["port"].(map[string]any)
	if p["wpi"] != 60725.0 || p["name"] != "Vostochnyy" || m["confidence"] != 4.0 {
		t.Fatalf("port visit JSON %v", m)
	}
}

func float64Nan() float64 { var z float64; return z / z }

func TestAppendGeoJSONFeature(t *testing.T) {
	ev := Event{ID: "v", Type: TypeVoyage, MMSI: 1, Lat: 42.5, Lon: 131.25,
		FromPort: &PortRef{WPI: 60582, Name: "Zarubino"}, ToPort: &PortRef{Anchorage: "L1_2", Name: "anchorage"}}
	var f struct {
		Type     string
		Geometry struct {
			Type        string
			Coordinates []float64
		}
		Properties map[string]any
	}
	if err := json.Unmarshal(AppendGeoJSONFeature(nil, &ev, nil), &f); err != nil {
		t.Fatal(err)
	}
	if f.Type != "Feature" || f.Geometry.Type != "Point" || f.Geometry.Coordinates[0] != 131.25 || f.Geometry.Coordinates[1] != 42.5 {
		t.Fatalf("feature %+v", f)
	}
	to := f.Properties["to_port"].(map[string]any)
	if f.Properties["from_port"].(map[string]any)["wpi"] != 60582.0 || to["anchorage"] != "L1_2" {
		t.Fatalf("ports %v", f.Properties)
	}
}

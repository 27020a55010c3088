package detect

import (
	"testing"
	"time"

	"github.com/lookout-osint/lookout/internal/geo"
)

func TestEncounter(t *testing.T) {
	meet := at(100, 100) // 54 nm offshore, far from any port
	near := at(100.3, 100)
	cases := []struct {
		name string
		a, b *builder
		want int
	}{
		{"3 h side by side, drifting",
			newBuilder(1, t0, at(100, 60)).sail(meet, 10, 5).drift(at(100, 200), 0.5, 3*time.Hour, 5).sail(at(100, 160), 10, 5),
			newBuilder(2, t0, at(140, 100)).sail(near, 10, 5).drift(at(100.3, 200), 0.5, 3*time.Hour, 5).sail(at(140, 140), 10, 5), 1},
		{"1 h meeting is not an encounter",
			newBuilder(1, t0, at(100, 60)).sail(meet, 10, 5).drift(at(100, 200), 0.5, time.Hour, 5).sail(at(100, 160), 10, 5),
			newBuilder(2, t0, at(140, 100)).sail(near, 10, 5).drift(at(100.3, 200), 0.5, time.Hour, 5).sail(at(140, 140), 10, 5), 0},
		{"crossing at speed",
			newBuilder(1, t0, at(100, 60)).sail(at(100, 140), 12, 2),
			newBuilder(2, t0, at(60, 100)).sail(at(140, 100), 12, 2), 0},
		{"side by side 3 h but at 8 kn (convoy)",
			newBuilder(1, t0, at(100, 60)).sail(at(100, 110), 8, 5),
			newBuilder(2, t0, at(100.3, 60)).sail(at(100.3, 110), 8, 5), 0},
		{"moored together in port",
			newBuilder(1, t0, at(40, 0)).sail(portA.Point, 10, 5).stay(10*time.Hour, 5, 0),
			newBuilder(2, t0, at(40, 1)).sail(geo.Point{Lat: 10.002, Lon: 0.011}, 10, 5).stay(10*time.Hour, 5, 0), 0},
		{"3 h together but 2 km apart",
			newBuilder(1, t0, at(100, 60)).sail(meet, 10, 5).drift(at(100, 200), 0.5, 3*time.Hour, 5),
			newBuilder(2, t0, at(140, 100)).sail(at(102, 100), 10, 5).drift(at(102, 200), 0.5, 3*time.Hour, 5), 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			evs := ofType(run(t, DefaultConfig(), testEnv(), vessel(1, c.a), vessel(2, c.b)), TypeEncounter)
			if len(evs) != c.want {
				t.Fatalf("got %d encounters %+v; want %d", len(evs), evs, c.want)
			}
			if c.want == 0 {
				return
			}
			e := evs[0]
			if e.MMSI != 1 || e.OtherMMSI != 2 {
				t.Errorf("pair %d/%d; want 1/2", e.MMSI, e.OtherMMSI)
			}
			if d := e.Attrs["median_distance_m"].(float64); d < 250 || d > 350 {
				t.Errorf("median distance %v m; want about 300", d)
			}
			if h := hours(e.End - e.Start); h < 2.8 || h > 3.2 {
				t.Errorf("duration %.2f h; want about 3", h)
			}
			if s := e.Attrs["median_speed_kn"].(float64); s > 0.7 {
				t.Errorf("median speed %v kn; want about 0.5", s)
			}
			if n := e.Attrs["fixes"].(int32); n < 30 {
				t.Errorf("fixes %d; want ≈ 36 (one per 5 min)", n)
			}
			if len(e.Evidence) != 4 {
				t.Errorf("evidence %v; want both vessels' fixes at both ends", e.Evidence)
			}
		})
	}
}

// Two meetings of the same pair 3 h apart merge into one encounter.
func TestEncounterMerge(t *testing.T) {
	a := newBuilder(1, t0, at(100, 100)).stay(3*time.Hour, 5, 0).sail(at(110, 100), 10, 5).
		stay(time.Hour, 5, 0).sail(at(100, 100), 10, 5).stay(3*time.Hour, 5, 0)
	b := newBuilder(2, t0, at(100.3, 100)).stay(10*time.Hour, 5, 0)
	evs := ofType(run(t, DefaultConfig(), testEnv(), vessel(1, a), vessel(2, b)), TypeEncounter)
	if len(evs) != 1 || hours(evs[0].End-evs[0].Start) < 7 {
		t.Fatalf("got %+v; want one merged encounter of ≥ 7 h", evs)
	}
}

// No interpolation across a silence longer than an hour: two vessels that
// met only while one was silent did not meet.
func TestEncounterNoInterpolationAcrossSilence(t *testing.T) {
	a := newBuilder(1, t0, at(100, 100)).stay(time.Hour, 5, 0).silent(4*time.Hour, at(100, 100.1)).stay(time.Hour, 5, 0)
	b := newBuilder(2, t0, at(100.3, 100)).stay(6*time.Hour, 5, 0)
	if evs := ofType(run(t, DefaultConfig(), testEnv(), vessel(1, a), vessel(2, b)), TypeEncounter); len(evs) != 0 {
		t.Fatalf("got %+v; want none", evs)
	}
}

// Two ships side by side 1 km off the coast, far from any gazetteer port
// (a marina the World Port Index lacks), are not an encounter unless
// encounter.min_shore_km is lowered.
func TestEncounterNearShore(t *testing.T) {
	mk := func() (Vessel, Vessel) {
		a := newBuilder(1, t0, at(1, 300)).stay(5*time.Hour, 5, 0)
		b := newBuilder(2, t0, at(1.2, 300)).stay(5*time.Hour, 5, 0)
		return vessel(1, a), vessel(2, b)
	}
	a, b := mk()
	if evs := ofType(run(t, DefaultConfig(), testEnv(), a, b), TypeEncounter); len(evs) != 0 {
		t.Fatalf("got %+v; want none 1 km off the coast", evs)
	}
	cfg := DefaultConfig()
	cfg.Encounter.MinShoreKm = 0
	a, b = mk()
	if evs := ofType(run(t, cfg, testEnv(), a, b), TypeEncounter); len(evs) != 1 {
		t.Fatalf("got %+v; want one with min_shore_km 0", evs)
	}
}

// Two ships drifting together across the antimeridian meet in the grid
// (columns wrap around the globe).
func TestEncounterAntimeridian(t *testing.T) {
	a := newBuilder(1, t0, geo.Point{Lat: 50, Lon: 179.999}).stay(4*time.Hour, 5, 0)
	b := newBuilder(2, t0, geo.Point{Lat: 50, Lon: -179.998}).stay(4*time.Hour, 5, 0)
	evs := ofType(run(t, DefaultConfig(), Env{}, vessel(1, a), vessel(2, b)), TypeEncounter)
	if len(evs) != 1 {
		t.Fatalf("got %+v; want one encounter across ±180°", evs)
	}
	if d := evs[0].Attrs["median_distance_m"].(float64); d < 200 || d > 230 {
		t.Errorf("median distance %v m; want about 215", d)
	}
}

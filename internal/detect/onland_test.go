package detect

import (
	"testing"
	"time"

	"github.com/lookout-osint/lookout/internal/geo"
)

// overShore is the half-plane world with the error places.LandMask allows
// beyond its exact 40 km band: distances to shore up to 1% too high.
type overShore struct{ halfPlaneShore }

func (s overShore) DistanceToShoreM(p geo.Point) float64 {
	d := s.halfPlaneShore.DistanceToShoreM(p)
	if d > 40e3 {
		d *= 1.01
	}
	return d
}

// The land mask is re-asked once a fix may have left the radius within
// which the last answer cannot change; that radius must allow for the
// mask's distance being up to 1% too high, or fixes are judged by a stale
// answer.
func TestOnLandSafeRadiusAllowsShoreError(t *testing.T) {
	env := testEnv()
	env.Shore = overShore{}
	// At sea 100 km out (the mask says 101 km), then 0.5 km inland, 100.5 km
	// from the first fix: inside a 101 km radius, outside the true 100 km.
	cfg := strictOnLand()
	cfg.OnLand.MinInlandKm = 0.2
	b := newBuilder(1, t0, at(100, 500)).stay(20*time.Minute, 10, 0)
	b.silent(10*time.Hour, at(-0.5, 500)).stay(20*time.Minute, 10, 0)
	if evs := ofType(run(t, cfg, env, vessel(1, b)), TypeOnLand); len(evs) != 1 {
		t.Errorf("0.5 km inland after 100 km at sea: %d on_land events; want 1", len(evs))
	}
	// 100 km inland (the mask says 101 km), then back to 0.5 km inland,
	// within the 1 km tolerance: those fixes are not on_land.
	b = newBuilder(2, t0, at(-100, 500)).stay(20*time.Minute, 10, 0)
	b.silent(10*time.Hour, at(-0.5, 500)).stay(20*time.Minute, 10, 0)
	evs := ofType(run(t, strictOnLand(), env, vessel(2, b)), TypeOnLand)
	if len(evs) != 1 || evs[0].Attrs["fixes"] != 3 {
		t.Fatalf("got %+v; want one on_land run of the 3 fixes 100 km inland", evs)
	}
}

// The waterway guard: the 1:10m land mask fills lakes, rivers, canals and
// marinas, so a vessel that sailed in from the sea, or is under way, is
// navigating water the mask lacks; a fixed position far inland, or one
// reached by a jump, is what spoofing looks like and is still reported.
func TestOnLandWaterwayGuard(t *testing.T) {
	m := time.Minute
	tests := []struct {
		name      string
		segs      []*builder
		want      int // on_land events with the default guard
		wantNoGrd int // and without it (DETECTORS.md alone)
	}{
		{"sails 5 km up a river and moors", []*builder{
			newBuilder(1, t0, at(20, 600)).sail(at(-5, 600), 10, 5).stay(6*time.Hour, 10, 0)}, 0, 1},
		{"under way on a lake the mask fills", []*builder{
			newBuilder(2, t0, at(-40, 600)).sail(at(-40, 640), 10, 5)}, 0, 1},
		{"fixed position 5.5 km inland, SOG 0", []*builder{
			newBuilder(3, t0, at(-5.5, 600)).stay(3*time.Hour, 10, 0)}, 1, 1},
		{"jumps from sea to a fixed point inland", []*builder{
			newBuilder(4, t0, at(20, 600)).sail(at(10, 600), 10, 5),
			newBuilder(4, t0+70*m.Milliseconds(), at(-30, 650)).stay(2*time.Hour, 10, 0)}, 1, 1},
	}
	for _, tt := range tests {
		v := vessel(tt.segs[0].mmsi, tt.segs...)
		for i := range v.Segments {
			v.Segments[i].ID.Seq = uint32(i)
		}
		if n := len(ofType(run(t, DefaultConfig(), testEnv(), v), TypeOnLand)); n != tt.want {
			t.Errorf("%s: %d on_land events; want %d", tt.name, n, tt.want)
		}
		if n := len(ofType(run(t, strictOnLand(), testEnv(), v), TypeOnLand)); n != tt.wantNoGrd {
			t.Errorf("%s, no guard: %d on_land events; want %d", tt.name, n, tt.wantNoGrd)
		}
	}
}

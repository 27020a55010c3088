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
	cfg := DefaultConfig()
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
	evs := ofType(run(t, DefaultConfig(), env, vessel(2, b)), TypeOnLand)
	if len(evs) != 1 || evs[0].Attrs["fixes"] != 3 {
		t.Fatalf("got %+v; want one on_land run of the 3 fixes 100 km inland", evs)
	}
}

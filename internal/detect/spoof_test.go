package detect

import (
	"testing"
	"time"

	"github.com/lookout-osint/lookout/internal/geo"
	"github.com/lookout-osint/lookout/internal/track"
)

func TestLoitering(t *testing.T) {
	cases := []struct {
		name string
		b    *builder
		want int
	}{
		{"6 h at 1 kn 54 nm offshore", newBuilder(1, t0, at(100, 0)).sail(at(100, 50), 10, 5).drift(at(100, 100), 1, 6*time.Hour, 5).sail(at(100, 150), 10, 5), 1},
		{"3 h at 1 kn offshore", newBuilder(2, t0, at(100, 0)).sail(at(100, 50), 10, 5).drift(at(100, 100), 1, 3*time.Hour, 5).sail(at(100, 150), 10, 5), 0},
		{"6 h at 1 kn 5 nm offshore", newBuilder(3, t0, at(9, 0)).sail(at(9, 50), 10, 5).drift(at(9, 100), 1, 6*time.Hour, 5).sail(at(9, 150), 10, 5), 0},
		{"6 h at 3 kn offshore", newBuilder(4, t0, at(100, 0)).sail(at(100, 50), 10, 5).drift(at(100, 100), 3, 6*time.Hour, 5).sail(at(100, 150), 10, 5), 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			evs := ofType(run(t, DefaultConfig(), testEnv(), vessel(c.b.mmsi, c.b)), TypeLoitering)
			if len(evs) != c.want {
				t.Fatalf("got %d loitering %+v; want %d", len(evs), evs, c.want)
			}
			if c.want == 1 {
				e := evs[0]
				if s := e.Attrs["mean_speed_kn"].(float64); s < 0.9 || s > 1.1 {
					t.Errorf("mean speed %v; want 1", s)
				}
				if h := hours(e.End - e.Start); h < 4.5 || h > 6 { // whole clock hours only: the partial first and last hours mix in the 10 kn legs
					t.Errorf("duration %.2f h; want about 6", h)
				}
			}
		})
	}
}

func TestPositionJump(t *testing.T) {
	b := newBuilder(1, t0, at(50, 0)).sail(at(50, 30), 10, 5)
	mid := len(b.fixes) / 2
	b.fixes[mid].Lat += 1 // 60 nm north for one fix
	evs := ofType(run(t, DefaultConfig(), testEnv(), vessel(1, b)), TypePositionJump)
	if len(evs) != 1 || evs[0].Start != b.fixes[mid].Time || len(evs[0].Evidence) != 3 {
		t.Fatalf("got %+v; want one jump at fix %d with 3 evidence refs", evs, mid)
	}
	// The segmenter's version: the jump alone in its own segment.
	b = newBuilder(1, t0, at(50, 0)).sail(at(50, 30), 10, 5)
	jump := b.fixes[mid]
	jump.Lat++
	rest := append(append([]track.Fix(nil), b.fixes[:mid]...), b.fixes[mid+1:]...)
	v := Vessel{MMSI: 1, Segments: []track.Segment{
		{ID: track.SegmentID{MMSI: 1, Start: rest[0].Time}, MMSI: 1, Fixes: rest},
		{ID: track.SegmentID{MMSI: 1, Start: jump.Time}, MMSI: 1, Fixes: []track.Fix{jump}},
	}}
	if evs := ofType(run(t, DefaultConfig(), testEnv(), v), TypePositionJump); len(evs) != 1 {
		t.Fatalf("single-fix segment: got %+v; want one jump", evs)
	}
}

// Two ships sharing one MMSI, 30 nm apart, alternate reports: no position
// jumps (each is consistent in its own segment), but an identity_overlap.
func TestSharedMMSI(t *testing.T) {
	a := newBuilder(9, t0, at(50, 0)).sail(at(50, 60), 10, 6)
	b := newBuilder(9, t0+3*60000, at(105, 0)).sail(at(105, 60), 10, 6)
	v := vessel(9, a, b)
	v.Identities = []track.Identity{
		{MMSI: 9, Name: "ALPHA ONE", IMO: 9179842, From: t0, To: t0 + 3600000},
		{MMSI: 9, Name: "BETA TWO", IMO: 8517839, From: t0 + 60000, To: t0 + 3600000},
	}
	cfg := DefaultConfig()
	cfg.IdentityChange.Enabled = false
	evs := run(t, cfg, testEnv(), v)
	if n := len(ofType(evs, TypePositionJump)); n != 0 {
		t.Errorf("%d position jumps; want 0", n)
	}
	ov := ofType(evs, TypeIdentityOverlap)
	if len(ov) != 1 {
		t.Fatalf("got %+v; want one identity_overlap", ov)
	}
	if h := hours(ov[0].End - ov[0].Start); h < 3 {
		t.Errorf("overlap %.2f h; want the whole ~3.2 h", h)
	}
	if ids := ov[0].Attrs["identities"].([]map[string]any); len(ids) != 2 {
		t.Errorf("identities %v; want both", ids)
	}
	// The same two ships 5 nm apart: not an overlap.
	b = newBuilder(9, t0+3*60000, at(59, 0)).sail(at(59, 60), 10, 6)
	if ov := ofType(run(t, cfg, testEnv(), vessel(9, a, b)), TypeIdentityOverlap); len(ov) != 0 {
		t.Fatalf("5 nm apart: got %+v; want none", ov)
	}
}

// strictOnLand is the DETECTORS.md on_land definition alone, without the
// waterway guard.
func strictOnLand() Config {
	cfg := DefaultConfig()
	cfg.OnLand.SkipSeaConnected, cfg.OnLand.SkipMovingKn = false, 0
	return cfg
}

func TestOnLand(t *testing.T) {
	// A track that runs 5 km inland (lon < 0) far from any port.
	b := newBuilder(1, t0, at(20, 200)).sail(at(-5, 200), 10, 5).sail(at(-5, 210), 10, 5).sail(at(20, 210), 10, 5)
	evs := ofType(run(t, strictOnLand(), testEnv(), vessel(1, b)), TypeOnLand)
	if len(evs) != 1 {
		t.Fatalf("got %+v; want one on_land run", evs)
	}
	if d := evs[0].Attrs["max_inland_km"].(float64); d < 4.5 || d > 5.1 {
		t.Errorf("max inland %v km; want about 5", d)
	}
	// Half a km inland: within the coastal tolerance.
	b = newBuilder(2, t0, at(20, 200)).sail(at(-0.5, 200), 10, 5).sail(at(-0.5, 210), 10, 5)
	if evs := ofType(run(t, strictOnLand(), testEnv(), vessel(2, b)), TypeOnLand); len(evs) != 0 {
		t.Fatalf("0.5 km inland: got %+v; want none", evs)
	}
	// In port 1.5 km inland (a port up a river): not reported.
	river := Anchor{Ref: PortRef{WPI: 444, Name: "River"}, Point: geo.Point{Lat: 10 + 300*kmLat, Lon: -1.5 * kmLon}}
	env := testEnv()
	env.Anchors = append(env.Anchors, river)
	b = newBuilder(3, t0, at(20, 300)).sail(river.Point, 8, 5).stay(5*time.Hour, 10, 0)
	if evs := ofType(run(t, strictOnLand(), env, vessel(3, b)), TypeOnLand); len(evs) != 0 {
		t.Fatalf("in port inland: got %+v; want none", evs)
	}
}

// Fixes seconds apart and half a mile off (receiver clock jitter, as in
// DMA's 538004030 drift file) imply hundreds of knots but are no jump.
func TestPositionJumpJitterIsNot(t *testing.T) {
	b := newBuilder(1, t0, at(50, 0)).stay(time.Hour, 1, 0)
	mid := len(b.fixes) / 2
	b.fixes[mid].Time = b.fixes[mid-1].Time + 3000
	b.fixes[mid].Lat += 0.5 * kmLat * 1.852 // 0.5 nm north, 3 s later: 600 kn
	if evs := ofType(run(t, DefaultConfig(), testEnv(), vessel(1, b)), TypePositionJump); len(evs) != 0 {
		t.Fatalf("got %+v; want none", evs)
	}
}

// One continuous sharing of an MMSI is one identity_overlap even when one
// transmitter goes quiet for longer than max_stale_minutes (as lost
// messages do in port): the apart periods less than merge_hours apart
// merge, as encounters do; a pause longer than merge_hours splits them.
func TestSharedMMSIMergesInterruptions(t *testing.T) {
	a := newBuilder(9, t0, at(50, 0)).sail(at(50, 60), 10, 6)
	b := newBuilder(9, t0+3*60000, at(105, 0)).sail(at(105, 15), 10, 6).
		silent(90*time.Minute, at(105, 23)).sail(at(105, 45), 10, 6)
	cfg := DefaultConfig()
	cfg.IdentityChange.Enabled = false
	ov := ofType(run(t, cfg, testEnv(), vessel(9, a, b)), TypeIdentityOverlap)
	if len(ov) != 1 {
		t.Fatalf("got %d identity_overlap events %+v; want one", len(ov), ov)
	}
	if h := hours(ov[0].End - ov[0].Start); h < 3 {
		t.Errorf("overlap %.2f h; want the whole ~3.3 h", h)
	}
	cfg.IdentityOverlap.MergeHours = 0.5 // the 90 min pause (60 min unseen) now splits it
	if ov := ofType(run(t, cfg, testEnv(), vessel(9, a, b)), TypeIdentityOverlap); len(ov) != 2 {
		t.Fatalf("merge_hours 0.5: got %d events; want 2", len(ov))
	}
}

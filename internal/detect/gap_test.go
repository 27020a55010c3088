package detect

import (
	"testing"
	"time"

	"github.com/lookout-osint/lookout/internal/track"
)

func TestGap(t *testing.T) {
	cases := []struct {
		name     string
		b        *builder
		gaps     int
		highSeas bool
	}{
		{"3 h silence is not a gap", newBuilder(1, t0, at(50, 0)).sail(at(50, 100), 10, 5).silent(3*time.Hour, at(50, 150)).sail(at(50, 200), 10, 5), 0, false},
		{"7 h silence near shore", newBuilder(2, t0, at(50, 0)).sail(at(50, 100), 10, 5).silent(7*time.Hour, at(50, 200)).sail(at(50, 250), 10, 5), 1, false},
		{"13 h silence 150 km offshore after dense fixes", newBuilder(3, t0, at(150, 0)).sail(at(150, 200), 10, 5).silent(13*time.Hour, at(150, 400)).sail(at(150, 450), 10, 5), 1, true},
		{"13 h silence offshore after sparse fixes", newBuilder(4, t0, at(150, 0)).sail(at(150, 200), 10, 60).silent(13*time.Hour, at(150, 400)).sail(at(150, 450), 10, 60), 1, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			evs := ofType(run(t, DefaultConfig(), testEnv(), vessel(c.b.mmsi, c.b)), TypeGap)
			if len(evs) != c.gaps {
				t.Fatalf("got %d gaps %+v; want %d", len(evs), evs, c.gaps)
			}
			if c.gaps == 0 {
				return
			}
			e := evs[0]
			if e.Attrs["high_seas_disabling"] != c.highSeas {
				t.Errorf("high_seas_disabling = %v; want %v (attrs %v)", e.Attrs["high_seas_disabling"], c.highSeas, e.Attrs)
			}
			if len(e.Evidence) != 2 {
				t.Errorf("evidence %v; want the off and on fixes", e.Evidence)
			}
			for _, k := range []string{"duration_h", "distance_nm", "implied_speed_kn", "off_shore_nm", "on_shore_nm", "off_port", "on_port", "fixes_before"} {
				if _, ok := e.Attrs[k]; !ok {
					t.Errorf("attr %s missing: %v", k, e.Attrs)
				}
			}
		})
	}
}

func TestGapAttrs(t *testing.T) {
	b := newBuilder(2, t0, at(50, 0)).sail(at(50, 100), 10, 5).silent(7*time.Hour, at(50, 200)).sail(at(50, 250), 10, 5)
	e := ofType(run(t, DefaultConfig(), testEnv(), vessel(2, b)), TypeGap)[0]
	if d := e.Attrs["duration_h"].(float64); d != 7 {
		t.Errorf("duration %v; want 7", d)
	}
	if d := e.Attrs["distance_nm"].(float64); d < 53.5 || d > 54.5 {
		t.Errorf("distance %v nm; want 100 km = 54 nm", d)
	}
	if s := e.Attrs["off_shore_nm"].(float64); s < 26.5 || s > 27.5 {
		t.Errorf("off shore %v nm; want 50 km = 27 nm", s)
	}
	if n := e.Attrs["fixes_before"].(int); n != 66 {
		t.Errorf("fixes before %d; want 66 (100 km at 10 kn = 5.4 h, a fix every 5 min, plus the first)", n)
	}
	p := e.Attrs["off_port"].(map[string]any)
	if p["name"] != "Bravo" {
		t.Errorf("off port %v; want Bravo (nearest to 50 km E, 100 km N)", p)
	}
}

// When every vessel in the area falls silent at once, the gap is labelled a
// receiver outage and never a high-seas disabling.
func TestReceiverOutage(t *testing.T) {
	var vs []Vessel
	for m := uint32(100); m < 110; m++ {
		off := float64(m - 100)
		b := newBuilder(m, t0, at(150+off, 0)).sail(at(150+off, 200), 10, 2).
			silent(13*time.Hour, at(150+off, 400)).sail(at(150+off, 450), 10, 2)
		vs = append(vs, vessel(m, b))
	}
	gaps := ofType(run(t, DefaultConfig(), testEnv(), vs...), TypeGap)
	if len(gaps) != 10 {
		t.Fatalf("%d gaps; want 10", len(gaps))
	}
	for _, g := range gaps {
		if g.Attrs["receiver_outage"] != true || g.Attrs["high_seas_disabling"] != false {
			t.Errorf("mmsi %d: attrs %v; want a receiver outage, not a disabling", g.MMSI, g.Attrs)
		}
	}
	// One vessel silent while the others keep reporting: not an outage.
	vs[0] = vessel(100, newBuilder(100, t0, at(150, 0)).sail(at(150, 200), 10, 2).silent(13*time.Hour, at(150, 400)).sail(at(150, 450), 10, 2))
	for i := 1; i < len(vs); i++ {
		m := vs[i].MMSI
		off := float64(m - 100)
		vs[i] = vessel(m, newBuilder(m, t0, at(150+off, 0)).sail(at(150+off, 450), 10, 2))
	}
	gaps = ofType(run(t, DefaultConfig(), testEnv(), vs...), TypeGap)
	if len(gaps) != 1 || gaps[0].Attrs["receiver_outage"] != false || gaps[0].Attrs["high_seas_disabling"] != true {
		t.Fatalf("got %+v; want one high-seas disabling, no outage", gaps)
	}
}

func TestDarkPortCall(t *testing.T) {
	env := testEnv()
	env.Watched = []WatchedPort{watched}
	cases := []struct {
		name  string
		b     *builder
		calls int
		near  bool
	}{
		// Off 55 km south of the watched port, on again at the same place
		// 10 h later: 2 × 30 nm / 12 kn + 2 h = 7 h ≤ 10 h.
		{"feasible round trip", newBuilder(1, t0, at(50, 0)).sail(at(5, 55), 12, 5).
			silent(10*time.Hour, at(5, 56)).sail(at(50, 0), 12, 5), 1, false},
		{"too short to get there and back", newBuilder(2, t0, at(50, 0)).sail(at(5, 55), 12, 5).
			silent(5*time.Hour, at(5, 56)).sail(at(50, 0), 12, 5), 0, false},
		{"both ends within 10 km", newBuilder(3, t0, at(50, 50)).sail(at(5, 105), 12, 5).
			silent(3*time.Hour, at(5, 106)).sail(at(50, 50), 12, 5), 1, true},
		{"far away", newBuilder(4, t0, at(50, -500)).sail(at(50, -400), 12, 5).
			silent(10*time.Hour, at(50, -399)).sail(at(50, -300), 12, 5), 0, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			evs := ofType(run(t, DefaultConfig(), env, vessel(c.b.mmsi, c.b)), TypeDarkPortCall)
			if len(evs) != c.calls {
				t.Fatalf("got %d dark port calls %+v; want %d", len(evs), evs, c.calls)
			}
			if c.calls == 0 {
				return
			}
			e := evs[0]
			ports := e.Attrs["ports"].([]map[string]any)
			if e.Port.WPI != 333 || len(ports) != 1 || ports[0]["near"] != c.near {
				t.Fatalf("port %+v ports %v; want the watched port, near=%v", e.Port, ports, c.near)
			}
			if c.name == "feasible round trip" {
				// v_max = 12 kn (the vessel's own 95th percentile).
				if v := e.Attrs["v_max_kn"].(float64); v != 12 {
					t.Errorf("v_max %v; want 12", v)
				}
				want := 10 - (2*55/1.852/12 + 2)
				if s := ports[0]["slack_h"].(float64); s < want-0.1 || s > want+0.1 {
					t.Errorf("slack %v h; want %.2f", s, want)
				}
			}
		})
	}
}

func TestDarkPortCallDraught(t *testing.T) {
	env := testEnv()
	env.Watched = []WatchedPort{watched}
	b := newBuilder(1, t0, at(50, 0)).sail(at(5, 55), 12, 5).silent(10*time.Hour, at(5, 56)).sail(at(50, 0), 12, 5)
	v := vessel(1, b)
	off := b.fixes[0].Time
	v.Identities = []track.Identity{
		{MMSI: 1, Draught: 6.5, From: off, To: off + 3600000, Src: track.SourceRef{Source: 1, Line: 9001}},
		{MMSI: 1, Draught: 9.8, From: b.t - 3600000, To: b.t, Src: track.SourceRef{Source: 1, Line: 9002}},
	}
	e := ofType(run(t, DefaultConfig(), env, v), TypeDarkPortCall)[0]
	if e.Attrs["draught_change_m"] != 3.3 {
		t.Fatalf("attrs %v; want a draught change of +3.3 m", e.Attrs)
	}
}

// A silence longer than the segmenter's 24 h idle limit falls between two
// segments and is still a gap.
func TestGapAcrossSegments(t *testing.T) {
	a := newBuilder(7, t0, at(150, 0)).sail(at(150, 100), 10, 5)
	b := newBuilder(7, a.t+30*3600000, at(150, 400)).sail(at(150, 450), 10, 5)
	evs := ofType(run(t, DefaultConfig(), testEnv(), vessel(7, a, b)), TypeGap)
	if len(evs) != 1 || evs[0].Attrs["across_segments"] != true || evs[0].Attrs["duration_h"] != 30.0 {
		t.Fatalf("got %+v; want one 30 h gap across segments", evs)
	}
	if n := evs[0].Attrs["fixes_before"].(int); n != 66 {
		t.Errorf("fixes before %d; want 66", n)
	}
}

// A vessel that fell silent two hours before the whole feed went down for
// 28 h was heard silent for only ~4 h: a receiver outage, not a switch-off.
func TestOutageStartingAfterGap(t *testing.T) {
	h := time.Hour
	var vs []Vessel
	for m := uint32(100); m < 110; m++ {
		off := float64(m - 100)
		b := newBuilder(m, t0, at(150+off, 0)).drift(at(150+off, 100), 1, 12*h, 2).
			silent(28*h, at(150+off, 10)).drift(at(150+off, 100), 1, 4*h, 2)
		vs = append(vs, vessel(m, b))
	}
	a := newBuilder(200, t0, at(140, 0)).drift(at(140, 100), 1, 10*h, 2).
		silent(32*h, at(140, 10)).drift(at(140, 100), 1, 2*h, 2)
	vs = append(vs, vessel(200, a))
	var got *Event
	for _, g := range ofType(run(t, DefaultConfig(), testEnv(), vs...), TypeGap) {
		if g.MMSI == 200 {
			got = &g
		}
	}
	if got == nil || got.Attrs["receiver_outage"] != true {
		t.Fatalf("gap of 200: %+v; want a receiver outage", got)
	}
	if s := got.Attrs["feed_down_h"].(int); s < 26 || s > 28 {
		t.Errorf("feed down %d h; want about 27", s)
	}
}

// A receiver outage that ends while the vessel stays silent for more than
// gap.min_hours does not explain the gap: the vessel was heard silent for
// that long after everyone else came back (the Auckland collector outage,
// docs/REAL-DATA.md).
func TestOutageEndsBeforeVesselReturns(t *testing.T) {
	h := time.Hour
	var vs []Vessel
	for m := uint32(100); m < 110; m++ {
		off := float64(m - 100)
		b := newBuilder(m, t0, at(150+off, 0)).drift(at(150+off, 100), 1, 12*h, 2).
			silent(10*h, at(150+off, 10)).drift(at(150+off, 100), 1, 12*h, 2)
		vs = append(vs, vessel(m, b))
	}
	a := newBuilder(200, t0, at(140, 0)).drift(at(140, 100), 1, 12*h, 2).
		silent(18*h, at(140, 10)).drift(at(140, 100), 1, 4*h, 2)
	vs = append(vs, vessel(200, a))
	g := gapOf(t, run(t, DefaultConfig(), testEnv(), vs...), 200)
	if g.Attrs["receiver_outage"] != false {
		t.Fatalf("gap of 200: %v; want no receiver outage (8 h silent after the others came back)", g.Attrs)
	}
	if r := g.Attrs["cell_recovered_h"].(float64); r < 9 || r > 11 {
		t.Errorf("cell recovered after %v h; want about 10", r)
	}
}

// A gap that begins in the first hour of the data is judged against that
// hour: when every vessel everywhere then falls silent, the feed was down.
func TestFeedDownAtStartOfData(t *testing.T) {
	h := time.Hour
	var vs []Vessel
	for m := uint32(100); m < 110; m++ { // far from 200's cell: only the feed can tell
		off := float64(m - 100)
		b := newBuilder(m, t0, at(600+off, 300)).drift(at(600+off, 400), 1, 40*time.Minute, 2).
			silent(10*h, at(600+off, 301)).drift(at(600+off, 400), 1, 4*h, 2)
		vs = append(vs, vessel(m, b))
	}
	a := newBuilder(200, t0, at(140, 0)).drift(at(140, 100), 1, 30*time.Minute, 2).
		silent(10*h+20*time.Minute, at(140, 1)).drift(at(140, 100), 1, 4*h, 2)
	vs = append(vs, vessel(200, a))
	g := gapOf(t, run(t, DefaultConfig(), testEnv(), vs...), 200)
	if g.Attrs["receiver_outage"] != true || g.Attrs["feed_down_h"].(int) < 8 {
		t.Fatalf("gap of 200: %v; want a receiver outage with the feed down ~9 h", g.Attrs)
	}
}

func gapOf(t *testing.T, evs []Event, mmsi uint32) Event {
	t.Helper()
	for _, g := range ofType(evs, TypeGap) {
		if g.MMSI == mmsi {
			return g
		}
	}
	t.Fatalf("no gap of %d", mmsi)
	return Event{}
}

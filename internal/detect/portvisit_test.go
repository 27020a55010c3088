package detect

import (
	"strings"
	"testing"
	"time"

	"github.com/lookout-osint/lookout/internal/geo"
)

func TestPortVisitAndVoyage(t *testing.T) {
	sea := at(40, 0)
	b := newBuilder(1, t0, sea).
		sail(portA.Point, 12, 5).stay(10*time.Hour, 5, 0).
		sail(at(40, 25), 12, 5).sail(portB.Point, 12, 5).stay(6*time.Hour, 5, 0.1).
		sail(at(40, 55), 12, 5)
	evs := run(t, DefaultConfig(), testEnv(), vessel(1, b))
	visits := ofType(evs, TypePortVisit)
	if len(visits) != 2 {
		t.Fatalf("got %d port visits; want 2: %+v", len(visits), visits)
	}
	for i, want := range []int{111, 222} {
		v := visits[i]
		if v.Port == nil || v.Port.WPI != want || v.Confidence != 4 {
			t.Errorf("visit %d: port %+v confidence %d; want WPI %d confidence 4", i, v.Port, v.Confidence, want)
		}
		if len(v.Evidence) < 3 {
			t.Errorf("visit %d: evidence %v; want entry, stop, last, exit", i, v.Evidence)
		}
	}
	if d := hours(visits[0].End - visits[0].Start); d < 10 || d > 10.5 {
		t.Errorf("visit 0 lasts %.2f h; want about 10 h (stay plus the last 3 km)", d)
	}
	voy := ofType(evs, TypeVoyage)
	if len(voy) != 1 || voy[0].FromPort.WPI != 111 || voy[0].ToPort.WPI != 222 {
		t.Fatalf("voyages %+v; want one Alpha → Bravo", voy)
	}
	if voy[0].Start < visits[0].End || voy[0].End != visits[1].Start {
		t.Errorf("voyage %d..%d not between the visits (%d, %d)", voy[0].Start, voy[0].End, visits[0].End, visits[1].Start)
	}
}

func TestPortVisitConfidence(t *testing.T) {
	cases := []struct {
		name string
		b    *builder
		want int // confidence; 0 = no visit output
	}{
		{"passing within 2 km without stopping", newBuilder(2, t0, at(30, -20)).sail(at(2, 0), 12, 2).sail(at(30, 20), 12, 2), 0},
		{"starts in port, stops, leaves", newBuilder(3, t0, portA.Point).stay(5*time.Hour, 10, 0).sail(at(40, 0), 12, 5), 3},
		{"in port throughout, stopped", newBuilder(4, t0, portA.Point).stay(20*time.Hour, 10, 0), 2},
		{"enters, moves slowly, silent 5 h, leaves", newBuilder(5, t0, at(40, 0)).sail(portA.Point, 12, 5).stay(time.Hour, 10, 1).
			silent(5*time.Hour, portA.Point).sail(at(40, 0), 12, 5), 4},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			evs := ofType(run(t, DefaultConfig(), testEnv(), vessel(c.b.mmsi, c.b)), TypePortVisit)
			if c.want == 0 {
				if len(evs) != 0 {
					t.Fatalf("got %+v; want no visit", evs)
				}
				return
			}
			if len(evs) != 1 || evs[0].Confidence != c.want {
				t.Fatalf("got %+v; want one visit with confidence %d", evs, c.want)
			}
		})
	}
}

func TestPassingVisibleAtConfidence1(t *testing.T) {
	cfg := DefaultConfig()
	cfg.PortVisit.MinConfidence = 1
	b := newBuilder(2, t0, at(30, -20)).sail(at(2, 0), 12, 2).sail(at(30, 20), 12, 2)
	evs := ofType(run(t, cfg, testEnv(), vessel(2, b)), TypePortVisit)
	if len(evs) != 1 || evs[0].Confidence != 1 || evs[0].Attrs["stop"] != false {
		t.Fatalf("got %+v; want one passing visit, confidence 1", evs)
	}
}

// A stay split over two segments by a long silence is one visit.
func TestPortVisitJoinedAcrossSegments(t *testing.T) {
	a := newBuilder(6, t0, at(40, 0)).sail(portA.Point, 12, 5).stay(3*time.Hour, 10, 0)
	b := newBuilder(6, a.t+30*3600000, portA.Point).stay(3*time.Hour, 10, 0).sail(at(40, 0), 12, 5)
	evs := ofType(run(t, DefaultConfig(), testEnv(), vessel(6, a, b)), TypePortVisit)
	if len(evs) != 1 || evs[0].Confidence != 4 || evs[0].Attrs["gap"] != true {
		t.Fatalf("got %+v; want one joined visit, confidence 4, with a gap", evs)
	}
}

func TestHysteresis(t *testing.T) {
	// Wandering between 3.5 and 3.9 km from the port after entering does not
	// leave port; going out to 4.5 km does.
	b := newBuilder(7, t0, at(40, 0)).sail(portA.Point, 10, 5).stay(2*time.Hour, 10, 0).
		sail(geo.Point{Lat: 10 + 3.5*kmLat, Lon: 0.01}, 3, 5).sail(geo.Point{Lat: 10 + 3.9*kmLat, Lon: 0.01}, 3, 5).
		sail(geo.Point{Lat: 10 + 3.5*kmLat, Lon: 0.01}, 3, 5).sail(geo.Point{Lat: 10 + 4.5*kmLat, Lon: 0.01}, 3, 5).
		sail(at(40, 20), 10, 5)
	evs := ofType(run(t, DefaultConfig(), testEnv(), vessel(7, b)), TypePortVisit)
	if len(evs) != 1 || evs[0].Attrs["exit"] != true {
		t.Fatalf("got %+v; want one visit with an exit", evs)
	}
}

func TestLearnedAnchorage(t *testing.T) {
	cfg := DefaultConfig()
	cfg.Anchorages.MinVessels = 3
	spot := at(60, 60) // far from any WPI entry
	var vs []Vessel
	for m := uint32(10); m < 13; m++ {
		b := newBuilder(m, t0+int64(m)*3600000, at(80, 80)).sail(spot, 10, 5).stay(14*time.Hour, 10, 0).sail(at(80, 40), 10, 5)
		vs = append(vs, vessel(m, b))
	}
	r, err := NewRunner(cfg, testEnv())
	if err != nil {
		t.Fatal(err)
	}
	for i := range vs {
		r.Observe(&vs[i])
	}
	visits := ofType(r.Detect(&vs[0]), TypePortVisit)
	if got := r.Anchorages(); len(got) != 1 || geo.DistanceHaversineM(got[0].Point, spot) > 300 {
		t.Fatalf("learned %+v; want one anchorage at %v", got, spot)
	}
	if len(visits) != 1 || visits[0].Port.Anchorage == "" || visits[0].Confidence != 4 {
		t.Fatalf("visits %+v; want one at the learned anchorage", visits)
	}
	// Two vessels are not enough.
	cfg.Anchorages.MinVessels = 4
	evs := run(t, cfg, testEnv(), vs...)
	if n := len(ofType(evs, TypePortVisit)); n != 0 {
		t.Fatalf("%d visits with too few vessels to learn; want 0", n)
	}
}

// One vessel moored 14 h at a berth 6 km from the gazetteer's point of its
// port (as GREAT OCEAN at Marsden Point, 5.9 km from Whangarei's WPI point)
// makes a learned anchorage there: the visit is found with the default
// min_vessels.
func TestPortAreaAnchorage(t *testing.T) {
	berth := geo.Point{Lat: 10 + 6*kmLat, Lon: 0.01}
	b := newBuilder(8, t0, at(40, 6)).sail(berth, 10, 5).stay(14*time.Hour, 5, 0).sail(at(40, 6), 10, 5)
	evs := ofType(run(t, DefaultConfig(), testEnv(), vessel(8, b)), TypePortVisit)
	if len(evs) != 1 || evs[0].Port.Anchorage == "" || !strings.Contains(evs[0].Port.Name, "from Alpha") || evs[0].Port.Country != "Testland" {
		t.Fatalf("got %+v; want one visit at a learned anchorage named after Alpha", evs)
	}
	// The same stay 30 km from any port: one vessel is not enough.
	b = newBuilder(8, t0, at(60, 60)).sail(at(40, 30), 10, 5).stay(14*time.Hour, 5, 0).sail(at(60, 60), 10, 5)
	if evs := ofType(run(t, DefaultConfig(), testEnv(), vessel(8, b)), TypePortVisit); len(evs) != 0 {
		t.Fatalf("got %+v; want none far from ports", evs)
	}
}

// A stay seen twice — the segment ends in port (a receiver outage) and the
// next begins in port a couple of km away, labelled by another anchorage —
// is no voyage: nothing shows the vessel leaving (docs/REAL-DATA.md,
// Auckland 512003946). Beginning at a port 20 km away is one.
func TestNoVoyageWithoutLeaving(t *testing.T) {
	x := Anchor{Ref: PortRef{WPI: 901, Name: "X"}, Point: at(50, 500)}
	y := Anchor{Ref: PortRef{WPI: 902, Name: "Y"}, Point: at(50, 505.5)}
	z := Anchor{Ref: PortRef{WPI: 903, Name: "Z"}, Point: at(50, 520)}
	env := testEnv()
	env.Anchors = append(env.Anchors, x, y, z)
	cfg := DefaultConfig()
	cfg.Anchorages.Learn = false
	for _, tt := range []struct {
		name    string
		resume  geo.Point
		voyages int
	}{
		{"resumes 2 km away, nearer Y", at(50, 503.5), 0},
		{"resumes at Z, 18.5 km away", at(50, 520), 1},
	} {
		a := newBuilder(7, t0, at(50, 501.5)).stay(6*time.Hour, 10, 0)
		b := newBuilder(7, a.t+30*3600000, tt.resume).stay(6*time.Hour, 10, 0)
		v := vessel(7, a, b)
		v.Segments[1].ID.Seq = 1
		evs := run(t, cfg, env, v)
		if n := len(ofType(evs, TypePortVisit)); n != 2 {
			t.Fatalf("%s: %d port visits; want 2", tt.name, n)
		}
		if n := len(ofType(evs, TypeVoyage)); n != tt.voyages {
			t.Errorf("%s: %d voyages; want %d", tt.name, n, tt.voyages)
		}
	}
}

// A stay split over two segments (a collector outage) is one visit even
// when the vessel then sails out past another anchorage of the port
// complex: the join compares where the first piece ended with where the
// second began, not with where the vessel left from (AOTEAROA CHIEF left
// Portland past Whangarei's other berths; simulated).
func TestPortVisitJoinedLeavingThroughComplex(t *testing.T) {
	x := Anchor{Ref: PortRef{WPI: 911, Name: "X"}, Point: at(500, 50)}
	y := Anchor{Ref: PortRef{WPI: 912, Name: "Y"}, Point: at(506, 50)}
	env := testEnv()
	env.Anchors = append(env.Anchors, x, y)
	cfg := DefaultConfig()
	cfg.Anchorages.Learn = false
	a := newBuilder(9, t0, at(500, 90)).sail(x.Point, 10, 5).stay(6*time.Hour, 10, 0)
	b := newBuilder(9, a.t+30*3600000, x.Point).stay(6*time.Hour, 10, 0).sail(at(540, 50), 10, 5)
	v := vessel(9, a, b)
	v.Segments[1].ID.Seq = 1
	evs := run(t, cfg, env, v)
	visits := ofType(evs, TypePortVisit)
	if len(visits) != 1 || visits[0].Port.WPI != 911 || visits[0].Confidence != 4 || hours(visits[0].End-visits[0].Start) < 42 {
		t.Fatalf("visits %+v; want one ≥ 42 h visit at X, confidence 4", visits)
	}
	if n := len(ofType(evs, TypeVoyage)); n != 0 {
		t.Errorf("%d voyages; want none (one stay)", n)
	}
}

package detect

import (
	"testing"
	"time"

	"github.com/lookout-osint/lookout/internal/geo"
)

// learn runs pass 1 over vs and returns the runner, ready for Detect.
func learn(t *testing.T, cfg Config, env Env, vs []Vessel) *Runner {
	t.Helper()
	r, err := NewRunner(cfg, env)
	if err != nil {
		t.Fatal(err)
	}
	for i := range vs {
		r.Observe(&vs[i])
	}
	return r
}

// Three berths 0.85–1.6 km apart, 6 km from the gazetteer point of Alpha (as
// the three cells learned at Marsden Point), and a fourth 12 km from them:
// the three are one anchorage (one id, one name), the fourth is another,
// and a re-run gives the same ids (simulated).
func TestLearnedAnchoragesMerged(t *testing.T) {
	berths := []geo.Point{at(1.1, 6), at(1.9, 6.3), at(2.7, 6), at(1.1, -6)}
	var vs []Vessel
	for i, p := range berths {
		m := uint32(20 + i)
		b := newBuilder(m, t0+int64(i)*3600000, at(40, 0)).sail(p, 10, 5).stay(14*time.Hour, 5, 0).sail(at(40, 0), 10, 5)
		vs = append(vs, vessel(m, b))
	}
	ids := func() []string {
		r := learn(t, DefaultConfig(), testEnv(), vs)
		var out []string
		for i := range vs {
			visits := ofType(r.Detect(&vs[i]), TypePortVisit)
			if len(visits) != 1 || visits[0].Port.Anchorage == "" {
				t.Fatalf("vessel %d: visits %+v; want one at a learned anchorage", vs[i].MMSI, visits)
			}
			out = append(out, visits[0].Port.Anchorage)
		}
		if got := r.Anchorages(); len(got) != 2 {
			t.Fatalf("learned %d anchorages %+v; want 2 (three berths within merge_km are one)", len(got), got)
		}
		return out
	}
	first := ids()
	if first[0] != first[1] || first[1] != first[2] {
		t.Errorf("berths 0.85–1.6 km apart labelled %v; want one anchorage", first[:3])
	}
	if first[3] == first[0] {
		t.Errorf("berth 12 km away labelled %s like the others; want its own anchorage", first[3])
	}
	if again := ids(); again[0] != first[0] || again[3] != first[3] {
		t.Errorf("re-run gave ids %v; want %v", again, first)
	}
	cfg := DefaultConfig()
	cfg.Anchorages.MergeKm = 0
	r := learn(t, cfg, testEnv(), vs)
	r.endLearning()
	if got := r.Anchorages(); len(got) != 4 {
		t.Errorf("merge_km 0: %d anchorages; want the 4 cells as 4", len(got))
	}
}

// outageWorld is a vessel moored 9 h at a berth 7 km from Alpha's point (as
// AOTEAROA CHIEF at Portland), silent 40 h, seen again 6 h at resume, then
// leaving; and a background vessel at sea that transmits throughout, or
// only outside the 40 h when feedDown (simulated).
func outageWorld(resume geo.Point, feedDown bool) []Vessel {
	berth := at(1.1, 7)
	a := newBuilder(30, t0, at(40, 7)).sail(berth, 10, 5).stay(9*time.Hour, 5, 0)
	b := newBuilder(30, a.t+40*3600000, resume).stay(6*time.Hour, 5, 0).sail(at(40, 7), 10, 5)
	v := vessel(30, a, b)
	v.Segments[1].ID.Seq = 1
	bg := newBuilder(31, t0-24*3600000, at(60, 60)).stay(24*time.Hour+time.Duration(a.t-t0)*time.Millisecond, 5, 1)
	var bgs []*builder
	if feedDown {
		bg2 := newBuilder(31, a.t+40*3600000, at(60, 60)).stay(30*time.Hour, 5, 1)
		bgs = []*builder{bg, bg2}
	} else {
		bgs = []*builder{bg.stay(70*time.Hour, 5, 1)}
	}
	w := vessel(31, bgs...)
	for i := range w.Segments {
		w.Segments[i].ID.Seq = uint32(i)
	}
	return []Vessel{v, w}
}

// A stay split by a collector outage into two pieces of 9 h and 6 h (each
// under stay_hours) is one stay when the feed was down, or when the vessel
// did not move; not when the feed was up and the vessel came back 200 m
// away (it may have left). Before this rule no anchorage was learned and
// the call was missed.
func TestStayAcrossOutage(t *testing.T) {
	berth := at(1.1, 7)
	for _, tt := range []struct {
		name     string
		resume   geo.Point
		feedDown bool
		stillM   float64
		want     bool
	}{
		{"feed down, same berth", berth, true, 30, true},
		{"feed down, 200 m along the quay", at(1.1, 7.2), true, 30, true},
		{"feed down, rule off", berth, true, 0, true},
		{"feed up, not moved", berth, false, 30, true},
		{"feed up, not moved, still rule off", berth, false, 0, false},
		{"feed up, back 200 m away", at(1.1, 7.2), false, 30, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			cfg := DefaultConfig()
			cfg.Anchorages.JoinStillM = tt.stillM
			vs := outageWorld(tt.resume, tt.feedDown)
			r := learn(t, cfg, testEnv(), vs)
			visits := ofType(r.Detect(&vs[0]), TypePortVisit)
			if !tt.want {
				if len(visits) != 0 || len(r.Anchorages()) != 0 {
					t.Fatalf("visits %+v, anchorages %+v; want none", visits, r.Anchorages())
				}
				return
			}
			if len(r.Anchorages()) != 1 || geo.DistanceHaversineM(r.Anchorages()[0].Point, berth) > 300 {
				t.Fatalf("anchorages %+v; want one at the berth", r.Anchorages())
			}
			if len(visits) != 1 || visits[0].Confidence != 4 || visits[0].Attrs["gap"] != true ||
				hours(visits[0].End-visits[0].Start) < 55 {
				t.Fatalf("visits %+v; want one ≥ 55 h visit across the silence, confidence 4", visits)
			}
		})
	}
	// The same pieces with joining off altogether teach nothing.
	cfg := DefaultConfig()
	cfg.Anchorages.JoinOutages, cfg.Anchorages.JoinStillM = false, 0
	vs := outageWorld(berth, true)
	r := learn(t, cfg, testEnv(), vs)
	r.endLearning()
	if got := r.Anchorages(); len(got) != 0 {
		t.Fatalf("join_outages false: learned %+v from two short pieces", got)
	}
}

// A chain of three pieces is cut where the silence is not explained: 9 h,
// a 40 h outage (feed down), 4 h, 30 h silent while the feed was up, back
// 200 m away for 13 h. The first two pieces are one 53 h stay; the third
// is a stay of its own: two stays, not one (simulated).
func TestStayChainCutAtUnexplainedSilence(t *testing.T) {
	berth := at(1.1, 7)
	a := newBuilder(40, t0, berth).stay(9*time.Hour, 5, 0)
	b := newBuilder(40, a.t+40*3600000, berth).stay(4*time.Hour, 5, 0)
	c := newBuilder(40, b.t+30*3600000, at(1.1, 7.2)).stay(13*time.Hour, 5, 0)
	v := vessel(40, a, b, c)
	bg1 := newBuilder(41, t0-24*3600000, at(60, 60)).stay(33*time.Hour, 5, 1)
	bg2 := newBuilder(41, a.t+40*3600000, at(60, 60)).stay(50*time.Hour, 5, 1)
	w := vessel(41, bg1, bg2)
	for i := range v.Segments {
		v.Segments[i].ID.Seq = uint32(i)
	}
	w.Segments[1].ID.Seq = 1
	r := learn(t, DefaultConfig(), testEnv(), []Vessel{v, w})
	r.endLearning()
	stays := 0
	for _, cell := range r.stays.cells {
		p := geo.Point{Lat: cell.sumLat / float64(cell.stays), Lon: cell.sumLon / float64(cell.stays)}
		if geo.DistanceHaversineM(p, berth) < 1000 { // not the background vessel's
			stays += cell.stays
		}
	}
	if stays != 2 {
		t.Fatalf("%d stays; want 2 (9 h + 4 h across the outage, then 13 h after a silence the feed was up for)", stays)
	}
	if got := r.Anchorages(); len(got) != 1 {
		t.Fatalf("anchorages %+v; want the berth's cells as one", got)
	}
}

package track

import (
	"math"
	"testing"

	"github.com/lookout-osint/lookout/internal/geo"
)

// refSegment is a slow, literal implementation of the matcher (GFW's
// gpsdio-segment Matcher as DETECTORS.md §1 describes it): every look-back
// candidate scored with plain math functions, no pruning, no lazy
// exponentials, no lookup tables, no ring buffers or delayed output. Its
// look-back window has the Segmenter's bounded-memory rule: the newest
// Lookback fixes, not refilled with older ones after a look-back drop. The differential fuzz test checks that the
// fast Segmenter decides exactly as it does. It returns, per input fix, the
// segment id or the drop reason.
func refSegment(fixes []Fix, cfg SegmenterConfig) ([]SegmentID, []Reason) {
	type rnode struct {
		f      Fix
		metric float64
	}
	type rseg struct {
		id    SegmentID
		nodes []rnode // the look-back window: newest Lookback fixes, not refilled after drops
		idx   []int   // input indices of all kept fixes
		n     int     // kept fixes
	}
	ids := make([]SegmentID, len(fixes))
	reasons := make([]Reason, len(fixes))
	order := sortOrder(fixes)
	var segs []*rseg
	var lastStart int64
	var lastSeq uint32
	started := false
	closeSeg := func(i int) {
		for _, j := range segs[i].idx {
			ids[j] = segs[i].id
		}
		segs = append(segs[:i], segs[i+1:]...)
	}
	for k, i := range order {
		f := fixes[i]
		if k > 0 && fixes[order[k-1]].MMSI != f.MMSI {
			for len(segs) > 0 {
				closeSeg(0)
			}
			started = false
		}
		if r := CheckFix(&f); r != ReasonNone {
			reasons[i] = r
			continue
		}
		// Sorted input: nothing is out of order.
		for j := 0; j < len(segs); {
			if f.Time-segs[j].nodes[len(segs[j].nodes)-1].f.Time > cfg.MaxGapMs {
				closeSeg(j)
				continue
			}
			j++
		}
		type cand struct {
			seg    int
			metric float64
			drop   int
		}
		var cands []cand
		for si, g := range segs {
			classes := map[Class]bool{}
			start := 0
			for _, nd := range g.nodes {
				classes[nd.f.Class] = true
			}
			weight := 1.0
			if f.Class != ClassUnknown && !classes[f.Class] && (classes[ClassA] || classes[ClassB]) {
				weight = cfg.TransponderMismatchWeight
			}
			best, bestLB, found := cand{}, 0.0, false
			for lb := 0; lb < len(g.nodes)-start; lb++ {
				prev := g.nodes[len(g.nodes)-1-lb].f
				hours := float64(f.Time-prev.Time) / 3.6e6
				if f.Time-prev.Time > cfg.MaxGapMs {
					break
				}
				existing := 0.0
				if lb > 0 {
					existing = g.nodes[len(g.nodes)-lb].metric
				}
				ph := hours / (1 + math.Pow(max(hours, 0)/cfg.PenaltyHours, 1-cfg.HoursExp))
				disc := refDiscrepancy(&prev, &f, ph, cfg.ShapeFactor)
				padded := math.Hypot(hours, cfg.BufferHours)
				allowed := padded * cfg.MaxKnots
				if !(disc <= allowed) {
					continue
				}
				alpha := cfg.MaxKnots / cfg.PenaltySpeedKn * disc / allowed
				m := math.Exp(-alpha*alpha) / padded * weight
				if m <= 0 {
					continue
				}
				ml := m / math.Max(1, float64(lb)*cfg.LookbackFactor)
				if ml > existing && ml > bestLB {
					best, bestLB, found = cand{si, m, lb}, ml, true
				}
			}
			if found {
				cands = append(cands, best)
			}
		}
		open := func() {
			for len(segs) >= cfg.MaxOpenSegments {
				oldest := 0
				for j, g := range segs {
					if g.nodes[len(g.nodes)-1].f.Time < segs[oldest].nodes[len(segs[oldest].nodes)-1].f.Time {
						oldest = j
					}
				}
				closeSeg(oldest)
			}
			id := SegmentID{MMSI: f.MMSI, Start: f.Time}
			if started && lastStart == f.Time {
				id.Seq = lastSeq + 1
			}
			lastStart, lastSeq, started = id.Start, id.Seq, true
			segs = append(segs, &rseg{id: id, nodes: []rnode{{f: f}}, idx: []int{i}, n: 1})
		}
		extend := func(c cand) {
			g := segs[c.seg]
			for range c.drop {
				reasons[g.idx[len(g.idx)-1]] = ReasonLookback
				g.nodes, g.idx = g.nodes[:len(g.nodes)-1], g.idx[:len(g.idx)-1]
				g.n--
			}
			g.nodes = append(g.nodes, rnode{f: f, metric: c.metric})
			if len(g.nodes) > cfg.Lookback {
				g.nodes = g.nodes[1:]
			}
			g.idx = append(g.idx, i)
			g.n++
		}
		switch len(cands) {
		case 0:
			open()
		case 1:
			extend(cands[0])
		default:
			scores := make([]float64, len(cands))
			best := 0
			for j, c := range cands {
				a := float64(segs[c.seg].n) / cfg.ShortSegThreshold
				scores[j] = c.metric * a / math.Sqrt(1+a*a)
				if scores[j] > scores[best] {
					best = j
				}
			}
			var close []int
			for j := range cands {
				if j == best || scores[j]*cfg.AmbiguityFactor >= scores[best] {
					close = append(close, cands[j].seg)
				}
			}
			if len(close) == 1 {
				extend(cands[best])
				break
			}
			for j := len(close) - 1; j >= 0; j-- {
				closeSeg(close[j])
			}
			open()
		}
	}
	for len(segs) > 0 {
		closeSeg(0)
	}
	return ids, reasons
}

// refDiscrepancy is GFW's discrepancy with plain trigonometry (the mean of
// the two latitudes' cosines, as the fast version documents).
func refDiscrepancy(a, b *Fix, hours, shape float64) float64 {
	dr := func(f *Fix) (sog, course float64) {
		sog = speedKn(f.SOG)
		if !courseKnown(f.COG) {
			return 0, 0
		}
		return sog, float64(f.COG)
	}
	expect := func(f *Fix, h float64) (float64, float64) {
		sog, course := dr(f)
		s, c := math.Sincos(course * math.Pi / 180)
		invLon := 1 / (60 * (math.Cos(f.Lat*math.Pi/180) + 1e-3))
		return f.Lon + s*sog*h*invLon, f.Lat + c*sog*h/60
	}
	x2p, y2p := expect(a, hours)
	x1p, y1p := expect(b, -hours)
	nmLon := 60 * 0.5 * (math.Cos(a.Lat*math.Pi/180) + math.Cos(b.Lat*math.Pi/180))
	d1 := 0.5 * (math.Hypot(nmLon*wrapDeg(x1p-a.Lon), 60*(y1p-a.Lat)) + math.Hypot(nmLon*wrapDeg(x2p-b.Lon), 60*(y2p-b.Lat)))
	east, north := nmLon*wrapDeg(b.Lon-a.Lon), 60*(b.Lat-a.Lat)
	dist := math.Hypot(east, north)
	normal := func(f *Fix) float64 {
		course := 0.0
		if courseKnown(f.COG) {
			course = float64(f.COG)
		}
		s, c := math.Sincos(course * math.Pi / 180)
		along := east*s + north*c
		if along <= 0 || along > speedKn(f.SOG)*hours {
			return math.Inf(1)
		}
		return math.Abs(east*c - north*s)
	}
	d3 := 0.5 * (normal(a) + normal(b)) * shape
	return math.Min(math.Min(d1, dist*shape), d3)
}

func TestSegmenterMatchesReference(t *testing.T) {
	b := straight(9, t0+7000, geo.Point{Lat: 30.5, Lon: 122.2}, 200, 8, 30*1000, 100, ClassB)
	for i := range b {
		b[i].Src.Source = 2
	}
	jumpy := straight(10, t0, geo.Point{Lat: 50, Lon: -1}, 45, 14, 20*1000, 200, ClassA)
	for i := 7; i < len(jumpy); i += 13 {
		jumpy[i].Lat += 0.02 * float64(i%3) // outliers the look-back drops
	}
	compareWithReference(t, "shared", interleave(
		straight(9, t0, geo.Point{Lat: 30, Lon: 122}, 10, 11, 30*1000, 100, ClassA), b), DefaultSegmenterConfig())
	compareWithReference(t, "jumpy", jumpy, DefaultSegmenterConfig())
}

func TestSegmenterMatchesReferenceSolent(t *testing.T) {
	compareWithReference(t, "solent", readSolent(t), DefaultSegmenterConfig())
}

func compareWithReference(t *testing.T, name string, fixes []Fix, cfg SegmenterConfig) {
	t.Helper()
	ids, reasons := refSegment(fixes, cfg)
	res := SegmentAll(fixes, cfg)
	got := map[SourceRef]SegmentID{}
	gotReason := map[SourceRef]Reason{}
	for _, g := range res.Segments {
		for _, f := range g.Fixes {
			got[f.Src] = g.ID
		}
	}
	for _, a := range res.Dropped {
		gotReason[a.Fix.Src] = a.Reason
	}
	for i, f := range fixes {
		if got[f.Src] != ids[i] || gotReason[f.Src] != reasons[i] {
			t.Fatalf("%s: fix %d (%+v): fast %v/%v, reference %v/%v", name, i, f,
				got[f.Src], gotReason[f.Src], ids[i], reasons[i])
		}
	}
}

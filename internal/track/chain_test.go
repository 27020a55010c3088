package track

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"unsafe"
)

// separate runs Reorder → Dedupe → Segmenter one after the other, as
// ingest did before Chain, and reports every decision in the order the
// Chain makes it: a fix too late for Reorder where it was pushed, a
// duplicate or stale replay where Reorder released it.
type separate struct {
	r   *Reorder
	d   *Dedupe
	s   *Segmenter
	rel []Fix
}

func newSeparate(t testing.TB, cfg SegmenterConfig) *separate {
	s, err := NewSegmenter(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return &separate{r: NewReorder(DefaultReorderWindowMs), d: NewDedupe(DefaultDedupeWindowMs), s: s}
}

func (p *separate) push(dst []Assigned, f *Fix) []Assigned {
	var ok bool
	if p.rel, ok = p.r.Push(p.rel[:0], f); !ok {
		return append(dst, Assigned{Fix: *f, Reason: ReasonTooLate})
	}
	return p.segment(dst)
}

func (p *separate) segment(dst []Assigned) []Assigned {
	for i := range p.rel {
		f := &p.rel[i]
		if r := p.d.Check(f); r != ReasonNone {
			dst = append(dst, Assigned{Fix: *f, Reason: r})
			continue
		}
		dst = p.s.Add(dst, f)
	}
	return dst
}

func (p *separate) flush(dst []Assigned) []Assigned {
	p.rel = p.r.Flush(p.rel[:0])
	dst = p.segment(dst)
	return p.s.Flush(dst)
}

// compareChain feeds fixes through a Chain and through the separate
// stages, flushing both after every flushEvery fixes (0: only at the end),
// and fails unless every decision, in order, and every counter agree. It
// returns the Chain.
func compareChain(t testing.TB, name string, fixes []Fix, cfg SegmenterConfig, flushEvery int) *Chain {
	t.Helper()
	c, err := NewChain(DefaultReorderWindowMs, DefaultDedupeWindowMs, cfg)
	if err != nil {
		t.Fatal(err)
	}
	p := newSeparate(t, cfg)
	var got, want []Assigned
	for i := range fixes {
		got = c.Push(got, &fixes[i])
		want = p.push(want, &fixes[i])
		if len(got) != len(want) {
			t.Fatalf("%s: after fix %d: chain decided %d, separate stages %d", name, i, len(got), len(want))
		}
		if flushEvery > 0 && i%flushEvery == flushEvery-1 {
			got, want = c.Flush(got), p.flush(want)
		}
	}
	got, want = c.Flush(got), p.flush(want)
	if len(got) != len(fixes) {
		t.Fatalf("%s: %d decisions for %d fixes", name, len(got), len(fixes))
	}
	for i := range want {
		if got[i] != want[i] && !sameNaN(&got[i], &want[i]) {
			t.Fatalf("%s: decision %d: chain %+v, separate stages %+v", name, i, got[i], want[i])
		}
	}
	if c.ReorderCounts() != p.r.Counts || c.DedupeCounts() != p.d.Counts || c.SegmenterStats() != p.s.Stats() {
		t.Fatalf("%s: counts differ: chain %v %v %+v, separate %v %v %+v", name,
			c.ReorderCounts(), c.DedupeCounts(), c.SegmenterStats(), p.r.Counts, p.d.Counts, p.s.Stats())
	}
	if c.Held() != 0 || c.Pending() != 0 {
		t.Fatalf("%s: after Flush %s", name, c)
	}
	return c
}

// sameNaN reports whether a and b are equal but for NaN fields (NaN != NaN).
func sameNaN(a, b *Assigned) bool {
	x, y := *a, *b
	for _, p := range [][2]*float32{{&x.Fix.SOG, &y.Fix.SOG}, {&x.Fix.COG, &y.Fix.COG}} {
		if *p[0] != *p[0] && *p[1] != *p[1] {
			*p[0], *p[1] = 0, 0
		}
	}
	return x == y
}

// chainStream returns a random stream that exercises every stage:
// vessels sailing, some moored, sharing MMSIs, reports delayed by up to
// 15 min (some too late), heard twice, replayed later, bad positions,
// sentinel speeds and unknown courses, equal and pre-1970 times, twins
// sailing side by side under one MMSI.
func chainStream(seed uint64, vessels, n int, start int64) []Fix {
	rng := rand.New(rand.NewPCG(seed, 11))
	type ship struct {
		mmsi     uint32
		lat, lon float64
		sog, cog float32
		t        int64
	}
	ships := make([]ship, vessels)
	for i := range ships {
		ships[i] = ship{mmsi: uint32(200000000 + i/2*3 + rng.IntN(2)), lat: rng.Float64()*120 - 60,
			lon: rng.Float64()*360 - 180, sog: float32(rng.IntN(25)), cog: float32(rng.IntN(3600)) / 10,
			t: start + rng.Int64N(hour)}
		if i%5 == 0 {
			ships[i].sog = 0
		}
		if i%7 == 1 { // a moored twin nearby under the same MMSI
			ships[i-1].sog = 0
			ships[i] = ships[i-1]
			ships[i].lon += 7 / nmPerDegLat / math.Cos(ships[i].lat*math.Pi/180) // 7 nm east
		}
	}
	var out []Fix
	for i := range n {
		k := rng.IntN(len(ships))
		v := &ships[k]
		dt := rng.Int64N(30 * 1000)
		v.t += dt
		h := float64(dt) / float64(hour)
		v.lat += float64(v.sog) * h / 60 * math.Cos(float64(v.cog)*math.Pi/180)
		v.lon += float64(v.sog) * h / 60 * math.Sin(float64(v.cog)*math.Pi/180)
		f := Fix{MMSI: v.mmsi, Time: v.t, Lat: math.Round(v.lat*600000) / 600000, Lon: math.Round(v.lon*600000) / 600000,
			SOG: v.sog, COG: v.cog, Heading: -1, Status: uint8(rng.IntN(16)), Class: Class(rng.IntN(3)),
			Src: SourceRef{Source: 1, Line: uint32(i + 1)}}
		switch rng.IntN(40) {
		case 0:
			f.Time -= rng.Int64N(15 * minute) // delayed, perhaps too late
		case 1:
			f.Lat, f.Lon = 91, 181
		case 2:
			f.SOG = 102.3
		case 3:
			f.COG = float32(math.NaN())
		case 4:
			f.SOG = float32(math.NaN())
		case 5:
			f.Lat += 3 // a jump: another segment
		case 6:
			if k%7 == 1 { // halfway between the twins: ambiguous
				f.Lon -= 3.4 / nmPerDegLat / math.Cos(f.Lat*math.Pi/180)
			}
		}
		out = append(out, f)
		switch rng.IntN(20) {
		case 0: // heard again by another receiver
			g := f
			g.Time += rng.Int64N(3000)
			g.Src.Source = 2
			out = append(out, g)
		case 1: // the same report equal in time
			out = append(out, f)
		}
		if rng.IntN(200) == 0 && len(out) > 100 { // an old report forwarded again
			g := out[len(out)-1-rng.IntN(100)]
			g.Time += 2*minute + rng.Int64N(8*minute) // stamped when forwarded
			g.Src.Source = 3
			out = append(out, g)
		}
	}
	return out
}

func TestChainMatchesSeparateStages(t *testing.T) {
	small := DefaultSegmenterConfig()
	small.Lookback, small.MaxOpenSegments, small.MaxGapMs = 2, 2, 20*minute
	tests := []struct {
		name       string
		seed       uint64
		vessels, n int
		start      int64
		cfg        SegmenterConfig
		flushEvery int
	}{
		{"few vessels", 1, 5, 20000, t0, DefaultSegmenterConfig(), 0},
		{"many vessels", 2, 3000, 60000, t0, DefaultSegmenterConfig(), 0},
		{"before 1970", 3, 20, 20000, -10 * hour, DefaultSegmenterConfig(), 0},
		{"small config", 4, 50, 30000, t0, small, 0},
		{"flushed often", 5, 40, 30000, t0, DefaultSegmenterConfig(), 997},
	}
	var all Counts
	var st SegmenterStats
	for _, tt := range tests {
		fixes := chainStream(tt.seed, tt.vessels, tt.n, tt.start)
		c := compareChain(t, tt.name, fixes, tt.cfg, tt.flushEvery)
		all.Add(c.ReorderCounts())
		all.Add(c.DedupeCounts())
		s := c.SegmenterStats()
		all.Add(s.Counts)
		st.ClosedCap += s.ClosedCap
		st.ClosedAmbiguous += s.ClosedAmbiguous
		st.ClosedIdle += s.ClosedIdle
	}
	// The streams must reach every rule the Chain fuses.
	for _, r := range []Reason{ReasonTooLate, ReasonDuplicate, ReasonStaleReplay, ReasonBadPosition,
		ReasonSOGSentinel, ReasonCOG360, ReasonLookback} {
		if all[r] == 0 {
			t.Errorf("no fix dropped as %s: %v", r, all)
		}
	}
	if st.ClosedCap == 0 || st.ClosedAmbiguous == 0 || st.ClosedIdle == 0 {
		t.Errorf("segments closed: %+v; want some by cap, ambiguity and idleness", st)
	}
}

func TestChainMatchesSeparateStagesReal(t *testing.T) {
	solent := readSolent(t)
	shuffled := slices.Clone(solent)
	slices.SortStableFunc(shuffled, func(a, b Fix) int {
		return cmpInt(a.Time+int64(a.Src.Line*7919%900000), b.Time+int64(b.Src.Line*7919%900000))
	})
	compareChain(t, "solent", solent, DefaultSegmenterConfig(), 0)
	compareChain(t, "solent shuffled by up to 15 min", shuffled, DefaultSegmenterConfig(), 0)
	compareChain(t, "noaa", readNOAA(t), DefaultSegmenterConfig(), 0)
}

func FuzzChain(f *testing.F) {
	f.Add([]byte("0123456789ab0123456789abzzzzzzzzzzzz"), uint8(5), uint8(20), uint16(0))
	f.Add(make([]byte, 120), uint8(1), uint8(1), uint16(3))
	f.Add([]byte(replaySeed), uint8(5), uint8(2), uint16(0))
	f.Fuzz(func(t *testing.T, data []byte, lookback, maxOpen uint8, flushEvery uint16) {
		cfg := DefaultSegmenterConfig()
		cfg.Lookback = int(lookback%6) + 1
		cfg.MaxOpenSegments = int(maxOpen%5) + 1
		fixes := fuzzFixes(data)
		for i := range fixes { // fuzzFixes times only move forward by ≤ 15 min
			if data[i*12+11]%4 == 0 {
				fixes[i].Time -= int64(data[i*12+11]) * 5000
			}
		}
		compareChain(t, "fuzz", fixes, cfg, int(flushEvery%64))
	})
}

// TestChainLayout checks the sizes the cache-line layout relies on.
func TestChainLayout(t *testing.T) {
	if unsafe.Sizeof(uintptr(0)) != 8 {
		t.Skip("the layout is tuned for 64-bit platforms")
	}
	var c chainVessel
	if s := unsafe.Sizeof(c); s%64 != 0 || unsafe.Offsetof(c.d) != 64 || unsafe.Offsetof(c.v)%64 != 0 ||
		unsafe.Offsetof(c.tag) >= 64 {
		t.Errorf("chainVessel is %d bytes, Dedupe's part at %d, the Segmenter's at %d; want multiples of 64, 64",
			s, unsafe.Offsetof(c.d), unsafe.Offsetof(c.v))
	}
	var v vessel
	if s, o := unsafe.Sizeof(v), unsafe.Offsetof(v.ownNodes); s%64 != 0 || o%64 != 0 {
		t.Errorf("vessel is %d bytes, its nodes at %d; want multiples of 64", s, o)
	}
	if s := unsafe.Sizeof(node{}); s != 64 {
		t.Errorf("node is %d bytes; want 64, a cache line", s)
	}
	if s := unsafe.Sizeof(heldFix{}); s != 64 {
		t.Errorf("heldFix is %d bytes; want 64, a cache line", s)
	}
	if s := unsafe.Sizeof(Fix{}); s != 48 {
		t.Errorf("Fix is %d bytes; want 48 (no padding: the widest fields first)", s)
	}
}

// TestChainPrefetch checks that PrefetchAhead changes nothing: decisions
// with and without it agree, and prefetching for MMSIs never pushed makes
// no record.
func TestChainPrefetch(t *testing.T) {
	fixes := chainStream(3, 40, 4000, t0)
	unknown := make([]Fix, 9)
	for i := range unknown {
		unknown[i] = Fix{MMSI: 999999990 + uint32(i), Time: t0 + hour}
	}
	plain, _ := NewChain(DefaultReorderWindowMs, DefaultDedupeWindowMs, DefaultSegmenterConfig())
	ahead, _ := NewChain(DefaultReorderWindowMs, DefaultDedupeWindowMs, DefaultSegmenterConfig())
	var want, got []Assigned
	for i := range fixes {
		ahead.PrefetchAhead(fixes, i)
		ahead.PrefetchAhead(unknown, 0)
		want = plain.Push(want, &fixes[i])
		got = ahead.Push(got, &fixes[i])
	}
	want, got = plain.Flush(want), ahead.Flush(got)
	if len(got) != len(want) || len(got) < len(fixes) {
		t.Fatalf("with Prefetch: %d decisions, without %d, for %d fixes", len(got), len(want), len(fixes))
	}
	for i := range want {
		if got[i] != want[i] && !sameNaN(&got[i], &want[i]) {
			t.Fatalf("decision %d: with Prefetch %+v, without %+v", i, got[i], want[i])
		}
	}
	if ahead.Vessels() != plain.Vessels() {
		t.Errorf("with Prefetch: %d vessels, want %d", ahead.Vessels(), plain.Vessels())
	}
}

// TestChainPrefetchHandsOver checks the ingest pattern, PrefetchAhead
// right before each Push over batches of varied sizes: decisions agree
// with plain pushes, and from the fifth fix of a batch on, the record
// PrefetchAhead found for a vessel known then is offered to the Push.
func TestChainPrefetchHandsOver(t *testing.T) {
	fixes := chainStream(40, 30, 4000, t0)
	plain, _ := NewChain(DefaultReorderWindowMs, DefaultDedupeWindowMs, DefaultSegmenterConfig())
	ahead, _ := NewChain(DefaultReorderWindowMs, DefaultDedupeWindowMs, DefaultSegmenterConfig())
	var want, got []Assigned
	offered := 0
	for start, size := 0, 1; start < len(fixes); start, size = start+size, size%13+1 {
		batch := fixes[start:min(start+size, len(fixes))]
		found := make([]*chainVessel, len(batch)) // records as of the call that looks ahead to them
		for i := range batch {
			if j := i + prefetchRecord; j < len(batch) {
				found[j], _ = ahead.lookup(batch[j].MMSI)
			}
			ahead.PrefetchAhead(batch, i)
			if known := found[i]; known != nil {
				if n := ahead.next; n.idx == 0 || ahead.rec(n.idx-1) != known || n.mmsi != batch[i].MMSI {
					t.Fatalf("fix %d of a batch: offered %+v, want %p", i, n, known)
				}
				offered++
			}
			want = plain.Push(want, &batch[i])
			got = ahead.Push(got, &batch[i])
		}
	}
	want, got = plain.Flush(want), ahead.Flush(got)
	if len(got) != len(want) || len(got) < len(fixes) || offered == 0 {
		t.Fatalf("with Prefetch: %d decisions, without %d, for %d fixes; %d records offered", len(got), len(want), len(fixes), offered)
	}
	for i := range want {
		if got[i] != want[i] && !sameNaN(&got[i], &want[i]) {
			t.Fatalf("decision %d: with Prefetch %+v, without %+v", i, got[i], want[i])
		}
	}
}

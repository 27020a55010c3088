package track

import (
	"math/rand/v2"
	"runtime"
	"testing"

	"github.com/lookout-osint/lookout/internal/geo"
)

// benchStream returns a simulated time-ordered stream: vessels sailing
// straight at various speeds, a few of them sharing MMSIs, with reports
// every 10 s per vessel interleaved across vessels.
func benchStream(vessels, perVessel int) []Fix {
	rng := rand.New(rand.NewPCG(42, 7))
	lists := make([][]Fix, vessels)
	for v := range lists {
		p := geo.Point{Lat: rng.Float64()*100 - 50, Lon: rng.Float64()*340 - 170}
		mmsi := uint32(200000000 + v)
		if v%50 == 1 {
			mmsi-- // shares the previous vessel's MMSI
		}
		lists[v] = straight(mmsi, t0+int64(rng.IntN(10000)), p, rng.Float64()*360,
			rng.Float64()*20, 10*1000, perVessel, ClassA)
	}
	return interleave(lists...)
}

func BenchmarkSegmenter(b *testing.B) {
	fixes := benchStream(1000, 200)
	s, _ := NewSegmenter(DefaultSegmenterConfig())
	out := make([]Assigned, 0, 64)
	b.ReportAllocs()
	b.ResetTimer()
	n := 0
	cpu0 := cpuTime()
	for b.Loop() {
		f := &fixes[n%len(fixes)]
		if n%len(fixes) == 0 && n > 0 {
			out = s.Flush(out[:0])
		}
		out = s.Add(out[:0], f)
		n++
	}
	reportRates(b, n, cpu0)
}

func BenchmarkCheckFix(b *testing.B) {
	f := Fix{MMSI: 1, Lat: 50, Lon: -1, SOG: 12, COG: 90}
	b.ReportAllocs()
	for b.Loop() {
		if CheckFix(&f) != ReasonNone {
			b.Fatal("bad")
		}
	}
}

func BenchmarkDiscrepancy(b *testing.B) {
	fs := straight(1, t0, geo.Point{Lat: 50, Lon: -1}, 30, 12, 10*1000, 2, ClassA)
	a, c := fs[0], fs[1]
	ak, ck := kinOf(&a), kinOf(&c)
	cfg := DefaultSegmenterConfig()
	s, err := NewSegmenter(cfg)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	var sum float64
	for b.Loop() {
		sum += discrepancy(&a, &ak, &c, &ck, s.penalizedHours(10.0/3600), cfg.ShapeFactor)
	}
	_ = sum
}

// BenchmarkSegmenterSolent replays the real Solent capture (18,623 fixes, 91
// vessels, many moored), shifted in time on every pass so the stream stays
// ordered.
func BenchmarkSegmenterSolent(b *testing.B) {
	fixes := readSolent(b)
	s, _ := NewSegmenter(DefaultSegmenterConfig())
	out := make([]Assigned, 0, 64)
	benchPasses(b, fixes, solentSpan(fixes), func(f *Fix) { out = s.Add(out[:0], f) })
}

// solentSpan is the shift between passes over the Solent capture that
// keeps the replayed stream in order.
func solentSpan(fixes []Fix) int64 { return fixes[len(fixes)-1].Time - fixes[0].Time + 1000 }

// BenchmarkChainSolent runs the ingest order Reorder → Dedupe → Segmenter
// over the replayed Solent capture.
func BenchmarkChainSolent(b *testing.B) {
	fixes := readSolent(b)
	benchPasses(b, fixes, solentSpan(fixes), chainPush())
}

func BenchmarkDedupe(b *testing.B) {
	fixes := benchStream(1000, 200)
	d := NewDedupe(0)
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		d.Keep(&fixes[n%len(fixes)])
		n++
	}
}

func BenchmarkReorder(b *testing.B) {
	fixes := benchStream(1000, 200)
	r := NewReorder(DefaultReorderWindowMs)
	out := make([]Fix, 0, 64)
	benchPasses(b, fixes, 10*24*hour, func(f *Fix) { out, _ = r.Push(out[:0], f) })
}

// BenchmarkSegmenterMemory reports the heap held per vessel with one open
// segment (the steady state of a large ingest).
func BenchmarkSegmenterMemory(b *testing.B) {
	const vessels = 100000
	for b.Loop() {
		s, _ := NewSegmenter(DefaultSegmenterConfig())
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		var out []Assigned
		for m := range uint32(vessels) {
			for k := range int64(3) {
				f := Fix{MMSI: m, Time: t0 + k*10000, Lat: float64(m%1000) / 20, Lon: float64(m/1000) / 20, SOG: 0, COG: 0}
				out = s.Add(out[:0], &f)
			}
		}
		runtime.GC()
		runtime.ReadMemStats(&after)
		b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/vessels, "B/vessel")
		runtime.KeepAlive(s)
	}
}

// chainBenchStream is a time-ordered stream of 10,000 vessels reporting
// every 10 s, about a real day's traffic per vessel count: their state
// does not fit in cache, as in a real ingest.
func chainBenchStream() []Fix { return benchStream(10000, 40) }

// BenchmarkChain runs the fused Chain over chainBenchStream, shifted in
// time on every pass.
func BenchmarkChain(b *testing.B) {
	benchPasses(b, chainBenchStream(), 24*hour, chainPush())
}

// BenchmarkChainSeparate runs Reorder → Dedupe → Segmenter one after the
// other over the same stream: the cost Chain saves.
func BenchmarkChainSeparate(b *testing.B) {
	benchPasses(b, chainBenchStream(), 24*hour, separatePush(b))
}

// chainPush returns a push function feeding a fresh Chain.
func chainPush() func(*Fix) {
	c, _ := NewChain(DefaultReorderWindowMs, DefaultDedupeWindowMs, DefaultSegmenterConfig())
	out := make([]Assigned, 0, 64)
	return func(f *Fix) { out = c.Push(out[:0], f) }
}

// separatePush returns a push function feeding fresh separate stages.
func separatePush(tb testing.TB) func(*Fix) {
	p := newSeparate(tb, DefaultSegmenterConfig())
	out := make([]Assigned, 0, 64)
	return func(f *Fix) { out = p.push(out[:0], f) }
}

// benchPasses feeds fixes to push, shift later on every pass, and reports
// the rates.
func benchPasses(b *testing.B, fixes []Fix, shift int64, push func(*Fix)) {
	b.ReportAllocs()
	n := 0
	var moved int64
	f := new(Fix) // one copy: push escapes
	cpu0 := cpuTime()
	for b.Loop() {
		i := n % len(fixes)
		if i == 0 && n > 0 {
			moved += shift
		}
		*f = fixes[i]
		f.Time += moved
		push(f)
		n++
	}
	reportRates(b, n, cpu0)
}

// BenchmarkChainReplay runs the Chain, and the separate stages, over the
// NOAA MarineCadastre capture in its file order (from ../shared/data;
// skipped where absent): the track stage's cost on real input order and
// vessel counts. One op is one pass over the capture (99,999 fixes, a day
// later each pass, as bench/ingest.sh replicates it), after an untimed pass
// that makes every vessel's state, so `-benchtime 2x` measures 200 k
// fixes; "wide" interleaves 4 copies with MMSIs moved apart (42.5 k
// vessels, 4 × the state), the cache pressure of a larger ingest;
// "wide-ahead" is wide with Chain.PrefetchAhead.
func BenchmarkChainReplay(b *testing.B) {
	fixes := readNOAA(b)
	wide := widen(fixes, 4)
	b.Run("chain", func(b *testing.B) { benchReplay(b, fixes, chainPush()) })
	b.Run("separate", func(b *testing.B) { benchReplay(b, fixes, separatePush(b)) })
	b.Run("wide", func(b *testing.B) { benchReplay(b, wide, chainPush()) })
	b.Run("wide-ahead", func(b *testing.B) { benchReplay(b, wide, chainPushAhead(wide)) })
}

// chainPushAhead is chainPush with Chain.PrefetchAhead, fixes being the
// order of the pushes.
func chainPushAhead(fixes []Fix) func(*Fix) {
	c, _ := NewChain(DefaultReorderWindowMs, DefaultDedupeWindowMs, DefaultSegmenterConfig())
	out := make([]Assigned, 0, 64)
	i := 0
	return func(f *Fix) {
		c.PrefetchAhead(fixes, i)
		i = (i + 1) % len(fixes)
		out = c.Push(out[:0], f)
	}
}

// widen interleaves copies of fixes, fix by fix, copy k's MMSIs moved by
// k × 10^9 (still distinct 32-bit MMSIs for copies ≤ 4).
func widen(fixes []Fix, copies int) []Fix {
	out := make([]Fix, 0, copies*len(fixes))
	for i := range fixes {
		for k := range copies {
			f := fixes[i]
			f.MMSI += uint32(k) * 1e9
			out = append(out, f)
		}
	}
	return out
}

// benchReplay feeds one pass over fixes to push per op, a day later each
// pass, after one untimed pass, and reports fixes per CPU second and CPU
// ns per fix.
func benchReplay(b *testing.B, fixes []Fix, push func(*Fix)) {
	f := new(Fix) // one copy: push escapes
	var shift int64
	pass := func() {
		for i := range fixes {
			*f = fixes[i]
			f.Time += shift
			push(f)
		}
		shift += 24 * hour
	}
	pass()
	b.ReportAllocs()
	passes := 0
	cpu0 := cpuTime()
	for b.Loop() {
		pass()
		passes++
	}
	n := passes * len(fixes)
	if d := cpuTime() - cpu0; d > 0 && n > 0 {
		b.ReportMetric(float64(d.Nanoseconds())/float64(n), "cpu-ns/fix")
	}
	reportRates(b, n, cpu0)
}

package store

import (
	"math"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/lookout-osint/lookout/internal/geo"
	"github.com/lookout-osint/lookout/internal/track"
)

// Benchmarks on a simulated fleet (not real AIS): nv vessels random-walking
// in a 20°×20° box, one fix every 10 s, all in one UTC day.

const benchDay0 = 1694044800000 // 2023-09-07T00:00:00Z

// cpuTime returns the process's user+system CPU time: on a shared, loaded
// machine the CPU per op says more than the wall-clock ns/op.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

type simFleet struct {
	lat, lon, cog []float64
	rng           *rand.Rand
}

func newFleet(nv int) *simFleet {
	f := &simFleet{lat: make([]float64, nv), lon: make([]float64, nv), cog: make([]float64, nv), rng: rand.New(rand.NewPCG(1, 2))}
	for v := range nv {
		f.lat[v], f.lon[v], f.cog[v] = 40+f.rng.Float64()*20, f.rng.Float64()*20, f.rng.Float64()*360
	}
	return f
}

// step returns vessel v's fix at step i (10 s apart) and moves it on.
func (f *simFleet) step(v, i int) track.Fix {
	f.cog[v] = math.Mod(f.cog[v]+f.rng.NormFloat64()*2+360, 360)
	d := 10 * 12 * geo.MetresPerNM / 3600 // 12 kn for 10 s
	p := geo.Destination(geo.Point{Lat: f.lat[v], Lon: f.lon[v]}, f.cog[v], d)
	f.lat[v], f.lon[v] = p.Lat, p.Lon
	return track.Fix{MMSI: uint32(230000000 + v), Time: benchDay0 + int64(i)*10000 + int64(v%10)*1000,
		Lat: p.Lat, Lon: p.Lon, SOG: 12, COG: float32(math.Round(f.cog[v]*10) / 10), Heading: int16(f.cog[v]),
		Status: 0, Class: track.ClassA, Src: track.SourceRef{Source: 1, Line: uint32(i*len(f.lat) + v + 1)}}
}

// fillFleet writes nv vessels × nf fixes (interleaved by time, as a feed
// arrives) in batches of batch fixes.
func fillFleet(tb testing.TB, s *Store, nv, nf, batch int) {
	tb.Helper()
	f := newFleet(nv)
	b := NewBatch()
	for i := range nf {
		for v := range nv {
			fx := f.step(v, i)
			if err := b.AddFix(0, &fx); err != nil {
				tb.Fatal(err)
			}
			if len(b.fixes) >= batch {
				if _, err := s.Commit(b); err != nil {
					tb.Fatal(err)
				}
			}
		}
	}
	if _, err := s.Commit(b); err != nil {
		tb.Fatal(err)
	}
}

// writeFixes writes fixes b.N times, each time into a fresh store in
// commits of 100,000 fixes, and returns the CPU time the writes took
// (opening and closing the stores excluded).
func writeFixes(b *testing.B, fixes []track.Fix) time.Duration {
	return timeCommits(b, nil, func(s *Store) {
		bt := NewBatch()
		for i := range fixes {
			bt.AddFix(0, &fixes[i])
			if len(bt.fixes) == 100000 {
				if _, err := s.Commit(bt); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
}

// timeCommits runs commit b.N times, each time on a fresh store after an
// untimed prepare (if any), and returns the CPU time commit took.
func timeCommits(b *testing.B, prepare func(), commit func(*Store)) time.Duration {
	b.ReportAllocs()
	b.ResetTimer()
	var cpu time.Duration
	for range b.N {
		b.StopTimer()
		s, err := Open(b.TempDir(), Options{NoSync: true})
		if err != nil {
			b.Fatal(err)
		}
		if prepare != nil {
			prepare()
		}
		b.StartTimer()
		c0 := cpuTime()
		commit(s)
		cpu += cpuTime() - c0
		b.StopTimer()
		s.Close()
		b.StartTimer()
	}
	return cpu
}

// fleetSteps returns nf steps of a fleet of nv vessels, step by step,
// each changed by adjust when it is not nil.
func fleetSteps(nv, nf int, adjust func(fx *track.Fix, v, i int)) []track.Fix {
	f := newFleet(nv)
	fixes := make([]track.Fix, 0, nv*nf)
	for i := range nf {
		for v := range nv {
			fx := f.step(v, i)
			if adjust != nil {
				adjust(&fx, v, i)
			}
			fixes = append(fixes, fx)
		}
	}
	return fixes
}

// BenchmarkWrite measures Commit throughput: 1,000 vessels × 1,000 fixes
// in batches of 100,000 (no fsync), reported as fixes/s.
func BenchmarkWrite(b *testing.B) {
	fixes := fleetSteps(1000, 1000, nil)
	cpu := writeFixes(b, fixes)
	b.ReportMetric(float64(len(fixes)*b.N)/b.Elapsed().Seconds(), "fixes/s")
	b.ReportMetric(float64(len(fixes)*b.N)/cpu.Seconds(), "fixes/cpu-s")
}

// BenchmarkWriteSparse is BenchmarkWrite for a feed like the
// MarineCadastre CSV, whose blocks hold few fixes: 5,000 vessels × one fix
// every 6 minutes for 10 hours (10 fixes a block) in batches of 100,000
// fixes, reported as cpu-ns per fix.
func BenchmarkWriteSparse(b *testing.B) {
	fixes := fleetSteps(5000, 100, func(fx *track.Fix, v, i int) {
		fx.Time = benchDay0 + int64(i)*360000 + int64(v)*50
	})
	cpu := writeFixes(b, fixes)
	b.ReportMetric(float64(cpu.Nanoseconds())/float64(len(fixes)*b.N), "cpu-ns/fix")
}

// BenchmarkVesselDay queries one vessel-day (8,640 fixes) from a store of
// 200 vessels × 8,640 fixes.
func BenchmarkVesselDay(b *testing.B) {
	s := openT(b, b.TempDir(), Options{NoSync: true})
	fillFleet(b, s, 200, 8640, 200000)
	if err := s.Compact(); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	n := 0
	c0 := cpuTime()
	for i := range b.N {
		fx, err := s.Track(uint32(230000000+i%200), benchDay0, benchDay0+dayMs)
		if err != nil || len(fx) != 8640 {
			b.Fatalf("got %d fixes, %v", len(fx), err)
		}
		n += len(fx)
	}
	b.ReportMetric(float64((cpuTime()-c0).Nanoseconds())/float64(b.N), "cpu-ns/op")
	b.ReportMetric(float64(n)/float64(b.N), "fixes/query")
}

// BenchmarkBBoxHour queries a 3°×3° box over one hour. The store holds
// 1,160 vessels × 8,640 fixes = 10 M fixes when LOOKOUT_BENCH_10M=1 (a few
// minutes to build), else 116 vessels × 8,640 = 1 M.
func BenchmarkBBoxHour(b *testing.B) {
	nv := 116
	if v, _ := strconv.ParseBool(os.Getenv("LOOKOUT_BENCH_10M")); v {
		nv = 1160
	}
	s := openT(b, b.TempDir(), Options{NoSync: true})
	fillFleet(b, s, nv, 8640, 500000)
	if err := s.Compact(); err != nil {
		b.Fatal(err)
	}
	box := geo.BBox{MinLat: 49, MinLon: 9, MaxLat: 52, MaxLon: 12}
	from := int64(benchDay0 + 12*hourMs)
	b.ReportAllocs()
	b.ResetTimer()
	n := 0
	c0 := cpuTime()
	for range b.N {
		fx, err := s.FixesInBBox(box, from, from+hourMs)
		if err != nil {
			b.Fatal(err)
		}
		n = len(fx)
	}
	b.ReportMetric(float64((cpuTime()-c0).Nanoseconds())/float64(b.N), "cpu-ns/op")
	b.ReportMetric(float64(n), "fixes/query")
	b.ReportMetric(float64(nv*8640), "stored")
}

// BenchmarkBytesPerFixSimulated is BenchmarkBytesPerFix on the simulated
// dense fleet (100 vessels, one fix every 10 s for a day, no raw lines):
// what a busy terrestrial feed looks like, for comparison with the sparse
// real captures.
func BenchmarkBytesPerFixSimulated(b *testing.B) {
	for range b.N {
		s, err := Open(b.TempDir(), Options{NoSync: true})
		if err != nil {
			b.Fatal(err)
		}
		fillFleet(b, s, 100, 8640, 200000)
		if err := s.Compact(); err != nil {
			b.Fatal(err)
		}
		sp, err := s.SpaceUsage()
		if err != nil {
			b.Fatal(err)
		}
		n := float64(100 * 8640)
		b.ReportMetric(float64(sp.Fixes)/n, "fix-B/fix")
		b.ReportMetric(float64(sp.Tables)/n, "noraw-B/fix")
		s.Close()
	}
}

// BenchmarkForEachVessel walks every fix of a store of 116 vessels × 8,640
// fixes (1 M, simulated), as the detectors do.
func BenchmarkForEachVessel(b *testing.B) {
	s := openT(b, b.TempDir(), Options{NoSync: true})
	fillFleet(b, s, 116, 8640, 500000)
	if err := s.Compact(); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	n := 0
	c0 := cpuTime()
	for range b.N {
		err := s.ForEachVessel(0, MaxTime, func(vt *VesselTrack) error { n += len(vt.Fixes); return nil })
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n)/(cpuTime()-c0).Seconds(), "fixes/cpu-s")
}

// BenchmarkCommitIdentities measures the identity path of Commit on a
// feed like the MarineCadastre CSV, which reports every vessel's identity
// on each row: 10,000 vessels × 9 records per commit, 5 commits, each
// record the same as the vessel's last but later (so it extends the
// newest record), and every 50th vessel's destination changing once per
// commit. Reported as cpu-ns per record.
func BenchmarkCommitIdentities(b *testing.B) {
	const nv, per, commits = 10000, 9, 5
	batches := make([]*Batch, commits)
	for c := range batches {
		bt := NewBatch()
		for k := range per {
			for v := range nv {
				t := benchDay0 + int64((c*per+k)*60000+v)
				id := track.Identity{MMSI: uint32(230000000 + v), IMO: uint32(9000000 + v), Name: "SIM " + strconv.Itoa(v),
					Callsign: "C" + strconv.Itoa(v), ShipType: 70, ToBow: 100, ToStern: 20, ToPort: 10, ToStarboard: 10,
					Draught: 7.5, Destination: "KIEL", From: t, To: t, Src: track.SourceRef{Source: 1, Line: uint32(t - benchDay0)}}
				if v%50 == 0 && k >= per/2 {
					id.Destination = "ROTTERDAM " + strconv.Itoa(c)
				}
				bt.AddIdentity(&id)
			}
		}
		batches[c] = bt
	}
	saved := make([][]track.Identity, commits)
	for c, bt := range batches {
		saved[c] = slices.Clone(bt.ids)
	}
	cpu := timeCommits(b, func() {
		for c, bt := range batches {
			bt.ids = append(bt.ids[:0], saved[c]...)
		}
	}, func(s *Store) {
		for _, bt := range batches {
			if _, err := s.Commit(bt); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.ReportMetric(float64(cpu.Nanoseconds())/float64(nv*per*commits*b.N), "cpu-ns/record")
}

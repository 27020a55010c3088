package store

import (
	"slices"

	"github.com/lookout-osint/lookout/internal/shareddata"
	"sync"
	"testing"
	"time"
)

// Encoder and decoder speed per fix, on the hour blocks of the real
// captures (sparse: 9 and 19 fixes a block) and of the simulated dense
// fleet (360 fixes a block):
//
//	go test -run '^$' -bench 'Block(Encode|Decode)' -cpu 1 -count 3 ./internal/store/

// fleetBlocks returns the hour blocks (as realBlocksBy) of 360 steps of
// a simulated fleet of nv vessels, and their bases.
func fleetBlocks(nv int) (blocks [][]qfix, bases []int64) {
	f := newFleet(nv)
	var rows []realRow
	for i := range 360 {
		for v := range nv {
			rows = append(rows, realRow{fix: f.step(v, i)})
		}
	}
	return realBlocksBy(rows, hourMs, nil)
}

// realBlocksBy groups rows into the blocks the store writes with one
// segment per vessel, but with blocks of span ms: per (mmsi, t/span),
// cmpQ-sorted, deduplicated, ordered by key; keys gets each block's key
// when not nil.
func realBlocksBy(rows []realRow, span int64, keys *[][]byte) (blocks [][]qfix, bases []int64) {
	type bk struct{ mmsi, b uint32 }
	m := map[bk][]qfix{}
	var order []bk
	for i := range rows {
		f := &rows[i].fix
		k := bk{f.MMSI, uint32(f.Time / span)}
		if _, ok := m[k]; !ok {
			order = append(order, k)
		}
		m[k] = append(m[k], quantize(f))
	}
	slices.SortFunc(order, func(a, b bk) int {
		if a.mmsi != b.mmsi {
			return int(a.mmsi) - int(b.mmsi)
		}
		return int(a.b) - int(b.b)
	})
	for _, k := range order {
		q := m[k]
		slices.SortFunc(q, func(a, b qfix) int { return cmpQ(&a, &b) })
		blocks = append(blocks, dedupeSorted(q))
		bases = append(bases, int64(k.b)*span)
		if keys != nil {
			*keys = append(*keys, fixKey(nil, k.mmsi, k.b, 0))
		}
	}
	return blocks, bases
}

type benchBlocks struct {
	blocks [][]qfix
	bases  []int64
	fixes  int
}

var (
	benchBlockOnce sync.Once
	benchBlockSets map[string]*benchBlocks
)

// blockSets loads the block sets once (skipping the benchmark when the
// shared data is absent).
func blockSets(b *testing.B) map[string]*benchBlocks {
	if shareddata.Dir() == "" {
		b.Skip("shared data not found")
	}
	benchBlockOnce.Do(func() {
		benchBlockSets = map[string]*benchBlocks{}
		add := func(name string, blocks [][]qfix, bases []int64) {
			bb := &benchBlocks{blocks: blocks, bases: bases}
			for _, q := range blocks {
				bb.fixes += len(q)
			}
			benchBlockSets[name] = bb
		}
		for _, c := range []struct {
			name string
			csv  realCSV
		}{{"noaa", noaaCSV}, {"auckland", aucklandCSV}} {
			rows, _ := loadReal(b, c.csv)
			blocks, bases := realBlocksBy(rows, hourMs, nil)
			add(c.name, blocks, bases)
		}
		blocks, bases := fleetBlocks(50)
		add("dense", blocks, bases)
	})
	return benchBlockSets
}

func BenchmarkBlockEncode(b *testing.B) {
	for _, name := range []string{"noaa", "auckland", "dense"} {
		b.Run(name, func(b *testing.B) {
			benchEncode(b, blockSets(b)[name])
		})
	}
}

// benchEncode times encodeBlock over set's blocks and reports the CPU
// time and allocations per fix.
func benchEncode(b *testing.B, set *benchBlocks) {
	var dst []byte
	b.ReportAllocs()
	b.ResetTimer()
	c0 := cpuTime()
	for range b.N {
		for i, q := range set.blocks {
			dst = encodeBlock(dst[:0], q, set.bases[i])
		}
	}
	reportPerFix(b, cpuTime()-c0, set.fixes)
}

func BenchmarkBlockDecode(b *testing.B) {
	for _, name := range []string{"noaa", "auckland", "dense"} {
		b.Run(name, func(b *testing.B) {
			set := blockSets(b)[name]
			enc := make([][]byte, len(set.blocks))
			for i, q := range set.blocks {
				enc[i] = encodeBlock(nil, q, set.bases[i])
			}
			var q []qfix
			var err error
			b.ReportAllocs()
			b.ResetTimer()
			c0 := cpuTime()
			for range b.N {
				for i, v := range enc {
					if q, err = decodeBlock(q[:0], v, set.bases[i]); err != nil {
						b.Fatal(err)
					}
				}
			}
			reportPerFix(b, cpuTime()-c0, set.fixes)
		})
	}
}

func reportPerFix(b *testing.B, cpu time.Duration, fixes int) {
	n := float64(b.N) * float64(fixes)
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/n, "ns/fix")
	b.ReportMetric(float64(cpu.Nanoseconds())/n, "cpu-ns/fix")
}

package store

import (
	"sync"
	"testing"
)

// Encoder speed on small blocks, as an ingest writes them: a block is
// encoded again at every commit that adds fixes to it, so a time-ordered
// feed whose commits each cover a few minutes encodes every prefix of a
// vessel's hour. BlockEncodeGrow encodes each prefix of the real
// captures' hour blocks (NOAA: 9 fixes a block on average, so prefixes of
// 5; the CSV ingest of 3 day-shifted copies of that capture encodes
// blocks of 7.7 fixes on average, a third of them of 1 to 4):
//
//	go test -run '^$' -bench 'BlockEncodeGrow' -count 5 ./internal/store/

var (
	growOnce sync.Once
	growSets map[string]*benchBlocks
)

// growBlocks returns set's blocks replaced by every prefix of each.
func growBlocks(b *testing.B, name string) *benchBlocks {
	sets := blockSets(b)
	growOnce.Do(func() {
		growSets = map[string]*benchBlocks{}
		for _, name := range []string{"noaa", "auckland"} {
			set := sets[name]
			g := &benchBlocks{}
			for i, q := range set.blocks {
				for n := 1; n <= len(q); n++ {
					g.blocks = append(g.blocks, q[:n])
					g.bases = append(g.bases, set.bases[i])
					g.fixes += n
				}
			}
			growSets[name] = g
		}
	})
	return growSets[name]
}

func BenchmarkBlockEncodeGrow(b *testing.B) {
	for _, name := range []string{"noaa", "auckland"} {
		b.Run(name, func(b *testing.B) {
			set := growBlocks(b, name)
			benchEncode(b, set)
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(set.blocks)), "ns/block")
		})
	}
}

package store

import (
	"testing"
	"time"
)

// BenchmarkSortBatch measures sortBatch on a batch like a feed's: 100,000
// fixes of 2,000 vessels interleaved in time order, 10 s apart per vessel
// (so each vessel's fixes span two hour blocks). Reported as cpu-ns per
// fix.
func BenchmarkSortBatch(b *testing.B) {
	const nv, n = 2000, 100000
	f := newFleet(nv)
	in := make([]bfix, 0, n)
	for i := range n / nv {
		for v := range nv {
			fx := f.step(v, i+300)
			in = append(in, bfix{mmsi: fx.MMSI, day: bucketOf(fx.Time), seg: uint64(v % 3), q: quantize(&fx)})
		}
	}
	bt := NewBatch()
	b.ReportAllocs()
	var cpu time.Duration
	for range b.N {
		bt.fixes = append(bt.fixes[:0], in...)
		c0 := cpuTime()
		sortBatch(bt)
		cpu += cpuTime() - c0
	}
	b.ReportMetric(float64(cpu.Nanoseconds())/float64(n*b.N), "cpu-ns/fix")
}

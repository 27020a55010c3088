package nmea

import (
	"bytes"
	"io"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// benchCorpus is one copy of the replicated capture: the DMA network sample
// (tag block + $PGHP + sentence per message), DMA's merged stream, gpsd's
// aggregator log and DMA's round-trip corpus. bench/decode.sh builds the
// same file on disk.
var benchCorpus = []string{
	"shared:ais/dma-aisabnormal/ais-sample.txt.gz",
	"shared:ais/dma-aislib/stream_example.txt",
	"shared:ais/gpsd/ais-nmea-type6-fid55.log",
	"shared:ais/dma-aislib/decode_encode_messages.txt",
}

// benchMinSentences is the size the replicated capture must reach.
const benchMinSentences = 1_500_000

var (
	benchOnce sync.Once
	benchData []byte
	benchSent int64
)

// replicated returns the replicated capture and its sentence count.
func replicated(b *testing.B) ([]byte, int64) {
	benchOnce.Do(func() {
		var one bytes.Buffer
		for _, p := range benchCorpus {
			if _, err := io.Copy(&one, openCapture(b, p)); err != nil {
				b.Fatal(err)
			}
			one.WriteByte('\n')
		}
		n := countSentences(b, one.Bytes())
		copies := int((benchMinSentences + n - 1) / n)
		benchData = bytes.Repeat(one.Bytes(), copies)
		benchSent = n * int64(copies)
	})
	if benchData == nil {
		b.Skip("benchmark corpus not available")
	}
	return benchData, benchSent
}

// countSentences decodes data once for its sentence count.
func countSentences(b *testing.B, data []byte) int64 {
	d := NewDecoder(bytes.NewReader(data), "bench", Options{})
	for {
		if _, err := d.NextFrame(); err != nil {
			break
		}
	}
	return d.Stats().Sentences
}

// runBench decodes the replicated capture b.N times with step (framing and
// assembly only, or full decoding) and reports sentences/s.
func runBench(b *testing.B, step func(d *Decoder) error) {
	data, n := replicated(b)
	r := bytes.NewReader(data)
	d := NewDecoder(r, "bench", Options{})
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	cpu0 := cpuTime()
	for range b.N {
		r.Reset(data)
		d.Reset(r, "bench")
		for step(d) == nil {
		}
	}
	cpu := (cpuTime() - cpu0).Seconds()
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "sentences/s")
	// The machine is shared: sentences per second of this process's CPU
	// time is the per-core speed, less disturbed by other load.
	b.ReportMetric(float64(n)*float64(b.N)/cpu, "sentences/cpu-s")
	b.ReportMetric(float64(n), "sentences/op")
}

// cpuTime is the CPU time (user + system) used by this process so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkFraming measures framing, checksums, tag blocks and assembly.
func BenchmarkFraming(b *testing.B) {
	runBench(b, func(d *Decoder) error { _, err := d.NextFrame(); return err })
}

// BenchmarkDecode measures the whole path: framing, assembly and decoding
// of every field into ais.Message.
func BenchmarkDecode(b *testing.B) {
	runBench(b, func(d *Decoder) error { _, err := d.Next(); return err })
}

// BenchmarkPositionReport decodes one type 1 sentence per op from an
// endless stream, to show zero allocations per position report.
func BenchmarkPositionReport(b *testing.B) {
	line := []byte(strings.Repeat(pos1+"\n", 1000))
	r := bytes.NewReader(line)
	d := NewDecoder(r, "bench", Options{})
	b.ReportAllocs()
	b.ResetTimer()
	cpu0 := cpuTime()
	defer func() { b.ReportMetric(float64(cpuTime()-cpu0)/float64(b.N), "cpu-ns/op") }()
	for range b.N {
		m, err := d.Next()
		if err == io.EOF {
			r.Reset(line)
			d.Reset(r, "bench")
			m, err = d.Next()
		}
		if err != nil || m.AIS.Type != 1 {
			b.Fatal(m, err)
		}
	}
}

// BenchmarkDecodeTagLines is BenchmarkDecode on input framed one line a
// sentence behind an NMEA 4.10 tag block, as satellite feeds and receiver
// logs write it: the aisdb satellite sample (1,000 lines, a new c: time
// on nearly every one), repeated 300 times.
func BenchmarkDecodeTagLines(b *testing.B) {
	var one bytes.Buffer
	if _, err := io.Copy(&one, openCapture(b, "shared:ais/aisdb/test_data_20211101.nm4")); err != nil {
		b.Fatal(err)
	}
	data := bytes.Repeat(one.Bytes(), 300)
	r := bytes.NewReader(data)
	d := NewDecoder(r, "bench", Options{})
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	cpu0 := cpuTime()
	for b.Loop() {
		r.Reset(data)
		d.Reset(r, "bench")
		for {
			if _, err := d.Next(); err != nil {
				break
			}
		}
	}
	// Reset keeps the counts: Sentences is the total of all b.N runs.
	b.ReportMetric(float64(d.Stats().Sentences)/(cpuTime()-cpu0).Seconds(), "sentences/cpu-s")
}

package ais_test

import (
	"syscall"
	"testing"
	"time"

	"github.com/lookout-osint/lookout/internal/ais"
)

// payloadsOf returns the real payloads whose type satisfies keep.
func payloadsOf(b *testing.B, keep func(typ uint8) bool) []payload {
	var out []payload
	var m ais.Message
	for _, p := range realPayloads(b) {
		if err := m.Decode(p.data, p.fill); err == nil && keep(m.Type) {
			out = append(out, p)
		}
	}
	if len(out) == 0 {
		b.Fatal("no payloads")
	}
	return out
}

// benchDecode decodes ps round robin, reporting bytes, allocations and
// messages per second.
func benchDecode(b *testing.B, ps []payload) {
	var m ais.Message
	size := 0
	for _, p := range ps {
		size += len(p.data)
	}
	b.SetBytes(int64(size / len(ps)))
	b.ReportAllocs()
	b.ResetTimer()
	cpu0 := cpuTime()
	for i := 0; i < b.N; i++ {
		p := &ps[i%len(ps)]
		if err := m.Decode(p.data, p.fill); err != nil {
			b.Fatal(err)
		}
	}
	reportRates(b, cpu0)
}

// cpuTime returns the process's user+system CPU time. On a shared machine
// wall-clock ns/op includes time spent waiting for a core; cpu-ns/op does
// not.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// reportRates adds msgs/s (wall clock), cpu-ns/op and msgs/cpu-s.
func reportRates(b *testing.B, cpu0 time.Duration) {
	cpu := cpuTime() - cpu0
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "msgs/s")
	if cpu > 0 {
		b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N), "cpu-ns/op")
		b.ReportMetric(float64(b.N)/cpu.Seconds(), "msgs/cpu-s")
	}
}

// BenchmarkDecodePosition decodes the real class A position reports.
func BenchmarkDecodePosition(b *testing.B) {
	benchDecode(b, payloadsOf(b, func(t uint8) bool { return t <= 3 }))
}

// BenchmarkDecodeClassB decodes the real 18, 19 and 27 reports.
func BenchmarkDecodeClassB(b *testing.B) {
	benchDecode(b, payloadsOf(b, func(t uint8) bool { return t == 18 || t == 19 || t == 27 }))
}

// BenchmarkDecodeType5 decodes the real static and voyage messages.
func BenchmarkDecodeType5(b *testing.B) {
	benchDecode(b, payloadsOf(b, func(t uint8) bool { return t == 5 }))
}

// BenchmarkDecodeMix decodes every real message of the gpsd logs.
func BenchmarkDecodeMix(b *testing.B) {
	benchDecode(b, payloadsOf(b, func(uint8) bool { return true }))
}

// BenchmarkAppendJSON decodes and writes every real message as JSON.
func BenchmarkAppendJSON(b *testing.B) {
	ps := payloadsOf(b, func(uint8) bool { return true })
	var m ais.Message
	buf := make([]byte, 0, 4096)
	b.ReportAllocs()
	b.ResetTimer()
	cpu0 := cpuTime()
	for i := 0; i < b.N; i++ {
		p := &ps[i%len(ps)]
		_ = m.Decode(p.data, p.fill)
		buf = m.AppendJSON(buf[:0])
	}
	reportRates(b, cpu0)
}

// TestDecodeAllocs pins zero allocations per message for every real
// payload (positions and all other types), and for AppendJSON into a
// buffer with room.
func TestDecodeAllocs(t *testing.T) {
	ps := realPayloads(t)
	var m ais.Message
	buf := make([]byte, 0, 8192)
	allocs := testing.AllocsPerRun(5, func() {
		for _, p := range ps {
			_ = m.Decode(p.data, p.fill)
			buf = m.AppendJSON(buf[:0])
		}
	})
	if allocs != 0 {
		t.Errorf("%v allocations per run of %d messages, want 0", allocs, len(ps))
	}
}

package store

import (
	"math/rand/v2"
	"testing"

	"github.com/lookout-osint/lookout/internal/track"
)

// quantizeInputs returns n fixes with positions as NMEA (1/600000°) or
// CSV (1e-5°) feeds give them, whose fractions in 1e-6° are as good as
// random, and speeds and courses in tenths parsed to float32.
func quantizeInputs(n int, nmea bool) []track.Fix {
	r := rand.New(rand.NewPCG(1, 2))
	fs := make([]track.Fix, n)
	for i := range fs {
		lat, lon := float64(r.IntN(108_000_000)-54_000_000)/600000, float64(r.IntN(216_000_000)-108_000_000)/600000
		if !nmea {
			lat, lon = float64(r.IntN(18_000_000)-9_000_000)/1e5, float64(r.IntN(36_000_000)-18_000_000)/1e5
		}
		fs[i] = track.Fix{MMSI: 219000000 + uint32(i%500), Time: int64(i) * 1000, Lat: lat, Lon: lon,
			SOG: float32(r.IntN(300)) / 10, COG: float32(r.IntN(3600)) / 10, Heading: int16(r.IntN(360)),
			Src: track.SourceRef{Source: 1, Line: uint32(i)}}
	}
	return fs
}

// BenchmarkQuantize times quantizeTo per fix:
//
//	go test -run '^$' -bench Quantize -cpu 1 -count 8 ./internal/store/
func BenchmarkQuantize(b *testing.B) {
	for _, c := range []struct {
		name string
		nmea bool
	}{{"nmea", true}, {"csv", false}} {
		b.Run(c.name, func(b *testing.B) {
			fs := quantizeInputs(1<<15, c.nmea)
			q := make([]qfix, len(fs))
			b.ResetTimer()
			for range b.N {
				for i := range fs {
					quantizeTo(&q[i], &fs[i])
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(fs)), "ns/fix")
		})
	}
}

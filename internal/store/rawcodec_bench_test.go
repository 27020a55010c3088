package store

import (
	"bytes"
	"fmt"
	"os"
	"testing"

	"github.com/klauspost/compress/s2"
)

// rawBenchFile returns the file LOOKOUT_RAWBENCH names, skipping the
// benchmark without it.
func rawBenchFile(b *testing.B) []byte {
	name := os.Getenv("LOOKOUT_RAWBENCH")
	if name == "" {
		b.Skip("set LOOKOUT_RAWBENCH to a file of raw lines, e.g. an NMEA capture or AIS CSV")
	}
	data, err := os.ReadFile(name)
	if err != nil {
		b.Fatal(err)
	}
	return data
}

// rawBenchBlocks returns up to 64 full raw blocks (in the block encoding)
// of the LOOKOUT_RAWBENCH file.
func rawBenchBlocks(b *testing.B) [][]byte {
	data := rawBenchFile(b)
	enc, marks := appendRawLines(nil, nil, data, 1, uint32(bytes.Count(data, newline)))
	var blocks [][]byte
	for i := 1; i < len(marks) && len(blocks) < 64; i++ { // full blocks only
		blocks = append(blocks, enc[marks[i-1]:marks[i]])
	}
	return blocks
}

// BenchmarkRawCodecs compresses full raw blocks of the LOOKOUT_RAWBENCH
// file with S2 (what compressRaw writes) and S2's Snappy mode, whole and
// cut into pieces of 16 to 128 KiB (as smaller blocks would be), and
// reports the compression ratio. On generated NMEA and CSV inputs
// (bench/ingest_tool.go gen-nmea 5, gen-csv 3) the two modes take the
// same instructions within 2% and S2 compresses slightly better; 16 KiB
// pieces take more instructions but about a fifth less CPU time (S2's
// smaller hash table), for about 15% larger output.
func BenchmarkRawCodecs(b *testing.B) {
	blocks := rawBenchBlocks(b)
	codecs := []struct {
		name string
		enc  func(dst, src []byte) []byte
	}{
		{"S2", s2.Encode},
		{"Snappy", s2.EncodeSnappy},
	}
	for _, piece := range []int{0, 128 << 10, 64 << 10, 32 << 10, 16 << 10} {
		for _, c := range codecs {
			name := fmt.Sprintf("%s/piece=%dK", c.name, piece>>10)
			if piece == 0 {
				name = c.name + "/whole"
			}
			b.Run(name, func(b *testing.B) {
				var in, out int
				dst := make([]byte, s2.MaxEncodedLen(4<<20))
				for b.Loop() {
					in, out = 0, 0
					for _, blk := range blocks {
						for p := blk; len(p) > 0; {
							k := len(p)
							if piece > 0 {
								k = min(piece, k)
							}
							in, out = in+k, out+len(c.enc(dst, p[:k]))
							p = p[k:]
						}
					}
				}
				b.SetBytes(int64(in))
				b.ReportMetric(float64(in)/float64(out), "ratio")
			})
		}
	}
}

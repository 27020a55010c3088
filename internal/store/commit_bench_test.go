package store

import (
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/lookout-osint/lookout/internal/shareddata"
	"github.com/lookout-osint/lookout/internal/track"
)

// Benchmarks of Commit on real input, shaped like lookout ingest's: raw
// lines arrive in runs of about 2 MB (AddRawLines), fixes by AddAssigned.

// benchRun is the size of a run of raw lines, as ingest's chunks.
const benchRun = 2 << 20

// readShared returns the bytes of a shared data file, gunzipped when its
// name ends in .gz.
func readShared(tb testing.TB, rel string) []byte {
	tb.Helper()
	f, err := os.Open(shareddata.Path(tb, rel))
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	var r io.Reader = f
	if strings.HasSuffix(rel, ".gz") {
		zr, err := gzip.NewReader(f)
		if err != nil {
			tb.Fatal(err)
		}
		r = zr
	}
	data, err := io.ReadAll(r)
	if err != nil {
		tb.Fatal(err)
	}
	return data
}

// addRuns adds data (whole lines, the first being line first) to b as
// runs of about benchRun bytes cut at line ends, and returns the number
// of the line after the last.
func addRuns(b *Batch, src, first uint32, data []byte) uint32 {
	for len(data) > 0 {
		n := min(len(data), benchRun)
		if i := bytes.IndexByte(data[n-1:], '\n'); i >= 0 {
			n += i
		} else {
			n = len(data)
		}
		run := data[:n]
		lines := uint32(bytes.Count(run, []byte{'\n'}))
		if run[len(run)-1] != '\n' {
			lines++
		}
		b.AddRawLines(src, first, lines, run)
		first += lines
		data = data[n:]
	}
	return first
}

// BenchmarkCommitRawNMEA archives the DMA NMEA sample (80,246 lines, a
// third ending in "\r\n") 8 times over as one source, in commits of 16 MB
// of runs, and reports CPU ns per line.
func BenchmarkCommitRawNMEA(b *testing.B) {
	data := readShared(b, "ais/dma-aisabnormal/ais-sample.txt.gz")
	const copies, perCommit = 8, 16 << 20
	var lines uint32
	cpu := timeCommits(b, nil, func(s *Store) {
		si, err := s.RegisterSource(simHash("nmea"), "nmea", 0)
		if err != nil {
			b.Fatal(err)
		}
		bt, line := NewBatch(), uint32(1)
		for range copies {
			line = addRuns(bt, si.ID, line, data)
			if bt.RawBytes() >= perCommit {
				if _, err := s.Commit(bt); err != nil {
					b.Fatal(err)
				}
			}
		}
		if _, err := s.Commit(bt); err != nil {
			b.Fatal(err)
		}
		lines = line - 1
	})
	b.ReportMetric(float64(cpu.Nanoseconds())/float64(int(lines)*b.N), "cpu-ns/line")
}

// BenchmarkCommitCSV commits the NOAA MarineCadastre slice 4 times over,
// each copy moved on by a day as one segment per vessel and day: its
// fixes (AddAssigned) and raw lines (in runs), one commit per copy. It
// reports CPU ns per row.
func BenchmarkCommitCSV(b *testing.B) {
	rows, lines := loadReal(b, noaaCSV)
	data := []byte(strings.Join(lines, "\n") + "\n")
	const copies, day = 4, 86400000
	as := make([][]track.Assigned, copies)
	for k := range as {
		for _, r := range rows {
			f := r.fix
			f.Time += int64(k) * day
			f.Src.Line += uint32(k * len(lines))
			as[k] = append(as[k], track.Assigned{Fix: f, Seg: track.SegmentID{MMSI: f.MMSI, Start: f.Time / day * day}})
		}
	}
	cpu := timeCommits(b, nil, func(s *Store) {
		si, err := s.RegisterSource(simHash("csv"), "csv", 0)
		if err != nil {
			b.Fatal(err)
		}
		bt, line := NewBatch(), uint32(1)
		for k := range copies {
			if err := bt.AddAssigned(as[k]); err != nil {
				b.Fatal(err)
			}
			line = addRuns(bt, si.ID, line, data)
			if _, err := s.Commit(bt); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.ReportMetric(float64(cpu.Nanoseconds())/float64(len(rows)*copies*b.N), "cpu-ns/row")
}

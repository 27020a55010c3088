package ingest

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/lookout-osint/lookout/internal/shareddata"
	"github.com/lookout-osint/lookout/internal/track"
)

// discardSink counts what it gets and keeps nothing.
type discardSink struct{ fixes, ids, raw int64 }

func (d *discardSink) BeginSource(SourceInfo) (uint32, bool, error) { return 1, false, nil }
func (d *discardSink) WriteBatch(b *Batch) error {
	d.fixes += int64(len(b.Fixes))
	d.ids += int64(len(b.Identities))
	for _, r := range b.Raw {
		d.raw += int64(r.Lines)
	}
	return nil
}

// replicate writes the text of a shared capture n times to a temp file,
// copy k shifted by k days (shift rewrites one copy) so that the copies are
// new data rather than late duplicates, keeping one header line for CSV.
// It returns the path.
func replicate(b *testing.B, rel string, n int, csv bool, shift func(data []byte, k int) []byte) string {
	b.Helper()
	o, err := openInput(shareddata.Path(b, rel))
	if err != nil {
		b.Fatal(err)
	}
	data, err := io.ReadAll(o.text)
	o.closer.Close()
	if err != nil {
		b.Fatal(err)
	}
	var head []byte
	if csv {
		i := bytes.IndexByte(data, '\n') + 1
		head, data = data[:i], data[i:]
	}
	out := filepath.Join(b.TempDir(), filepath.Base(rel)+".txt")
	f, err := os.Create(out)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	f.Write(head)
	for k := range n {
		if _, err := f.Write(shift(data, k)); err != nil {
			b.Fatal(err)
		}
	}
	return out
}

// shiftMarineCadastre moves the 2022-01-03 slice to 2022-01-(03+k).
func shiftMarineCadastre(data []byte, k int) []byte {
	return bytes.ReplaceAll(data, []byte(`"2022-01-03T`), fmt.Appendf(nil, `"2022-01-%02dT`, 3+k))
}

// shiftPGHP moves the $PGHP times of the DMA sample (2013-11-12) k days
// later, recomputing each sentence's checksum.
func shiftPGHP(data []byte, k int) []byte {
	var out []byte
	for _, line := range bytes.SplitAfter(data, []byte{'\n'}) {
		if !bytes.HasPrefix(line, []byte("$PGHP,1,2013,11,12,")) {
			out = append(out, line...)
			continue
		}
		body := fmt.Appendf(nil, "PGHP,1,2013,11,%d,", 12+k)
		star := bytes.IndexByte(line, '*')
		body = append(body, line[len("$PGHP,1,2013,11,12,"):star]...)
		var sum byte
		for _, c := range body {
			sum ^= c
		}
		out = fmt.Appendf(out, "$%s*%02X\n", body, sum)
	}
	return out
}

// BenchmarkIngestCSV is end-to-end CSV ingest (read, parse, reorder,
// dedupe, segment, batch) of 5 copies of the NOAA MarineCadastre slice
// (500K rows) into a sink that keeps nothing. rows/s is per run; use
// -cpu 1 for the per-core rate.
func BenchmarkIngestCSV(b *testing.B) {
	path := replicate(b, "ais/noaa-marinecadastre-20220103/AIS_2022_01_03_first99999rows.csv.gz", 5, true, shiftMarineCadastre)
	benchIngest(b, path, 5*99999, "rows")
}

// BenchmarkIngestNMEA is end-to-end NMEA ingest of 20 copies of the DMA
// network sample (26K sentences each, $PGHP and tag blocks on own lines).
func BenchmarkIngestNMEA(b *testing.B) {
	path := replicate(b, "ais/dma-aisabnormal/ais-sample.txt.gz", 20, false, shiftPGHP)
	benchIngest(b, path, 20*26146, "sentences")
}

func benchIngest(b *testing.B, path string, units int, unit string) {
	fi, _ := os.Stat(path)
	b.SetBytes(fi.Size())
	b.ReportAllocs()
	cpu0 := cpuTime()
	for b.Loop() {
		g, err := New(&discardSink{}, Options{})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := g.Run(context.Background(), []Input{{Name: path, Size: fi.Size()}}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(units)*float64(b.N)/b.Elapsed().Seconds(), unit+"/s")
	// Per CPU-second over all threads: the per-core rate, also on a busy
	// machine where wall time measures the neighbours.
	b.ReportMetric(float64(units)*float64(b.N)/(cpuTime()-cpu0).Seconds(), unit+"/cpu-s")
}

// cpuTime returns the user+system CPU time of the process so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkParseRowMarineCadastre is the pure CSV row parser alone.
func BenchmarkParseRowMarineCadastre(b *testing.B) {
	data, err := os.ReadFile("testdata/marinecadastre-20220103-head20.csv")
	if err != nil {
		b.Fatal(err)
	}
	lines := bytes.Split(bytes.TrimSpace(data), []byte{'\n'})
	s, err := NewSchema(FormatMarineCadastreCSV, strings.Split(string(lines[0]), ","), "")
	if err != nil {
		b.Fatal(err)
	}
	rows := lines[1:]
	p := NewRowParser(s)
	var fix track.Fix
	var id track.Identity
	b.ReportAllocs()
	n := 0
	cpu0 := cpuTime()
	for b.Loop() {
		p.Parse(rows[n%len(rows)], &fix, &id)
		n++
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "rows/s")
	b.ReportMetric(float64(n)/(cpuTime()-cpu0).Seconds(), "rows/cpu-s")
}

// BenchmarkWorkerCSV is the decoding side alone: the chunks of the NOAA
// MarineCadastre slice (100K rows) through one CSV worker (row parsing,
// identities and their folding), without the track stage.
func BenchmarkWorkerCSV(b *testing.B) {
	path := shareddata.Path(b, "ais/noaa-marinecadastre-20220103/AIS_2022_01_03_first99999rows.csv.gz")
	benchWorker(b, path, "rows", func(r *result) int64 { return r.rows })
}

// BenchmarkWorkerNMEA is the decoding side alone for NMEA: the chunks of
// the DMA network sample (26K sentences) through one NMEA worker.
func BenchmarkWorkerNMEA(b *testing.B) {
	path := shareddata.Path(b, "ais/dma-aisabnormal/ais-sample.txt.gz")
	benchWorker(b, path, "sentences", func(r *result) int64 { return r.nmea.Sentences })
}

// benchWorker cuts the input at path into chunks once and then times one
// worker decoding all of them, reporting units (counted by count) per CPU
// second.
func benchWorker(b *testing.B, path, unit string, count func(*result) int64) {
	g, err := New(&discardSink{}, Options{})
	if err != nil {
		b.Fatal(err)
	}
	o, err := openInput(path)
	if err != nil {
		b.Fatal(err)
	}
	defer o.closer.Close()
	data, err := io.ReadAll(o.text)
	if err != nil {
		b.Fatal(err)
	}
	src, err := g.prepare(Input{Name: path}, data[:min(len(data), peekSize)])
	if err != nil {
		b.Fatal(err)
	}
	ck := &chunker{r: bytes.NewReader(data), nmea: src.info.Format == FormatNMEA}
	var chunks []*chunk
	for {
		ch, err := ck.next()
		if err != nil {
			break
		}
		chunks = append(chunks, ch)
	}
	p := src.newPars(1)
	r := &result{}
	var units int64
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	cpu0 := cpuTime()
	for b.Loop() {
		for _, ch := range chunks {
			*r = result{ch: ch, fixes: r.fixes[:0], ids: r.ids[:0], refs: r.refs[:0], rmc: r.rmc[:0]}
			p.parse(ch, r)
			units += count(r)
		}
	}
	b.ReportMetric(float64(units)/(cpuTime()-cpu0).Seconds(), unit+"/cpu-s")
}

// BenchmarkSplitRow splits the rows of a MarineCadastre export: with
// splitPlain, as RowParser does, and with splitQuoted alone for reference.
func BenchmarkSplitRow(b *testing.B) {
	data, err := os.ReadFile("testdata/marinecadastre-20220103-head20.csv")
	if err != nil {
		b.Fatal(err)
	}
	rows := bytes.Split(bytes.TrimSpace(data), []byte{'\n'})[1:]
	b.Run("plain", func(b *testing.B) {
		var spans []fieldSpan
		n := 0
		for b.Loop() {
			spans, _ = splitPlain(spans[:0], rows[n%len(rows)])
			n++
		}
	})
	b.Run("quoted", func(b *testing.B) {
		var fields [][]byte
		var scratch []byte
		n := 0
		for b.Loop() {
			fields, _ = splitQuoted(fields[:0], &scratch, rows[n%len(rows)])
			n++
		}
	})
}

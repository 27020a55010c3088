//go:build ignore

// ingest_tool.go is bench/ingest.sh's helper (run with `go run`):
//
//	go run bench/ingest_tool.go gen-csv N SRC.csv.gz OUT     N copies of a MarineCadastre day, copy k shifted k days
//	go run bench/ingest_tool.go gen-nmea N SRC.nmea.gz OUT   N copies of a $PGHP-stamped capture, copy k shifted k days
//	go run bench/ingest_tool.go gen-nmea-tag N SRC.nmea.gz OUT  the same, each sentence re-framed on one line with
//	                                                         an NMEA 4.10 tag block (\s:station,c:unix seconds*hh\)
//	                                                         in place of the capture's tag and $PGHP lines
//	go run bench/ingest_tool.go gen-aisdk N SRC OUT       N copies of a DMA aisdk CSV (day-first "01/06/2018 00:00:00"),
//	                                                         copy k shifted k*10 s (the sample spans one second)
//	go run bench/ingest_tool.go gen-solent N SRC OUT      N copies of the Solent Time,MMSI,Lat,Lon,COG,SOG CSV, copy k
//	                                                         shifted k days
//	go run bench/ingest_tool.go gen-auckland N SRC OUT    N copies of the Auckland generic-header CSV, copy k shifted
//	                                                         4k days (its span: copies do not interleave), both its
//	                                                         report time and its first-seen time
//	go run bench/ingest_tool.go gen-aisdb N SRC OUT       N copies of the aisdb all-quoted 150-column CSV
//	                                                         ("20210701_185151" times), copy k shifted k days
//	                                                         (SRC of these four: plain or .gz; the header once)
//	go run bench/ingest_tool.go stats DB                     compact, bytes per fix, query timings
//	go run bench/ingest_tool.go budget FILE UNITS TARGET     CPU time of the work every ingest of FILE must do
//	                                                         whatever the implementation (SHA-256 of the file,
//	                                                         S2 of its lines for the raw archive), and what a
//	                                                         rate of TARGET UNITS per CPU-second leaves for the rest
//	go run bench/ingest_tool.go digest DB                    digests of every stored fix (all fields, source
//	                                                         line, segment), identity history and vessel
//	                                                         summary (seen, fixes, flag): two builds that
//	                                                         ingest the same input must print the same line
//
// It is a build-ignored file so that it is not a package of the module.
package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/klauspost/compress/s2"
	"github.com/lookout-osint/lookout/internal/geo"
	"github.com/lookout-osint/lookout/internal/store"
)

func main() {
	if len(os.Args) < 3 {
		fmt.Fprintln(os.Stderr, "usage: ingest_tool gen-csv|gen-nmea|gen-nmea-tag|gen-aisdk|gen-solent|gen-auckland|gen-aisdb N SRC OUT | stats DB | digest DB | budget FILE UNITS TARGET")
		os.Exit(2)
	}
	var err error
	switch os.Args[1] {
	case "gen-csv", "gen-nmea", "gen-nmea-tag":
		n, _ := strconv.Atoi(os.Args[2])
		err = gen(os.Args[1], n, os.Args[3], os.Args[4])
	case "gen-aisdk", "gen-solent", "gen-auckland", "gen-aisdb":
		n, _ := strconv.Atoi(os.Args[2])
		err = genShift(shiftGens[os.Args[1]], n, os.Args[3], os.Args[4])
	case "stats":
		err = stats(os.Args[2])
	case "digest":
		err = digest(os.Args[2])
	case "budget":
		if len(os.Args) != 5 {
			err = fmt.Errorf("usage: budget FILE UNITS TARGET")
			break
		}
		err = budget(os.Args[2], os.Args[3], os.Args[4])
	default:
		err = fmt.Errorf("unknown command %q", os.Args[1])
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "ingest_tool:", err)
		os.Exit(1)
	}
}

// gen writes n shifted copies of src (gzip) to out in the form cmd names
// and prints the data lines (gen-csv, gen-nmea) or sentences
// (gen-nmea-tag) written.
func gen(cmd string, n int, src, out string) error {
	csv := cmd == "gen-csv"
	data, err := readInput(src)
	if err != nil {
		return err
	}
	o, err := os.Create(out)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(o, 1<<20)
	if csv {
		i := bytes.IndexByte(data, '\n') + 1
		w.Write(data[:i])
		data = data[i:]
	}
	lines := 0
	for k := range n {
		switch cmd {
		case "gen-csv":
			day := time.Date(2022, 1, 3+k, 0, 0, 0, 0, time.UTC).Format("2006-01-02")
			w.Write(bytes.ReplaceAll(data, []byte(`"2022-01-03T`), []byte(`"`+day+`T`)))
			lines += bytes.Count(data, []byte{'\n'})
		case "gen-nmea":
			w.Write(shiftPGHP(data, k))
			lines += bytes.Count(data, []byte{'\n'})
		default:
			tagged, err := tagPGHP(data, k)
			if err != nil {
				return err
			}
			w.Write(tagged)
			lines += bytes.Count(tagged, []byte{'\n'})
		}
	}
	if err := w.Flush(); err != nil {
		return err
	}
	fmt.Println(lines)
	return o.Close()
}

// A shiftGen says how gen-aisdk, gen-solent, gen-auckland and gen-aisdb shift a
// copy: the time columns (a negative one counts from the end of the row,
// past the Auckland names, which may be quoted and hold commas), their
// layouts and the shift per copy.
type shiftGen struct {
	cols    []int
	layouts []string
	step    time.Duration
}

var shiftGens = map[string]shiftGen{
	"gen-aisdk":    {[]int{0}, []string{"02/01/2006 15:04:05"}, 10 * time.Second},
	"gen-solent":   {[]int{0}, []string{"2006-01-02 15:04:05.000"}, 24 * time.Hour},
	"gen-aisdb":    {[]int{3}, []string{`"20060102_150405"`}, 24 * time.Hour},
	"gen-auckland": {[]int{1, -2}, []string{"2006-01-02T15:04:05.000Z", "2006-01-02T15:04:05Z"}, 4 * 24 * time.Hour},
}

// genShift writes the header line of src and then n copies of its rows,
// copy k with g's time columns moved k*g.step on, and prints the rows
// written. A time that does not print back as it was read is an error,
// so copy 0 is the capture byte for byte.
func genShift(g shiftGen, n int, src, out string) error {
	data, err := readInput(src)
	if err != nil {
		return err
	}
	head, body, _ := bytes.Cut(data, []byte{'\n'})
	rows := bytes.Split(bytes.TrimSuffix(body, []byte{'\n'}), []byte{'\n'})
	// Each row's time fields, parsed once: [start, end) and the time.
	type field struct {
		start, end, layout int
		t                  time.Time
	}
	fields := make([][]field, len(rows))
	for i, row := range rows {
		for j, c := range g.cols {
			start, end := fieldSpan(row, c)
			s := string(row[start:end])
			t, err := time.Parse(g.layouts[j], s)
			if err != nil || t.Format(g.layouts[j]) != s {
				return fmt.Errorf("row %d field %d: %q does not round-trip as %q (%v)", i+2, c, s, g.layouts[j], err)
			}
			fields[i] = append(fields[i], field{start, end, j, t})
		}
	}
	o, err := os.Create(out)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(o, 1<<20)
	w.Write(head)
	w.WriteByte('\n')
	var buf []byte
	for k := range n {
		for i, row := range rows {
			buf = buf[:0]
			at := 0
			for _, f := range fields[i] {
				buf = append(buf, row[at:f.start]...)
				buf = f.t.Add(time.Duration(k)*g.step).AppendFormat(buf, g.layouts[f.layout])
				at = f.end
			}
			buf = append(append(buf, row[at:]...), '\n')
			w.Write(buf)
		}
	}
	if err := w.Flush(); err != nil {
		return err
	}
	fmt.Println(n * len(rows))
	return o.Close()
}

// fieldSpan returns the bytes [start, end) of comma-separated field c of
// row, counting from the end when c < 0 (-1 is the last field).
// readInput returns the bytes of src, gunzipped when its name ends in .gz.
func readInput(src string) ([]byte, error) {
	data, err := os.ReadFile(src)
	if err == nil && strings.HasSuffix(src, ".gz") {
		var zr *gzip.Reader
		if zr, err = gzip.NewReader(bytes.NewReader(data)); err == nil {
			data, err = io.ReadAll(zr)
		}
	}
	return data, err
}

// fieldSpan returns where field c of the CSV row starts and ends (c < 0
// counts from the end; quoted commas are not seen: the shifted fields come
// before any quoted text, or are counted from the end).
func fieldSpan(row []byte, c int) (int, int) {
	row = bytes.TrimSuffix(row, []byte{'\r'})
	if c < 0 {
		c += bytes.Count(row, []byte{','}) + 1
	}
	start := 0
	for ; c > 0; c-- {
		start += bytes.IndexByte(row[start:], ',') + 1
	}
	end := bytes.IndexByte(row[start:], ',')
	if end < 0 {
		return start, len(row)
	}
	return start, start + end
}

// tagPGHP re-frames the DMA sample k days on: each AIS sentence ('!')
// after a $PGHP line becomes one line led by an NMEA 4.10 tag block with
// the $PGHP's station (field 11) as s: and its time, truncated to the
// second, as c: (the later parts of a multi-sentence message, which
// follow one $PGHP, get the same tag block). The capture's own tag-only
// lines and the $PGHP lines go; the sentences are kept byte for byte. A
// sentence before any $PGHP is an error: it would have no time.
func tagPGHP(data []byte, k int) ([]byte, error) {
	var out, tag []byte
	for i, line := range bytes.Split(bytes.TrimSuffix(data, []byte{'\n'}), []byte{'\n'}) {
		line = bytes.TrimSuffix(line, []byte{'\r'})
		switch {
		case bytes.HasPrefix(line, []byte("$PGHP,1,")):
			f := strings.Split(string(line[:max(bytes.IndexByte(line, '*'), 0)]), ",")
			if len(f) < 12 {
				return nil, fmt.Errorf("line %d: short $PGHP", i+1)
			}
			var v [6]int
			for j := range v {
				var err error
				if v[j], err = strconv.Atoi(f[2+j]); err != nil {
					return nil, fmt.Errorf("line %d: $PGHP field %d: %w", i+1, 3+j, err)
				}
			}
			t := time.Date(v[0], time.Month(v[1]), v[2]+k, v[3], v[4], v[5], 0, time.UTC)
			body := fmt.Appendf(nil, "s:%s,c:%d", f[11], t.Unix())
			tag = fmt.Appendf(tag[:0], "\\%s*%02X\\", body, xorSum(body))
		case len(line) > 0 && line[0] == '!':
			if len(tag) == 0 {
				return nil, fmt.Errorf("line %d: sentence without a $PGHP before it", i+1)
			}
			out = append(append(append(out, tag...), line...), '\n')
		case len(line) > 0 && line[0] == '\\' && bytes.Count(line, []byte{'\\'}) == 2 && line[len(line)-1] == '\\':
			// a tag-only line: replaced by the sentence's own tag block
		default:
			out = append(append(out, line...), '\n')
		}
	}
	return out, nil
}

// shiftPGHP moves the $PGHP dates of the DMA sample (2013-11-12) k days on,
// recomputing each sentence's checksum.
func shiftPGHP(data []byte, k int) []byte {
	const prefix = "$PGHP,1,2013,11,12,"
	day := time.Date(2013, 11, 12+k, 0, 0, 0, 0, time.UTC)
	var out []byte
	for _, line := range bytes.SplitAfter(data, []byte{'\n'}) {
		star := bytes.IndexByte(line, '*')
		if !bytes.HasPrefix(line, []byte(prefix)) || star < 0 {
			out = append(out, line...)
			continue
		}
		body := fmt.Appendf(nil, "PGHP,1,%d,%d,%d,", day.Year(), int(day.Month()), day.Day())
		body = append(body, line[len(prefix):star]...)
		out = fmt.Appendf(out, "$%s*%02X\n", body, xorSum(body))
	}
	return out
}

// xorSum is the NMEA checksum of body: the XOR of its bytes.
func xorSum(body []byte) byte {
	var sum byte
	for _, c := range body {
		sum ^= c
	}
	return sum
}

// stats compacts the store and prints its size per fix and query timings.
func stats(dir string) error {
	s, err := store.Open(dir, store.Options{})
	if err != nil {
		return err
	}
	defer s.Close()
	if err := s.Compact(); err != nil {
		return err
	}
	sp, err := s.SpaceUsage()
	if err != nil {
		return err
	}
	vs, err := s.Vessels()
	if err != nil {
		return err
	}
	var fixes uint64
	for _, v := range vs {
		fixes += v.Fixes
	}
	fmt.Printf("store: %d vessels, %d fixes; fix blocks %d B, grid %d B, vessels+identities %d B, raw archive %d B, total %d B\n",
		len(vs), fixes, sp.Fixes, sp.Grid, sp.Vessels, sp.Raw, sp.Total())
	fmt.Printf("bytes per stored fix: %.2f (fix blocks only), %.2f (all but the raw archive), %.2f (with the raw archive)\n",
		float64(sp.Fixes)/float64(fixes), float64(sp.Total()-sp.Raw)/float64(fixes), float64(sp.Total())/float64(fixes))
	return queries(s, vs, fixes)
}

// queries times one vessel-day and a bbox + 1 hour query (median of 21).
func queries(s *store.Store, vs []store.Vessel, total uint64) error {
	busiest := slices.MaxFunc(vs, func(a, b store.Vessel) int { return int(a.Fixes) - int(b.Fixes) })
	day := busiest.FirstSeen - busiest.FirstSeen%86400000
	var n int
	d, err := median(func() error {
		f, err := s.Track(busiest.MMSI, day, day+86400000)
		n = len(f)
		return err
	})
	if err != nil {
		return err
	}
	fmt.Printf("query one vessel-day (mmsi %d, %d fixes): %v median of 21\n", busiest.MMSI, n, d)
	// The bbox: a 2°x2° box around the busiest vessel's first position, the
	// hour after its first fix.
	first, err := s.Track(busiest.MMSI, busiest.FirstSeen, busiest.FirstSeen+1)
	if err != nil || len(first) == 0 {
		return fmt.Errorf("first fix of %d: %v", busiest.MMSI, err)
	}
	p := first[0]
	box := geo.BBox{MinLat: p.Lat - 1, MaxLat: p.Lat + 1, MinLon: p.Lon - 1, MaxLon: p.Lon + 1}
	d, err = median(func() error {
		f, err := s.FixesInBBox(box, busiest.FirstSeen, busiest.FirstSeen+3600000)
		n = len(f)
		return err
	})
	if err != nil {
		return err
	}
	fmt.Printf("query bbox 2°x2° + 1 hour over %d fixes (%d found): %v median of 21\n", total, n, d)
	return nil
}

// median runs fn 21 times and returns the median duration.
func median(fn func() error) (time.Duration, error) {
	var ds []time.Duration
	for range 21 {
		t := time.Now()
		if err := fn(); err != nil {
			return 0, err
		}
		ds = append(ds, time.Since(t))
	}
	slices.Sort(ds)
	return ds[len(ds)/2], nil
}

// digest prints the number of vessels, fixes and identity records in the
// store at db with a digest of each: every fix with all its fields, its
// source reference and segment, and every vessel's identity history.
func digest(db string) error {
	s, err := store.Open(db, store.Options{ReadOnly: true})
	if err != nil {
		return err
	}
	defer s.Close()
	fixes, segs, ids := sha256.New(), sha256.New(), sha256.New()
	nf, ni := 0, 0
	err = s.ForEachVessel(0, store.MaxTime, func(vt *store.VesselTrack) error {
		for i, f := range vt.Fixes {
			fmt.Fprintf(fixes, "%d %d %.6f %.6f %v %v %d %d %d %v\n", f.MMSI, f.Time, f.Lat, f.Lon, f.SOG, f.COG, f.Heading, f.Status, f.Class, f.Src)
			fmt.Fprintf(segs, "%d %d\n", f.MMSI, vt.Segments[i])
			nf++
		}
		return nil
	})
	if err != nil {
		return err
	}
	vs, err := s.Vessels()
	if err != nil {
		return err
	}
	sums := sha256.New()
	for _, v := range vs {
		fmt.Fprintf(sums, "%d %d %d %d %d\n", v.MMSI, v.FirstSeen, v.LastSeen, v.Fixes, v.Flag) // its identity is in ids
		h, err := s.Identities(v.MMSI)
		if err != nil {
			return err
		}
		for _, id := range h {
			fmt.Fprintf(ids, "%+v\n", id)
			ni++
		}
	}
	fmt.Printf("%d vessels; %d fixes %x; segments %x; %d identity records %x; vessel summaries %x\n",
		len(vs), nf, fixes.Sum(nil)[:8], segs.Sum(nil)[:8], ni, ids.Sum(nil)[:8], sums.Sum(nil)[:8])
	return nil
}

// budget prints the CPU time of the two steps that every ingest of file
// takes whatever the code around them: the SHA-256 that names the source
// (idempotence and provenance) and the S2 compression of its lines that
// the raw archive stores (cut into the store's 64 KiB pieces; the store
// cuts at 4,096-line block ends as well, which changes the bytes by a
// fraction of a percent). It then prints what a rate of target units (rows
// or sentences) per CPU-second leaves for everything else: reading,
// parsing, decoding, segmenting, encoding and the Pebble writes. Each step
// runs three times on one goroutine; the fastest run counts.
func budget(file, unitsArg, targetArg string) error {
	units, err := strconv.ParseFloat(unitsArg, 64)
	if err != nil || units <= 0 {
		return fmt.Errorf("budget: units %q: not a positive number", unitsArg)
	}
	target, err := strconv.ParseFloat(targetArg, 64)
	if err != nil || target <= 0 {
		return fmt.Errorf("budget: target %q: not a positive number", targetArg)
	}
	data, err := os.ReadFile(file)
	if err != nil {
		return fmt.Errorf("budget: %w", err)
	}
	var packed int
	hash := fastest(func() { sha256.Sum256(data) })
	dst := make([]byte, s2.MaxEncodedLen(64<<10))
	s2t := fastest(func() {
		packed = 0
		for p := data; len(p) > 0; {
			k := min(len(p), 64<<10)
			packed += len(s2.Encode(dst, p[:k]))
			p = p[k:]
		}
	})
	total := units / target
	rest := total - (hash + s2t).Seconds()
	fmt.Printf("budget: %.0f units in %.1f MB: SHA-256 %.3f CPU-s (%.0f MB/s), S2 %.3f CPU-s (%.0f MB/s, ratio %.2f)\n",
		units, float64(len(data))/1e6, hash.Seconds(), float64(len(data))/1e6/hash.Seconds(),
		s2t.Seconds(), float64(len(data))/1e6/s2t.Seconds(), float64(len(data))/float64(max(packed, 1)))
	fmt.Printf("budget: at %.2f M units per CPU-second the ingest may take %.3f CPU-s; %.3f CPU-s (%.0f ns a unit) are left for everything else\n",
		target/1e6, total, rest, rest/units*1e9)
	return nil
}

// fastest returns the least CPU time (user and system, this process) of
// three runs of fn; fn must run on the calling goroutine alone.
func fastest(fn func()) time.Duration {
	best := time.Duration(1<<63 - 1)
	for range 3 {
		t0 := cpuTime()
		fn()
		best = min(best, cpuTime()-t0)
	}
	return best
}

// cpuTime returns this process's user and system CPU time so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

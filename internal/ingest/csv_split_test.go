package ingest

import (
	"bufio"
	"bytes"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/lookout-osint/lookout/internal/shareddata"
)

// csvCaptures are the shared CSV captures whose rows the CSV fast paths
// are checked on against the general code.
var csvCaptures = []string{
	"ais/noaa-marinecadastre-20220103/AIS_2022_01_03_first99999rows.csv.gz",
	"ais/aisdb/test_data_noaa_20230101.csv",
	"ais/stonesoup-solent/SolentAIS_20160112_130211.csv.gz",
	"ais/auckland-at-vessels-2017/positions_derived.csv.gz",
	"ais/dma-aisdk-header/aisdk_header.csv",
	"ais/aisdb/test_data_20210701.csv.gz",
}

// captureLines returns the lines (header included, terminators removed)
// of a shared CSV capture, skipping the test when it is absent.
func captureLines(t testing.TB, rel string) [][]byte {
	t.Helper()
	o, err := openInput(shareddata.Path(t, rel))
	if err != nil {
		t.Fatal(err)
	}
	defer o.closer.Close()
	var lines [][]byte
	sc := bufio.NewScanner(o.text)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		lines = append(lines, bytes.TrimSuffix(slices.Clone(sc.Bytes()), []byte{'\r'}))
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return lines
}

// checkSplitMasks checks that splitMasks, when it takes line, splits it
// exactly as splitWords does, and leaves dst as it was when it does not.
func checkSplitMasks(t testing.TB, line []byte) (taken bool) {
	t.Helper()
	pre := []fieldSpan{{7, 9}}
	got, ok := splitMasks(pre, line)
	want, wok := splitWords(pre, line)
	if !ok {
		if len(got) != len(pre) {
			t.Fatalf("splitMasks(%q) refused the line but appended %v", line, got[len(pre):])
		}
		return false
	}
	if !wok || !slices.Equal(got, want) {
		t.Fatalf("splitMasks(%q) = %v; splitWords %v %v", line, got, want, wok)
	}
	return true
}

// TestSplitMasksCaptures checks the mask splitter on every line of the
// shared CSV captures, and that it takes every one that splitWords takes
// (no plain real row falls back to splitWords).
func TestSplitMasksCaptures(t *testing.T) {
	for _, rel := range csvCaptures {
		t.Run(rel, func(t *testing.T) {
			taken := 0
			for _, l := range captureLines(t, rel) {
				_, plain := splitWords(nil, l)
				if checkSplitMasks(t, l) {
					taken++
				} else if plain {
					t.Errorf("splitMasks refuses the plain real row %q", l)
				}
			}
			if taken == 0 {
				t.Error("splitMasks took no row")
			}
		})
	}
}

// TestSplitMasks checks lines the mask splitter takes and lines it leaves
// to splitWords, with quotes and separators at and across the 64-byte
// block boundaries.
func TestSplitMasks(t *testing.T) {
	for _, c := range []struct {
		in    string
		taken bool
	}{
		{``, true}, {`,`, true}, {`""`, true}, {`"",""`, true}, {`"c,d",x`, true}, {`"a",`, true},
		{`x,"a,b,c,d,e,f,g,h,i"`, true}, {`a,"",b`, true},
		{`ab"c,"d"`, false}, {`"a""b",c`, false}, {`"a"b,c`, false}, {`x,"open`, false},
		{`"a" ,b`, false}, {`"`, false}, {`a"`, false}, {`"""`, false},
	} {
		if got := checkSplitMasks(t, []byte(c.in)); got != c.taken {
			t.Errorf("splitMasks(%q) took it: %v; want %v", c.in, got, c.taken)
		}
	}
	for k := 0; k < 200; k++ {
		for _, tail := range []string{`,"a,b",c,"d"`, `,"","x,y",`, `,"ab"c`, `,"a""b"`, `,"a`, `x,y,"z"`, `"`, `,"`, `""`, `,`} {
			for _, lead := range []string{"", `"`, `"x,`} {
				line := []byte(lead + strings.Repeat("x", k) + tail + strings.Repeat(",7", k%5))
				checkSplitMasks(t, line)
				line = []byte(strings.Repeat(`"a",`, k) + lead + tail)
				checkSplitMasks(t, line)
			}
		}
	}
}

// TestSplitMasksBoundaries puts a quoted field, with a comma inside or
// not, closed or not, and quotes in the wrong place at every offset of
// lines of 60 to 135 bytes (one block, two, and the two-block path's
// edges), commas around it; splitMasks must take every line whose quoted
// field is well formed.
func TestSplitMasksBoundaries(t *testing.T) {
	for n := 60; n <= 135; n++ {
		for s := 0; s < n; s++ {
			for _, q := range []string{`""`, `"a"`, `","`, `"a,b"`, `"a`, `a"`, `"a"b`, `""""`} {
				if s+len(q) > n {
					continue
				}
				line := []byte(strings.Repeat("x,", n)[:n])
				copy(line[s:], q)
				if s > 0 {
					line[s-1] = ','
				}
				if e := s + len(q); e < n {
					line[e] = ','
				}
				wellFormed := q == `""` || q == `"a"` || q == `","` || q == `"a,b"`
				if !checkSplitMasks(t, line) && wellFormed {
					t.Fatalf("splitMasks refuses %q", line)
				}
			}
		}
	}
}

// FuzzSplitMasks checks splitMasks against splitWords on any line.
func FuzzSplitMasks(f *testing.F) {
	data, err := os.ReadFile("testdata/marinecadastre-20220103-head20.csv")
	if err != nil {
		f.Fatal(err)
	}
	for _, line := range bytes.Split(data, []byte{'\n'}) {
		f.Add(line)
	}
	f.Add([]byte(`"say ""hi""",x,"a""b","c,d",-1,"open`))
	f.Add([]byte(strings.Repeat(`"a,b",`, 20)))
	f.Fuzz(func(t *testing.T, line []byte) { checkSplitMasks(t, line) })
}

// BenchmarkSplitCapture splits the rows of the NOAA MarineCadastre slice
// (100K different rows, so that branch predictors cannot learn them) with
// splitPlain and with splitWords alone; ns/op is per row.
func BenchmarkSplitCapture(b *testing.B) {
	rows := captureLines(b, csvCaptures[0])[1:]
	for _, s := range []struct {
		name  string
		split func([]fieldSpan, []byte) ([]fieldSpan, bool)
	}{{"plain", splitPlain}, {"words", splitWords}} {
		b.Run(s.name, func(b *testing.B) {
			var spans []fieldSpan
			n := 0
			for b.Loop() {
				spans, _ = s.split(spans[:0], rows[n%len(rows)])
				n++
			}
		})
	}
}

//go:build linux && amd64

package ingest

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/lookout-osint/lookout/internal/guardmem"
)

// crlfPatterns are inputs of length n for crlfLines: no CR, CR LF pairs,
// lone CRs at the end, before a block edge, everywhere, and LFs only.
func crlfPatterns(n int) [][]byte {
	fill := func(f func(i int) byte) []byte {
		b := make([]byte, n)
		for i := range b {
			b[i] = f(i)
		}
		return b
	}
	ps := [][]byte{
		fill(func(int) byte { return 'x' }),
		fill(func(int) byte { return '\n' }),
		fill(func(int) byte { return '\r' }),
		fill(func(i int) byte { return "\r\n"[i%2] }),
		fill(func(i int) byte { return "ab\rc\n"[i%5] }),
		fill(func(i int) byte { return "\r\n"[(i+1)%2] }),
	}
	for _, at := range []int{1, 2, 16, 17, 18} { // a CR that far from the end
		if at <= n {
			b := fill(func(i int) byte { return "\r\nabc"[i%5] })
			b[n-at] = '\r'
			ps = append(ps, b)
		}
	}
	return ps
}

// TestCRLFGuardPage runs crlfScan and crlfLines on inputs that end right
// before a guard page and inputs that start right after one: their loads
// must stay within the input (crlfScan reads the byte after each block
// too), and the result must be the general code's.
func TestCRLFGuardPage(t *testing.T) {
	g := guardmem.New(t, 2)
	for _, n := range guardmem.Lengths() {
		for pi, p := range crlfPatterns(n) {
			for _, place := range []func([]byte) []byte{g.AtEnd, g.AtStart} {
				for _, final := range []bool{false, true} {
					want := bytes.Clone(p)
					loneCRToLF(want, final)
					wantN := bytes.Count(want, []byte{'\n'})
					b := place(p)
					var got, lfs, done int
					if w := g.Fault(func() {
						lfs, done = crlfScan(b)
						got = crlfLines(b, final)
					}); w != "" {
						t.Fatalf("crlfLines on pattern %d of %d bytes (%q), final %v: %s", pi, n, p[:min(n, 40)], final, w)
					}
					if got != wantN || !bytes.Equal(b, want) {
						t.Fatalf("crlfLines(pattern %d, %d bytes, final %v) = %d; want %d (or the bytes differ)", pi, n, final, got, wantN)
					}
					// Each block's next byte is read too: the last block
					// ends before the last byte.
					if done%16 != 0 || done > max(0, n-1) || lfs != bytes.Count(p[:done], []byte{'\n'}) {
						t.Fatalf("crlfScan(pattern %d, %d bytes) = %d, %d: done must be a multiple of 16 below %d and lfs the LFs before it", pi, n, lfs, done, max(1, n))
					}
					if !bytes.Contains(p, []byte{'\r'}) && done != max(0, n-1)/16*16 {
						t.Fatalf("crlfScan(pattern %d, %d bytes without CR) = %d, %d: done must be %d", pi, n, lfs, done, max(0, n-1)/16*16)
					}
				}
			}
		}
	}
}

// TestBlockMasksGuardPage runs blockMasks on the 64 bytes right before a
// guard page and the 64 right after one.
func TestBlockMasksGuardPage(t *testing.T) {
	g := guardmem.New(t, 1)
	src := []byte(`1,"a",2,"",,"x,y",` + "\xac\xa2" + `,,,"""",zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz,"`)[:64]
	for _, place := range []func([]byte) []byte{g.AtEnd, g.AtStart} {
		b := place(src)
		var c, q uint64
		if w := g.Fault(func() { c, q = blockMasks((*[64]byte)(b)) }); w != "" {
			t.Fatalf("blockMasks: %s", w)
		}
		if wc, wq := blockMasksWords((*[64]byte)(src)); c != wc || q != wq {
			t.Fatalf("blockMasks = %#x, %#x; want %#x, %#x", c, q, wc, wq)
		}
	}
}

// csvGuardLines are the CSV lines the guard tests split: real rows of
// both sample files, cut at every length, and lines of commas and quotes
// that take the quoted and unquoted paths.
func csvGuardLines(t *testing.T) [][]byte {
	t.Helper()
	var lines [][]byte
	for _, path := range []string{"testdata/marinecadastre-20220103-head20.csv", "testdata/malformed-simulated.csv"} {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		rows := bytes.Split(data, []byte{'\n'})
		for _, row := range rows[:min(len(rows), 4)] {
			for n := 0; n <= len(row); n++ {
				lines = append(lines, row[:n], row[len(row)-n:])
			}
		}
	}
	for _, n := range guardmem.Lengths() {
		for _, unit := range []string{",", `"`, `"a",`, `"a""b",`, "x,", "\xac\xa2,"} {
			lines = append(lines, []byte(strings.Repeat(unit, n/len(unit)+1)[:n]))
		}
	}
	return lines
}

// TestSplitCSVGuardPage splits lines that end right before a guard page and
// lines that start right after one (splitMasks reads the last 64 bytes of a
// line of 64 or more, and words of eight): no load may leave the line, and
// the fields must be the reference splitter's.
func TestSplitCSVGuardPage(t *testing.T) {
	g := guardmem.New(t, 2)
	var scratch, rscratch []byte
	var spans []fieldSpan
	for _, line := range csvGuardLines(t) {
		want, wok := splitCSVRef(&rscratch, line)
		for _, place := range []func([]byte) []byte{g.AtEnd, g.AtStart} {
			b := place(line)
			var got [][]byte
			var ok bool
			if w := g.Fault(func() {
				spans, _ = splitPlain(spans[:0], b)
				spans, _ = splitMasks(spans[:0], b)
				spans, _ = splitWords(spans[:0], b)
				got, ok = splitCSV(nil, &scratch, b)
			}); w != "" {
				t.Fatalf("splitCSV(%q) (%d bytes): %s", line, len(line), w)
			}
			if ok != wok || ok && !equalFields(got, want) {
				t.Fatalf("splitCSV(%q) = %q, %v; want %q, %v", line, got, ok, want, wok)
			}
		}
	}
}

// TestCSVWorkerGuardPage parses chunks of MarineCadastre rows, cut at
// every length, that end right before a guard page: a CSV worker's whole
// path (the row parser, the splitter, the number and time parsers) must
// stay within the chunk.
func TestCSVWorkerGuardPage(t *testing.T) {
	data, err := os.ReadFile("testdata/marinecadastre-20220103-head20.csv")
	if err != nil {
		t.Fatal(err)
	}
	header := strings.ReplaceAll(string(data[:bytes.IndexByte(data, '\n')]), `"`, "")
	s, err := NewSchema(FormatMarineCadastreCSV, strings.Split(header, ","), "")
	if err != nil {
		t.Fatal(err)
	}
	g := guardmem.New(t, (len(data)+4095)/4096+1)
	fixes := 0
	for n := 0; n <= len(data); n++ {
		w := &csvWorker{p: NewRowParser(s), source: 1}
		r := &result{}
		b := g.AtEnd(data[:n])
		ch := &chunk{first: 1, lines: countLines(b), data: b}
		if where := g.Fault(func() { w.parse(ch, r) }); where != "" {
			t.Fatalf("csvWorker.parse on the first %d bytes: %s", n, where)
		}
		fixes += len(r.fixes)
	}
	if fixes == 0 {
		t.Fatal("no fix parsed: the chunks did not reach the row parser")
	}
}

// FuzzGuardPage runs crlfLines and splitCSV on any input placed right
// before a guard page and right after one: no load may leave the input,
// and the results must be the general code's.
func FuzzGuardPage(f *testing.F) {
	f.Add([]byte("a\rb\r\nc\n"), false)
	f.Add([]byte(`367379190,"2022-01-03T00:00:00",30.3706,-88.56408,0,336.2,511,"EAGLE","IMO8207721"`), true)
	g := guardmem.New(f, 16)
	f.Fuzz(func(t *testing.T, p []byte, final bool) {
		if len(p) > g.Size() {
			t.Skip("longer than the guarded pages")
		}
		want := bytes.Clone(p)
		loneCRToLF(want, final)
		wantN := bytes.Count(want, []byte{'\n'})
		wantFields, wantOK := splitCSVRef(new([]byte), p)
		for _, place := range []func([]byte) []byte{g.AtEnd, g.AtStart} {
			line := place(p)
			var fields [][]byte
			var ok bool
			if w := g.Fault(func() { fields, ok = splitCSV(nil, new([]byte), line) }); w != "" {
				t.Fatalf("splitCSV(%q): %s", p, w)
			}
			if ok != wantOK || ok && !equalFields(fields, wantFields) {
				t.Fatalf("splitCSV(%q) = %q, %v; want %q, %v", p, fields, ok, wantFields, wantOK)
			}
			b := place(p)
			n := 0
			if w := g.Fault(func() { n = crlfLines(b, final) }); w != "" {
				t.Fatalf("crlfLines(%q, %v): %s", p, final, w)
			}
			if n != wantN || !bytes.Equal(b, want) {
				t.Fatalf("crlfLines(%q, %v) = %d, %q; want %d, %q", p, final, n, b, wantN, want)
			}
		}
	})
}

package ingest

import (
	"bytes"
	"context"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/lookout-osint/lookout/internal/ais/nmea"
	"github.com/lookout-osint/lookout/internal/track"
)

// rawSink is a MemSink that also keeps every raw line by its number.
type rawSink struct {
	MemSink
	lines map[uint32]string
}

func (s *rawSink) WriteBatch(b *Batch) error {
	for _, r := range b.Raw {
		for i, l := range bytes.SplitAfter(r.Data, []byte{'\n'})[:r.Lines] {
			s.lines[r.First+uint32(i)] = strings.TrimRight(string(l), "\r\n")
		}
	}
	return s.MemSink.WriteBatch(b)
}

// TestLoneCRCitesItsRawLine checks that a sentence after a lone CR (here
// each $PGHP line of a real DMA capture ends in CR only, so it shares an
// LF line with its sentence) cites the raw line that holds it: the line
// numbers of fixes and of the raw archive agree, and nothing is lost.
func TestLoneCRCitesItsRawLine(t *testing.T) {
	orig, err := os.ReadFile("../ais/nmea/testdata/dma/replay_dump.txt")
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	for _, l := range bytes.SplitAfter(orig, []byte{'\n'}) {
		if bytes.HasPrefix(l, []byte("$PGHP")) {
			l = append(bytes.Clone(bytes.TrimRight(l, "\n")), '\r') // not over orig's LF
		}
		b.Write(l)
	}
	for _, c := range []struct {
		name string
		data []byte
	}{{"lf", orig}, {"lone cr", b.Bytes()}} {
		t.Run(c.name, func(t *testing.T) {
			for _, size := range []int{chunkSize, 512} { // one chunk; many, cut between CR and LF too
				defer func(n int) { chunkSize = n }(chunkSize)
				chunkSize = size
				p := filepath.Join(t.TempDir(), "in.nmea")
				if err := os.WriteFile(p, c.data, 0o644); err != nil {
					t.Fatal(err)
				}
				in, err := ExpandInputs([]string{p})
				if err != nil {
					t.Fatal(err)
				}
				sink := &rawSink{lines: map[uint32]string{}}
				g, err := New(sink, Options{})
				if err != nil {
					t.Fatal(err)
				}
				st, err := g.Run(context.Background(), in)
				if err != nil {
					t.Fatal(err)
				}
				if st.BadTotal() != 0 || len(sink.Fixes) == 0 {
					t.Fatalf("chunks of %d: %d bad, %d fixes", size, st.BadTotal(), len(sink.Fixes))
				}
				for _, a := range sink.Fixes {
					line, ok := sink.lines[a.Fix.Src.Line]
					if !ok || !strings.Contains(line, "VDM,") {
						t.Fatalf("chunks of %d: fix of %d cites line %d, raw line %q (archived: %v; %d lines archived)", size, a.Fix.MMSI, a.Fix.Src.Line, line, ok, len(sink.lines))
					}
				}
				t.Logf("chunks of %d: %d fixes, %d raw lines", size, len(sink.Fixes), len(sink.lines))
			}
		})
	}
}

func TestLoneCRToLF(t *testing.T) {
	for _, c := range []struct {
		in    string
		final bool
		want  string
	}{
		{"a\rb\r\nc\n", false, "a\nb\r\nc\n"},
		{"a\r\r\nb", false, "a\n\r\nb"},
		{"\r\r\r", false, "\n\n\r"}, // the last CR waits for its next byte
		{"\r\r\r", true, "\n\n\n"},
		{"a\r", true, "a\n"},
		{"a\r\n", true, "a\r\n"},
		{"", true, ""},
		{"no line end", true, "no line end"},
	} {
		b := []byte(c.in)
		loneCRToLF(b, c.final)
		if string(b) != c.want {
			t.Errorf("loneCRToLF(%q, %v) = %q; want %q", c.in, c.final, b, c.want)
		}
	}
}

// TestCutNotBetweenFragmentsAcrossBlankLine checks that a chunk never ends
// between the fragments of one message when blank lines (LF LF, or CR CR
// LF and LF CR once lone CRs are line ends) separate them.
func TestCutNotBetweenFragmentsAcrossBlankLine(t *testing.T) {
	for _, sep := range []string{"\n\n", "\r\r\n", "\n\r", "\n\n\n"} {
		in := "!BSVDM,1,1,,B,13@ni?GP?w0pFLTP7Ln>4?vv0D0h,0*5B\n$PGHP,1,2013,3,18,9,19,30,375,219,,2190048,1,7E*64\n" +
			"!BSVDM,2,1,0,A,54S47>024rmIK91CT00lu=HTd00000000000001690:844rl0=lRAh@0,0*43" + sep +
			"!BSVDM,2,2,0,A,000000000000000,2*3D\n"
		b := []byte(in)
		loneCRToLF(b, true)
		c := &chunker{nmea: true}
		frag2 := bytes.Index(b, []byte("!BSVDM,2,2"))
		frag1 := bytes.Index(b, []byte("!BSVDM,2,1"))
		// The buffer ends just inside fragment 2, as when a read stops there.
		if cut := c.cutPoint(b[:frag2+5]); cut > frag1 {
			t.Errorf("sep %q: cut at %d, between fragment 1 (at %d) and 2 (at %d)", sep, cut, frag1, frag2)
		}
	}
}

// TestCRCRLFKeepsMultipart checks that a real capture whose lines end in
// CR CR LF (a blank line after each) gives the same identities and bad
// counts whatever the chunk size: no multi-part message is cut in two.
func TestCRCRLFKeepsMultipart(t *testing.T) {
	orig, err := os.ReadFile("../ais/nmea/testdata/dma/replay_dump.txt")
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	for range 20 {
		for _, l := range bytes.Split(orig, []byte{'\n'}) {
			if l = bytes.TrimRight(l, "\r"); len(l) > 0 {
				b.Write(l)
				b.WriteString("\r\r\n")
			}
		}
	}
	p := filepath.Join(t.TempDir(), "in.nmea")
	if err := os.WriteFile(p, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	run := func(size int) (ids int, bad int64) {
		defer func(n int) { chunkSize = n }(chunkSize)
		chunkSize = size
		in, err := ExpandInputs([]string{p})
		if err != nil {
			t.Fatal(err)
		}
		sink := &MemSink{}
		g, err := New(sink, Options{TimeFromFileStart: 1363598350000})
		if err != nil {
			t.Fatal(err)
		}
		st, err := g.Run(context.Background(), in)
		if err != nil {
			t.Fatal(err)
		}
		return len(sink.Identities), st.BadTotal()
	}
	ids0, bad0 := run(chunkSize)
	if ids0 == 0 {
		t.Fatal("no identities in one chunk")
	}
	for _, size := range []int{1000, 1500, 2048} {
		if ids, bad := run(size); ids != ids0 || bad != bad0 {
			t.Errorf("chunks of %d: %d identities, %d bad; one chunk: %d identities, %d bad", size, ids, bad, ids0, bad0)
		}
	}
}

// TestCROnlyCSVRefused checks that a CSV whose lines end in a lone CR is
// refused with a message saying so, not read as one huge row that yields
// nothing and counts nothing bad.
func TestCROnlyCSVRefused(t *testing.T) {
	p := filepath.Join(t.TempDir(), "cr.csv")
	data := "mmsi,time,lat,lon\r273990001,2023-09-07T00:00:00Z,42.0,132.0\r273990002,2023-09-07T00:00:00Z,42.0,132.0\r"
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	sink, _, err := runIngest(t, Options{}, p)
	if err == nil || !strings.Contains(err.Error(), "lone CR") || len(sink.Fixes) != 0 {
		t.Fatalf("CR-only CSV: err %v, %d fixes; want refused for its lone CRs", err, len(sink.Fixes))
	}
	// The same rows with CR LF are read.
	if err := os.WriteFile(p, []byte(strings.ReplaceAll(data, "\r", "\r\n")), 0o644); err != nil {
		t.Fatal(err)
	}
	if sink, _, err := runIngest(t, Options{}, p); err != nil || len(sink.Fixes) != 2 {
		t.Fatalf("CR LF CSV: err %v, %d fixes; want 2", err, len(sink.Fixes))
	}
}

// TestMixedLineEndsAnyChunkSize checks, on a real DMA capture whose line
// ends are drawn at random from LF, CR LF, lone CR, CR CR LF, LF CR and
// NUL CR, that every stored fix is a message the NMEA decoder finds at the
// same time and line, and that fixes and identities (with their lines)
// do not depend on where the input is cut into chunks.
func TestMixedLineEndsAnyChunkSize(t *testing.T) {
	orig, err := os.ReadFile("../ais/nmea/testdata/dma/replay_dump.txt")
	if err != nil {
		t.Fatal(err)
	}
	var lines [][]byte
	for _, l := range bytes.Split(orig, []byte{'\n'}) {
		if l = bytes.TrimRight(l, "\r"); len(l) > 0 {
			lines = append(lines, l)
		}
	}
	ends := []string{"\n", "\r\n", "\r", "\r", "\r\r\n", "\n\r", "\x00\r"}
	seeds := int64(60)
	if testing.Short() {
		seeds = 10
	}
	for seed := range seeds {
		rng := rand.New(rand.NewSource(seed))
		var b bytes.Buffer
		for i, l := range lines {
			b.Write(l)
			e := ends[rng.Intn(len(ends))]
			if l[0] == '$' { // a $PGHP line gives the next sentence its time: no blank line after it
				e = []string{"\n", "\r\n", "\r"}[rng.Intn(3)]
			}
			if i == len(lines)-1 && seed%2 == 0 {
				e = "\r" // a lone CR at the end of the input
			}
			b.WriteString(e)
		}
		data := b.Bytes()
		decoded := map[[2]int64]bool{}
		d := nmea.NewDecoder(bytes.NewReader(data), "x", nmea.Options{})
		for {
			m, err := d.Next()
			if err != nil {
				break
			}
			decoded[[2]int64{m.Time, int64(m.Line)}] = true
		}
		p := filepath.Join(t.TempDir(), "in.nmea")
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		var want []string
		for _, size := range []int{chunkSize, 700, 1000, 1234, 1500, 2048, 3001} {
			got := ingestRecords(t, p, size, func(a track.Assigned) {
				if !decoded[[2]int64{a.Fix.Time, int64(a.Fix.Src.Line)}] {
					t.Errorf("seed %d, chunks of %d: fix of %d at %d, line %d, is no message of the decoder", seed, size, a.Fix.MMSI, a.Fix.Time, a.Fix.Src.Line)
				}
			})
			if want == nil {
				want = got
			} else if !slices.Equal(got, want) {
				t.Errorf("seed %d, chunks of %d: %d records, %d in one chunk", seed, size, len(got), len(want))
			}
		}
	}
}

// ingestRecords ingests path in chunks of size and returns its fixes and
// identities, with their lines, sorted; check sees every fix.
func ingestRecords(t *testing.T, path string, size int, check func(track.Assigned)) []string {
	t.Helper()
	defer func(n int) { chunkSize = n }(chunkSize)
	chunkSize = size
	in, err := ExpandInputs([]string{path})
	if err != nil {
		t.Fatal(err)
	}
	sink := &MemSink{}
	g, err := New(sink, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := g.Run(context.Background(), in); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, a := range sink.Fixes {
		check(a)
		got = append(got, fmt.Sprint("fix ", a.Fix.MMSI, a.Fix.Time, a.Fix.Src.Line))
	}
	for _, id := range sink.Identities {
		got = append(got, fmt.Sprint("identity ", id.MMSI, id.From, id.Src.Line))
	}
	slices.Sort(got)
	return got
}

// TestLongUnsafeRunsLoseNothing checks that a long run of lines that must
// not be cut (80 copies of each $PGHP line of a real capture; its longest
// run, six $PGHP lines in a row, becomes 480 lines, about 24.5 kB) is not
// cut while it fits in maxUnsafeGrowth chunks: every such chunk size gives
// the records of one chunk. (Looking back over only 64 lines and then
// cutting anyway lost records at each of these sizes.)
func TestLongUnsafeRunsLoseNothing(t *testing.T) {
	orig, err := os.ReadFile("../ais/nmea/testdata/dma/replay_dump.txt")
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	for _, l := range bytes.SplitAfter(orig, []byte{'\n'}) {
		n := 1
		if bytes.HasPrefix(l, []byte("$PGHP")) {
			n = 80
		}
		for range n {
			b.Write(l)
		}
	}
	p := filepath.Join(t.TempDir(), "in.nmea")
	if err := os.WriteFile(p, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	none := func(track.Assigned) {}
	want := ingestRecords(t, p, chunkSize, none)
	for _, size := range []int{7073, 8237, 9401, 12020, 16385} { // × maxUnsafeGrowth > 24.5 kB
		if got := ingestRecords(t, p, size, none); !slices.Equal(got, want) {
			t.Errorf("chunks of %d: %d records, %d in one chunk", size, len(got), len(want))
		}
	}
}

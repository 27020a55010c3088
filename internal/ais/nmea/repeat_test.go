package nmea

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"math/rand"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/lookout-osint/lookout/internal/shareddata"
)

// decodeAll decodes data and returns every message (frame, type, MMSI) as
// text, and the final Stats. fast false turns off the shortcuts (the
// repeated tag-block line, quickLine) and reads data through an io.Reader
// in short reads; fast true reads it in place (ResetBytes).
func decodeAll(t testing.TB, data []byte, fast, strict bool) ([]string, Stats, error) {
	t.Helper()
	return decodeMode(t, data, fast, fast, strict)
}

// decodeMode is decodeAll with the shortcuts (shortcuts) and the reading
// in place (inPlace) chosen apart.
func decodeMode(t testing.TB, data []byte, shortcuts, inPlace, strict bool) ([]string, Stats, error) {
	t.Helper()
	d := NewDecoder(nil, "in", Options{Strict: strict, MaxPending: 4, MaxAge: 16})
	if inPlace {
		d.ResetBytes(data, "in")
	} else {
		d.Reset(iotest.HalfReader(bytes.NewReader(data)), "in")
	}
	d.noQuick = !shortcuts
	var out []string
	for {
		m, err := d.Next()
		if err == io.EOF {
			return out, *d.Stats(), nil
		}
		if err != nil {
			return out, *d.Stats(), err
		}
		out = append(out, fmt.Sprintf("%q %d %d %s %d %d %v %c %s %v type %d mmsi %d bits %d",
			m.Payload, m.FillBits, m.Time, m.Source, m.Line, m.LastLine, m.Lines, m.Channel,
			m.Talker[:], m.Own, m.AIS.Type, m.AIS.MMSI, m.AIS.Bits))
	}
}

// checkRepeatSame asserts that the shortcuts change nothing, reading in
// place or through a reader of short reads: messages, counts with their
// first locations, and the strict-mode error.
func checkRepeatSame(t testing.TB, data []byte) {
	t.Helper()
	for _, strict := range []bool{false, true} {
		want, wst, werr := decodeMode(t, data, false, false, strict)
		for _, inPlace := range []bool{true, false} {
			got, gst, gerr := decodeMode(t, data, true, inPlace, strict)
			if !reflect.DeepEqual(got, want) || !reflect.DeepEqual(gst, wst) || fmt.Sprint(gerr) != fmt.Sprint(werr) {
				t.Fatalf("strict=%v in place=%v: the shortcuts change the result of %q:\n got %d msgs %s err %v\nwant %d msgs %s err %v",
					strict, inPlace, data, len(got), &gst, gerr, len(want), &wst, werr)
			}
		}
	}
}

// repeatParts are lines and line pieces around tag-block-only lines: the
// same tag block with and without time, with whitespace, before a $PGHP or
// a sentence on its line, bad ones, escaped newlines, multi-sentence parts.
var repeatParts = []string{
	`\si:AISD*3F\`, `\si:AISD*3F\`, `\si:AISD*3F\`, ` \si:AISD*3F\`, `\si:AISD*3F\ `, `\si:AISD*3E\`,
	`\si:AISD*3F\\si:AISD*3F\`, `\r\si:AISD*3F\`, `\si:AISD*3F\$PGHP,1,2013,11,12,12,0,0,11,219,,2190067,1,62*26`,
	`\s:rORBCOMM000,c:1698785948*09\`, `\g:1-2-73874,s:r003669945,c:1241544035*5C\`,
	`\g:2-2-73874*5B\`,
	"$PGHP,1,2013,11,12,12,0,0,11,219,,2190067,1,62*26",
	"$PGHP,1,2013,11,12,12,0,0,26,219,,2190074,1,67*25",
	"$PGHP,1,2013,11,12,12,0,0,26,219,,2190074,1,67*24", "$PGHP,1,2013,11,12,12,0,0,26,219\\,,2190074,1,67*25",
	withChecksum("$PGHP,1,2013,11,12,12,0,61,26"), withChecksum("$PGHP,1,2013,11,12,12,0,"), "$PGHP,1,2013,11,12,12,0,",
	withChecksum("$PGHP,1,2013,11,12,12,1,0,26"), withChecksum("$PGHP,1,2013,11,12,12,0,59,999") + ",1384257600",
	withChecksum("$PGHP,1,2013,11,12,12,0,7"), withChecksum("$PGHP,1,2013,11,12,12,0,7,1000"),
	// After a cached prefix (quickPGHP): lower-case checksum, nothing or
	// a stop byte after the prefix, another piece on the line, a trailer.
	"$PGHP,1,2013,11,12,12,0,0,26,219,,2190074,1,67*25", "$PGHP,1,2013,11,12,12,0,0,26,219,,2190059,1,2a*4c",
	withChecksum("$PGHP,1,2013,11,12,12,0,"), "$PGHP,1,2013,11,12,12,0,*0D", "$PGHP,1,2013,11,12,12,0,$",
	"$PGHP,1,2013,11,12,12,0,0,26,219,,2190074,1,67*25!BSVDM,1,1,,A,13@:`L001N0ded0O6Fp8wW<00<0t,0*62",
	"$PGHP,1,2013,11,12,12,0,0,26,219,,2190074,1,67*25\\si:AISD*3F\\", "$PGHP,1,2013,11,12,12,0,0,26,219,,2190074,1,67*25 x",
	withChecksum("$PGHP,1,2013,11,12,12,0,5,999") + ",1384257600", withChecksum("$PGHP,1,2013,11,12,12,0,60,0,1"),
	withChecksum("$PGHP,1,2013,11,12,12,0,12345678901,0"), withChecksum("$PGHP,1,2013,11,12,12,0,1,"),
	"!BSVDM,1,1,,A,13@:`L001N0ded0O6Fp8wW<00<0t,0*62",
	"!BSVDM,1,1,,A,13Aq6h000KPem06Q9w23:ja>0HG?,0*67",
	frag1, frag2, "$GPRMC,123519,A,4807.038,N,01131.000,E,022.4,084.4,230394,003.1,W*6A",
	"junk", "", "# comment", `\`, `\\`,
	// A tag block and a sentence on one line (quickTagSentence): with a
	// time, repeated, a multi-sentence group, a bad checksum, whitespace
	// or another piece between or after, an escaped newline, a trailer,
	// an unclosed or a key-less tag block, a $ sentence, a broken sentence.
	tagged("s:2190067,c:1384257600", "!BSVDM,1,1,,A,13@:`L001N0ded0O6Fp8wW<00<0t,0*62"),
	tagged("s:2190067,c:1384257600", "!BSVDM,1,1,,A,13@:`L001N0ded0O6Fp8wW<00<0t,0*62"),
	tagged("s:2190074,c:1384257601", "!BSVDM,1,1,,A,13Aq6h000KPem06Q9w23:ja>0HG?,0*67"),
	tagged("g:1-2-7,s:r3,c:1384257602", frag1), tagged("g:2-2-7", frag2), tagged("c:1384257603", frag1), tagged("c:1384257603", frag2),
	`\s:2190067,c:1384257600*0E\!BSVDM,1,1,,A,13@:` + "`L001N0ded0O6Fp8wW<00<0t,0*62",
	tagged("s:2190067,c:1384257600", " !BSVDM,1,1,,A,13@:`L001N0ded0O6Fp8wW<00<0t,0*62"),
	tagged("s:2190067,c:1384257600", "!BSVDM,1,1,,A,13@:`L001N0ded0O6Fp8wW<00<0t,0*62 "),
	tagged("s:2190067,c:1384257600", "!BSVDM,1,1,,A,13@:`L001N0ded0O6Fp8wW<00<0t,0*62,1384257600"),
	tagged("s:2190067,c:1384257600", "!BSVDM,1,1,,A,13@:`L001N0ded0O6Fp8wW<00<0t,0*62!BSVDM,1,1,,A,13Aq6h000KPem06Q9w23:ja>0HG?,0*67"),
	tagged("s:2190067,c:1384257600", "!BSVDM,1,1,,A,13@:`L001N0ded0O6Fp8wW<00<0t,0*62") + tagged("c:1384257601", "!BSVDM,1,1,,A,13Aq6h000KPem06Q9w23:ja>0HG?,0*67"),
	tagged("s:2190067,c:1384257600", "!BSVDM,1,1,,A,13@:`L001N0ded0O6Fp8wW<00<0t,0*63"),
	tagged("s:2190067,c:1384257600", "!BSVDM,1,1,,A,13@:`L001N0ded0O6Fp8wW<00<0t,0"),
	tagged("s:2190067,c:1384257600", withChecksum("$GPRMC,123519,A,4807.038,N,01131.000,E,022.4,084.4,230394,003.1,W")),
	tagged("s:2190067,c:1384257600", withChecksum("$PGHP,1,2013,11,12,12,0,0,26,219,,2190074,1,67")),
	tagged("s:2190067", "!BSVDM,1,1,,A,13@:`L001N0ded0O6Fp8wW<00<0t,0*62,1384257600"),
	tagged("r:2190067", "!BSVDM,1,1,,A,13@:`L001N0ded0O6Fp8wW<00<0t,0*62"),
	tagged("n:12", "!BSVDM,1,1,,A,13@:`L001N0ded0O6Fp8wW<00<0t,0*62"),
	`\r\s:2190067*4E\!BSVDM,1,1,,A,13@:` + "`L001N0ded0O6Fp8wW<00<0t,0*62",
	`\x0d\s:2190067*4E\!BSVDM,1,1,,A,13@:` + "`L001N0ded0O6Fp8wW<00<0t,0*62",
	`\s:2190067,c:1384257600*0F!BSVDM,1,1,,A,13@:` + "`L001N0ded0O6Fp8wW<00<0t,0*62",
	`\s:2190067,c:1384257600*0F\`, `\s:\!BSVDM,1,1,,A,13@:` + "`L001N0ded0O6Fp8wW<00<0t,0*62", `\s:`,
	`\ss:x*4A\!BSVDM,1,1,,A,13@:` + "`L001N0ded0O6Fp8wW<00<0t,0*62",
	// A tag block cut by a line end, its checksum right across it.
	tagged("s:1\n", "!BSVDM,1,1,,A,13@:`L001N0ded0O6Fp8wW<00<0t,0*62"),
	tagged("s:1\r", "!BSVDM,1,1,,A,13@:`L001N0ded0O6Fp8wW<00<0t,0*62"),
	// Escaped newlines whose checksum covers them as if they were a field:
	// the Splitter skips "\r" and "\x0d", then finds a bad tag block.
	tagged(`r\s:1`, "!BSVDM,1,1,,A,13@:`L001N0ded0O6Fp8wW<00<0t,0*62"),
	tagged(`x0d\s:1`, "!BSVDM,1,1,,A,13@:`L001N0ded0O6Fp8wW<00<0t,0*62"),
	// Tag blocks around maxQuickTag long.
	tagged("s:"+strings.Repeat("x", maxQuickTag-10), "!BSVDM,1,1,,A,13@:`L001N0ded0O6Fp8wW<00<0t,0*62"),
	tagged("s:"+strings.Repeat("x", maxQuickTag), "!BSVDM,1,1,,A,13@:`L001N0ded0O6Fp8wW<00<0t,0*62"),
}

// TestRepeatTagLineSame compares the decoder with and without the
// shortcut on the real captures and on random splices of repeatParts.
func TestRepeatTagLineSame(t *testing.T) {
	files, _ := filepath.Glob("testdata/*/*")
	if d := shareddata.Dir(); d != "" { // the DMA network sample, 26K tag-blocked sentences
		files = append(files, filepath.Join(d, "ais/dma-aisabnormal/ais-sample.txt.gz"))
		// The satellite sample: a tag block and a sentence on every line.
		sat, _ := filepath.Glob(filepath.Join(d, "ais/*/test_data_20211101.nm4"))
		files = append(files, sat...)
	}
	seen := 0
	for _, p := range files {
		data, err := readMaybeGzip(p)
		if err != nil || strings.HasSuffix(p, ".md") {
			continue
		}
		checkRepeatSame(t, data)
		seen++
	}
	if seen == 0 {
		t.Fatal("no capture read")
	}
	// A tag block before a $ sentence on its line stays pending for the
	// next line's sentence (not inline there): the part keys differ.
	checkRepeatSame(t, []byte(tagged("s:X,c:1384257600", withChecksum("$PGHP,1,2013,11,12,12,0,0,26,219,,2190074,1,67"))+
		"\n"+frag1+"\n"+tagged("s:X", frag2)+"\n"))
	rng := rand.New(rand.NewSource(5))
	ends := []string{"\n", "\r\n", "\r", "\n\n"}
	for range 3000 {
		var b bytes.Buffer
		for n := rng.Intn(24); n > 0; n-- {
			b.WriteString(repeatParts[rng.Intn(len(repeatParts))])
			b.WriteString(ends[rng.Intn(len(ends))])
		}
		checkRepeatSame(t, b.Bytes())
	}
}

// readMaybeGzip reads a file, gunzipping it when its name ends in .gz.
func readMaybeGzip(p string) ([]byte, error) {
	data, err := os.ReadFile(p)
	if err != nil || !strings.HasSuffix(p, ".gz") {
		return data, err
	}
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	return io.ReadAll(zr)
}

// TestRepeatTagLineUsed checks that the shortcut is taken on DMA-style
// input (so that the comparisons above test it) and keeps the tag block's
// source for assembly.
func TestRepeatTagLineUsed(t *testing.T) {
	in := "\\si:AISD*3F\\\r\n$PGHP,1,2013,11,12,12,0,0,11,219,,2190067,1,62*26\n" +
		"!BSVDM,1,1,,A,13@:`L001N0ded0O6Fp8wW<00<0t,0*62\n"
	d := NewDecoder(strings.NewReader(in+in), "in", Options{})
	n := 0
	for {
		m, err := d.Next()
		if err != nil {
			break
		}
		n++
		if m.Time != 1384257600011 {
			t.Errorf("message %d time %d, want the $PGHP time", n, m.Time)
		}
	}
	if n != 2 || string(d.tags.raw[:d.tags.n]) != `si:AISD*3F` || !d.tags.good || string(d.tags.tag.Source()) != "AISD" {
		t.Fatalf("%d messages, cached tag block %q source %q", n, d.tags.raw[:d.tags.n], d.tags.tag.Source())
	}
	// Read in place, every line but the first (read to fill the window and
	// learn the tag line) is taken by quickLine; through a reader too once
	// the window holds whole lines.
	for _, fast := range []bool{true, false} {
		_, st, err := decodeAll(t, []byte(in+in+in), fast, false)
		if err != nil || st.Messages != 3 || st.Lines != 9 {
			t.Fatalf("fast=%v: %s, %v; want 3 messages from 9 lines", fast, &st, err)
		}
	}
	d = NewDecoder(nil, "in", Options{})
	d.ResetBytes([]byte(in+in+in), "in")
	for _, err := d.Next(); err == nil; _, err = d.Next() {
	}
	if d.quickN != 8 {
		t.Errorf("%d of 9 lines taken by quickLine; want 8", d.quickN)
	}
}

// FuzzRepeatTagLine compares the decoder with and without the shortcut on
// arbitrary input.
func FuzzRepeatTagLine(f *testing.F) {
	for i := range repeatParts {
		f.Add([]byte(strings.Join(repeatParts[i:], "\n")))
	}
	f.Add([]byte("\\si:AISD*3F\\\n\\si:AISD*3F\\\n!BSVDM,1,1,,A,13@:`L001N0ded0O6Fp8wW<00<0t,0*62\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		checkRepeatSame(t, data)
	})
}

// TestTagSentenceLineQuick checks that lines of a tag block and a
// sentence (satellite and receiver logs) take quickTagSentence, so that
// TestRepeatTagLineSame compares it with the plain path, and that the
// messages keep the tag blocks' times (a group's from its first part).
func TestTagSentenceLineQuick(t *testing.T) {
	in := tagged("s:2190067,c:1384257600", "!BSVDM,1,1,,A,13@:`L001N0ded0O6Fp8wW<00<0t,0*62") + "\n" +
		tagged("s:2190074,c:1384257601", "!BSVDM,1,1,,A,13Aq6h000KPem06Q9w23:ja>0HG?,0*67") + "\r\n" +
		tagged("g:1-2-7,s:r3,c:1384257602", frag1) + "\n" + tagged("g:2-2-7", frag2) + "\n"
	d := NewDecoder(nil, "in", Options{})
	d.ResetBytes([]byte(in), "in")
	var got []string
	for m, err := d.Next(); err == nil; m, err = d.Next() {
		got = append(got, fmt.Sprintf("%d %v %d", m.Time, m.Lines, m.AIS.MMSI))
	}
	// The first line fills the reader's window and goes the plain way.
	if d.quickN != 3 {
		t.Errorf("%d of 4 lines taken by quickLine; want 3", d.quickN)
	}
	want := []string{"1384257600000 [1] 218278000", "1384257601000 [2] 220088000", "1384257602000 [3 4] 351759000"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("messages %q, want %q", got, want)
	}
}

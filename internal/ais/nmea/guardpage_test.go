//go:build linux

package nmea

import (
	"bytes"
	"fmt"
	"os"
	"runtime"
	"testing"

	"github.com/lookout-osint/lookout/internal/guardmem"
)

// TestFrameFastGuardPage frames sentences of every body length up to 80
// and some longer, and every cut of them (a '*' as the last byte, a "*h"
// at the end, ...), that end right before a guard page or start right
// after one: frameFast and frameFrom, from every start i, must read only
// b[i:], and frameFrom must agree with the byte-by-byte reference.
func TestFrameFastGuardPage(t *testing.T) {
	g := guardmem.New(t, 2)
	taken := 0
	for _, n := range guardmem.Lengths() {
		for _, body := range frameBodies(n) {
			var sum byte
			for _, c := range body {
				sum ^= c
			}
			full := fmt.Appendf(append([]byte{'!'}, body...), "*%02X\r\n", sum)
			// Long sentences: the cuts around the end, from starts near
			// either end.
			cutFrom, every := 0, true
			if n > 80 {
				cutFrom, every = len(full)-6, false
			}
			for cut := cutFrom; cut <= len(full); cut++ {
				for _, place := range []func([]byte) []byte{g.AtEnd, g.AtStart} {
					b := place(full[:cut])
					for i := 0; i <= len(b); i++ {
						if !every && i > 17 && i < len(b)-20 {
							continue
						}
						pre := byte(0) // the sum of b[1:i]
						for j := 1; j < i; j++ {
							pre ^= b[j]
						}
						var fast, got int
						var err error
						if w := g.Fault(func() {
							fast = frameFast(b, i, pre)
							got, err = frameFrom(b, i, pre)
						}); w != "" {
							t.Fatalf("frameFast(%q, %d) (%d bytes): %s", b, i, len(b), w)
						}
						want, werr := frameRefFrom(b, i, pre)
						if got != want || err != werr || fast != 0 && (fast != want || werr != nil) {
							t.Fatalf("frameFrom(%q, %d) = %d, %v (frameFast %d); byte by byte %d, %v", b, i, got, err, fast, want, werr)
						}
						if fast > 0 {
							taken++
						}
					}
				}
			}
		}
	}
	if runtime.GOARCH == "amd64" && taken == 0 {
		t.Fatal("frameFast took no sentence: the test missed its fast path")
	}
}

// frameBodies are sentence bodies of n bytes: payload characters, with
// and without a byte of 0x80 and above (which frameFast flags) at the end.
func frameBodies(n int) [][]byte {
	plain := make([]byte, n)
	for i := range plain {
		plain[i] = "AIVDM,1,1,,A,13u?etPv2;0n:dDPwUM1U1Cb069D"[i%40]
	}
	bodies := [][]byte{plain}
	if n > 0 {
		high := bytes.Clone(plain)
		high[n-1] = 0xAA // '*' | 0x80
		bodies = append(bodies, high)
	}
	return bodies
}

// nmeaGuardInputs are real NMEA inputs: DMA's tag block, $PGHP and !BSVDM
// lines (the tag block's line ends in CR LF), sentences with tag blocks and
// multi-sentence messages.
func nmeaGuardInputs(t *testing.T) [][]byte {
	t.Helper()
	dma := "\\si:AISD*3F\\\r\n" +
		"$PGHP,1,2013,11,12,12,0,0,11,219,,2190067,1,62*26\n" +
		"!BSVDM,1,1,,A,13@:`L001N0ded0O6Fp8wW<00<0t,0*62\n" +
		"\\si:AISD*3F\\\r\n" +
		"$PGHP,1,2013,11,12,12,0,0,26,219,,2190074,1,67*25\n" +
		"!BSVDM,1,1,,A,13Aq6h000KPem06Q9w23:ja>0HG?,0*67\n" +
		"\\si:AISD*3F\\\r\n" +
		"$PGHP,1,2013,11,12,12,0,0,42,219,,2190047,1,39*2C\n" +
		"!BSVDM,1,1,,B,13ALbL0000PqhPFP3vMhR2Mn0800,0*39\n"
	inputs := [][]byte{[]byte(dma), []byte(frag1 + "\r\n" + frag2 + "\n" + frag1 + "\r" + frag2)}
	for _, path := range []string{"testdata/dma/replay_dump.txt", "testdata/pyais/sample.ais", "testdata/gfw/sample.nmea"} {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		inputs = append(inputs, data[:min(len(data), 1500)])
	}
	return inputs
}

// TestParseSentenceGuardPage parses every line of the real inputs, cut at
// every length, ending right before a guard page.
func TestParseSentenceGuardPage(t *testing.T) {
	g := guardmem.New(t, 1)
	good := 0
	for _, in := range nmeaGuardInputs(t) {
		for _, line := range bytes.Split(in, []byte{'\n'}) {
			for cut := 0; cut <= len(line); cut++ {
				for _, b := range [][]byte{g.AtEnd(line[:cut]), g.AtEnd(line[len(line)-cut:])} {
					var s Sentence
					var err error
					if w := g.Fault(func() { _, err = ParseSentence(b, &s) }); w != "" {
						t.Fatalf("ParseSentence(%q): %s", b, w)
					}
					if err == nil {
						good++
					}
				}
			}
		}
	}
	if good == 0 {
		t.Fatal("no sentence parsed: the test missed the parser")
	}
}

// TestDecoderGuardPage decodes every prefix of the real inputs in place
// (ResetBytes), ending right before a guard page, and every suffix,
// starting right after one: the line reader, the quick paths (a cached
// $PGHP prefix framed from its end by frameFrom) and the payload decoder
// must stay within the input.
func TestDecoderGuardPage(t *testing.T) {
	g := guardmem.New(t, 1)
	d := NewDecoder(bytes.NewReader(nil), "guard", Options{})
	messages := 0
	for k, in := range nmeaGuardInputs(t) {
		for cut := 0; cut <= len(in); cut++ {
			for _, b := range [][]byte{g.AtEnd(in[:cut]), g.AtStart(in[cut:])} {
				d.ResetBytes(b, "guard")
				if w := g.Fault(func() {
					for {
						if _, err := d.Next(); err != nil {
							break
						}
						messages++
					}
				}); w != "" {
					t.Fatalf("decoding input %d cut at %d (%d bytes, ending %q): %s", k, cut, len(b), b[max(0, len(b)-60):], w)
				}
			}
		}
	}
	if messages == 0 || d.quickN == 0 {
		t.Fatalf("%d messages decoded, %d lines taken by the quick path: the test missed the decoder", messages, d.quickN)
	}
}

// FuzzGuardPage frames every sentence start of any input, and decodes it
// in place, placed right before a guard page and right after one: no load
// may leave the input, and frame must agree with the byte-by-byte
// reference.
func FuzzGuardPage(f *testing.F) {
	f.Add([]byte(frag1 + "\r" + frag2 + "\n" + frag2 + `\r\n` + frag1))
	f.Add([]byte("\\si:AISD*3F\\\r\n$PGHP,1,2013,11,12,12,0,0,11,219,,2190067,1,62*26\n!BSVDM,1,1,,A,13@:`L001N0ded0O6Fp8wW<00<0t,0*62"))
	g := guardmem.New(f, 16)
	d := NewDecoder(bytes.NewReader(nil), "fuzz", Options{MaxPending: 4, MaxAge: 16})
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > g.Size() {
			t.Skip("longer than the guarded pages")
		}
		for _, place := range []func([]byte) []byte{g.AtEnd, g.AtStart} {
			b := place(data)
			if w := g.Fault(func() {
				for i, c := range b {
					if c != '!' && c != '$' {
						continue
					}
					n, err := frame(b[i:])
					if rn, rerr := frameRef(b[i:]); n != rn || err != rerr {
						panic(fmt.Sprintf("frame(%q) = %d, %v; byte by byte %d, %v", b[i:], n, err, rn, rerr))
					}
				}
				d.ResetBytes(b, "fuzz")
				for {
					if _, err := d.Next(); err != nil {
						break
					}
				}
			}); w != "" {
				t.Fatalf("framing and decoding %q: %s", data, w)
			}
		}
	})
}

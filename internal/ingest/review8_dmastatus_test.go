package ingest

import (
	"bytes"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/lookout-osint/lookout/internal/track"
)

// Review 8 of e77f7f1: the DMA status fast path against a copy of the
// logic before it.

// review8OldDMAStatus is dmaStatus before e77f7f1.
func review8OldDMAStatus(b []byte) uint8 {
	var buf [64]byte
	if len(b) > len(buf) {
		return 15
	}
	if s, ok := dmaStatuses[string(bytes.ToLower(append(buf[:0], b...)))]; ok {
		return s
	}
	return 15
}

// review8OldStatus is RowParser.status before e77f7f1, of the field b.
func review8OldStatus(b []byte, dma bool) uint8 {
	if n, err := parseIntLoose(b); err == nil && n >= 0 && n <= 15 {
		return uint8(n)
	}
	if dma && len(b) > 0 {
		return review8OldDMAStatus(b)
	}
	return 15
}

// review8StatusCheck parses a DMA aisdk row whose status field is v
// (quoted when it must be) and compares the parser's status with the old
// logic on the field as the parser reads it; and dmaStatus with the old
// one on v itself.
func review8StatusCheck(t *testing.T, p *RowParser, row []string, v []byte) {
	t.Helper()
	if got, want := dmaStatus(v), review8OldDMAStatus(v); got != want {
		t.Fatalf("dmaStatus(%q) = %d, before %d", v, got, want)
	}
	f := string(v)
	if strings.ContainsAny(f, ",\"\r\n") {
		f = `"` + strings.ReplaceAll(f, `"`, `""`) + `"`
	}
	r := append([]string(nil), row...)
	r[5] = f
	var fix track.Fix
	var id track.Identity
	p.Parse([]byte(strings.Join(r, ",")), &fix, &id)
	b := p.field(FieldStatus)
	if got, want := p.status(), review8OldStatus(b, p.s.DMA); got != want {
		t.Fatalf("status of field %q (%q) = %d, before %d", b, v, got, want)
	}
	// A schema other than DMA's: texts are not read.
	if review8MC == nil {
		review8MC = review8MCParser(t)
	}
	mc := review8MC
	line := []byte("338148873,2022-01-03T00:00:00,33.7,-117.91483,0,280,511,CAZADOR,,,37," + f + ",14,,,,B")
	if _, ok := mc.split(line); !ok {
		return
	}
	b = mc.field(FieldStatus)
	if got, want := mc.status(), review8OldStatus(b, false); got != want {
		t.Fatalf("MarineCadastre status of field %q (%q) = %d, before %d", b, v, got, want)
	}
}

// review8MC is the MarineCadastre parser of review8StatusCheck, made once.
var review8MC *RowParser

func review8MCParser(t testing.TB) *RowParser {
	s, err := NewSchema(FormatMarineCadastreCSV, strings.Split(
		"MMSI,BaseDateTime,LAT,LON,SOG,COG,Heading,VesselName,IMO,CallSign,VesselType,Status,Length,Width,Draft,Cargo,TransceiverClass", ","), "")
	if err != nil {
		t.Fatal(err)
	}
	if s.DMA {
		t.Fatal("a DMA schema")
	}
	return NewRowParser(s)
}

func review8StatusParser(t testing.TB) (*RowParser, []string) {
	lines := strings.Split(dmaStatusRows, "\n")
	s, err := NewSchema(FormatDMACSV, strings.Split(lines[0], ","), "")
	if err != nil {
		t.Fatal(err)
	}
	if !s.DMA {
		t.Fatal("not a DMA schema")
	}
	return NewRowParser(s), strings.Split(lines[1], ",")
}

// review8StatusValues are status fields around the fast path's test:
// every table text in several cases, letters at the edges of the range
// ('@', '[', '`', '{'), strconv's words (inf, infinity, nan, signed),
// numbers, hex and exponents, non-ASCII that lower-cases to ASCII (the
// Kelvin sign to k, the dotted capital I to i), invalid UTF-8, padding, 64 and 65 bytes.
func review8StatusValues() []string {
	var vs []string
	for text := range dmaStatuses {
		vs = append(vs, text, strings.ToUpper(text), " "+text+" ", text+"\x00")
	}
	vs = append(vs, "", "@", "[", "`", "{", "@moored", "inf", "Inf", "+Inf", "-inf", "infinity", "INFINITY", "nan", "NaN", "-nan",
		"5", "05", "5.0", "5.5", "1e1", "0x5", "0X5", "0x1p2", "15", "16", "-0", "+5", "5e0", "i", "n", "in", "na",
		"\u212aoored", "ENGAGED \u0130N F\u0130SH\u0130NG", "Under way sa\u0130l\u0130ng", "engaged in fishing\u0130", "mo\u212ared", "m\xffored", "\xff", "MOORÉD", strings.Repeat("a", 64), strings.Repeat("A", 65),
		"ais-sart", "AIS-SART", "Reserved for future amendment [HSC]", "reserved for future amendment [hsc]\xc0")
	return vs
}

// TestReview8DMAStatusSame compares the fast path with the old logic.
func TestReview8DMAStatusSame(t *testing.T) {
	p, row := review8StatusParser(t)
	for _, v := range review8StatusValues() {
		review8StatusCheck(t, p, row, []byte(v))
	}
	// Random fields: short ones of letters, digits, signs, dots and any
	// byte, and table texts with one byte changed.
	rng := rand.New(rand.NewPCG(8, 3))
	const alpha = "aAiInNfFtTyY+-.0159 @[`{\x80\xc4\xb0"
	texts := review8StatusValues()
	for range 20000 {
		var v []byte
		if rng.IntN(2) == 0 {
			v = make([]byte, rng.IntN(12))
			for i := range v {
				if rng.IntN(8) == 0 {
					v[i] = byte(rng.IntN(256))
				} else {
					v[i] = alpha[rng.IntN(len(alpha))]
				}
			}
		} else {
			v = []byte(texts[rng.IntN(len(texts))])
			if len(v) > 0 {
				v[rng.IntN(len(v))] = byte(rng.IntN(256))
			}
		}
		review8StatusCheck(t, p, row, v)
	}
}

// FuzzReview8DMAStatus compares the fast path with the old logic on any
// status field.
func FuzzReview8DMAStatus(f *testing.F) {
	for _, v := range review8StatusValues() {
		f.Add([]byte(v))
	}
	p, row := review8StatusParser(f)
	f.Fuzz(func(t *testing.T, v []byte) {
		review8StatusCheck(t, p, row, v)
	})
}

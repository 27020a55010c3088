package ingest

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"strings"
	"testing"

	"github.com/lookout-osint/lookout/internal/track"
)

// TestPaddedFieldsParseAlike parses every row of the shared CSV captures
// as it is and rebuilt from its values, unquoted, with spaces and tabs
// around each (rows with a value that needs quotes left out): the two
// must give the same fix, identity, and reason (field trims both; the time
// and number parsers, which read a value untrimmed first, must fail on
// padding rather than read it otherwise).
func TestPaddedFieldsParseAlike(t *testing.T) {
	for _, rel := range csvCaptures {
		t.Run(rel, func(t *testing.T) {
			lines := captureLines(t, rel)
			format, _ := DetectFormat(append(bytes.Clone(lines[0]), '\n'))
			var scratch []byte
			header, _ := splitCSV(nil, &scratch, lines[0])
			names := make([]string, len(header))
			for i, h := range header {
				names[i] = string(h)
			}
			s, err := NewSchema(format, names, "")
			if err != nil {
				t.Fatal(err)
			}
			plain, padded := NewRowParser(s), NewRowParser(s)
			r := rand.New(rand.NewPCG(5, 6))
			checked := 0
			for _, l := range lines[1:] {
				if checkPadded(t, plain, padded, l, r) {
					checked++
				}
			}
			if checked == 0 {
				t.Error("no row checked")
			}
		})
	}
}

// FuzzPaddedRow is TestPaddedFieldsParseAlike for any row of the fuzzed
// layouts.
func FuzzPaddedRow(f *testing.F) {
	for _, path := range []string{"testdata/marinecadastre-20220103-head20.csv", "testdata/solent-20160112-head20.csv", "testdata/malformed-simulated.csv"} {
		data, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		for i, line := range bytes.Split(data, []byte{'\n'}) {
			f.Add(uint8(i%len(fuzzHeaders)), line, uint64(i))
		}
	}
	f.Fuzz(func(t *testing.T, which uint8, row []byte, seed uint64) {
		h := fuzzHeaders[int(which)%len(fuzzHeaders)]
		s, err := NewSchema(h.format, strings.Split(h.header, ","), "")
		if err != nil {
			t.Fatal(err)
		}
		checkPadded(t, NewRowParser(s), NewRowParser(s), row, rand.New(rand.NewPCG(seed, 1)))
	})
}

// checkPadded parses row l with plain and, rebuilt with spaces and tabs
// around its values, with padded, and fails when they differ. It returns
// false for a row it cannot rebuild so (not CSV, a single field, or a
// value that needs quotes).
func checkPadded(t testing.TB, plain, padded *RowParser, l []byte, r *rand.Rand) bool {
	t.Helper()
	pads := []string{"", " ", "\t", "  ", " \t"}
	var scratch []byte
	fields, ok := splitCSV(nil, &scratch, l)
	if !ok || len(fields) < 2 || bytes.ContainsAny(bytes.Join(fields, nil), "\",\r\n") {
		return false // (one field may pad to a blank row)
	}
	var b []byte
	for i, f := range fields {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(append(append(b, pads[r.IntN(len(pads))]...), f...), pads[r.IntN(len(pads))]...)
	}
	var fix0, fix1 track.Fix
	var id0, id1 track.Identity
	got0, reason0 := plain.Parse(l, &fix0, &id0)
	got1, reason1 := padded.Parse(b, &fix1, &id1)
	if got0 != got1 || reason0 != reason1 || fmt.Sprint(fix0) != fmt.Sprint(fix1) ||
		got0&RowIdentity != 0 && !sameIdentity(&id0, &id1) {
		t.Fatalf("%q: %v %v %+v %+v\npadded %q: %v %v %+v %+v", l, got0, reason0, fix0, id0, b, got1, reason1, fix1, id1)
	}
	return true
}

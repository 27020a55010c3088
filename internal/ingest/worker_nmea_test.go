package ingest

import (
	"bytes"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"testing"

	"github.com/lookout-osint/lookout/internal/ais/nmea"
	"github.com/lookout-osint/lookout/internal/shareddata"
)

// rmcParts are lines and line pieces around RMC sentences: valid ones,
// ones after a tag block or blanks, cut by a lone CR, and DMA lines.
var rmcParts = []string{
	"$GPRMC,123519,A,4807.038,N,01131.000,E,022.4,084.4,230394,003.1,W*6A",
	"$GPRMC,123519.50,A,4807.038,N,01131.000,E,022.4,084.4,230394,003.1,W*41",
	" $GPRMC,123519,A,4807.038,N,01131.000,E,022.4,084.4,230394,003.1,W*6A",
	"$GP", "RMC,123519,A,4807.038,N,01131.000,E,022.4,084.4,230394,003.1,W*6A", "$", "$G",
	`\s:x*00\$GPRMC,123519,A,4807.038,N,01131.000,E,022.4,084.4,230394,003.1,W*6A`,
	`\si:AISD*3F\`, "$PGHP,1,2013,11,12,12,0,0,11,219,,2190067,1,62*26",
	"!BSVDM,1,1,,A,13@:`L001N0ded0O6Fp8wW<00<0t,0*62", "junk", "",
}

// checkMaybeRMC asserts that the decoder's MaybeRMC is true whenever
// scanRMC finds an RMC time in data, and returns MaybeRMC.
func checkMaybeRMC(t *testing.T, data []byte) bool {
	t.Helper()
	d := nmea.NewDecoder(nil, "in", nmea.Options{})
	d.ResetBytes(data, "in")
	for _, err := d.Next(); err == nil; _, err = d.Next() {
	}
	if marks := scanRMC(data, 1, nil); len(marks) > 0 && !d.MaybeRMC() {
		t.Fatalf("scanRMC found %v in %q, MaybeRMC false", marks, data)
	}
	return d.MaybeRMC()
}

// TestMaybeRMC checks the decoder's hint that lets the NMEA worker skip
// scanRMC: never false where scanRMC finds a time (random splices of
// rmcParts with every line end), true on a GPS log, false on DMA's.
func TestMaybeRMC(t *testing.T) {
	rng := rand.New(rand.NewSource(3))
	ends := []string{"\n", "\r\n", "\r", "\n\n", "\r\r\n"}
	found := 0
	for range 5000 {
		var b bytes.Buffer
		for n := rng.Intn(8); n > 0; n-- {
			b.WriteString(rmcParts[rng.Intn(len(rmcParts))])
			b.WriteString(ends[rng.Intn(len(ends))])
		}
		if len(scanRMC(b.Bytes(), 1, nil)) > 0 {
			found++
		}
		checkMaybeRMC(t, b.Bytes())
	}
	if found < 100 {
		t.Fatalf("only %d random inputs had an RMC time", found)
	}
	dir := shareddata.Dir()
	if dir == "" {
		t.Skip("shared data not found")
	}
	for _, tt := range []struct {
		path string
		want bool
	}{
		{"ais/gpsd/ais-nmea.log", true},
		{"ais/dma-aisabnormal/219165000_ssc_1.ais", false},
	} {
		data, err := os.ReadFile(filepath.Join(dir, tt.path))
		if err != nil {
			t.Fatal(err)
		}
		if got := checkMaybeRMC(t, data); got != tt.want {
			t.Errorf("%s: MaybeRMC %v; want %v", tt.path, got, tt.want)
		}
	}
}

// FuzzMaybeRMC checks MaybeRMC against scanRMC on arbitrary input.
func FuzzMaybeRMC(f *testing.F) {
	for i := range rmcParts {
		f.Add([]byte(fmt.Sprint(rmcParts[i], "\r\n", rmcParts[(i+3)%len(rmcParts)])))
	}
	f.Fuzz(func(t *testing.T, data []byte) { checkMaybeRMC(t, data) })
}

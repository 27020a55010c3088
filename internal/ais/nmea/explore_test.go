package nmea

import (
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestExplore(t *testing.T) {
	if os.Getenv("EXPLORE") == "" {
		t.Skip()
	}
	files, _ := filepath.Glob("/work/shared/data/ais/*/*")
	for _, f := range files {
		if strings.HasSuffix(f, ".md") || strings.Contains(f, ".csv") || strings.Contains(f, ".chk") || strings.Contains(f, "auckland") || strings.Contains(f, "json") {
			continue
		}
		fh, _ := os.Open(f)
		var r io.Reader = fh
		if strings.HasSuffix(f, ".gz") {
			r, _ = gzip.NewReader(fh)
		}
		d := NewDecoder(r, filepath.Base(f), Options{})
		for {
			_, err := d.Next()
			if err != nil {
				break
			}
		}
		t.Logf("%s: %s", f[22:], d.Stats())
	}
}

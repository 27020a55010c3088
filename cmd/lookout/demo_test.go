package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDemo runs the README's first command end to end in a temp directory
// and checks that the report answers the case question.
func TestDemo(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: the demo runs the whole pipeline")
	}
	dir := t.TempDir()
	out, errOut, err := runCLI(t, "demo", "--out", dir)
	if err != nil {
		t.Fatalf("demo: %v\n%s", err, errOut)
	}
	if !strings.Contains(out, filepath.Join(dir, "report.html")) {
		t.Errorf("demo does not say where the report is:\n%s", out)
	}
	b, err := os.ReadFile(filepath.Join(dir, "report.html"))
	if err != nil {
		t.Fatal(err)
	}
	html := string(b)
	// The first thing in the report says the data are simulated.
	if i := strings.Index(html, "<body>"); !strings.HasPrefix(strings.TrimSpace(html[i+len("<body>"):]), `<p class="notice" id="notice">SIMULATED DATA`) {
		t.Error("the report does not open with the simulated-data notice")
	}
	// ANGARA, IMO 9179842, with its OFAC entry, on the route, with dark port
	// calls at Najin.
	row := findingRow(t, html, "ANGARA")
	for _, want := range []string{"9179842", "OFAC SDN (2024-05-03)", "RUSSIA-EO14024", `<span class="yes">yes</span>`, "Najin (Rajin) (dark)", "Dunay"} {
		if !strings.Contains(row, want) {
			t.Errorf("ANGARA's row lacks %q:\n%s", want, row)
		}
	}
	if !strings.Contains(html, `<td>dark_port_call</td><td>ANGARA`) {
		t.Error("no dark_port_call event for ANGARA in the event table")
	}
	for _, f := range []string{"report.geojson", "report.kml", "report.csv", "rajin-dunay.simulated.nmea", "rajin-dunay.simulated.truth.json"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("demo did not write %s: %v", f, err)
		}
	}
}

// findingRow returns the answer-table row of a vessel.
func findingRow(t *testing.T, html, name string) string {
	t.Helper()
	i := strings.Index(html, "<td><strong>"+name+"</strong>")
	if i < 0 {
		t.Fatalf("no answer row for %s", name)
	}
	j := strings.Index(html[i:], "</tr>")
	return html[i : i+j]
}

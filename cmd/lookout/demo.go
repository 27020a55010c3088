package main

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/lookout-osint/lookout/examples"
	"github.com/lookout-osint/lookout/internal/ingest"
	"github.com/lookout-osint/lookout/internal/store"
)

func init() { register("demo", newDemoCmd) }

func newDemoCmd(e *env) *cobra.Command {
	var out string
	c := &cobra.Command{
		Use:   "demo [--out DIR]",
		Short: "Run the bundled SIMULATED Rajin–Dunay case end to end and say where the report is",
		Long: `Demo runs the bundled example end to end, with nothing to install: it simulates
the Rajin–Dunay scenario (a SIMULATED reconstruction of the September 2023
Najin–Dunay shuttle from public reporting), ingests the NMEA into an embedded
store, runs every detector with Najin as a watched port, screens the vessels
against the bundled OFAC SDN snapshot (2024-05-03), and writes the evidence
report (HTML, plus GeoJSON, KML and CSV) for the case question: which vessels
called at Najin and then sailed to Dunay between 2023-09-07 and 2023-10-01,
which went dark, which are listed.

Everything goes into --out (default ./lookout-demo): the inputs, the store,
the simulated NMEA with its ground truth, and the report.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return runDemo(cmd.Context(), e, out) },
	}
	c.Flags().StringVar(&out, "out", "lookout-demo", "output directory")
	return c
}

// runDemo is simulate → ingest → detect → screen → report.
func runDemo(ctx context.Context, e *env, out string) error {
	in := filepath.Join(out, "inputs")
	if err := extractExamples(in); err != nil {
		return err
	}
	db := filepath.Join(out, "lookout.db")
	if err := os.RemoveAll(db); err != nil {
		return fmt.Errorf("demo: clear the previous demo store: %w", err)
	}
	dir := filepath.Join(in, "rajin-dunay")
	nmeaPath := filepath.Join(out, "rajin-dunay.simulated.nmea")
	step := func(s string) { fmt.Fprintf(e.stderr, "\n== %s\n", s) }

	step("1/5 simulate the scenario (SIMULATED data)")
	if err := runSimulate(e, filepath.Join(dir, "scenario.yaml"), nmeaPath, ""); err != nil {
		return err
	}
	step("2/5 ingest the NMEA into the embedded store " + db)
	if err := runIngest(ctx, e, store.Options{}, db, ingest.Options{}, []string{nmeaPath}); err != nil {
		return err
	}
	step("3/5 detect (Najin watched; Dunay added as a port)")
	df := &detectFlags{db: db, watch: filepath.Join(dir, "watched-ports.csv"), ports: filepath.Join(dir, "extra-ports.csv")}
	if err := runDetect(e, df); err != nil {
		return err
	}
	step("4/5 screen against the OFAC SDN snapshot of 2024-05-03")
	sf := screenFlags{db: db, lists: []string{filepath.Join(in, "lists", "ofac-sdn-2024-05-03.csv.gz")}, format: "table", events: true}
	if err := runScreen(e, sf); err != nil {
		return err
	}
	step("5/5 report")
	base := filepath.Join(out, "report")
	rf := reportFlags{db: db, out: base + ".html", geojson: base + ".geojson", kml: base + ".kml", csv: base + ".csv"}
	if err := runReport(e, rf, filepath.Join(dir, "case.yaml")); err != nil {
		return err
	}
	abs, _ := filepath.Abs(rf.out)
	fmt.Fprintf(e.stdout, "\nThe evidence report is at %s\n(open it in a browser; also %s.geojson, .kml and .csv). The data are SIMULATED.\n", abs, base)
	return nil
}

// extractExamples writes the bundled example files under dir.
func extractExamples(dir string) error {
	return fs.WalkDir(examples.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		target := filepath.Join(dir, filepath.FromSlash(p))
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		b, err := fs.ReadFile(examples.FS, p)
		if err != nil {
			return err
		}
		if err := os.WriteFile(target, b, 0o644); err != nil {
			return fmt.Errorf("demo: write inputs: %w", err)
		}
		return nil
	})
}

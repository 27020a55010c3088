package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/lookout-osint/lookout/internal/geo"
	"github.com/lookout-osint/lookout/internal/places"
	"github.com/lookout-osint/lookout/internal/sim"
	"github.com/spf13/cobra"
)

func init() { register("simulate", newSimulateCmd) }

func newSimulateCmd(e *env) *cobra.Command {
	var out, truthPath string
	c := &cobra.Command{
		Use:   "simulate SCENARIO.yaml",
		Short: "Write SIMULATED AIS (NMEA with tag-block times) and its ground truth from a scenario",
		Long: `Simulate runs a scenario (places, routes, vessels with plans: port stays, dark
legs, meetings, loitering, renames, MMSI changes, spoofed jumps, background
traffic) and writes the NMEA the vessels would have sent, plus a JSON ground
truth of the events that happened. Everything written is simulated: the output
file names say so, and every sentence carries the tag-block source "sim".
Routes are checked against the land mask first.`,
		Args: cobra.ExactArgs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			return runSimulate(e, args[0], out, truthPath)
		},
	}
	c.Flags().StringVarP(&out, "output", "o", "", "NMEA output file (default: SCENARIO name + .simulated.nmea)")
	c.Flags().StringVar(&truthPath, "truth", "", "ground-truth JSON file (default: output name + .truth.json)")
	return c
}

func runSimulate(e *env, scenarioPath, out, truthPath string) error {
	sc, err := loadScenario(scenarioPath)
	if err != nil {
		return err
	}
	if out == "" {
		out = strings.TrimSuffix(filepath.Base(scenarioPath), filepath.Ext(scenarioPath)) + ".simulated.nmea"
	}
	if truthPath == "" {
		truthPath = strings.TrimSuffix(out, ".nmea") + ".truth.json"
	}
	truth, err := simulateTo(sc, out, truthPath)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "simulate: %s: %d messages to %s, %d ground-truth events to %s (SIMULATED data)\n",
		sc.Name, truth.Messages, out, len(truth.Events), truthPath)
	return nil
}

// loadScenario reads and validates a scenario, and checks its routes
// against the land mask.
func loadScenario(path string) (*sim.Scenario, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	sc, err := sim.ParseScenario(b)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	land, err := places.DefaultLand()
	if err != nil {
		return nil, err
	}
	inland := func(p geo.Point) bool { return land.IsInland(p, 1000) }
	if bad := sc.LandCrossings(inland, 500); len(bad) > 0 {
		return nil, fmt.Errorf("%s: routes cross land:\n  %s", path, strings.Join(bad, "\n  "))
	}
	return sc, nil
}

// simulateTo writes the scenario's NMEA to out and its truth to truthPath.
func simulateTo(sc *sim.Scenario, out, truthPath string) (*sim.Truth, error) {
	land, err := places.DefaultLand()
	if err != nil {
		return nil, err
	}
	f, err := os.Create(out)
	if err != nil {
		return nil, err
	}
	truth, err := sim.Simulate(sc, f, sim.Options{Shore: land.DistanceToShoreM})
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, fmt.Errorf("simulate %s: %w", out, err)
	}
	b, err := json.MarshalIndent(truth, "", " ")
	if err != nil {
		return nil, err
	}
	if err := os.WriteFile(truthPath, append(b, '\n'), 0o644); err != nil {
		return nil, fmt.Errorf("write truth: %w", err)
	}
	return truth, nil
}

package main

import (
	"encoding/json"
	"fmt"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/lookout-osint/lookout/internal/detect"
	"github.com/lookout-osint/lookout/internal/sim"
	"github.com/lookout-osint/lookout/internal/store"
)

func init() { register("score", newScoreCmd) }

func newScoreCmd(e *env) *cobra.Command {
	var db, truthPath string
	c := &cobra.Command{
		Use:   "score --truth FILE.truth.json [--db DIR]",
		Short: "Score the stored events against a simulation's ground truth (recall and precision per type)",
		Long: `Score compares the events that 'lookout detect' stored with the ground truth
that 'lookout simulate' wrote, and prints recall and precision per event type
as a Markdown table. An event matches a truth event of the same type and vessel
(the pair, for encounters) whose time span it overlaps, within 2 hours.`,
		Args: cobra.NoArgs,
		RunE: func(_ *cobra.Command, _ []string) error {
			if truthPath == "" {
				return usageErrorf("score: --truth FILE is required")
			}
			scores, err := scoreStore(db, truthPath)
			if err != nil {
				return err
			}
			return sim.WriteScores(e.stdout, scores)
		},
	}
	addDBFlag(c, &db)
	c.Flags().StringVar(&truthPath, "truth", "", "ground truth JSON written by lookout simulate")
	return c
}

// scoreStore scores the stored events against a truth file.
func scoreStore(db, truthPath string) ([]sim.Score, error) {
	b, err := os.ReadFile(truthPath)
	if err != nil {
		return nil, err
	}
	var truth sim.Truth
	if err := json.Unmarshal(b, &truth); err != nil {
		return nil, fmt.Errorf("truth %s: %w", truthPath, err)
	}
	st, err := store.Open(db, store.Options{ReadOnly: true})
	if err != nil {
		return nil, err
	}
	defer st.Close()
	evs, err := st.Events(store.EventFilter{})
	if err != nil {
		return nil, err
	}
	dets := make([]sim.Detection, 0, len(evs))
	for _, ev := range evs {
		if ev.Type == detect.TypeSanctionsMatch || ev.Type == detect.TypeVoyageDataChange {
			continue // not simulated as truth
		}
		dets = append(dets, sim.Detection{Type: ev.Type, MMSI: ev.MMSI, OtherMMSI: ev.OtherMMSI,
			Start: time.UnixMilli(ev.Start).UTC(), End: time.UnixMilli(ev.End).UTC()})
	}
	return sim.ScoreDetections(truth.Events, dets), nil
}

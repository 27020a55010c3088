package sim

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

func TestScoreDetections(t *testing.T) {
	t0 := time.Date(2023, 6, 1, 0, 0, 0, 0, time.UTC)
	h := time.Hour
	truth := []TruthEvent{
		{Type: "encounter", MMSI: 1, OtherMMSI: 2, Start: t0, End: t0.Add(5 * h)},
		{Type: "gap", MMSI: 3, Start: t0, End: t0.Add(8 * h)},
		{Type: "gap", MMSI: 4, Start: t0, End: t0.Add(8 * h)},
	}
	dets := []Detection{
		{Type: "encounter", MMSI: 2, OtherMMSI: 1, Start: t0.Add(30 * time.Minute), End: t0.Add(4 * h)}, // pair either way round
		{Type: "gap", MMSI: 3, Start: t0.Add(9 * h), End: t0.Add(10 * h)},                               // within slack
		{Type: "gap", MMSI: 5, Start: t0, End: t0.Add(8 * h)},                                           // wrong vessel
		{Type: "loitering", MMSI: 9, Start: t0, End: t0.Add(h)},                                         // no truth
	}
	got := map[string]Score{}
	for _, s := range ScoreDetections(truth, dets) {
		got[s.Type] = s
	}
	if s := got["encounter"]; s.Recall != 1 || s.Precision != 1 {
		t.Errorf("encounter %+v", s)
	}
	if s := got["gap"]; s.Recall != 0.5 || s.Precision != 0.5 {
		t.Errorf("gap %+v", s)
	}
	if s := got["loitering"]; s.Truth != 0 || s.Precision != 0 || s.Detected != 1 {
		t.Errorf("loitering %+v", s)
	}
	var buf bytes.Buffer
	WriteScores(&buf, ScoreDetections(truth, dets))
	if !strings.Contains(buf.String(), "0.50 (1/2)") {
		t.Errorf("table:\n%s", buf.String())
	}
}

package sim

import (
	"fmt"
	"io"
	"sort"
	"text/tabwriter"
	"time"
)

// Detection is what a detector reported, reduced to what scoring compares.
type Detection struct {
	Type      string
	MMSI      uint32
	OtherMMSI uint32
	Start     time.Time
	End       time.Time
}

// Score is the agreement of detections with the truth for one event type.
type Score struct {
	Type       string
	Truth      int // events in the truth
	Detected   int // detections
	TruePos    int // truth events matched by a detection
	Precise    int // detections that match a truth event
	Recall     float64
	Precision  float64
	Unscorable bool // no truth and no detection: nothing to say
}

// slack is how far apart in time a detection and a truth event may be and
// still be the same event: simulated and detected bounds differ by the
// reporting interval and by where a detector draws a port's edge.
const slack = 2 * time.Hour

// ScoreDetections matches detections to truth events of the same type and
// vessel (the pair, either way round, for encounters) whose time spans
// overlap (within slack), and returns recall and precision per type.
func ScoreDetections(truth []TruthEvent, dets []Detection) []Score {
	types := map[string]*Score{}
	get := func(t string) *Score {
		if types[t] == nil {
			types[t] = &Score{Type: t}
		}
		return types[t]
	}
	for _, t := range truth {
		get(t.Type).Truth++
	}
	for _, d := range dets {
		get(d.Type).Detected++
	}
	for _, t := range truth {
		for _, d := range dets {
			if same(t, d) {
				get(t.Type).TruePos++
				break
			}
		}
	}
	for _, d := range dets {
		for _, t := range truth {
			if same(t, d) {
				get(d.Type).Precise++
				break
			}
		}
	}
	out := make([]Score, 0, len(types))
	for _, s := range types {
		if s.Truth > 0 {
			s.Recall = float64(s.TruePos) / float64(s.Truth)
		}
		if s.Detected > 0 {
			s.Precision = float64(s.Precise) / float64(s.Detected)
		}
		s.Unscorable = s.Truth == 0 && s.Detected == 0
		out = append(out, *s)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Type < out[j].Type })
	return out
}

func same(t TruthEvent, d Detection) bool {
	if t.Type != d.Type {
		return false
	}
	pair := t.MMSI == d.MMSI && t.OtherMMSI == d.OtherMMSI ||
		t.MMSI == d.OtherMMSI && t.OtherMMSI == d.MMSI
	if !pair {
		return false
	}
	return !d.Start.After(t.End.Add(slack)) && !d.End.Before(t.Start.Add(-slack))
}

// WriteScores prints the scores as a Markdown table.
func WriteScores(w io.Writer, scores []Score) error {
	tw := tabwriter.NewWriter(w, 0, 0, 1, ' ', tabwriter.Debug)
	fmt.Fprintln(tw, "| event type\t truth\t detected\t recall\t precision\t")
	fmt.Fprintln(tw, "|---\t---:\t---:\t---:\t---:\t")
	for _, s := range scores {
		fmt.Fprintf(tw, "| %s\t %d\t %d\t %s\t %s\t\n", s.Type, s.Truth, s.Detected, ratio(s.TruePos, s.Truth), ratio(s.Precise, s.Detected))
	}
	return tw.Flush()
}

func ratio(n, d int) string {
	if d == 0 {
		return "–"
	}
	return fmt.Sprintf("%.2f (%d/%d)", float64(n)/float64(d), n, d)
}

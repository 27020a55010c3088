package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"github.com/lookout-osint/lookout/internal/ais/nmea"
)

// demoSample is the bundled sample, relative to the repository root.
const demoSample = "examples/sample/dma-stream-2010-06-11.nmea"

func init() { register("demo", newDemoCmd) }

// newDemoCmd is the interim demo: it decodes the bundled sample and prints
// a short summary. (The full demo, sample → store → detect → report, will
// replace it.)
func newDemoCmd(e *env) *cobra.Command {
	return &cobra.Command{
		Use:   "demo",
		Short: "Decode the bundled sample and summarise it (run from the repository root)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runDemo(cmd.Context(), e, demoSample)
		},
	}
}

// demoSummary is what the demo learns from the sample.
type demoSummary struct {
	vessels     map[uint32]struct{}
	first, last int64 // Unix ms
}

// runDemo decodes path and prints the summary.
func runDemo(ctx context.Context, e *env, path string) error {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("demo: bundled sample %s not found: run lookout demo from the root of the repository", path)
	}
	if err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	defer f.Close()
	start := time.Now()
	d := nmea.NewDecoder(f, filepath.Base(path), nmea.Options{})
	sum := demoSummary{vessels: map[uint32]struct{}{}}
	if err := sum.read(ctx, d); err != nil {
		return err
	}
	sum.print(e.stdout, path, d.Stats(), time.Since(start))
	return nil
}

// read consumes every message of d.
func (s *demoSummary) read(ctx context.Context, d *nmea.Decoder) error {
	for {
		m, err := d.Next()
		if err == io.EOF {
			return ctx.Err()
		}
		if err != nil {
			return fmt.Errorf("demo: %w", err)
		}
		s.vessels[m.AIS.MMSI] = struct{}{}
		if m.Time != 0 && (s.first == 0 || m.Time < s.first) {
			s.first = m.Time
		}
		s.last = max(s.last, m.Time)
	}
}

// print writes the human summary.
func (s *demoSummary) print(w io.Writer, path string, st *nmea.Stats, elapsed time.Duration) {
	fmt.Fprintf(w, "Decoded %s in %s\n", path, elapsed.Round(time.Millisecond))
	fmt.Fprintf(w, "  %d lines, %d AIS sentences, %d messages, %d other NMEA sentences\n",
		st.Lines, st.Sentences, st.Messages, st.OtherNMEA)
	fmt.Fprintf(w, "  %d distinct MMSIs (vessels, base stations, aids to navigation)\n", len(s.vessels))
	if s.first != 0 {
		fmt.Fprintf(w, "  time span %s → %s\n", formatTime(s.first), formatTime(s.last))
	}
	fmt.Fprintf(w, "  messages by type:")
	for t, n := range st.ByType {
		if n > 0 {
			fmt.Fprintf(w, " %d:%d", t, n)
		}
	}
	fmt.Fprintf(w, "\n  bad input: %d", st.BadTotal())
	for r, n := range st.Bad {
		if n > 0 {
			fmt.Fprintf(w, ", %s %d (first at %s)", nmea.Reason(r), n, st.First[r][0])
		}
	}
	fmt.Fprintf(w, "\nNext: lookout decode %s | head   (one JSON object per message)\n", path)
}

package main

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/lookout-osint/lookout/internal/detect"
	"github.com/lookout-osint/lookout/internal/places"
	"github.com/lookout-osint/lookout/internal/store"
	"github.com/lookout-osint/lookout/internal/surge"
)

func init() { register("activity", newActivityCmd) }

type activityFlags struct {
	db, area, every, from, to, measure string
	port                               int
	surge                              bool
}

func newActivityCmd(e *env) *cobra.Command {
	var f activityFlags
	c := &cobra.Command{
		Use:   "activity --port WPI|--area FILE [--every 1d] [--from T] [--to T] [--surge]",
		Short: "Count activity at a port or in an area per interval (CSV for lookout surge), optionally detecting surges",
		Long: `Activity turns the store into a count series: at a port (--port WPI), the
port calls that began in each interval (--measure calls, the default) or the
distinct vessels in port during it (--measure vessels); in an area (--area
FILE: a GeoJSON or CSV sites file; every site counts), the distinct vessels with
a fix inside during each interval. The output is CSV with a time,count header,
which 'lookout surge' reads. With --surge it runs the default change-point
detector on the series, prints the rises as JSON instead, and stores each as a
surge event.`,
		Args: cobra.NoArgs,
		RunE: func(_ *cobra.Command, _ []string) error {
			if (f.port == 0) == (f.area == "") {
				return usageErrorf("activity: give exactly one of --port WPI or --area FILE")
			}
			if err := checkFormat(f.measure, "calls", "vessels"); err != nil {
				return err
			}
			return runActivity(e, f)
		},
	}
	addDBFlag(c, &f.db)
	c.Flags().IntVar(&f.port, "port", 0, "World Port Index number of the port")
	c.Flags().StringVar(&f.area, "area", "", "sites file (GeoJSON or CSV) whose areas are counted")
	c.Flags().StringVar(&f.every, "every", "1d", "interval: Go duration or Nd (days)")
	c.Flags().StringVar(&f.measure, "measure", "calls", "at a port: calls (visits begun) or vessels (distinct vessels present)")
	c.Flags().StringVar(&f.from, "from", "", "start (RFC 3339 or date; default: first data)")
	c.Flags().StringVar(&f.to, "to", "", "end, exclusive (default: last data)")
	c.Flags().BoolVar(&f.surge, "surge", false, "detect surges in the series and store them as surge events")
	return c
}

// parseEvery parses "1d", "12h", "30m".
func parseEvery(s string) (int64, error) {
	if d, ok := strings.CutSuffix(s, "d"); ok {
		n, err := strconv.ParseFloat(d, 64)
		if err != nil || n <= 0 {
			return 0, usageErrorf("--every %q: want e.g. 1d, 12h", s)
		}
		return int64(n * 86400000), nil
	}
	dur, err := time.ParseDuration(s)
	if err != nil || dur <= 0 {
		return 0, usageErrorf("--every %q: want e.g. 1d, 12h", s)
	}
	return dur.Milliseconds(), nil
}

func runActivity(e *env, f activityFlags) error {
	every, err := parseEvery(f.every)
	if err != nil {
		return err
	}
	st, err := store.Open(f.db, store.Options{ReadOnly: !f.surge})
	if err != nil {
		return fmt.Errorf("activity: %w", err)
	}
	defer st.Close()
	from, to, err := activityWindow(st, f, every)
	if err != nil {
		return err
	}
	var counts []float64
	var what string
	if f.port != 0 {
		what = fmt.Sprintf("port WPI %d (%s)", f.port, f.measure)
		counts, err = portActivity(st, f.port, f.measure, from, to, every)
	} else {
		what = "area " + f.area
		counts, err = areaActivity(st, f.area, from, to, every)
	}
	if err != nil {
		return err
	}
	if !f.surge {
		return writeActivityCSV(e.stdout, counts, from, every)
	}
	return activitySurges(e, st, what, counts, from, every)
}

// activityWindow is --from/--to, defaulting to the stored data's span,
// aligned to whole intervals.
func activityWindow(st *store.Store, f activityFlags, every int64) (int64, int64, error) {
	vs, err := st.Vessels()
	if err != nil {
		return 0, 0, err
	}
	first, last := int64(store.MaxTime), int64(-store.MaxTime)
	for _, v := range vs {
		if v.Fixes > 0 {
			first, last = min(first, v.FirstSeen), max(last, v.LastSeen)
		}
	}
	from, err := parseTimeFlag("from", f.from, first-first%every)
	if err != nil {
		return 0, 0, err
	}
	to, err := parseTimeFlag("to", f.to, last+1)
	if err != nil {
		return 0, 0, err
	}
	if to <= from {
		return 0, 0, fmt.Errorf("activity: no data in the window (store empty, or --to before --from)")
	}
	return from, to, nil
}

// portActivity counts port calls begun per interval, or distinct vessels
// in port during each interval.
func portActivity(st *store.Store, wpi int, measure string, from, to, every int64) ([]float64, error) {
	evs, err := st.Events(store.EventFilter{Types: []string{detect.TypePortVisit}, From: from, To: to})
	if err != nil {
		return nil, err
	}
	var starts []int64
	n := int((to - from + every - 1) / every)
	present := make([]map[uint32]bool, n)
	for _, ev := range evs {
		if ev.Port == nil || ev.Port.WPI != wpi {
			continue
		}
		starts = append(starts, ev.Start)
		for k := max(0, int((ev.Start-from)/every)); k < n && from+int64(k)*every <= ev.End; k++ {
			if present[k] == nil {
				present[k] = map[uint32]bool{}
			}
			present[k][ev.MMSI] = true
		}
	}
	if measure == "calls" {
		return surge.Bin(starts, from, to, every), nil
	}
	out := make([]float64, n)
	for k := range present {
		out[k] = float64(len(present[k]))
	}
	return out, nil
}

// areaActivity counts distinct vessels with a fix inside any of the sites.
func areaActivity(st *store.Store, path string, from, to, every int64) ([]float64, error) {
	sites, err := places.LoadSites(path, places.SiteOptions{})
	if err != nil {
		return nil, err
	}
	n := int((to - from + every - 1) / every)
	seen := make([]map[uint32]bool, n)
	for _, s := range sites {
		fixes, err := st.FixesInBBox(s.Shape.Bounds(), from, to)
		if err != nil {
			return nil, err
		}
		for i := range fixes {
			if !s.Contains(fixes[i].Point()) {
				continue
			}
			k := int((fixes[i].Time - from) / every)
			if seen[k] == nil {
				seen[k] = map[uint32]bool{}
			}
			seen[k][fixes[i].MMSI] = true
		}
	}
	out := make([]float64, n)
	for k := range seen {
		out[k] = float64(len(seen[k]))
	}
	return out, nil
}

func writeActivityCSV(w io.Writer, counts []float64, from, every int64) error {
	var b strings.Builder
	b.WriteString("time,count\n")
	for k, c := range counts {
		fmt.Fprintf(&b, "%s,%g\n", formatTime(from+int64(k)*every), c)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// activitySurges detects change points in the counts, prints the rises and
// stores them as surge events (replacing earlier surges of this series).
func activitySurges(e *env, st *store.Store, what string, counts []float64, from, every int64) error {
	times := make([]string, len(counts))
	for k := range counts {
		times[k] = formatTime(from + int64(k)*every)
	}
	series := &surge.Series{Name: what, Times: times, Dims: [][]float64{counts}}
	cps, err := surge.Default(series)
	if err != nil {
		return fmt.Errorf("activity: surge: %w", err)
	}
	rises := surge.Surges(counts, cps)
	evs := make([]detect.Event, 0, len(rises))
	now := time.Now().UnixMilli()
	for _, r := range rises {
		start := from + int64(r.Index)*every
		attrs := map[string]any{"series": what, "before": r.Before, "after": r.After, "index": r.Index}
		if r.Ratio != nil {
			attrs["ratio"] = *r.Ratio
		}
		h := sha256.Sum256([]byte(fmt.Sprint("surge", what, start)))
		evs = append(evs, detect.Event{ID: hex.EncodeToString(h[:10]), Type: detect.TypeSurge, Start: start, End: start + every, Attrs: attrs, Computed: now})
		fmt.Fprintf(e.stdout, "{\"time\":%q,\"index\":%d,\"before\":%g,\"after\":%g}\n", formatTime(start), r.Index, r.Before, r.After)
	}
	if err := replaceSurges(st, what, evs); err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "activity: %s: %d intervals, %d change points, %d surges stored\n", what, len(counts), len(cps), len(evs))
	return nil
}

// replaceSurges replaces the stored surge events of this series.
func replaceSurges(st *store.Store, what string, evs []detect.Event) error {
	all, err := st.Events(store.EventFilter{})
	if err != nil {
		return err
	}
	keep := slices.DeleteFunc(all, func(ev detect.Event) bool {
		return ev.Type == detect.TypeSurge && ev.Attrs["series"] == what
	})
	return st.PutEvents(-store.MaxTime, store.MaxTime, append(keep, evs...))
}

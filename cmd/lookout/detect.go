package main

import (
	"fmt"
	"io"
	"os"
	"sort"
	"sync/atomic"
	"time"

	"github.com/spf13/cobra"
	"github.com/vbauerster/mpb/v8"
	"github.com/vbauerster/mpb/v8/decor"

	"github.com/lookout-osint/lookout/internal/detect"
	"github.com/lookout-osint/lookout/internal/places"
	"github.com/lookout-osint/lookout/internal/store"
	"github.com/lookout-osint/lookout/internal/track"
)

func init() { register("detect", newDetectCmd) }

// detectFlags are the flags of lookout detect.
type detectFlags struct {
	db, config, from, to, watch, ports, wpi, land string
	printConfig                                   bool
}

func newDetectCmd(e *env) *cobra.Command {
	var f detectFlags
	c := &cobra.Command{
		Use:   "detect [--db DIR] [--config FILE] [--print-config] [--from T] [--to T] [--watch FILE]",
		Short: "Run every behaviour detector over the stored tracks",
		Long: `Detect runs every detector of docs/DETECTORS.md (port visits, voyages,
gaps with the high-seas-disabling profile and receiver-outage label, dark
port calls at watched ports, encounters, loitering, position jumps, identity
overlaps, positions on land, identity and voyage-data changes) over the
stored tracks, or over the fixes in [--from, --to), and replaces the stored
events of that range. Re-running gives the same event ids.

--config FILE overrides thresholds (YAML; unknown keys are errors);
--print-config prints the configuration in effect and exits. --watch FILE
names the watched ports for dark_port_call (GeoJSON points or CSV with lat,
lon, name; see shared/data/ref/seed-sites); watched ports and the ports of
--ports FILE (same formats) also count as ports for port visits, for places
the World Port Index lacks. The World Port Index and the
land mask embedded in the binary are used unless --wpi / --land name newer
editions.

A count of events by type goes to stdout; a one-line summary to stderr.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return runDetect(e, &f) },
	}
	addDBFlag(c, &f.db)
	c.Flags().StringVar(&f.config, "config", "", "detector thresholds (YAML)")
	c.Flags().BoolVar(&f.printConfig, "print-config", false, "print the configuration in effect (defaults + --config) as YAML and exit")
	c.Flags().StringVar(&f.from, "from", "", "first fix time (RFC 3339 or date)")
	c.Flags().StringVar(&f.to, "to", "", "end of the range, exclusive (RFC 3339 or date)")
	c.Flags().StringVar(&f.watch, "watch", "", "watched ports for dark_port_call (GeoJSON or CSV)")
	c.Flags().StringVar(&f.ports, "ports", "", "extra ports for port visits that the World Port Index lacks (GeoJSON or CSV, as --watch)")
	c.Flags().StringVar(&f.wpi, "wpi", "", "World Port Index CSV (default: the embedded edition)")
	c.Flags().StringVar(&f.land, "land", "", "land polygons GeoJSON or compact mask (default: the embedded edition)")
	return c
}

// loadDetectConfig returns the defaults overridden by the --config file.
func loadDetectConfig(path string) (detect.Config, error) {
	if path == "" {
		return detect.DefaultConfig(), nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return detect.Config{}, fmt.Errorf("detector config: %w", err)
	}
	cfg, err := detect.ParseConfig(b)
	if err != nil {
		return detect.Config{}, usageErrorf("--config %s: %v", path, err)
	}
	return cfg, nil
}

func runDetect(e *env, f *detectFlags) error {
	cfg, err := loadDetectConfig(f.config)
	if err != nil {
		return err
	}
	if f.printConfig {
		y, err := cfg.YAML()
		if err != nil {
			return err
		}
		_, err = e.stdout.Write(y)
		return err
	}
	from, err := parseTimeFlag("from", f.from, 0)
	if err != nil {
		return err
	}
	to, err := parseTimeFlag("to", f.to, store.MaxTime)
	if err != nil {
		return err
	}
	if to <= from {
		return usageErrorf("--to must be after --from")
	}
	denv, err := detectEnv(f)
	if err != nil {
		return err
	}
	s, err := store.Open(f.db, store.Options{})
	if err != nil {
		return err
	}
	defer s.Close()
	start := time.Now()
	denv.Computed = start.UnixMilli()
	prog := startDetectProgress(e, s)
	evs, st, err := detectStore(s, cfg, denv, from, to, prog)
	prog.stop()
	if err != nil {
		return err
	}
	if err := putDetectedEvents(s, from, to, evs); err != nil {
		return err
	}
	printEventCounts(e.stdout, evs)
	el := time.Since(start)
	fmt.Fprintf(e.stderr, "detect: %d vessels, %d fixes, %d events (%d learned anchorages) in %s (%.0f fixes/s)\n",
		st.vessels, st.fixes, len(evs), st.learned, el.Round(time.Millisecond), float64(st.fixes)/el.Seconds())
	return nil
}

// detectEnv loads the reference places and the watched ports.
func detectEnv(f *detectFlags) (detect.Env, error) {
	ps, err := places.Load(places.Options{WPIPath: f.wpi, LandPath: f.land})
	if err != nil {
		return detect.Env{}, fmt.Errorf("reference places: %w", err)
	}
	env := detect.Env{Anchors: detect.PortAnchors(ps.Ports), Shore: ps.Land}
	if env.Watched, err = readPortsFile("--watch", f.watch); err != nil {
		return env, err
	}
	extra, err := readPortsFile("--ports", f.ports)
	if err != nil {
		return env, err
	}
	for _, p := range append(extra, env.Watched...) {
		if p.Ref.WPI != 0 {
			if _, ok := ps.Ports.ByWPI(p.Ref.WPI); ok {
				continue // already an anchor
			}
		}
		env.Anchors = append(env.Anchors, detect.Anchor{Ref: p.Ref, Point: p.Point})
	}
	return env, nil
}

// readPortsFile reads a watched-ports style file (GeoJSON or CSV); "" is none.
func readPortsFile(flag, path string) ([]detect.WatchedPort, error) {
	if path == "" {
		return nil, nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", flag, err)
	}
	ports, _, err := detect.ParseWatchedPorts(b, path)
	if err != nil {
		return nil, usageErrorf("%s: %v", flag, err)
	}
	return ports, nil
}

// detectStats counts what a detection run read.
type detectStats struct {
	vessels, fixes, learned int
}

// detectStore runs the two passes of detect.Runner over the stored vessels
// with fixes in [from, to), counting each vessel of each pass in prog (nil:
// no progress shown).
func detectStore(s *store.Store, cfg detect.Config, env detect.Env, from, to int64, prog *detectProgress) ([]detect.Event, detectStats, error) {
	var st detectStats
	r, err := detect.NewRunner(cfg, env)
	if err != nil {
		return nil, st, usageErrorf("detector config: %v", err)
	}
	var evs []detect.Event
	pass := func(fn func(v *detect.Vessel)) error {
		return s.ForEachVessel(from, to, func(vt *store.VesselTrack) error {
			ids, err := s.Identities(vt.MMSI)
			if err != nil {
				return err
			}
			v := storedVessel(vt, ids, from, to)
			fn(&v)
			prog.vessel()
			return nil
		})
	}
	err = pass(func(v *detect.Vessel) {
		st.vessels++
		st.fixes += v.NumFixes()
		r.Observe(v)
	})
	if err == nil {
		prog.passOneDone(st.vessels)
		err = pass(func(v *detect.Vessel) { evs = append(evs, r.Detect(v)...) })
	}
	if err != nil {
		return nil, st, fmt.Errorf("detect: %w", err)
	}
	evs = append(evs, r.Finish()...)
	st.learned = len(r.Anchorages())
	return evs, st, nil
}

// storedVessel groups a stored vessel's fixes into segments (copying them:
// the store reuses its slices) and keeps the identities overlapping the
// range.
func storedVessel(vt *store.VesselTrack, ids []track.Identity, from, to int64) detect.Vessel {
	v := detect.Vessel{MMSI: vt.MMSI}
	idx := map[uint64]int{}
	for i := range vt.Fixes {
		k := vt.Segments[i]
		j, ok := idx[k]
		if !ok {
			j = len(v.Segments)
			idx[k] = j
			v.Segments = append(v.Segments, track.Segment{ID: store.SegmentIDOf(vt.MMSI, k), MMSI: vt.MMSI})
		}
		v.Segments[j].Fixes = append(v.Segments[j].Fixes, vt.Fixes[i])
	}
	for _, id := range ids {
		if id.To >= from && id.From < to {
			v.Identities = append(v.Identities, id)
		}
	}
	return v
}

// gapNote says, on the gap line, how many gaps were receiver outages (every
// vessel around silent) and how many fit the high-seas disabling profile.
func gapNote(typ string, evs []detect.Event) string {
	if typ != detect.TypeGap {
		return ""
	}
	outage, hs := 0, 0
	for i := range evs {
		if evs[i].Type != detect.TypeGap {
			continue
		}
		if evs[i].Attrs["receiver_outage"] == true {
			outage++
		}
		if evs[i].Attrs["high_seas_disabling"] == true {
			hs++
		}
	}
	return fmt.Sprintf(" (%d receiver outage, %d high-seas disabling)", outage, hs)
}

// printEventCounts writes one "type count" line per event type, sorted.
func printEventCounts(w io.Writer, evs []detect.Event) {
	n := map[string]int{}
	for i := range evs {
		n[evs[i].Type]++
	}
	types := make([]string, 0, len(n))
	for t := range n {
		types = append(types, t)
	}
	sort.Strings(types)
	for _, t := range types {
		fmt.Fprintf(w, "%-20s %d%s\n", t, n[t], gapNote(t, evs))
	}
	fmt.Fprintf(w, "%-20s %d\n", "total", len(evs))
}

// detectedTypes are the event types lookout detect writes. Stored events of
// other types (sanctions_match, area_entry/exit, surge: other commands')
// survive a detection re-run.
var detectedTypes = []string{
	detect.TypePortVisit, detect.TypeVoyage, detect.TypeGap, detect.TypeDarkPortCall, detect.TypeEncounter,
	detect.TypeLoitering, detect.TypePositionJump, detect.TypeIdentityOverlap, detect.TypeOnLand,
	detect.TypeIdentityChange, detect.TypeVoyageDataChange,
}

// putDetectedEvents replaces the detector events starting in [from, to)
// with evs, keeping the other commands' events of that range.
func putDetectedEvents(s *store.Store, from, to int64, evs []detect.Event) error {
	old, err := s.Events(store.EventFilter{To: to})
	if err != nil {
		return err
	}
	for _, ev := range old {
		if ev.Start >= from && !containsString(detectedTypes, ev.Type) {
			evs = append(evs, ev)
		}
	}
	return s.PutEvents(from, to, evs)
}

// detectProgress shows a bar over the vessels of both detection passes
// when stderr is a terminal. A nil *detectProgress does nothing.
type detectProgress struct {
	done atomic.Int64 // vessels done, both passes
	p    *mpb.Progress
	bar  *mpb.Bar
	quit chan struct{}
}

// startDetectProgress starts the bar, sized from the store's vessel list
// (vessels with fixes, twice: one per pass), or returns nil when stderr is
// not a terminal.
func startDetectProgress(e *env, s *store.Store) *detectProgress {
	f, ok := e.stderr.(*os.File)
	if !ok || !isTerminal(f) {
		return nil
	}
	vs, err := s.Vessels()
	if err != nil {
		return nil // the bar is optional; detection reports the error itself
	}
	n := 0
	for i := range vs {
		if vs[i].Fixes > 0 {
			n++
		}
	}
	d := &detectProgress{p: mpb.New(mpb.WithOutput(f), mpb.WithWidth(40)), quit: make(chan struct{})}
	d.bar = d.p.AddBar(int64(2*n), mpb.PrependDecorators(decor.Name("detect ")),
		mpb.AppendDecorators(decor.CountersNoUnit("%d / %d vessel passes"), decor.Name(" "), decor.Elapsed(decor.ET_STYLE_GO)))
	go func() {
		t := time.NewTicker(200 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-d.quit:
				return
			case <-t.C:
				d.bar.SetCurrent(d.done.Load())
			}
		}
	}()
	return d
}

// vessel counts one vessel done in the current pass.
func (d *detectProgress) vessel() {
	if d != nil {
		d.done.Add(1)
	}
}

// passOneDone resizes the bar to the vessels pass 1 actually read (fewer
// than stored when --from/--to limit the range).
func (d *detectProgress) passOneDone(vessels int) {
	if d != nil {
		d.bar.SetTotal(int64(2*vessels), false)
	}
}

// stop ends the bar and waits for it to be drawn.
func (d *detectProgress) stop() {
	if d == nil {
		return
	}
	close(d.quit)
	d.bar.SetCurrent(d.done.Load())
	d.bar.Abort(false)
	d.p.Wait()
}

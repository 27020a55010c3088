package main

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/spf13/cobra"

	"github.com/lookout-osint/lookout/internal/detect"
	"github.com/lookout-osint/lookout/internal/places"
	"github.com/lookout-osint/lookout/internal/store"
	"github.com/lookout-osint/lookout/internal/watch"
)

func init() { register("alerts", newAlertsCmd) }

type alertsFlags struct {
	db, watch, from, to string
}

func newAlertsCmd(e *env) *cobra.Command {
	var f alertsFlags
	c := &cobra.Command{
		Use:   "alerts --watch WATCH.yaml [--db DIR] [--from T] [--to T]",
		Short: "Detect watched-area entries and exits, then list the events that match the alert rules",
		Long: `Alerts reads a watch file (YAML):

  areas: sites.geojson      # circles (points with radius_m) and polygons, GeoJSON or CSV
  rules:
    - {name: dark calls at Najin, types: [dark_port_call], ports: [60510]}
    - {name: into the box, types: [area_entry], areas: [box]}

It computes area_entry and area_exit events for every stored vessel (previous
fix outside, this fix inside), stores them (replacing earlier area events),
and prints every stored event that matches a rule as NDJSON with the rule's
name. Rules match on types, areas, ports (WPI), lists and MMSIs; an empty
field matches anything.`,
		Args: cobra.NoArgs,
		RunE: func(_ *cobra.Command, _ []string) error {
			if f.watch == "" {
				return usageErrorf("alerts: --watch FILE is required")
			}
			return runAlerts(e, f)
		},
	}
	addDBFlag(c, &f.db)
	c.Flags().StringVar(&f.watch, "watch", "", "watch file (YAML: areas, rules)")
	c.Flags().StringVar(&f.from, "from", "", "start of the range (RFC 3339 or date)")
	c.Flags().StringVar(&f.to, "to", "", "end of the range, exclusive")
	return c
}

func runAlerts(e *env, f alertsFlags) error {
	from, err := parseTimeFlag("from", f.from, -store.MaxTime)
	if err != nil {
		return err
	}
	to, err := parseTimeFlag("to", f.to, store.MaxTime)
	if err != nil {
		return err
	}
	b, err := os.ReadFile(f.watch)
	if err != nil {
		return err
	}
	wf, err := watch.ParseWatchFile(b, f.watch)
	if err != nil {
		return usageErrorf("%v", err)
	}
	st, err := store.Open(f.db, store.Options{})
	if err != nil {
		return fmt.Errorf("alerts: %w", err)
	}
	defer st.Close()
	nArea := 0
	if wf.Areas != "" {
		sites, err := places.LoadSites(relTo(filepath.Dir(f.watch), wf.Areas), places.SiteOptions{})
		if err != nil {
			return err
		}
		areaEvs, err := areaEvents(st, watch.NewAreas(sites), from, to)
		if err != nil {
			return err
		}
		nArea = len(areaEvs)
		if err := replaceEventTypes(st, []string{detect.TypeAreaEntry, detect.TypeAreaExit}, areaEvs); err != nil {
			return err
		}
	}
	evs, err := st.Events(store.EventFilter{From: from, To: to})
	if err != nil {
		return err
	}
	alerts := watch.Alerts(wf.Rules, evs)
	src := sourceNamer(st)
	var buf []byte
	for _, a := range alerts {
		buf = append(buf[:0], `{"rule":`...)
		buf = fmt.Appendf(buf, "%q,\"event\":", a.Rule)
		buf = detect.AppendJSON(buf, a.Event, src)
		buf = append(buf, "}\n"...)
		e.stdout.Write(buf)
	}
	fmt.Fprintf(e.stderr, "alerts: %d area entries/exits, %d events checked against %d rules: %d alerts\n",
		nArea, len(evs), len(wf.Rules), len(alerts))
	return nil
}

// areaEvents runs the area watcher over every stored vessel's fixes.
func areaEvents(st *store.Store, areas *watch.Areas, from, to int64) ([]detect.Event, error) {
	var out []detect.Event
	now := time.Now().UnixMilli()
	err := st.ForEachVessel(from, to, func(vt *store.VesselTrack) error {
		out = append(out, areas.Events(vt.Fixes, now)...)
		return nil
	})
	return out, err
}

// replaceEventTypes replaces the stored events of the given types with evs,
// leaving events of other types as they are.
func replaceEventTypes(st *store.Store, types []string, evs []detect.Event) error {
	all, err := st.Events(store.EventFilter{})
	if err != nil {
		return err
	}
	keep := make([]detect.Event, 0, len(all)+len(evs))
	for _, ev := range all {
		if !slices.Contains(types, ev.Type) {
			keep = append(keep, ev)
		}
	}
	return st.PutEvents(-store.MaxTime, store.MaxTime, append(keep, evs...))
}

package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/lookout-osint/lookout/internal/detect"
	"github.com/lookout-osint/lookout/internal/geo"
	"github.com/lookout-osint/lookout/internal/places"
	"github.com/lookout-osint/lookout/internal/report"
	"github.com/lookout-osint/lookout/internal/store"
	"github.com/lookout-osint/lookout/internal/track"
	"github.com/lookout-osint/lookout/internal/watch"
	"github.com/spf13/cobra"
)

func init() { register("report", newReportCmd) }

type reportFlags struct {
	db, out, geojson, kml, csv, config string
}

func newReportCmd(e *env) *cobra.Command {
	var f reportFlags
	c := &cobra.Command{
		Use:   "report CASE.yaml -o OUT.html",
		Short: "Write an evidence report for a case file (self-contained HTML; GeoJSON, KML, CSV exports)",
		Long: `Report reads a case file (YAML: title, question, time window, route, ports,
places, vessels, IMOs, lists) and writes one self-contained HTML report: which
vessels answer the question, a map of their tracks and events over the coastline,
a timeline per vessel (AIS on, dark, in port, meeting), every event with the raw
AIS sentences behind it quoted from the store's archive, sanctions matches with
list names and dates, the detector thresholds used, and the inputs with their
SHA-256 hashes. Run 'lookout detect' (and ingest) first.`,
		Args: cobra.ExactArgs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			if f.out == "" {
				return usageErrorf("report: -o OUT.html is required")
			}
			return runReport(e, f, args[0])
		},
	}
	addDBFlag(c, &f.db)
	c.Flags().StringVarP(&f.out, "output", "o", "", "HTML report file")
	c.Flags().StringVar(&f.geojson, "geojson", "", "also write the findings as GeoJSON")
	c.Flags().StringVar(&f.kml, "kml", "", "also write the findings as KML")
	c.Flags().StringVar(&f.csv, "csv", "", "also write the events as CSV")
	c.Flags().StringVar(&f.config, "config", "", "detector thresholds used by 'lookout detect' (YAML), to quote in the report")
	return c
}

func runReport(e *env, f reportFlags, casePath string) error {
	b, err := os.ReadFile(casePath)
	if err != nil {
		return err
	}
	cs, err := report.ParseCase(b, casePath)
	if err != nil {
		return usageErrorf("%v", err)
	}
	st, err := store.Open(f.db, store.Options{ReadOnly: true})
	if err != nil {
		return fmt.Errorf("report: %w", err)
	}
	defer st.Close()
	in, err := gatherReport(e, st, cs, filepath.Dir(casePath), f.config)
	if err != nil {
		return err
	}
	writers := []struct {
		path  string
		write func(io.Writer, *report.Input) error
	}{{f.out, report.RenderHTML}, {f.geojson, report.WriteGeoJSON}, {f.kml, report.WriteKML}, {f.csv, report.WriteCSV}}
	for _, w := range writers {
		if w.path == "" {
			continue
		}
		if err := writeFileWith(w.path, func(out io.Writer) error { return w.write(out, in) }); err != nil {
			return err
		}
	}
	onRoute := 0
	for _, fd := range in.Findings() {
		if fd.RouteMatched {
			onRoute++
		}
	}
	fmt.Fprintf(e.stderr, "report: %s: %d vessels of interest (%d on the route), %d events, %d list matches → %s\n",
		cs.Title, len(in.Vessels), onRoute, len(in.Events), len(in.Matches), f.out)
	return nil
}

// writeFileWith creates path and fills it with write, reporting either error.
func writeFileWith(path string, write func(io.Writer) error) error {
	fh, err := os.Create(path)
	if err != nil {
		return err
	}
	err = write(fh)
	if cerr := fh.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// gatherReport collects from the store everything the case's report shows.
func gatherReport(e *env, st *store.Store, cs *report.Case, caseDir, configPath string) (*report.Input, error) {
	var lists []*watch.List
	if len(cs.Lists) > 0 {
		paths := make([]string, len(cs.Lists))
		for i, p := range cs.Lists {
			paths[i] = relTo(caseDir, p)
		}
		var err error
		if lists, err = loadLists(e, paths); err != nil {
			return nil, err
		}
	}
	w := cs.Window
	events, err := st.Events(store.EventFilter{From: w.From, To: w.To})
	if err != nil {
		return nil, err
	}
	vessels, err := st.Vessels()
	if err != nil {
		return nil, err
	}
	ids, err := storedIdentities(st)
	if err != nil {
		return nil, err
	}
	matches := watch.NewScreener(lists...).Screen(ids)
	interest := vesselsOfInterest(cs, events, ids, matches)
	in := &report.Input{Case: cs, Generated: time.Now(), Lists: lists, SourceName: sourceNamer(st)}
	for _, v := range vessels {
		if !interest[v.MMSI] {
			continue
		}
		rv, err := reportVessel(st, v, w)
		if err != nil {
			return nil, err
		}
		in.Vessels = append(in.Vessels, rv)
	}
	for _, ev := range events {
		if interest[ev.MMSI] && ev.Type != detect.TypeSanctionsMatch {
			in.Events = append(in.Events, ev)
		}
	}
	for _, m := range matches {
		if interest[m.MMSI] {
			in.Matches = append(in.Matches, m)
		}
	}
	if err := addEvidence(st, in); err != nil {
		return nil, err
	}
	if in.Sources, err = reportSources(st); err != nil {
		return nil, err
	}
	cfg, err := loadDetectConfig(configPath)
	if err != nil {
		return nil, err
	}
	if y, err := cfg.YAML(); err == nil {
		in.Thresholds = string(y)
	}
	if land, err := places.DefaultLand(); err == nil {
		in.Land = func(b geo.BBox) [][]geo.Point { return land.RingsIn(b) }
	}
	return in, nil
}

func relTo(dir, p string) string {
	if filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(dir, p)
}

// vesselsOfInterest: the case's vessels and IMOs, vessels whose calls in
// the window touch the case's route, ports or places, and listed vessels.
func vesselsOfInterest(cs *report.Case, events []detect.Event, ids []track.Identity, matches []watch.Match) map[uint32]bool {
	want := map[uint32]bool{}
	for _, m := range cs.Vessels {
		want[m] = true
	}
	imos := map[uint32]bool{}
	for _, n := range cs.IMOs {
		imos[n] = true
	}
	for _, id := range ids {
		if imos[id.IMO] && id.IMO != 0 {
			want[id.MMSI] = true
		}
	}
	for _, ev := range events {
		if (ev.Type == detect.TypePortVisit || ev.Type == detect.TypeDarkPortCall) && ev.Port != nil && portOfInterest(cs, ev.Port) {
			want[ev.MMSI] = true
		}
	}
	for _, m := range matches {
		if m.Kind == watch.MatchIMO || m.Kind == watch.MatchMMSI {
			want[m.MMSI] = true
		}
	}
	return want
}

func portOfInterest(cs *report.Case, p *detect.PortRef) bool {
	for _, r := range cs.Route {
		if report.RouteStop(r, p.WPI, p.Name) {
			return true
		}
	}
	for _, n := range cs.Ports {
		if n == p.WPI && n != 0 {
			return true
		}
	}
	return p.Lat != 0 && cs.NearPlace(geo.Point{Lat: p.Lat, Lon: p.Lon}) != ""
}

// reportVessel reads one vessel's identities and track in the window.
func reportVessel(st *store.Store, v store.Vessel, w report.TimeWindow) (report.Vessel, error) {
	rv := report.Vessel{MMSI: v.MMSI, Country: v.Country}
	var err error
	if rv.Identities, err = st.Identities(v.MMSI); err != nil {
		return rv, err
	}
	segs, err := st.TrackSegments(v.MMSI, w.From, w.To)
	if err != nil {
		return rv, err
	}
	for _, s := range segs {
		rv.Segments = append(rv.Segments, s.Fixes)
	}
	return rv, nil
}

// addEvidence quotes the raw line behind every evidence reference.
func addEvidence(st *store.Store, in *report.Input) error {
	var refs []track.SourceRef
	for _, ev := range in.Events {
		refs = append(refs, ev.Evidence...)
	}
	lines, err := st.RawLines(refs)
	if err != nil {
		return fmt.Errorf("report: evidence: %w", err)
	}
	in.Raw = make(map[track.SourceRef]string, len(refs))
	for i, r := range refs {
		in.Raw[r] = lines[i]
	}
	return nil
}

func reportSources(st *store.Store) ([]report.Source, error) {
	srcs, err := st.Sources()
	if err != nil {
		return nil, err
	}
	out := make([]report.Source, 0, len(srcs))
	for _, s := range srcs {
		out = append(out, report.Source{Name: s.Name, SHA256: s.HashHex(), Size: s.Size, Lines: uint64(s.Lines)})
	}
	return out, nil
}

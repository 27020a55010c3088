package main

import (
	"bufio"
	"encoding/csv"
	"io"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/lookout-osint/lookout/internal/detect"
	"github.com/lookout-osint/lookout/internal/store"
	"github.com/lookout-osint/lookout/internal/track"
)

func init() { register("events", newEventsCmd) }

// eventsFlags are the flags of lookout events.
type eventsFlags struct {
	db, types, from, to, format string
	mmsi                        uint32
}

func newEventsCmd(e *env) *cobra.Command {
	var f eventsFlags
	c := &cobra.Command{
		Use:   "events [--db DIR] [--type T[,T...]] [--mmsi N] [--from T] [--to T] [--format ndjson|csv|geojson]",
		Short: "List stored events",
		Long: `Events lists the events that 'lookout detect' stored, ordered by start
time: every event that ends at or after --from and starts before --to, of
the given types, involving the vessel --mmsi (as mmsi or other_mmsi).

ndjson is one event JSON object per line (docs/CLI.md): id, type, mmsi,
other_mmsi, start, end, lat, lon, port, from_port, to_port, confidence,
attrs, evidence [{"src":"FILE:LINE"}] and computed. csv has one row per
event with attrs as JSON; geojson is a FeatureCollection of points.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return runEvents(e, &f) },
	}
	addDBFlag(c, &f.db)
	c.Flags().StringVar(&f.types, "type", "", "event types, comma-separated (e.g. gap,dark_port_call)")
	c.Flags().Uint32Var(&f.mmsi, "mmsi", 0, "only events of this vessel")
	c.Flags().StringVar(&f.from, "from", "", "events ending at or after this time (RFC 3339 or date)")
	c.Flags().StringVar(&f.to, "to", "", "events starting before this time (RFC 3339 or date)")
	c.Flags().StringVar(&f.format, "format", "ndjson", "output format: ndjson, csv, geojson")
	return c
}

// knownEventTypes are the type names of docs/CLI.md.
var knownEventTypes = []string{
	detect.TypePortVisit, detect.TypeVoyage, detect.TypeGap, detect.TypeDarkPortCall, detect.TypeEncounter,
	detect.TypeLoitering, detect.TypePositionJump, detect.TypeIdentityOverlap, detect.TypeOnLand,
	detect.TypeIdentityChange, detect.TypeVoyageDataChange, detect.TypeSanctionsMatch, detect.TypeAreaEntry,
	detect.TypeAreaExit, detect.TypeSurge,
}

// filter checks the flags and builds the store filter.
func (f *eventsFlags) filter() (store.EventFilter, error) {
	var ef store.EventFilter
	if err := checkFormat(f.format, "ndjson", "csv", "geojson"); err != nil {
		return ef, err
	}
	for _, t := range strings.Split(f.types, ",") {
		if t = strings.TrimSpace(t); t == "" {
			continue
		}
		if !containsString(knownEventTypes, t) {
			return ef, usageErrorf("--type %q: want one of %s", t, strings.Join(knownEventTypes, ", "))
		}
		ef.Types = append(ef.Types, t)
	}
	var err error
	if ef.From, err = parseTimeFlag("from", f.from, 0); err != nil {
		return ef, err
	}
	if ef.To, err = parseTimeFlag("to", f.to, 0); err != nil {
		return ef, err
	}
	ef.MMSI = f.mmsi
	return ef, nil
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func runEvents(e *env, f *eventsFlags) error {
	ef, err := f.filter()
	if err != nil {
		return err
	}
	s, err := store.Open(f.db, store.Options{ReadOnly: true})
	if err != nil {
		return err
	}
	defer s.Close()
	evs, err := s.Events(ef)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(e.stdout)
	src := sourceNamer(s)
	switch f.format {
	case "csv":
		err = writeEventsCSV(w, evs, src)
	case "geojson":
		err = writeEventsGeoJSON(w, evs, src)
	default:
		err = writeEventsNDJSON(w, evs, src)
	}
	if err != nil {
		return err
	}
	return w.Flush()
}

// sourceNamer resolves evidence refs to "FILE:LINE" through the store's
// source table (cached; an unknown source id is written as "#ID:LINE").
func sourceNamer(s *store.Store) detect.SourceName {
	names := map[uint32]string{}
	return func(r track.SourceRef) string {
		n, ok := names[r.Source]
		if !ok {
			if si, err := s.SourceInfo(r.Source); err == nil {
				n = si.Name
			} else {
				n = "#" + strconv.FormatUint(uint64(r.Source), 10)
			}
			names[r.Source] = n
		}
		return n + ":" + strconv.FormatUint(uint64(r.Line), 10)
	}
}

func writeEventsNDJSON(w io.Writer, evs []detect.Event, src detect.SourceName) error {
	var b []byte
	for i := range evs {
		b = append(detect.AppendJSON(b[:0], &evs[i], src), '\n')
		if _, err := w.Write(b); err != nil {
			return err
		}
	}
	return nil
}

func writeEventsGeoJSON(w io.Writer, evs []detect.Event, src detect.SourceName) error {
	b := []byte(`{"type":"FeatureCollection","features":[`)
	for i := range evs {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '\n')
		b = detect.AppendGeoJSONFeature(b, &evs[i], src)
	}
	b = append(b, "\n]}\n"...)
	_, err := w.Write(b)
	return err
}

// eventsCSVHeader names the CSV columns.
var eventsCSVHeader = []string{"id", "type", "mmsi", "other_mmsi", "start", "end", "lat", "lon",
	"port_wpi", "port_name", "from_port", "to_port", "confidence", "attrs", "evidence"}

func writeEventsCSV(w io.Writer, evs []detect.Event, src detect.SourceName) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(eventsCSVHeader); err != nil {
		return err
	}
	for i := range evs {
		if err := cw.Write(eventCSVRow(&evs[i], src)); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// eventCSVRow flattens one event; attrs are the JSON object of the ndjson
// form, evidence the src references separated by spaces.
func eventCSVRow(ev *detect.Event, src detect.SourceName) []string {
	port := func(p *detect.PortRef) string {
		if p == nil {
			return ""
		}
		if p.WPI > 0 {
			return strconv.Itoa(p.WPI) + " " + p.Name
		}
		return p.Name
	}
	row := []string{ev.ID, ev.Type, strconv.FormatUint(uint64(ev.MMSI), 10), "", formatTime(ev.Start), formatTime(ev.End),
		strconv.FormatFloat(ev.Lat, 'f', 6, 64), strconv.FormatFloat(ev.Lon, 'f', 6, 64), "", "",
		port(ev.FromPort), port(ev.ToPort), "", "", ""}
	if ev.OtherMMSI != 0 {
		row[3] = strconv.FormatUint(uint64(ev.OtherMMSI), 10)
	}
	if ev.Port != nil {
		if ev.Port.WPI > 0 {
			row[8] = strconv.Itoa(ev.Port.WPI)
		}
		row[9] = ev.Port.Name
	}
	if ev.Confidence != 0 {
		row[12] = strconv.Itoa(ev.Confidence)
	}
	if len(ev.Attrs) > 0 {
		row[13] = string(detect.AppendAttrsJSON(nil, ev.Attrs))
	}
	refs := make([]string, len(ev.Evidence))
	for i, r := range ev.Evidence {
		refs[i] = src(r)
	}
	row[14] = strings.Join(refs, " ")
	return row
}

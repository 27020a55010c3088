package report

import (
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"sort"
	"strings"

	"github.com/lookout-osint/lookout/internal/detect"
	"github.com/lookout-osint/lookout/internal/track"
)

//go:embed report.html.tmpl
var pageTemplate string

var page = template.Must(template.New("report").Funcs(template.FuncMap{
	"time":  detect.FormatTime,
	"join":  strings.Join,
	"lower": strings.ToLower,
}).Parse(pageTemplate))

// eventRow is one row of the event table with its quoted evidence.
type eventRow struct {
	Event    *detect.Event
	Vessel   string
	Other    string
	Detail   string
	Evidence []evidenceLine
}

type evidenceLine struct {
	Src  string
	Line string
}

// view is what the template sees.
type view struct {
	In         *Input
	Findings   []Finding
	Route      string
	Map        template.HTML
	Timeline   template.HTML
	Rows       []eventRow
	ByType     []typeCount
	Generated  string
	Thresholds string
}

type typeCount struct {
	Type  string
	Count int
}

// RenderHTML writes the report as one self-contained HTML file: inline CSS
// and SVG, no scripts or files fetched from anywhere.
func RenderHTML(w io.Writer, in *Input) error {
	v := view{
		In: in, Findings: in.Findings(), Route: strings.Join(in.Case.Route, " → "),
		Map: template.HTML(in.mapSVG()), Timeline: template.HTML(in.timelineSVG()),
		Rows: in.rows(), ByType: in.byType(), Generated: in.Generated.UTC().Format("2006-01-02 15:04 MST"),
		Thresholds: in.Thresholds,
	}
	if err := page.Execute(w, v); err != nil {
		return fmt.Errorf("render report: %w", err)
	}
	return nil
}

// rows builds the event table in time order, quoting each event's evidence.
func (in *Input) rows() []eventRow {
	evs := make([]*detect.Event, 0, len(in.Events))
	for i := range in.Events {
		evs = append(evs, &in.Events[i])
	}
	sort.SliceStable(evs, func(i, j int) bool { return evs[i].Start < evs[j].Start })
	rows := make([]eventRow, 0, len(evs))
	for _, ev := range evs {
		r := eventRow{Event: ev, Vessel: in.label(ev.MMSI), Detail: describe(ev)}
		if ev.OtherMMSI != 0 {
			r.Other = in.label(ev.OtherMMSI)
		}
		for _, ref := range ev.Evidence {
			r.Evidence = append(r.Evidence, evidenceLine{Src: in.srcName(ref), Line: in.Raw[ref]})
		}
		rows = append(rows, r)
	}
	return rows
}

func (in *Input) srcName(ref track.SourceRef) string {
	if in.SourceName != nil {
		return in.SourceName(ref)
	}
	return fmt.Sprintf("%d:%d", ref.Source, ref.Line)
}

func (in *Input) label(mmsi uint32) string {
	if v := in.vessel(mmsi); v != nil {
		return fmt.Sprintf("%s (MMSI %d)", v.Label(), mmsi)
	}
	return fmt.Sprintf("MMSI %d", mmsi)
}

func (in *Input) byType() []typeCount {
	m := map[string]int{}
	for _, ev := range in.Events {
		m[ev.Type]++
	}
	out := make([]typeCount, 0, len(m))
	for t, n := range m {
		out = append(out, typeCount{t, n})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Type < out[j].Type })
	return out
}

package ingest

import (
	"slices"

	"github.com/lookout-osint/lookout/internal/track"
)

// csvWorker parses chunks of one CSV input.
type csvWorker struct {
	p      *RowParser
	source uint32
	last   map[uint32]int // MMSI -> index in the chunk's identities of its latest
	prev   int            // index of the latest identity appended, -1 for none
}

// parse turns a chunk of CSV lines into fixes and identities. Line 1 (the
// header) is skipped.
func (w *csvWorker) parse(ch *chunk, out *result) {
	out.fixes = slices.Grow(out.fixes[:0], int(ch.lines))
	if w.last == nil {
		w.last = map[uint32]int{}
	}
	clear(w.last)
	w.prev = -1
	line := ch.first
	data := ch.data
	for len(data) > 0 {
		var l []byte
		l, data = cutLine(data)
		if line == 1 {
			line++
			continue
		}
		w.row(l, line, out)
		line++
	}
}

// row parses one data row.
func (w *csvWorker) row(l []byte, line uint32, out *result) {
	out.rows++
	out.fixes = append(out.fixes, track.Fix{})
	fix := &out.fixes[len(out.fixes)-1]
	var id track.Identity
	got, reason := w.p.Parse(l, fix, &id)
	if got&RowFix == 0 {
		out.fixes = out.fixes[:len(out.fixes)-1]
	} else {
		fix.Src = track.SourceRef{Source: w.source, Line: line}
	}
	if got&RowIdentity != 0 {
		w.identity(&id, line, out)
	}
	if reason != ReasonNone {
		out.bad.add(reason, line)
	}
}

// identity records a row's identity. Exports repeat the static columns on
// every row: a row that repeats the MMSI's latest identity in this chunk
// only widens its From..To (the first row stays its provenance), so a chunk
// yields one record per vessel and identity rather than one per row.
func (w *csvWorker) identity(id *track.Identity, line uint32, out *result) {
	i, ok := w.prev, w.prev >= 0 && out.ids[w.prev].MMSI == id.MMSI
	if !ok {
		i, ok = w.last[id.MMSI]
	}
	if ok && sameIdentity(&out.ids[i], id) {
		prev := &out.ids[i]
		prev.From, prev.To = min(prev.From, id.From), max(prev.To, id.To)
		return
	}
	id.Src = track.SourceRef{Source: w.source, Line: line}
	w.last[id.MMSI], w.prev = len(out.ids), len(out.ids)
	out.ids = append(out.ids, *id)
}

// sameIdentity compares everything but the validity interval and source.
func sameIdentity(a, b *track.Identity) bool {
	return a.MMSI == b.MMSI && a.IMO == b.IMO && a.ShipType == b.ShipType &&
		a.ToBow == b.ToBow && a.ToStern == b.ToStern && a.ToPort == b.ToPort &&
		a.ToStarboard == b.ToStarboard && a.Draught == b.Draught &&
		a.Name == b.Name && a.Callsign == b.Callsign && a.Destination == b.Destination
}

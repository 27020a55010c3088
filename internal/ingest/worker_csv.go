package ingest

import (
	"github.com/lookout-osint/lookout/internal/track"
)

// csvWorker parses chunks of one CSV input.
type csvWorker struct {
	p      *RowParser
	source uint32
}

// parse turns a chunk of CSV lines into fixes and identities. Line 1 (the
// header) is skipped.
func (w *csvWorker) parse(ch *chunk, out *result) {
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
		id.Src = track.SourceRef{Source: w.source, Line: line}
		out.ids = append(out.ids, id)
	}
	if reason != ReasonNone {
		out.bad.add(reason, line)
	}
}

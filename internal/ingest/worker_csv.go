package ingest

import (
	"unsafe"

	"github.com/lookout-osint/lookout/internal/prefetch"
	"github.com/lookout-osint/lookout/internal/track"
)

// foldIdentities makes a CSV worker fold a vessel's repeated identity
// within a chunk into one record (tests turn it off to check that the
// folding changes nothing the sink gets).
var foldIdentities = true

// csvWorker parses chunks of one CSV input.
type csvWorker struct {
	p      *RowParser
	source uint32
	chunk  uint32 // number of the chunk being parsed, from 1
}

// parse turns a chunk of CSV lines into fixes and identities. Line 1 (the
// header) is skipped.
func (w *csvWorker) parse(ch *chunk, out *result) {
	out.roomForFixes(int(ch.lines))
	if w.chunk++; w.chunk == 0 { // wrapped: forget where entries were
		for i := range w.p.ids.entries {
			w.p.ids.entries[i].chunk = 0
		}
		w.chunk = 1
	}
	line := ch.first
	var a lookahead
	a.data = ch.data
	for a.fill(w.p); a.n > 0; a.fill(w.p) {
		l := a.next(w.p)
		w.prefetchRef(&a, out)
		if line == 1 {
			line++
			continue
		}
		w.row(l, line, out)
		line++
	}
}

// idAhead is how many rows ahead of the one it parses a CSV worker
// starts loading the identity cache's table slot of the row's MMSI; the
// entry it points to is loaded idAhead/2 rows ahead. Rows of thousands of
// vessels interleave, so a row's entry is rarely in the cache.
const idAhead = 8

// refAhead is how many rows ahead of the one it parses a CSV worker
// starts loading the identity record in this chunk's results that the
// row's identity may fold into (see csvWorker.identity); by then the
// row's cache entry, which tells where the record is, has been loaded.
const refAhead = 2

// lookahead cuts a chunk's lines idAhead ahead of the row being parsed
// and has their MMSIs' identity cache entries loaded meanwhile.
type lookahead struct {
	data  []byte            // the chunk after the lines cut
	lines [idAhead][]byte   // the lines cut, from head on
	peek  [idAhead]mmsiPeek // their MMSIs as peekDigits reads them
	entry [idAhead]int32    // their cache entries, once being loaded (-1: none)
	head  uint              // unsigned: modulo idAhead, a power of two, is then a mask
	n     uint
}

// fill cuts lines until idAhead are cut or the chunk ends, starting to
// load each one's table slot.
func (a *lookahead) fill(p *RowParser) {
	for a.n < idAhead && len(a.data) > 0 {
		k := (a.head + a.n) % idAhead
		a.lines[k], a.data = cutLine(a.data)
		a.entry[k] = -1
		if p.static {
			a.peek[k] = p.peekDigits(a.lines[k])
			p.ids.prefetchSlot(a.peek[k].m)
		}
		a.n++
	}
}

// next returns the next line, starting to load the entry of the one
// idAhead/2 further.
func (a *lookahead) next(p *RowParser) []byte {
	if a.n > idAhead/2 && p.static {
		k := (a.head + idAhead/2) % idAhead
		a.entry[k] = p.ids.prefetchEntry(a.peek[k].m)
	}
	l := a.lines[a.head]
	p.peek, p.peekEntry, p.peeked = a.peek[a.head], a.entry[a.head], p.static
	a.head, a.n = (a.head+1)%idAhead, a.n-1
	return l
}

// prefetchRef starts loading the identity record that the row refAhead
// after the one next returned may fold into: its cache entry's record
// when that is in this chunk's results (rows of thousands of vessels
// interleave, so the record is rarely in the cache).
func (w *csvWorker) prefetchRef(a *lookahead, out *result) {
	if a.n < refAhead {
		return
	}
	i := a.entry[(a.head+refAhead-1)%idAhead] // head has moved past the row next returned
	if i < 0 {
		return
	}
	if e := &w.p.ids.entries[i]; e.chunk == w.chunk && int(e.idx) < len(out.refs) {
		prefetch.Lines(unsafe.Pointer(&out.refs[e.idx]), 1)
	}
}

// row parses one data row.
func (w *csvWorker) row(l []byte, line uint32, out *result) {
	out.rows++
	out.fixes = append(out.fixes, track.Fix{})
	fix := &out.fixes[len(out.fixes)-1]
	got, reason, t, e := w.p.parse(l, fix)
	if got&RowFix == 0 {
		out.fixes = out.fixes[:len(out.fixes)-1]
	} else {
		fix.Src = track.SourceRef{Source: w.source, Line: line}
	}
	if got&RowIdentity != 0 {
		w.identity(&w.p.ids.entries[e], t, line, out)
	}
	if reason != ReasonNone {
		out.bad.add(reason, line)
	}
}

// identity records a row's identity, e, at time t. Exports repeat the
// static columns on every row: a row that repeats the MMSI's latest
// identity in this chunk is folded into its record (see fold), so a chunk
// yields one record per vessel and identity rather than one per row. The
// cache entry remembers where in this chunk's results its identity is, and
// forgets it when the identity changes. A record points to the interned
// identity instead of copying it.
func (w *csvWorker) identity(e *idEntry, t int64, line uint32, out *result) {
	if e.chunk == w.chunk && foldIdentities {
		out.refs[e.idx].fold(t, line)
		return
	}
	e.chunk, e.idx = w.chunk, int32(len(out.refs))
	out.refs = append(out.refs, idRef{id: e.ref, from: t, to: t, line: line, mmsi: e.mmsi})
}

// fold widens r by a later row of the same input and identity, at time t
// on line, as the store merges two records that say the same thing: the
// interval covers both, and the provenance is the row with the earliest
// time, the lower line on a tie (store.mergeIdentity keeps the source of
// the least (From, Src)). Rows come in line order, so a later row is the
// provenance only when it is strictly earlier. The record so cites the
// same line however the input is cut into chunks.
func (r *idRef) fold(t int64, line uint32) {
	if t < r.from {
		r.line = line
	}
	r.from, r.to = min(r.from, t), max(r.to, t)
}

// sameIdentity compares everything but the validity interval and source.
func sameIdentity(a, b *track.Identity) bool {
	return a.MMSI == b.MMSI && a.IMO == b.IMO && a.ShipType == b.ShipType &&
		a.ToBow == b.ToBow && a.ToStern == b.ToStern && a.ToPort == b.ToPort &&
		a.ToStarboard == b.ToStarboard && a.Draught == b.Draught &&
		a.Name == b.Name && a.Callsign == b.Callsign && a.Destination == b.Destination
}

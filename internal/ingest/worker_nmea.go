package ingest

import (
	"errors"
	"io"

	"github.com/lookout-osint/lookout/internal/ais/nmea"
	"github.com/lookout-osint/lookout/internal/track"
)

// nmeaWorker decodes chunks of one NMEA input. Chunks end between complete
// messages (see safeNMEACut), so a fresh decoder state per chunk loses
// nothing but the rare multi-sentence message interleaved across a cut,
// which the decoder counts as orphan fragments.
type nmeaWorker struct {
	d      *nmea.Decoder
	name   string
	source uint32
}

// newNMEAWorker returns a worker for the input called name.
func newNMEAWorker(name string, source uint32) *nmeaWorker {
	w := &nmeaWorker{name: name, source: source}
	w.d = nmea.NewDecoder(nil, name, nmea.Options{}) // parse reads chunks in place
	return w
}

// parse decodes a chunk into fixes and identities.
func (w *nmeaWorker) parse(ch *chunk, out *result) {
	out.roomForFixes(int(ch.lines / 2))
	w.d.ResetBytes(ch.data, w.name)
	off := ch.first - 1
	for {
		m, err := w.d.Next()
		if err != nil {
			if errors.Is(err, io.EOF) {
				break
			}
			out.err = err
			return
		}
		w.message(m, off, out)
	}
	w.takeStats(off, out)
	if w.d.MaybeRMC() { // no line starts "$xxRMC,": nothing to scan for
		out.rmc = scanRMC(ch.data, ch.first, out.rmc)
	}
}

// message converts one decoded message.
func (w *nmeaWorker) message(m *nmea.Message, off uint32, out *result) {
	line := m.Line + off
	src := track.SourceRef{Source: w.source, Line: line}
	typ := uint64(1) << (m.AIS.Type & 63)
	if typ&fixTypes != 0 {
		// MessageFix writes the whole fix or reports why not: the room
		// for it is taken without zeroing it first.
		n := len(out.fixes)
		if n == cap(out.fixes) {
			out.fixes = append(out.fixes, track.Fix{})
		}
		out.fixes = out.fixes[:n+1]
		if r := MessageFix(&m.AIS, m.Time, src, &out.fixes[n]); r != ReasonNone {
			out.fixes = out.fixes[:n]
			out.bad.add(r, line)
		}
	}
	if typ&identityTypes != 0 {
		out.ids = append(out.ids, track.Identity{})
		MessageIdentity(&m.AIS, m.Time, src, &out.ids[len(out.ids)-1])
	}
}

// The message types, as bits, that MessageFix and MessageIdentity take.
const (
	fixTypes      = 1<<1 | 1<<2 | 1<<3 | 1<<18 | 1<<19 | 1<<27
	identityTypes = 1<<5 | 1<<19 | 1<<24
)

// takeStats moves the decoder's counts for this chunk into out, turning
// chunk-relative line numbers into input line numbers.
func (w *nmeaWorker) takeStats(off uint32, out *result) {
	st := w.d.Stats()
	out.nmea = *st
	for r := range out.nmea.First {
		locs := append([]nmea.Location(nil), out.nmea.First[r]...)
		for i := range locs {
			locs[i].Line += off
		}
		out.nmea.First[r] = locs
	}
	*st = nmea.Stats{}
}

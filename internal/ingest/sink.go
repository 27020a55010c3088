package ingest

import "github.com/lookout-osint/lookout/internal/track"

// Sink receives what an ingest produces. Ingest declares it so that the
// store need not be imported here: cmd/lookout wires the store in through a
// small adapter. Calls come from one goroutine.
type Sink interface {
	// BeginSource registers an input before it is read and returns its
	// source id (the Source of every SourceRef from it). When info.Hash is
	// known and a source with that hash was completed before, the sink
	// returns done = true and Ingest skips the input: this is what makes
	// ingesting the same file twice add nothing.
	BeginSource(info SourceInfo) (id uint32, done bool, err error)
	// WriteBatch stores a batch durably (all of it or, on error, none of
	// it), and then marks the sources in b.Done complete. The batch and
	// everything it points to is reused after the call returns: copy what
	// you keep.
	WriteBatch(b *Batch) error
}

// SourceInfo describes an input about to be read.
type SourceInfo struct {
	Name      string   // file name as given, or "-" for stdin
	Format    Format   // detected or forced format
	Hash      [32]byte // SHA-256 of the raw bytes, when HashKnown
	HashKnown bool     // always true from Ingest (stdin is spooled and hashed first)
	Size      int64    // bytes on disk; -1 when unknown
}

// SourceEnd is what Ingest knows about a source once it has been read.
type SourceEnd struct {
	Hash  [32]byte // SHA-256 of the raw bytes (before decompression)
	Bytes int64    // raw bytes read
	Lines int64    // text lines (after decompression)
}

// Batch is one unit of work for the sink: fixes with their segments,
// identities and the raw input lines they came from.
type Batch struct {
	Fixes      []track.Assigned // kept fixes, each with its segment
	Identities []track.Identity
	Raw        []RawLines
	// Done lists the sources that are complete once this batch is
	// committed: everything derived from them is in this batch or an
	// earlier one, so a source marked complete is whole even after a crash.
	Done []DoneSource
	// Progress, when its Source is not 0, says that every fix derived from
	// lines 1..Line of that source is in this batch or an earlier one.
	// Fixes wait in the track stage (Reorder, the Segmenter's look-back),
	// so it trails the raw lines. A sink may record it and, when the source
	// is begun again after a crash, skip storing the fixes of those lines:
	// segmenting still needs them, so Ingest reads them all again.
	Progress LineMark
}

// DoneSource is a source read to its end.
type DoneSource struct {
	ID  uint32
	End SourceEnd
}

// RawLines is a run of consecutive raw input lines of one source, for the
// store's archive: Data holds whole lines, each ending in '\n' (the last
// one may lack it at the end of an input), the first being line First.
type RawLines struct {
	Source uint32
	First  uint32 // 1-based line number of the first line in Data
	Lines  uint32 // number of lines in Data
	Data   []byte
}

// reset empties b, keeping its memory.
func (b *Batch) reset() {
	b.Fixes, b.Identities, b.Raw, b.Done = b.Fixes[:0], b.Identities[:0], b.Raw[:0], b.Done[:0]
	b.Progress = LineMark{}
}

// MemSink is a Sink that keeps everything in memory: for tests, and for
// callers that want the fixes rather than a store. It reports sources as
// done when their hash was ended before.
type MemSink struct {
	Sources    []SourceInfo
	Ended      []SourceEnd
	Fixes      []track.Assigned
	Identities []track.Identity
	RawLines   int64
	RawBytes   int64
	Batches    int
	done       map[[32]byte]bool
}

// BeginSource implements Sink.
func (m *MemSink) BeginSource(info SourceInfo) (uint32, bool, error) {
	if info.HashKnown && m.done[info.Hash] {
		return 0, true, nil
	}
	m.Sources = append(m.Sources, info)
	return uint32(len(m.Sources)), false, nil
}

// WriteBatch implements Sink.
func (m *MemSink) WriteBatch(b *Batch) error {
	m.Batches++
	m.Fixes = append(m.Fixes, b.Fixes...)
	m.Identities = append(m.Identities, b.Identities...)
	for _, r := range b.Raw {
		m.RawLines += int64(r.Lines)
		m.RawBytes += int64(len(r.Data))
	}
	for _, d := range b.Done {
		if m.done == nil {
			m.done = map[[32]byte]bool{}
		}
		m.done[d.End.Hash] = true
		m.Ended = append(m.Ended, d.End)
	}
	return nil
}

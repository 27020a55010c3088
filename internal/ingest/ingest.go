package ingest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"runtime"
	"sync/atomic"
	"time"

	"github.com/lookout-osint/lookout/internal/track"
)

// Options tune an Ingester. The zero value reads every format with
// defaults.
type Options struct {
	// Format forces an input format; FormatAuto detects it per input.
	Format Format
	// Columns maps CSV columns to fields ("sog=speed_raw:0.1kn,…"), for
	// headers that matching by name gets wrong (see NewSchema).
	Columns string
	// TimeFromFileStart, when non-zero (Unix ms), is given to every NMEA
	// message that has no time of its own (no tag block c:, $PGHP, NAIS
	// trailer or preceding $GPRMC). All such messages get exactly this
	// time: nothing in the input says how time advanced, so no spacing is
	// invented. Without it, an input whose messages have no time is refused.
	TimeFromFileStart int64
	// BatchFixes is the number of fixes per batch (DefaultBatchFixes when 0).
	BatchFixes int
	// Workers is the number of decoding goroutines (GOMAXPROCS when 0).
	Workers int
	// Segmenter configures track segmenting (DefaultSegmenterConfig when zero).
	Segmenter track.SegmenterConfig
	// Stdin is read for the input "-".
	Stdin io.Reader
}

// DefaultBatchFixes is the default number of fixes per sink batch.
const DefaultBatchFixes = 64 << 10

// maxBatchRaw bounds the raw bytes held in one batch.
const maxBatchRaw = 32 << 20

// ErrNoTime means an NMEA input has messages but no time for them.
var ErrNoTime = errors.New("messages have no time")

// Ingester runs ingests into one sink. It is not safe for concurrent use,
// except for Progress.
type Ingester struct {
	opt    Options
	sink   Sink
	stage  *trackStage
	batch  Batch
	raw    int // raw bytes in batch
	stats  Stats
	ended  []DoneSource
	done   atomic.Int64 // raw bytes of finished inputs
	cur    atomic.Pointer[countingReader]
	lastID uint32            // id of the source being streamed
	seen   map[[32]byte]bool // content hashes met in this run
}

// New returns an Ingester writing to sink.
func New(sink Sink, opt Options) (*Ingester, error) {
	if opt.BatchFixes <= 0 {
		opt.BatchFixes = DefaultBatchFixes
	}
	if opt.Workers <= 0 {
		opt.Workers = runtime.GOMAXPROCS(0)
	}
	if opt.Segmenter == (track.SegmenterConfig{}) {
		opt.Segmenter = track.DefaultSegmenterConfig()
	}
	st, err := newTrackStage(opt.Segmenter)
	if err != nil {
		return nil, fmt.Errorf("ingest: %w", err)
	}
	return &Ingester{opt: opt, sink: sink, stage: st, seen: map[[32]byte]bool{}}, nil
}

// Progress returns the raw bytes read so far over all inputs; safe to call
// from another goroutine while Run runs.
func (g *Ingester) Progress() int64 {
	n := g.done.Load()
	if c := g.cur.Load(); c != nil {
		n += c.n.Load()
	}
	return n
}

// Run ingests the inputs in order and returns the counts. Inputs that
// cannot be read as AIS (unknown format, bad CSV header, no time, read
// error) are refused and listed in Stats.Refused; the others are still
// ingested, and Run then returns an error joining the refusals. A sink
// error or cancellation stops the run at once. Everything written before
// an error stays committed.
func (g *Ingester) Run(ctx context.Context, inputs []Input) (*Stats, error) {
	start := time.Now()
	defer func() { g.stats.Elapsed = time.Since(start) }()
	for _, in := range inputs {
		if err := g.input(ctx, in); err != nil {
			if !isRefusal(err) {
				return g.finishRun(err)
			}
			g.stats.Refused = append(g.stats.Refused, err)
		}
	}
	_, err := g.finishRun(nil)
	if err == nil && len(g.stats.Refused) > 0 {
		err = errors.Join(g.stats.Refused...)
	}
	return &g.stats, err
}

// finishRun flushes the track stage, writes the last batch and marks the
// sources read to the end complete, then returns cause (or the first error
// of doing that).
func (g *Ingester) finishRun(cause error) (*Stats, error) {
	// Without an error so far, the fixes the stage holds to the end go out
	// in full batches rather than one batch the size of everything held.
	g.stage.writeFull = cause == nil
	g.stage.flush(g)
	g.stage.writeFull = false
	if err := g.stage.writeErr; err != nil {
		g.stage.writeErr = nil
		return &g.stats, err
	}
	g.batch.Done = append(g.batch.Done, g.ended...)
	if err := g.flush(); err != nil {
		return &g.stats, errors.Join(cause, err)
	}
	g.ended = g.ended[:0]
	g.stats.Vessels = len(g.stage.vessels)
	return &g.stats, cause
}

// refusal marks an error that refuses one input but lets the run go on.
type refusal struct{ err error }

func (r *refusal) Error() string { return r.err.Error() }
func (r *refusal) Unwrap() error { return r.err }

func isRefusal(err error) bool {
	var r *refusal
	return errors.As(err, &r)
}

// flush writes the current batch, if it holds anything.
func (g *Ingester) flush() error {
	b := &g.batch
	if len(b.Fixes) == 0 && len(b.Identities) == 0 && len(b.Raw) == 0 && len(b.Done) == 0 {
		return nil
	}
	b.Progress = g.stage.pending.done()
	if err := g.sink.WriteBatch(b); err != nil {
		return fmt.Errorf("write batch: %w", err)
	}
	for _, r := range b.Raw {
		putChunkBuf(r.Data)
	}
	b.reset()
	g.stage.batchWritten()
	g.raw = 0
	return nil
}

// roomForFixes makes room in the batch for n more kept fixes (a chunk's
// worth), so that the track stage appends them without copying. Short of
// room, the batch takes room for half a batch more than BatchFixes at once
// (a chunk's fixes may take it past BatchFixes before it is written), or
// twice what is needed: appending instead grew it a quarter at a time, each
// step a fresh copy whose predecessor stayed garbage until the next GC
// (26 MiB of fresh memory on the way to one 6 MiB batch). Allocated with
// make, the room costs no resident memory until it is filled, and flush
// keeps it for the next batch.
func (g *Ingester) roomForFixes(n int) {
	b := &g.batch
	if cap(b.Fixes)-len(b.Fixes) >= n {
		return
	}
	t := make([]track.Assigned, len(b.Fixes), max(g.opt.BatchFixes+g.opt.BatchFixes/2, 2*(len(b.Fixes)+n)))
	copy(t, b.Fixes)
	b.Fixes = t
}

// full reports whether the batch should be written now.
func (g *Ingester) full() bool {
	return len(g.batch.Fixes) >= g.opt.BatchFixes || g.raw >= maxBatchRaw
}

package main

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
	"time"

	"github.com/spf13/cobra"
	"github.com/vbauerster/mpb/v8"
	"github.com/vbauerster/mpb/v8/decor"

	"github.com/lookout-osint/lookout/internal/ingest"
	"github.com/lookout-osint/lookout/internal/store"
	"github.com/lookout-osint/lookout/internal/track"
)

func init() { register("ingest", newIngestCmd) }

// ingestFlags are the flags of lookout ingest.
type ingestFlags struct {
	db, format, columns, timeStart string
	noSync                         bool
}

func newIngestCmd(e *env) *cobra.Command {
	var f ingestFlags
	c := &cobra.Command{
		Use:   "ingest [--db DIR] [--format auto|nmea|dma-csv|marinecadastre-csv|csv] [--time-from-file-start T] [--columns MAP] FILE...",
		Short: "Decode AIS files, build tracks and store them",
		Long: `Ingest reads AIS inputs (files, directories walked recursively, - for
stdin; .gz read transparently) in any of these formats, detected from the
content unless --format says otherwise: NMEA 0183 (tag blocks, $PGHP, NAIS
trailers, $GPRMC context), DMA aisdk CSV, US MarineCadastre CSV, and any CSV
whose header names mmsi, time, lat and lon columns (--columns maps the
others, e.g. --columns sog=speed_raw:0.1kn,cog=course_raw). It decodes,
drops bad fixes, segments tracks and stores fixes, identities and the raw
input lines (for provenance) in the store.

Idempotent: an input whose content was ingested before is skipped, and data
already stored is not stored twice; re-running an interrupted ingest
completes it. NMEA without any time is refused unless
--time-from-file-start T gives one: every message without its own time then
gets exactly T (nothing says how time advanced, so none is invented).

Counts go to stdout; a one-line summary to stderr.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opt, err := f.options(e)
			if err != nil {
				return err
			}
			return runIngest(cmd.Context(), e, store.Options{NoSync: f.noSync}, f.db, opt, args)
		},
	}
	addDBFlag(c, &f.db)
	c.Flags().StringVar(&f.format, "format", "auto", "input format: auto, nmea, dma-csv, marinecadastre-csv, csv")
	c.Flags().StringVar(&f.timeStart, "time-from-file-start", "", "time (RFC 3339 or date) for NMEA messages without one")
	c.Flags().BoolVar(&f.noSync, "no-sync", false, "skip fsync on commit: faster, for scratch stores; a crash may lose the last batches, and after a machine crash quoting the last raw lines of a source may fail as corrupt")
	c.Flags().StringVar(&f.columns, "columns", "", "CSV column mapping FIELD=COLUMN[:UNIT],… (units kn, 0.1kn, mps, kmh, deg, 0.1deg)")
	return c
}

// options checks the flags and turns them into ingest options.
func (f *ingestFlags) options(e *env) (ingest.Options, error) {
	opt := ingest.Options{Stdin: e.stdin, Columns: f.columns}
	format, err := ingest.ParseFormat(f.format)
	if err != nil {
		return opt, usageErrorf("--format: %v", err)
	}
	opt.Format = format
	if opt.TimeFromFileStart, err = parseTimeFlag("time-from-file-start", f.timeStart, 0); err != nil {
		return opt, err
	}
	return opt, nil
}

// runIngest ingests the inputs into the store at db.
func runIngest(ctx context.Context, e *env, so store.Options, db string, opt ingest.Options, args []string) error {
	inputs, err := ingest.ExpandInputs(args)
	if err != nil {
		return err
	}
	st, err := store.Open(db, so)
	if err != nil {
		return fmt.Errorf("ingest: %w", err)
	}
	sink := &storeSink{st: st, b: store.NewBatch(), resume: map[uint32]store.SourceInfo{},
		holdFixes: sinkHoldFixes, holdRaw: sinkHoldRaw, holdTime: sinkHoldTime}
	g, err := ingest.New(sink, opt)
	if err != nil {
		st.Close()
		return err
	}
	stop := startProgress(e, g, inputs)
	stats, runErr := g.Run(ctx, inputs)
	if err := sink.wait(); err != nil && runErr == nil {
		runErr = fmt.Errorf("write batch: %w", err)
	}
	stop()
	writeMemProfile(e, os.Getenv("LOOKOUT_MEMPROFILE"))
	closeErr := st.Close()
	printIngest(e, stats, sink)
	if runErr != nil {
		return fmt.Errorf("ingest: %w", runErr)
	}
	if closeErr != nil {
		return fmt.Errorf("ingest: close store: %w", closeErr)
	}
	return nil
}

// printIngest writes the counts to stdout and the summary line to stderr.
func printIngest(e *env, s *ingest.Stats, sink *storeSink) {
	fmt.Fprintf(e.stdout, "inputs: %d\nlines: %d\ncsv rows: %d\nsentences: %d\nmessages: %d\n",
		s.Inputs, s.Lines, s.Rows, s.NMEA.Sentences, s.NMEA.Messages)
	fmt.Fprintf(e.stdout, "fixes decoded: %d\nfixes kept: %d\nfixes stored: %d\nfixes already stored: %d\nidentities: %d\nvessels: %d\nraw lines archived: %d\nbad: %d\n",
		s.Fixes, s.Kept, sink.stored.Fixes, sink.stored.Duplicates, s.Identities, s.Vessels, sink.stored.RawLines, s.BadTotal())
	fmt.Fprint(e.stdout, s.Details())
	fmt.Fprintln(e.stderr, s.Summary())
}

// What lookout ingest's sink holds before committing: a commit rewrites
// each vessel's current hour block, summary and identity history once, so
// commits of several ingest batches cost the store much less CPU per fix
// than one commit per ingest batch (a batch of 64 Ki fixes touches most
// vessels of a busy feed). The limits are checked when an ingest batch
// arrives (no timer): a held batch is committed with the first batch that
// arrives 2 s or more after the last commit began, or at the end of the input.
// Ingest itself sends a batch every 64 Ki fixes or 32 MiB of raw lines, so
// a slow input (a live pipe on stdin) reaches the store in such steps.
// The raw limit bounds memory on input with few fixes per line (the sink
// holds a batch being filled and one being committed, each up to the limit
// plus an ingest batch): 32 MiB is above what 128 Ki fixes bring of real
// captures (at most 21 MB on the CSV and NMEA bench inputs, whose commits
// it leaves as they were) and took peak RSS from 244 MB to 177 MB on 145
// MB of NMEA without position reports (96 MiB before).
const (
	sinkHoldFixes = 128 << 10
	sinkHoldRaw   = 32 << 20
	sinkHoldTime  = 2 * time.Second
)

// storeSink adapts the store to ingest.Sink. It commits on a goroutine of
// its own while the ingest decodes on: commits run one at a time, in
// order, each atomically; a failed commit is returned by the next
// WriteBatch or by wait, and nothing after it is committed. It gathers
// ingest batches into one commit until that holds holdFixes fixes or
// holdRaw raw bytes, or holdTime passed since the last commit began (zero
// holdFixes: a commit per ingest batch). Call wait after the ingest to
// commit what it holds.
type storeSink struct {
	st      *store.Store
	b       *store.Batch      // being filled
	spare   *store.Batch      // the one committed last, for reuse
	pending chan commitResult // the commit in flight, or nil
	stored  store.CommitStats // summed over finished commits

	holdFixes, holdRaw int
	holdTime           time.Duration
	began              time.Time // when the last commit began
	failed             error     // a commit failed: nothing more is committed
	commits            int       // commits begun
	lastFixes, lastRaw int       // fixes and raw bytes of the last ingest batch
	// resume holds, for sources begun with committed work from an
	// interrupted run, what was committed: fixes of lines up to Progress
	// and raw lines up to Lines are stored already and not sent again.
	resume map[uint32]store.SourceInfo
}

// BeginSource registers the source by content hash.
func (s *storeSink) BeginSource(info ingest.SourceInfo) (uint32, bool, error) {
	si, err := s.st.RegisterSource(info.Hash, info.Name, info.Size)
	if err != nil {
		return 0, false, err
	}
	if !si.Done && (si.Progress > 0 || si.Lines > 0) {
		s.resume[si.ID] = si
	}
	return si.ID, si.Done, nil
}

// WriteBatch adds one ingest batch, with its progress mark, to what the
// sink commits next (atomically), and starts that commit unless hold says
// to gather more.
// Fixes of lines an interrupted run committed (up to its progress mark)
// are skipped: they are stored already, with the same segment, since the
// ingest re-reads and re-segments the whole source. Identities are always
// sent (a record may be widened by later lines; the store merges them).
func (s *storeSink) WriteBatch(b *ingest.Batch) error {
	if s.failed != nil {
		return s.failed
	}
	s.reserve(b)
	if err := s.addFixes(b.Fixes); err != nil {
		return err
	}
	for i := range b.Identities {
		s.b.AddIdentity(&b.Identities[i])
	}
	for _, r := range b.Raw {
		s.addRaw(r)
	}
	for _, d := range b.Done {
		s.b.FinishSource(d.ID)
	}
	if p := b.Progress; p.Source != 0 {
		s.b.SetProgress(p.Source, p.Line)
	}
	if s.hold() {
		return nil
	}
	return s.commit()
}

// reserve notes the size of ingest batch b and, for the first one, sizes
// the store batch (see size).
func (s *storeSink) reserve(b *ingest.Batch) {
	n, r := len(b.Fixes), 0
	for i := range b.Raw {
		r += len(b.Raw[i].Data)
	}
	s.lastFixes, s.lastRaw = n, r
	if s.commits == 0 && s.b.Empty() {
		s.size(s.b)
	}
}

// size makes room in the empty store batch b, so that filling it copies
// nothing, for as many ingest batches like the last one as hold gathers:
// fixes for one more (the last of them overshoots the hold, and ingest
// batches vary), raw lines for no more. The room counts as live heap, so
// the garbage collector lets that much more garbage pile up before it
// collects: on long inputs, each MiB reserved and not filled costs a MiB of
// peak RSS. Raw room for one more batch was the worst of it: the first
// ingest batch, whose size this is, carries more raw lines per fix than
// later ones (the track stage still holds its fixes), so on the CSV bench
// input two store batches reserved 108 MiB of raw room for commits of at
// most 21 MB; a commit that outgrows the room grows it once (batches are
// reused afterwards, keeping their memory: commit). A small last batch
// (under 1/8 of the hold) is a small input or its end: appending grows the
// store batch well enough then.
func (s *storeSink) size(b *store.Batch) {
	n, r := s.lastFixes, s.lastRaw
	if s.holdFixes <= 0 || n*8 < s.holdFixes && r*8 < s.holdRaw {
		return
	}
	k := (s.holdFixes + n - 1) / max(n, 1) // ingest batches to reach the hold
	if r > 0 {
		k = min(k, (s.holdRaw+r-1)/r)
	}
	b.Grow((k+1)*n, k*r)
}

// addFixes adds the fixes of an ingest batch to the store batch, skipping
// those an interrupted run committed (looked up only while resuming).
func (s *storeSink) addFixes(fixes []track.Assigned) error {
	if len(s.resume) == 0 {
		return s.b.AddAssigned(fixes)
	}
	for i := range fixes {
		a := &fixes[i]
		if s.resumed(&a.Fix.Src) {
			s.stored.Duplicates++
			continue
		}
		if err := s.b.AddFix(store.SegKey(a.Seg), &a.Fix); err != nil {
			return err
		}
	}
	return nil
}

// resumed reports whether the fixes of src's line are stored already, by
// an interrupted run of its source.
func (s *storeSink) resumed(src *track.SourceRef) bool {
	r, ok := s.resume[src.Source]
	return ok && src.Line <= r.Progress
}

// hold reports whether to keep gathering ingest batches before committing.
func (s *storeSink) hold() bool {
	return s.holdFixes > 0 && s.b.Fixes() < s.holdFixes && s.b.RawBytes() < s.holdRaw &&
		time.Since(s.began) < s.holdTime
}

// commitResult is what a commit goroutine reports.
type commitResult struct {
	b   *store.Batch
	cs  store.CommitStats
	err error
}

// commit waits for the commit in flight and starts committing s.b.
func (s *storeSink) commit() error {
	if s.failed != nil {
		return s.failed
	}
	if err := s.await(); err != nil {
		return err
	}
	b := s.b
	if s.b, s.spare = s.spare, nil; s.b == nil {
		s.b = store.NewBatch()
		s.size(s.b)
	}
	done := make(chan commitResult, 1)
	s.pending, s.began = done, time.Now()
	s.commits++
	go func() {
		cs, err := s.st.Commit(b)
		done <- commitResult{b: b, cs: cs, err: err}
	}()
	return nil
}

// wait commits what the sink holds and waits for the commits in flight;
// it returns the first error.
func (s *storeSink) wait() error {
	if s.failed != nil {
		return s.failed
	}
	if !s.b.Empty() {
		if err := s.commit(); err != nil {
			return err
		}
	}
	return s.await()
}

// await waits for the commit in flight, if any, and returns its error.
func (s *storeSink) await() error {
	if s.pending == nil {
		return nil
	}
	r := <-s.pending
	s.pending = nil
	if r.err != nil {
		s.failed = r.err
		return r.err
	}
	r.b.Reset()
	s.spare = r.b
	s.stored.Fixes += r.cs.Fixes
	s.stored.Duplicates += r.cs.Duplicates
	s.stored.Identities += r.cs.Identities
	s.stored.RawLines += r.cs.RawLines
	return nil
}

// addRaw archives a run of raw lines, unless an interrupted run archived
// all of them.
func (s *storeSink) addRaw(r ingest.RawLines) {
	if si, ok := s.resume[r.Source]; ok && r.First+r.Lines-1 <= si.Lines {
		return
	}
	s.b.AddRawLines(r.Source, r.First, r.Lines, r.Data)
}

// startProgress shows a progress bar over the raw input bytes when stderr
// is a terminal, and returns the function that stops it.
func startProgress(e *env, g *ingest.Ingester, inputs []ingest.Input) func() {
	f, ok := e.stderr.(*os.File)
	if !ok || !isTerminal(f) {
		return func() {}
	}
	var total int64
	for _, in := range inputs {
		total += max(in.Size, 0)
	}
	p := mpb.New(mpb.WithOutput(f), mpb.WithWidth(40))
	bar := p.AddBar(total, mpb.PrependDecorators(decor.Name("ingest ")),
		mpb.AppendDecorators(decor.CountersKibiByte("% .1f / % .1f"), decor.Name(" "), decor.AverageSpeed(decor.SizeB1024(0), "% .1f")))
	done := make(chan struct{})
	go func() {
		t := time.NewTicker(200 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				bar.SetCurrent(g.Progress())
			}
		}
	}()
	return func() {
		close(done)
		bar.SetCurrent(g.Progress())
		bar.Abort(false)
		p.Wait()
	}
}

// isTerminal reports whether f is a character device (a terminal).
func isTerminal(f *os.File) bool {
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// writeMemProfile writes a heap profile to path (the LOOKOUT_MEMPROFILE
// environment variable; for bench/ scripts and for finding what holds
// memory on a user's data) once the ingest is done, before the store
// closes: after a garbage collection: its inuse figures are what the ingest
// still holds at its end, its alloc figures cover the whole run. An empty path writes
// nothing; a failure is reported on stderr and does not fail the ingest.
func writeMemProfile(e *env, path string) {
	if path == "" {
		return
	}
	runtime.GC() // brings the figures up to date
	f, err := os.Create(path)
	if err == nil {
		err = pprof.Lookup("allocs").WriteTo(f, 0)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		fmt.Fprintln(e.stderr, "lookout: memory profile:", err)
	}
}

package ingest

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"sync"
)

// parser decodes chunks of one input; one per worker goroutine.
type parser interface {
	parse(ch *chunk, out *result)
}

// peekSize is how much of an input format detection and the header see.
const peekSize = 64 << 10

// input ingests one input.
func (g *Ingester) input(ctx context.Context, in Input) error {
	path, cleanup, err := g.localPath(in)
	if err != nil {
		return err
	}
	defer cleanup()
	o, err := openInput(path)
	if err != nil {
		return &refusal{err}
	}
	pre, err := HashFile(path)
	if err != nil {
		o.closer.Close()
		return &refusal{err}
	}
	defer o.closer.Close()
	g.cur.Store(o.raw)
	defer func() { g.done.Add(o.raw.n.Load()); g.cur.Store(nil) }()
	br := bufio.NewReaderSize(o.text, peekSize)
	src, err := g.begin(in, br, pre)
	if err != nil || src == nil {
		return err
	}
	lines, err := g.stream(ctx, src, &chunker{r: br, nmea: src.info.Format == FormatNMEA})
	if err != nil {
		return err
	}
	return g.endInput(in, path, o, pre, lines)
}

// localPath returns a file to read for in: its own path, or a spooled
// copy of stdin, with the function that removes the copy.
func (g *Ingester) localPath(in Input) (string, func(), error) {
	if in.Name != StdinName {
		return in.Name, func() {}, nil
	}
	tmp, err := spoolStdin(g.opt.Stdin)
	if err != nil {
		return "", nil, err
	}
	return tmp, func() { os.Remove(tmp) }, nil
}

// begin detects the format from the head of br and registers the source
// with the sink. It returns nil (and no error) for an input to skip: not
// AIS (found in a directory), or already ingested.
func (g *Ingester) begin(in Input, br *bufio.Reader, hash [32]byte) (*source, error) {
	head, err := br.Peek(peekSize)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
		return nil, &refusal{fmt.Errorf("read %s: %w", in.Name, err)}
	}
	src, err := g.prepare(in, head)
	if errors.Is(err, ErrUnknownFormat) && in.FromDir {
		g.stats.NotAIS = append(g.stats.NotAIS, in.Name)
		return nil, nil
	}
	if err != nil {
		return nil, &refusal{err}
	}
	src.info.Hash, src.info.HashKnown = hash, true
	g.stats.Inputs++
	if g.seen[hash] { // the same content twice in one run
		g.stats.Skipped = append(g.stats.Skipped, in.Name)
		return nil, nil
	}
	g.seen[hash] = true
	id, done, err := g.sink.BeginSource(src.info)
	if err != nil {
		return nil, fmt.Errorf("begin source %s: %w", in.Name, err)
	}
	if done {
		g.stats.Skipped = append(g.stats.Skipped, in.Name)
		return nil, nil
	}
	src.id = id
	return src, nil
}

// endInput checks the file did not change while read and queues the
// source to be marked complete.
func (g *Ingester) endInput(in Input, path string, o *opened, hash [32]byte, lines int64) error {
	if _, err := io.Copy(io.Discard, o.raw); err != nil { // trailing bytes after a gzip stream
		return &refusal{fmt.Errorf("read %s: %w", in.Name, err)}
	}
	if o.changed(path) {
		return &refusal{fmt.Errorf("%s changed while it was read; its fixes so far are committed, re-run to complete it", in.Name)}
	}
	g.stats.Bytes += o.raw.n.Load()
	g.ended = append(g.ended, DoneSource{g.lastID, SourceEnd{Hash: hash, Bytes: o.raw.n.Load(), Lines: lines}})
	return nil
}

// source is an input being ingested.
type source struct {
	info    SourceInfo
	id      uint32
	newPars func(id uint32) parser
}

// prepare detects the format and, for CSV, reads the header.
func (g *Ingester) prepare(in Input, head []byte) (*source, error) {
	f := g.opt.Format
	if f == FormatAuto {
		var err error
		if f, err = DetectFormat(head); err != nil {
			first, _ := cutLine(head)
			return nil, fmt.Errorf("%s: %w: first line %.80q (say which with --format)", in.Name, err, first)
		}
	}
	s := &source{info: SourceInfo{Name: in.Name, Format: f, Size: in.Size}}
	if f == FormatNMEA {
		s.newPars = func(id uint32) parser { return newNMEAWorker(in.Name, id) }
		return s, nil
	}
	header, _ := cutLine(head)
	if bytes.IndexByte(header, '\r') >= 0 { // cutLine dropped a final CR
		// CSV rows are LF lines: a CR-only file would be one huge row.
		return nil, fmt.Errorf("%s: CSV lines end in a lone CR (old Mac line ends), which Lookout does not read as rows; convert them first, e.g. tr '\\r' '\\n' < IN > OUT", in.Name)
	}
	var fields [][]byte
	var scratch []byte
	fields, _ = splitCSV(fields, &scratch, header)
	names := make([]string, len(fields))
	for i, h := range fields {
		names[i] = string(h)
	}
	schema, err := NewSchema(f, names, g.opt.Columns)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", in.Name, err)
	}
	intern := newIDInterner() // one per input: its workers' identities compare by pointer
	s.newPars = func(id uint32) parser {
		p := NewRowParser(schema)
		p.intern = intern
		return &csvWorker{p: p, source: id}
	}
	return s, nil
}

// stream decodes one input on all workers and collects the results in
// order. It returns the number of lines read.
func (g *Ingester) stream(ctx context.Context, src *source, ck *chunker) (int64, error) {
	g.lastID = src.id
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	// Every chunk in flight holds a chunk buffer (and, once decoded, a
	// result with its fix array), each first-touched memory when the pool
	// has none to spare. The collector is the slow stage, so the reader and
	// the workers keep their channels full: unbuffered jobs (the reader
	// still has the next chunk cut, waiting to be sent) and room for one
	// result per worker keep them ahead of it with three chunks fewer in
	// flight than Workers and 2×Workers did (on 2 cores: about 2,800
	// fewer page faults and 11 MB less peak RSS for 1 M NMEA sentences).
	jobs := make(chan *chunk)
	results := make(chan *result, g.opt.Workers)
	// slots bounds the chunks cut but not yet collected: a worker stuck
	// on one chunk would otherwise let the others' results, which the
	// collector can only hold until that chunk comes, pile up as far as
	// the input goes.
	slots := make(chan struct{}, maxInFlight(g.opt.Workers))
	var readErr error
	go readChunks(ctx, ck, jobs, slots, &readErr)
	g.startWorkers(src, jobs, results)
	g.stage.beginInput()
	col := newCollector(g, src, slots)
	err := col.run(ctx, results)
	cancel()
	for range results { // drain so that workers and the reader stop
	}
	if err == nil && readErr != nil { // readErr is set before results close
		err = g.truncated(src, col, readErr)
	}
	return col.lines, err
}

// maxInFlight is how many chunks may be cut and not yet collected with
// workers decoding: twice the 2×workers+1 that the reader (its next
// chunk), the workers and the results channel hold when the collector
// keeps up, so that the bound never slows a run, only stops a pile-up
// behind a slow chunk.
func maxInFlight(workers int) int { return 4*workers + 2 }

// readChunks cuts the input into chunks for the workers until the end, a
// read error (left in *readErr) or cancellation; it closes jobs. It takes
// a slot before cutting each chunk (the collector gives it back).
func readChunks(ctx context.Context, ck *chunker, jobs chan<- *chunk, slots chan<- struct{}, readErr *error) {
	defer close(jobs)
	for {
		select {
		case slots <- struct{}{}:
		case <-ctx.Done():
			return
		}
		ch, err := ck.next()
		if afterChunk != nil && err == nil {
			afterChunk(ch.seq)
		}
		if err != nil {
			if !errors.Is(err, io.EOF) {
				*readErr = err
			}
			return
		}
		select {
		case jobs <- ch:
		case <-ctx.Done():
			return
		}
	}
}

// afterChunk, when not nil, runs after readChunks cuts each chunk (a test
// hook: it changes the file being read).
var afterChunk func(seq int)

// beforeParse, when not nil, runs in a worker before it decodes each
// chunk (a test hook: it can hold a chunk back).
var beforeParse func(seq int)

// startWorkers starts one decoding goroutine per worker; results closes
// when jobs is drained.
func (g *Ingester) startWorkers(src *source, jobs <-chan *chunk, results chan<- *result) {
	var wg sync.WaitGroup
	for range g.opt.Workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p := src.newPars(src.id)
			for ch := range jobs {
				if beforeParse != nil {
					beforeParse(ch.seq)
				}
				r := getResult(ch)
				p.parse(ch, r)
				results <- r
			}
		}()
	}
	go func() { wg.Wait(); close(results) }()
}

// truncated reports a read error in the middle of an input after
// committing what was read before it.
func (g *Ingester) truncated(src *source, col *collector, readErr error) error {
	if _, err := g.finishRun(nil); err != nil {
		return err
	}
	return &refusal{fmt.Errorf("read %s: %w: committed the %d lines before the error (%d fixes stored in this run so far); the source is not marked complete, re-run the ingest when the file is whole",
		src.info.Name, readErr, col.lines, g.stats.Kept)}
}

package ingest

import (
	"bufio"
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
	path := in.Name
	if in.Name == StdinName {
		tmp, err := spoolStdin(g.opt.Stdin)
		if err != nil {
			return err
		}
		defer os.Remove(tmp)
		path = tmp
	}
	pre, err := HashFile(path)
	if err != nil {
		return &refusal{err}
	}
	o, err := openInput(path)
	if err != nil {
		return &refusal{err}
	}
	defer o.closer.Close()
	g.cur.Store(o.raw)
	defer func() { g.done.Add(o.raw.n.Load()); g.cur.Store(nil) }()
	br := bufio.NewReaderSize(o.text, peekSize)
	head, err := br.Peek(peekSize)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
		return &refusal{fmt.Errorf("read %s: %w", in.Name, err)}
	}
	src, err := g.prepare(in, head)
	if errors.Is(err, ErrUnknownFormat) && in.FromDir {
		g.stats.NotAIS = append(g.stats.NotAIS, in.Name)
		return nil
	}
	if err != nil {
		return &refusal{err}
	}
	src.info.Hash, src.info.HashKnown = pre, true
	if g.seen[pre] {
		g.stats.Inputs++
		g.stats.Skipped = append(g.stats.Skipped, in.Name)
		return nil // the same content twice in one run
	}
	g.seen[pre] = true
	id, done, err := g.sink.BeginSource(src.info)
	if err != nil {
		return fmt.Errorf("begin source %s: %w", in.Name, err)
	}
	g.stats.Inputs++
	if done {
		g.stats.Skipped = append(g.stats.Skipped, in.Name)
		return nil
	}
	src.id = id
	lines, err := g.stream(ctx, src, &chunker{r: br, nmea: src.info.Format == FormatNMEA})
	if err != nil {
		return err
	}
	return g.endInput(in, o, pre, lines)
}

// endInput checks the hash and queues the source to be marked complete.
func (g *Ingester) endInput(in Input, o *opened, pre [32]byte, lines int64) error {
	if _, err := io.Copy(io.Discard, o.raw); err != nil { // trailing bytes after a gzip stream
		return &refusal{fmt.Errorf("read %s: %w", in.Name, err)}
	}
	sum := o.sum()
	if sum != pre {
		return &refusal{fmt.Errorf("%s changed while it was read; its fixes so far are committed, re-run to complete it", in.Name)}
	}
	g.stats.Bytes += o.raw.n.Load()
	g.ended = append(g.ended, DoneSource{g.lastID, SourceEnd{Hash: sum, Bytes: o.raw.n.Load(), Lines: lines}})
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
	s.newPars = func(id uint32) parser { return &csvWorker{p: NewRowParser(schema), source: id} }
	return s, nil
}

// stream decodes one input on all workers and collects the results in
// order. It returns the number of lines read.
func (g *Ingester) stream(ctx context.Context, src *source, ck *chunker) (int64, error) {
	g.lastID = src.id
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	jobs := make(chan *chunk, g.opt.Workers)
	results := make(chan *result, 2*g.opt.Workers)
	var readErr error
	go func() {
		defer close(jobs)
		for {
			ch, err := ck.next()
			if err != nil {
				if !errors.Is(err, io.EOF) {
					readErr = err
				}
				return
			}
			select {
			case jobs <- ch:
			case <-ctx.Done():
				return
			}
		}
	}()
	var wg sync.WaitGroup
	for range g.opt.Workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p := src.newPars(src.id)
			for ch := range jobs {
				r := &result{ch: ch}
				p.parse(ch, r)
				results <- r
			}
		}()
	}
	go func() { wg.Wait(); close(results) }()
	col := newCollector(g, src)
	err := col.run(ctx, results)
	cancel()
	for range results { // drain so that workers and the reader stop
	}
	if err == nil && readErr != nil {
		err = g.truncated(src, col, readErr)
	}
	return col.lines, err
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

package ingest

import (
	"context"
	"fmt"

	"github.com/lookout-osint/lookout/internal/track"
)

// collector puts worker results back in input order and feeds them to the
// track stage and the batch. It runs on the caller's goroutine.
type collector struct {
	g       *Ingester
	src     *source
	pending map[int]*result
	next    int
	lines   int64
	rmc     int64         // time of the last $GPRMC before the current position
	decided bool          // whether the input was checked for having time at all
	slots   chan struct{} // one taken by the reader per chunk cut; given back once collected
}

// newCollector returns the collector of src's results; slots is the
// reader's (see readChunks).
func newCollector(g *Ingester, src *source, slots chan struct{}) *collector {
	return &collector{g: g, src: src, pending: map[int]*result{}, slots: slots}
}

// run consumes results until the channel closes, the context ends, or an
// error occurs.
func (c *collector) run(ctx context.Context, results <-chan *result) error {
	for r := range results {
		if err := ctx.Err(); err != nil {
			return err
		}
		c.pending[r.ch.seq] = r
		for {
			r, ok := c.pending[c.next]
			if !ok {
				break
			}
			delete(c.pending, c.next)
			c.next++
			err := c.process(r)
			putResult(r)
			<-c.slots // the reader may cut another chunk
			if err != nil {
				return err
			}
		}
	}
	return ctx.Err()
}

// process takes one chunk's result, in order.
func (c *collector) process(r *result) error {
	g, name := c.g, c.src.info.Name
	if r.err != nil {
		return fmt.Errorf("decode %s: %w", name, r.err)
	}
	if err := c.checkTime(r); err != nil {
		return err
	}
	c.lines += int64(r.ch.lines)
	g.stats.Lines += int64(r.ch.lines)
	g.stats.Rows += r.rows
	g.stats.NMEA.Merge(&r.nmea)
	g.stats.addBad(name, r.bad)
	g.batch.Raw = append(g.batch.Raw, RawLines{Source: c.src.id, First: r.ch.first, Lines: r.ch.lines, Data: r.ch.data})
	g.raw += len(r.ch.data)
	rmc := c.rmc
	g.stage.pending.begin(c.src.id, r.ch.first, r.ch.lines)
	g.roomForFixes(len(r.fixes))
	c.fixes(r)
	c.identities(r, rmc)
	if g.full() {
		return g.flush()
	}
	return nil
}

// fixes times and feeds the chunk's fixes to the track stage. Thousands
// of vessels interleave, so the Chain's state of the next fix's vessel is
// rarely in the cache: the Chain starts loading it some fixes ahead (see
// track.Chain.PrefetchAhead).
func (c *collector) fixes(r *result) {
	g, k := c.g, 0
	chain := g.stage.chain
	for i := range r.fixes {
		chain.PrefetchAhead(r.fixes, i)
		f := &r.fixes[i]
		k = c.advanceRMC(r, k, f.Src.Line)
		if f.Time == 0 && !c.fillTime(&f.Time, f.Src.Line) {
			continue
		}
		g.stats.Fixes++
		g.stage.add(g, f)
	}
	c.advanceRMC(r, k, ^uint32(0))
}

// identities times and records the chunk's identity reports; rmc is the
// $GPRMC time in force before the chunk.
func (c *collector) identities(r *result, rmc int64) {
	c.rmc = rmc
	k := 0
	for i := range r.ids {
		id := &r.ids[i]
		k = c.advanceRMC(r, k, id.Src.Line)
		if id.From == 0 {
			if !c.fillTime(&id.From, id.Src.Line) {
				continue
			}
			id.To = id.From
		}
		c.g.stage.identity(c.g, id)
	}
	for i := range r.refs {
		x := &r.refs[i]
		k = c.advanceRMC(r, k, x.line)
		from, to := x.from, x.to
		if from == 0 {
			if !c.fillTime(&from, x.line) {
				continue
			}
			to = from
		}
		c.g.stage.identityRef(c.g, x.id, x.mmsi, from, to, track.SourceRef{Source: c.src.id, Line: x.line})
	}
	c.advanceRMC(r, k, ^uint32(0))
}

// advanceRMC moves the $GPRMC context past the marks before line and
// returns the index of the first mark not yet passed.
func (c *collector) advanceRMC(r *result, k int, line uint32) int {
	for k < len(r.rmc) && r.rmc[k].line < line {
		c.rmc = r.rmc[k].time
		k++
	}
	return k
}

// fillTime gives a message without its own time the $GPRMC time in force
// or --time-from-file-start; false (and counted) when there is neither.
func (c *collector) fillTime(t *int64, line uint32) bool {
	switch {
	case c.rmc != 0:
		*t = c.rmc
	case c.g.opt.TimeFromFileStart != 0:
		*t = c.g.opt.TimeFromFileStart
	default:
		c.g.stats.addBadN(ReasonNoTime, 1, c.src.info.Name, []uint32{line})
		return false
	}
	return true
}

// checkTime refuses an NMEA input whose first messages have no time and
// no $GPRMC context, when --time-from-file-start is not given: positions
// without time are useless as evidence.
func (c *collector) checkTime(r *result) error {
	if c.decided || (len(r.fixes) == 0 && len(r.ids) == 0 && len(r.refs) == 0) {
		return nil
	}
	c.decided = true
	if c.g.opt.TimeFromFileStart != 0 || len(r.rmc) > 0 {
		return nil
	}
	for i := range r.fixes {
		if r.fixes[i].Time != 0 {
			return nil
		}
	}
	for i := range r.ids {
		if r.ids[i].From != 0 {
			return nil
		}
	}
	for i := range r.refs {
		if r.refs[i].from != 0 {
			return nil
		}
	}
	return &refusal{fmt.Errorf("%s: %w: no tag block c:, $PGHP, NAIS trailer or $GPRMC gives the time of its messages; positions without time are useless as evidence: re-run with --time-from-file-start T if you know when it was recorded",
		c.src.info.Name, ErrNoTime)}
}

package ingest

import "github.com/lookout-osint/lookout/internal/track"

// trackStage turns decoded fixes, in input order, into kept fixes with
// their segments, using internal/track's Chain: Reorder (per-MMSI time
// order within a window), Dedupe (the same report heard twice), then the
// Segmenter with its bad-fix filters (DETECTORS.md §1), fused so that one
// lookup per fix finds a vessel's state. It runs on the collector
// goroutine only.
type trackStage struct {
	chain    *track.Chain
	out      []track.Assigned
	vessels  map[uint32]struct{}
	seenMMSI [4096]uint32   // direct-mapped cache of MMSI+1 in vessels
	lastID   map[uint32]int // MMSI -> index of its latest identity in the batch
	prevID   int            // index of the latest identity appended to the batch
	pending  pendingChunks  // which lines still have fixes inside the stage
	// writeFull makes take write the batch whenever it is full (only while
	// finishRun flushes the stage); writeErr is the first error doing so.
	writeFull bool
	writeErr  error
}

// newTrackStage returns a stage with the given segmenter settings.
func newTrackStage(cfg track.SegmenterConfig) (*trackStage, error) {
	chain, err := track.NewChain(track.DefaultReorderWindowMs, track.DefaultDedupeWindowMs, cfg)
	if err != nil {
		return nil, err
	}
	return &trackStage{chain: chain, vessels: map[uint32]struct{}{}, lastID: map[uint32]int{}}, nil
}

// add feeds one fix and moves the decisions that became final into g
// (too late, duplicate and stale replay drops among them).
func (s *trackStage) add(g *Ingester, f *track.Fix) {
	s.pending.enter(f)
	s.out = s.chain.Push(s.out[:0], f)
	s.take(g)
}

// flush releases every held fix, closes every open segment and moves all
// pending decisions into g.
func (s *trackStage) flush(g *Ingester) {
	s.out = s.chain.Flush(s.out[:0])
	s.take(g)
}

// take sorts decisions into kept fixes (into the batch) and drop counts.
func (s *trackStage) take(g *Ingester) {
	for i := range s.out {
		a := &s.out[i]
		s.pending.leave(&a.Fix)
		if a.Reason != track.ReasonNone {
			g.stats.Dropped[a.Reason]++
			continue
		}
		g.batch.Fixes = append(g.batch.Fixes, *a)
		g.stats.Kept++
		s.seen(a.Fix.MMSI)
		if s.writeFull && len(g.batch.Fixes) >= g.opt.BatchFixes {
			s.writeFull = false // after an error, write nothing more
			if err := g.flush(); err != nil {
				s.writeErr = err
			} else {
				s.writeFull = true
			}
		}
	}
}

// identity records an identity report in the batch. A report that
// repeats the MMSI's latest identity in the batch only widens its interval
// (the earlier report stays its provenance): a batch holds one record per
// vessel and identity, not one per row or message.
func (s *trackStage) identity(g *Ingester, id *track.Identity) {
	g.stats.Identities++
	s.seen(id.MMSI)
	ids := g.batch.Identities
	i, ok := s.prevID, s.prevID < len(ids) && ids[s.prevID].MMSI == id.MMSI
	if !ok {
		i, ok = s.lastID[id.MMSI]
	}
	if ok && i < len(ids) && ids[i].MMSI == id.MMSI && sameIdentity(&ids[i], id) {
		ids[i].From, ids[i].To = min(ids[i].From, id.From), max(ids[i].To, id.To)
		return
	}
	s.lastID[id.MMSI], s.prevID = len(ids), len(ids)
	g.batch.Identities = append(ids, *id)
}

// seen records that a vessel has a kept fix or an identity.
func (s *trackStage) seen(mmsi uint32) {
	c := &s.seenMMSI[mmsi%uint32(len(s.seenMMSI))]
	if *c == mmsi+1 {
		return
	}
	s.vessels[mmsi] = struct{}{}
	*c = mmsi + 1
}

// batchWritten forgets the batch's identity positions.
func (s *trackStage) batchWritten() { clear(s.lastID) }

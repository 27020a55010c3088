package ingest

import "github.com/lookout-osint/lookout/internal/track"

// trackStage turns decoded fixes, in input order, into kept fixes with
// their segments, using internal/track's Chain: Reorder (per-MMSI time
// order within a window), Dedupe (the same report heard twice), then the
// Segmenter with its bad-fix filters (DETECTORS.md §1), fused so that one
// lookup per fix finds a vessel's state. It runs on the collector
// goroutine only.
type trackStage struct {
	chain   *track.Chain
	out     []track.Assigned
	vessels map[uint32]struct{} // MMSIs with a kept fix or an identity
	batchNo uint32              // number of batches written, mod 2^31
	prevID  int                 // index of the latest identity appended to the batch
	pending pendingChunks       // which lines still have fixes inside the stage
	// writeFull makes take write the batch whenever it is full (only while
	// finishRun flushes the stage); writeErr is the first error doing so.
	writeFull bool
	writeErr  error
}

// What the stage knows of a vessel is in its word in the Chain (Chain.Tag):
// whether it is in vessels, and the index+1 in the batch of its latest
// identity, valid when the word's batch number is the current one.
const (
	tagSeen     = 1 << 63
	tagBatchBit = 32
	tagBatchMax = 1<<31 - 1
)

// newTrackStage returns a stage with the given segmenter settings.
func newTrackStage(cfg track.SegmenterConfig) (*trackStage, error) {
	chain, err := track.NewChain(track.DefaultReorderWindowMs, track.DefaultDedupeWindowMs, cfg)
	if err != nil {
		return nil, err
	}
	return &trackStage{chain: chain, vessels: map[uint32]struct{}{}}, nil
}

// add feeds one fix and moves the decisions that became final into g
// (too late, duplicate and stale replay drops among them). The Chain
// appends them to the batch itself, sparing a copy of each kept fix;
// the few drops are counted and squeezed out.
func (s *trackStage) add(g *Ingester, f *track.Fix) {
	s.pending.enter(f)
	fixes := g.batch.Fixes
	n := len(fixes)
	fixes = s.chain.Push(fixes, f)
	k := n
	for i := n; i < len(fixes); i++ {
		a := &fixes[i]
		s.pending.leave(&a.Fix)
		if a.Reason != track.ReasonNone {
			g.stats.Dropped[a.Reason]++
			continue
		}
		if k != i {
			fixes[k] = *a
		}
		k++
	}
	g.batch.Fixes = fixes[:k]
	if k > n { // all about f's MMSI
		g.stats.Kept += int64(k - n)
		s.mark(s.chain.PushedTag(), f.MMSI)
	}
}

// flush releases every held fix, closes every open segment and moves all
// pending decisions into g.
func (s *trackStage) flush(g *Ingester) {
	s.out = s.chain.Flush(s.out[:0])
	s.take(g)
}

// take sorts decisions into kept fixes (into the batch) and drop counts,
// writing full batches while writeFull.
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
		s.mark(s.chain.Tag(a.Fix.MMSI), a.Fix.MMSI)
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
	ids := g.batch.Identities
	if i := s.prevID; i < len(ids) && ids[i].MMSI == id.MMSI && sameIdentity(&ids[i], id) {
		ids[i].From, ids[i].To = min(ids[i].From, id.From), max(ids[i].To, id.To)
		return
	}
	tag := s.chain.Tag(id.MMSI)
	s.mark(tag, id.MMSI)
	if *tag>>tagBatchBit&tagBatchMax == uint64(s.batchNo) {
		i := int(uint32(*tag)) - 1
		if i >= 0 && i < len(ids) && ids[i].MMSI == id.MMSI && sameIdentity(&ids[i], id) {
			ids[i].From, ids[i].To = min(ids[i].From, id.From), max(ids[i].To, id.To)
			return
		}
	}
	*tag = *tag&tagSeen | uint64(s.batchNo)<<tagBatchBit | uint64(len(ids)+1)
	s.prevID = len(ids)
	g.batch.Identities = append(ids, *id)
}

// mark records that the vessel of tag has a kept fix or an identity.
func (s *trackStage) mark(tag *uint64, mmsi uint32) {
	if *tag&tagSeen == 0 {
		*tag |= tagSeen
		s.vessels[mmsi] = struct{}{}
	}
}

// batchWritten forgets the batch's identity positions.
func (s *trackStage) batchWritten() { s.batchNo = (s.batchNo + 1) & tagBatchMax }

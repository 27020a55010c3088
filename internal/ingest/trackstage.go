package ingest

import "github.com/lookout-osint/lookout/internal/track"

// identityByPointer lets the track stage take two CSV identity reports
// with the same interned pointer as equal without comparing their values
// (tests turn it off to check that this changes nothing the sink gets).
var identityByPointer = true

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
	// gen changes with every batch written and every input begun: an
	// idVessel noted in this generation is the vessel's latest record.
	gen    uint64
	prevID int // index of the latest identity appended to the batch
	// refs holds, for each identity record in the batch, the interned
	// identity it was made from (nil for an NMEA report): a report with
	// the same pointer has the same values, without comparing them.
	refs    []*track.Identity
	pending pendingChunks // which lines still have fixes inside the stage
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
// pending decisions into g, flushStep at a time: the stage then holds a
// few thousand decisions at once rather than all the fixes held at the
// end of an input (a buffer that grew to tens of MiB of fresh memory at
// the end of a run, when the heap is at its largest).
func (s *trackStage) flush(g *Ingester) {
	for done := false; !done; {
		s.out, done = s.chain.FlushSome(s.out[:0], flushStep)
		s.take(g)
	}
}

// flushStep is how many decisions flush takes from the Chain at a time
// (at least: the decisions of one vessel come together).
const flushStep = 4096

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
// repeats the MMSI's latest identity in the batch is folded into that
// record (see foldIdentity): a batch holds one record per vessel and
// identity, not one per row or message.
func (s *trackStage) identity(g *Ingester, id *track.Identity) {
	s.record(g, id.MMSI, id, nil, id.From, id.To, id.Src)
}

// identityRef records a CSV identity report, the interned identity ref
// of mmsi from..to first reported at src, as identity does. The reports
// of one input are its only identities in the stage, so the note of ref's
// vessel, once made in this generation (by record, when it appended or
// widened the vessel's latest record), says where the vessel's latest
// record is: a report of the same identity widens it there, without
// looking the vessel up or comparing values.
func (s *trackStage) identityRef(g *Ingester, ref *internedID, mmsi uint32, from, to int64, src track.SourceRef) {
	v := ref.v
	if v.gen == s.gen && v.ref == ref && identityByPointer {
		g.stats.Identities++
		foldIdentity(&g.batch.Identities[v.idx], from, to, src)
		return
	}
	i := s.record(g, mmsi, &ref.Identity, &ref.Identity, from, to, src)
	v.gen, v.idx, v.ref = s.gen, i, ref
}

// record is identity for a report of mmsi with the values of id (From, To
// and Src aside), interned as ref unless nil, over from..to at src. It
// returns the index of the batch record that holds it.
func (s *trackStage) record(g *Ingester, mmsi uint32, id, ref *track.Identity, from, to int64, src track.SourceRef) int {
	g.stats.Identities++
	ids := g.batch.Identities
	if i := s.prevID; s.same(ids, i, mmsi, id, ref) {
		foldIdentity(&ids[i], from, to, src)
		return i
	}
	tag := s.chain.Tag(mmsi)
	s.mark(tag, mmsi)
	if *tag>>tagBatchBit&tagBatchMax == uint64(s.batchNo) {
		if i := int(uint32(*tag)) - 1; i >= 0 && s.same(ids, i, mmsi, id, ref) {
			foldIdentity(&ids[i], from, to, src)
			return i
		}
	}
	*tag = *tag&tagSeen | uint64(s.batchNo)<<tagBatchBit | uint64(len(ids)+1)
	s.prevID = len(ids)
	s.refs = append(s.refs, ref) // parallel to the batch's identities until batchWritten
	g.batch.Identities = append(ids, *id)
	last := &g.batch.Identities[len(ids)]
	last.From, last.To, last.Src = from, to, src
	return len(ids)
}

// same reports whether batch record i is of mmsi with the values of id,
// by pointer when both are interned.
func (s *trackStage) same(ids []track.Identity, i int, mmsi uint32, id, ref *track.Identity) bool {
	if i >= len(ids) || ids[i].MMSI != mmsi {
		return false
	}
	// The length check only guards the parallel slices' invariant.
	if ref != nil && identityByPointer && len(s.refs) == len(ids) && s.refs[i] == ref {
		return true
	}
	return sameIdentity(&ids[i], id)
}

// mark records that the vessel of tag has a kept fix or an identity.
func (s *trackStage) mark(tag *uint64, mmsi uint32) {
	if *tag&tagSeen == 0 {
		*tag |= tagSeen
		s.vessels[mmsi] = struct{}{}
	}
}

// beginInput starts a new generation of vessel notes for a new input.
func (s *trackStage) beginInput() { s.gen++ }

// batchWritten forgets the batch's identity positions.
func (s *trackStage) batchWritten() {
	s.gen++
	s.batchNo = (s.batchNo + 1) & tagBatchMax
	clear(s.refs) // let the interned identities go with their inputs
	s.refs = s.refs[:0]
}

// foldIdentity widens the batch record r by a later report of the same
// vessel and values over from..to at src, as the store merges two records
// that say the same thing: the interval covers both, and the provenance is
// the report with the least (From, Src) (store.mergeIdentity; sources
// ordered by SourceRef.Compare). The stored record so cites the same line
// however the input is cut into chunks and batches.
func foldIdentity(r *track.Identity, from, to int64, src track.SourceRef) {
	if from < r.From || from == r.From && src.Compare(r.Src) < 0 {
		r.Src = src
	}
	r.From, r.To = min(r.From, from), max(r.To, to)
}

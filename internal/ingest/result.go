package ingest

import (
	"sync"

	"github.com/lookout-osint/lookout/internal/ais/nmea"
	"github.com/lookout-osint/lookout/internal/track"
)

// result is what a worker made of one chunk. Times of 0 mean "not known
// yet": NMEA messages without their own time get one in order (from $GPRMC
// context or --time-from-file-start) in the collector.
type result struct {
	ch    *chunk
	fixes []track.Fix
	ids   []track.Identity // NMEA identity reports
	refs  []idRef          // CSV identity reports
	bad   badCounts
	nmea  nmea.Stats
	rows  int64     // CSV data rows
	rmc   []rmcMark // $GPRMC times in this chunk, by line
	err   error
}

// idRef is a CSV identity report: a row, or rows of one chunk folded
// together, whose static columns give the identity *id (interned: see
// idInterner), first at line, over from..to. It spares copying the whole
// identity for each report, most of which repeat the vessel's last one.
type idRef struct {
	id       *internedID
	from, to int64
	line     uint32
	mmsi     uint32
}

// rmcMark is the time of a $xxRMC sentence at a line.
type rmcMark struct {
	line uint32
	time int64
}

// badCounts counts bad input by reason with the first lines; a few reasons
// per chunk at most, so a slice beats a map.
type badCounts []badCount

type badCount struct {
	reason Reason
	n      int64
	first  []uint32
}

// maxFirst is how many first lines are kept per reason.
const maxFirst = 3

// add counts one bad line.
func (b *badCounts) add(r Reason, line uint32) {
	for i := range *b {
		c := &(*b)[i]
		if c.reason == r {
			c.n++
			if len(c.first) < maxFirst {
				c.first = append(c.first, line)
			}
			return
		}
	}
	*b = append(*b, badCount{reason: r, n: 1, first: []uint32{line}})
}

// resultPool recycles results and their fix, identity and $GPRMC slices
// once the collector has taken a chunk: the track stage and the batch copy
// what they keep, so the slices are dead after collector.process.
var resultPool sync.Pool

// getResult returns an empty result for ch, reusing a pooled one's memory.
func getResult(ch *chunk) *result {
	r, ok := resultPool.Get().(*result)
	if !ok {
		r = &result{}
	}
	r.ch = ch
	return r
}

// roomForFixes empties r's fixes, keeping room for at least n. Short of
// room, it takes an eighth more than n: chunks of an input give about the
// same number of fixes, and room for exactly n made a fresh array (a
// megabyte or more, cleared, garbage at once) each time a chunk needed a
// few fixes more than the largest before it.
func (r *result) roomForFixes(n int) {
	if cap(r.fixes) >= n {
		r.fixes = r.fixes[:0]
		return
	}
	r.fixes = make([]track.Fix, 0, n+n/8)
}

// putResult empties r, keeping its slices, and pools it. The bad counts are
// not kept: Stats keeps their first lines.
func putResult(r *result) {
	*r = result{fixes: r.fixes[:0], ids: r.ids[:0], refs: r.refs[:0], rmc: r.rmc[:0]}
	resultPool.Put(r)
}

package ingest

import "github.com/lookout-osint/lookout/internal/track"

// LineMark names a line of a source.
type LineMark struct {
	Source uint32 // source id; 0 = no mark
	Line   uint32 // 1-based line number
}

// pendingChunks tracks, for the source being streamed, how many of each
// chunk's fixes are still inside the track stage (held by Reorder or
// pending in the Segmenter). Every fix that enters the stage leaves it
// exactly once, kept or dropped, so the lines before the first chunk with
// a fix still inside are done: everything derived from them has been
// handed to a batch. Chunks enter in line order, so this is a queue of
// chunk line ranges with a count each; memory is one entry per chunk
// between the oldest held fix and now.
type pendingChunks struct {
	src   uint32
	first []uint32 // first line of each queued chunk, ascending
	count []int32  // fixes of that chunk still in the stage
	head  int      // index of the oldest queued chunk
	read  uint32   // last line of the last chunk begun
}

// begin starts a chunk of lines [first, first+lines) of src.
func (p *pendingChunks) begin(src, first, lines uint32) {
	if src != p.src {
		*p = pendingChunks{src: src, first: p.first[:0], count: p.count[:0]}
	}
	p.compact()
	p.first = append(p.first, first)
	p.count = append(p.count, 0)
	p.read = first + lines - 1
}

// enter counts a fix of the current chunk going into the stage.
func (p *pendingChunks) enter(f *track.Fix) {
	if f.Src.Source == p.src && len(p.count) > p.head {
		p.count[len(p.count)-1]++
	}
}

// leave counts a fix coming out of the stage (kept or dropped).
func (p *pendingChunks) leave(f *track.Fix) {
	if f.Src.Source != p.src || len(p.count) == p.head {
		return
	}
	i := len(p.first) - 1 // most fixes leave while their chunk is the latest
	if f.Src.Line < p.first[i] {
		i = p.find(f.Src.Line, i)
	}
	if i >= p.head && p.count[i] > 0 {
		p.count[i]--
	}
}

// find returns the index of the queued chunk before last that holds
// line, or head-1 when line is before them all. Most fixes that leave
// after their chunk leave while it is the one before the latest.
func (p *pendingChunks) find(line uint32, last int) int {
	if i := last - 1; i >= p.head && p.first[i] <= line {
		return i
	}
	lo, hi := p.head, last-1 // the first chunk in [head, last-1) starting after line
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if p.first[m] <= line {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo - 1
}

// done returns the mark up to which every line's fixes have left the stage.
func (p *pendingChunks) done() LineMark {
	for p.head < len(p.count) && p.count[p.head] == 0 && p.head < len(p.count)-1 {
		p.head++
	}
	if p.head == len(p.count) || (p.head == len(p.count)-1 && p.count[p.head] == 0) {
		return LineMark{Source: p.src, Line: p.read}
	}
	return LineMark{Source: p.src, Line: p.first[p.head] - 1}
}

// compact drops finished chunks from the front of the queue.
func (p *pendingChunks) compact() {
	p.done()
	if p.head > 64 && p.head > len(p.first)/2 {
		n := copy(p.first, p.first[p.head:])
		copy(p.count, p.count[p.head:])
		p.first, p.count, p.head = p.first[:n], p.count[:n], 0
	}
}

package store

import (
	"cmp"
	"math/bits"
	"slices"
)

// blockCache keeps the writer's most recently written fix blocks decoded,
// so that a feed in time order (which touches each vessel's current hour
// block in every batch) merges without reading and decoding the block
// again. It holds only committed state: a commit stages its blocks and
// applies them after Pebble accepted the batch. A commit keeps only each
// vessel's latest blocks of the commit (the ones a feed in time order
// touches next); an older block it rewrites leaves the cache, so what the
// cache holds is always the stored block. Staging a vessel's block also
// lets the vessel's cached blocks of earlier buckets go: a feed in time
// order does not come back to them (a late fix that does reads its block
// from the store).
//
// The blocks are a slice in key order: a commit looks its blocks up, and
// stages them, in key order, so lookup steps forward from the last one
// (memory read in order, where a map costs cache misses), and apply
// merges the staged blocks in with one pass.
//
// The blocks' memory is recycled: a block that leaves the cache (replaced
// by a newer version, dropped, or cleared when the cache outgrows its
// bound) goes to a free list, from which stage takes the memory of the
// copies it makes. A block leaves the cache only in apply, after the
// commit that used it is done with what loadBlock handed out, so memory
// on the free list is never a block the cache can still hand out, nor a
// staged one (see blockcache_pool_test.go).
type blockCache struct {
	blocks []cachedBlock // by key (cmpBlockRef)
	at     int           // where the last lookup ended
	merged []cachedBlock // apply's scratch
	staged []stagedBlock
	fixes  int // fixes held in blocks
	free   [poolClasses][][]qfix
	// freeFixes is the capacity, in fixes, of the slices in free.
	freeFixes int
}

// cachedBlock is a block the cache holds.
type cachedBlock struct {
	ref blockRef
	q   []qfix
}

type stagedBlock struct {
	ref  blockRef
	q    []qfix
	drop bool // forget ref instead
}

// cmpBlockRef orders blocks by key: mmsi, bucket, segment.
func cmpBlockRef(a, b blockRef) int {
	if a.mmsi != b.mmsi {
		return cmp.Compare(a.mmsi, b.mmsi)
	}
	if a.day != b.day {
		return cmp.Compare(a.day, b.day)
	}
	return cmp.Compare(a.seg, b.seg)
}

// cacheMaxFixes bounds the cache (about 40 bytes a fix).
const cacheMaxFixes = 1 << 20

// lookup returns the cached block ref. Lookups in key order cost
// amortised constant time (a galloping search from the last one's slot),
// any other order a binary search.
func (c *blockCache) lookup(ref blockRef) ([]qfix, bool) {
	bs := c.blocks
	lo := min(c.at, len(bs)) // every block before lo is below ref, once checked
	if lo > 0 && cmpBlockRef(bs[lo-1].ref, ref) >= 0 {
		lo = 0
	}
	hi, step := lo, 1
	for hi < len(bs) && cmpBlockRef(bs[hi].ref, ref) < 0 {
		lo = hi + 1
		hi += step
		step <<= 1
	}
	hi = min(hi+1, len(bs))
	i, ok := slices.BinarySearchFunc(bs[lo:hi], ref, func(b cachedBlock, r blockRef) int { return cmpBlockRef(b.ref, r) })
	c.at = lo + i
	if !ok {
		return nil, false
	}
	return bs[lo+i].q, true
}

// stage queues block ref, now holding q (copied), for apply.
func (c *blockCache) stage(ref blockRef, q []qfix) {
	c.staged = append(c.staged, stagedBlock{ref: ref, q: append(c.get(len(q)), q...)})
}

// stageDrop queues forgetting block ref, which the commit rewrites but the
// cache should not keep.
func (c *blockCache) stageDrop(ref blockRef) {
	c.staged = append(c.staged, stagedBlock{ref: ref, drop: true})
}

// apply makes the staged blocks current (a commit stages a block once; a
// later staging of one ref wins) and lets go of the cached blocks of a
// vessel in buckets before the latest it stages a block in; when the
// cache would outgrow its bound it keeps only this commit's blocks.
func (c *blockCache) apply() {
	if !slices.IsSortedFunc(c.staged, cmpStaged) {
		slices.SortStableFunc(c.staged, cmpStaged)
	}
	out := c.merged[:0]
	i, bs := 0, c.blocks
	for k := 0; k < len(c.staged); {
		mmsi := c.staged[k].ref.mmsi
		end, keep := k, uint32(0) // keep: the vessel's latest bucket staged
		for ; end < len(c.staged) && c.staged[end].ref.mmsi == mmsi; end++ {
			if !c.staged[end].drop {
				keep = c.staged[end].ref.day
			}
		}
		for ; k < end; k++ {
			sb := &c.staged[k]
			for ; i < len(bs) && cmpBlockRef(bs[i].ref, sb.ref) < 0; i++ {
				if bs[i].ref.mmsi == mmsi && bs[i].ref.day < keep {
					c.leave(bs[i].q) // a bucket the vessel moved on from
					continue
				}
				out = append(out, bs[i])
			}
			if i < len(bs) && bs[i].ref == sb.ref {
				c.leave(bs[i].q) // replaced or dropped
				i++
			}
			if n := len(out); n > 0 && out[n-1].ref == sb.ref { // staged twice
				c.leave(out[n-1].q)
				out = out[:n-1]
			}
			if !sb.drop {
				out = append(out, cachedBlock{ref: sb.ref, q: sb.q})
				c.fixes += len(sb.q)
			}
		}
	}
	out = append(out, bs[i:]...)
	clear(bs)
	c.blocks, c.merged, c.at = out, bs[:0], 0
	if c.fixes > cacheMaxFixes {
		c.trim()
	}
	clear(c.staged)
	c.staged = c.staged[:0]
}

// leave gives the memory of a block that leaves the cache to the free
// list.
func (c *blockCache) leave(q []qfix) {
	c.fixes -= len(q)
	c.put(q)
}

// trim, for a cache that outgrew its bound, keeps only the blocks this
// commit staged (c.staged, sorted), as many of them as the bound holds.
func (c *blockCache) trim() {
	out, fixes, k := c.blocks[:0], 0, 0
	for _, b := range c.blocks {
		for k < len(c.staged) && cmpBlockRef(c.staged[k].ref, b.ref) < 0 {
			k++
		}
		if k < len(c.staged) && c.staged[k].ref == b.ref && fixes+len(b.q) <= cacheMaxFixes {
			out = append(out, b)
			fixes += len(b.q)
			continue
		}
		c.put(b.q)
	}
	clear(c.blocks[len(out):])
	c.blocks, c.fixes = out, fixes
}

func cmpStaged(a, b stagedBlock) int { return cmpBlockRef(a.ref, b.ref) }

// reset forgets everything (after a failed commit). The blocks' memory is
// left to the garbage collector: a failure is rare.
func (c *blockCache) reset() {
	clear(c.blocks)
	clear(c.staged)
	c.blocks, c.staged, c.fixes, c.at = c.blocks[:0], c.staged[:0], 0, 0
}

// The free list keeps slices by capacity class: 8 fixes, then four
// classes per power of two (5, 6, 7 and 8 times a power of two), up to
// poolMaxFixes; a larger block is allocated to size and not kept. A class
// is at most 25% above the block it holds.
const (
	poolMaxShift = 16
	poolMaxFixes = 1 << poolMaxShift
	poolClasses  = 4*(poolMaxShift-3) + 1 // poolClass(poolMaxFixes) is the last
	// freeMaxFixes bounds the capacity kept on the free list (a quarter of
	// the cache's bound).
	freeMaxFixes = cacheMaxFixes / 4
)

// poolClass returns the class of a block of n fixes and its capacity, or
// -1 when blocks of n fixes are not pooled.
func poolClass(n int) (int, int) {
	if n <= 8 {
		return 0, 8
	}
	if n > poolMaxFixes {
		return -1, n
	}
	s := bits.Len(uint(n-1)) - 3 // n-1 has s+3 bits (s >= 1): (n-1)>>s is 4..7
	m := (n-1)>>s + 1            // 5..8, and m<<s >= n
	return 1 + 4*(s-1) + m - 5, m << s
}

// get returns an empty slice with room for n fixes, from the free list
// when it has one of n's class.
func (c *blockCache) get(n int) []qfix {
	cls, size := poolClass(n)
	if cls < 0 {
		return make([]qfix, 0, n)
	}
	fl := c.free[cls]
	if k := len(fl); k > 0 {
		q := fl[k-1]
		fl[k-1] = nil
		c.free[cls] = fl[:k-1]
		c.freeFixes -= cap(q)
		return q[:0]
	}
	return make([]qfix, 0, size)
}

// put gives q, which left the cache (no block of it, staged or current,
// remains), to the free list, if it is of a pooled class and the list has
// room.
func (c *blockCache) put(q []qfix) {
	cls, size := poolClass(cap(q))
	if cls < 0 || size != cap(q) || c.freeFixes+size > freeMaxFixes {
		return
	}
	c.free[cls] = append(c.free[cls], q[:0])
	c.freeFixes += size
}

package store

import "math/bits"

// blockCache keeps the writer's most recently written fix blocks decoded,
// so that a feed in time order (which touches each vessel's current hour
// block in every batch) merges without reading and decoding the block
// again. It holds only committed state: a commit stages its blocks and
// applies them after Pebble accepted the batch. A commit keeps only each
// vessel's latest blocks of the commit (the ones a feed in time order
// touches next); an older block it rewrites leaves the cache, so what the
// cache holds is always the stored block.
//
// The blocks' memory is recycled: a block that leaves the cache (replaced
// by a newer version, dropped, or cleared when the cache outgrows its
// bound) goes to a free list, from which stage takes the memory of the
// copies it makes. A block leaves the cache only in apply, after the
// commit that used it is done with what loadBlock handed out, so memory
// on the free list is never a block the cache can still hand out, nor a
// staged one (see blockcache_pool_test.go).
type blockCache struct {
	blocks map[blockRef][]qfix
	staged []stagedBlock
	fixes  int // fixes held in blocks
	free   [poolClasses][][]qfix
	// freeFixes is the capacity, in fixes, of the slices in free.
	freeFixes int
}

type stagedBlock struct {
	ref  blockRef
	q    []qfix
	drop bool // forget ref instead
}

// cacheMaxFixes bounds the cache (about 40 bytes a fix).
const cacheMaxFixes = 1 << 20

// stage queues block ref, now holding q (copied), for apply.
func (c *blockCache) stage(ref blockRef, q []qfix) {
	c.staged = append(c.staged, stagedBlock{ref: ref, q: append(c.get(len(q)), q...)})
}

// stageDrop queues forgetting block ref, which the commit rewrites but the
// cache should not keep.
func (c *blockCache) stageDrop(ref blockRef) {
	c.staged = append(c.staged, stagedBlock{ref: ref, drop: true})
}

// apply makes the staged blocks current; when the cache would outgrow its
// bound it starts again from this commit's blocks.
func (c *blockCache) apply() {
	if c.blocks == nil {
		c.blocks = map[blockRef][]qfix{}
	}
	for _, sb := range c.staged {
		old, had := c.blocks[sb.ref]
		if sb.drop {
			if had {
				c.fixes -= len(old)
				delete(c.blocks, sb.ref)
				c.put(old)
			}
			continue
		}
		if c.fixes+len(sb.q) > cacheMaxFixes {
			for _, q := range c.blocks {
				c.put(q)
			}
			clear(c.blocks)
			c.fixes, old, had = 0, nil, false // old is on the free list now
		}
		c.fixes += len(sb.q) - len(old)
		c.blocks[sb.ref] = sb.q
		if had {
			c.put(old)
		}
	}
	clear(c.staged)
	c.staged = c.staged[:0]
}

// reset forgets everything (after a failed commit). The blocks' memory is
// left to the garbage collector: a failure is rare.
func (c *blockCache) reset() {
	clear(c.blocks)
	clear(c.staged)
	c.staged, c.fixes = c.staged[:0], 0
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

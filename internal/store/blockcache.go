package store

// blockCache keeps the writer's most recently written fix blocks decoded,
// so that a feed in time order (which touches each vessel's current hour
// block in every batch) merges without reading and decoding the block
// again. It holds only committed state: a commit stages its blocks and
// applies them after Pebble accepted the batch. A commit keeps only each
// vessel's latest blocks of the commit (the ones a feed in time order
// touches next); an older block it rewrites leaves the cache, so what the
// cache holds is always the stored block.
type blockCache struct {
	blocks map[blockRef][]qfix
	staged []stagedBlock
	fixes  int // fixes held in blocks
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
	c.staged = append(c.staged, stagedBlock{ref: ref, q: append([]qfix(nil), q...)})
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
		if sb.drop {
			c.fixes -= len(c.blocks[sb.ref])
			delete(c.blocks, sb.ref)
			continue
		}
		if c.fixes+len(sb.q) > cacheMaxFixes {
			clear(c.blocks)
			c.fixes = 0
		}
		c.fixes += len(sb.q) - len(c.blocks[sb.ref])
		c.blocks[sb.ref] = sb.q
	}
	clear(c.staged)
	c.staged = c.staged[:0]
}

// reset forgets everything (after a failed commit).
func (c *blockCache) reset() {
	clear(c.blocks)
	clear(c.staged)
	c.staged, c.fixes = c.staged[:0], 0
}

package store

import (
	"math/rand/v2"
	"slices"
	"testing"
	"unsafe"
)

// TestPoolClass checks the free list's classes: a class holds its block,
// wastes at most a quarter, grows with n, and maps its own capacity back
// to itself (put relies on that).
func TestPoolClass(t *testing.T) {
	prevCls, prevSize := 0, 8
	for n := 1; n <= poolMaxFixes+10; n++ {
		cls, size := poolClass(n)
		if n > poolMaxFixes {
			if cls != -1 || size != n {
				t.Fatalf("poolClass(%d) = %d, %d: want -1, %d (not pooled)", n, cls, size, n)
			}
			continue
		}
		switch {
		case size < n:
			t.Fatalf("poolClass(%d) = %d, %d: too small", n, cls, size)
		case size > 8 && 4*size >= 5*n:
			t.Fatalf("poolClass(%d) = %d, %d: wastes a quarter or more", n, cls, size)
		case cls < 0 || cls >= poolClasses:
			t.Fatalf("poolClass(%d) = %d: want 0..%d", n, cls, poolClasses-1)
		case cls < prevCls || cls == prevCls && size != prevSize || cls > prevCls+1:
			t.Fatalf("poolClass(%d) = %d, %d after %d, %d: classes out of order", n, cls, size, prevCls, prevSize)
		}
		if c2, s2 := poolClass(size); c2 != cls || s2 != size {
			t.Fatalf("poolClass(%d) = %d, %d, but poolClass(%d) = %d, %d", n, cls, size, size, c2, s2)
		}
		prevCls, prevSize = cls, size
	}
	if prevCls != poolClasses-1 {
		t.Errorf("last class %d, want poolClasses-1 = %d", prevCls, poolClasses-1)
	}
}

// TestBlockCachePoolNeverAliases drives the cache through random commits
// (stages, drops, blocks of every class and beyond, overflows of its
// bound, failed commits) and, after each, overwrites all memory on the
// free list as a later stage would: every block the cache can hand out
// must still hold exactly what was staged for it, and no two blocks, nor
// a block and free memory, may share an array.
func TestBlockCachePoolNeverAliases(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 7))
	var c blockCache
	model := map[blockRef][]qfix{} // what each ref was last staged with
	serial := int64(0)
	reused := 0
	buf := make([]qfix, 0, 1024) // the caller's merge buffer, reused
	for commit := range 250 {
		pending := map[blockRef][]qfix{} // nil: dropped
		var order []blockRef
		for range rng.IntN(40) {
			ref := blockRef{mmsi: uint32(rng.IntN(30)), day: uint32(rng.IntN(4))}
			if q, ok := c.lookup(ref); ok && !slices.Equal(q, model[ref]) {
				t.Fatalf("commit %d: block %+v is not what was staged", commit, ref)
			}
			if _, ok := pending[ref]; ok {
				continue // a commit writes a block once
			}
			order = append(order, ref)
			if rng.IntN(6) == 0 {
				c.stageDrop(ref)
				pending[ref] = nil
				continue
			}
			n := 1 + rng.IntN(300)
			switch rng.IntN(20) {
			case 0:
				n = poolMaxFixes + rng.IntN(100) // not pooled
			case 1:
				n = 20000 + rng.IntN(40000) // the largest classes; overflows the cache now and then
			}
			buf = buf[:0]
			for range n {
				serial++
				buf = append(buf, qfix{t: serial, line: uint32(serial)})
			}
			cls, _ := poolClass(n)
			before := len(c.free[max(0, cls)])
			c.stage(ref, buf)
			if cls >= 0 && len(c.free[cls]) < before {
				reused++
			}
			pending[ref] = slices.Clone(buf)
			for i := range buf {
				buf[i] = qfix{t: -1} // the caller reuses its buffer
			}
		}
		if rng.IntN(25) == 0 { // the commit failed
			c.reset()
			clear(model)
		} else {
			c.apply()
			latest := map[uint32]uint32{} // mmsi -> the latest bucket staged
			for _, ref := range order {
				if q := pending[ref]; q != nil {
					latest[ref.mmsi] = max(latest[ref.mmsi], ref.day)
				}
			}
			for ref := range model { // earlier buckets of those vessels go
				if day, ok := latest[ref.mmsi]; ok && ref.day < day {
					delete(model, ref)
				}
			}
			for _, ref := range order {
				if q := pending[ref]; q != nil {
					model[ref] = q
				} else {
					delete(model, ref)
				}
			}
		}
		scribbleFree(&c)
		checkPool(t, commit, &c, model)
	}
	if reused == 0 {
		t.Error("stage never took memory from the free list")
	}
}

// scribbleFree overwrites every fix on the free list, up to capacity.
func scribbleFree(c *blockCache) {
	for _, fl := range c.free {
		for _, q := range fl {
			q = q[:cap(q)]
			for i := range q {
				q[i] = qfix{t: -2, lat: -2}
			}
		}
	}
}

// checkPool checks that the cache holds only blocks as last staged, that
// its counters are right, and that no array is in two places.
func checkPool(t *testing.T, commit int, c *blockCache, model map[blockRef][]qfix) {
	t.Helper()
	arrays := map[*qfix]string{}
	own := func(q []qfix, what string) {
		p := unsafe.SliceData(q[:cap(q)])
		if prev, ok := arrays[p]; ok {
			t.Fatalf("commit %d: %s shares its array with %s", commit, what, prev)
		}
		arrays[p] = what
	}
	fixes := 0
	if !slices.IsSortedFunc(c.blocks, func(a, b cachedBlock) int { return cmpBlockRef(a.ref, b.ref) }) {
		t.Fatalf("commit %d: the cache's blocks are out of key order", commit)
	}
	for _, b := range c.blocks {
		ref, q := b.ref, b.q
		want, ok := model[ref]
		if !ok || !slices.Equal(q, want) {
			t.Fatalf("commit %d: block %+v holds %d fixes, not the %d last staged (staged: %v)", commit, ref, len(q), len(want), ok)
		}
		fixes += len(q)
		own(q, "a block")
	}
	for _, k := range rand.Perm(len(c.blocks)) { // lookups in any order find every block
		if q, ok := c.lookup(c.blocks[k].ref); !ok || unsafe.SliceData(q) != unsafe.SliceData(c.blocks[k].q) {
			t.Fatalf("commit %d: lookup of block %+v: found %v, not the cache's block", commit, c.blocks[k].ref, ok)
		}
	}
	if fixes != c.fixes || fixes > cacheMaxFixes {
		t.Fatalf("commit %d: cache counts %d fixes, holds %d (bound %d)", commit, c.fixes, fixes, cacheMaxFixes)
	}
	free := 0
	for cls, fl := range c.free {
		for _, q := range fl {
			if k, size := poolClass(cap(q)); k != cls || size != cap(q) || len(q) != 0 {
				t.Fatalf("commit %d: free slice len %d cap %d in class %d", commit, len(q), cap(q), cls)
			}
			free += cap(q)
			own(q, "free memory")
		}
	}
	if free != c.freeFixes || free > freeMaxFixes {
		t.Fatalf("commit %d: free list counts %d fixes, holds %d (bound %d)", commit, c.freeFixes, free, freeMaxFixes)
	}
	if len(c.staged) != 0 {
		t.Fatalf("commit %d: %d blocks still staged", commit, len(c.staged))
	}
}

// TestBlockCacheSteadyStateAllocs checks that a feed in time order, which
// restages each vessel's current block every commit with a few more
// fixes, stages them without allocating once the free list has warmed up.
func TestBlockCacheSteadyStateAllocs(t *testing.T) {
	var c blockCache
	q := make([]qfix, 100)
	round := 0
	commit := func() {
		round++
		for v := range 200 {
			c.stage(blockRef{mmsi: uint32(v)}, q[:50+round%40])
		}
		c.apply()
	}
	for range 100 {
		commit()
	}
	if allocs := testing.AllocsPerRun(20, commit); allocs != 0 {
		t.Errorf("%.1f allocations a commit of 200 blocks, want 0", allocs)
	}
}

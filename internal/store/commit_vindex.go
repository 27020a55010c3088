package store

import (
	"cmp"
	"math/bits"
	"slices"
)

// vesselIndex numbers the vessels of a batch for sortBatch and the
// identity orderer: a hash table from mmsi to vessel number with open
// addressing and linear probing. A batch in time order looks a vessel up
// for almost every fix, which costs a Go map several times more. reset
// empties it in constant time: a slot of an older generation is empty.
// reset it before its first use (the zero value's generation 0 is that of
// the slots grow makes).
type vesselIndex struct {
	slots []vslot // a power of two of them
	gen   uint32  // the current generation, never 0 once reset
	n     int     // vessels held
	shift uint    // 32 - log2(len(slots))
}

type vslot struct {
	mmsi uint32
	gen  uint32
	v    int32
}

// minVesselSlots is the table size first used.
const minVesselSlots = 1 << 10

// reset empties x.
func (x *vesselIndex) reset() {
	x.gen++
	x.n = 0
	if x.gen == 0 { // wrapped: old generations could look current
		clear(x.slots)
		x.gen = 1
	}
}

// home is the first slot looked at for mmsi (Fibonacci hashing).
func (x *vesselIndex) home(mmsi uint32) uint32 { return (mmsi * 0x9e3779b1) >> x.shift }

// lookup returns the number of vessel mmsi, or adds mmsi as vessel v and
// returns v, false.
func (x *vesselIndex) lookup(mmsi uint32, v int32) (int32, bool) {
	if 2*(x.n+1) > len(x.slots) {
		x.grow()
	}
	mask := uint32(len(x.slots) - 1)
	for i := x.home(mmsi); ; i = (i + 1) & mask {
		s := &x.slots[i]
		if s.gen != x.gen {
			*s = vslot{mmsi: mmsi, gen: x.gen, v: v}
			x.n++
			return v, false
		}
		if s.mmsi == mmsi {
			return s.v, true
		}
	}
}

// grow doubles the table (or makes the first), keeping what it holds.
func (x *vesselIndex) grow() {
	old, gen := x.slots, x.gen
	size := max(2*len(old), minVesselSlots)
	x.slots = make([]vslot, size)
	x.shift = uint(32 - bits.Len(uint(size-1)))
	x.n = 0
	mask := uint32(size - 1)
	for _, s := range old {
		if s.gen != gen {
			continue
		}
		i := x.home(s.mmsi)
		for x.slots[i].gen == x.gen {
			i = (i + 1) & mask
		}
		x.slots[i] = vslot{mmsi: s.mmsi, gen: x.gen, v: s.v}
		x.n++
	}
}

// mmsiTable maps vessels to values of type V in two slices sorted by
// mmsi: the writer's caches of vessel summaries and identity histories.
// A commit looks its vessels up, and stages what it writes, in ascending
// mmsi order, so find starts where the last lookup ended and mostly
// steps to the next slot: memory read in order, where a Go map costs a
// cache miss or two a lookup once the commit's other work has evicted it.
// Its zero value is empty.
type mmsiTable[V any] struct {
	keys []uint32 // ascending
	vals []V
	at   int // where the last find ended
	// merge scratch, reused: the tables apply builds when it inserts
	mk []uint32
	mv []V
}

// find returns the slot of mmsi and whether the table holds it; when it
// does not, the slot is where it would be inserted. Ascending lookups
// cost amortised constant time (a galloping search from the last one's
// slot); any other order a binary search.
func (t *mmsiTable[V]) find(mmsi uint32) (int, bool) {
	k := t.keys
	lo := min(t.at, len(k)) // every key before lo is below mmsi, once checked
	switch {
	case lo > 0 && k[lo-1] == mmsi:
		return lo - 1, true
	case lo > 0 && k[lo-1] > mmsi:
		lo = 0
	case lo < len(k) && k[lo] >= mmsi: // the usual case: the next slot
		return t.found(lo, k[lo] == mmsi)
	}
	hi, step := lo, 1
	for hi < len(k) && k[hi] < mmsi {
		lo = hi + 1
		hi += step
		step <<= 1
	}
	hi = min(hi+1, len(k))
	i, ok := slices.BinarySearch(k[lo:hi], mmsi)
	return t.found(lo+i, ok)
}

// found moves the cursor past slot i (which holds the mmsi looked up when
// ok, else is where it belongs) and returns i, ok.
func (t *mmsiTable[V]) found(i int, ok bool) (int, bool) {
	t.at = i
	if ok {
		t.at++
	}
	return i, ok
}

// get returns the value of mmsi.
func (t *mmsiTable[V]) get(mmsi uint32) (V, bool) {
	if i, ok := t.find(mmsi); ok {
		return t.vals[i], true
	}
	var zero V
	return zero, false
}

// setAll sets the values of the staged entries, in ascending mmsi order
// (a later one of the same mmsi wins; setAll sorts them stably if
// need be). Keys that the table holds are set in place; new ones are merged in
// with one pass over the table.
func (t *mmsiTable[V]) setAll(staged []mmsiVal[V]) {
	if !slices.IsSortedFunc(staged, cmpMmsiVal[V]) {
		slices.SortStableFunc(staged, cmpMmsiVal[V])
	}
	t.at = 0
	adds := false
	for _, e := range staged {
		if i, ok := t.find(e.mmsi); ok {
			t.vals[i] = e.v
		} else {
			adds = true
		}
	}
	if adds {
		t.merge(staged)
	}
	t.at = 0
}

// merge inserts the staged entries that the table lacks (staged in
// ascending mmsi order, those it holds already set).
func (t *mmsiTable[V]) merge(staged []mmsiVal[V]) {
	mk, mv := t.mk[:0], t.mv[:0]
	i := 0
	for j, e := range staged {
		if j+1 < len(staged) && staged[j+1].mmsi == e.mmsi {
			continue // the last of one mmsi wins
		}
		for i < len(t.keys) && t.keys[i] < e.mmsi {
			mk, mv = append(mk, t.keys[i]), append(mv, t.vals[i])
			i++
		}
		if i < len(t.keys) && t.keys[i] == e.mmsi {
			continue // set in place already; copied by the loop above next
		}
		mk, mv = append(mk, e.mmsi), append(mv, e.v)
	}
	mk, mv = append(mk, t.keys[i:]...), append(mv, t.vals[i:]...)
	clear(t.vals) // the old values are copied: drop them for the collector
	t.keys, t.vals, t.mk, t.mv = mk, mv, t.keys[:0], t.vals[:0]
}

// len returns the number of vessels held.
func (t *mmsiTable[V]) len() int { return len(t.keys) }

// reset empties the table.
func (t *mmsiTable[V]) reset() {
	clear(t.vals)
	t.keys, t.vals, t.at = t.keys[:0], t.vals[:0], 0
}

// mmsiVal is a value staged for an mmsiTable.
type mmsiVal[V any] struct {
	mmsi uint32
	v    V
}

func cmpMmsiVal[V any](a, b mmsiVal[V]) int { return cmp.Compare(a.mmsi, b.mmsi) }

package store

import "math/bits"

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

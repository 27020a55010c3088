package track

import (
	"math/rand/v2"
	"testing"
)

// TestDedupeMayHold checks that the tag prefilter never rules out a key a
// ring holds, and rules out most others.
func TestDedupeMayHold(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	var d Dedupe
	d.StaleWindowMs = -1
	var r dedupeRing
	held := map[uint64]bool{}
	var order []uint64
	out := 0
	for i := range 100000 {
		k := rng.Uint64()
		if i%7 == 0 {
			k &^= 0xff << 56 // a tag of 0, as unused slots have
		}
		d.remember(&r, k, &Fix{Time: int64(i)}, false)
		order = append(order, k)
		held[k] = true
		if len(order) > dedupeSlots {
			delete(held, order[len(order)-dedupeSlots-1])
		}
		for h := range held {
			if !r.mayHold(h) {
				t.Fatalf("after %d keys, %x held but ruled out", i+1, h)
			}
		}
		if !r.mayHold(rng.Uint64()) {
			out++
		}
	}
	if out < 80000 {
		t.Errorf("only %d of 100000 random keys ruled out", out)
	}
}

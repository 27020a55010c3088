package ais

import (
	"math/rand"
	"testing"
)

// TestUnpackBlocksMatchesReference checks unpackBlocks (amd64) against
// refUnpack on payloads of every length it takes, valid and with a
// character out of the armour at a random place, into a buffer followed by
// guard bytes: the bytes and the count must be the reference's, nothing
// may be written past the buffer, and bytes past the payload's are zero.
func TestUnpackBlocksMatchesReference(t *testing.T) {
	if !unpackSIMD {
		t.Skip("no SIMD unpack on this system")
	}
	rng := rand.New(rand.NewSource(2))
	var valid []byte
	for c := 0; c < 256; c++ {
		if armour[c] != invalid {
			valid = append(valid, byte(c))
		}
	}
	var big [maxPayloadBytes + 8 + 16]byte
	dst := (*[maxPayloadBytes + 8]byte)(big[:maxPayloadBytes+8])
	for n := 16; n <= maxPayloadBytes*8/6; n++ {
		for trial := range 8 {
			p := make([]byte, n)
			for i := range p {
				p[i] = valid[rng.Intn(len(valid))]
			}
			if trial%2 == 1 {
				p[rng.Intn(n)] = byte(rng.Intn(256))
			}
			for i := range big {
				big[i] = 0xA5
			}
			want, ok := refUnpack(p)
			k := unpackBlocks(dst, p)
			for i := maxPayloadBytes + 8; i < len(big); i++ {
				if big[i] != 0xA5 {
					t.Fatalf("unpackBlocks(%d characters) wrote byte %d past the buffer", n, i)
				}
			}
			if !ok {
				if k != -1 {
					t.Fatalf("unpackBlocks(%q) = %d, want -1", p, k)
				}
				continue
			}
			if k != len(want) || string(dst[:k]) != string(want) {
				t.Fatalf("unpackBlocks(%q) = %d % x, want %d % x", p, k, dst[:max(k, 0)], len(want), want)
			}
			// The store that ends the payload writes zeros after it.
			for i := k; i < min(k+2, len(dst)); i++ {
				if dst[i] != 0 {
					t.Fatalf("unpackBlocks(%d characters): byte %d after the payload = %#x", n, i, dst[i])
				}
			}
		}
	}
}

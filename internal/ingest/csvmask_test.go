package ingest

import (
	"math/rand/v2"
	"testing"
)

// TestBlockMasksMatchesWords checks blockMasks (SSE2 on amd64) against
// blockMasksWords on blocks dense and sparse in commas and quotes, with
// bytes next to them (a comma ± 1, 0x80 and above) that a wrong compare
// would take for them.
func TestBlockMasksMatchesWords(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	alphabet := []byte{',', '"', ',' - 1, ',' + 1, '"' - 1, '"' + 1, 0xAC, 0xA2, 0, 0xFF, 'x'}
	for trial := range 20000 {
		var p [64]byte
		for i := range p {
			p[i] = 'x'
			if rng.IntN(1+trial%16) == 0 {
				p[i] = alphabet[rng.IntN(len(alphabet))]
			}
		}
		c, q := blockMasks(&p)
		wc, wq := blockMasksWords(&p)
		if c != wc || q != wq {
			t.Fatalf("blockMasks(%q) = %#x, %#x; want %#x, %#x", p[:], c, q, wc, wq)
		}
	}
	var p [64]byte
	for i := range p {
		p[i] = ','
	}
	if c, q := blockMasks(&p); c != ^uint64(0) || q != 0 {
		t.Errorf("blockMasks(all commas) = %#x, %#x", c, q)
	}
}

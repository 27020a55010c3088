//go:build !amd64

package ingest

// blockMasks returns the masks of the commas and of the quotes among the
// 64 bytes of p (bit i for p[i]).
func blockMasks(p *[64]byte) (c, q uint64) { return blockMasksWords(p) }

package ingest

// blockMasks returns the masks of the commas and of the quotes among the
// 64 bytes of p (bit i for p[i]): sixteen bytes a compare (SSE2), where
// blockMasksWords takes eight and more steps a word.
//
//go:noescape
func blockMasks(p *[64]byte) (c, q uint64)

package track

import "unsafe"

// prefetch6 asks the CPU to start loading the cache lines of p, q, r, s
// and t (none for nil) and the n lines from u on, as prefetch.Lines(p, 1) and
// so on would, in one call: a call of an assembly function costs a Go
// caller a dozen instructions or so (its live registers saved and
// restored around it), which the hot path pays per fix otherwise. It
// never faults nor changes memory.
//
//go:noescape
func prefetch6(p, q, r, s, t, u unsafe.Pointer, n int)

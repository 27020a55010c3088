package track

import "unsafe"

// prefetch4 asks the CPU to start loading the cache lines of p, q and r
// (none for nil) and the n lines from s on, as prefetch.Lines(p, 1) and
// so on would, in one call: a call of an assembly function costs a Go
// caller a dozen instructions or so (its live registers saved and
// restored around it), which the hot path pays per fix otherwise. It
// never faults nor changes memory.
//
//go:noescape
func prefetch4(p, q, r, s unsafe.Pointer, n int)

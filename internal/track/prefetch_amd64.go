package track

import "unsafe"

// prefetch3 asks the CPU to start loading the cache lines of p and of q
// (none for nil) and the n lines from r on, as prefetch.Lines(p, 1),
// prefetch.Lines(q, 1) and prefetch.Lines(r, n) would, in one call: a
// call of an assembly function costs a Go caller a dozen instructions or
// so (its live registers saved and restored around it), which the hot
// path pays per fix otherwise. It never faults nor changes memory.
//
//go:noescape
func prefetch3(p, q, r unsafe.Pointer, n int)

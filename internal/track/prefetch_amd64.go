package track

import "unsafe"

// prefetchPair asks the CPU to start loading the cache line of p (none
// when p is nil) and the n lines from q on, as prefetch.Lines(p, 1) and
// prefetch.Lines(q, n) would, in one call: a call of an assembly function
// costs a Go caller a dozen instructions or so (its live registers saved
// and restored around it), which the hot path pays per fix otherwise. It
// never faults nor changes memory.
//
//go:noescape
func prefetchPair(p, q unsafe.Pointer, n int)

package prefetch

import "unsafe"

// Lines asks the CPU to start loading the n cache lines (64 bytes each)
// from p on, into every cache level (PREFETCHT0). Unlike a load it does
// not wait for them, and it never faults, whatever p is.
//
//go:noescape
func Lines(p unsafe.Pointer, n int)

// Six asks the CPU to start loading the cache lines of p, q, r, s and t
// (none for nil) and the n lines from u on, as Lines(p, 1) and so on
// would, in one call: a call of an assembly function costs a Go caller a
// dozen instructions or so (its live registers saved and restored around
// it), which a hot path calling Lines five times pays five times. It never
// faults nor changes memory.
//
//go:noescape
func Six(p, q, r, s, t, u unsafe.Pointer, n int)

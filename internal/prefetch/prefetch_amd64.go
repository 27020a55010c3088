package prefetch

import "unsafe"

// Lines asks the CPU to start loading the n cache lines (64 bytes each)
// from p on, into every cache level (PREFETCHT0). Unlike a load it does
// not wait for them, and it never faults, whatever p is.
//
//go:noescape
func Lines(p unsafe.Pointer, n int)

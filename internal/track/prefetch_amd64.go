package track

import "unsafe"

// prefetchLines asks the CPU to start loading the n cache lines from p on
// (PREFETCHT0): unlike a load, it does not wait for them, so lines the
// code will read one after the other arrive together. It never faults.
//
//go:noescape
func prefetchLines(p unsafe.Pointer, n int)

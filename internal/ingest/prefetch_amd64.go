package ingest

import "unsafe"

// prefetch2 starts loading the two cache lines from p into the cache,
// without waiting for them. It reads nothing the program sees: any p is
// safe.
//
//go:noescape
func prefetch2(p unsafe.Pointer)

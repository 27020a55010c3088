//go:build !amd64

package track

import "unsafe"

// prefetchPair does nothing where no prefetch instruction is wired up
// (see prefetch_amd64.go).
func prefetchPair(p, q unsafe.Pointer, n int) {}

//go:build !amd64

package track

import "unsafe"

// prefetch6 does nothing where no prefetch instruction is wired up (see
// prefetch_amd64.go).
func prefetch6(p, q, r, s, t, u unsafe.Pointer, n int) {}

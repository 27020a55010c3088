//go:build !amd64

package track

import "unsafe"

// prefetch4 does nothing where no prefetch instruction is wired up (see
// prefetch_amd64.go).
func prefetch4(p, q, r, s unsafe.Pointer, n int) {}

//go:build !amd64

package track

import "unsafe"

// prefetch3 does nothing where no prefetch instruction is wired up (see
// prefetch_amd64.go).
func prefetch3(p, q, r unsafe.Pointer, n int) {}

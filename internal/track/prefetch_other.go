//go:build !amd64

package track

import "unsafe"

// prefetchLines does nothing where no prefetch instruction is wired up.
func prefetchLines(p unsafe.Pointer, n int) {}

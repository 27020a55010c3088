//go:build !amd64

package prefetch

import "unsafe"

// Lines does nothing where no prefetch instruction is wired up.
func Lines(p unsafe.Pointer, n int) {}

// Six does nothing where no prefetch instruction is wired up.
func Six(p, q, r, s, t, u unsafe.Pointer, n int) {}

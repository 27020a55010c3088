//go:build !amd64

package prefetch

import "unsafe"

// Lines does nothing where no prefetch instruction is wired up.
func Lines(p unsafe.Pointer, n int) {}

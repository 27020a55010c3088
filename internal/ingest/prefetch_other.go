//go:build !amd64

package ingest

import "unsafe"

// prefetch2 does nothing where there is no prefetch instruction for it.
func prefetch2(p unsafe.Pointer) {}

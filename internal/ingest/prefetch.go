package ingest

import (
	"unsafe"

	"github.com/lookout-osint/lookout/internal/prefetch"
)

// prefetch2 starts loading the two cache lines from p, without waiting for
// them (an identity cache entry is two lines). Any p is safe.
func prefetch2(p unsafe.Pointer) { prefetch.Lines(p, 2) }

package track

import (
	"testing"
	"unsafe"
)

// TestPrefetchPairIsOnlyAHint checks that prefetch4 neither faults nor
// changes memory: nil first lines, nil or valid ranges, ranges running
// past the end of an object, and any count.
func TestPrefetchPairIsOnlyAHint(t *testing.T) {
	buf := make([]byte, 4096)
	for i := range buf {
		buf[i] = byte(i * 7)
	}
	first, last := unsafe.Pointer(&buf[0]), unsafe.Pointer(&buf[len(buf)-1])
	for _, n := range []int{-1, 0, 1, 12, 64} {
		for _, p := range []unsafe.Pointer{nil, first, last} {
			prefetch4(p, last, nil, first, n)
			prefetch4(nil, p, last, last, n) // runs past the end
			prefetch4(p, nil, p, nil, min(n, 1))
		}
	}
	for i := range buf {
		if buf[i] != byte(i*7) {
			t.Fatalf("byte %d changed to %d", i, buf[i])
		}
	}
}

// TestPrefetchPairAllocatesNothing checks that the hot path's prefetch
// costs no allocation (its pointers do not escape).
func TestPrefetchPairAllocatesNothing(t *testing.T) {
	var x, y [256]byte
	if n := testing.AllocsPerRun(100, func() {
		prefetch4(unsafe.Pointer(&x), unsafe.Pointer(&y), unsafe.Pointer(&x), unsafe.Pointer(&y), 4)
	}); n != 0 {
		t.Errorf("prefetch4 allocates %v times a call", n)
	}
}

package track

import (
	"testing"
	"unsafe"
)

// TestPrefetchPairIsOnlyAHint checks that prefetch6 neither faults nor
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
			prefetch6(p, last, nil, first, p, first, n)
			prefetch6(nil, p, last, nil, last, last, n) // runs past the end
			prefetch6(p, nil, p, p, nil, nil, min(n, 1))
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
		prefetch6(unsafe.Pointer(&x), unsafe.Pointer(&y), unsafe.Pointer(&x), unsafe.Pointer(&y), unsafe.Pointer(&x), unsafe.Pointer(&y), 4)
	}); n != 0 {
		t.Errorf("prefetch6 allocates %v times a call", n)
	}
}

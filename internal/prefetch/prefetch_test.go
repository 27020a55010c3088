package prefetch

import (
	"testing"
	"unsafe"
)

// TestLinesIsOnlyAHint checks that Lines neither faults nor changes memory,
// for valid and nil addresses, lines past the end of an object and for any count.
func TestLinesIsOnlyAHint(t *testing.T) {
	buf := make([]byte, 4096)
	for i := range buf {
		buf[i] = byte(i)
	}
	for _, n := range []int{-1, 0, 1, 2, 64} {
		Lines(unsafe.Pointer(&buf[0]), n)
		Lines(nil, n)
		Lines(unsafe.Pointer(&buf[len(buf)-1]), n) // runs past the end
	}
	for i := range buf {
		if buf[i] != byte(i) {
			t.Fatalf("byte %d changed to %d", i, buf[i])
		}
	}
}

// TestLinesAllocatesNothing checks that a prefetch costs no allocation.
func TestLinesAllocatesNothing(t *testing.T) {
	var x [256]byte
	if n := testing.AllocsPerRun(100, func() { Lines(unsafe.Pointer(&x), 4) }); n != 0 {
		t.Errorf("Lines allocates %v times a call", n)
	}
}

// TestSixIsOnlyAHint checks that Six neither faults nor changes memory:
// nil first lines, nil or valid ranges, ranges running past the end of an
// object, and any count.
func TestSixIsOnlyAHint(t *testing.T) {
	buf := make([]byte, 4096)
	for i := range buf {
		buf[i] = byte(i * 7)
	}
	first, last := unsafe.Pointer(&buf[0]), unsafe.Pointer(&buf[len(buf)-1])
	for _, n := range []int{-1, 0, 1, 12, 64} {
		for _, p := range []unsafe.Pointer{nil, first, last} {
			Six(p, last, nil, first, p, first, n)
			Six(nil, p, last, nil, last, last, n) // runs past the end
			Six(p, nil, p, p, nil, nil, min(n, 1))
		}
	}
	for i := range buf {
		if buf[i] != byte(i*7) {
			t.Fatalf("byte %d changed to %d", i, buf[i])
		}
	}
}

// TestSixAllocatesNothing checks that Six costs no allocation (its
// pointers do not escape).
func TestSixAllocatesNothing(t *testing.T) {
	var x, y [256]byte
	if n := testing.AllocsPerRun(100, func() {
		Six(unsafe.Pointer(&x), unsafe.Pointer(&y), unsafe.Pointer(&x), unsafe.Pointer(&y), unsafe.Pointer(&x), unsafe.Pointer(&y), 4)
	}); n != 0 {
		t.Errorf("Six allocates %v times a call", n)
	}
}

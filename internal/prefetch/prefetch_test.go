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

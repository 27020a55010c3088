//go:build linux

package guardmem

import (
	"strings"
	"testing"
)

// sink keeps the test's deliberate loads from being optimised away.
var sink byte

// TestFaults checks the tool: a load one byte past the
// data, or one before it, must be reported, and one inside must not.
func TestFaults(t *testing.T) {
	g := New(t, 1)
	if w := g.Fault(func() { sink = g.mem[g.hi] }); w == "" || !strings.Contains(w, "0 bytes past") {
		t.Fatalf("a load just past the data: %q; want a fault 0 bytes past", w)
	}
	if w := g.Fault(func() { sink = g.mem[g.lo-1] }); w == "" || !strings.Contains(w, "1 bytes before") {
		t.Fatalf("a load just before the data: %q; want a fault 1 bytes before", w)
	}
	if w := g.Fault(func() { sink = g.mem[g.lo] + g.mem[g.hi-1] }); w != "" {
		t.Fatalf("loads inside the data: %s", w)
	}
}

//go:build linux

package ais

import (
	"bytes"
	"fmt"
	"runtime/debug"
	"strings"
	"syscall"
	"testing"
	"unsafe"
)

// guardMem is memory whose data pages lie between two pages that cannot be
// read or written: a load that strays a byte before the first data byte or
// past the last faults, where on the Go heap it would read a neighbour.
type guardMem struct {
	mem    []byte // the whole mapping, guard pages included
	lo, hi int    // the data pages are mem[lo:hi]
}

// newGuardMem maps dataPages pages of data between two guard pages; the
// test unmaps them when it ends.
func newGuardMem(t testing.TB, dataPages int) *guardMem {
	t.Helper()
	page := syscall.Getpagesize()
	mem, err := syscall.Mmap(-1, 0, (dataPages+2)*page, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_PRIVATE|syscall.MAP_ANON)
	if err != nil {
		t.Fatalf("mmap: %v", err)
	}
	t.Cleanup(func() { _ = syscall.Munmap(mem) })
	if err := syscall.Mprotect(mem[:page], syscall.PROT_NONE); err != nil {
		t.Fatalf("mprotect: %v", err)
	}
	if err := syscall.Mprotect(mem[len(mem)-page:], syscall.PROT_NONE); err != nil {
		t.Fatalf("mprotect: %v", err)
	}
	return &guardMem{mem: mem, lo: page, hi: len(mem) - page}
}

// atEnd copies src so that its last byte is the last before the upper
// guard page and returns the copy, its capacity its length.
func (g *guardMem) atEnd(src []byte) []byte {
	b := g.mem[g.hi-len(src) : g.hi : g.hi]
	copy(b, src)
	return b
}

// atStart copies src so that its first byte is the first after the lower
// guard page and returns the copy, its capacity its length.
func (g *guardMem) atStart(src []byte) []byte {
	b := g.mem[g.lo : g.lo+len(src) : g.lo+len(src)]
	copy(b, src)
	return b
}

// fault runs f and returns "" if it touched no guard page, else where it
// touched one (a fault is turned into a panic and recovered).
func (g *guardMem) fault(f func()) (where string) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		r := recover()
		if r == nil {
			return
		}
		e, ok := r.(interface{ Addr() uintptr })
		if !ok {
			panic(r)
		}
		where = g.describe(e.Addr())
	}()
	f()
	return ""
}

// describe says where addr lies relative to the data pages.
func (g *guardMem) describe(addr uintptr) string {
	base := uintptr(bytesAddr(g.mem))
	lo, hi := base+uintptr(g.lo), base+uintptr(g.hi)
	switch {
	case addr < lo && addr >= base:
		return fmt.Sprintf("fault at %#x, %d bytes before the data pages", addr, lo-addr)
	case addr >= hi && addr < base+uintptr(len(g.mem)):
		return fmt.Sprintf("fault at %#x, %d bytes past the data pages", addr, addr-hi)
	}
	return fmt.Sprintf("fault at %#x, outside the mapping", addr)
}

// bytesAddr is the address of b's first byte.
func bytesAddr(b []byte) uintptr {
	return uintptr(unsafe.Pointer(unsafe.SliceData(b)))
}

// guardSink keeps the test's deliberate loads from being optimised away.
var guardSink byte

// TestGuardMemFaults checks the test's own tool: a load one byte past the
// data, or one before it, must be reported, and one inside must not.
func TestGuardMemFaults(t *testing.T) {
	g := newGuardMem(t, 1)
	if w := g.fault(func() { guardSink = g.mem[g.hi] }); w == "" || !strings.Contains(w, "0 bytes past") {
		t.Fatalf("a load just past the data: %q; want a fault 0 bytes past", w)
	}
	if w := g.fault(func() { guardSink = g.mem[g.lo-1] }); w == "" || !strings.Contains(w, "1 bytes before") {
		t.Fatalf("a load just before the data: %q; want a fault 1 bytes before", w)
	}
	if w := g.fault(func() { guardSink = g.mem[g.lo] + g.mem[g.hi-1] }); w != "" {
		t.Fatalf("loads inside the data: %s", w)
	}
}

// TestUnpackGuardPage loads payloads of every length up to 400 (past the
// longest load takes whole), valid and with a byte out of the armour
// first or last, that end right before a guard page or start right after
// one: unpack (unpackBlocks on amd64, whose tail loads the payload's last
// sixteen bytes) must read only the payload, and give refUnpack's bits.
func TestUnpackGuardPage(t *testing.T) {
	g := newGuardMem(t, 1)
	var r bitBuf
	for n := 0; n <= 400; n++ {
		valid := guardPayload(n)
		inputs := [][]byte{valid}
		if n > 0 {
			for _, at := range []int{0, n - 1} {
				p := bytes.Clone(valid)
				p[at] = 'X'
				inputs = append(inputs, p)
			}
		}
		for _, p := range inputs {
			for _, place := range []func([]byte) []byte{g.atEnd, g.atStart} {
				b := place(p)
				var err error
				k := -2
				if w := g.fault(func() {
					if unpackSIMD && n >= 16 && n <= maxPayloadBytes*8/6 {
						var dst [maxPayloadBytes + 8]byte
						k = unpackBlocks(&dst, b)
					}
					err = r.load(b, 0)
				}); w != "" {
					t.Fatalf("load of %d characters (%q): %s", n, p[max(0, n-20):], w)
				}
				want, ok := refUnpack(p[:min(n, maxPayloadBytes*8/6)])
				if ok != (err == nil) || k != -2 && ok != (k >= 0) {
					t.Fatalf("load of %d characters: %v (unpackBlocks %d); the reference says valid = %v", n, err, k, ok)
				}
				if ok && (!bytes.Equal(r.b[:len(want)], want) || k != -2 && k != len(want)) {
					t.Fatalf("load of %d characters: % x (unpackBlocks %d); want % x", n, r.b[:len(want)], k, want)
				}
			}
		}
	}
}

// TestDecodeGuardPage decodes real payloads (types 1, 5 and 8), cut at
// every length, that end right before a guard page: no load of Decode may
// leave the payload.
func TestDecodeGuardPage(t *testing.T) {
	g := newGuardMem(t, 1)
	var m Message
	decoded := 0
	for _, p := range []string{
		"13u?etPv2;0n:dDPwUM1U1Cb069D",
		"55NBjP01mtGIL@CW;SM<D60P5Ld000000000000P0`<3557l0<50@kk@K5h@00000000000000",
		"8Nj<9D0000ttt0<D04@<tt<8`H0H@@l44L`<40<@tT`<4T0`=h0",
	} {
		for cut := 0; cut <= len(p); cut++ {
			b := g.atEnd([]byte(p[:cut]))
			var err error
			if w := g.fault(func() { err = m.Decode(b, 0) }); w != "" {
				t.Fatalf("Decode(%q): %s", b, w)
			}
			if err == nil {
				decoded++
			}
		}
	}
	if decoded == 0 {
		t.Fatal("no payload decoded: the test missed the decoder")
	}
}

// FuzzGuardPage loads any payload placed right before a guard page and
// right after one: no load may leave it, and the bits must be refUnpack's.
func FuzzGuardPage(f *testing.F) {
	f.Add([]byte("13u?etPv2;0n:dDPwUM1U1Cb069D"), 0)
	f.Add([]byte("55NBjP01mtGIL@CW;SM<D60P5Ld000000000000P0`<3557l0<50@kk@K5h@00000000000000"), 2)
	g := newGuardMem(f, 1)
	var r bitBuf
	f.Fuzz(func(t *testing.T, p []byte, fill int) {
		if len(p) == 0 {
			return // Decode reports ErrEmpty before load
		}
		if len(p) > g.hi-g.lo {
			t.Skip("longer than the guarded page")
		}
		want, ok := refUnpack(p[:min(len(p), maxPayloadBytes*8/6)])
		for _, place := range []func([]byte) []byte{g.atEnd, g.atStart} {
			b := place(p)
			var err error
			if w := g.fault(func() { err = r.load(b, fill) }); w != "" {
				t.Fatalf("load(%q): %s", p, w)
			}
			if ok != (err == nil) {
				t.Fatalf("load(%q): %v; the reference says valid = %v", p, err, ok)
			}
			if ok && r.n/8 > 0 && !bytes.Equal(r.b[:r.n/8], want[:r.n/8]) {
				t.Fatalf("load(%q) = % x; want % x", p, r.b[:r.n/8], want[:r.n/8])
			}
		}
	})
}

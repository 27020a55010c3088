//go:build linux

// Package guardmem gives tests memory fenced by pages that cannot be read
// or written, to prove that code (hand-written assembly above all) reads
// nothing before or past the slice it is given: on the Go heap such a load
// reads a neighbour unnoticed, next to a guard page it faults, and Fault
// reports where. Only tests import it.
package guardmem

import (
	"fmt"
	"runtime/debug"
	"syscall"
	"testing"
	"unsafe"
)

// Mem is memory whose data pages lie between two pages that cannot be
// read or written: a load that strays a byte before the first data byte or
// past the last faults, where on the Go heap it would read a neighbour.
type Mem struct {
	mem    []byte // the whole mapping, guard pages included
	lo, hi int    // the data pages are mem[lo:hi]
}

// New maps dataPages pages of data between two guard pages; the
// test unmaps them when it ends.
func New(t testing.TB, dataPages int) *Mem {
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
	return &Mem{mem: mem, lo: page, hi: len(mem) - page}
}

// AtEnd copies src so that its last byte is the last before the upper
// guard page and returns the copy, its capacity its length.
func (g *Mem) AtEnd(src []byte) []byte {
	b := g.mem[g.hi-len(src) : g.hi : g.hi]
	copy(b, src)
	return b
}

// AtStart copies src so that its first byte is the first after the lower
// guard page and returns the copy, its capacity its length.
func (g *Mem) AtStart(src []byte) []byte {
	b := g.mem[g.lo : g.lo+len(src) : g.lo+len(src)]
	copy(b, src)
	return b
}

// Fault runs f and returns "" if it touched no guard page, else where it
// touched one (a fault is turned into a panic and recovered).
func (g *Mem) Fault(f func()) (where string) {
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

// Size is the number of data bytes: the most AtEnd and AtStart place.
func (g *Mem) Size() int { return g.hi - g.lo }

// describe says where addr lies relative to the data pages.
func (g *Mem) describe(addr uintptr) string {
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

// Lengths are input lengths worth placing against a guard page: every
// length up to 80 (so every alignment of the start for 16-byte loads)
// and some around the lengths where 16- and 64-byte loops change step.
func Lengths() []int {
	var ls []int
	for n := 0; n <= 80; n++ {
		ls = append(ls, n)
	}
	return append(ls, 95, 96, 97, 127, 128, 129, 255, 256, 257, 271, 272, 273, 1000, 4079, 4080, 4081)
}

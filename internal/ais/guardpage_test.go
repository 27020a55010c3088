//go:build linux

package ais

import (
	"bytes"
	"testing"

	"github.com/lookout-osint/lookout/internal/guardmem"
)

// TestUnpackGuardPage loads payloads of every length up to 400 (past the
// longest load takes whole), valid and with a byte out of the armour
// first or last, that end right before a guard page or start right after
// one: unpack (unpackBlocks on amd64, whose tail loads the payload's last
// sixteen bytes) must read only the payload, and give refUnpack's bits.
func TestUnpackGuardPage(t *testing.T) {
	g := guardmem.New(t, 1)
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
			for _, place := range []func([]byte) []byte{g.AtEnd, g.AtStart} {
				b := place(p)
				var err error
				k := -2
				if w := g.Fault(func() {
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
	g := guardmem.New(t, 1)
	var m Message
	decoded := 0
	for _, p := range []string{
		"13u?etPv2;0n:dDPwUM1U1Cb069D",
		"55NBjP01mtGIL@CW;SM<D60P5Ld000000000000P0`<3557l0<50@kk@K5h@00000000000000",
		"8Nj<9D0000ttt0<D04@<tt<8`H0H@@l44L`<40<@tT`<4T0`=h0",
	} {
		for cut := 0; cut <= len(p); cut++ {
			b := g.AtEnd([]byte(p[:cut]))
			var err error
			if w := g.Fault(func() { err = m.Decode(b, 0) }); w != "" {
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
	g := guardmem.New(f, 1)
	var r bitBuf
	f.Fuzz(func(t *testing.T, p []byte, fill int) {
		if len(p) == 0 {
			return // Decode reports ErrEmpty before load
		}
		if len(p) > g.Size() {
			t.Skip("longer than the guarded page")
		}
		want, ok := refUnpack(p[:min(len(p), maxPayloadBytes*8/6)])
		for _, place := range []func([]byte) []byte{g.AtEnd, g.AtStart} {
			b := place(p)
			var err error
			if w := g.Fault(func() { err = r.load(b, fill) }); w != "" {
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

package ais

import "testing"

// FuzzUnpack compares load with the one-bit-at-a-time reference (refUnpack)
// on any payload and fill, after the buffer held another payload's bits:
// the error, the bit count, and every byte of the buffer (payload bits,
// then zeros).
func FuzzUnpack(f *testing.F) {
	f.Add([]byte("13u?etPv2;0n:dDPwUM1U1Cb069D"), []byte("w"), 0)
	f.Add([]byte("55NBjP01mtGIL@CW;SM<D60P5Ld000000000000P0`<3557l0<50@kk@K5h@00000000000000"), []byte("1"), 2)
	f.Add([]byte("1,3"), []byte("wwwwwwwwwwwwwwwwwwwww"), 5)
	f.Add([]byte("w"), []byte("wwwwwwwwwwwwwwwwwwwww"), 3)
	f.Fuzz(func(t *testing.T, p, before []byte, fill int) {
		if len(p) == 0 {
			return // Decode reports ErrEmpty before load
		}
		var r bitBuf
		_ = r.load(before, 0)
		err := r.load(p, fill)
		if len(p) > maxPayloadBytes*8/6 { // as load cuts it
			p, fill = p[:maxPayloadBytes*8/6], 0
		}
		if fill < 0 || fill > 5 {
			fill = 0
		}
		want, ok := refUnpack(p)
		if ok != (err == nil) {
			t.Fatalf("load(%q): %v; the reference says valid = %v", p, err, ok)
		}
		if !ok {
			return
		}
		bits := len(p)*6 - fill
		if r.n != bits {
			t.Fatalf("load(%q, %d): %d bits, want %d", p, fill, r.n, bits)
		}
		for i := range r.b {
			var w byte
			switch {
			case i*8 >= bits:
			case i*8+8 > bits: // the byte with the last bits
				w = want[i] & (0xFF << (i*8 + 8 - bits))
			default:
				w = want[i]
			}
			if r.b[i] != w {
				t.Fatalf("load(%q, %d): byte %d = %#x, want %#x", p, fill, i, r.b[i], w)
			}
		}
	})
}

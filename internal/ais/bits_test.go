package ais

import (
	"math/rand"
	"testing"
)

// refUnpack is the armour decoding one character and one bit at a time.
func refUnpack(payload []byte) ([]byte, bool) {
	out := make([]byte, (len(payload)*6+7)/8)
	for i, c := range payload {
		v := armour[c]
		if v == invalid {
			return nil, false
		}
		for k := 0; k < 6; k++ {
			if v&(32>>k) != 0 {
				bit := i*6 + k
				out[bit/8] |= 0x80 >> (bit % 8)
			}
		}
	}
	return out, true
}

// TestUnpackMatchesReference compares unpack with refUnpack on payloads of
// every length up to 90 characters, valid and with one character out of the
// armour (each byte value in turn, at every position), in a buffer that held
// other bits before.
func TestUnpackMatchesReference(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	var valid []byte
	for c := 0; c < 256; c++ {
		if armour[c] != invalid {
			valid = append(valid, byte(c))
		}
	}
	var r bitBuf
	check := func(p []byte) {
		t.Helper()
		for i := range r.b {
			r.b[i] = 0xA5
		}
		want, ok := refUnpack(p)
		n := r.unpack(p)
		if !ok {
			if n != -1 {
				t.Fatalf("unpack(%q) = %d, want -1", p, n)
			}
			return
		}
		if n != len(want) || string(r.b[:n]) != string(want) {
			t.Fatalf("unpack(%q) = %d % x, want %d % x", p, n, r.b[:max(n, 0)], len(want), want)
		}
	}
	for n := 0; n <= 90; n++ {
		p := make([]byte, n)
		for i := range p {
			p[i] = valid[rng.Intn(len(valid))]
		}
		check(p)
		for i := 0; i < n; i++ {
			keep := p[i]
			for c := 0; c < 256; c++ {
				p[i] = byte(c)
				check(p)
			}
			p[i] = keep
		}
	}
}

// TestLoadLongPayload checks that load cuts a payload longer than the
// buffer (unpack relies on it) and keeps the bits of the part it decodes.
func TestLoadLongPayload(t *testing.T) {
	rng := rand.New(rand.NewSource(2))
	for _, n := range []int{maxPayloadBytes*8/6 - 1, maxPayloadBytes * 8 / 6, maxPayloadBytes*8/6 + 1, 400, 1000} {
		p := make([]byte, n)
		for i := range p {
			p[i] = byte('0' + rng.Intn(40))
		}
		var r bitBuf
		if err := r.load(p, 0); err != nil {
			t.Fatalf("load of %d characters: %v", n, err)
		}
		want, _ := refUnpack(p[:min(n, maxPayloadBytes*8/6)])
		if r.n != len(p[:min(n, maxPayloadBytes*8/6)])*6 || string(r.b[:len(want)]) != string(want) {
			t.Fatalf("load of %d characters: %d bits, bytes differ from the reference", n, r.n)
		}
	}
}

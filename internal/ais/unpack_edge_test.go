package ais

import (
	"bytes"
	"testing"
)

// armourEdges are the bytes next to the armour's two ranges ('0'..'W' and
// '`'..'w') and the same with the high bit set, which a signed compare
// could take for armour characters.
var armourEdges = []byte{'/', '0', 'W', 'X', '_', '`', 'w', 'x', 0x00, 0x7F, 0x80, 0xAF, 0xB0, 0xD7, 0xE0, 0xF7, 0xF8, 0xFF}

// guardPayload is a payload of n armour characters, all of them in turn.
func guardPayload(n int) []byte {
	p := make([]byte, n)
	for i := range p {
		p[i] = byte('0' + (i*7)%64)
		if p[i] > 'W' {
			p[i] += 8
		}
	}
	return p
}

// TestUnpackArmourEdges puts each byte next to the armour's ranges at
// every position of payloads of the lengths where unpack changes step
// (a block of sixteen, one more, one less, the longest load takes) and
// checks unpack against refUnpack: the bytes and the count, or -1.
func TestUnpackArmourEdges(t *testing.T) {
	var r bitBuf
	checked := 0
	for _, n := range []int{7, 8, 9, 15, 16, 17, 23, 24, 25, 31, 32, 33, 47, 48, 49, 63, 64, 65, 335, 336, 337, 340, 341} {
		p := guardPayload(n)
		for at := range n {
			keep := p[at]
			for _, c := range armourEdges {
				p[at] = c
				for i := range r.b {
					r.b[i] = 0xA5
				}
				want, ok := refUnpack(p)
				k := r.unpack(p)
				if !ok && k != -1 || ok && (k != len(want) || !bytes.Equal(r.b[:k], want)) {
					t.Fatalf("unpack(%q) (%#x at %d) = %d % x; want valid = %v, % x", p, c, at, k, r.b[:max(k, 0)], ok, want)
				}
				checked++
			}
			p[at] = keep
		}
	}
	if checked == 0 {
		t.Fatal("nothing checked")
	}
}

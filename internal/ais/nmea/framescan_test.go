package nmea

import (
	"math/rand"
	"testing"
)

// TestFrameScan checks frameScan's contract on bodies with every kind of
// byte its test flags (stop bytes, other bytes below '+', '\\', bytes of
// 0x80 and above) and bytes next to them, from every start: b[i:j] holds
// none of them, acc folds to its XOR, and j is the first flagged byte, or
// i plus whole blocks with fewer than sixteen bytes left. The stub of
// other systems takes nothing.
func TestFrameScan(t *testing.T) {
	rng := rand.New(rand.NewSource(5))
	special := []byte{'*', '!', '$', '\\', ',', '+', '"', ' ', '\r', '\n', 0, 0x7F, 0x80, 0xAA, 0xFF, '[', ']'}
	flagged := func(c byte) bool { return int8(c) < '+' || c == '\\' }
	for trial := range 3000 {
		b := make([]byte, rng.Intn(80))
		for k := range b {
			b[k] = byte('0' + rng.Intn(40))
			if rng.Intn(1+trial%40) == 0 {
				b[k] = special[rng.Intn(len(special))]
			}
		}
		for i := 0; i <= len(b); i++ {
			j, acc := frameScan(b, i)
			if !frameScanSIMD {
				if j != i || acc != 0 {
					t.Fatalf("stub frameScan(%q, %d) = %d, %#x", b, i, j, acc)
				}
				continue
			}
			var x byte
			for _, c := range b[i:j] {
				if flagged(c) {
					t.Fatalf("frameScan(%q, %d) = %d: passed %q", b, i, j, c)
				}
				x ^= c
			}
			if foldXOR(acc) != x {
				t.Fatalf("frameScan(%q, %d) = %d, %#x; XOR %#x", b, i, j, acc, x)
			}
			atFlag := j < len(b) && flagged(b[j])
			if !atFlag && ((j-i)%16 != 0 || j+16 <= len(b)) {
				t.Fatalf("frameScan(%q, %d) = %d: neither at the first flagged byte nor past the last whole block", b, i, j)
			}
		}
	}
}

package nmea

import (
	"fmt"
	"math/rand"
	"runtime"
	"testing"
)

// TestFrameFast checks frameFast against frameRefFrom (byte by byte): on
// sentences with good and bad checksums in both cases, bodies holding
// every kind of byte the fast test flags (stop bytes, other bytes below
// '+', '\\', bytes of 0x80 and above) and bytes next to them, from every
// start and with a known prefix sum, whatever it takes must be what
// frameRefFrom finds; and on amd64 it must take every good sentence whose
// '*' lies in the whole sixteen-byte blocks from the start with the "hh"
// after it in upper case.
func TestFrameFast(t *testing.T) {
	rng := rand.New(rand.NewSource(5))
	special := []byte{'*', '!', '$', '\\', ',', '+', '"', ' ', '\r', '\n', 0, 0x7F, 0x80, 0xAA, 0xFF, '[', ']'}
	flagged := func(c byte) bool { return int8(c) < '+' || c == '\\' }
	taken := 0
	for trial := range 4000 {
		body := make([]byte, rng.Intn(70))
		for k := range body {
			body[k] = byte('0' + rng.Intn(40))
			if trial%3 == 0 && rng.Intn(1+trial%40) == 0 {
				body[k] = special[rng.Intn(len(special))]
			}
		}
		var sum byte
		for _, c := range body {
			sum ^= c
		}
		hh := fmt.Sprintf("%02X", sum^byte(rng.Intn(2))) // a bad sum half the time
		if trial%7 == 0 {
			hh = fmt.Sprintf("%02x", sum)
		}
		b := append(append(append([]byte{'!'}, body...), '*'), hh...)
		b = append(b, "\r\n!AIVDM"[:rng.Intn(9)]...)
		for i := 0; i <= len(b); i++ {
			for _, pre := range []byte{0, 0x5A} {
				n := frameFast(b, i, pre)
				rn, rerr := frameRefFrom(b, i, pre)
				if n > 0 && (n != rn || rerr != nil) {
					t.Fatalf("frameFast(%q, %d, %#x) = %d; byte by byte %d, %v", b, i, pre, n, rn, rerr)
				}
				if n > 0 {
					taken++
				}
				if runtime.GOARCH != "amd64" || rerr != nil || n > 0 {
					continue
				}
				star := rn - 3 // the '*'
				blockEnd := i + (star-i)/16*16 + 16
				clean := true
				for _, c := range b[i:star] {
					clean = clean && !flagged(c)
				}
				upper := string(b[star+1:star+3]) == fmt.Sprintf("%02X", hexVal[b[star+1]]<<4|hexVal[b[star+2]])
				if clean && upper && blockEnd <= len(b) {
					t.Fatalf("frameFast(%q, %d, %#x) = 0; want %d", b, i, pre, rn)
				}
			}
		}
	}
	// A sentence cut after its first checksum digit, the second still in
	// the slice's capacity: frameFast must not read it.
	for k := range 40 {
		body := make([]byte, k)
		for j := range body {
			body[j] = byte('0' + (j*7)%40)
		}
		var sum byte
		for _, c := range body {
			sum ^= c
		}
		full := fmt.Appendf(append([]byte{'!'}, body...), "*%02X", sum)
		for cut := len(full) - 2; cut < len(full); cut++ {
			b := full[:cut]
			for i := 0; i <= len(b); i++ {
				if n := frameFast(b, i, 0); n != 0 {
					t.Fatalf("frameFast(%q (cut from %q), %d) = %d; want 0", b, full, i, n)
				}
			}
		}
	}
	if runtime.GOARCH == "amd64" && taken == 0 {
		t.Error("frameFast took no sentence")
	}
}

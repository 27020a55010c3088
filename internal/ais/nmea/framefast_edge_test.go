package nmea

import (
	"fmt"
	"runtime"
	"testing"
)

// TestFrameFromEdges puts each byte next to those frameFast flags ('*',
// '+', '\\', a byte of 0x80 and above that is one of them with the high
// bit set, ...) at every position of bodies of the lengths where its
// blocks end, with the "hh" in upper, lower and mixed case, and with the
// sentence's end at the end of the slice or before a CR LF; frameFrom (on
// amd64 first frameFast) from every start must agree with the byte-by-byte
// reference, and frameFast must take the clean bodies with an upper-case
// "hh" whose '*' lies in the whole sixteen-byte blocks from the start.
func TestFrameFromEdges(t *testing.T) {
	special := []byte{'*', '+', ')', '\\', '[', ']', '!', '$', ' ', '\r', '\n', 0, 0x7F, 0x80, 0xAA, 0xAB, 0xDC, 0xA1, 0xA4, 0xFF}
	checked, taken := 0, 0
	for _, n := range []int{0, 1, 13, 14, 15, 16, 17, 29, 30, 31, 32, 33, 47, 48, 49} {
		body := make([]byte, n)
		for i := range body {
			body[i] = "AIVDM,1,1,,A,13u?etPv2;0n:dDPwUM1U1Cb069D"[i%40]
		}
		for at := -1; at < n; at++ { // -1: the clean body
			for _, c := range special {
				if at < 0 && c != special[0] {
					break
				}
				b := append([]byte{'!'}, body...)
				if at >= 0 {
					b[1+at] = c
				}
				var sum byte
				for _, x := range b[1:] {
					sum ^= x
				}
				for _, hh := range []string{"%02X", "%02x", "%X%x"} {
					hex := fmt.Sprintf(hh, sum)
					if hh == "%X%x" {
						hex = fmt.Sprintf(hh, sum>>4, sum&15)
					}
					for _, tail := range []string{"", "\r\n"} {
						s := append(append(append(append([]byte(nil), b...), '*'), hex...), tail...)
						for i := 0; i <= len(s); i++ {
							var pre byte // the sum of s[1:i]
							for j := 1; j < i && j < len(s); j++ {
								pre ^= s[j]
							}
							got, err := frameFrom(s, i, pre)
							want, werr := frameRefFrom(s, i, pre)
							if got != want || err != werr {
								t.Fatalf("frameFrom(%q, %d) = %d, %v; byte by byte %d, %v", s, i, got, err, want, werr)
							}
							fast := frameFast(s, i, pre)
							if fast != 0 && (fast != want || werr != nil) {
								t.Fatalf("frameFast(%q, %d) = %d; byte by byte %d, %v", s, i, fast, want, werr)
							}
							star := len(b) // the '*'
							blockEnd := i + (star-i)/16*16 + 16
							if runtime.GOARCH == "amd64" && at < 0 && i >= 1 && hex == fmt.Sprintf("%02X", sum) && blockEnd <= len(s) && fast == 0 {
								t.Fatalf("frameFast(%q, %d) = 0; want %d", s, i, want)
							}
							if fast > 0 {
								taken++
							}
							checked++
						}
					}
				}
			}
		}
	}
	if runtime.GOARCH == "amd64" && taken == 0 {
		t.Fatal("frameFast took no sentence: the test missed its fast path")
	}
	if checked == 0 {
		t.Fatal("nothing checked")
	}
}

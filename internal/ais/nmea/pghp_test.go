package nmea

import (
	"math/rand"
	"testing"
)

// TestPGHPSecMsMatchesFields compares the two-field fast path with
// pghpFields on hand-made and random field texts.
func TestPGHPSecMsMatchesFields(t *testing.T) {
	cases := []string{
		"", "0", "0,", "0,11", "0,11,", "0,11,219,,2190067,1,62", ",11", "0,,", "00,011,x",
		"1234567890,1", "12345678901,1", "1,1234567890", "1,12345678901,", "7,3x", "7x,3", "60,999", "61,1000",
		"/,0", "9,:", "5,5 ", " 5,5",
	}
	rng := rand.New(rand.NewSource(7))
	alphabet := "0123456789,,,/:x "
	for range 100000 {
		b := make([]byte, rng.Intn(16))
		for i := range b {
			b[i] = alphabet[rng.Intn(len(alphabet))]
		}
		cases = append(cases, string(b))
	}
	good := 0
	for _, c := range cases {
		var v [2]int64
		wantOK := pghpFields([]byte(c), v[:])
		sec, ms, ok := pghpSecMs([]byte(c))
		if ok != wantOK || (ok && (sec != v[0] || ms != v[1])) {
			t.Fatalf("pghpSecMs(%q) = %d, %d, %v; pghpFields gives %v, %v", c, sec, ms, ok, v, wantOK)
		}
		if ok {
			good++
		}
	}
	if good < 100 {
		t.Fatalf("only %d valid cases: the test hardly checks values", good)
	}
}

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

// TestPGHPSecMsWordMatchesBytes checks that the word path, whenever it
// answers, gives what pghpSecMsBytes gives, on every text of eight bytes or
// more that it should take (made from the usual shapes) and on random ones
// with bytes that could carry (0x80 and above, '/', ':'); and that it does
// take the usual shapes.
func TestPGHPSecMsWordMatchesBytes(t *testing.T) {
	var cases []string
	for _, sec := range []string{"0", "9", "00", "59", "60", "99", "000", "123"} {
		for _, ms := range []string{"0", "11", "999", "000", "1000", "", "12345"} {
			for _, tail := range []string{",219,,2190067,1,62", ",", ",1", "", "x,1234567", "\xff,,,,,,,,"} {
				cases = append(cases, sec+","+ms+tail)
			}
		}
	}
	rng := rand.New(rand.NewSource(11))
	alphabet := "0123456789,,,/:x \x80\xb0\xff*"
	for range 200000 {
		b := make([]byte, 1+rng.Intn(13))
		for i := range b {
			b[i] = alphabet[rng.Intn(len(alphabet))]
		}
		cases = append(cases, string(b))
	}
	took := 0
	for _, c := range cases {
		// Alone, and as quickPGHP reads it: running on past the fields
		// into the checksum and the next line.
		for _, tail := range []string{"", "*3F\r\n!AIVDM,1,1,,B,", "*3F,1,2,3,"} {
			sec, ms, ok := pghpSecMsWord([]byte(c + tail))
			if !ok {
				continue
			}
			took++
			wsec, wms, wok := pghpSecMsBytes([]byte(c))
			if !wok || sec != wsec || ms != wms {
				t.Fatalf("pghpSecMsWord(%q) = %d, %d; pghpSecMsBytes(%q) gives %d, %d, %v", c+tail, sec, ms, c, wsec, wms, wok)
			}
		}
	}
	for _, c := range []string{"0,11,219,,2190067,1,62", "59,999,x,", "7,0,,,,,,,"} {
		if _, _, ok := pghpSecMsWord([]byte(c)); !ok {
			t.Errorf("pghpSecMsWord(%q) not taken", c)
		}
	}
	if took < 1000 {
		t.Fatalf("the word path answered only %d times: the test hardly checks it", took)
	}
}

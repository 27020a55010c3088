package nmea

import (
	"math/rand"
	"reflect"
	"strconv"
	"strings"
	"testing"
)

// TestFrameHexMatchesRef compares frameFrom, whose first test of the "hh"
// is the upper-case spelling of the sum (hexUpper), with frameRef, for
// every sum against every pair of bytes from hex digits of both cases and
// bytes around them, the sum given as that of a known prefix (frameFrom's
// sum argument) and as the XOR of a body.
func TestFrameHexMatchesRef(t *testing.T) {
	chars := []byte("0123456789ABCDEFabcdef/:@G`gxZ*\x00\xff")
	good := 0
	for sum := range 256 {
		for _, hi := range chars {
			for _, lo := range chars {
				b := []byte{'$', '*', hi, lo, '\n'}
				n, err := frameFrom(b, 1, byte(sum))
				wn, werr := frameRefFrom(b, 1, byte(sum))
				if n != wn || err != werr {
					t.Fatalf("frameFrom(%q, sum %#x) = %d, %v; want %d, %v", b, sum, n, err, wn, werr)
				}
				if err == nil {
					good++
				}
				if stopByte[sum] {
					continue // not a body byte
				}
				b = []byte{'!', byte(sum), '*', hi, lo}
				n, err = frame(b)
				wn, werr = frameRef(b)
				if n != wn || err != werr {
					t.Fatalf("frame(%q) = %d, %v; want %d, %v", b, n, err, wn, werr)
				}
			}
		}
	}
	if good < 256 {
		t.Fatalf("only %d checksums accepted: every sum should be, in upper case at least", good)
	}
}

// TestHasPrefixMatchesCompare checks pghpCache.hasPrefix against comparing
// the bytes, on the cached prefix followed by more, cut short, and with
// each byte changed in turn, for prefixes of several lengths, with data
// shorter and longer than the 32 bytes the word compare needs.
func TestHasPrefixMatchesCompare(t *testing.T) {
	rng := rand.New(rand.NewSource(5))
	for _, line := range []string{
		"$PGHP,1,2013,11,12,12,0,0,11,219,,2190067,1,62*26",
		"$PGHP,1,2013,1,2,3,4,5,6*00",
		"$PGHP,1,2099,12,31,23,59,59,999,1,1,1*00",
		"$PGHP,1,1970,1,1,0,0,0,0*00",
	} {
		var c pghpCache
		if _, err := c.parse([]byte(line)); err != nil || c.n == 0 {
			t.Fatalf("%s: %v, cache %d bytes", line, err, c.n)
		}
		k := 6 + c.n
		for cut := k - 1; cut <= len(line)+8; cut++ {
			for pos := -1; pos < min(cut, k+2); pos++ {
				d := []byte(line + "\n!BSVDM,1,1,,A,13@:`L001N0ded0O6Fp8wW<00<0t,0*62\n")[:cut]
				if pos >= 0 {
					d[pos] ^= byte(1 + rng.Intn(255))
				}
				want := len(d) > k && string(d[:k]) == string(c.pre[:k])
				if got := c.hasPrefix(d); got != want {
					t.Fatalf("hasPrefix(%q) = %v, want %v (prefix %q)", d, got, want, c.pre[:k])
				}
			}
		}
	}
}

// TestIsLineMatchesCompare checks tagCache.isLine against comparing the
// bytes, for tag blocks short enough for the word compare and longer, on
// the tag line followed by more, cut short, and with each byte changed.
func TestIsLineMatchesCompare(t *testing.T) {
	rng := rand.New(rand.NewSource(6))
	for _, tag := range []string{"si:AISD*3F", "s:A*00", "s:ABCDEFGHIJK*00", "s:ABCDEFGHIJKL*00", "s:ABCDEFGHIJKLM*00", "s:rMT2083,c:1698785948*44"} {
		var c tagCache
		var tb TagBlock
		c.parse([]byte(tag), &tb)
		if c.n != len(tag) || (c.lineN != 0) != (len(tag)+2 <= 16) {
			t.Fatalf("%q: cached %d bytes, line %d", tag, c.n, c.lineN)
		}
		line := "\\" + tag + "\\"
		for cut := 0; cut <= len(line)+20; cut++ {
			for pos := -1; pos < min(cut, len(line)+1); pos++ {
				d := []byte(line + "\r\n$PGHP,1,2013,11,12,12,0,0,11,219,,2190067,1,62*26\n")[:cut]
				if pos >= 0 {
					d[pos] ^= byte(1 + rng.Intn(255))
				}
				n := len(line)
				want := len(d) > n && string(d[:n]) == line
				gn, got := c.isLine(d)
				if got != want || (got && gn != n) {
					t.Fatalf("isLine(%q) = %d, %v; want %d, %v", d, gn, got, n, want)
				}
			}
		}
	}
}

// TestPendingTagNotCopied checks the times that pending tag blocks give
// now that the pending one is a pointer (to lineTag or the cached tag):
// a tag line repeated (taken by quickTagLine) and then replaced by another
// tag block, alone or before a sentence on its line, keeps each sentence
// on its own tag block's time, with and without the shortcuts.
func TestPendingTagNotCopied(t *testing.T) {
	tagLine := func(fields string) string { return `\` + withChecksum(fields) + `\` }
	a, b := tagLine("c:1241544035"), tagLine("c:1241544099")
	in := strings.Join([]string{
		a, pos1, // 1: a
		a, pos2, // 2: a again (the cached line)
		a, b, pos1, // 3: b replaces the pending a
		a, tagged("c:1241544077", pos2), // 4: the inline tag block wins
		a, "$GPGGA,1*00", pos1, // 5: a other sentence uses the pending a up
		b + "$PGHP,1,2013,11,12,12,0,0,11,219,,2190067,1,62*26", pos2, // 6: b, left pending by $PGHP
		pos1, // 7: nothing pending
	}, "\n") + "\n"
	want := []int64{1241544035000, 1241544035000, 1241544099000, 1241544077000, 0, 1241544099000, 0}
	for _, fast := range []bool{true, false} {
		msgs, _, err := decodeAll(t, []byte(in), fast, false)
		if err != nil || len(msgs) != len(want) {
			t.Fatalf("fast=%v: %d messages, %v; want %d", fast, len(msgs), err, len(want))
		}
		for i, m := range msgs {
			if f := strings.Fields(m); f[2] != strconv.FormatInt(want[i], 10) {
				t.Errorf("fast=%v: message %d time %s, want %d (%s)", fast, i+1, f[2], want[i], m)
			}
		}
	}
}

// TestSingleFrameWritesEveryField fills every field of the decoder's Frame
// with stale values and checks that a one-sentence message overwrites them
// all (singleFrame assigns field by field), against a fresh decoder.
func TestSingleFrameWritesEveryField(t *testing.T) {
	in := []byte(tagged("c:1241544035", pos1) + "\n")
	fresh := NewDecoder(nil, "in", Options{})
	fresh.ResetBytes(in, "in")
	want, err := fresh.Next()
	if err != nil {
		t.Fatal(err)
	}
	d := NewDecoder(nil, "in", Options{})
	d.ResetBytes(in, "in")
	v := reflect.ValueOf(&d.msg.Frame).Elem()
	for i := range v.NumField() {
		f := v.Field(i)
		switch f.Kind() {
		case reflect.Slice:
			f.Set(reflect.MakeSlice(f.Type(), 3, 3))
		case reflect.Int, reflect.Int64:
			f.SetInt(-77)
		case reflect.Uint8, reflect.Uint32:
			f.SetUint(99)
		case reflect.String:
			f.SetString("stale")
		case reflect.Array:
			f.Index(0).SetUint('Q')
		case reflect.Bool:
			f.SetBool(true)
		default:
			t.Fatalf("field %s: kind %v not filled by this test", v.Type().Field(i).Name, f.Kind())
		}
	}
	got, err := d.Next()
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got.Frame, want.Frame) {
		t.Fatalf("after stale values: %+v\nfresh decoder:      %+v", got.Frame, want.Frame)
	}
}

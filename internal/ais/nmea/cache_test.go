package nmea

import "testing"

// TestPGHPCache checks that the Decoder's cached $PGHP parse agrees with a
// fresh ParsePGHP on a sequence that hits the cache, misses it, and has
// bad tails after a cached prefix.
func TestPGHPCache(t *testing.T) {
	lines := []string{
		"$PGHP,1,2013,11,12,12,0,0,11,219,,2190067,1,62*26",
		"$PGHP,1,2013,11,12,12,0,1,26,219,,2190074,1,67*25", // same minute: cache hit
		"$PGHP,1,2013,11,12,12,0,61,26,219*00",              // bad second after a hit
		"$PGHP,1,2013,11,12,12,0,5*00",                      // last field at the end
		"$PGHP,1,2013,11,12,12,0,5,1000*00",                 // bad millisecond
		"$PGHP,1,2013,11,12,12,0,,5*00",                     // empty second
		"$PGHP,1,2013,11,12,12,1,0,0*00",                    // next minute: miss
		"$PGHP,1,2013,11,12,12,10,0,0*00",                   // minute "10" shares "1" but not ","
		"$PGHP,1,2010,6,11,11,46,11,390,231,45,992190934,1,2B*5B",
		"$PGHP,2,2010,6,11,11,46,11,390*00", // type 2
		"$PGHP,1,2010,6,11,11,46,x,390*00",
	}
	var c pghpCache
	for _, l := range lines {
		want, werr := ParsePGHP([]byte(l))
		got, err := c.parse([]byte(l))
		if got != want || (err == nil) != (werr == nil) {
			t.Errorf("%s: cached %d, %v; fresh %d, %v", l, got, err, want, werr)
		}
	}
	if c.n == 0 {
		t.Error("cache never filled")
	}
}

// TestTagCache checks that a repeated tag block gives the same result as
// parsing it afresh, good or bad, and that a different one is parsed.
func TestTagCache(t *testing.T) {
	tags := []string{
		"si:AISD*3F", "si:AISD*3F", // repeated: cache hit
		"si:AISD*00", "si:AISD*00", // bad checksum, repeated
		"s:r003669945,c:1241544035,g:1-2-73874*1D",
		"s:r003669945,c:1241544035,g:1-2-73874*1D",
		"si:AISD*3F",
		"s:" + string(make([]byte, 80)) + "*00", // longer than the cache holds
	}
	var c tagCache
	for _, s := range tags {
		var want, got TagBlock
		werr := ParseTagBlock([]byte(s), &want)
		ok := c.parse([]byte(s), &got)
		if ok != (werr == nil) || got != want {
			t.Errorf("%q: cached %v %+v; fresh %v %+v", s, ok, got, werr, want)
		}
	}
}

package ingest

import (
	"fmt"
	"testing"
)

// TestDayCacheParseTime checks that the cached parser reads each time of a
// sequence (dates repeated and changed, both date layouts, the direct
// hh:mm:ss path and the others, bad times) as parseTime does.
func TestDayCacheParseTime(t *testing.T) {
	seq := []string{
		"2022-01-03T00:00:00", "2022-01-03T23:59:59", "2022-01-03 12:34:56", "2022-01-03T12:34:60",
		"2022-01-03T24:00:00", "2022-01-03T12:60:00", "2022-01-03T12:34:61", "2022-01-03T1a:34:56",
		"2022-01-03T12:34:56Z", "2022-01-03T12:34:56.789", "2022-01-03", "2022-01-04T00:00:01",
		"2022-01-03X00:00:00", "01/06/2018 00:00:00", "01/06/2018 13:14:15", "01/06/2018T13:14:15",
		"01/06/2018 13:14", "01/06/2018 13:14:15Z", "01/06/2018", "31/04/2018 00:00:00",
		"2022-02-30 00:00:00", "2022-01-03T00:00:00", "1641168000", "20210701_185151", "", "x",
		"2022-01-03T00:00:00", "2022-01-03T00:00:0:", "01/06/2018 99:00:00",
	}
	var c dayCache
	for _, s := range seq {
		checkDayCache(t, &c, s)
	}
}

// checkDayCache fails when c reads s other than parseTime.
func checkDayCache(t testing.TB, c *dayCache, s string) {
	t.Helper()
	got, err := c.parseTime([]byte(s))
	want, werr := parseTime([]byte(s))
	if got != want || (err == nil) != (werr == nil) {
		t.Fatalf("dayCache.parseTime(%q) = %d, %v; parseTime %d, %v", s, got, err, want, werr)
	}
}

// FuzzDayCache reads two times with one cache, each as parseTime does.
func FuzzDayCache(f *testing.F) {
	f.Add("2022-01-03T00:00:00", "2022-01-03T12:34:56")
	f.Add("01/06/2018 00:00:00", "01/06/2018 23:59:60")
	f.Add("2022-01-03T00:00:00", "2022-01-03T00:00:00.5Z")
	f.Fuzz(func(t *testing.T, a, b string) {
		var c dayCache
		checkDayCache(t, &c, a)
		checkDayCache(t, &c, b)
	})
}

// TestHHMMSS checks the one-word clock reader against clockMillis on
// every hh:mm of 00:00 to 99:99 with several seconds, and on a valid
// time with each byte of its clock replaced by every byte value: it reads
// exactly the clocks of the form that clockMillis reads, to the same
// milliseconds.
func TestHHMMSS(t *testing.T) {
	check := func(b []byte) {
		t.Helper()
		got, ok := hhmmss(b)
		want, rest, err := clockMillis(b[11:])
		valid := err == nil && len(rest) == 0 && len(b[11:]) == 8
		if ok != valid || ok && got != want {
			t.Fatalf("hhmmss(%q) = %d, %v; clockMillis %d, %q, %v", b, got, ok, want, rest, err)
		}
	}
	for h := range 100 {
		for m := range 100 {
			for _, s := range []int{0, 9, 10, 59, 60, 61, 99} {
				check(fmt.Appendf(nil, "2022-01-03T%02d:%02d:%02d", h, m, s))
			}
		}
	}
	for i := 11; i < 19; i++ {
		for c := range 256 {
			b := []byte("2022-01-03 23:59:58")
			b[i] = byte(c)
			check(b)
		}
	}
}

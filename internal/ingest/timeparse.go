package ingest

import (
	"encoding/binary"
	"errors"
)

// errTime is returned for a field that is not a time this package reads.
var errTime = errors.New("not a time")

// parseTime reads the timestamp layouts found in AIS CSV exports and
// returns Unix milliseconds UTC:
//
//	2022-01-03T00:00:00          ISO 8601 / RFC 3339, 'T' or ' ' between
//	2016-01-12 13:02:11.218      date and time, optional fraction,
//	2017-09-07T04:25:04.321Z     optional Z or ±hh:mm offset; no zone = UTC
//	01/06/2018 00:00:00          DMA aisdk: day/month/year
//	20210701_185151              AISdb's compact form
//	1641168000 / 1641168000123   Unix seconds / milliseconds (≥ 1e11 = ms)
//
// It is pure and allocation-free.
func parseTime(b []byte) (int64, error) {
	if len(b) >= 10 && b[4] == '-' && b[7] == '-' {
		return parseISOTime(b)
	}
	if len(b) >= 10 && b[2] == '/' && b[5] == '/' {
		return parseDMYTime(b)
	}
	if len(b) == 15 && b[8] == '_' {
		return parseCompactTime(b)
	}
	return parseEpoch(b)
}

// parseCompactTime reads YYYYMMDD_hhmmss (AISdb's decoded CSV), UTC.
func parseCompactTime(b []byte) (int64, error) {
	y, ok1 := digits(b[0:4])
	mo, ok2 := digits(b[4:6])
	d, ok3 := digits(b[6:8])
	h, ok4 := digits(b[9:11])
	mi, ok5 := digits(b[11:13])
	s, ok6 := digits(b[13:15])
	if !(ok1 && ok2 && ok3 && ok4 && ok5 && ok6) || h > 23 || mi > 59 || s > 60 {
		return 0, errTime
	}
	return civilMillis(y, mo, d, h, mi, s, 0)
}

// parseEpoch reads Unix seconds (optionally with a fraction) or, for values
// of 1e11 and above, Unix milliseconds.
func parseEpoch(b []byte) (int64, error) {
	if u, err := parseUint(b); err == nil {
		if u >= 1e11 {
			return int64(u), nil
		}
		return int64(u) * 1000, nil
	}
	f, err := parseFloat(b)
	if err != nil || f < 0 || f > 1e13 {
		return 0, errTime
	}
	if f >= 1e11 {
		return int64(f), nil
	}
	return int64(f*1000 + 0.5), nil
}

// parseISOTime reads YYYY-MM-DD[T| ]hh:mm[:ss[.fff]][Z|±hh[:mm]].
func parseISOTime(b []byte) (int64, error) {
	day, err := isoDate(b)
	if err != nil {
		return 0, err
	}
	return isoTimeOfDay(b, day)
}

// isoDate reads the YYYY-MM-DD that starts b (len(b) >= 10) as the Unix
// milliseconds of its midnight UTC.
func isoDate(b []byte) (int64, error) {
	y, ok1 := digits(b[0:4])
	mo, ok2 := digits(b[5:7])
	d, ok3 := digits(b[8:10])
	if !ok1 || !ok2 || !ok3 {
		return 0, errTime
	}
	return civilMillis(y, mo, d, 0, 0, 0, 0)
}

// isoTimeOfDay reads what follows the date of an ISO time b (nothing, or
// [T| ]hh:mm… and a zone) and adds it to day, the date's midnight.
func isoTimeOfDay(b []byte, day int64) (int64, error) {
	if len(b) == 10 {
		return day, nil
	}
	if b[10] != 'T' && b[10] != ' ' {
		return 0, errTime
	}
	ms, rest, err := clockMillis(b[11:])
	if err != nil {
		return 0, err
	}
	off, err := zoneOffset(rest)
	if err != nil {
		return 0, err
	}
	return day + ms - off, nil
}

// dayCache remembers the date of the last ISO or day/month/year time read,
// as rows of one export mostly share their date.
type dayCache struct {
	// The date as read, all zeros before the first, which no date matches
	// (each has a '-' or a '/'); ms is its midnight in Unix milliseconds.
	date [10]byte
	ms   int64
}

// parseTime is the package's parseTime, with the date of ISO and
// day/month/year times taken from the cache when it is the last one read,
// and a time of day of exactly hh:mm:ss read directly.
func (c *dayCache) parseTime(b []byte) (int64, error) {
	if len(b) < 10 {
		return parseTime(b)
	}
	iso := b[4] == '-' && b[7] == '-'
	if !iso && (b[2] != '/' || b[5] != '/') {
		return parseTime(b)
	}
	if [10]byte(b[:10]) != c.date {
		var day int64
		var err error
		if iso {
			day, err = isoDate(b)
		} else {
			day, err = dmyDate(b)
		}
		if err != nil {
			return 0, err
		}
		c.ms, c.date = day, [10]byte(b[:10])
	}
	if ms, ok := hhmmss(b); ok {
		return c.ms + ms, nil
	}
	if iso {
		return isoTimeOfDay(b, c.ms)
	}
	return dmyTimeOfDay(b, c.ms)
}

// hhmmss reads the time of day of a date and time b of exactly
// "YYYY-MM-DD hh:mm:ss" or "DD/MM/YYYY hh:mm:ss" (or 'T' between: the
// clock is at the same offsets) as milliseconds since midnight, or returns
// false for any other time of day, valid or not. It is clockMillis'
// fast path for that one form: it reads the eight bytes of the clock as
// one word, checks the colons and digits at once and makes the three
// two-digit numbers with one multiplication.
func hhmmss(b []byte) (int64, bool) {
	if len(b) != 19 || (b[10] != 'T' && b[10] != ' ') {
		return 0, false
	}
	const (
		colons  = 0x0000ff0000ff0000 // bytes 2 and 5 of "hh:mm:ss"
		digitHi = hiBits &^ colons   // the high bits of its digits
	)
	x := binary.LittleEndian.Uint64(b[11:19])
	if x&colons != ':'<<16|':'<<40 || nonDigits(x)&digitHi != 0 {
		return 0, false
	}
	v := x & 0x0f0f000f0f000f0f
	v = v*10 + v>>8 // bytes 0, 3 and 6: the tens times ten plus the ones, at most 99
	h, m, s := int64(v&0xff), int64(v>>24&0xff), int64(v>>48&0xff)
	if h > 23 || m > 59 || s > 60 {
		return 0, false
	}
	return (h*3600 + m*60 + s) * 1000, true
}

// parseDMYTime reads DD/MM/YYYY[ hh:mm[:ss[.fff]]] (UTC).
func parseDMYTime(b []byte) (int64, error) {
	day, err := dmyDate(b)
	if err != nil {
		return 0, err
	}
	return dmyTimeOfDay(b, day)
}

// dmyDate reads the DD/MM/YYYY that starts b (len(b) >= 10) as the Unix
// milliseconds of its midnight UTC.
func dmyDate(b []byte) (int64, error) {
	d, ok1 := digits(b[0:2])
	mo, ok2 := digits(b[3:5])
	y, ok3 := digits(b[6:10])
	if !ok1 || !ok2 || !ok3 {
		return 0, errTime
	}
	return civilMillis(y, mo, d, 0, 0, 0, 0)
}

// dmyTimeOfDay reads what follows the date of a day/month/year time b
// (nothing, or [ |T]hh:mm…) and adds it to day, the date's midnight.
func dmyTimeOfDay(b []byte, day int64) (int64, error) {
	if len(b) == 10 {
		return day, nil
	}
	if b[10] != ' ' && b[10] != 'T' {
		return 0, errTime
	}
	ms, rest, err := clockMillis(b[11:])
	if err != nil || len(rest) != 0 {
		return 0, errTime
	}
	return day + ms, nil
}

// clockMillis reads hh:mm[:ss[.fff…]] and returns the milliseconds since
// midnight and the unread rest (a zone designator, if any).
func clockMillis(b []byte) (int64, []byte, error) {
	if len(b) < 5 || b[2] != ':' {
		return 0, nil, errTime
	}
	h, ok1 := digits(b[0:2])
	m, ok2 := digits(b[3:5])
	if !ok1 || !ok2 || h > 23 || m > 59 {
		return 0, nil, errTime
	}
	ms := int64(h*3600+m*60) * 1000
	b = b[5:]
	if len(b) >= 3 && b[0] == ':' {
		s, ok := digits(b[1:3])
		if !ok || s > 60 {
			return 0, nil, errTime
		}
		ms += int64(s) * 1000
		b = b[3:]
		if len(b) > 1 && (b[0] == '.' || b[0] == ',') {
			f, n := fraction(b[1:])
			if n == 0 {
				return 0, nil, errTime
			}
			ms += f
			b = b[1+n:]
		}
	}
	return ms, b, nil
}

// fraction reads the digits of a fraction of a second, returning it in
// whole milliseconds (truncated) and how many digits it consumed.
func fraction(b []byte) (int64, int) {
	var ms int64
	n := 0
	for n < len(b) && b[n] >= '0' && b[n] <= '9' {
		if n < 3 {
			ms = ms*10 + int64(b[n]-'0')
		}
		n++
	}
	for k := n; k < 3; k++ {
		ms *= 10
	}
	return ms, n
}

// zoneOffset reads "", "Z", "+hh", "+hhmm" or "+hh:mm" as milliseconds
// east of UTC.
func zoneOffset(b []byte) (int64, error) {
	switch {
	case len(b) == 0 || (len(b) == 1 && (b[0] == 'Z' || b[0] == 'z')):
		return 0, nil
	case b[0] != '+' && b[0] != '-':
		return 0, errTime
	}
	sign := int64(1)
	if b[0] == '-' {
		sign = -1
	}
	b = b[1:]
	var h, m int
	var ok1, ok2 bool
	switch len(b) {
	case 2:
		h, ok1 = digits(b)
		ok2 = true
	case 4:
		h, ok1 = digits(b[0:2])
		m, ok2 = digits(b[2:4])
	case 5:
		h, ok1 = digits(b[0:2])
		m, ok2 = digits(b[3:5])
		ok2 = ok2 && b[2] == ':'
	}
	if !ok1 || !ok2 || h > 23 || m > 59 {
		return 0, errTime
	}
	return sign * int64(h*3600+m*60) * 1000, nil
}

// digits parses a short run of ASCII digits.
func digits(b []byte) (int, bool) {
	n := 0
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, len(b) > 0
}

// civilMillis converts a proleptic Gregorian UTC date and time to Unix
// milliseconds (days-from-civil, H. Hinnant), checking field ranges.
func civilMillis(y, mo, d, h, mi, s, ms int) (int64, error) {
	if y < 1970 || y > 2200 || mo < 1 || mo > 12 || d < 1 || d > daysIn(y, mo) {
		return 0, errTime
	}
	if mo <= 2 {
		y--
	}
	era := y / 400
	yoe := y - era*400
	mp := (mo + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	days := int64(era*146097+doe) - 719468
	return ((days*24+int64(h))*60+int64(mi))*60000 + int64(s)*1000 + int64(ms), nil
}

// daysIn returns the number of days in month mo of year y.
func daysIn(y, mo int) int {
	switch mo {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

package ingest

import "bytes"

// scanRMC appends the times of the valid $xxRMC sentences in data (whose
// first line is line first) to dst, in line order. AIS logs written by a
// receiver that also has a GPS carry time only this way.
func scanRMC(data []byte, first uint32, dst []rmcMark) []rmcMark {
	line, pos := first, 0
	for {
		i := bytes.Index(data[pos:], []byte("RMC,"))
		if i < 0 {
			return dst
		}
		i += pos
		start := bytes.LastIndexByte(data[:i], '\n') + 1
		line += uint32(bytes.Count(data[pos:start], []byte{'\n'}))
		end := bytes.IndexByte(data[i:], '\n')
		if end < 0 {
			end = len(data)
		} else {
			end += i
		}
		if t, ok := parseRMC(trimCR(data[start:end])); ok {
			dst = append(dst, rmcMark{line: line, time: t})
		}
		pos = start
		if end < len(data) {
			line += uint32(bytes.Count(data[start:end+1], []byte{'\n'}))
			pos = end + 1
		} else {
			return dst
		}
	}
}

// parseRMC reads the UTC date and time of a valid (status A) RMC sentence
// with a correct checksum: $GPRMC,hhmmss.ss,A,…,ddmmyy,… in Unix ms.
func parseRMC(s []byte) (int64, bool) {
	if len(s) < 7 || s[0] != '$' || !bytes.Equal(s[3:7], []byte("RMC,")) || !nmeaChecksumOK(s) {
		return 0, false
	}
	f := bytes.Split(s[7:bytes.IndexByte(s, '*')], []byte{','})
	if len(f) < 9 || len(f[0]) < 6 || len(f[8]) != 6 || !bytes.Equal(f[1], []byte("A")) {
		return 0, false
	}
	h, ok1 := digits(f[0][0:2])
	m, ok2 := digits(f[0][2:4])
	sec, ok3 := digits(f[0][4:6])
	d, ok4 := digits(f[8][0:2])
	mo, ok5 := digits(f[8][2:4])
	y, ok6 := digits(f[8][4:6])
	if !(ok1 && ok2 && ok3 && ok4 && ok5 && ok6) || h > 23 || m > 59 || sec > 60 {
		return 0, false
	}
	var ms int64
	if len(f[0]) > 7 && f[0][6] == '.' {
		ms, _ = fraction(f[0][7:])
	}
	year := 2000 + y
	if y >= 80 {
		year = 1900 + y // NMEA 0183 two-digit years: 1980..2079
	}
	t, err := civilMillis(year, mo, d, h, m, sec, int(ms))
	return t, err == nil
}

// nmeaChecksumOK checks the *hh checksum of a $ sentence.
func nmeaChecksumOK(s []byte) bool {
	star := bytes.IndexByte(s, '*')
	if star < 1 || star+3 > len(s) {
		return false
	}
	var sum byte
	for _, c := range s[1:star] {
		sum ^= c
	}
	hi, lo := unhex(s[star+1]), unhex(s[star+2])
	return hi >= 0 && lo >= 0 && byte(hi<<4|lo) == sum
}

func unhex(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'A' && c <= 'F':
		return int(c-'A') + 10
	case c >= 'a' && c <= 'f':
		return int(c-'a') + 10
	}
	return -1
}

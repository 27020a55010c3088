package nmea

import (
	"bytes"
	"encoding/binary"
)

// isPGHP reports whether a framed '$' sentence is a Gatehouse $PGHP.
func isPGHP(b []byte) bool { return len(b) > 6 && string(b[:6]) == "$PGHP," }

// ParsePGHP reads the time of a Gatehouse timestamp sentence
// ("$PGHP,1,2010,6,11,11,46,11,390,231,45,992190934,1,2B*5B": type 1, then
// year, month, day, hour, minute, second, millisecond, UTC) as Unix
// milliseconds. b is the framed sentence with a verified checksum.
// Errors: ErrBadFraming when it is not a valid type-1 $PGHP.
func ParsePGHP(b []byte) (int64, error) {
	var c pghpCache
	return c.parse(b)
}

// pghpCache remembers the fields up to the minute of the last valid $PGHP
// and their time: in a Gatehouse feed consecutive sentences share them,
// so only the second and millisecond are read again.
type pghpCache struct {
	// pre is "$PGHP," and the fields from the type to the minute, with
	// their commas ("$PGHP,1,2013,11,12,12,0,").
	pre  [6 + 24]byte
	n    int   // length of the fields in pre; 0 when empty
	base int64 // Unix ms of the minute
	sum  byte  // XOR of pre[1:6+n], the sentence checksum of the prefix
	// words is pre[:6+n] as four little-endian words (zero past it), mask
	// the bytes of each that belong to it: see hasPrefix.
	words, mask [4]uint64
}

// hasPrefix reports whether data starts with the cached prefix and goes on
// after it: data[:6+n] == pre[:6+n] and len(data) > 6+n. With 32 bytes of
// data or more it compares four words, masked (6+n <= 30). The cache must
// hold a prefix (n > 0).
func (c *pghpCache) hasPrefix(data []byte) bool {
	k := 6 + c.n
	if len(data) < 32 {
		return len(data) > k && string(data[:k]) == string(c.pre[:k])
	}
	d := data[:32:32]
	x := (binary.LittleEndian.Uint64(d[0:])^c.words[0])&c.mask[0] |
		(binary.LittleEndian.Uint64(d[8:])^c.words[1])&c.mask[1] |
		(binary.LittleEndian.Uint64(d[16:])^c.words[2])&c.mask[2] |
		(binary.LittleEndian.Uint64(d[24:])^c.words[3])&c.mask[3]
	return x == 0
}

// parse is ParsePGHP with the cache.
func (c *pghpCache) parse(b []byte) (int64, error) {
	if !isPGHP(b) || len(b) < 9 {
		return 0, ErrBadFraming
	}
	f := b[6 : len(b)-3]
	if c.n > 0 && len(f) > c.n && string(f[:c.n]) == string(c.pre[6:6+c.n]) {
		return c.secMs(f[c.n:])
	}
	var v [8]int64
	if !pghpFields(f, v[:]) {
		return 0, ErrBadFraming
	}
	if v[0] != 1 || v[1] < 1970 || v[1] > 2099 || v[2] < 1 || v[2] > 12 || v[3] < 1 || v[3] > 31 ||
		v[4] > 23 || v[5] > 59 || v[6] > 60 || v[7] > 999 {
		return 0, ErrBadFraming
	}
	days := daysFromCivil(v[1], v[2], v[3])
	base := ((days*24+v[4])*60 + v[5]) * 60000
	c.remember(f, base)
	return base + v[6]*1000 + v[7], nil
}

// secMs returns the time of a $PGHP whose fields after the cached prefix
// are f.
func (c *pghpCache) secMs(f []byte) (int64, error) {
	sec, ms, ok := pghpSecMs(f)
	if !ok || sec > 60 || ms > 999 {
		return 0, ErrBadFraming
	}
	return c.base + sec*1000 + ms, nil
}

// remember stores the fields of f up to and including the sixth comma.
func (c *pghpCache) remember(f []byte, base int64) {
	c.n = 0
	commas := 0
	for i, ch := range f {
		if ch == ',' {
			if commas++; commas == 6 {
				if i+1 <= len(c.pre)-6 {
					copy(c.pre[:], "$PGHP,")
					c.n = copy(c.pre[6:], f[:i+1])
					c.base = base
					c.sum = 0
					for _, ch := range c.pre[1 : 6+c.n] {
						c.sum ^= ch
					}
					c.setWords()
				}
				return
			}
		}
	}
}

// setWords fills words and mask from pre[:6+n].
func (c *pghpCache) setWords() {
	var b, m [32]byte
	k := copy(b[:], c.pre[:6+c.n])
	for i := range k {
		m[i] = 0xFF
	}
	for i := range c.words {
		c.words[i] = binary.LittleEndian.Uint64(b[8*i:])
		c.mask[i] = binary.LittleEndian.Uint64(m[8*i:])
	}
}

// pghpFields reads the first len(v) comma-separated decimal fields of f in
// one pass (this runs once per sentence in Gatehouse feeds).
func pghpFields(f []byte, v []int64) bool {
	k, digits := 0, 0
	var cur int64
	for _, c := range f {
		if c == ',' {
			if digits == 0 {
				return false
			}
			v[k], k, cur, digits = cur, k+1, 0, 0
			if k == len(v) {
				return true
			}
			continue
		}
		if c < '0' || c > '9' || digits > 9 {
			return false
		}
		cur, digits = cur*10+int64(c-'0'), digits+1
	}
	if k == len(v)-1 && digits > 0 {
		v[k] = cur
		return true
	}
	return false
}

// pghpSecMs is pghpFields for the two fields after a cached prefix, the
// second and the millisecond: pghpSecMsWord for the short fields of real
// input, else pghpSecMsBytes.
func pghpSecMs(f []byte) (sec, ms int64, ok bool) {
	if sec, ms, ok := pghpSecMsWord(f); ok {
		return sec, ms, true
	}
	return pghpSecMsBytes(f)
}

// pghpSecMsWord reads the second and the millisecond from the first eight
// bytes of f when the second has one or two digits and the millisecond one
// to three, each followed by a comma ("0,11,219,"), as pghpSecMsBytes
// would, with the digits unrolled. It reports false, deciding nothing, for
// anything else. f may run past the fields when they end in a byte that is
// not a comma (the '*' of the checksum): the word path stops there too.
func pghpSecMsWord(f []byte) (sec, ms int64, ok bool) {
	if len(f) < 8 {
		return 0, 0, false
	}
	b := (*[8]byte)(f)
	d := b[0] - '0'
	if d > 9 {
		return 0, 0, false
	}
	sec, i := int64(d), 1
	if d := b[1] - '0'; d <= 9 {
		sec, i = sec*10+int64(d), 2
	}
	if b[i] != ',' {
		return 0, 0, false
	}
	if d = b[i+1] - '0'; d > 9 {
		return 0, 0, false
	}
	ms, j := int64(d), i+2
	if d := b[j] - '0'; d <= 9 {
		ms, j = ms*10+int64(d), j+1
		if d := b[j] - '0'; d <= 9 {
			ms, j = ms*10+int64(d), j+1
		}
	}
	return sec, ms, b[j] == ','
}

// pghpSecMsBytes is pghpFields for the second and the millisecond, written
// out for two fields.
func pghpSecMsBytes(f []byte) (sec, ms int64, ok bool) {
	sec, i, ok := pghpNum(f, 0)
	if !ok || i == len(f) || f[i] != ',' {
		return 0, 0, false
	}
	ms, j, ok := pghpNum(f, i+1)
	if !ok || (j < len(f) && f[j] != ',') {
		return 0, 0, false
	}
	return sec, ms, true
}

// pghpNum reads the run of digits at f[i:] and returns its value and the
// index after it; false unless it has 1 to 10 digits (as pghpFields).
func pghpNum(f []byte, i int) (int64, int, bool) {
	var n int64
	j := i
	for ; j < len(f) && f[j]-'0' <= 9; j++ {
		n = n*10 + int64(f[j]-'0')
	}
	return n, j, j > i && j-i <= 10
}

// daysFromCivil returns the days since 1970-01-01 of a proleptic Gregorian
// date (Howard Hinnant's algorithm), so that the parser needs no time zone
// data and no allocation.
func daysFromCivil(y, m, d int64) int64 {
	if m <= 2 {
		y--
	}
	era := y / 400
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

// TrailerTime finds the receiver's Unix time in the metadata some feeds put
// after the checksum: USCG/NAIS ",s36310,d-081,T59.01,x1,r08TPHI1,1242958962"
// or a bare ",1411920501". The first all-digit field of 10 digits (seconds)
// or 13 digits (milliseconds) wins; 0 when there is none.
func TrailerTime(t []byte) int64 {
	for len(t) > 0 {
		f := t
		if i := bytes.IndexByte(t, ','); i >= 0 {
			f, t = t[:i], t[i+1:]
		} else {
			t = nil
		}
		if len(f) != 10 && len(f) != 13 {
			continue
		}
		if ms, ok := tagTime(f); ok {
			return ms
		}
	}
	return 0
}

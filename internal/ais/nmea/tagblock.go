package nmea

import (
	"bytes"
	"encoding/binary"
)

// Sizes of the fixed buffers in TagBlock. Longer values are truncated: they
// serve as assembly keys and labels, where a prefix is enough.
const (
	maxSourceLen  = 32
	maxGroupIDLen = 16
)

// TagBlock is the part of an NMEA 4.0 tag block ("\s:r003669945,c:1241544035,
// g:1-2-73874*hh\") that matters here. It owns its bytes (fixed arrays), so
// it can outlive the line it came from.
type TagBlock struct {
	Time       int64 // c: as Unix milliseconds; 0 when absent
	GroupNum   int   // g: part number; 0 when there is no group
	GroupTotal int   // g: number of sentences in the group
	src        [maxSourceLen]byte
	srcLen     uint8
	gid        [maxGroupIDLen]byte
	gidLen     uint8
}

// Source returns the s: field (or si: when s: is absent); nil when neither.
func (t *TagBlock) Source() []byte { return t.src[:t.srcLen] }

// GroupID returns the g: field's id (the text after "part-total-"), taken
// as an opaque string so that feeds with odd ids ("-001") still assemble.
func (t *TagBlock) GroupID() []byte { return t.gid[:t.gidLen] }

// ParseTagBlock parses the text between the backslashes of a tag block
// ("s:rMT2083,c:1698785948*44") into t, checking its checksum. Unknown
// fields are ignored. On error t is left empty. Errors: ErrBadTagBlock.
func ParseTagBlock(b []byte, t *TagBlock) error {
	*t = TagBlock{}
	star := bytes.LastIndexByte(b, '*')
	if star < 0 || star+3 != len(b) {
		return ErrBadTagBlock
	}
	hi, lo := hexVal[b[star+1]], hexVal[b[star+2]]
	var sum byte
	for _, c := range b[:star] {
		sum ^= c
	}
	if hi == 0xFF || lo == 0xFF || hi<<4|lo != sum {
		return ErrBadTagBlock
	}
	if err := parseTagFields(b[:star], t); err != nil {
		*t = TagBlock{}
		return err
	}
	return nil
}

// parseTagFields reads the comma-separated key:value fields.
func parseTagFields(b []byte, t *TagBlock) error {
	for len(b) > 0 {
		f := b
		if i := bytes.IndexByte(b, ','); i >= 0 {
			f, b = b[:i], b[i+1:]
		} else {
			b = nil
		}
		colon := bytes.IndexByte(f, ':')
		if colon < 1 {
			return ErrBadTagBlock
		}
		if err := t.setField(f[:colon], f[colon+1:]); err != nil {
			return err
		}
	}
	return nil
}

// setField stores one field.
func (t *TagBlock) setField(key, val []byte) error {
	switch string(key) {
	case "c":
		ms, ok := tagTime(val)
		if !ok {
			return ErrBadTagBlock
		}
		t.Time = ms
	case "s":
		t.srcLen = uint8(copy(t.src[:], val))
	case "si":
		if t.srcLen == 0 {
			t.srcLen = uint8(copy(t.src[:], val))
		}
	case "g":
		return t.setGroup(val)
	}
	return nil
}

// maxTimeMs bounds plausible times (2100-01-01); beyond it a c: value is
// treated as corrupt rather than as a date centuries away.
const maxTimeMs = 4102444800000

// tagTime reads c: as Unix seconds, or milliseconds when the value is too
// large to be seconds before the year 5000 (>= 1e11).
func tagTime(v []byte) (int64, bool) {
	n, ok := atoi(v)
	if !ok || n <= 0 {
		return 0, false
	}
	if n < 1e11 {
		n *= 1000
	}
	return n, n < maxTimeMs
}

// setGroup parses g:part-total-id.
func (t *TagBlock) setGroup(v []byte) error {
	if len(v) < 5 || v[1] != '-' || v[3] != '-' {
		return ErrBadTagBlock
	}
	num, total := int(v[0]-'0'), int(v[2]-'0')
	if total < 1 || total > 9 || num < 1 || num > total {
		return ErrBadTagBlock
	}
	t.GroupNum, t.GroupTotal = num, total
	t.gidLen = uint8(copy(t.gid[:], v[4:]))
	return nil
}

// atoi parses a non-empty run of decimal digits (at most 18).
func atoi(b []byte) (int64, bool) {
	if len(b) == 0 || len(b) > 18 {
		return 0, false
	}
	var n int64
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int64(c-'0')
	}
	return n, true
}

// maxCachedTag is the longest tag block text tagCache remembers.
const maxCachedTag = 64

// tagCache remembers the last tag block parsed, so that a feed repeating
// the same tag block before every sentence (DMA's "\si:AISD*3F\") is
// parsed once; a tag block with a c: time changes every line and is
// simply parsed.
type tagCache struct {
	raw  [maxCachedTag]byte
	n    int // length of raw; 0 when empty
	tag  TagBlock
	good bool
	// line is the tag block's line ('\\' raw '\\') as two little-endian
	// words, zero past it, and mask the bytes of each that belong to it,
	// when it has 16 bytes or fewer (lineN; else 0): see isLine.
	line, mask [2]uint64
	lineN      int
}

// isLine reports whether data starts with the cached tag block as a line of
// its own, "\\" raw "\\", and goes on after it; it returns the line's
// length. A line of up to 16 bytes is compared as two words, masked, when
// data has more than 16 bytes.
func (c *tagCache) isLine(data []byte) (int, bool) {
	if c.lineN > 0 && len(data) > 16 {
		d := data[:16:16]
		x := (binary.LittleEndian.Uint64(d[0:])^c.line[0])&c.mask[0] |
			(binary.LittleEndian.Uint64(d[8:])^c.line[1])&c.mask[1]
		return c.lineN, x == 0
	}
	n := c.n + 2
	return n, len(data) > n && data[0] == '\\' && data[n-1] == '\\' &&
		string(data[1:n-1]) == string(c.raw[:c.n])
}

// setLine fills line, mask and lineN from raw[:n].
func (c *tagCache) setLine() {
	c.lineN = 0
	if c.n == 0 || c.n+2 > 16 {
		return
	}
	var b, m [16]byte
	b[0] = '\\'
	copy(b[1:], c.raw[:c.n])
	b[c.n+1] = '\\'
	for i := range c.n + 2 {
		m[i] = 0xFF
	}
	for i := range c.line {
		c.line[i] = binary.LittleEndian.Uint64(b[8*i:])
		c.mask[i] = binary.LittleEndian.Uint64(m[8*i:])
	}
	c.lineN = c.n + 2
}

// parse parses b into t like ParseTagBlock and reports whether it is valid.
func (c *tagCache) parse(b []byte, t *TagBlock) bool {
	if c.n > 0 && string(b) == string(c.raw[:c.n]) {
		*t = c.tag
		return c.good
	}
	c.good = ParseTagBlock(b, t) == nil
	c.n = 0
	if len(b) <= maxCachedTag {
		c.n = copy(c.raw[:], b)
		c.tag = *t
	}
	c.setLine()
	return c.good
}

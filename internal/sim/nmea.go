package sim

import (
	"fmt"
	"strconv"
)

// bitWriter packs big-endian bit fields for an AIS payload.
type bitWriter struct {
	bits []byte // one byte per bit, 0 or 1: simple, and payloads are short
}

// uint appends the low n bits of v.
func (w *bitWriter) uint(v uint64, n int) {
	for i := n - 1; i >= 0; i-- {
		w.bits = append(w.bits, byte(v>>uint(i))&1)
	}
}

// int appends v as an n-bit two's-complement field.
func (w *bitWriter) int(v int64, n int) { w.uint(uint64(v)&(1<<uint(n)-1), n) }

// text appends s as n 6-bit characters, padded with '@'.
func (w *bitWriter) text(s string, n int) {
	for i := 0; i < n; i++ {
		c := byte('@')
		if i < len(s) {
			c = s[i]
		}
		if c >= 'a' && c <= 'z' {
			c -= 'a' - 'A'
		}
		if c < 32 || c > 95 {
			c = ' '
		}
		if c >= 64 {
			c -= 64
		}
		w.uint(uint64(c), 6)
	}
}

// armour returns the 6-bit ASCII payload and the number of fill bits.
func (w *bitWriter) armour() (string, int) {
	fill := (6 - len(w.bits)%6) % 6
	for i := 0; i < fill; i++ {
		w.bits = append(w.bits, 0)
	}
	out := make([]byte, 0, len(w.bits)/6)
	for i := 0; i < len(w.bits); i += 6 {
		v := byte(0)
		for j := 0; j < 6; j++ {
			v = v<<1 | w.bits[i+j]
		}
		if v < 40 {
			v += 48
		} else {
			v += 56
		}
		out = append(out, v)
	}
	return string(out), fill
}

// checksum is the NMEA XOR of the bytes between the start marker and '*'.
func checksum(s string) byte {
	var c byte
	for i := 0; i < len(s); i++ {
		c ^= s[i]
	}
	return c
}

// sentences frames a payload as one or more !AIVDM sentences (at most 60
// payload characters each), each preceded by an NMEA 4.0 tag block with the
// source "sim", the Unix time and, for multi-part messages, a group.
func sentences(payload string, fill int, unix int64, seq int, channel byte) []string {
	const maxChars = 60
	n := (len(payload) + maxChars - 1) / maxChars
	out := make([]string, 0, n)
	seqID := ""
	if n > 1 {
		seqID = strconv.Itoa(seq % 10)
	}
	for i := 0; i < n; i++ {
		part := payload[i*maxChars : min(len(payload), (i+1)*maxChars)]
		f := 0
		if i == n-1 {
			f = fill
		}
		tag := fmt.Sprintf("s:sim,c:%d", unix)
		if n > 1 {
			tag = fmt.Sprintf("g:%d-%d-%d,%s", i+1, n, seq%1000+1, tag)
		}
		body := fmt.Sprintf("AIVDM,%d,%d,%s,%c,%s,%d", n, i+1, seqID, channel, part, f)
		out = append(out, fmt.Sprintf("\\%s*%02X\\!%s*%02X", tag, checksum(tag), body, checksum(body)))
	}
	return out
}

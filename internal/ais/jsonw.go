package ais

import (
	"math"
	"strconv"
)

// Low-level JSON appenders. Every field after the first is written as
// `,"key":value`, so objects are built by appending to an open "{...".

const hexDigits = "0123456789abcdef"

func appendKey(dst []byte, k string) []byte {
	dst = append(dst, ',', '"')
	dst = append(dst, k...)
	return append(dst, '"', ':')
}

func appendUint(dst []byte, k string, v uint64) []byte {
	return strconv.AppendUint(appendKey(dst, k), v, 10)
}

func appendInt(dst []byte, k string, v int64) []byte {
	return strconv.AppendInt(appendKey(dst, k), v, 10)
}

func appendBool(dst []byte, k string, v bool) []byte {
	return strconv.AppendBool(appendKey(dst, k), v)
}

// appendFloat writes v with the shortest representation that reads back
// to the same float64.
func appendFloat(dst []byte, k string, v float64) []byte {
	return strconv.AppendFloat(appendKey(dst, k), v, 'f', -1, 64)
}

// pow10 holds the powers of ten used by appendDecimal.
var pow10 = [...]int64{1, 10, 100, 1000, 10000, 100000, 1000000, 10000000}

// appendDecimal writes v/10^dec exactly, without trailing zeros in the
// fraction (12.30 is written 12.3, 5.0 is written 5). It is the hot-path
// replacement for formatting floats.
func appendDecimal(dst []byte, k string, v int64, dec int) []byte {
	dst = appendKey(dst, k)
	if v < 0 {
		dst = append(dst, '-')
		v = -v
	}
	ip, fp := v/pow10[dec], v%pow10[dec]
	dst = strconv.AppendInt(dst, ip, 10)
	if fp == 0 {
		return dst
	}
	var buf [8]byte
	for i := dec - 1; i >= 0; i-- {
		buf[i] = byte('0' + fp%10)
		fp /= 10
	}
	n := dec
	for buf[n-1] == '0' {
		n--
	}
	return append(append(dst, '.'), buf[:n]...)
}

// appendDegrees writes a coordinate of perDegree units per degree (600000
// for 1/10000 minute) in degrees, with the shortest decimal that reads back
// to the same float64.
func appendDegrees(dst []byte, k string, v int64, perDegree int64) []byte {
	return appendFloat(dst, k, float64(v)/float64(perDegree))
}

// appendStr writes s as a JSON string, escaping quotes, backslashes and
// control characters.
func appendStr(dst []byte, k string, s []byte) []byte {
	dst = append(appendKey(dst, k), '"')
	for _, c := range s {
		switch {
		case c == '"' || c == '\\':
			dst = append(dst, '\\', c)
		case c < 0x20 || c >= 0x7f:
			dst = append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&15])
		default:
			dst = append(dst, c)
		}
	}
	return append(dst, '"')
}

// appendData writes binary data the way gpsd does: "bits:hex".
func appendData(dst []byte, k string, data []byte, nbits int) []byte {
	dst = append(appendKey(dst, k), '"')
	dst = strconv.AppendInt(dst, int64(nbits), 10)
	dst = append(dst, ':')
	for _, c := range data {
		dst = append(dst, hexDigits[c>>4], hexDigits[c&15])
	}
	return append(dst, '"')
}

// append2 writes v as two decimal digits (v < 100).
func append2(dst []byte, v uint8) []byte {
	return append(dst, '0'+v/10%10, '0'+v%10)
}

// turnDegPerMin converts ROT_AIS to degrees per minute, signed, rounded as
// gpsd does ((ROT/4.733)², to the nearest integer).
func turnDegPerMin(rot int8) float64 {
	r := float64(rot) / 4.733
	return math.Copysign(math.Round(r*r), r)
}

package ingest

import (
	"errors"
	"strconv"
	"unsafe"
)

// errNumber is returned for a field that is not a number.
var errNumber = errors.New("not a number")

// pow10 holds the exact powers of ten a float64 can represent.
var pow10 = [...]float64{1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9,
	1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22}

// parseFloat parses a decimal number like strconv.ParseFloat(s, 64) does,
// correctly rounded, without allocating. Plain decimals with at most 15
// digits take a fast path (an exact integer divided by an exact
// power of ten rounds correctly); anything else falls back to strconv.
func parseFloat(b []byte) (float64, error) {
	if len(b) == 0 {
		return 0, errNumber
	}
	i, neg := 0, false
	if b[0] == '-' || b[0] == '+' {
		neg, i = b[0] == '-', 1
	}
	start := i
	var mant uint64
	for ; i < len(b); i++ {
		d := b[i] - '0'
		if d > 9 {
			break
		}
		mant = mant*10 + uint64(d)
	}
	ints, frac := i-start, 0
	if i < len(b) && b[i] == '.' {
		i++
		dot := i
		for ; i < len(b); i++ {
			d := b[i] - '0'
			if d > 9 {
				break
			}
			mant = mant*10 + uint64(d)
		}
		frac = i - dot
	}
	// At most 15 digits: mant < 1e15 < 2^53 is exact, and so is pow10[frac].
	if i != len(b) || ints+frac == 0 || ints+frac > 15 {
		return slowFloat(b)
	}
	f := float64(mant) / pow10[frac]
	if neg {
		f = -f
	}
	return f, nil
}

// slowFloat is the general fallback (exponents, many digits, inf/nan).
func slowFloat(b []byte) (float64, error) {
	f, err := strconv.ParseFloat(unsafe.String(unsafe.SliceData(b), len(b)), 64)
	if err != nil {
		return 0, errNumber
	}
	return f, nil
}

// parseUint parses a decimal unsigned integer of at most 18 digits.
func parseUint(b []byte) (uint64, error) {
	if len(b) == 0 || len(b) > 18 {
		return 0, errNumber
	}
	var n uint64
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, errNumber
		}
		n = n*10 + uint64(c-'0')
	}
	return n, nil
}

// parseIntLoose parses an integer that may be written as a decimal with a
// zero fraction ("511", "511.0"), as spreadsheets and R often write them.
func parseIntLoose(b []byte) (int64, error) {
	if u, err := parseUint(b); err == nil {
		return int64(u), nil
	}
	f, err := parseFloat(b)
	if err != nil || f != float64(int64(f)) {
		return 0, errNumber
	}
	return int64(f), nil
}

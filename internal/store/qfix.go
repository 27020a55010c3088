package store

import (
	"cmp"
	"math"

	"github.com/lookout-osint/lookout/internal/track"
)

// qfix is a fix quantised to what the store keeps: lat/lon in 1e-6 degrees,
// SOG in 0.1 kn, COG in 0.1° (-1 = not available), heading in degrees (-1 =
// not available), status and class packed into one byte.
type qfix struct {
	t        int64
	lat, lon int32
	sog, cog int32
	hdg      int32
	st       uint8 // status | class<<4
	src      uint32
	line     uint32
}

// quantize returns f quantised (quantizeTo).
func quantize(f *track.Fix) qfix {
	var q qfix
	quantizeTo(&q, f)
	return q
}

// quantizeTo sets *q to f quantised, field by field: returning a qfix
// (40 bytes) by value costs a copy through the stack and back at every
// fix of a batch. It makes no call (roundMicro and tenths inline), and
// sets exactly what int32(math.Round(v*1e6)) and the math.Round form of
// tenths return (TestQuantizeMatchesFrozen, FuzzQuantizeMatchesFrozen).
func quantizeTo(q *qfix, f *track.Fix) {
	q.t = f.Time
	q.lat = roundMicro(f.Lat)
	q.lon = roundMicro(f.Lon)
	q.sog = tenths(f.SOG)
	q.cog = tenths(f.COG)
	q.hdg = hdg(f.Heading)
	q.st = f.Status&0x0f | uint8(f.Class&0x0f)<<4
	q.src = f.Src.Source
	q.line = f.Src.Line
}

// roundMicro returns int32(math.Round(v * 1e6)), bit for bit, without
// math.Round. With y = v*1e6 and |y| < 2^52, j = int64(y) truncates y
// exactly and y - float64(j) is exact (both have y's sign, |j| <= |y| <
// |j|+1, so Sterbenz's lemma applies), so the halfway test and the step
// away from zero round exactly as math.Round does; float64(j) is then
// exact, and has the value of math.Round(y) (up to the sign of a zero,
// which converts to 0 either way). Otherwise y is NaN, infinite or
// integral, which math.Round returns unchanged, so converting y itself is
// converting math.Round(y), however the conversion of a value outside
// int32 behaves on the architecture.
func roundMicro(v float64) int32 {
	y := v * 1e6
	if y > -1<<52 && y < 1<<52 {
		j := int64(y)
		d := y - float64(j)
		// Set instructions, not branches: the fraction of a position is
		// as good as random, and so would be the branches' outcome.
		j += b2i(d >= 0.5) - b2i(d <= -0.5)
		y = float64(j)
	}
	return int32(y)
}

// b2i returns 1 for true and 0 for false (a SETcc, not a branch).
func b2i(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

// tenths returns v (SOG or COG) in tenths, rounded half away from zero, or
// -1 for NaN, a negative value or +Inf. It is the math.Round form it
// replaced, bit for bit: y = float64(v)*10 is exact (24 + 4 significant
// bits); below 2^30 int32(y) truncates it exactly and y - float64(i) is
// its exact fraction; from 2^30 on, v >= 2^23, so v is a multiple of 0.5,
// y is integral and math.Round(y) is y (TestTenthsExhaustive compares
// every float32).
func tenths(v float32) int32 {
	if !(v >= 0 && v <= math.MaxFloat32) {
		return -1
	}
	y := float64(v) * 10
	i := int32(y)
	if y < 1<<30 { // else y is integral (and int32(y) may be out of range)
		i += int32(b2i(y-float64(i) >= 0.5))
	}
	return i
}

func hdg(h int16) int32 {
	if h < 0 || h > 359 {
		return -1
	}
	return int32(h)
}

func untenths(v int32) float32 {
	if v < 0 {
		return float32(math.NaN())
	}
	return float32(v) / 10
}

// fix expands q into a track.Fix of mmsi.
func (q *qfix) fix(mmsi uint32) track.Fix {
	return track.Fix{
		MMSI:    mmsi,
		Time:    q.t,
		Lat:     float64(q.lat) / 1e6,
		Lon:     float64(q.lon) / 1e6,
		SOG:     untenths(q.sog),
		COG:     untenths(q.cog),
		Heading: int16(q.hdg),
		Status:  q.st & 0x0f,
		Class:   track.Class(q.st >> 4),
		Src:     track.SourceRef{Source: q.src, Line: q.line},
	}
}

// Quantize returns f as the store will return it: lat/lon rounded to 1e-6°,
// SOG and COG to 0.1, a heading outside 0..359 as -1. Tests compare stored
// fixes with Quantize(written).
func Quantize(f track.Fix) track.Fix {
	q := quantize(&f)
	return q.fix(f.MMSI)
}

// cmpQ is the canonical order in a block: time, lat, lon (the dedupe key),
// then source reference so that the kept duplicate is the smallest ref.
func cmpQ(a, b *qfix) int {
	if c := cmpKey(a, b); c != 0 {
		return c
	}
	return cmpSrc(a, b)
}

// cmpSrc compares the source references (source, line).
func cmpSrc(a, b *qfix) int {
	if c := cmp.Compare(a.src, b.src); c != 0 {
		return c
	}
	return cmp.Compare(a.line, b.line)
}

// cmpKey compares the dedupe key (time, lat, lon).
func cmpKey(a, b *qfix) int {
	if c := cmp.Compare(a.t, b.t); c != 0 {
		return c
	}
	if c := cmp.Compare(a.lat, b.lat); c != 0 {
		return c
	}
	return cmp.Compare(a.lon, b.lon)
}

// mergeFixes merges two canonical sorted, deduplicated lists into dst,
// keeping one fix per (time, lat, lon): the one with the smaller source
// reference. It reports how many fixes of add were new keys. When add
// starts after old ends (a feed in time order extends a block) it copies
// both without comparing fix by fix.
func mergeFixes(dst, old, add []qfix) ([]qfix, int) {
	if len(old) > 0 && len(add) > 0 && cmpKey(&old[len(old)-1], &add[0]) < 0 {
		return append(append(dst[:0], old...), add...), len(add)
	}
	dst = dst[:0]
	added := 0
	i, j := 0, 0
	for i < len(old) && j < len(add) {
		switch c := cmpKey(&old[i], &add[j]); {
		case c < 0:
			dst = append(dst, old[i])
			i++
		case c > 0:
			dst = append(dst, add[j])
			added++
			j++
		default:
			if cmpQ(&add[j], &old[i]) < 0 {
				dst = append(dst, add[j])
			} else {
				dst = append(dst, old[i])
			}
			i++
			j++
		}
	}
	dst = append(dst, old[i:]...)
	added += len(add) - j
	dst = append(dst, add[j:]...)
	return dst, added
}

// dedupeSorted removes later entries with the same key from a cmpQ-sorted list.
func dedupeSorted(q []qfix) []qfix {
	if len(q) < 2 {
		return q
	}
	out := q[:1]
	for i := 1; i < len(q); i++ {
		if cmpKey(&q[i], &out[len(out)-1]) != 0 {
			out = append(out, q[i])
		}
	}
	return out
}

func equalQ(a, b []qfix) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

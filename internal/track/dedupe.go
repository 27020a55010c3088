package track

import "math"

// DefaultDedupeWindowMs is how far apart in time two identical reports of
// one MMSI may be and still count as one report heard twice. Receivers
// stamp the same transmission within a second or two of each other, while
// the fastest genuine repeat of an unchanged state is ~10 s (a still class
// A vessel not at anchor). On the Solent capture, identical rows of one
// MMSI are 0–4 s apart (131, duplicates), then cluster at 8–11 s, 18–21 s,
// 28–30 s (the 10 s cadence of genuine reports): 5 s separates the two.
const DefaultDedupeWindowMs = 5 * 1000

// dedupeSlots is how many recent distinct reports per MMSI are remembered:
// copies of one payload arrive within seconds of each other, while a
// vessel reports at most every 2 s, so 8 covers the interleaving of
// several receivers. It is a power of two (remember wraps with a mask)
// and at most 8 (dedupeRing.tags holds a byte per slot); the two constants
// below do not compile otherwise.
const dedupeSlots = 8

const (
	_ uint = 8 - dedupeSlots
	_ uint = -(dedupeSlots & (dedupeSlots - 1))
)

// Dedupe drops the same position report heard by several receivers (or
// repeated by a relay): same MMSI, same content, times within a window.
// "Same content" means equal latitude and longitude at the AIS resolution
// of 1/10000 minute, equal SOG, COG, heading and navigational status (NaN
// equals NaN), since one transmitted payload decodes to exactly these.
// Different payloads of one moving vessel always differ in position.
//
// It also drops stale replays: a report of a moving vessel (SOG ≥
// StaleMinSOGKn) whose content equals one it already kept up to
// StaleWindowMs earlier, arriving after the vessel has reported something
// else since. Such a report is an old transmission forwarded again late
// (a base station relaying sentences 17 min after another did): a genuine
// report at that speed cannot repeat an earlier position, and the vessel's
// newer, different reports show it has moved on. Stationary vessels repeat
// identical reports for real (moored ships, frozen positions), so their
// repeats, and repeats with nothing different in between, are kept.
//
// Feed fixes in roughly time order per MMSI (after Reorder): each MMSI
// keeps its last 8 distinct reports (as a 64-bit hash of the content), and
// a duplicate is recognised whichever of those it repeats; a moving MMSI
// also keeps the reports of its stale window, up to 512 (256 B to 4 KiB,
// see staleMaxSets).
// Memory: a small ring per MMSI seen; call Expire now and then on a long
// stream. No allocation per fix: only per new MMSI, and up to 5 as a
// moving MMSI's table grows. Not safe for concurrent use.
type Dedupe struct {
	WindowMs      int64 // time tolerance, ms; DefaultDedupeWindowMs if 0
	StaleWindowMs int64 // how far back a stale replay is recognised, ms; < 0 disables
	vessels       map[uint32]*dedupeRing
	recent        *[vesselCacheSize]cachedRing // direct-mapped cache in front of vessels
	Counts        Counts                       // [ReasonNone] kept, [ReasonDuplicate] and [ReasonStaleReplay] dropped
}

type dedupeRing struct {
	keys  [dedupeSlots]uint64 // hash of fixKey
	tags  uint64              // byte i: the top byte of keys[i] (0 while unused)
	n     int32               // slots used
	next  int32               // slot to overwrite
	last  uint64              // hash of the last kept report
	stale staleTable          // reports of the stale window; empty until the vessel moves
	times [dedupeSlots]int64  // read only when a key matches
}

// Byte masks for the ring's tags, a byte per slot.
const (
	tagOnes  = 0x0101010101010101
	tagHighs = 0x8080808080808080
)

// mayHold reports whether k may be one of r's keys: false only when no
// slot's tag is k's top byte, so that none of its keys can be k (the
// usual case, tested here in a few word operations instead of a compare
// per slot). The test is the exact "has a zero byte" of tags ^ k's tag
// in every byte: it has false positives (a tag alike, or an unused slot's
// 0) but no false negatives.
func (r *dedupeRing) mayHold(k uint64) bool {
	x := r.tags ^ (k>>56)*tagOnes
	return (x-tagOnes)&^x&tagHighs != 0
}

// NewDedupe returns a Dedupe with the given window (ms; ≤ 0 means
// DefaultDedupeWindowMs) and DefaultStaleWindowMs.
func NewDedupe(windowMs int64) *Dedupe {
	if windowMs <= 0 {
		windowMs = DefaultDedupeWindowMs
	}
	return &Dedupe{WindowMs: windowMs, StaleWindowMs: DefaultStaleWindowMs,
		vessels: make(map[uint32]*dedupeRing)}
}

// Keep reports whether f is new (true) or a duplicate or stale replay of an
// earlier report of the same MMSI (false), and counts it.
func (d *Dedupe) Keep(f *Fix) bool { return d.Check(f) == ReasonNone }

// Check is Keep that says why a fix is dropped: ReasonNone (kept),
// ReasonDuplicate or ReasonStaleReplay. It counts the fix in d.Counts.
func (d *Dedupe) Check(f *Fix) Reason {
	if d.vessels == nil {
		w := d.StaleWindowMs
		*d = *NewDedupe(d.WindowMs)
		if w != 0 {
			d.StaleWindowMs = w
		}
	}
	return d.checkRing(d.ring(f.MMSI), f, moving(f))
}

// checkRing is Check of a fix whose MMSI's ring is r; mov is moving(f).
func (d *Dedupe) checkRing(r *dedupeRing, f *Fix, mov bool) Reason {
	k := keyOf(f)
	reason := d.check(r, k, f, mov)
	if reason != ReasonNone {
		d.Counts[reason]++
		return reason
	}
	d.Counts[ReasonNone]++
	d.remember(r, k, f, mov)
	return ReasonNone
}

// cachedRing is one slot of Dedupe's vessel cache; r nil is empty.
type cachedRing struct {
	mmsi uint32
	r    *dedupeRing
}

// ring returns mmsi's ring, making it on its first report.
func (d *Dedupe) ring(mmsi uint32) *dedupeRing {
	if d.recent == nil {
		d.recent = new([vesselCacheSize]cachedRing)
	}
	c := &d.recent[mmsi%vesselCacheSize]
	if c.r != nil && c.mmsi == mmsi {
		return c.r
	}
	r := d.vessels[mmsi]
	if r == nil {
		r = &dedupeRing{}
		d.vessels[mmsi] = r
	}
	c.mmsi, c.r = mmsi, r
	return r
}

// check looks k up in r's recent reports, then (for a moving report that
// differs from the last kept one; mov is moving(f)) in its stale window.
func (d *Dedupe) check(r *dedupeRing, k uint64, f *Fix, mov bool) Reason {
	if r.mayHold(k) {
		for i := range int(r.n) {
			if r.keys[i] == k && absDiff(r.times[i], f.Time) <= d.WindowMs {
				return ReasonDuplicate
			}
		}
	}
	if r.stale.e == nil || k == r.last || d.StaleWindowMs < 0 || !mov {
		return ReasonNone
	}
	age, ok := r.stale.find(k, unixSec(f.Time)) // s; negative if f is older
	if !ok {
		return ReasonNone
	}
	switch {
	case age*1000 <= d.WindowMs && -age*1000 <= d.WindowMs:
		return ReasonDuplicate // a copy the ring already forgot
	case age > 0 && age*1000 <= d.StaleWindowMs:
		return ReasonStaleReplay
	}
	return ReasonNone
}

// remember records a kept report (mov is moving(f)).
func (d *Dedupe) remember(r *dedupeRing, k uint64, f *Fix, mov bool) {
	i := r.next & (dedupeSlots - 1) // always < dedupeSlots; the mask spares bounds checks
	r.keys[i], r.times[i] = k, f.Time
	sh := 8 * uint(i)
	r.tags = r.tags&^(0xff<<sh) | k>>56<<sh
	r.next = (i + 1) & (dedupeSlots - 1)
	r.n = min(r.n+1, dedupeSlots)
	r.last = k
	if d.StaleWindowMs < 0 || !mov {
		return
	}
	r.stale.add(k, unixSec(f.Time), d.StaleWindowMs/1000)
}

// Filter keeps the non-duplicates of fixes in place and returns them
// (fixes' backing array is reused).
func (d *Dedupe) Filter(fixes []Fix) []Fix {
	out := fixes[:0]
	for i := range fixes {
		if d.Keep(&fixes[i]) {
			out = append(out, fixes[i])
		}
	}
	return out
}

// Expire forgets MMSIs whose newest report is more than the window (the
// stale window for a vessel that moved) before now (a time from the data).
func (d *Dedupe) Expire(now int64) {
	if d.recent != nil {
		clear(d.recent[:])
	}
	for m, r := range d.vessels {
		newest := r.times[(r.next+dedupeSlots-1)%dedupeSlots]
		horizon := d.WindowMs
		if r.stale.e != nil {
			horizon = max(horizon, d.StaleWindowMs)
		}
		if now-newest > horizon {
			delete(d.vessels, m)
		}
	}
}

// Forget drops the memory of one MMSI.
func (d *Dedupe) Forget(mmsi uint32) {
	delete(d.vessels, mmsi)
	if d.recent != nil {
		if c := &d.recent[mmsi%vesselCacheSize]; c.mmsi == mmsi {
			*c = cachedRing{}
		}
	}
}

// Vessels returns the number of MMSIs remembered.
func (d *Dedupe) Vessels() int { return len(d.vessels) }

// keyOf hashes the content identical payloads share.
func keyOf(f *Fix) uint64 {
	const perDeg = 600000 // AIS positions are in 1/10000 minute
	h := mix(uint64(roundInt(f.Lat*perDeg)), uint64(roundInt(f.Lon*perDeg)))
	h = mix(h, uint64(math.Float32bits(canonNaN(f.SOG)))<<32|uint64(math.Float32bits(canonNaN(f.COG))))
	return mix(h, uint64(uint16(f.Heading))<<8|uint64(f.Status))
}

// roundInt returns int64(math.Round(x)) in fewer steps. For |x| < 2^52
// (every coordinate times 600000): i is x truncated, d = x - i, exact,
// lies in (-1, 1), and 2d, exact too, truncates to the sign of d when
// |d| ≥ 0.5, else to 0, which is what rounding half away from zero adds
// to i; Round(x) is then an integer below 2^52, which int64 holds
// exactly, so the two agree. Any other x is an integer, infinite or NaN,
// which math.Round returns as it is: converting x is converting Round(x).
func roundInt(x float64) int64 {
	i := int64(x)
	if !(math.Abs(x) < 1<<52) {
		return i
	}
	return i + int64(2*(x-float64(i)))
}

// mix combines a hash with a value (a multiply-xorshift step as in
// splitmix64): collisions between different reports of one MMSI within a
// window are vanishingly rare.
func mix(h, v uint64) uint64 {
	h ^= v + 0x9e3779b97f4a7c15 + h<<6 + h>>2
	h *= 0xbf58476d1ce4e5b9
	return h ^ h>>31
}

// canonNaN maps every NaN to one bit pattern so that NaN equals NaN.
func canonNaN(v float32) float32 {
	if v != v {
		return float32(math.NaN())
	}
	return v
}

func absDiff(a, b int64) int64 {
	if a > b {
		return a - b
	}
	return b - a
}

package track

// DefaultStaleWindowMs is how long Dedupe remembers the reports of a moving
// vessel to recognise a stale replay: the same payload forwarded again
// late by another receiver or base station. In DMA's 538004030 drift case
// (docs/REAL-DATA.md) base station 992190923 forwards sentences 16.9–17.0
// min after 992190921 heard them; an hour covers that with room to spare.
const DefaultStaleWindowMs = 60 * 60 * 1000

// StaleMinSOGKn is the reported speed from which an exact repeat of an
// older report can only be a replay. A vessel making 1 kn moves 2.6 m in
// 5 s (the dedupe window), 14 times the AIS position resolution of 1/10000
// minute (≤ 0.19 m), and GPS noise alone moves a reported position by more
// than that; so a genuine later report at that speed never repeats the
// position, speed, course and heading of an earlier one. Below it (moored
// or anchored ships) identical reports are routine and always kept.
const StaleMinSOGKn = 1.0

// staleSets × staleWays reports of a moving vessel are remembered: a
// set-associative table keyed by the content hash, each set one 64-byte
// cache line. A new report replaces the oldest of its set, so a report
// is forgotten only after 8 newer ones fell into its set: at a class A
// moving vessel's 10 s cadence (~100 reports in 17 min, ~1.6 per set)
// that almost never happens within the window; at a 2 s cadence (> 23 kn)
// replays older than ~20 min start to be missed. 4 KiB per moving vessel,
// allocated on its first moving report.
const (
	staleSets = 64
	staleWays = 8
)

// staleTable remembers a moving vessel's recent reports. Each entry packs
// the upper 32 bits of the content hash (the lower 6 bits pick the set)
// and the report time in Unix seconds (mod 2^32); 0 is an empty entry.
type staleTable [staleSets][staleWays]uint64

// find returns the time (Unix s, mod 2^32) of the remembered report
// with content hash k, or false.
func (t *staleTable) find(k uint64) (uint32, bool) {
	set := &t[k%staleSets]
	fp := k &^ (1<<32 - 1)
	for _, e := range set {
		if e&^(1<<32-1) == fp && e != 0 {
			return uint32(e), true
		}
	}
	return 0, false
}

// add remembers report k at time sec, in place of an entry of k (a frozen
// transponder repeating itself), else of the oldest entry of its set (an
// empty one first).
func (t *staleTable) add(k uint64, sec uint32) {
	set := &t[k%staleSets]
	oldest, age := 0, uint32(0)
	for i, e := range set {
		if e == 0 || e&^(1<<32-1) == k&^(1<<32-1) {
			oldest = i
			break
		}
		if a := sec - uint32(e); a >= age {
			oldest, age = i, a
		}
	}
	set[oldest] = k&^(1<<32-1) | uint64(sec)
}

// moving reports whether f claims a speed at which exact repeats cannot
// be genuine. An unknown speed (NaN compares false) is not moving, nor is
// a fix the bad-fix filters drop, such as the "not available" 102.3 kn
// that still transponders send in NOAA's data with a jittering position:
// those are left for the Segmenter to count under their own reason.
func moving(f *Fix) bool { return f.SOG >= StaleMinSOGKn && CheckFix(f) == ReasonNone }

// unixSec returns f's time in Unix seconds, mod 2^32 (differences within
// the stale window are exact).
func unixSec(ms int64) uint32 { return uint32(uint64(floorDiv(ms, 1000))) }

func floorDiv(a, b int64) int64 {
	q := a / b
	if (a%b != 0) && (a < 0) {
		q--
	}
	return q
}

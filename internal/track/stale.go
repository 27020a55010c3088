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

// A moving vessel's reports are remembered in a set-associative table
// keyed by the content hash, each set of staleWays entries one 64-byte
// cache line. A new report takes the place of the oldest of its set; when
// that one is still within the stale window the table first doubles, from
// staleMinSets up to staleMaxSets sets (512 reports, 4 KiB). So a vessel
// seen a few times costs 256 bytes, and one reporting every 10 s for an
// hour (360 reports) gets the full table, where a report is forgotten only
// after 8 newer ones fell into its set: at that cadence a 17 min old report
// (~100 newer ones, ~1.6 per set) almost never is; at a 2 s cadence
// (> 23 kn) replays older than ~20 min start to be missed.
const (
	staleWays    = 8
	staleMinSets = 4
	staleMaxSets = 64
)

// An entry packs the upper 40 bits of the content hash (the fingerprint,
// whose low bits also pick the set, so that the table can grow) and the
// report time in Unix seconds modulo 2^24 (194 days, far beyond the
// window); 0 is an empty entry.
const (
	staleTimeBits = 24
	staleTimeMask = 1<<staleTimeBits - 1
)

// staleTable remembers a moving vessel's recent reports.
type staleTable struct {
	e []uint64 // sets × staleWays entries
}

// fingerprint returns the part of content hash k an entry keeps.
func fingerprint(k uint64) uint64 { return k >> staleTimeBits }

// set returns the entries of the set of fingerprint fp.
func (t *staleTable) set(fp uint64) *[staleWays]uint64 {
	i := (int(fp) & (len(t.e)/staleWays - 1)) * staleWays
	return (*[staleWays]uint64)(t.e[i : i+staleWays])
}

// age returns how many seconds before now (Unix s) entry e was stored;
// negative if after.
func age(e uint64, now int64) int64 {
	a := (now - int64(e&staleTimeMask)) & staleTimeMask
	if a >= 1<<(staleTimeBits-1) {
		a -= 1 << staleTimeBits
	}
	return a
}

// find returns the age (s, before now) of the remembered report with
// content hash k, or false.
func (t *staleTable) find(k uint64, now int64) (int64, bool) {
	fp := fingerprint(k)
	for _, e := range t.set(fp) {
		if e>>staleTimeBits == fp && e != 0 {
			return age(e, now), true
		}
	}
	return 0, false
}

// add remembers report k at time now (Unix s), in place of an entry of k
// (a frozen transponder repeating itself), else of an empty or the oldest
// entry of its set, growing the table rather than forget an entry younger
// than windowS seconds.
func (t *staleTable) add(k uint64, now, windowS int64) {
	if t.e == nil {
		t.e = make([]uint64, staleMinSets*staleWays)
	}
	fp := fingerprint(k)
	slot, live := t.slot(fp, now, windowS)
	if live && len(t.e) < staleMaxSets*staleWays {
		t.grow(now)
		slot, _ = t.slot(fp, now, windowS)
	}
	*slot = fp<<staleTimeBits | uint64(now)&staleTimeMask
}

// slot returns the entry fp should take in its set, and whether that
// entry holds another report younger than windowS.
func (t *staleTable) slot(fp uint64, now, windowS int64) (*uint64, bool) {
	set := t.set(fp)
	oldest, oldestAge := 0, int64(-1<<62)
	for i, e := range set {
		if e == 0 || e>>staleTimeBits == fp {
			return &set[i], false
		}
		if a := age(e, now); a > oldestAge {
			oldest, oldestAge = i, a
		}
	}
	return &set[oldest], oldestAge <= windowS
}

// grow doubles the number of sets and re-files the entries.
func (t *staleTable) grow(now int64) {
	old := t.e
	t.e = make([]uint64, 2*len(old))
	for _, e := range old {
		if e != 0 {
			slot, _ := t.slot(e>>staleTimeBits, now, 0)
			*slot = e
		}
	}
}

// moving reports whether f claims a speed at which exact repeats cannot
// be genuine. An unknown speed (NaN compares false) is not moving, nor is
// a fix the bad-fix filters drop, such as the "not available" 102.3 kn
// that still transponders send in NOAA's data with a jittering position:
// those are left for the Segmenter to count under their own reason.
func moving(f *Fix) bool { return movingChecked(f, CheckFix(f)) }

// movingChecked is moving for a fix whose CheckFix is bad.
func movingChecked(f *Fix, bad Reason) bool { return f.SOG >= StaleMinSOGKn && bad == ReasonNone }

// unixSec returns a time in Unix ms as Unix seconds (rounded down).
func unixSec(ms int64) int64 {
	if ms < 0 && ms%1000 != 0 {
		return ms/1000 - 1
	}
	return ms / 1000
}

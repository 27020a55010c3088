package track

import "fmt"

// Reason says why a fix was dropped. ReasonNone means it was kept. Every
// dropped fix is counted by its reason (see Counts), never lost silently.
type Reason uint8

// Drop reasons. The first three are the bad-fix filters of DETECTORS.md §1;
// the others come from ordering, dedupe and segmenting.
const (
	ReasonNone        Reason = iota
	ReasonBadPosition        // lat/lon out of range, NaN, or not available (91/181)
	ReasonCOG360             // course not available (360) while SOG > 0.35 kn
	ReasonSOGSentinel        // SOG in a sentinel band: 51.15–51.25, 62.95–63.05, 102.25–102.35 kn
	ReasonOutOfOrder         // older than the MMSI's last fix given to the Segmenter
	ReasonLookback           // discarded when a later fix matched an earlier one better (look-back)
	ReasonDuplicate          // the same report heard again (Dedupe)
	ReasonTooLate            // arrived after the Reorder window for its MMSI had passed
	ReasonStaleReplay        // an old report of a moving vessel forwarded again late (Dedupe)
	NumReasons               // number of reasons, for arrays indexed by Reason
)

var reasonNames = [NumReasons]string{
	"kept", "bad_position", "cog_360", "sog_sentinel", "out_of_order",
	"lookback", "duplicate", "too_late", "stale_replay",
}

// String returns a short snake_case name, stable for counters and output.
func (r Reason) String() string {
	if r < NumReasons {
		return reasonNames[r]
	}
	return fmt.Sprintf("reason(%d)", uint8(r))
}

// Counts counts fixes by Reason; Counts[ReasonNone] counts kept fixes where
// the counting stage keeps any.
type Counts [NumReasons]uint64

// Add adds other's counts to c.
func (c *Counts) Add(other Counts) {
	for i := range c {
		c[i] += other[i]
	}
}

// Dropped returns the number of fixes dropped for any reason.
func (c *Counts) Dropped() uint64 {
	var n uint64
	for i := ReasonNone + 1; i < NumReasons; i++ {
		n += c[i]
	}
	return n
}

// VerySlowKn is the speed at or below which a missing course is normal:
// GPS cannot tell the course of a vessel that hardly moves. Above it a
// missing course marks a faulty transponder (GFW's "very_slow", 0.35 kn).
const VerySlowKn = 0.35

// sogSentinels are the SOG bands that almost always mean "bad value" rather
// than a real speed (102.3 = not available, 63 = type 27 n/a, 51.2 noise),
// in ascending order.
var sogSentinels = [...][2]float64{{51.15, 51.25}, {62.95, 63.05}, {102.25, 102.35}}

// CheckFix applies the bad-fix filters of DETECTORS.md §1 and returns why f
// is not a usable position, or ReasonNone.
//
// Course "not available" arrives either as NaN (what ingest should pass: the
// decoder maps the raw AIS value 3600 to NaN) or as a literal 360 or any
// value outside [0, 360): both are treated alike, so the filter holds
// whichever convention a source uses. A missing course at SOG ≤ 0.35 kn is
// fine (the vessel is nearly still); above that the fix is dropped. A
// missing SOG is not a reason to drop (some CSV sources have none); the
// segmenter then treats the vessel as still when dead-reckoning. A speed
// in a sentinel band is reported as such even when the course is missing
// too (102.3 kn with 360° is the usual "nothing available" report).
//
// The sentinel bands only catch what arrives as a number: a decoder that
// turns the AIS "speed not available" (1023) into NaN bypasses them, and
// the fix is then kept as a fix without speed.
func CheckFix(f *Fix) Reason {
	if !f.Point().Valid() {
		return ReasonBadPosition
	}
	sog := float64(f.SOG)
	if sog >= sogSentinels[0][0] && sog <= sogSentinels[len(sogSentinels)-1][1] { // most speeds are below all bands
		for _, b := range sogSentinels {
			if sog >= b[0] && sog <= b[1] {
				return ReasonSOGSentinel
			}
		}
	}
	if !courseKnown(f.COG) && sog > VerySlowKn {
		return ReasonCOG360
	}
	return ReasonNone
}

// courseKnown reports whether cog is a real course in [0, 360).
func courseKnown(cog float32) bool {
	return cog >= 0 && cog < 360 // false for NaN
}

// speedKn returns the SOG to dead-reckon with: 0 when not available.
func speedKn(sog float32) float64 {
	if sog >= 0 { // false for NaN
		return float64(sog)
	}
	return 0
}

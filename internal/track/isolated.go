package track

// IsolatedJumpKn is the implied speed above which a lone fix is an
// isolated position jump (DETECTORS.md §6 position_jump: 50 kn).
const IsolatedJumpKn = 50

// IsolatedJump reports whether f, a fix alone in its segment, is an
// isolated position jump (DETECTORS.md §6): the vessel's nearest fixes
// before (prev) and after (next) in time both exist, f is more than maxKn
// away from each at implied speed, and prev and next agree with each other
// (at most maxKn apart). Such a fix is a glitch, not where the vessel was,
// like the Solent capture's one report of a ship moored at Portsmouth at
// 54.8° E. A missing neighbour (nil) means it cannot be told: false.
func IsolatedJump(f, prev, next *Fix, maxKn float64) bool {
	if prev == nil || next == nil {
		return false
	}
	return ImpliedSpeedKn(prev, f) > maxKn && ImpliedSpeedKn(f, next) > maxKn &&
		ImpliedSpeedKn(prev, next) <= maxKn
}

package detect

import (
	"sort"

	"github.com/lookout-osint/lookout/internal/track"
)

// nearestFix returns the vessel's fix closest in time to t (over all
// segments), or nil when it has none: the representative position of
// events that have no position of their own (identity changes).
func nearestFix(segs []track.Segment, t int64) *track.Fix {
	var best *track.Fix
	for si := range segs {
		fixes := segs[si].Fixes
		i := sort.Search(len(fixes), func(k int) bool { return fixes[k].Time >= t })
		for _, k := range []int{i - 1, i} {
			if k >= 0 && k < len(fixes) && (best == nil || absMs(fixes[k].Time-t) < absMs(best.Time-t)) {
				best = &fixes[k]
			}
		}
	}
	return best
}

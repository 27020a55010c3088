package detect

import (
	"sort"

	"github.com/lookout-osint/lookout/internal/track"
)

// sortedSegments returns the vessel's non-empty segments ordered by their
// first fix time (ties by id), so that every result is deterministic.
func sortedSegments(v *Vessel) []*track.Segment {
	out := make([]*track.Segment, 0, len(v.Segments))
	for i := range v.Segments {
		if len(v.Segments[i].Fixes) > 0 {
			out = append(out, &v.Segments[i])
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i].Fixes[0].Time, out[j].Fixes[0].Time
		if a != b {
			return a < b
		}
		return out[i].ID.Compare(out[j].ID) < 0
	})
	return out
}

// maxChainCandidates bounds the chains a segment may continue (the most
// recently started ones), keeping chaining linear for MMSIs shared by
// hundreds of transmitters.
const maxChainCandidates = 64

// chainSegments groups segments (in start order) into chains a single ship
// could have sailed: each segment continues the chain whose last segment
// ended before it started and nearest it, within maxJoinM; otherwise it
// starts a new chain. Shared MMSIs thus give one chain per transmitter.
func chainSegments(segs []*track.Segment, maxJoinM float64) [][]int {
	var chains [][]int
	for i, s := range segs {
		first := &s.Fixes[0]
		best, bestD := -1, maxJoinM
		for c := len(chains) - 1; c >= 0 && c >= len(chains)-maxChainCandidates; c-- {
			ch := chains[c]
			prev := segs[ch[len(ch)-1]]
			last := &prev.Fixes[len(prev.Fixes)-1]
			if last.Time > first.Time {
				continue
			}
			if d := fixDistM(last, first); d <= bestD {
				best, bestD = c, d
			}
		}
		if best < 0 {
			chains = append(chains, []int{i})
			continue
		}
		chains[best] = append(chains[best], i)
	}
	return chains
}

// lastFix returns a pointer to the last fix of a non-empty slice.
func lastFix(fixes []track.Fix) *track.Fix { return &fixes[len(fixes)-1] }

package surge

import "sort"

// Vote combines the change points of several detectors: points within
// width of the first point of a cluster form one cluster, and a cluster
// that at least need detectors support becomes one change point at the
// median of its members' positions. Lists must be ascending.
func Vote(lists [][]int, need, width int) []int {
	type vote struct{ pos, who int }
	var all []vote
	for w, l := range lists {
		for _, p := range l {
			all = append(all, vote{p, w})
		}
	}
	sort.Slice(all, func(i, j int) bool { return all[i].pos < all[j].pos })
	var out []int
	for i := 0; i < len(all); {
		j := i
		seen := map[int]bool{}
		var pos []int
		for ; j < len(all) && all[j].pos-all[i].pos <= width; j++ {
			if !seen[all[j].who] {
				seen[all[j].who] = true
				pos = append(pos, all[j].pos)
			}
		}
		if len(seen) >= need {
			out = append(out, pos[len(pos)/2])
		}
		i = j
	}
	return out
}

package surge

import "sort"

// Margin is the TCPD F1 tolerance: a prediction within Margin observations
// of an annotated change point counts as a hit.
const Margin = 5

// Annotations maps an annotator id to that annotator's change points
// (0-based first index of each new regime), as in TCPD's annotations.json.
type Annotations map[string][]int

// CleanPredictions returns the sorted distinct change points of cps that lie
// in 1…n−2, the cleaning TCPDBench applies before scoring.
func CleanPredictions(cps []int, n int) []int {
	out := make([]int, 0, len(cps))
	for _, c := range cps {
		if c >= 1 && c <= n-2 {
			out = append(out, c)
		}
	}
	return dedupSorted(out)
}

// dedupSorted sorts xs in place and drops repeated values.
func dedupSorted(xs []int) []int {
	sort.Ints(xs)
	out := xs[:0]
	for i, x := range xs {
		if i == 0 || x != xs[i-1] {
			out = append(out, x)
		}
	}
	return out
}

// withZero returns the distinct sorted values of xs with 0 added.
func withZero(xs []int) []int {
	out := append([]int{0}, xs...)
	return dedupSorted(out)
}

// truePositives counts the annotated points in truth (sorted, distinct) that
// are matched by a distinct prediction within margin: each annotated point
// takes the closest unused prediction, the smaller one on a tie.
func truePositives(truth, pred []int, margin int) int {
	used := make([]bool, len(pred))
	tp := 0
	for _, tau := range truth {
		best, bestD := -1, margin+1
		for i, x := range pred {
			d := abs(tau - x)
			if used[i] || d > margin {
				continue
			}
			if d < bestD || (d == bestD && x < pred[best]) {
				best, bestD = i, d
			}
		}
		if best >= 0 {
			used[best] = true
			tp++
		}
	}
	return tp
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// annotatorIDs returns the annotator ids in a fixed (sorted) order.
func annotatorIDs(ann Annotations) []string {
	ids := make([]string, 0, len(ann))
	for id := range ann {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

// F1 is TCPDBench's F-measure (v3) of predictions against all annotators with
// the given margin: index 0 is added to every set, precision is against the
// union of annotations and recall is averaged over annotators. Predictions
// are used as given; call CleanPredictions first to score like TCPDBench.
func F1(ann Annotations, predictions []int, margin int) float64 {
	x := withZero(predictions)
	ids := annotatorIDs(ann)
	if len(ids) == 0 {
		return 0
	}
	var union []int
	recall := 0.0
	for _, id := range ids {
		tk := withZero(ann[id])
		union = append(union, tk...)
		recall += float64(truePositives(tk, x, margin)) / float64(len(tk))
	}
	recall /= float64(len(ids))
	union = dedupSorted(union)
	precision := float64(truePositives(union, x, margin)) / float64(len(x))
	if precision+recall == 0 {
		return 0
	}
	return precision * recall / (0.5*recall + 0.5*precision)
}

// segments returns the partition of 0…n−1 induced by change points cps as
// half-open [start, end) pairs; points outside 1…n−1 create no segment.
func segments(cps []int, n int) [][2]int {
	var in []int
	for _, c := range cps {
		if c > 0 && c < n {
			in = append(in, c)
		}
	}
	in = dedupSorted(in)
	out := make([][2]int, 0, len(in)+1)
	start := 0
	for _, c := range in {
		out = append(out, [2]int{start, c})
		start = c
	}
	return append(out, [2]int{start, n})
}

// jaccard is |A∩B|/|A∪B| for two half-open intervals.
func jaccard(a, b [2]int) float64 {
	lo, hi := max(a[0], b[0]), min(a[1], b[1])
	inter := hi - lo
	if inter <= 0 {
		return 0
	}
	union := (a[1] - a[0]) + (b[1] - b[0]) - inter
	return float64(inter) / float64(union)
}

// coverSingle is the covering of the annotated segmentation truth by pred
// (Arbeláez et al. 2010, equation 8).
func coverSingle(truth, pred [][2]int, n int) float64 {
	c := 0.0
	for _, a := range truth {
		best := 0.0
		for _, p := range pred {
			best = max(best, jaccard(a, p))
		}
		c += float64(a[1]-a[0]) * best
	}
	return c / float64(n)
}

// Cover is TCPDBench's segmentation covering of predictions against the
// annotators, averaged over annotators, for a series of n observations.
func Cover(ann Annotations, predictions []int, n int) float64 {
	ids := annotatorIDs(ann)
	if len(ids) == 0 || n <= 0 {
		return 0
	}
	pred := segments(predictions, n)
	sum := 0.0
	for _, id := range ids {
		sum += coverSingle(segments(ann[id], n), pred, n)
	}
	return sum / float64(len(ids))
}

// Score holds the two TCPD metrics for one series.
type Score struct {
	F1    float64 `json:"f1"`
	Cover float64 `json:"cover"`
}

// ScoreTCPD cleans predictions like TCPDBench (distinct, within 1…n−2) and
// returns F1 (margin 5) and cover.
func ScoreTCPD(ann Annotations, predictions []int, n int) Score {
	p := CleanPredictions(append([]int(nil), predictions...), n)
	return Score{F1: F1(ann, p, Margin), Cover: Cover(ann, p, n)}
}

package surge

import "math"

// Bin counts events per interval: bucket k covers [start+k·every,
// start+(k+1)·every) and the last bucket is cut at end. Times outside
// [start, end) are not counted (the caller chooses the window). It returns
// nil when every ≤ 0 or end ≤ start. Times are in any unit shared by all
// arguments (e.g. Unix milliseconds).
func Bin(times []int64, start, end, every int64) []float64 {
	if every <= 0 || end <= start {
		return nil
	}
	n := (end - start + every - 1) / every
	out := make([]float64, n)
	for _, t := range times {
		if t < start || t >= end {
			continue
		}
		out[(t-start)/every]++
	}
	return out
}

// Change describes the series around one change point: the mean level of
// the segment before and after it, and their ratio (nil when the level
// before is not positive, so a rise from nothing is never hidden).
type Change struct {
	Index  int      `json:"index"`
	Time   string   `json:"time,omitempty"`
	Before float64  `json:"before"`
	After  float64  `json:"after"`
	Ratio  *float64 `json:"ratio"`
}

// Rise reports whether the level went up.
func (c Change) Rise() bool { return c.After > c.Before }

// Changes returns one Change per change point of cps (ascending, within
// 1…len(x)−1), with segment means taken between neighbouring change points.
// NaN values are left out of the means.
func Changes(x []float64, cps []int) []Change {
	bounds := []int{0}
	for _, c := range cps {
		if c > bounds[len(bounds)-1] && c < len(x) {
			bounds = append(bounds, c)
		}
	}
	bounds = append(bounds, len(x))
	out := make([]Change, 0, len(bounds)-2)
	for i := 1; i+1 < len(bounds); i++ {
		c := Change{Index: bounds[i], Before: meanOf(x[bounds[i-1]:bounds[i]]), After: meanOf(x[bounds[i]:bounds[i+1]])}
		if c.Before > 0 {
			r := c.After / c.Before
			c.Ratio = &r
		}
		out = append(out, c)
	}
	return out
}

// Surges returns the changes of x at cps where the level rises.
func Surges(x []float64, cps []int) []Change {
	var out []Change
	for _, c := range Changes(x, cps) {
		if c.Rise() {
			out = append(out, c)
		}
	}
	return out
}

// meanOf is the mean of the non-NaN values (NaN if none).
func meanOf(x []float64) float64 {
	s, k := 0.0, 0
	for _, v := range x {
		if !math.IsNaN(v) {
			s += v
			k++
		}
	}
	if k == 0 {
		return math.NaN()
	}
	return s / float64(k)
}

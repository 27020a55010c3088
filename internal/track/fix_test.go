package track

import "testing"

func TestSourceRefCompare(t *testing.T) {
	for _, c := range []struct {
		a, b SourceRef
		want int
	}{
		{SourceRef{1, 5}, SourceRef{1, 5}, 0},
		{SourceRef{1, 5}, SourceRef{1, 6}, -1},
		{SourceRef{2, 1}, SourceRef{1, 9}, 1}, // the source first
		{SourceRef{0, 7}, SourceRef{1, 0}, -1},
	} {
		if got := c.a.Compare(c.b); got != c.want {
			t.Errorf("%v.Compare(%v) = %d; want %d", c.a, c.b, got, c.want)
		}
	}
}

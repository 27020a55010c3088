package surge

import (
	"math"
	"testing"
)

func ann(sets ...[]int) Annotations {
	a := Annotations{}
	for i, s := range sets {
		a[string(rune('1'+i))] = s
	}
	return a
}

func TestF1Vectors(t *testing.T) {
	tests := []struct {
		name string
		ann  Annotations
		pred []int
		want float64
	}{
		{"perfect", ann([]int{10, 20}, []int{11, 20}, []int{10}, []int{0, 5}), []int{10, 20}, 1.0},
		{"one", ann(nil, []int{10}, []int{50}), []int{10}, 0.9090909090909091},
		{"none", ann(nil, []int{10}, []int{50}), nil, 0.8},
	}
	for _, tt := range tests {
		if got := F1(tt.ann, tt.pred, Margin); got != tt.want {
			t.Errorf("%s: F1 = %.17g; want %.17g", tt.name, got, tt.want)
		}
	}
}

func TestCoverVectors(t *testing.T) {
	tests := []struct {
		name string
		ann  Annotations
		pred []int
		want float64
	}{
		{"two", ann([]int{10, 20}, []int{10}, []int{0, 5}), []int{10, 20}, 0.7962962962962963},
		{"one", ann(nil, []int{10}, []int{40}), []int{10}, 0.7954144620811286},
		{"none", ann(nil, []int{10}, []int{40}), nil, 0.8189300411522634},
	}
	for _, tt := range tests {
		got := Cover(tt.ann, tt.pred, 45)
		if math.Abs(got-tt.want) > 1e-15 {
			t.Errorf("%s: Cover = %.17g; want %.17g", tt.name, got, tt.want)
		}
	}
}

func TestTruePositivesNoDoubleCount(t *testing.T) {
	// TCPDBench doctests: {1,10,20,23} vs {3,8,20} → 3 hits.
	for _, pred := range [][]int{{3, 8, 20}, {1, 3, 8, 20}, {1, 3, 5, 8, 20}} {
		if got := truePositives([]int{1, 10, 20, 23}, pred, 5); got != 3 {
			t.Errorf("pred %v: %d hits; want 3", pred, got)
		}
	}
	if got := truePositives(nil, []int{1, 2}, 5); got != 0 {
		t.Errorf("empty truth: %d", got)
	}
}

func TestCleanPredictions(t *testing.T) {
	got := CleanPredictions([]int{99, 0, 5, 5, 98, -3, 1}, 100)
	want := []int{1, 5, 98}
	if len(got) != len(want) {
		t.Fatalf("got %v; want %v", got, want)
	}
	for i := range got {
		if got[i] != want[i] {
			t.Fatalf("got %v; want %v", got, want)
		}
	}
}

func TestSegments(t *testing.T) {
	got := segments([]int{0, 4}, 6)
	if len(got) != 2 || got[0] != [2]int{0, 4} || got[1] != [2]int{4, 6} {
		t.Fatalf("got %v", got)
	}
}

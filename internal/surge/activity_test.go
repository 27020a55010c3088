package surge

import (
	"math"
	"testing"
)

func TestBin(t *testing.T) {
	got := Bin([]int64{0, 1, 9, 10, 25, 29, 30, -1}, 0, 30, 10)
	want := []float64{3, 1, 2}
	if len(got) != len(want) {
		t.Fatalf("got %v; want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("got %v; want %v", got, want)
		}
	}
	if got := Bin([]int64{5}, 0, 25, 10); len(got) != 3 || got[0] != 1 {
		t.Errorf("partial last bucket: got %v", got)
	}
	if Bin(nil, 10, 10, 1) != nil || Bin(nil, 0, 10, 0) != nil {
		t.Error("empty window or zero step should give nil")
	}
}

func TestSurges(t *testing.T) {
	x := []float64{2, 2, 2, 2, 8, 8, 8, 0, 0, 0, 4, 4}
	ch := Changes(x, []int{4, 7, 10})
	if len(ch) != 3 {
		t.Fatalf("got %d changes; want 3", len(ch))
	}
	if ch[0].Before != 2 || ch[0].After != 8 || *ch[0].Ratio != 4 {
		t.Errorf("first change %+v", ch[0])
	}
	if ch[2].Ratio != nil {
		t.Errorf("rise from 0 should have no ratio, got %v", *ch[2].Ratio)
	}
	s := Surges(x, []int{4, 7, 10})
	if len(s) != 2 || s[0].Index != 4 || s[1].Index != 10 {
		t.Errorf("surges %+v; want rises at 4 and 10", s)
	}
	if m := meanOf([]float64{math.NaN(), 1, 3}); m != 2 {
		t.Errorf("meanOf ignores NaN: got %v", m)
	}
}

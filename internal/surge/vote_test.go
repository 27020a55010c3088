package surge

import (
	"slices"
	"testing"
)

func TestVote(t *testing.T) {
	for _, tt := range []struct {
		name        string
		lists       [][]int
		need, width int
		want        []int
	}{
		{"two of three agree", [][]int{{10, 50}, {12}, {80}}, 2, 3, []int{12}},
		{"too far apart", [][]int{{10}, {14}, {}}, 2, 3, nil},
		{"one detector twice counts once", [][]int{{10, 11}, {}, {}}, 2, 3, nil},
		{"all three: median", [][]int{{20}, {22}, {21}}, 2, 3, []int{21}},
		{"need one is the union", [][]int{{5}, {30}}, 1, 3, []int{5, 30}},
		{"empty", nil, 2, 3, nil},
	} {
		if got := Vote(tt.lists, tt.need, tt.width); !slices.Equal(got, tt.want) {
			t.Errorf("%s: Vote(%v, %d, %d) = %v; want %v", tt.name, tt.lists, tt.need, tt.width, got, tt.want)
		}
	}
}

func TestDefaultVotes(t *testing.T) {
	s := readSeries(t, "testdata/quality_control_1.json")
	f, err := Detect(s, DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Votes) != 3 {
		t.Fatalf("%d vote lists; want mean, linear and BOCPD", len(f.Votes))
	}
	if want := Vote(f.Votes, 2, DefaultOptions().Vote); !slices.Equal(f.CPs, want) {
		t.Errorf("CPs %v; want the vote %v of %v", f.CPs, want, f.Votes)
	}
}

package store

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestReviewBlockUnitsRoundTrip encodes random blocks whose coordinates
// are multiples of 100, 10 or neither, and times whole seconds or not,
// near zero (negative and positive) and near ±90°/±180°, in half of
// them with one fix, first, last or in the middle, that breaks the
// pattern by a little, and checks that encodeBlock picks a unit and time step that hold every fix
// (appendPositions and appendTimes divide exactly, so any other would
// store garbage) by decoding the block back to the same fixes.
func TestReviewBlockUnitsRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	const base = int64(455_000) * bucketMs
	for iter := range 4000 {
		n := 1 + rng.IntN(300)
		mult := []int32{1, 10, 100}[rng.IntN(3)]
		tmult := []int64{1, 1000}[rng.IntN(2)]
		center := [][2]int32{{0, 0}, {-89_999_000, -179_999_000}, {89_999_000, 179_999_000}, {-36_800_000, 174_700_000}}[rng.IntN(4)]
		q := make([]qfix, n)
		tm := base + int64(rng.IntN(1000))*tmult
		for i := range q {
			tm += int64(1+rng.IntN(20_000/int(tmult)+1)) * tmult
			q[i] = qfix{
				t:    min(tm, base+bucketMs-1) / tmult * tmult,
				lat:  (center[0] + int32(rng.IntN(20_001)) - 10_000) / mult * mult,
				lon:  (center[1] + int32(rng.IntN(20_001)) - 10_000) / mult * mult,
				sog:  int32(rng.IntN(200)),
				cog:  int32(rng.IntN(3600)),
				hdg:  511,
				st:   uint8(rng.IntN(16)),
				src:  1,
				line: uint32(1 + i),
			}
		}
		if n > 1 && rng.IntN(2) == 0 { // one fix breaks the pattern
			f := &q[[]int{0, n - 1, n / 2}[rng.IntN(3)]]
			switch rng.IntN(3) {
			case 0:
				f.lat += 1 + int32(rng.IntN(9))
			case 1:
				f.lon -= 1 + int32(rng.IntN(9))
			default:
				f.t += 1 + int64(rng.IntN(999))
			}
		}
		slices.SortFunc(q, func(a, b qfix) int { return cmpQ(&a, &b) })
		q = dedupeSorted(q)
		enc := encodeBlock(nil, q, base)
		got, err := decodeBlock(nil, enc, base)
		if err != nil {
			t.Fatalf("iter %d: decode: %v", iter, err)
		}
		if !equalQ(got, q) {
			i := 0
			for i < min(len(got), len(q)) && got[i] == q[i] {
				i++
			}
			t.Fatalf("iter %d (mult %d, tmult %d, flags %#x): %d fixes back of %d, first difference at %d: %s",
				iter, mult, tmult, planBlock(q), len(got), len(q), i, reviewFixDiff(got, q, i))
		}
	}
}

func reviewFixDiff(got, want []qfix, i int) string {
	if i >= len(got) || i >= len(want) {
		return "one is shorter"
	}
	return fmt.Sprintf("got %+v, want %+v", got[i], want[i])
}

package track

import (
	"math"
	"testing"
)

var nan32 = float32(math.NaN())

func TestCheckFix(t *testing.T) {
	tests := []struct {
		name     string
		lat, lon float64
		sog, cog float32
		want     Reason
	}{
		{"ok", 50.8, -1.09, 12.3, 45, ReasonNone},
		{"ok poles and antimeridian", 90, 180, 0, 0, ReasonNone},
		{"ok south west edge", -90, -180, 0, 359.9, ReasonNone},
		{"lat not available", 91, -1.09, 0, 0, ReasonBadPosition},
		{"lon not available", 50.8, 181, 0, 0, ReasonBadPosition},
		{"lat out of range", -90.5, 3, 0, 0, ReasonBadPosition},
		{"lon out of range", 10, -180.01, 0, 0, ReasonBadPosition},
		{"lat NaN", math.NaN(), 3, 0, 0, ReasonBadPosition},
		{"lon NaN", 3, math.NaN(), 0, 0, ReasonBadPosition},
		{"cog NaN slow ok", 10, 10, 0.3, nan32, ReasonNone},
		{"cog NaN at 0.35 ok", 10, 10, 0.35, nan32, ReasonNone},
		{"cog NaN fast", 10, 10, 0.4, nan32, ReasonCOG360},
		{"cog 360 slow ok", 10, 10, 0, 360, ReasonNone},
		{"cog 360 fast", 10, 10, 5, 360, ReasonCOG360},
		{"cog 409.5 fast", 10, 10, 5, 409.5, ReasonCOG360},
		{"cog and sog NaN ok", 10, 10, nan32, nan32, ReasonNone},
		{"sog 51.2", 10, 10, 51.2, 10, ReasonSOGSentinel},
		{"sog 51.15 edge", 10, 10, 51.15, 10, ReasonSOGSentinel},
		{"sog 51.3 ok", 10, 10, 51.3, 10, ReasonNone},
		{"sog 63", 10, 10, 63, 10, ReasonSOGSentinel},
		{"sog 102.3", 10, 10, 102.3, 10, ReasonSOGSentinel},
		{"sog 102.2 ok", 10, 10, 102.2, 10, ReasonNone},
		{"bad position wins", 91, 181, 102.3, nan32, ReasonBadPosition},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := Fix{MMSI: 1, Lat: tt.lat, Lon: tt.lon, SOG: tt.sog, COG: tt.cog}
			if got := CheckFix(&f); got != tt.want {
				t.Errorf("CheckFix(%+v) = %v; want %v", f, got, tt.want)
			}
		})
	}
}

func TestReasonString(t *testing.T) {
	seen := map[string]bool{}
	for r := ReasonNone; r < NumReasons; r++ {
		s := r.String()
		if s == "" || seen[s] {
			t.Errorf("Reason(%d).String() = %q: empty or duplicate", r, s)
		}
		seen[s] = true
	}
	if got := NumReasons.String(); got != "reason(9)" {
		t.Errorf("NumReasons.String() = %q", got)
	}
}

func TestCounts(t *testing.T) {
	var c, d Counts
	c[ReasonNone], c[ReasonCOG360] = 5, 2
	d[ReasonDuplicate] = 3
	c.Add(d)
	if got := c.Dropped(); got != 5 {
		t.Errorf("Dropped() = %d; want 5", got)
	}
}

// TestSOGSentinelsOrdered checks what CheckFix's quick range test relies
// on: the bands are ascending and disjoint, so the first starts lowest
// and the last ends highest.
func TestSOGSentinelsOrdered(t *testing.T) {
	for i, b := range sogSentinels {
		if b[0] > b[1] || (i > 0 && b[0] <= sogSentinels[i-1][1]) {
			t.Errorf("band %d %v: want ascending, disjoint bands", i, b)
		}
	}
}

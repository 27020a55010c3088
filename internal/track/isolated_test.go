package track

import "testing"

func TestIsolatedJump(t *testing.T) {
	at := func(sec int64, lat, lon float64) *Fix {
		return &Fix{MMSI: 245188000, Time: t0 + sec*1000, Lat: lat, Lon: lon, SOG: 0, COG: 0, Heading: -1}
	}
	moored := func(sec int64) *Fix { return at(sec, 50.8141, -1.0923) }
	tests := []struct {
		name          string
		prev, f, next *Fix
		want          bool
	}{
		{"Solent 54.8° E glitch between moored fixes", moored(0), at(10, 50.8141, 54.83172), moored(20), true},
		{"no fix before", nil, at(10, 50.8141, 54.83172), moored(20), false},
		{"no fix after", moored(0), at(10, 50.8141, 54.83172), nil, false},
		{"1 nm off in 10 s, back", moored(0), at(10, 50.8308, -1.0923), moored(20), true},
		{"1 nm off over 2 h (0.5 kn)", moored(0), at(7200, 50.8308, -1.0923), moored(14400), false},
		{"neighbours disagree (a real move, then a jump)", moored(0), at(10, 50.8141, 54.83172), at(20, 51.5, 2), false},
		{"same place as the neighbours", moored(0), moored(10), moored(20), false},
		{"same time as a neighbour, elsewhere", moored(0), at(0, 50.9, -1.0923), moored(20), true},
	}
	for _, tt := range tests {
		if got := IsolatedJump(tt.f, tt.prev, tt.next, IsolatedJumpKn); got != tt.want {
			t.Errorf("%s: IsolatedJump = %v; want %v", tt.name, got, tt.want)
		}
	}
}

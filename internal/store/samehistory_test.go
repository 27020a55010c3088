package store

import (
	"testing"

	"github.com/lookout-osint/lookout/internal/track"
)

// TestSameHistoryIsSameEncoding checks that sameHistory, which a commit
// uses to skip rewriting an unchanged identity history, agrees with
// comparing the encodings, for a change of every encoded field.
func TestSameHistoryIsSameEncoding(t *testing.T) {
	base := track.Identity{MMSI: 211000001, IMO: 9000001, Name: "SIM", Callsign: "SIMC", ShipType: 70,
		ToBow: 10, ToStern: 20, ToPort: 3, ToStarboard: 4, Draught: 5.5, Destination: "KIEL",
		From: 1000, To: 2000, Src: track.SourceRef{Source: 1, Line: 7}}
	tests := []struct {
		name   string
		change func(*track.Identity)
	}{
		{"nothing", func(*track.Identity) {}},
		{"imo", func(r *track.Identity) { r.IMO++ }},
		{"name", func(r *track.Identity) { r.Name = "SIN" }},
		{"callsign", func(r *track.Identity) { r.Callsign = "" }},
		{"ship type", func(r *track.Identity) { r.ShipType = 80 }},
		{"to bow", func(r *track.Identity) { r.ToBow++ }},
		{"to stern", func(r *track.Identity) { r.ToStern++ }},
		{"to port", func(r *track.Identity) { r.ToPort++ }},
		{"to starboard", func(r *track.Identity) { r.ToStarboard++ }},
		{"draught", func(r *track.Identity) { r.Draught = 5.6 }},
		{"destination", func(r *track.Identity) { r.Destination = "KIEL " }},
		{"from", func(r *track.Identity) { r.From-- }},
		{"to", func(r *track.Identity) { r.To++ }},
		{"source", func(r *track.Identity) { r.Src.Source++ }},
		{"line", func(r *track.Identity) { r.Src.Line-- }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			for _, n := range []int{1, 3} {
				a := make([]track.Identity, n)
				for i := range a {
					a[i] = base
					a[i].From += int64(i) * 5000
					a[i].To += int64(i) * 5000
				}
				b := append([]track.Identity(nil), a...)
				tc.change(&b[n-1])
				want := string(encodeIdentities(a)) == string(encodeIdentities(b))
				if got := sameHistory(a, b); got != want {
					t.Errorf("%d records: sameHistory %v, encodings equal %v", n, got, want)
				}
			}
		})
	}
	if sameHistory([]track.Identity{base}, nil) {
		t.Error("a history of one record equals an empty one")
	}
}

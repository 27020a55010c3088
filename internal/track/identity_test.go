package track

import (
	"testing"
)

func rep(t int64, line uint32, mod func(*Identity)) Identity {
	r := Identity{MMSI: 636000001, From: t, To: t, Src: SourceRef{Source: 3, Line: line}}
	mod(&r)
	return r
}

func TestIdentityHistoryMergesType24Parts(t *testing.T) {
	h := NewIdentityHistory(636000001)
	// Part B first, then part A a minute later: one identity, no change.
	h.Add(ptr(rep(t0, 1, func(r *Identity) { r.Callsign = "D5AB1@@"; r.ShipType = 80; r.ToBow = 200; r.ToStern = 50 })))
	h.Add(ptr(rep(t0+minute, 2, func(r *Identity) { r.Name = "OCEAN STAR@@@@@@@@@@" })))
	h.Add(ptr(rep(t0+2*minute, 3, func(r *Identity) { r.Callsign = "d5ab1" }))) // case only
	ids := h.Identities()
	if len(ids) != 1 || len(h.Changes()) != 0 {
		t.Fatalf("got %d identities, changes %+v; want 1, none", len(ids), h.Changes())
	}
	id := ids[0]
	if id.Name != "OCEAN STAR" || id.Callsign != "D5AB1" || id.ShipType != 80 || id.ToBow != 200 ||
		id.From != t0 || id.To != t0+2*minute || id.Src.Line != 1 {
		t.Errorf("identity %+v", id)
	}
}

func TestIdentityHistoryRecordsChanges(t *testing.T) {
	h := NewIdentityHistory(636000001)
	h.Add(ptr(rep(t0, 1, func(r *Identity) { r.IMO = 9074729; r.Name = "OCEAN STAR"; r.Draught = 9.5; r.Destination = "FUJAIRAH" })))
	h.Add(ptr(rep(t0+hour, 2, func(r *Identity) { r.Name = "OCEAN STAR" })))
	h.Add(ptr(rep(t0+30*hour, 3, func(r *Identity) { r.IMO = 9074729; r.Name = "SEA PEARL"; r.Draught = 14.2 })))
	h.Add(ptr(rep(t0+31*hour, 4, func(r *Identity) { r.Destination = "BANDAR ABBAS" })))
	h.Add(ptr(rep(t0+20*hour, 5, func(r *Identity) { r.Name = "LATE" })))
	ids := h.Identities()
	if len(ids) != 3 {
		t.Fatalf("got %d identities %+v; want 3", len(ids), ids)
	}
	if ids[0].To != t0+hour || ids[1].From != t0+30*hour || ids[1].To != t0+30*hour ||
		ids[1].Name != "SEA PEARL" || ids[1].Destination != "FUJAIRAH" || ids[2].Destination != "BANDAR ABBAS" {
		t.Errorf("identities %+v", ids)
	}
	want := []IdentityChange{
		{MMSI: 636000001, Time: t0 + 30*hour, PrevTime: t0 + hour, Field: FieldName, Old: "OCEAN STAR", New: "SEA PEARL",
			Src: SourceRef{3, 3}, PrevSrc: SourceRef{3, 1}},
		{MMSI: 636000001, Time: t0 + 30*hour, PrevTime: t0 + hour, Field: FieldDraught, Old: "9.5", New: "14.2",
			Src: SourceRef{3, 3}, PrevSrc: SourceRef{3, 1}},
		{MMSI: 636000001, Time: t0 + 31*hour, PrevTime: t0 + 30*hour, Field: FieldDestination, Old: "FUJAIRAH", New: "BANDAR ABBAS",
			Src: SourceRef{3, 4}, PrevSrc: SourceRef{3, 3}},
	}
	got := h.Changes()
	if len(got) != len(want) {
		t.Fatalf("changes %+v; want %+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("change %d = %+v; want %+v", i, got[i], want[i])
		}
	}
	if h.Late != 1 {
		t.Errorf("Late = %d; want 1", h.Late)
	}
	if !got[1].Field.Voyage() || got[0].Field.Voyage() {
		t.Error("Voyage() wrong")
	}
	for _, tc := range []struct {
		t    int64
		name string
		ok   bool
	}{{t0 - 1, "", false}, {t0, "OCEAN STAR", true}, {t0 + 29*hour, "OCEAN STAR", true},
		{t0 + 30*hour, "SEA PEARL", true}, {t0 + 100*hour, "SEA PEARL", true}} {
		id, ok := h.At(tc.t)
		if ok != tc.ok || id.Name != tc.name {
			t.Errorf("At(%d) = %q, %v; want %q, %v", tc.t-t0, id.Name, ok, tc.name, tc.ok)
		}
	}
}

func TestIdentityHistories(t *testing.T) {
	reps := []Identity{
		{MMSI: 2, Name: "B", From: 10, To: 10},
		{MMSI: 1, Name: "A1", From: 20, To: 20},
		{MMSI: 1, Name: "A0", From: 5, To: 5},
		{MMSI: 2, Callsign: "CB", From: 11, To: 11},
	}
	ids, changes := IdentityHistories(reps)
	if len(ids) != 3 || ids[0].Name != "A0" || ids[1].Name != "A1" || ids[2].Callsign != "CB" || ids[2].Name != "B" {
		t.Errorf("ids %+v", ids)
	}
	if len(changes) != 1 || changes[0].Old != "A0" || changes[0].New != "A1" {
		t.Errorf("changes %+v", changes)
	}
}

func TestValidIMO(t *testing.T) {
	for imo, want := range map[uint32]bool{9074729: true, 9074728: false, 0: false, 123: false, 1000000: false, 7654321: false, 9176187: true} {
		if got := ValidIMO(imo); got != want {
			t.Errorf("ValidIMO(%d) = %v; want %v", imo, got, want)
		}
	}
}

func ptr[T any](v T) *T { return &v }

// TestFillIdentity checks that a report takes the fields it does not
// carry from the identity in effect, keeps its own, and keeps its own
// MMSI, times and source.
func TestFillIdentity(t *testing.T) {
	cur := Identity{MMSI: 1, IMO: 9074729, Name: "SUVI-SIRKKA", Callsign: "SA9908", ShipType: 36,
		ToBow: 8, ToStern: 4, ToPort: 2, ToStarboard: 2, Draught: 2.5, Destination: "HELSINKI",
		From: 10, To: 20, Src: SourceRef{Source: 1, Line: 1}}
	src := SourceRef{Source: 2, Line: 7}
	tests := []struct {
		name string
		r    Identity
		want Identity
	}{
		{"part A fills from part B", Identity{MMSI: 2, Name: "SUVI-SIRKKA", From: 30, To: 30, Src: src},
			Identity{MMSI: 2, IMO: 9074729, Name: "SUVI-SIRKKA", Callsign: "SA9908", ShipType: 36, ToBow: 8, ToStern: 4, ToPort: 2, ToStarboard: 2,
				Draught: 2.5, Destination: "HELSINKI", From: 30, To: 30, Src: src}},
		{"own values win", Identity{Name: "SUVI", Callsign: "SB1", ShipType: 37, ToBow: 9, Draught: 3, Destination: "TURKU", IMO: 1, From: 30, To: 31, Src: src},
			Identity{IMO: 1, Name: "SUVI", Callsign: "SB1", ShipType: 37, ToBow: 9, Draught: 3, Destination: "TURKU", From: 30, To: 31, Src: src}},
		{"case only keeps the known spelling", Identity{Name: "suvi-sirkka", From: 30, To: 30},
			Identity{IMO: 9074729, Name: "SUVI-SIRKKA", Callsign: "SA9908", ShipType: 36, ToBow: 8, ToStern: 4, ToPort: 2, ToStarboard: 2,
				Draught: 2.5, Destination: "HELSINKI", From: 30, To: 30}},
	}
	for _, tc := range tests {
		if got := FillIdentity(tc.r, cur); got != tc.want {
			t.Errorf("%s:\n got %+v\nwant %+v", tc.name, got, tc.want)
		}
	}
}

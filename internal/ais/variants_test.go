package ais

import (
	"encoding/json"
	"testing"
)

// decodeJSON encodes m with the test encoder, decodes it and returns the
// JSON as a map.
func decodeJSON(t *testing.T, m *Message) (*Message, map[string]any) {
	t.Helper()
	p, fill := encode(m)
	var got Message
	if err := got.Decode(p, fill); err != nil {
		t.Fatalf("Decode(%s, %d): %v", p, fill, err)
	}
	out := map[string]any{}
	if err := json.Unmarshal(got.AppendJSON(nil), &out); err != nil {
		t.Fatalf("JSON %s: %v", got.AppendJSON(nil), err)
	}
	return &got, out
}

// TestMothership checks both 24B variants: dimensions from a normal MMSI,
// the mothership MMSI from an auxiliary craft (98xxxxxxx).
func TestMothership(t *testing.T) {
	m := &Message{Type: 24, MMSI: 981234567}
	m.Static.PartNo = 1
	m.Static.MothershipMMSI = 366123456
	m.Static.ToBow = 0
	_, js := decodeJSON(t, m)
	if js["mothership_mmsi"] != 366123456.0 {
		t.Errorf("aux: %v", js)
	}
	if _, ok := js["to_bow"]; ok {
		t.Errorf("aux craft has dimensions: %v", js)
	}
	m = &Message{Type: 24, MMSI: 366123456}
	m.Static.PartNo = 1
	m.Static.ToBow, m.Static.ToStarboard = 300, 12
	_, js = decodeJSON(t, m)
	if js["to_bow"] != 300.0 || js["to_starboard"] != 12.0 || js["mothership_mmsi"] != nil {
		t.Errorf("normal: %v", js)
	}
}

// TestChannelVariants checks 22's addressed and broadcast layouts.
func TestChannelVariants(t *testing.T) {
	m := &Message{Type: 22, MMSI: 2320025}
	m.Channel = ChannelMgmt{ChannelA: 2087, ChannelB: 2088, Addressed: true, Dest1: 211000001, Dest2: 211000002, ZoneSize: 4}
	_, js := decodeJSON(t, m)
	if js["dest1"] != 211000001.0 || js["dest2"] != 211000002.0 || js["ne_lon"] != nil {
		t.Errorf("addressed: %v", js)
	}
	m.Channel = ChannelMgmt{ChannelA: 2087, ChannelB: 2088, NELon: -44100, NELat: 27330, SWLon: -48100, SWLat: 25400}
	_, js = decodeJSON(t, m)
	if js["ne_lon"] != -73.5 || js["sw_lat"] != 25400.0/600 || js["dest1"] != nil {
		t.Errorf("broadcast: %v", js)
	}
}

// TestTextEscaping checks that the 6-bit characters special in JSON ('"'
// and '\') are escaped, and that texts stop at '@' and lose trailing
// spaces.
func TestTextEscaping(t *testing.T) {
	m := &Message{Type: 14, MMSI: 1}
	m.Text.n = copy(m.Text.text[:], `A"B\C  @XY`)
	_, js := decodeJSON(t, m)
	if js["text"] != `A"B\C` {
		t.Errorf("text = %q", js["text"])
	}
}

// TestAtoNNameExtension checks that 21's name extension is appended, also
// when the 20th character of the name is a space.
func TestAtoNNameExtension(t *testing.T) {
	m := &Message{Type: 21, MMSI: 992351000}
	m.AtoN.nameN = uint8(copy(m.AtoN.name[:], "ABCDEFGHIJKLMNOPQRS TUVWX"))
	got, _ := decodeJSON(t, m)
	if got.AtoN.Name() != "ABCDEFGHIJKLMNOPQRS TUVWX" {
		t.Errorf("name = %q", got.AtoN.Name())
	}
}

package ais_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/lookout-osint/lookout/internal/ais"
)

func TestDecodeErrors(t *testing.T) {
	tests := []struct {
		name    string
		payload string
		fill    int
		want    error
	}{
		{"empty", "", 0, ais.ErrEmpty},
		{"comma", "13U4vF0P0,1d<UnEeSmQ>gv`04hd", 0, ais.ErrInvalidChar},
		{"X is not armour", "X3U4vF0P001d<UnEeSmQ>gv`04hd", 0, ais.ErrInvalidChar},
		{"type 0", "03U4vF0P001d<UnEeSmQ>gv`04hd", 0, ais.ErrUnsupportedType},
		{"type 28", "L3U4vF0P001d<UnEeSmQ>gv`04hd", 0, ais.ErrUnsupportedType},
		{"type 1 cut in half", "13U4vF0P001d<U", 0, ais.ErrTooShort},
		{"type 1 with 5 fill bits", "13aIkM@P00PJ@qPNL=e@0?wJ28JO", 5, ais.ErrTooShort},
		{"type 1 full", "13aIkM@P00PJ@qPNL=e@0?wJ28JO", 0, nil},
		{"type 5 one sentence of two", "55R3Vn82=ILTQ3KKS>1<D60Dq@E918U<F222221J1`?164vc03S1CCAD", 0, ais.ErrTooShort},
		{"type 1 longer than 168 bits", "13aIkM@P00PJ@qPNL=e@0?wJ28JOwwww", 0, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var m ais.Message
			err := m.Decode([]byte(tt.payload), tt.fill)
			if !errors.Is(err, tt.want) || (tt.want == nil && err != nil) {
				t.Errorf("Decode(%q, %d) = %v; want %v", tt.payload, tt.fill, err, tt.want)
			}
		})
	}
}

// TestTooShortKeepsHead checks that a short payload still decodes the
// fields it holds.
func TestTooShortKeepsHead(t *testing.T) {
	var m ais.Message
	err := m.Decode([]byte("55R3Vn82=ILTQ3KKS>1<D60Dq@E918U<F222221J1`?164vc03S1CCAD"), 0)
	if !errors.Is(err, ais.ErrTooShort) {
		t.Fatalf("err = %v", err)
	}
	var se *ais.ShortError
	if !errors.As(err, &se) || se.Type != 5 || se.Bits != 336 || se.Min != 420 {
		t.Errorf("error %v: want a *ShortError for type 5, 336 < 420 bits", err)
	}
	if m.MMSI != 371255000 || m.Static.IMO != 9266633 || m.Static.ShipName() != "SEA ENTERPRISE" || m.Bits != 336 {
		t.Errorf("got mmsi %d imo %d name %q bits %d", m.MMSI, m.Static.IMO, m.Static.ShipName(), m.Bits)
	}
	// 336 bits hold the first 5 of the 20 destination characters.
	if m.Static.Destination() != "LEMME" {
		t.Errorf("destination %q, want the 5 characters present", m.Static.Destination())
	}
}

// jsonOf decodes payload and returns its JSON as a map.
func jsonOf(t *testing.T, payload string, fill int) map[string]any {
	t.Helper()
	var m ais.Message
	if err := m.Decode([]byte(payload), fill); err != nil {
		t.Fatalf("Decode(%q): %v", payload, err)
	}
	out := map[string]any{}
	if err := json.Unmarshal(m.AppendJSON(nil), &out); err != nil {
		t.Fatalf("JSON %s: %v", m.AppendJSON(nil), err)
	}
	return out
}

// TestJSONNotAvailable checks that not-available values are omitted and
// available ones written in natural units.
func TestJSONNotAvailable(t *testing.T) {
	// gpsd: speed 0, course 3600, heading 511, turn -128, lon/lat valid.
	got := jsonOf(t, "13U79k?P00Qah;tEdTH>4?vV2<0I", 0)
	for _, k := range []string{"course", "heading", "turn"} {
		if v, ok := got[k]; ok {
			t.Errorf("%s = %v, want omitted", k, v)
		}
	}
	if got["speed"] != 0.0 || got["second"] != 19.0 || got["status"] != 15.0 {
		t.Errorf("speed %v second %v status %v", got["speed"], got["second"], got["status"])
	}
	if lon := got["lon"].(float64); lon < 23.10 || lon > 23.11 { // 13861246/600000
		t.Errorf("lon = %v", lon)
	}
	// Base station with timestamp 0000-00-00T24:60:60Z: omitted.
	got = jsonOf(t, "402B4L0000Htt1Lg@6FV5vG01d7N", 0)
	if _, ok := got["timestamp"]; ok {
		t.Errorf("timestamp %v, want omitted", got["timestamp"])
	}
}

func TestJSONTurn(t *testing.T) {
	tests := []struct {
		payload string
		want    any
	}{
		{"13U4vF0P001d<UnEeSmQ>gv`04hd", nil},         // -128
		{"19NSDSPOi1QcodpEbSo97p2b04hd", "fastright"}, // 127
		{"13UhJ200001d8oBEe=;MJ3Nd0@=<", 0.0},         // 0
	}
	for _, tt := range tests {
		if got := jsonOf(t, tt.payload, 0)["turn"]; got != tt.want {
			t.Errorf("%s: turn = %v, want %v", tt.payload, got, tt.want)
		}
	}
}

// TestLongRangeUnits checks that type 27's coarse units are normalised.
func TestLongRangeUnits(t *testing.T) {
	var m ais.Message
	if err := m.Decode([]byte("K3KLehP0rPTJ10Qr"), 0); err != nil {
		t.Fatal(err)
	}
	// gpsd: lon 14980 and lat 3613 in 1/10 minute, speed 0 kn, course 81 deg... per .chk.
	if m.Pos.Lon%1000 != 0 || m.Pos.Lat%1000 != 0 {
		t.Errorf("lon %d lat %d not scaled from 1/10 minute", m.Pos.Lon, m.Pos.Lat)
	}
	if lat, ok := m.Pos.LatDeg(); !ok || lat < 60 || lat > 60.3 {
		t.Errorf("lat = %v, %v", lat, ok)
	}
}

func TestAppendJSONFieldsOpen(t *testing.T) {
	var m ais.Message
	if err := m.Decode([]byte("13U4vF0P001d<UnEeSmQ>gv`04hd"), 0); err != nil {
		t.Fatal(err)
	}
	b := m.AppendJSONFields([]byte("prefix "))
	b = append(b, `,"src":"x:1"}`...)
	s := string(b)
	if !strings.HasPrefix(s, `prefix {"type":1,`) || !json.Valid(b[len("prefix "):]) {
		t.Errorf("got %s", s)
	}
	if full := string(m.AppendJSON(nil)); full+`` != strings.TrimPrefix(s, "prefix ")[:len(full)-1]+"}" {
		t.Errorf("AppendJSON %s is not AppendJSONFields+}", full)
	}
}

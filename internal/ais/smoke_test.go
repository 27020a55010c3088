package ais_test

import (
	"testing"

	"github.com/lookout-osint/lookout/internal/ais"
)

// TestDecodeType1 checks one real class A report against gpsd's output.
func TestDecodeType1(t *testing.T) {
	var m ais.Message
	if err := m.Decode([]byte("13U4vF0P001d<UnEeSmQ>gv`04hd"), 0); err != nil {
		t.Fatal(err)
	}
	if m.Type != 1 || m.MMSI != 240205400 || m.Pos.Lon != 14181563 || m.Pos.Lat != 22766550 ||
		m.Pos.Course != 314 || m.Pos.Heading != 511 || m.Pos.Second != 20 || m.Pos.Radio != 19500 || m.Pos.Turn != -128 {
		t.Errorf("got %+v", m.Pos)
	}
	got := string(m.AppendJSON(nil))
	want := `{"type":1,"repeat":0,"mmsi":240205400,"status":0,"speed":0,"accuracy":false,"lon":23.635938333333332,"lat":37.94425,"course":31.4,"second":20,"maneuver":0,"raim":false,"radio":19500}`
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

package sim

import (
	"bytes"
	"errors"
	"io"
	"math"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/lookout-osint/lookout/internal/ais"
	"github.com/lookout-osint/lookout/internal/ais/nmea"
	"github.com/lookout-osint/lookout/internal/geo"
)

func loadScenario(t *testing.T, path string) *Scenario {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	sc, err := ParseScenario(b)
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

func TestSimulateRoundTripsThroughDecoder(t *testing.T) {
	sc := loadScenario(t, "testdata/small.simulated.yaml")
	var buf bytes.Buffer
	truth, err := Simulate(sc, &buf, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !truth.Simulated || truth.Messages == 0 {
		t.Fatalf("truth %+v", truth)
	}
	dec := nmea.NewDecoder(bytes.NewReader(buf.Bytes()), "small", nmea.Options{Strict: true})
	n, names, lastT := 0, map[string]bool{}, int64(0)
	for {
		m, err := dec.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("decoder rejected simulated NMEA: %v", err)
		}
		n++
		if m.Time < lastT {
			t.Fatalf("message %d out of time order", n)
		}
		lastT = m.Time
		if m.AIS.Type == 5 {
			names[m.AIS.Static.ShipName()] = true
			if m.AIS.MMSI == 273000001 && m.AIS.Static.IMO != 9179842 {
				t.Errorf("IMO %d; want 9179842", m.AIS.Static.IMO)
			}
		}
		if m.AIS.Type == 1 && m.AIS.MMSI == 273000002 {
			lat := float64(m.AIS.Pos.Lat) / 600000
			if lat < 41 || lat > 43 {
				t.Errorf("MEETER lat %.3f out of its area", lat)
			}
		}
	}
	if n != truth.Messages {
		t.Errorf("decoded %d messages; simulated %d", n, truth.Messages)
	}
	if !names["ANGARA"] || !names["HAI RUI"] || !names["SIM TRADER 001"] && !names["SIM TRADER 002"] && !names["SIM TRADER 003"] {
		t.Errorf("names seen: %v", names)
	}
}

func TestTruth(t *testing.T) {
	sc := loadScenario(t, "testdata/small.simulated.yaml")
	truth, err := Simulate(sc, io.Discard, Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int{}
	for _, e := range truth.Events {
		if e.MMSI < 440100000 {
			got[e.Type]++
		}
		switch e.Type {
		case "dark_port_call":
			if e.Port != "aport" || e.MMSI != 273000001 || e.End.Sub(e.Start) < 8*time.Hour {
				t.Errorf("dark port call %+v", e)
			}
		case "encounter":
			if e.MMSI != 273000002 || e.OtherMMSI != 273000003 || e.End.Sub(e.Start) != 4*time.Hour {
				t.Errorf("encounter %+v", e)
			}
		case "identity_change":
			if e.Field != "name" || e.From != "ANGARA" || e.To != "HAI RUI" {
				t.Errorf("identity change %+v", e)
			}
		}
	}
	// ANGARA: visible stays at aport (start), bport, and bport again at the
	// end; a voyage between each two (the second round trip hides a dark
	// call); MEETER and MEETER TWO each end in port;
	// one dark leg making a gap and a dark call at aport; the drift pair is
	// one encounter and two loiterings; MEETER TWO jumps once.
	want := map[string]int{"port_visit": 5, "voyage": 2, "gap": 1, "dark_port_call": 1,
		"encounter": 1, "loitering": 2, "position_jump": 1, "identity_change": 1}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: got %d; want %d (all: %v)", k, got[k], v, got)
		}
	}
}

func TestSimulateIsDeterministic(t *testing.T) {
	sc := loadScenario(t, "testdata/small.simulated.yaml")
	var a, b bytes.Buffer
	if _, err := Simulate(sc, &a, Options{}); err != nil {
		t.Fatal(err)
	}
	if _, err := Simulate(sc, &b, Options{}); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Fatal("same scenario and seed gave different output")
	}
	if !strings.HasPrefix(a.String(), `\`) || !strings.Contains(a.String(), "s:sim") {
		t.Fatalf("output does not carry the sim tag block: %.80s", a.String())
	}
}

func TestScenarioErrors(t *testing.T) {
	base := "start: 2023-09-01\nend: 2023-09-02\nplaces: {p: {lat: 1, lon: 2}}\n"
	cases := map[string]string{
		"unknown key":   base + "vesels: []\n",
		"end before":    "start: 2023-09-02\nend: 2023-09-01\n",
		"bad route":     base + "vessels: [{mmsi: 273000001, start: p, plan: [{sail: nowhere}]}]\n",
		"two actions":   base + "vessels: [{mmsi: 273000001, start: p, plan: [{stay: 1h, drift: 1h}]}]\n",
		"bad start":     base + "vessels: [{mmsi: 273000001, start: q}]\n",
		"bad duration":  base + "vessels: [{mmsi: 273000001, start: p, plan: [{stay: forever}]}]\n",
		"bad waypoint":  base + "routes: {r: [p, [91, 500]]}\n",
		"mmsi too long": base + "vessels: [{mmsi: 2730000011, start: p}]\n",
	}
	for name, in := range cases {
		if _, err := ParseScenario([]byte(in)); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

func TestEncodersAgreeWithDecoder(t *testing.T) {
	p := position{mmsi: 477553000, status: 5, lat: 47.582833, lon: -122.345833, sogKn: 10.3, cogDeg: 51, heading: 181, second: 15}
	for _, enc := range []func(position) (string, int){encodeType1, encodeType18} {
		payload, fill := enc(p)
		var m ais.Message
		if err := m.Decode([]byte(payload), fill); err != nil {
			t.Fatal(err)
		}
		if m.MMSI != p.mmsi || m.Pos.Speed != 103 || m.Pos.Course != 510 || m.Pos.Heading != 181 || m.Pos.Second != 15 ||
			math.Abs(float64(m.Pos.Lat)/600000-p.lat) > 1e-6 || math.Abs(float64(m.Pos.Lon)/600000-p.lon) > 1e-6 {
			t.Errorf("type %d: decoded %+v", m.Type, m.Pos)
		}
	}
	st := static{mmsi: 273000001, imo: 9179842, callsign: "UBCX2", name: "Angara", shipType: 70, toBow: 60, toStern: 60, toPort: 9, toStarboard: 9, draughtM: 5.5, destination: "DUNAY"}
	payload, fill := encodeType5(st)
	var m ais.Message
	if err := m.Decode([]byte(payload), fill); err != nil {
		t.Fatal(err)
	}
	if m.Static.IMO != 9179842 || m.Static.ShipName() != "ANGARA" || m.Static.Callsign() != "UBCX2" ||
		m.Static.Destination() != "DUNAY" || m.Static.Draught != 55 || m.Static.ToBow != 60 || m.Bits != 424 {
		t.Errorf("type 5 decoded %+v", m.Static)
	}
	if imoWithCheckDigit(917984) != 9179842 {
		t.Errorf("check digit: %d", imoWithCheckDigit(917984))
	}
}

func TestLandCrossings(t *testing.T) {
	sc := loadScenario(t, "testdata/small.simulated.yaml")
	// A fake land: everything east of 132.5°E is "inland".
	got := sc.LandCrossings(func(p geo.Point) bool { return p.Lon > 132.5 }, 1000)
	if len(got) != 1 || !strings.Contains(got[0], "route a-b leg 3") {
		t.Fatalf("got %v", got)
	}
	if got := sc.LandCrossings(func(geo.Point) bool { return false }, 1000); len(got) != 0 {
		t.Fatalf("no land, got %v", got)
	}
}

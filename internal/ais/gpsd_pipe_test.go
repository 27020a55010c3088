package ais_test

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
)

// pipeKeys gives the field order of gpsdecode's pipe-separated dump
// (sample.aivdm.chk) after type|repeat|mmsi, by message type. Types 6 and
// 8 have one layout for raw data and one per decoded application (see
// pipeLayout).
var pipeKeys = map[int][]string{
	1:  strings.Fields("status turn speed accuracy lon lat course heading second maneuver raim radio"),
	4:  strings.Fields("timestamp accuracy lon lat epfd raim radio"),
	5:  strings.Fields("imo ais_version callsign shipname shiptype to_bow to_stern to_port to_starboard epfd eta draught destination dte"),
	7:  strings.Fields("mmsi1 mmsi2 mmsi3 mmsi4"),
	9:  strings.Fields("alt speed accuracy lon lat course second regional dte raim radio"),
	10: strings.Fields("dest_mmsi"),
	12: strings.Fields("seqno dest_mmsi retransmit text"),
	14: strings.Fields("text"),
	15: strings.Fields("mmsi1 type1_1 offset1_1 type1_2 offset1_2 mmsi2 type2_1 offset2_1"),
	16: strings.Fields("mmsi1 offset1 increment1 mmsi2 offset2 increment2"),
	17: strings.Fields("lon lat data"),
	18: strings.Fields("reserved speed accuracy lon lat course heading second regional cs display dsc band msg22 raim radio"),
	19: strings.Fields("reserved speed accuracy lon lat course heading second regional shipname shiptype to_bow to_stern to_port to_starboard epfd raim dte assigned"),
	20: strings.Fields("offset1 number1 timeout1 increment1 offset2 number2 timeout2 increment2 offset3 number3 timeout3 increment3 offset4 number4 timeout4 increment4"),
	// 21: the dump prints regional (in decimal) before off_position.
	21: strings.Fields("aid_type name accuracy lon lat to_bow to_stern to_port to_starboard epfd second regional off_position raim virtual_aid"),
	23: strings.Fields("ne_lon ne_lat sw_lon sw_lat stationtype shiptype txrx interval quiet"),
	24: strings.Fields("shipname shiptype vendorid model serial callsign to_bow to_stern to_port to_starboard"),
	25: strings.Fields("addressed structured dest_mmsi app_id data"),
	26: strings.Fields("addressed structured dest_mmsi app_id data"),
	27: strings.Fields("status accuracy lon lat speed course raim gnss"),
}

// Layouts of the variable types.
var (
	pipe6Raw     = strings.Fields("seqno dest_mmsi retransmit dac fid data")
	pipe6Monitor = strings.Fields("seqno dest_mmsi retransmit dac fid ana_int ana_ext1 ana_ext2 racon light alarm stat_ext off_pos")
	pipe8Raw     = strings.Fields("dac fid data")
	pipe8Meteo   = strings.Fields("dac fid lon lat timestamp wspeed wgust wdir wgustdir airtemp humidity dewpoint pressure " +
		"pressuretend visibility waterlevel leveltrend cspeed cdir cspeed2 cdir2 cdepth2 cspeed3 cdir3 cdepth3 " +
		"waveheight waveperiod wavedir swellheight swellperiod swelldir seastate watertemp preciptype salinity ice")
	pipe22Broadcast = strings.Fields("channel_a channel_b txrx power ne_lon ne_lat sw_lon sw_lat addressed band_a band_b zonesize")
	pipe22Addressed = strings.Fields("channel_a channel_b txrx power dest1 dest2 addressed band_a band_b zonesize")
)

// pipeLayout returns the keys for one dump line's fields (after the
// header).
func pipeLayout(typ int, f []string) []string {
	switch typ {
	case 2, 3:
		return pipeKeys[1]
	case 11:
		return pipeKeys[4]
	case 13:
		return pipeKeys[7]
	case 6:
		if f[3] == "235" || f[3] == "250" {
			return pipe6Monitor
		}
		return pipe6Raw
	case 8:
		if f[0] == "1" && (f[1] == "31" || f[1] == "11") {
			return pipe8Meteo
		}
		return pipe8Raw
	case 22:
		if len(f) == len(pipe22Addressed) {
			return pipe22Addressed
		}
		return pipe22Broadcast
	}
	return pipeKeys[typ]
}

// parsePipe turns one dump line into gpsd-like fields: numbers (decimal or
// 0x hex) as float64, the rest as strings. 25/26's app_id becomes dac and
// fid, and 26's "bits:hex:radio" data is split.
func parsePipe(line string) (map[string]any, error) {
	f := strings.Split(strings.TrimRight(line, "\r"), "|")
	if len(f) < 3 {
		return nil, fmt.Errorf("short line")
	}
	typ, _ := strconv.Atoi(f[0])
	out := map[string]any{"type": num(f[0]), "repeat": num(f[1]), "mmsi": num(f[2])}
	keys := pipeLayout(typ, f[3:])
	if keys == nil {
		return out, nil
	}
	if len(keys) != len(f)-3 {
		return nil, fmt.Errorf("type %d: %d fields, want %d", typ, len(f)-3, len(keys))
	}
	for i, k := range keys {
		out[k] = value(k, f[3+i])
	}
	fixPipe(typ, out)
	return out, nil
}

// fixPipe adapts the dump's 25/26 fields to the names AppendJSON uses.
func fixPipe(typ int, out map[string]any) {
	if typ != 25 && typ != 26 {
		return
	}
	if id, ok := out["app_id"].(float64); ok {
		delete(out, "app_id")
		if out["structured"] == 1.0 {
			out["dac"], out["fid"] = float64(int(id)>>6), float64(int(id)&63)
		}
	}
	if out["addressed"] != 1.0 {
		delete(out, "dest_mmsi")
	}
	if d, ok := out["data"].(string); ok && typ == 26 {
		if i := strings.LastIndexByte(d, ':'); i > strings.IndexByte(d, ':') {
			out["data"], out["radio"] = d[:i], num(d[i+1:])
		}
	}
}

// value parses one dump field: text fields stay strings.
func value(k, s string) any {
	if textKeys[k] || k == "data" || k == "timestamp" || k == "eta" {
		return s
	}
	return num(s)
}

// num parses a decimal or 0x-hex number, or returns the string.
func num(s string) any {
	if strings.HasPrefix(s, "0x") {
		if v, err := strconv.ParseUint(s[2:], 16, 64); err == nil {
			return float64(v)
		}
	}
	if v, err := strconv.ParseFloat(s, 64); err == nil {
		return v
	}
	return s
}

func TestGpsdPipeAgreement(t *testing.T) {
	ours := decodeAll(t, readFile(t, "sample.aivdm"), "sample.aivdm")
	chk := strings.Split(strings.TrimSpace(string(readFile(t, "sample.aivdm.chk"))), "\n")
	var a agreement
	a.quirkUse = map[string]int{}
	names, next, skipped := map[uint32]string{}, 0, 0
	for n, line := range chk {
		g, err := parsePipe(line)
		if err != nil {
			t.Errorf("sample.aivdm.chk:%d: %v", n+1, err)
			continue
		}
		var o *decoded
		for ; next < len(ours) && o == nil; next++ {
			x := &ours[next]
			if x.msg.Type == 24 && x.msg.Static.PartNo == 0 {
				names[x.msg.MMSI] = x.msg.Static.ShipName()
			}
			partB := x.msg.Type != 24 || x.msg.Static.PartNo == 1 // gpsd merges 24A into 24B
			if float64(x.msg.Type) == g["type"] && float64(x.msg.MMSI) == g["mmsi"] && partB {
				o = x
			} else if !(x.msg.Type == 24) {
				t.Logf("sample.aivdm:%d: type %d mmsi %d not in gpsd's dump", x.line, x.msg.Type, x.msg.MMSI)
				skipped++
			}
		}
		if o == nil {
			t.Fatalf("sample.aivdm.chk:%d: no message of ours matches %q", n+1, line)
		}
		a.compare(t, gpsdMessage{src: fmt.Sprintf("sample.aivdm.chk:%d", n+1), fields: g}, o, names)
	}
	t.Logf("pipe check: %d messages, %d fields agree, %d explained by quirks %v; %d of ours not in gpsd's dump",
		a.messages, a.fields, a.quirks, a.quirkUse, skipped)
	if a.messages != len(chk) {
		t.Errorf("compared %d messages, want %d", a.messages, len(chk))
	}
}

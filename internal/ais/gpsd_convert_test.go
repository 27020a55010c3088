package ais_test

import (
	"fmt"
	"math"
	"strings"

	"github.com/lookout-osint/lookout/internal/ais"
)

// boolKeys are the gpsd fields that are booleans (the pipe dump prints
// them as 0/1).
var boolKeys = map[string]bool{
	"accuracy": true, "raim": true, "dte": true, "retransmit": true, "cs": true,
	"display": true, "dsc": true, "band": true, "msg22": true, "assigned": true,
	"off_position": true, "virtual_aid": true, "power": true, "addressed": true,
	"band_a": true, "band_b": true, "structured": true, "gnss": true,
	"visgreater": true, "alarm": true, "off_pos": true, "speed_q": true, "course_q": true, "heading_q": true,
}

// textKeys are gpsd's 6-bit text fields; we omit them when empty.
var textKeys = map[string]bool{
	"callsign": true, "shipname": true, "destination": true, "name": true,
	"vendorid": true, "text": true, "vin": true,
}

// gpsdValue converts gpsd's unscaled value of field k to what AppendJSON
// writes for m: the value in natural units, and whether the field is
// present (false for "not available"). ok is false for an unknown field.
func gpsdValue(m *ais.Message, k string, v any) (want any, present, ok bool) {
	if boolKeys[k] {
		if f, isNum := v.(float64); isNum {
			v = f != 0
		}
		return v, true, true
	}
	if textKeys[k] {
		s, _ := v.(string)
		return s, s != "", true
	}
	f, isNum := v.(float64)
	if !isNum {
		return gpsdString(m, k, v)
	}
	if m.Type == 8 && m.Binary.DAC == 1 && m.Binary.FID == 31 {
		w, p := meteoValue(k, f)
		return w, p, true
	}
	if m.Type == 8 && m.Binary.DAC == 1 && m.Binary.FID == 11 {
		w, p := meteo11Value(k, f)
		return w, p, true
	}
	if m.Type == 8 && m.Binary.DAC == 200 && m.Binary.FID == 10 {
		w, p := inlandValue(k, f)
		return w, p, true
	}
	if m.Type == 6 {
		if w, p, known := app6Value(k, f); known {
			return w, p, true
		}
	}
	return kinematicValue(int(m.Type), k, f)
}

// kinematicValue converts the numeric fields of the standard messages.
func kinematicValue(typ int, k string, f float64) (any, bool, bool) {
	switch k {
	case "lon", "lat":
		div := 600000.0
		if typ == 17 || typ == 27 {
			div = 600
		}
		lim := 180.0
		if k == "lat" {
			lim = 90
		}
		return f / div, math.Abs(f/div) <= lim, true
	case "ne_lon", "ne_lat", "sw_lon", "sw_lat":
		return f / 600, true, true
	case "speed":
		return speedValue(typ, f)
	case "course":
		if typ == 27 {
			return f, f < 360, true
		}
		return f / 10, f < 3600, true
	case "heading":
		return f, f != 511, true
	case "second":
		return f, f != 60, true
	case "turn":
		return turnValue(f)
	case "alt":
		return f, f != 4095, true
	case "draught":
		return f / 10, f != 0, true
	case "imo":
		return f, f != 0, true
	}
	return f, true, true
}

// speedValue converts speed: 1/10 knot, but whole knots in 9 and 27.
func speedValue(typ int, f float64) (any, bool, bool) {
	switch typ {
	case 9:
		return f, f != 1023, true
	case 27:
		return f, f != 63, true
	}
	return f / 10, f != 1023, true
}

// turnValue converts ROT_AIS as AppendJSON writes it.
func turnValue(f float64) (any, bool, bool) {
	switch f {
	case -128:
		return nil, false, true
	case 127:
		return "fastright", true, true
	case -127:
		return "fastleft", true, true
	}
	r := f / 4.733
	return math.Copysign(math.Round(r*r), r), true, true
}

// gpsdString converts gpsd's non-numeric fields: data, timestamp, eta.
func gpsdString(m *ais.Message, k string, v any) (any, bool, bool) {
	s, _ := v.(string)
	switch k {
	case "data":
		return s, true, true
	case "timestamp":
		if m.Type == 8 {
			return s, !strings.HasPrefix(s, "00") && !strings.Contains(s, "T24") && !strings.Contains(s, ":60"), true
		}
		return s, validTimestamp(s), true
	case "eta":
		return s, s != "00-00T24:60Z", true
	}
	return s, true, false
}

// validTimestamp applies AppendJSON's rule to gpsd's
// "YYYY-MM-DDTHH:MM:SSZ": present only when every part is available.
func validTimestamp(s string) bool {
	var y, mo, d, h, mi, sec int
	if n, _ := sscanf(s, &y, &mo, &d, &h, &mi, &sec); n != 6 {
		return false
	}
	return y != 0 && y < 10000 && mo != 0 && d != 0 && h < 24 && mi < 60 && sec < 60
}

// meteoValue converts the 8/1/31 fields.
func meteoValue(k string, f float64) (any, bool) {
	na := map[string]float64{
		"wspeed": 127, "wgust": 127, "wdir": 360, "wgustdir": 360, "humidity": 101,
		"pressuretend": 3, "leveltrend": 3, "cdir": 360, "cdir2": 360, "cdir3": 360,
		"cdepth2": 31, "cdepth3": 31, "waveperiod": 63, "wavedir": 360, "swellperiod": 63,
		"swelldir": 360, "seastate": 13, "preciptype": 7, "ice": 3,
	}
	tenths := map[string]float64{
		"visibility": 127, "cspeed": 255, "cspeed2": 255, "cspeed3": 255,
		"waveheight": 255, "swellheight": 255,
	}
	switch k {
	case "lon":
		return f / 60000, math.Abs(f/60000) <= 180
	case "lat":
		return f / 60000, math.Abs(f/60000) <= 90
	case "airtemp":
		return f / 10, f != -1024
	case "dewpoint", "watertemp":
		return f / 10, f != 501
	case "pressure":
		return f + 799, f < 403
	case "waterlevel":
		return (f - 1000) / 100, f != 4001
	case "salinity":
		return f / 10, f < 510
	}
	if n, ok := na[k]; ok {
		return f, f != n
	}
	if n, ok := tenths[k]; ok {
		return f / 10, f != n
	}
	return f, true
}

// inlandValue converts the 8/200/10 fields.
func inlandValue(k string, f float64) (any, bool) {
	switch k {
	case "length", "beam":
		return f / 10, f != 0
	case "draught":
		return f / 100, f != 0
	}
	return f, true
}

// sscanf parses "YYYY-MM-DDTHH:MM:SSZ" into its six integers.
func sscanf(s string, p ...*int) (int, error) {
	return fmt.Sscanf(s, "%d-%d-%dT%d:%d:%dZ", p[0], p[1], p[2], p[3], p[4], p[5])
}

// app6Value converts the fields of 6/200/55 and 6/235/10.
func app6Value(k string, f float64) (any, bool, bool) {
	switch k {
	case "crew", "personnel":
		return f, f != 255, true
	case "passengers":
		return f, f != 8191, true
	case "ana_int", "ana_ext1", "ana_ext2":
		return f * 5 / 100, f != 0, true
	}
	return nil, false, false
}

// meteo11Value converts the 8/1/11 fields (IMO SN/Circ.236 units: offsets
// on temperatures, pressure and water level; all-ones = not available).
func meteo11Value(k string, f float64) (any, bool) {
	switch k {
	case "lon":
		return f / 60000, f != 0xFFFFFF
	case "lat":
		return f / 60000, f != 0x7FFFFF
	case "airtemp":
		return f/10 - 60, f != 2047
	case "dewpoint":
		return f/10 - 20, f != 1023
	case "pressure":
		return f + 800, f != 511
	case "waterlevel":
		return f/10 - 10, f != 511
	case "watertemp":
		return f/10 - 10, f != 1023
	case "visibility", "cspeed", "cspeed2", "cspeed3", "waveheight", "swellheight":
		return f / 10, f != 255
	case "salinity":
		return f / 10, f != 511
	}
	na := map[string]float64{
		"wspeed": 127, "wgust": 127, "wdir": 511, "wgustdir": 511, "humidity": 127,
		"pressuretend": 3, "leveltrend": 3, "cdir": 511, "cdir2": 511, "cdir3": 511,
		"cdepth2": 31, "cdepth3": 31, "waveperiod": 63, "wavedir": 511, "swellperiod": 63,
		"swelldir": 511, "seastate": 15, "preciptype": 7, "ice": 3,
	}
	if n, ok := na[k]; ok {
		return f, f != n
	}
	return f, true
}

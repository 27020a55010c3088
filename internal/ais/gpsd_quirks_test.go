package ais_test

import (
	"strings"

	"github.com/lookout-osint/lookout/internal/ais"
)

// quirk is one known, explained disagreement with gpsd.
type quirk struct {
	name   string
	reason string
	match  func(m *ais.Message, field string, got, want any) bool
}

// quirks are the disagreements with gpsd's expected output that are
// understood; each says why ours is right or equally valid.
var quirks = []quirk{
	{
		name: "vendorid-7-chars",
		reason: "24B: ITU-R M.1371-4 and later split the old 42-bit vendor id into a 3-character " +
			"manufacturer id, a 4-bit model and a 20-bit serial. gpsd decodes model and serial the " +
			"same way but still prints up to 7 characters of the old block as vendorid; we print the 3.",
		match: func(m *ais.Message, f string, got, want any) bool {
			g, _ := got.(string)
			w, _ := want.(string)
			return m.Type == 24 && f == "vendorid" && len(g) == 3 && strings.HasPrefix(w, g)
		},
	},
	{
		name: "absent-block-zero",
		reason: "7/13 (acknowledged MMSIs), 16 (second station) and 20 (reservations): gpsd writes " +
			"0 for the repeated blocks that the message is too short to hold; we omit them.",
		match: func(m *ais.Message, f string, got, want any) bool {
			switch m.Type {
			case 7, 13, 16, 20:
				return got == nil && want == 0.0
			}
			return false
		},
	},
	{
		name: "data-masked",
		reason: "6 and 8: gpsdecode's pipe dump prints the data of some IMO/DAC-1 application " +
			"messages as 'x' characters; we compare the bit count and print the hex.",
		match: func(m *ais.Message, f string, got, want any) bool {
			g, _ := got.(string)
			w, _ := want.(string)
			i := strings.IndexByte(w, ':')
			return f == "data" && i > 0 && strings.HasPrefix(g, w[:i+1]) && strings.Trim(w[i+1:], "x") == ""
		},
	},
	{
		name: "26-radio",
		reason: "26: gpsdecode's pipe dump prints the radio status as 0; we decode the last 20 " +
			"bits (communication state selector and state, ITU-R M.1371-5 table 82).",
		match: func(m *ais.Message, f string, got, want any) bool {
			return m.Type == 26 && f == "radio" && want == 0.0
		},
	},
	{
		name: "26-data-pad",
		reason: "26: when the data does not end on a byte boundary gpsd's last hex digit carries " +
			"the first radio-status bits; we zero the bits past the data length.",
		match: func(m *ais.Message, f string, got, want any) bool {
			g, _ := got.(string)
			w, _ := want.(string)
			return m.Type == 26 && f == "data" && len(g) == len(w) && g[:len(g)-1] == w[:len(w)-1]
		},
	},
	{
		name: "short-last-field",
		reason: "a payload cut short inside its last field (sample.aivdm's type 1 sent with 5 fill " +
			"bits: 163 of 168 bits, radio has 14 of 19 bits): gpsd right-aligns the bits present, " +
			"we read the missing low bits as zero and return ErrTooShort.",
		match: func(m *ais.Message, f string, got, want any) bool {
			g, _ := got.(float64)
			w, _ := want.(float64)
			return m.Bits < 168 && m.Type <= 3 && f == "radio" && g == w*32
		},
	},
	{
		name: "23-txrx",
		reason: "23: gpsd's dump of the one type 23 in sample.aivdm says txrx 2; bits 144-145 " +
			"(ITU-R M.1371-5 table 77, AIVDM.adoc) hold 0, as the sample's own annotation from " +
			"another decoder says (\"Tx/Rx mode : 0\").",
		match: func(m *ais.Message, f string, got, want any) bool {
			return m.Type == 23 && f == "txrx" && got == 0.0 && want == 2.0 && m.MMSI == 2268120
		},
	},
}

// findQuirk returns the name of the quirk explaining a disagreement, or "".
func findQuirk(m *ais.Message, field string, got, want any) string {
	for _, q := range quirks {
		if q.match(m, field, got, want) {
			return q.name
		}
	}
	return ""
}

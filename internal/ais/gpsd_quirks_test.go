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
		name: "absent-ack-zero",
		reason: "7/13: gpsd writes mmsi2..mmsi4 as 0 when the message is too short to hold them; " +
			"we omit acknowledgement blocks that are not in the payload.",
		match: func(m *ais.Message, f string, got, want any) bool {
			return (m.Type == 7 || m.Type == 13) && strings.HasPrefix(f, "mmsi") && got == nil && want == 0.0
		},
	},
	{
		name: "app-not-decoded",
		reason: "8/1/11 (the meteorological message of IMO SN/Circ.236, superseded by 8/1/31) is " +
			"decoded by gpsd; we keep it as raw data (\"data\"), which gpsd omits.",
		match: func(m *ais.Message, f string, got, want any) bool {
			return m.Type == 8 && m.Binary.DAC == 1 && m.Binary.FID == 11 && got == nil
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

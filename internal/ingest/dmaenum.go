package ingest

import "bytes"

// dmaStatuses maps DMA aisdk "Navigational status" texts (lower case) to
// AIS status codes; both manoeuvre spellings occur.
var dmaStatuses = map[string]uint8{
	"under way using engine": 0, "at anchor": 1, "not under command": 2,
	"restricted maneuverability": 3, "restricted manoeuverability": 3,
	"constrained by her draught": 4, "moored": 5, "aground": 6, "engaged in fishing": 7,
	"under way sailing": 8, "reserved for future amendment [hsc]": 9,
	"reserved for future amendment [wig]": 10, "power-driven vessel towing astern": 11,
	"power-driven vessel pushing ahead or towing alongside": 12,
	"reserved for future use":                               13, "ais-sart": 14, "unknown value": 15, "undefined": 15,
}

// dmaStatus maps a DMA status text to its code, 15 when unknown.
func dmaStatus(b []byte) uint8 {
	var buf [64]byte
	if len(b) > len(buf) {
		return 15
	}
	// Lower-case ASCII in buf (bytes.ToLower would allocate); a text with
	// other bytes takes bytes.ToLower as before.
	key := buf[:len(b)]
	for i, c := range b {
		if c >= 0x80 {
			key = bytes.ToLower(b)
			break
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		key[i] = c
	}
	if s, ok := dmaStatuses[string(key)]; ok {
		return s
	}
	return 15
}

// dmaShipTypes maps DMA "Ship type" categories to a representative AIS
// ship type code (the first code of the category in ITU-R M.1371).
var dmaShipTypes = map[string]uint8{
	"wig": 20, "fishing": 30, "towing": 31, "towing long/wide": 32, "dredging": 33,
	"diving": 34, "military": 35, "sailing": 36, "pleasure": 37, "hsc": 40, "pilot": 50,
	"sar": 51, "tug": 52, "port tender": 53, "anti-pollution": 54, "law enforcement": 55,
	"medical": 58, "not party to conflict": 59, "passenger": 60, "cargo": 70, "tanker": 80,
	"other": 90,
}

// dmaShipType maps a DMA ship type text to a code, 0 when unknown.
func dmaShipType(b []byte) uint8 {
	var buf [64]byte
	if len(b) > len(buf) {
		return 0
	}
	return dmaShipTypes[string(bytes.ToLower(append(buf[:0], b...)))]
}

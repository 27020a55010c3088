package detect

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
)

// eventID returns the stable id of a finding: a hash of its type, vessels,
// start time and the key fields that tell it apart from other findings of
// the same kind starting at the same time (a port, a field name). The same
// data gives the same id on every run, so re-running detection replaces
// events instead of duplicating them.
func eventID(typ string, mmsi, other uint32, start int64, keys ...string) string {
	b := make([]byte, 0, 96)
	b = append(b, typ...)
	b = append(b, '|')
	b = strconv.AppendUint(b, uint64(mmsi), 10)
	b = append(b, '|')
	b = strconv.AppendUint(b, uint64(other), 10)
	b = append(b, '|')
	b = strconv.AppendInt(b, start, 10)
	for _, k := range keys {
		b = append(b, '|')
		b = append(b, k...)
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:10])
}

// portKey names a port for ids: its WPI number or anchorage id.
func portKey(p *PortRef) string {
	if p == nil {
		return ""
	}
	if p.WPI > 0 {
		return "wpi:" + strconv.Itoa(p.WPI)
	}
	return "anch:" + p.Anchorage
}

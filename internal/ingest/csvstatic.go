package ingest

import (
	"bytes"
	"hash/maphash"

	"github.com/lookout-osint/lookout/internal/track"
)

// identity fills id from the static columns of the current row and
// reports whether the row had any static value.
func (p *RowParser) identity(mmsi uint32, t int64, id *track.Identity) bool {
	var h maphash.Hash
	h.SetSeed(p.seed)
	seen := false
	for _, f := range staticFields {
		b := p.staticValue(f)
		seen = seen || len(b) > 0
		h.Write(b)
		h.WriteByte(0)
	}
	if !seen {
		return false
	}
	sum := h.Sum64()
	if p.last.hash == sum && p.last.id.MMSI == mmsi {
		*id = p.last.id // rows of one vessel usually come in runs
	} else if c, ok := p.ids[mmsi]; ok && c.hash == sum {
		*id = c.id
		p.last = c
	} else {
		p.decodeIdentity(mmsi, id)
		p.last = cachedID{hash: sum, id: *id}
		p.ids[mmsi] = p.last
	}
	id.From, id.To = t, t
	return true
}

// staticValue returns a static column's value with DMA's "Unknown" and
// "Undefined" placeholders treated as empty.
func (p *RowParser) staticValue(f Field) []byte {
	b := p.field(f)
	if p.s.DMA && (bytes.EqualFold(b, []byte("Unknown")) || bytes.EqualFold(b, []byte("Undefined"))) {
		return nil
	}
	return b
}

// decodeIdentity converts the static columns of the current row. CSV
// exports give overall length and width only: they are stored as ToBow and
// ToPort (with ToStern and ToStarboard 0) so that the sums stay right.
func (p *RowParser) decodeIdentity(mmsi uint32, id *track.Identity) {
	*id = track.Identity{MMSI: mmsi}
	id.Name = string(p.staticValue(FieldName))
	id.Callsign = string(p.staticValue(FieldCallsign))
	id.Destination = string(p.staticValue(FieldDestination))
	imo := bytes.TrimPrefix(p.staticValue(FieldIMO), []byte("IMO"))
	if n, err := parseUint(imo); err == nil && n < 1e10 {
		id.IMO = uint32(n)
	}
	id.ShipType = p.shipType()
	id.ToBow = dimension(p.staticValue(FieldLength))
	id.ToPort = dimension(p.staticValue(FieldWidth))
	if d, err := parseFloat(p.staticValue(FieldDraught)); err == nil && d > 0 && d < 100 {
		id.Draught = float32(d)
	}
}

// shipType reads a numeric AIS ship type or, for DMA, its text category.
func (p *RowParser) shipType() uint8 {
	b := p.staticValue(FieldShipType)
	if n, err := parseIntLoose(b); err == nil && n >= 0 && n < 256 {
		return uint8(n)
	}
	if p.s.DMA {
		return dmaShipType(b)
	}
	return 0
}

// dimension parses a length in metres, 0 when absent or implausible.
func dimension(b []byte) uint16 {
	f, err := parseFloat(b)
	if err != nil || f <= 0 || f > 2000 {
		return 0
	}
	return uint16(f + 0.5)
}

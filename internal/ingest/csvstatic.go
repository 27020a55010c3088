package ingest

import (
	"bytes"
	"encoding/binary"
	"math/bits"
	"sync"
	"unsafe"

	"github.com/lookout-osint/lookout/internal/track"
)

// staticFields are the CSV columns that make up an identity.
var staticFields = [...]Field{FieldName, FieldIMO, FieldCallsign, FieldShipType, FieldLength,
	FieldWidth, FieldDraught, FieldDestination}

// staticVals holds the trimmed static values of one row, in staticFields
// order (nil for a column the schema lacks).
type staticVals [len(staticFields)][]byte

// idEntry is a vessel's latest identity, found by MMSI for every row
// with static columns: exports repeat the static columns on every row, and
// a row whose static text equals the vessel's last is neither split into
// values, compared, hashed nor decoded again.
//
// Everything such a row reads is in these 128 bytes, two adjacent cache
// lines that the CPU fetches together: the MMSI, the worker's fold state,
// the pointer to the (interned) identity for the worker's record, and the
// span (the raw text of the vessel's last row from its first to its last
// static column, see RowParser.staticSpan), held inline when it fits (all
// but a few rows of real exports). A row with the same span has the same
// values. What a changed row needs (the values the identity was decoded
// from, a long span) is apart, in an idCold, so that the entries of ten
// thousand vessels stay small enough to stay in a core's cache.
type idEntry struct {
	mmsi uint32
	// chunk and idx belong to the csvWorker: the number of the chunk whose
	// results hold this identity at index idx (0: none).
	chunk     uint32
	idx       int32
	spanLen   uint8 // length of the span in inl; spanLong: in idCold.long
	spanLong  bool
	spanOK    bool        // the span is known
	spanEmpty bool        // the span's static values are all empty
	ref       *internedID // interned, From, To and Src zero; nil until the first
	inl       [idSpanInline]byte
}

// idSpanInline is how long a span idEntry holds inline: the rest of 128
// bytes.
const idSpanInline = 128 - 24

// idCold is the part of a vessel's cache entry that only a row whose
// static columns changed reads.
type idCold struct {
	long []byte                    // the span, when it does not fit inl
	raw  []byte                    // the static values, concatenated
	ends [len(staticFields)]uint32 // end of each value in raw
}

// idInterner gives equal identities (From, To and Src zero) one shared,
// never modified copy, so that whoever holds two of them knows they are
// equal when the pointers are. The workers of one input share one; they
// consult it only when a vessel's identity changes. Each copy points to
// its vessel's idVessel, one per MMSI, where the track stage notes the
// vessel's latest record in its batch.
type idInterner struct {
	mu      sync.Mutex
	m       map[track.Identity]*internedID
	vessels map[uint32]*idVessel
	slab    []internedID // where the copies are made, internSlab at a time
	vslab   []idVessel   // where the vessels' notes are made
}

// internedID is an interned identity with its vessel's note.
type internedID struct {
	v *idVessel
	track.Identity
}

// idVessel is the track stage's note of where its batch holds the
// latest identity record of a vessel, of the identity ref: valid while gen
// is the stage's generation (see trackStage.identityRef).
type idVessel struct {
	gen uint64
	idx int
	ref *internedID
}

// internSlab is how many identities (and vessels) an interner allocates
// at once.
const internSlab = 256

// newIDInterner returns an empty interner.
func newIDInterner() *idInterner {
	return &idInterner{m: map[track.Identity]*internedID{}, vessels: map[uint32]*idVessel{}}
}

// get returns the shared copy of id.
func (n *idInterner) get(id *track.Identity) *internedID {
	n.mu.Lock()
	defer n.mu.Unlock()
	p, ok := n.m[*id]
	if !ok {
		if len(n.slab) == cap(n.slab) {
			n.slab = make([]internedID, 0, internSlab)
		}
		n.slab = append(n.slab, internedID{v: n.vessel(id.MMSI), Identity: *id}) // within capacity: earlier pointers stay valid
		p = &n.slab[len(n.slab)-1]
		n.m[*id] = p
	}
	return p
}

// vessel returns the note of mmsi.
func (n *idInterner) vessel(mmsi uint32) *idVessel {
	v, ok := n.vessels[mmsi]
	if !ok {
		if len(n.vslab) == cap(n.vslab) {
			n.vslab = make([]idVessel, 0, internSlab)
		}
		n.vslab = append(n.vslab, idVessel{})
		v = &n.vslab[len(n.vslab)-1]
		n.vessels[mmsi] = v
	}
	return v
}

// sameSpan reports whether span is the entry's span (c: its cold part).
func (e *idEntry) sameSpan(span []byte, c *idCold) bool {
	if e.spanLong {
		return bytes.Equal(span, c.long)
	}
	return len(span) == int(e.spanLen) && string(span) == string(e.inl[:len(span)])
}

// setSpan records the entry's span (c: its cold part).
func (e *idEntry) setSpan(span []byte, ok bool, c *idCold) {
	e.spanOK, e.spanLong = ok, len(span) > len(e.inl)
	if e.spanLong {
		c.long = append(c.long[:0], span...)
		return
	}
	e.spanLen = uint8(copy(e.inl[:], span))
}

// equal reports whether v are the values e was decoded from.
func (e *idCold) equal(v *staticVals) bool {
	off := uint32(0)
	for k := range v {
		end := e.ends[k]
		if !bytes.Equal(v[k], e.raw[off:end]) {
			return false
		}
		off = end
	}
	return true
}

// set records v as the values of e.
func (e *idCold) set(v *staticVals) {
	e.raw = e.raw[:0]
	for k := range v {
		e.raw = append(e.raw, v[k]...)
		e.ends[k] = uint32(len(e.raw))
	}
}

// idCache maps an MMSI to its idEntry through an open-addressing table
// of MMSI and entry index, so that a lookup reads one word of the table
// (rows of thousands of vessels interleave, so a direct-mapped array
// missed for colliding vessels and fell back to a map on every other row).
type idCache struct {
	table   []uint64 // mmsi<<32 | entry index+1, 0 when free; a power of two long
	shift   uint8    // 32 - log2(len(table))
	entries []idEntry
	cold    []idCold // cold[i] is the rest of entries[i]
}

// idCacheMin is the table's first size.
const idCacheMin = 1 << 10

// get returns the entry of mmsi and whether it existed.
func (c *idCache) get(mmsi uint32) (int32, bool) {
	if 4*len(c.entries) >= 3*len(c.table) {
		c.grow()
	}
	mask := uint32(len(c.table) - 1)
	for h := c.slot(mmsi); ; h = (h + 1) & mask {
		v := c.table[h]
		if v == 0 {
			i := int32(len(c.entries))
			c.entries = append(c.entries, idEntry{mmsi: mmsi})
			c.cold = append(c.cold, idCold{})
			c.table[h] = uint64(mmsi)<<32 | uint64(i+1)
			return i, false
		}
		if uint32(v>>32) == mmsi {
			return int32(uint32(v)) - 1, true
		}
	}
}

// prefetchSlot starts loading the table slot where a lookup of mmsi
// begins.
func (c *idCache) prefetchSlot(mmsi uint32) {
	if len(c.table) > 0 {
		prefetch2(unsafe.Pointer(&c.table[c.slot(mmsi)]))
	}
}

// prefetchEntry starts loading the entry of mmsi, if it has one, and
// returns its index, or -1.
func (c *idCache) prefetchEntry(mmsi uint32) int32 {
	mask := uint32(len(c.table) - 1)
	for h := c.slot(mmsi); len(c.table) > 0; h = (h + 1) & mask {
		v := c.table[h]
		if v == 0 {
			return -1
		}
		if uint32(v>>32) == mmsi {
			prefetch2(unsafe.Pointer(&c.entries[uint32(v)-1]))
			return int32(uint32(v)) - 1
		}
	}
	return -1
}

// slot returns the home slot of mmsi (Fibonacci hashing).
func (c *idCache) slot(mmsi uint32) uint32 { return mmsi * 0x9E3779B1 >> c.shift }

// grow doubles the table (or makes the first one) and re-inserts every
// entry.
func (c *idCache) grow() {
	n := max(2*len(c.table), idCacheMin)
	c.table = make([]uint64, n)
	c.shift = uint8(32 - bits.TrailingZeros(uint(n)))
	mask := uint32(n - 1)
	for i := range c.entries {
		h := c.slot(c.entries[i].mmsi)
		for c.table[h] != 0 {
			h = (h + 1) & mask
		}
		c.table[h] = uint64(c.entries[i].mmsi)<<32 | uint64(i+1)
	}
}

// identity looks up the identity of the current row's static columns and
// returns its cache entry, or -1 when the row has no static value.
func (p *RowParser) identity(mmsi uint32) int32 {
	i, known := p.entry(mmsi)
	e, c := &p.ids.entries[i], &p.ids.cold[i]
	span, spanOK := p.staticSpan()
	if known && spanOK && e.spanOK && e.sameSpan(span, c) { // the common case
		if e.spanEmpty {
			return -1
		}
		return i
	}
	e.setSpan(span, spanOK, c)
	var v staticVals
	seen := false
	for k, f := range staticFields {
		if p.s.Col[f] >= 0 {
			v[k] = p.staticValue(f)
			seen = seen || len(v[k]) > 0
		}
	}
	if e.spanEmpty = !seen; !seen {
		return -1 // no identity: the latest one stays
	}
	if e.ref != nil && c.equal(&v) {
		return i
	}
	var id track.Identity
	p.decodeIdentity(mmsi, &id)
	c.set(&v)
	if e.ref != nil && sameIdentity(&e.ref.Identity, &id) {
		return i // other text, same values ("14" and "14.0"): keep its strings
	}
	e.ref, e.chunk = p.intern.get(&id), 0
	return i
}

// entry returns the identity cache entry of mmsi, the current row's, and
// whether it existed: the one its peek found, when that is an entry of
// mmsi (a wrong peek finds another's or none), without looking it up
// again. Entries are only ever appended, so an index stays valid.
func (p *RowParser) entry(mmsi uint32) (int32, bool) {
	if i := p.peekEntry; p.peeked && uint32(i) < uint32(len(p.ids.entries)) && p.ids.entries[i].mmsi == mmsi {
		return i, true
	}
	return p.ids.get(mmsi)
}

// mmsiPeek is what peekDigits read of a row: the n digits at line[off:]
// as m (meaningless past nine digits).
type mmsiPeek struct{ m, off, n uint32 }

// peekDigits reads the MMSI of a row cheaply, for prefetching: the
// digits at the start of its MMSI column (after a quote), found by
// counting commas (a quoted comma before it gives a wrong number, which
// prefetches in vain). It tells also where those digits lie, so that the
// row's parse can take m for the MMSI when its MMSI field is exactly
// those digits (see RowParser.mmsi).
func (p *RowParser) peekDigits(line []byte) mmsiPeek {
	var k mmsiPeek
	if uint64(len(line)) >= 1<<31 {
		return k
	}
	for c := p.col[FieldMMSI]; c > 0; c-- {
		i := indexShort(line[k.off:], ',')
		if i < 0 {
			return mmsiPeek{}
		}
		k.off += uint32(i) + 1
	}
	if int(k.off) < len(line) && line[k.off] == '"' {
		k.off++
	}
	rest := line[k.off:]
	if len(rest) >= 8 { // the first eight bytes at once
		x := binary.LittleEndian.Uint64(rest)
		n := uint32(bits.TrailingZeros64(nonDigits(x))) >> 3
		k.m, k.n = digits8(x, n), n
		if n < 8 {
			return k
		}
	}
	for _, b := range rest[k.n:] {
		if b-'0' > 9 {
			break
		}
		k.m = k.m*10 + uint32(b-'0')
		k.n++
	}
	return k
}

// hiBits has the high bit of every byte set.
const hiBits = lsb * 0x80

// nonDigits returns x with the high bit set in exactly its bytes that are
// not ASCII digits.
func nonDigits(x uint64) uint64 {
	const nib = 0x0f0f0f0f0f0f0f0f
	v := (x&^nib ^ lsb*0x30) | ((x&nib + lsb*6) &^ nib) // zero exactly in digit bytes
	return ((v&low + low) | v) & hiBits
}

// digits8 returns the number the first n (at most eight) bytes of x, ASCII
// digits, write, modulo 2^32.
func digits8(x uint64, n uint32) uint32 {
	if n == 0 {
		return 0
	}
	v := (x & 0x0f0f0f0f0f0f0f0f) << (64 - 8*n) // the n digits last, zeros (leading) before them
	v = (v * (10<<8 + 1)) >> 8 & 0x00ff00ff00ff00ff
	v = (v * (100<<16 + 1)) >> 16 & 0x0000ffff0000ffff
	return uint32((v * (10000<<32 + 1)) >> 32)
}

// staticSpan returns the raw text of the current row from the start of
// its first static column to the end of its last one, quotes included,
// and true; or false when the row was not plain (a field with doubled
// quotes was unescaped, so that fields do not all lie in the line). Plain
// rows split the same way from any field start, so two such rows with the
// same span have the same static values.
func (p *RowParser) staticSpan() ([]byte, bool) {
	if !p.plain {
		return nil, false
	}
	line := p.line
	s, e := p.spans[p.spanFirst].start, p.spans[p.spanLast].end
	if s > 0 && line[s-1] == '"' {
		s--
	}
	if int(e) < len(line) && line[e] == '"' {
		e++
	}
	return line[s:e], true
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

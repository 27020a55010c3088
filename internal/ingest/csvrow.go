package ingest

import (
	"bytes"
	"math"

	"github.com/lookout-osint/lookout/internal/track"
)

// Row says what a CSV row yielded.
type Row uint8

// Bits of Row.
const (
	RowFix      Row = 1 << iota // the row held a usable position
	RowIdentity                 // the row held static data (name, IMO, …)
)

// RowParser parses the data rows of one CSV input against its Schema. It
// is pure (no I/O) and reuses its memory: one per goroutine.
type RowParser struct {
	s *Schema
	// The row's fields lie in line at spans. For a plain row (see
	// splitPlain) line is the row; for any other, fields and scratch hold
	// its fields as splitQuoted returns them and line their copies, one
	// after the other, in unescaped.
	spans     []fieldSpan
	plain     bool
	line      []byte
	fields    [][]byte
	scratch   []byte
	unescaped []byte
	static    bool     // the schema has static columns
	days      dayCache // the date of the last time read
	// spanFirst and spanLast are the first and last static columns.
	spanFirst, spanLast int
	ids                 idCache     // each vessel's latest identity
	intern              *idInterner // shared copies of identities
	// col is s.Col indexed by any byte, so that field needs no bounds
	// check (-1 past numFields).
	col [256]int32
	// peek is the MMSI peekDigits read of the row to parse, when peeked,
	// and peekEntry the identity cache entry of that MMSI when it had one
	// as the row was peeked (else -1; see csvWorker).
	peek      mmsiPeek
	peekEntry int32
	peeked    bool
}

// NewRowParser returns a parser for rows of schema s.
func NewRowParser(s *Schema) *RowParser {
	p := &RowParser{s: s, intern: newIDInterner(), peekEntry: -1}
	p.spanFirst, p.spanLast = s.NCols, -1
	for f := range p.col {
		p.col[f] = -1
		if f < int(numFields) {
			p.col[f] = int32(s.Col[f])
		}
	}
	for _, f := range staticFields {
		if c := s.Col[f]; c >= 0 {
			p.static = true
			p.spanFirst, p.spanLast = min(p.spanFirst, c), max(p.spanLast, c)
		}
	}
	return p
}

// Parse parses one data row (without its line terminator) into fix and id.
// It returns which of them it filled, or a reason when the row is bad.
// Strings in id are shared with earlier identities of the same MMSI.
func (p *RowParser) Parse(line []byte, fix *track.Fix, id *track.Identity) (Row, Reason) {
	p.peeked = false
	got, reason, t, e := p.parse(line, fix)
	if got&RowIdentity != 0 {
		*id = p.ids.entries[e].ref.Identity
		id.From, id.To = t, t
	}
	return got, reason
}

// parse is Parse without copying the identity out: for a row with
// RowIdentity it returns the row's time and the cache entry that holds the
// identity (From, To and Src zero).
func (p *RowParser) parse(line []byte, fix *track.Fix) (got Row, reason Reason, t int64, e int32) {
	if blank(line) {
		return 0, ReasonEmptyRow, 0, -1
	}
	n, ok := p.split(line)
	if !ok {
		return 0, ReasonQuote, 0, -1
	}
	if n != p.s.NCols {
		return 0, ReasonColumns, 0, -1
	}
	mmsi, err := p.mmsi()
	if err != nil || mmsi == 0 || mmsi > 999999999 {
		return 0, ReasonMMSI, 0, -1
	}
	if t, err = p.days.parseTime(p.raw(FieldTime)); err != nil { // see raw
		t, err = p.days.parseTime(p.field(FieldTime))
	}
	if err != nil {
		return 0, ReasonTime, 0, -1
	}
	class, vessel := p.class()
	if !vessel {
		return 0, ReasonNotVessel, 0, -1
	}
	posType, idType := p.msgType()
	if !posType && !idType {
		return 0, ReasonUnsupported, 0, -1
	}
	e = -1
	if idType && p.static {
		if e = p.identity(uint32(mmsi)); e >= 0 {
			got |= RowIdentity
		}
	}
	reason = ReasonNoPosition
	if posType {
		reason = p.position(fix)
	}
	if reason == ReasonNone {
		fix.MMSI, fix.Time, fix.Class = uint32(mmsi), t, class
		p.motion(fix)
		got |= RowFix
	} else if got != 0 && reason == ReasonNoPosition {
		reason = ReasonNone // a static-only row, as DMA writes them
	}
	return got, reason, t, e
}

// split splits line into the parser's fields and returns their number,
// or false when a quoted field is malformed.
func (p *RowParser) split(line []byte) (int, bool) {
	p.line = line
	p.spans, p.plain = splitPlain(p.spans[:0], line)
	if p.plain {
		return len(p.spans), true
	}
	var ok bool
	resetScratch(&p.scratch, len(line))
	if p.fields, ok = splitQuoted(p.fields[:0], &p.scratch, line); !ok {
		return 0, false
	}
	p.spans, p.unescaped = p.spans[:0], p.unescaped[:0]
	for _, f := range p.fields {
		n := uint32(len(p.unescaped))
		p.unescaped = append(p.unescaped, f...)
		p.spans = append(p.spans, fieldSpan{n, n + uint32(len(f))})
	}
	p.line = p.unescaped
	return len(p.spans), true
}

// mmsi parses the row's MMSI field, or takes what peekDigits read when
// the field is exactly the digits it read (nine at most: no overflow),
// as it lies in the row.
func (p *RowParser) mmsi() (uint64, error) {
	k := p.peek
	if c := p.col[FieldMMSI]; p.peeked && p.plain && k.n-1 < 9 && c >= 0 {
		if sp := p.spans[c]; sp.start == k.off && sp.end-sp.start == k.n {
			return uint64(k.m), nil
		}
	}
	return parseUint(p.field(FieldMMSI))
}

// msgType tells, from an AIS message type column when the export has
// one, whether the row may carry a vessel position (1, 2, 3, 18, 19, 27)
// and vessel static data (5, 19, 24). Without the column, both.
func (p *RowParser) msgType() (pos, static bool) {
	if p.col[FieldMsgType] < 0 {
		return true, true
	}
	switch n, _ := parseUint(p.field(FieldMsgType)); n {
	case 1, 2, 3, 18, 27:
		return true, false
	case 19:
		return true, true
	case 5, 24:
		return false, true
	}
	return false, false
}

// field returns the trimmed value of f in the current row, or nil. Only a
// value that starts or ends with a control character or a space is
// trimmed.
func (p *RowParser) field(f Field) []byte {
	b := p.raw(f)
	if padded(b) {
		b = trimSpace(b)
	}
	return b
}

// padded reports whether b starts or ends with a control character or a
// space: whether field would trim it.
func padded(b []byte) bool { return len(b) > 0 && (b[0] <= ' ' || b[len(b)-1] <= ' ') }

// raw returns the value of f in the current row untrimmed, or nil. It
// inlines where field does not: the time and number parsers read a value
// from raw first and from field only when that fails, since no value they
// read starts or ends with a space or a tab (what field trims), and a
// value that does not is the same trimmed.
func (p *RowParser) raw(f Field) []byte {
	c := p.col[f]
	if c < 0 {
		return nil
	}
	sp := p.spans[c]
	return p.line[sp.start:sp.end]
}

// float returns parseFloat(p.field(f)): it parses the value from raw, and
// again trimmed only when that fails and the value is padded.
func (p *RowParser) float(f Field) (float64, error) {
	b := p.raw(f)
	v, err := parseFloat(b)
	if err != nil && padded(b) {
		return parseFloat(trimSpace(b))
	}
	return v, err
}

// position parses lat and lon, rejecting placeholders and out-of-range
// values: neither may ever reach a track.
func (p *RowParser) position(fix *track.Fix) Reason {
	lat, err1 := p.float(FieldLat)
	lon, err2 := p.float(FieldLon)
	switch {
	case err1 != nil && err2 != nil && len(p.field(FieldLat)) == 0 && len(p.field(FieldLon)) == 0:
		return ReasonNoPosition
	case err1 != nil || err2 != nil || math.IsNaN(lat) || math.IsNaN(lon):
		return ReasonLatLon
	case lat == 91 || lon == 181:
		return ReasonNoPosition
	case lat < -90 || lat > 90 || lon < -180 || lon > 180:
		return ReasonOutOfRange
	}
	fix.Lat, fix.Lon = lat, lon
	return ReasonNone
}

// motion fills speed, course, heading and status; values that are absent,
// malformed or mean "not available" become NaN, -1 and 15, except speed
// "not available" (102.3 kn, 1023 in 0.1 kn), which stays 102.3 so that
// track.CheckFix drops and counts it (see SOGNotAvailable).
func (p *RowParser) motion(fix *track.Fix) {
	fix.SOG = float32(p.scaled(FieldSOG, sogSentinelMax))
	fix.COG = float32(p.scaled(FieldCOG, 360))
	fix.Heading = -1
	b := p.raw(FieldHeading) // see raw
	h, err := parseIntLoose(b)
	if err != nil && padded(b) {
		h, err = parseIntLoose(trimSpace(b))
	}
	if err == nil && h >= 0 && h < 360 {
		fix.Heading = int16(h)
	}
	fix.Status = p.status()
	fix.Src = track.SourceRef{}
}

// scaled parses a speed or course in its column's unit and returns it in
// knots or degrees, or NaN when absent, malformed, negative or ≥ limit
// (> limit for SOG, whose limit is the top of a sentinel band).
func (p *RowParser) scaled(f Field, limit float64) float64 {
	v, err := p.float(f)
	if err != nil {
		return math.NaN()
	}
	switch p.s.Unit[f] {
	case UnitDeciKnots, UnitDeciDegrees:
		v /= 10
	case UnitMPS:
		v *= 3600.0 / 1852
	case UnitKMH:
		v /= 1.852
	}
	over := v >= limit
	if f == FieldSOG {
		over = v > limit // the whole top sentinel band passes, for CheckFix to count
	}
	if v < 0 || over {
		return math.NaN()
	}
	return v
}

// status returns the navigational status, 15 (not defined) when unknown.
func (p *RowParser) status() uint8 {
	b := p.field(FieldStatus)
	if p.s.DMA && len(b) > 0 && (b[0]|0x20 >= 'a' && b[0]|0x20 <= 'z') {
		// DMA's texts ("Under way using engine"): no number starts with a
		// letter (strconv's "inf" and "nan" fail the range check), and
		// parseIntLoose would allocate strconv's error for each.
		return dmaStatus(b)
	}
	if n, err := parseIntLoose(b); err == nil && n >= 0 && n <= 15 {
		return uint8(n)
	}
	if p.s.DMA && len(b) > 0 {
		return dmaStatus(b)
	}
	return 15
}

// class reads the transponder class and whether the row is a vessel at all
// (DMA lists base stations, AtoN and SAR aircraft too).
func (p *RowParser) class() (track.Class, bool) {
	b := p.field(FieldClass)
	switch {
	case len(b) == 0:
		return track.ClassUnknown, true
	case len(b) == 1 && (b[0] == 'A' || b[0] == 'a'): // MarineCadastre's TransceiverClass
		return track.ClassA, true
	case len(b) == 1 && (b[0] == 'B' || b[0] == 'b'):
		return track.ClassB, true
	case bytes.EqualFold(b, []byte("Class A")):
		return track.ClassA, true
	case bytes.EqualFold(b, []byte("Class B")):
		return track.ClassB, true
	case p.s.DMA:
		return track.ClassUnknown, false
	}
	return track.ClassUnknown, true
}

// blank reports whether line is empty or white space (as bytes.TrimSpace
// sees it), deciding from its first byte in the common case.
func blank(line []byte) bool {
	if len(line) > 0 && line[0]-'!' < 0x80-'!' { // inlined: the common case without a call
		return false
	}
	return blankSpace(line)
}

// blankSpace is blank for a line that starts with white space or beyond
// ASCII, or is empty. Not inlined, so that blank is.
//
//go:noinline
func blankSpace(line []byte) bool { return len(bytes.TrimSpace(line)) == 0 }

package track

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// IdentityField names one part of a vessel's reported identity.
type IdentityField uint8

// Identity fields, in the order changes of one report are recorded.
const (
	FieldIMO IdentityField = iota
	FieldName
	FieldCallsign
	FieldShipType
	FieldDimensions // ToBow, ToStern, ToPort, ToStarboard together
	FieldDraught
	FieldDestination
	numFields
)

var fieldNames = [numFields]string{"imo", "name", "callsign", "shiptype", "dimensions", "draught", "destination"}

// String returns the field's snake_case name.
func (f IdentityField) String() string {
	if f < numFields {
		return fieldNames[f]
	}
	return fmt.Sprintf("field(%d)", uint8(f))
}

// Voyage reports whether f is voyage data (draught, destination), whose
// changes are routine (DETECTORS.md §7: voyage_data_change, lower severity),
// rather than identity (IMO, name, call sign, type, dimensions).
func (f IdentityField) Voyage() bool { return f == FieldDraught || f == FieldDestination }

// IdentityChange is one field of a vessel's identity changing between two
// reports: evidence for identity_change and voyage_data_change events.
type IdentityChange struct {
	MMSI     uint32
	Time     int64 // Unix ms of the report with the new value
	PrevTime int64 // Unix ms of the last report with the old value
	Field    IdentityField
	Old, New string    // values as text (numbers in decimal, dimensions "bow/stern/port/starboard")
	Src      SourceRef // the report with the new value
	PrevSrc  SourceRef // the interval that held the old value (its first report)
}

// IdentityHistory turns the time-ordered identity reports of one MMSI
// (AIS types 5, 19, 24 or CSV static columns) into time-bounded identities.
//
// A report's empty or zero fields mean "not reported" and keep the current
// value, so type 24 part A (name) and part B (call sign, type, dimensions)
// merge whichever comes first. A reported value that differs from the
// current one closes the current identity at the previous report and opens
// a new one at this report, recording one IdentityChange per field that
// changed; a value reported for the first time just fills in. Text is
// compared after trimming AIS padding ('@' and spaces) and ignoring case.
//
// Each report's time is its From (set From = To for a single message; a
// CSV row valid over a span may set To > From). A report older than the
// last one is counted in Late and otherwise ignored: feed reports in time
// order (Reorder upstream).
//
// When one MMSI is shared by several vessels (its fixes fall into
// simultaneous segments far apart), their reports interleave and would read
// as changes back and forth: build one history per segment instead, feeding
// it the reports attached to that segment (SegmentAt, Segmenter.Active).
type IdentityHistory struct {
	MMSI    uint32
	Late    int // reports older than the last one, ignored
	has     bool
	cur     Identity
	closed  []Identity
	changes []IdentityChange
}

// NewIdentityHistory returns an empty history for mmsi.
func NewIdentityHistory(mmsi uint32) *IdentityHistory {
	return &IdentityHistory{MMSI: mmsi}
}

// Add merges one report. Reports of another MMSI are a programming error and
// are ignored (counted in Late).
func (h *IdentityHistory) Add(r *Identity) {
	if r.MMSI != h.MMSI || (h.has && r.From < h.cur.To) {
		h.Late++
		return
	}
	n := normIdentity(r)
	if !h.has {
		h.cur, h.has = n, true
		return
	}
	merged := mergeIdentity(h.cur, n)
	first := len(h.changes)
	for f := FieldIMO; f < numFields; f++ {
		if old, nw, changed := fieldChange(&h.cur, &n, f); changed {
			h.changes = append(h.changes, IdentityChange{MMSI: h.MMSI, Time: n.From,
				PrevTime: h.cur.To, Field: f, Old: old, New: nw, Src: n.Src, PrevSrc: h.cur.Src})
		}
	}
	if len(h.changes) > first {
		h.closed = append(h.closed, h.cur)
		merged.From, merged.Src = n.From, n.Src
	}
	merged.To = max(n.To, n.From)
	h.cur = merged
}

// Identities returns the identities so far, oldest first; the last one is
// still open (its To is the latest report). The slice is a copy.
func (h *IdentityHistory) Identities() []Identity {
	out := slices.Clone(h.closed)
	if h.has {
		out = append(out, h.cur)
	}
	return out
}

// Current returns the open identity, and false when no report came yet.
func (h *IdentityHistory) Current() (Identity, bool) { return h.cur, h.has }

// Changes returns the recorded changes, oldest first. The slice is shared:
// do not modify it.
func (h *IdentityHistory) Changes() []IdentityChange { return h.changes }

// At returns the identity valid at time t (Unix ms): the last one that
// started at or before t. ok is false before the first report.
func (h *IdentityHistory) At(t int64) (id Identity, ok bool) {
	if !h.has || t < h.firstFrom() {
		return Identity{}, false
	}
	if t >= h.cur.From {
		return h.cur, true
	}
	i, _ := slices.BinarySearchFunc(h.closed, t, func(x Identity, t int64) int {
		return cmp.Compare(x.From, t+1) // first with From > t
	})
	return h.closed[i-1], true
}

func (h *IdentityHistory) firstFrom() int64 {
	if len(h.closed) > 0 {
		return h.closed[0].From
	}
	return h.cur.From
}

// IdentityHistories builds the histories of reports of any MMSIs, in any
// order (stably sorted by MMSI and time), and returns all identities ordered
// by (MMSI, From) and all changes ordered by (MMSI, Time).
func IdentityHistories(reports []Identity) ([]Identity, []IdentityChange) {
	order := make([]int, len(reports))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(i, j int) int {
		a, b := &reports[i], &reports[j]
		if c := cmp.Compare(a.MMSI, b.MMSI); c != 0 {
			return c
		}
		return cmp.Compare(a.From, b.From)
	})
	var ids []Identity
	var changes []IdentityChange
	var h *IdentityHistory
	flush := func() {
		if h != nil {
			ids = append(ids, h.Identities()...)
			changes = append(changes, h.Changes()...)
		}
	}
	for _, i := range order {
		r := &reports[i]
		if h == nil || h.MMSI != r.MMSI {
			flush()
			h = NewIdentityHistory(r.MMSI)
		}
		h.Add(r)
	}
	flush()
	return ids, changes
}

// normIdentity returns r with text fields trimmed of AIS padding.
func normIdentity(r *Identity) Identity {
	n := *r
	n.Name = cleanText(n.Name)
	n.Callsign = cleanText(n.Callsign)
	n.Destination = cleanText(n.Destination)
	if n.To < n.From {
		n.To = n.From
	}
	return n
}

// cleanText trims AIS padding: '@' (6-bit zero) and spaces at both ends.
func cleanText(s string) string {
	return strings.Trim(s, "@ \t")
}

// FillIdentity returns the report r completed from cur, the identity in
// effect when r was made: each field r does not report (empty text, zero
// number, no dimensions) takes cur's value, as IdentityHistory reads
// reports, so that a type 24 part A (the name) and part B (call sign,
// type, dimensions), or a CSV row with empty static columns, say as much
// as the identity they belong to. Text that r reports and that differs
// from cur's only in case keeps cur's spelling. MMSI, From, To and Src
// are r's.
func FillIdentity(r, cur Identity) Identity {
	m := mergeIdentity(cur, r)
	m.MMSI, m.From, m.To, m.Src = r.MMSI, r.From, r.To, r.Src
	return m
}

// mergeIdentity returns cur with every field n reports replaced (text that
// differs only in case keeps its first spelling).
func mergeIdentity(cur, n Identity) Identity {
	m := cur
	if n.IMO != 0 {
		m.IMO = n.IMO
	}
	if n.Name != "" && !strings.EqualFold(n.Name, m.Name) {
		m.Name = n.Name
	}
	if n.Callsign != "" && !strings.EqualFold(n.Callsign, m.Callsign) {
		m.Callsign = n.Callsign
	}
	if n.ShipType != 0 {
		m.ShipType = n.ShipType
	}
	if hasDims(&n) {
		m.ToBow, m.ToStern, m.ToPort, m.ToStarboard = n.ToBow, n.ToStern, n.ToPort, n.ToStarboard
	}
	if n.Draught != 0 {
		m.Draught = n.Draught
	}
	if n.Destination != "" && !strings.EqualFold(n.Destination, m.Destination) {
		m.Destination = n.Destination
	}
	return m
}

func hasDims(r *Identity) bool {
	return r.ToBow != 0 || r.ToStern != 0 || r.ToPort != 0 || r.ToStarboard != 0
}

// fieldChange reports whether n reports a value for f that differs from a
// known value in cur, with both values as text.
func fieldChange(cur, n *Identity, f IdentityField) (old, nw string, changed bool) {
	switch f {
	case FieldIMO:
		return u(cur.IMO), u(n.IMO), cur.IMO != 0 && n.IMO != 0 && cur.IMO != n.IMO
	case FieldName:
		return cur.Name, n.Name, textChanged(cur.Name, n.Name)
	case FieldCallsign:
		return cur.Callsign, n.Callsign, textChanged(cur.Callsign, n.Callsign)
	case FieldShipType:
		return u(uint32(cur.ShipType)), u(uint32(n.ShipType)),
			cur.ShipType != 0 && n.ShipType != 0 && cur.ShipType != n.ShipType
	case FieldDimensions:
		return dims(cur), dims(n), hasDims(cur) && hasDims(n) && dims(cur) != dims(n)
	case FieldDraught:
		return draught(cur.Draught), draught(n.Draught),
			cur.Draught != 0 && n.Draught != 0 && cur.Draught != n.Draught
	case FieldDestination:
		return cur.Destination, n.Destination, textChanged(cur.Destination, n.Destination)
	}
	return "", "", false
}

func textChanged(old, nw string) bool {
	return old != "" && nw != "" && !strings.EqualFold(old, nw)
}

func u(v uint32) string { return strconv.FormatUint(uint64(v), 10) }

func dims(r *Identity) string {
	return fmt.Sprintf("%d/%d/%d/%d", r.ToBow, r.ToStern, r.ToPort, r.ToStarboard)
}

func draught(d float32) string { return strconv.FormatFloat(float64(d), 'f', -1, 32) }

// ValidIMO reports whether imo is a well-formed IMO ship number: seven
// digits whose last is the check digit (sum of the first six digits times
// 7, 6, 5, 4, 3, 2, modulo 10). AIS often carries 0 or junk here.
func ValidIMO(imo uint32) bool {
	if imo < 1000000 || imo > 9999999 {
		return false
	}
	sum := 0
	x := imo / 10
	for w := 2; w <= 7; w++ {
		sum += int(x%10) * w
		x /= 10
	}
	return uint32(sum%10) == imo%10
}

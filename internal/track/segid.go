package track

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// SegmentID names a segment stably: the same input always yields the same
// ids. Start is the time of the segment's first fix (which is never dropped
// afterwards); Seq tells apart segments of one MMSI that start in the same
// millisecond (0 for the first, the usual case).
type SegmentID struct {
	MMSI  uint32
	Seq   uint32
	Start int64 // Unix ms of the first fix
}

// IsZero reports whether id is the zero SegmentID (no segment).
func (id SegmentID) IsZero() bool { return id == SegmentID{} }

// String formats id as "<mmsi>-<start ms>", or "<mmsi>-<start ms>-<seq>"
// when Seq > 0. ParseSegmentID reverses it.
func (id SegmentID) String() string {
	return string(id.Append(nil))
}

// Append appends the String form of id to dst.
func (id SegmentID) Append(dst []byte) []byte {
	dst = strconv.AppendUint(dst, uint64(id.MMSI), 10)
	dst = append(dst, '-')
	dst = strconv.AppendInt(dst, id.Start, 10)
	if id.Seq > 0 {
		dst = append(dst, '-')
		dst = strconv.AppendUint(dst, uint64(id.Seq), 10)
	}
	return dst
}

// Compare orders ids by MMSI, then Start, then Seq.
func (id SegmentID) Compare(o SegmentID) int {
	switch {
	case id.MMSI != o.MMSI:
		return cmp3(id.MMSI < o.MMSI)
	case id.Start != o.Start:
		return cmp3(id.Start < o.Start)
	case id.Seq != o.Seq:
		return cmp3(id.Seq < o.Seq)
	}
	return 0
}

func cmp3(less bool) int {
	if less {
		return -1
	}
	return 1
}

// ErrSegmentID is wrapped by ParseSegmentID errors.
var ErrSegmentID = errors.New("malformed segment id")

// ParseSegmentID parses the String form of a SegmentID. The start time may be
// negative (before 1970), so the separator is the first '-' after the MMSI.
func ParseSegmentID(s string) (SegmentID, error) {
	var id SegmentID
	m, rest, ok := strings.Cut(s, "-")
	if !ok {
		return id, fmt.Errorf("%w: %q", ErrSegmentID, s)
	}
	mmsi, err := strconv.ParseUint(m, 10, 32)
	if err != nil {
		return id, fmt.Errorf("%w: %q: mmsi: %v", ErrSegmentID, s, err)
	}
	start, seq := rest, "0"
	if i := strings.LastIndexByte(rest, '-'); i > 0 {
		start, seq = rest[:i], rest[i+1:]
	}
	st, err := strconv.ParseInt(start, 10, 64)
	if err != nil {
		return id, fmt.Errorf("%w: %q: start: %v", ErrSegmentID, s, err)
	}
	sq, err := strconv.ParseUint(seq, 10, 32)
	if err != nil {
		return id, fmt.Errorf("%w: %q: seq: %v", ErrSegmentID, s, err)
	}
	return SegmentID{MMSI: uint32(mmsi), Start: st, Seq: uint32(sq)}, nil
}

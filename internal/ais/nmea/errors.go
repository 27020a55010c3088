package nmea

import (
	"errors"
	"fmt"
)

// Sentinel errors of the parser, one per framing Reason. Payload errors are
// the ais package's own sentinels (ais.ErrTooShort, ...).
var (
	ErrBadChecksum     = errors.New("nmea: bad checksum")
	ErrBadFraming      = errors.New("nmea: bad framing")
	ErrBadTagBlock     = errors.New("nmea: bad tag block")
	ErrUnknownSentence = errors.New("nmea: unknown talker or sentence")
	ErrOrphanFragment  = errors.New("nmea: orphan fragment")
	ErrOutOfOrder      = errors.New("nmea: out-of-order fragment")
)

var reasonErrs = [NumReasons]error{
	BadChecksum:     ErrBadChecksum,
	BadFraming:      ErrBadFraming,
	BadTagBlock:     ErrBadTagBlock,
	UnknownSentence: ErrUnknownSentence,
	OrphanFragment:  ErrOrphanFragment,
	OutOfOrder:      ErrOutOfOrder,
}

// ParseError is a bad piece of input at a position. Decoder returns it only
// in Strict mode; otherwise the same information goes to Stats.
type ParseError struct {
	Source string
	Line   uint32
	Reason Reason
	Err    error // a sentinel of this package or of package ais
}

// Error formats the error as "decode FILE:LINE: reason: cause".
func (e *ParseError) Error() string {
	return fmt.Sprintf("decode %s:%d: %s: %v", e.Source, e.Line, e.Reason, e.Err)
}

// Unwrap returns the sentinel, for errors.Is.
func (e *ParseError) Unwrap() error { return e.Err }

package ais

import (
	"errors"
	"fmt"
)

// Sentinel errors returned by Message.Decode. Compare with errors.Is: callers
// (the NMEA stream decoder) wrap them with the source position.
var (
	// ErrEmpty means the payload has no characters.
	ErrEmpty = errors.New("ais: empty payload")
	// ErrInvalidChar means a payload byte is outside the 6-bit armour
	// ('0'..'W' and '`'..'w').
	ErrInvalidChar = errors.New("ais: invalid payload character")
	// ErrTooShort means the payload is shorter than the minimum size of its
	// message type. The fields that are present are still decoded (missing
	// bits read as zero). Decode returns it wrapped in a *ShortError.
	ErrTooShort = errors.New("ais: payload too short for its message type")
	// ErrUnsupportedType means the message type is 0 or above 27.
	ErrUnsupportedType = errors.New("ais: unsupported message type")
)

// ShortError is the error Decode returns for a payload shorter than the
// minimum size of its message type: it says how short. It wraps ErrTooShort,
// so errors.Is(err, ErrTooShort) holds; use errors.As for the sizes. The
// value lives in the Message and is overwritten by its next Decode (no
// allocation): copy it to keep it.
type ShortError struct {
	Type uint8 // message type
	Bits int   // payload bits present
	Min  int   // minimum bits for the type
}

// Error describes the shortfall.
func (e *ShortError) Error() string {
	return fmt.Sprintf("ais: type %d payload has %d bits, want at least %d: %v", e.Type, e.Bits, e.Min, ErrTooShort)
}

// Unwrap returns ErrTooShort.
func (e *ShortError) Unwrap() error { return ErrTooShort }

package ais

import "errors"

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
	// bits read as zero) and Message.Bits says how many bits there were.
	ErrTooShort = errors.New("ais: payload too short for its message type")
	// ErrUnsupportedType means the message type is 0 or above 27.
	ErrUnsupportedType = errors.New("ais: unsupported message type")
)

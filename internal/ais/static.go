package ais

// Static is the voyage and identity part of types 5, 19, 21 and 24 (and the
// EPFD of 4 and 11). Texts are fixed arrays read with the accessor methods,
// so that decoding does not allocate.
type Static struct {
	AISVersion  uint8  // 5: AIS version indicator
	IMO         uint32 // 5: IMO number, 0 = not available
	ShipType    uint8  // 5, 19, 24B: ship and cargo type, 0 = not available
	ToBow       uint16 // 5, 19, 21, 24B: metres from reference point to bow
	ToStern     uint16 // metres to stern
	ToPort      uint8  // metres to port
	ToStarboard uint8  // metres to starboard
	EPFD        uint8  // position fixing device type (4, 5, 11, 19, 21)
	ETAMonth    uint8  // 5: ETA month 1..12, 0 = not available
	ETADay      uint8  // 5: ETA day 1..31, 0 = not available
	ETAHour     uint8  // 5: ETA hour 0..23, 24 = not available
	ETAMinute   uint8  // 5: ETA minute 0..59, 60 = not available
	Draught     uint8  // 5: maximum present static draught, 1/10 metre
	DTE         bool   // 5, 19: data terminal not ready
	PartNo      uint8  // 24: 0 = part A (name), 1 = part B (the rest)
	Model       uint8  // 24B: unit model code
	Serial      uint32 // 24B: unit serial number
	// MothershipMMSI is set by 24B from an auxiliary craft (MMSI 98xxxxxxx),
	// which sends it instead of the dimensions.
	MothershipMMSI uint32

	callsign    [7]byte
	shipname    [20]byte
	destination [20]byte
	vendorID    [3]byte
	callsignN   uint8
	shipnameN   uint8
	destN       uint8
	vendorN     uint8
}

// Callsign returns the call sign (5, 24B), padding trimmed.
func (s *Static) Callsign() string { return string(s.callsign[:s.callsignN]) }

// ShipName returns the vessel name (5, 19, 24A), padding trimmed.
func (s *Static) ShipName() string { return string(s.shipname[:s.shipnameN]) }

// Destination returns the destination (5), padding trimmed.
func (s *Static) Destination() string { return string(s.destination[:s.destN]) }

// VendorID returns the manufacturer's id (24B), padding trimmed.
func (s *Static) VendorID() string { return string(s.vendorID[:s.vendorN]) }

// AppendShipName appends the vessel name to dst without allocating.
func (s *Static) AppendShipName(dst []byte) []byte { return append(dst, s.shipname[:s.shipnameN]...) }

// DraughtM returns the draught in metres, and false when not available.
func (s *Static) DraughtM() (float64, bool) { return float64(s.Draught) / 10, s.Draught != 0 }

// UTCTime is the UTC date and time reported by a base station (4) or a
// mobile station answering a UTC request (11). Zero fields and hour 24,
// minute 60, second 60 mean not available.
type UTCTime struct {
	Year   uint16 // 1..9999, 0 = not available
	Month  uint8  // 1..12, 0 = not available
	Day    uint8  // 1..31, 0 = not available
	Hour   uint8  // 0..23, 24 = not available
	Minute uint8  // 0..59, 60 = not available
	Second uint8  // 0..59, 60 = not available
}

// Addressing holds the destination of addressed messages (6, 10, 12, 25,
// 26).
type Addressing struct {
	SeqNo      uint8  // 6, 12: sequence number 0..3
	DestMMSI   uint32 // destination MMSI
	Retransmit bool   // 6, 12: retransmitted
}

// maxBinary is the largest binary payload kept: the whole bit buffer.
const maxBinary = maxPayloadBytes

// Binary is the application data of 6, 8, 17, 25 and 26 (and 17's DGNSS
// corrections), kept raw: Data returns it left-aligned, DataBits long.
type Binary struct {
	DAC        uint16 // designated area code (6, 8, 25/26 when structured)
	FID        uint8  // function identifier
	Addressed  bool   // 25, 26: addressed (Addr.DestMMSI set)
	Structured bool   // 25, 26: DAC and FID present
	Radio      uint32 // 26: radio status
	DataBits   int    // length of the application data in bits
	data       [maxBinary]byte
}

// Data returns the application data bytes, left-aligned, DataBits long
// (the last byte padded with zero bits). The slice aliases m and is
// overwritten by the next Decode.
func (b *Binary) Data() []byte { return b.data[:(b.DataBits+7)/8] }

// Text is the safety-related text of 12 and 14.
type Text struct {
	text [168]byte
	n    int
}

// String returns the text, padding trimmed.
func (t *Text) String() string { return string(t.text[:t.n]) }

// Bytes returns the text; the slice aliases the message and is overwritten
// by the next Decode.
func (t *Text) Bytes() []byte { return t.text[:t.n] }

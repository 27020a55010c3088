package ais

// Message is one decoded AIS message of any type. It is meant to be reused:
// Decode overwrites the header and the sub-structs the message type uses,
// without allocating. Which sub-structs are meaningful depends on Type (see
// each field's comment); the others hold stale or zero values.
//
// Values are stored as transmitted (integers in the units of ITU-R M.1371),
// normalised across message types where the same quantity is sent with a
// different resolution (see Position). Methods such as Position.LatDeg
// convert to natural units; AppendJSON writes natural units.
type Message struct {
	Type   uint8  // message type, 1..27
	Repeat uint8  // repeat indicator, 0..3
	MMSI   uint32 // source MMSI
	// Bits is the payload length in bits, after removing the fill bits.
	Bits int

	Pos      Position      // 1, 2, 3, 4, 9, 11, 17, 18, 19, 21, 27
	Static   Static        // 5, 19, 21 (dimensions, EPFD), 24, 4/11 (EPFD)
	UTC      UTCTime       // 4, 11
	Addr     Addressing    // 6, 10, 12, 25, 26
	Binary   Binary        // 6, 8, 17, 25, 26
	Text     Text          // 12, 14
	Acks     Acks          // 7, 13
	Interr   Interrogation // 15
	Assign   Assignment    // 16
	DataLink DataLink      // 20
	AtoN     AtoN          // 21
	Channel  ChannelMgmt   // 22
	Group    GroupAssign   // 23
	Meteo    Meteo         // 8 with DAC 1, FI 31
	Inland   InlandStatic  // 8 with DAC 200, FI 10
	Persons  Persons       // 6 with DAC 200, FI 55
	Monitor  AtoNMonitor   // 6 with DAC 235 or 250, FI 10

	bits  bitBuf
	short ShortError // returned by Decode for a short payload
}

// Reset clears m to its zero value. Decode does not need it (it overwrites
// what it uses); it is for callers that want no stale values at all.
func (m *Message) Reset() { *m = Message{} }

// Position is the kinematic part of a message. Units are normalised to the
// finest resolution across types, so one set of sentinels applies:
//   - Lon, Lat: 1/10000 minute (type 27's and 17's 1/10 minute are scaled
//     by 1000); LonNA (181°) and LatNA (91°) mean not available.
//   - Speed: 1/10 knot (type 9's and 27's whole knots are scaled by 10);
//     SpeedNA (1023) means not available, 1022 means 102.2 knots or more.
//   - Course: 1/10 degree (type 27's degrees scaled by 10); CourseNA (3600).
type Position struct {
	Status   uint8  // navigation status (1, 2, 3, 27); 15 = not defined
	Turn     int8   // rate of turn ROT_AIS (1, 2, 3); TurnNA = -128
	Speed    uint16 // speed over ground, 1/10 knot
	Accuracy bool   // position accuracy: true = high (< 10 m)
	Lon      int32  // longitude, 1/10000 minute, east positive
	Lat      int32  // latitude, 1/10000 minute, north positive
	Course   uint16 // course over ground, 1/10 degree
	Heading  uint16 // true heading, degrees; HeadingNA = 511
	Second   uint8  // UTC second of the fix; 60 = not available, 61..63 special
	Maneuver uint8  // manoeuvre indicator (1, 2, 3)
	RAIM     bool   // RAIM in use
	Radio    uint32 // radio status (SOTDMA/ITDMA communication state)
	Reserved uint8  // regional reserved bits (18, 19)
	Regional uint8  // regional bits (9: 8 bits, 18: 2 bits, 19: 4 bits, 21: 8 bits)
	CS       bool   // 18: class B unit is carrier sense (CS) rather than SOTDMA
	Display  bool   // 18: unit has a display
	DSC      bool   // 18: unit has DSC
	Band     bool   // 18: unit can use the whole marine band
	Msg22    bool   // 18: unit accepts channel management by message 22
	Assigned bool   // assigned mode (9, 18, 19, 21)
	Alt      uint16 // 9: altitude in metres; AltNA = 4095, 4094 = 4094 m or more
	DTE      bool   // 9: data terminal not ready (true = not available)
	GNSS     bool   // 27: position latency; false = current GNSS position (< 5 s)
}

// Not-available sentinels, in the units of Position.
const (
	LonNA     = 181 * 600000
	LatNA     = 91 * 600000
	SpeedNA   = 1023
	CourseNA  = 3600
	HeadingNA = 511
	TurnNA    = -128
	SecondNA  = 60
	AltNA     = 4095
)

// HasPosition reports whether the message type carries a position.
func (m *Message) HasPosition() bool {
	switch m.Type {
	case 1, 2, 3, 4, 9, 11, 17, 18, 19, 21, 27:
		return true
	}
	return false
}

// LonDeg returns the longitude in degrees, and false when not available or
// out of range.
func (p *Position) LonDeg() (float64, bool) {
	if p.Lon > 180*600000 || p.Lon < -180*600000 {
		return 0, false
	}
	return float64(p.Lon) / 600000, true
}

// LatDeg returns the latitude in degrees, and false when not available or
// out of range.
func (p *Position) LatDeg() (float64, bool) {
	if p.Lat > 90*600000 || p.Lat < -90*600000 {
		return 0, false
	}
	return float64(p.Lat) / 600000, true
}

// SpeedKnots returns the speed over ground in knots, and false when not
// available.
func (p *Position) SpeedKnots() (float64, bool) {
	if p.Speed >= SpeedNA {
		return 0, false
	}
	return float64(p.Speed) / 10, true
}

// CourseDeg returns the course over ground in degrees, and false when not
// available or invalid (>= 360).
func (p *Position) CourseDeg() (float64, bool) {
	if p.Course >= CourseNA {
		return 0, false
	}
	return float64(p.Course) / 10, true
}

// HeadingDeg returns the true heading in degrees, and false when not
// available or invalid (>= 360).
func (p *Position) HeadingDeg() (int, bool) {
	if p.Heading >= 360 {
		return 0, false
	}
	return int(p.Heading), true
}

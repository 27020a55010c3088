package ais

// Acks holds the acknowledged MMSIs of a binary (7) or safety (13)
// acknowledgement.
type Acks struct {
	N     int       // number of acknowledgements present, 1..4
	MMSI  [4]uint32 // acknowledged MMSIs
	SeqNo [4]uint8  // their sequence numbers
}

// Interrogation is message 15: up to three requests to two stations.
type Interrogation struct {
	MMSI1     uint32 // first interrogated station
	Type1_1   uint8  // first requested message type
	Offset1_1 uint16 // its slot offset
	Type1_2   uint8  // second request to the first station (0 when absent)
	Offset1_2 uint16 // its slot offset
	MMSI2     uint32 // second interrogated station (0 when absent)
	Type2_1   uint8  // request to the second station
	Offset2_1 uint16 // its slot offset
}

// Assignment is message 16: assigned mode commands for one or two stations.
type Assignment struct {
	MMSI1      uint32 // first station
	Offset1    uint16 // its slot offset
	Increment1 uint16 // its slot increment
	MMSI2      uint32 // second station, 0 when only one is assigned
	Offset2    uint16 // its slot offset
	Increment2 uint16 // its slot increment
}

// SlotReservation is one reservation of a data link management message.
type SlotReservation struct {
	Offset    uint16 // reserved offset number
	Number    uint8  // number of slots
	Timeout   uint8  // minutes
	Increment uint16 // slot increment
}

// DataLink is message 20: one to four slot reservations.
type DataLink struct {
	N     int // number of reservations present
	Slots [4]SlotReservation
}

// AtoN is the aid-to-navigation part of message 21; the position is in
// Message.Pos and the dimensions and EPFD in Message.Static.
type AtoN struct {
	AidType     uint8 // type of aid to navigation, 0 = not specified
	OffPosition bool  // off its assigned position
	VirtualAid  bool  // virtual aid (no physical station)
	name        [34]byte
	nameN       uint8
}

// Name returns the name of the aid, its extension appended.
func (a *AtoN) Name() string { return string(a.name[:a.nameN]) }

// ChannelMgmt is message 22. Addressed messages carry Dest1/Dest2, broadcast
// ones a rectangle in 1/10 minute units.
type ChannelMgmt struct {
	ChannelA  uint16 // channel number for A
	ChannelB  uint16 // channel number for B
	TxRx      uint8  // transmit/receive mode
	Power     bool   // true = low power
	NELon     int32  // broadcast: north-east corner, 1/10 minute
	NELat     int32  // broadcast: north-east corner, 1/10 minute
	SWLon     int32  // broadcast: south-west corner, 1/10 minute
	SWLat     int32  // broadcast: south-west corner, 1/10 minute
	Dest1     uint32 // addressed: first station
	Dest2     uint32 // addressed: second station
	Addressed bool   // addressed (Dest1/Dest2) rather than broadcast (area)
	BandA     bool   // channel A bandwidth reduced
	BandB     bool   // channel B bandwidth reduced
	ZoneSize  uint8  // transitional zone size, nautical miles
}

// GroupAssign is message 23: group assignment command in a rectangle given
// in 1/10 minute units.
type GroupAssign struct {
	NELon       int32 // north-east corner, 1/10 minute
	NELat       int32 // north-east corner, 1/10 minute
	SWLon       int32 // south-west corner, 1/10 minute
	SWLat       int32 // south-west corner, 1/10 minute
	StationType uint8 // station types addressed
	ShipType    uint8 // ship and cargo type addressed
	TxRx        uint8 // transmit/receive mode
	Interval    uint8 // reporting interval code
	Quiet       uint8 // quiet time in minutes, 0 = none
}

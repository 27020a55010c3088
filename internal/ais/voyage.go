package ais

// decodeStaticVoyage decodes type 5 (static and voyage related data).
func (m *Message) decodeStaticVoyage(r *bitBuf) {
	s := &m.Static
	s.AISVersion = r.u8(38, 2)
	s.IMO = r.u32(40, 30)
	s.callsignN = uint8(r.readText(s.callsign[:], 70, 7))
	s.shipnameN = uint8(r.readText(s.shipname[:], 112, 20))
	s.ShipType = r.u8(232, 8)
	m.readDims(r, 240)
	s.EPFD = r.u8(270, 4)
	s.ETAMonth = r.u8(274, 4)
	s.ETADay = r.u8(278, 5)
	s.ETAHour = r.u8(283, 5)
	s.ETAMinute = r.u8(288, 6)
	s.Draught = r.u8(294, 8)
	s.destN = uint8(r.readText(s.destination[:], 302, 20))
	s.DTE = r.flag(422)
}

// isAuxiliary reports whether mmsi belongs to an auxiliary craft of a
// mother ship (98MIDxxxx), which sends 24B with the mothership's MMSI in
// place of the dimensions.
func isAuxiliary(mmsi uint32) bool { return mmsi/10000000 == 98 }

// decodeStaticB decodes type 24 (static data report), part A or B. Only the
// fields of the part present are overwritten, so a caller may merge parts.
func (m *Message) decodeStaticB(r *bitBuf) {
	s := &m.Static
	s.PartNo = r.u8(38, 2)
	if s.PartNo == 0 {
		s.shipnameN = uint8(r.readText(s.shipname[:], 40, 20))
		return
	}
	s.ShipType = r.u8(40, 8)
	s.vendorN = uint8(r.readText(s.vendorID[:], 48, 3))
	s.Model = r.u8(66, 4)
	s.Serial = r.u32(70, 20)
	s.callsignN = uint8(r.readText(s.callsign[:], 90, 7))
	s.MothershipMMSI = 0
	if isAuxiliary(m.MMSI) {
		s.MothershipMMSI = r.u32(132, 30)
		s.ToBow, s.ToStern, s.ToPort, s.ToStarboard = 0, 0, 0, 0
		return
	}
	m.readDims(r, 132)
}

// decodeAtoN decodes type 21 (aid-to-navigation report).
func (m *Message) decodeAtoN(r *bitBuf) {
	a := &m.AtoN
	a.AidType = r.u8(38, 5)
	n := r.readRaw(a.name[:20], 43, 20)
	if n == 20 && r.n > 272 {
		n += r.readRaw(a.name[20:], 272, 14) // name extension
	}
	a.nameN = uint8(trimSpaces(a.name[:n]))
	m.Pos = Position{
		Accuracy: r.flag(163),
		Lon:      r.i32(164, 28),
		Lat:      r.i32(192, 27),
		Second:   r.u8(253, 6),
		Regional: r.u8(260, 8),
		RAIM:     r.flag(268),
		Assigned: r.flag(270),
		Status:   15,
		Turn:     TurnNA,
		Speed:    SpeedNA,
		Course:   CourseNA,
		Heading:  HeadingNA,
	}
	m.readDims(r, 219)
	m.Static.EPFD = r.u8(249, 4)
	a.OffPosition = r.flag(259)
	a.VirtualAid = r.flag(269)
}

// decodeBase decodes types 4 (base station report) and 11 (UTC response).
func (m *Message) decodeBase(r *bitBuf) {
	m.UTC = UTCTime{
		Year:   r.u16(38, 14),
		Month:  r.u8(52, 4),
		Day:    r.u8(56, 5),
		Hour:   r.u8(61, 5),
		Minute: r.u8(66, 6),
		Second: r.u8(72, 6),
	}
	m.Pos = Position{
		Accuracy: r.flag(78),
		Lon:      r.i32(79, 28),
		Lat:      r.i32(107, 27),
		RAIM:     r.flag(148),
		Radio:    r.u32(149, 19),
		Status:   15,
		Turn:     TurnNA,
		Speed:    SpeedNA,
		Course:   CourseNA,
		Heading:  HeadingNA,
		Second:   SecondNA,
	}
	m.Static.EPFD = r.u8(134, 4)
}

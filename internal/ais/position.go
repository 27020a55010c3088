package ais

// decodeClassA decodes types 1, 2 and 3 (class A position report).
func (m *Message) decodeClassA(r *bitBuf) {
	m.Pos = Position{
		Status:   r.u8(38, 4),
		Turn:     int8(r.s(42, 8)),
		Speed:    r.u16(50, 10),
		Accuracy: r.flag(60),
		Lon:      r.i32(61, 28),
		Lat:      r.i32(89, 27),
		Course:   r.u16(116, 12),
		Heading:  r.u16(128, 9),
		Second:   r.u8(137, 6),
		Maneuver: r.u8(143, 2),
		RAIM:     r.flag(148),
		Radio:    r.u32(149, 19),
	}
}

// decodeClassB decodes type 18 (standard class B position report).
func (m *Message) decodeClassB(r *bitBuf) {
	m.Pos = Position{
		Reserved: r.u8(38, 8),
		Speed:    r.u16(46, 10),
		Accuracy: r.flag(56),
		Lon:      r.i32(57, 28),
		Lat:      r.i32(85, 27),
		Course:   r.u16(112, 12),
		Heading:  r.u16(124, 9),
		Second:   r.u8(133, 6),
		Regional: r.u8(139, 2),
		CS:       r.flag(141),
		Display:  r.flag(142),
		DSC:      r.flag(143),
		Band:     r.flag(144),
		Msg22:    r.flag(145),
		Assigned: r.flag(146),
		RAIM:     r.flag(147),
		Radio:    r.u32(148, 20),
		Status:   15,
		Turn:     TurnNA,
	}
}

// decodeClassBExt decodes type 19 (extended class B position report).
func (m *Message) decodeClassBExt(r *bitBuf) {
	m.Pos = Position{
		Reserved: r.u8(38, 8),
		Speed:    r.u16(46, 10),
		Accuracy: r.flag(56),
		Lon:      r.i32(57, 28),
		Lat:      r.i32(85, 27),
		Course:   r.u16(112, 12),
		Heading:  r.u16(124, 9),
		Second:   r.u8(133, 6),
		Regional: r.u8(139, 4),
		RAIM:     r.flag(305),
		Assigned: r.flag(307),
		Status:   15,
		Turn:     TurnNA,
	}
	s := &m.Static
	s.shipnameN = uint8(r.readText(s.shipname[:], 143, 20))
	s.ShipType = r.u8(263, 8)
	m.readDims(r, 271)
	s.EPFD = r.u8(301, 4)
	s.DTE = r.flag(306)
}

// readDims reads the 30-bit ship dimensions block at off into m.Static.
func (m *Message) readDims(r *bitBuf, off int) {
	s := &m.Static
	s.ToBow = r.u16(off, 9)
	s.ToStern = r.u16(off+9, 9)
	s.ToPort = r.u8(off+18, 6)
	s.ToStarboard = r.u8(off+24, 6)
}

// decodeSAR decodes type 9 (SAR aircraft position report). Speed is sent
// in whole knots and is scaled to 1/10 knot.
func (m *Message) decodeSAR(r *bitBuf) {
	speed := r.u16(50, 10)
	if speed != SpeedNA {
		speed *= 10
	}
	m.Pos = Position{
		Alt:      r.u16(38, 12),
		Speed:    speed,
		Accuracy: r.flag(60),
		Lon:      r.i32(61, 28),
		Lat:      r.i32(89, 27),
		Course:   r.u16(116, 12),
		Second:   r.u8(128, 6),
		Regional: r.u8(134, 8),
		DTE:      r.flag(142),
		Assigned: r.flag(146),
		RAIM:     r.flag(147),
		Radio:    r.u32(148, 20),
		Status:   15,
		Turn:     TurnNA,
		Heading:  HeadingNA,
	}
}

// decodeLongRange decodes type 27 (long-range broadcast). Its coarse units
// are scaled to those of Position; not-available values map to the
// Position sentinels.
func (m *Message) decodeLongRange(r *bitBuf) {
	speed := r.u16(79, 6)
	if speed == 63 {
		speed = SpeedNA
	} else {
		speed *= 10
	}
	course := r.u16(85, 9)
	if course == 511 {
		course = CourseNA
	} else {
		course *= 10
	}
	m.Pos = Position{
		Accuracy: r.flag(38),
		RAIM:     r.flag(39),
		Status:   r.u8(40, 4),
		Lon:      r.i32(44, 18) * 1000,
		Lat:      r.i32(62, 17) * 1000,
		Speed:    speed,
		Course:   course,
		GNSS:     r.flag(94),
		Turn:     TurnNA,
		Heading:  HeadingNA,
		Second:   SecondNA,
	}
}

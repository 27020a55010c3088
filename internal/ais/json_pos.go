package ais

// jsonLonLat writes lon and lat in degrees, each omitted when not
// available.
func (m *Message) jsonLonLat(dst []byte) []byte {
	if _, ok := m.Pos.LonDeg(); ok {
		dst = appendDegrees(dst, "lon", int64(m.Pos.Lon), 600000)
	}
	if _, ok := m.Pos.LatDeg(); ok {
		dst = appendDegrees(dst, "lat", int64(m.Pos.Lat), 600000)
	}
	return dst
}

// jsonMotion writes speed (knots), accuracy, lon, lat and course (degrees).
func (m *Message) jsonMotion(dst []byte) []byte {
	p := &m.Pos
	if p.Speed < SpeedNA {
		dst = appendDecimal(dst, "speed", int64(p.Speed), 1)
	}
	dst = appendBool(dst, "accuracy", p.Accuracy)
	dst = m.jsonLonLat(dst)
	if p.Course < CourseNA {
		dst = appendDecimal(dst, "course", int64(p.Course), 1)
	}
	return dst
}

// jsonHeadingSecond writes heading (omitted at 511) and second (omitted at
// 60, the not-available value; 61..63 are kept).
func (m *Message) jsonHeadingSecond(dst []byte) []byte {
	if m.Pos.Heading != HeadingNA {
		dst = appendUint(dst, "heading", uint64(m.Pos.Heading))
	}
	if m.Pos.Second != SecondNA {
		dst = appendUint(dst, "second", uint64(m.Pos.Second))
	}
	return dst
}

// jsonTurn writes turn as gpsd's scaled output does: "fastleft" and
// "fastright" for ±127 (turning faster than 5°/30 s, no TI), otherwise
// degrees per minute; omitted when not available (-128). Unlike gpsd, the
// sign (negative = port) is kept.
func (m *Message) jsonTurn(dst []byte) []byte {
	switch t := m.Pos.Turn; t {
	case TurnNA:
		return dst
	case -127:
		return append(appendKey(dst, "turn"), `"fastleft"`...)
	case 127:
		return append(appendKey(dst, "turn"), `"fastright"`...)
	default:
		return appendInt(dst, "turn", int64(turnDegPerMin(t)))
	}
}

// jsonClassA writes types 1, 2 and 3.
func (m *Message) jsonClassA(dst []byte) []byte {
	p := &m.Pos
	dst = appendUint(dst, "status", uint64(p.Status))
	dst = m.jsonTurn(dst)
	dst = m.jsonMotion(dst)
	dst = m.jsonHeadingSecond(dst)
	dst = appendUint(dst, "maneuver", uint64(p.Maneuver))
	dst = appendBool(dst, "raim", p.RAIM)
	return appendUint(dst, "radio", uint64(p.Radio))
}

// jsonClassB writes types 18 and 19.
func (m *Message) jsonClassB(dst []byte) []byte {
	p := &m.Pos
	dst = appendUint(dst, "reserved", uint64(p.Reserved))
	dst = m.jsonMotion(dst)
	dst = m.jsonHeadingSecond(dst)
	dst = appendUint(dst, "regional", uint64(p.Regional))
	if m.Type == 18 {
		dst = appendBool(dst, "cs", p.CS)
		dst = appendBool(dst, "display", p.Display)
		dst = appendBool(dst, "dsc", p.DSC)
		dst = appendBool(dst, "band", p.Band)
		dst = appendBool(dst, "msg22", p.Msg22)
		dst = appendBool(dst, "raim", p.RAIM)
		dst = appendUint(dst, "radio", uint64(p.Radio))
		return appendBool(dst, "assigned", p.Assigned)
	}
	s := &m.Static
	dst = appendStr(dst, "shipname", s.shipname[:s.shipnameN])
	dst = appendUint(dst, "shiptype", uint64(s.ShipType))
	dst = m.jsonDims(dst)
	dst = appendUint(dst, "epfd", uint64(s.EPFD))
	dst = appendBool(dst, "raim", p.RAIM)
	dst = appendBool(dst, "dte", s.DTE)
	return appendBool(dst, "assigned", p.Assigned)
}

// jsonSAR writes type 9; its speed is in whole knots.
func (m *Message) jsonSAR(dst []byte) []byte {
	p := &m.Pos
	if p.Alt != AltNA {
		dst = appendUint(dst, "alt", uint64(p.Alt))
	}
	dst = m.jsonMotion(dst)
	if p.Second != SecondNA {
		dst = appendUint(dst, "second", uint64(p.Second))
	}
	dst = appendUint(dst, "regional", uint64(p.Regional))
	dst = appendBool(dst, "dte", p.DTE)
	dst = appendBool(dst, "raim", p.RAIM)
	dst = appendUint(dst, "radio", uint64(p.Radio))
	return appendBool(dst, "assigned", p.Assigned)
}

// jsonLongRange writes type 27.
func (m *Message) jsonLongRange(dst []byte) []byte {
	p := &m.Pos
	dst = appendUint(dst, "status", uint64(p.Status))
	dst = m.jsonMotion(dst)
	dst = appendBool(dst, "raim", p.RAIM)
	return appendBool(dst, "gnss", p.GNSS)
}

// jsonBase writes types 4 and 11.
func (m *Message) jsonBase(dst []byte) []byte {
	u := &m.UTC
	if u.Year != 0 && u.Year < 10000 && u.Month != 0 && u.Day != 0 && u.Hour < 24 && u.Minute < 60 && u.Second < 60 {
		dst = append(appendKey(dst, "timestamp"), '"')
		dst = append2(append2(dst, uint8(u.Year/100)), uint8(u.Year%100))
		dst = append2(append(dst, '-'), u.Month)
		dst = append2(append(dst, '-'), u.Day)
		dst = append2(append(dst, 'T'), u.Hour)
		dst = append2(append(dst, ':'), u.Minute)
		dst = append2(append(dst, ':'), u.Second)
		dst = append(dst, 'Z', '"')
	}
	dst = appendBool(dst, "accuracy", m.Pos.Accuracy)
	dst = m.jsonLonLat(dst)
	dst = appendUint(dst, "epfd", uint64(m.Static.EPFD))
	dst = appendBool(dst, "raim", m.Pos.RAIM)
	return appendUint(dst, "radio", uint64(m.Pos.Radio))
}

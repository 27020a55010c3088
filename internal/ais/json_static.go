package ais

// jsonDims writes the four dimensions in metres.
func (m *Message) jsonDims(dst []byte) []byte {
	s := &m.Static
	dst = appendUint(dst, "to_bow", uint64(s.ToBow))
	dst = appendUint(dst, "to_stern", uint64(s.ToStern))
	dst = appendUint(dst, "to_port", uint64(s.ToPort))
	return appendUint(dst, "to_starboard", uint64(s.ToStarboard))
}

// jsonVoyage writes type 5. IMO 0, an empty text, draught 0 and an ETA
// whose every part is not available are omitted; eta is "MM-DDTHH:MMZ"
// as in gpsd.
func (m *Message) jsonVoyage(dst []byte) []byte {
	s := &m.Static
	if s.IMO != 0 {
		dst = appendUint(dst, "imo", uint64(s.IMO))
	}
	dst = appendUint(dst, "ais_version", uint64(s.AISVersion))
	dst = appendText(dst, "callsign", s.callsign[:s.callsignN])
	dst = appendText(dst, "shipname", s.shipname[:s.shipnameN])
	dst = appendUint(dst, "shiptype", uint64(s.ShipType))
	dst = m.jsonDims(dst)
	dst = appendUint(dst, "epfd", uint64(s.EPFD))
	if s.ETAMonth != 0 || s.ETADay != 0 || s.ETAHour != 24 || s.ETAMinute != 60 {
		dst = append(appendKey(dst, "eta"), '"')
		dst = append2(dst, s.ETAMonth)
		dst = append2(append(dst, '-'), s.ETADay)
		dst = append2(append(dst, 'T'), s.ETAHour)
		dst = append2(append(dst, ':'), s.ETAMinute)
		dst = append(dst, 'Z', '"')
	}
	if s.Draught != 0 {
		dst = appendDecimal(dst, "draught", int64(s.Draught), 1)
	}
	dst = appendText(dst, "destination", s.destination[:s.destN])
	return appendBool(dst, "dte", s.DTE)
}

// appendText writes a text field, omitted when empty.
func appendText(dst []byte, k string, s []byte) []byte {
	if len(s) == 0 {
		return dst
	}
	return appendStr(dst, k, s)
}

// jsonStaticB writes type 24, part A or B, with "partno".
func (m *Message) jsonStaticB(dst []byte) []byte {
	s := &m.Static
	dst = appendUint(dst, "partno", uint64(s.PartNo))
	if s.PartNo == 0 {
		return appendText(dst, "shipname", s.shipname[:s.shipnameN])
	}
	dst = appendUint(dst, "shiptype", uint64(s.ShipType))
	dst = appendText(dst, "vendorid", s.vendorID[:s.vendorN])
	dst = appendUint(dst, "model", uint64(s.Model))
	dst = appendUint(dst, "serial", uint64(s.Serial))
	dst = appendText(dst, "callsign", s.callsign[:s.callsignN])
	if isAuxiliary(m.MMSI) {
		return appendUint(dst, "mothership_mmsi", uint64(s.MothershipMMSI))
	}
	return m.jsonDims(dst)
}

// jsonAtoN writes type 21.
func (m *Message) jsonAtoN(dst []byte) []byte {
	a, p := &m.AtoN, &m.Pos
	dst = appendUint(dst, "aid_type", uint64(a.AidType))
	dst = appendText(dst, "name", a.name[:a.nameN])
	dst = appendBool(dst, "accuracy", p.Accuracy)
	dst = m.jsonLonLat(dst)
	dst = m.jsonDims(dst)
	dst = appendUint(dst, "epfd", uint64(m.Static.EPFD))
	if p.Second != SecondNA {
		dst = appendUint(dst, "second", uint64(p.Second))
	}
	dst = appendUint(dst, "regional", uint64(p.Regional))
	dst = appendBool(dst, "off_position", a.OffPosition)
	dst = appendBool(dst, "raim", p.RAIM)
	dst = appendBool(dst, "virtual_aid", a.VirtualAid)
	return appendBool(dst, "assigned", p.Assigned)
}

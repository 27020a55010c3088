package ais

// jsonBinary writes types 6, 8, 25 and 26: addressing, application id and
// the data as "bits:hex"; 8/1/31 and 8/200/10 add their decoded fields.
func (m *Message) jsonBinary(dst []byte) []byte {
	b := &m.Binary
	if m.Type == 25 || m.Type == 26 {
		dst = appendBool(dst, "addressed", b.Addressed)
		dst = appendBool(dst, "structured", b.Structured)
	}
	if m.Type == 6 {
		dst = appendUint(dst, "seqno", uint64(m.Addr.SeqNo))
	}
	if b.Addressed {
		dst = appendUint(dst, "dest_mmsi", uint64(m.Addr.DestMMSI))
	}
	if m.Type == 6 {
		dst = appendBool(dst, "retransmit", m.Addr.Retransmit)
	}
	if b.Structured {
		dst = appendUint(dst, "dac", uint64(b.DAC))
		dst = appendUint(dst, "fid", uint64(b.FID))
	}
	dst = appendData(dst, "data", b.Data(), b.DataBits)
	if m.Type == 26 {
		dst = appendUint(dst, "radio", uint64(b.Radio))
	}
	if m.Type == 6 {
		dst = m.jsonApp6(dst)
	}
	if m.Type == 8 && b.DAC == 1 && (b.FID == 31 || b.FID == 11) {
		dst = m.Meteo.appendJSON(dst)
	}
	if m.Type == 8 && b.DAC == 200 && b.FID == 10 {
		dst = m.Inland.appendJSON(dst)
	}
	return dst
}

// jsonApp6 writes the decoded fields of the known type 6 applications.
func (m *Message) jsonApp6(dst []byte) []byte {
	b := &m.Binary
	switch {
	case b.DAC == 200 && b.FID == 55:
		dst = m.Persons.appendJSON(dst)
	case (b.DAC == 235 || b.DAC == 250) && b.FID == 10:
		dst = m.Monitor.appendJSON(dst)
	}
	return dst
}

// jsonAcks writes types 7 and 13: mmsi1..mmsiN.
func (m *Message) jsonAcks(dst []byte) []byte {
	keys := [4]string{"mmsi1", "mmsi2", "mmsi3", "mmsi4"}
	for i := 0; i < m.Acks.N; i++ {
		dst = appendUint(dst, keys[i], uint64(m.Acks.MMSI[i]))
	}
	return dst
}

// jsonText writes types 12 and 14.
func (m *Message) jsonText(dst []byte) []byte {
	if m.Type == 12 {
		dst = appendUint(dst, "seqno", uint64(m.Addr.SeqNo))
		dst = appendUint(dst, "dest_mmsi", uint64(m.Addr.DestMMSI))
		dst = appendBool(dst, "retransmit", m.Addr.Retransmit)
	}
	return appendStr(dst, "text", m.Text.Bytes())
}

// jsonInterrogation writes type 15.
func (m *Message) jsonInterrogation(dst []byte) []byte {
	q := &m.Interr
	dst = appendUint(dst, "mmsi1", uint64(q.MMSI1))
	dst = appendUint(dst, "type1_1", uint64(q.Type1_1))
	dst = appendUint(dst, "offset1_1", uint64(q.Offset1_1))
	dst = appendUint(dst, "type1_2", uint64(q.Type1_2))
	dst = appendUint(dst, "offset1_2", uint64(q.Offset1_2))
	dst = appendUint(dst, "mmsi2", uint64(q.MMSI2))
	dst = appendUint(dst, "type2_1", uint64(q.Type2_1))
	return appendUint(dst, "offset2_1", uint64(q.Offset2_1))
}

// jsonAssignment writes type 16.
func (m *Message) jsonAssignment(dst []byte) []byte {
	a := &m.Assign
	dst = appendUint(dst, "mmsi1", uint64(a.MMSI1))
	dst = appendUint(dst, "offset1", uint64(a.Offset1))
	dst = appendUint(dst, "increment1", uint64(a.Increment1))
	if a.MMSI2 == 0 && m.Bits < 144 {
		return dst
	}
	dst = appendUint(dst, "mmsi2", uint64(a.MMSI2))
	dst = appendUint(dst, "offset2", uint64(a.Offset2))
	return appendUint(dst, "increment2", uint64(a.Increment2))
}

// jsonDataLink writes type 20: offsetN, numberN, timeoutN, incrementN.
func (m *Message) jsonDataLink(dst []byte) []byte {
	keys := [4][4]string{
		{"offset1", "number1", "timeout1", "increment1"},
		{"offset2", "number2", "timeout2", "increment2"},
		{"offset3", "number3", "timeout3", "increment3"},
		{"offset4", "number4", "timeout4", "increment4"},
	}
	for i := 0; i < m.DataLink.N; i++ {
		s := &m.DataLink.Slots[i]
		dst = appendUint(dst, keys[i][0], uint64(s.Offset))
		dst = appendUint(dst, keys[i][1], uint64(s.Number))
		dst = appendUint(dst, keys[i][2], uint64(s.Timeout))
		dst = appendUint(dst, keys[i][3], uint64(s.Increment))
	}
	return dst
}

// appendTenthMinutes writes a 1/10-minute coordinate in degrees.
func appendTenthMinutes(dst []byte, k string, v int32) []byte {
	return appendDegrees(dst, k, int64(v), 600)
}

// jsonChannel writes type 22.
func (m *Message) jsonChannel(dst []byte) []byte {
	c := &m.Channel
	dst = appendUint(dst, "channel_a", uint64(c.ChannelA))
	dst = appendUint(dst, "channel_b", uint64(c.ChannelB))
	dst = appendUint(dst, "txrx", uint64(c.TxRx))
	dst = appendBool(dst, "power", c.Power)
	if c.Addressed {
		dst = appendUint(dst, "dest1", uint64(c.Dest1))
		dst = appendUint(dst, "dest2", uint64(c.Dest2))
	} else {
		dst = appendTenthMinutes(dst, "ne_lon", c.NELon)
		dst = appendTenthMinutes(dst, "ne_lat", c.NELat)
		dst = appendTenthMinutes(dst, "sw_lon", c.SWLon)
		dst = appendTenthMinutes(dst, "sw_lat", c.SWLat)
	}
	dst = appendBool(dst, "addressed", c.Addressed)
	dst = appendBool(dst, "band_a", c.BandA)
	dst = appendBool(dst, "band_b", c.BandB)
	return appendUint(dst, "zonesize", uint64(c.ZoneSize))
}

// jsonGroup writes type 23.
func (m *Message) jsonGroup(dst []byte) []byte {
	g := &m.Group
	dst = appendTenthMinutes(dst, "ne_lon", g.NELon)
	dst = appendTenthMinutes(dst, "ne_lat", g.NELat)
	dst = appendTenthMinutes(dst, "sw_lon", g.SWLon)
	dst = appendTenthMinutes(dst, "sw_lat", g.SWLat)
	dst = appendUint(dst, "stationtype", uint64(g.StationType))
	dst = appendUint(dst, "shiptype", uint64(g.ShipType))
	dst = appendUint(dst, "txrx", uint64(g.TxRx))
	dst = appendUint(dst, "interval", uint64(g.Interval))
	return appendUint(dst, "quiet", uint64(g.Quiet))
}

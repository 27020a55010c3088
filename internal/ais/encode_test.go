package ais

// A test-only AIS encoder, written from the field tables of ITU-R M.1371-5
// (AIVDM.adoc) independently of the decoder, for the round-trip fuzz test.

// bitWriter accumulates bits MSB first.
type bitWriter struct{ bits []byte } // one 0/1 byte per bit

// u writes the low width bits of v.
func (w *bitWriter) u(v uint64, width int) {
	for i := width - 1; i >= 0; i-- {
		w.bits = append(w.bits, byte(v>>uint(i)&1))
	}
}

// s writes v as a width-bit two's complement integer.
func (w *bitWriter) s(v int64, width int) { w.u(uint64(v), width) }

// b writes a flag.
func (w *bitWriter) b(v bool) {
	if v {
		w.u(1, 1)
	} else {
		w.u(0, 1)
	}
}

// text writes s as nchars 6-bit characters, padded with '@'.
func (w *bitWriter) text(s []byte, nchars int) {
	for i := 0; i < nchars; i++ {
		c := byte('@')
		if i < len(s) {
			c = s[i]
		}
		if c >= 64 {
			c -= 64
		}
		w.u(uint64(c), 6)
	}
}

// data writes the first nbits of d.
func (w *bitWriter) data(d []byte, nbits int) {
	for i := 0; i < nbits; i++ {
		w.u(uint64(d[i/8]>>(7-uint(i%8))&1), 1)
	}
}

// armour returns the 6-bit armoured payload and its fill-bit count.
func (w *bitWriter) armour() ([]byte, int) {
	fill := (6 - len(w.bits)%6) % 6
	bits := append(w.bits, make([]byte, fill)...)
	out := make([]byte, 0, len(bits)/6)
	for i := 0; i < len(bits); i += 6 {
		v := 0
		for _, b := range bits[i : i+6] {
			v = v<<1 | int(b)
		}
		c := byte(v + '0')
		if v >= 40 {
			c = byte(v - 40 + '`')
		}
		out = append(out, c)
	}
	return out, fill
}

// encode writes m as an armoured payload. Unit normalisation is undone
// (type 9 and 27 speeds, 27 course, 17 and 27 positions).
func encode(m *Message) ([]byte, int) {
	w := &bitWriter{}
	w.u(uint64(m.Type), 6)
	w.u(uint64(m.Repeat), 2)
	w.u(uint64(m.MMSI), 30)
	switch m.Type {
	case 1, 2, 3:
		encClassA(w, m)
	case 4, 11:
		encBase(w, m)
	case 5:
		encVoyage(w, m)
	case 6, 8, 25, 26:
		encBinary(w, m)
	case 7, 13:
		encAcks(w, m)
	case 9:
		encSAR(w, m)
	case 10:
		w.u(0, 2)
		w.u(uint64(m.Addr.DestMMSI), 30)
		w.u(0, 2)
	case 12, 14:
		encText(w, m)
	default:
		encode2(w, m)
	}
	return w.armour()
}

func encode2(w *bitWriter, m *Message) {
	switch m.Type {
	case 15:
		encInterrogation(w, m)
	case 16:
		encAssignment(w, m)
	case 17:
		w.u(0, 2)
		w.s(int64(m.Pos.Lon/1000), 18)
		w.s(int64(m.Pos.Lat/1000), 17)
		w.u(0, 5)
		w.data(m.Binary.data[:], m.Binary.DataBits)
	case 18:
		encClassB(w, m)
	case 19:
		encClassBExt(w, m)
	case 20:
		encDataLink(w, m)
	case 21:
		encAtoN(w, m)
	case 22:
		encChannel(w, m)
	case 23:
		encGroup(w, m)
	case 24:
		encStaticB(w, m)
	case 27:
		encLongRange(w, m)
	}
}

func encClassA(w *bitWriter, m *Message) {
	p := &m.Pos
	w.u(uint64(p.Status), 4)
	w.s(int64(p.Turn), 8)
	w.u(uint64(p.Speed), 10)
	w.b(p.Accuracy)
	w.s(int64(p.Lon), 28)
	w.s(int64(p.Lat), 27)
	w.u(uint64(p.Course), 12)
	w.u(uint64(p.Heading), 9)
	w.u(uint64(p.Second), 6)
	w.u(uint64(p.Maneuver), 2)
	w.u(0, 3)
	w.b(p.RAIM)
	w.u(uint64(p.Radio), 19)
}

func encBase(w *bitWriter, m *Message) {
	u := &m.UTC
	w.u(uint64(u.Year), 14)
	w.u(uint64(u.Month), 4)
	w.u(uint64(u.Day), 5)
	w.u(uint64(u.Hour), 5)
	w.u(uint64(u.Minute), 6)
	w.u(uint64(u.Second), 6)
	w.b(m.Pos.Accuracy)
	w.s(int64(m.Pos.Lon), 28)
	w.s(int64(m.Pos.Lat), 27)
	w.u(uint64(m.Static.EPFD), 4)
	w.u(0, 10)
	w.b(m.Pos.RAIM)
	w.u(uint64(m.Pos.Radio), 19)
}

func encDims(w *bitWriter, s *Static) {
	w.u(uint64(s.ToBow), 9)
	w.u(uint64(s.ToStern), 9)
	w.u(uint64(s.ToPort), 6)
	w.u(uint64(s.ToStarboard), 6)
}

func encVoyage(w *bitWriter, m *Message) {
	s := &m.Static
	w.u(uint64(s.AISVersion), 2)
	w.u(uint64(s.IMO), 30)
	w.text(s.callsign[:s.callsignN], 7)
	w.text(s.shipname[:s.shipnameN], 20)
	w.u(uint64(s.ShipType), 8)
	encDims(w, s)
	w.u(uint64(s.EPFD), 4)
	w.u(uint64(s.ETAMonth), 4)
	w.u(uint64(s.ETADay), 5)
	w.u(uint64(s.ETAHour), 5)
	w.u(uint64(s.ETAMinute), 6)
	w.u(uint64(s.Draught), 8)
	w.text(s.destination[:s.destN], 20)
	w.b(s.DTE)
	w.u(0, 1)
}

func encBinary(w *bitWriter, m *Message) {
	b := &m.Binary
	switch m.Type {
	case 6:
		w.u(uint64(m.Addr.SeqNo), 2)
		w.u(uint64(m.Addr.DestMMSI), 30)
		w.b(m.Addr.Retransmit)
		w.u(0, 1)
		w.u(uint64(b.DAC), 10)
		w.u(uint64(b.FID), 6)
	case 8:
		w.u(0, 2)
		w.u(uint64(b.DAC), 10)
		w.u(uint64(b.FID), 6)
	default:
		w.b(b.Addressed)
		w.b(b.Structured)
		if b.Addressed {
			w.u(uint64(m.Addr.DestMMSI), 30)
		}
		if b.Structured {
			w.u(uint64(b.DAC), 10)
			w.u(uint64(b.FID), 6)
		}
	}
	w.data(b.data[:], b.DataBits)
	if m.Type == 26 {
		w.u(uint64(b.Radio), 20)
	}
}

func encAcks(w *bitWriter, m *Message) {
	w.u(0, 2)
	for i := 0; i < m.Acks.N; i++ {
		w.u(uint64(m.Acks.MMSI[i]), 30)
		w.u(uint64(m.Acks.SeqNo[i]), 2)
	}
}

func encSAR(w *bitWriter, m *Message) {
	p := &m.Pos
	speed := p.Speed
	if speed != SpeedNA {
		speed /= 10
	}
	w.u(uint64(p.Alt), 12)
	w.u(uint64(speed), 10)
	w.b(p.Accuracy)
	w.s(int64(p.Lon), 28)
	w.s(int64(p.Lat), 27)
	w.u(uint64(p.Course), 12)
	w.u(uint64(p.Second), 6)
	w.u(uint64(p.Regional), 8)
	w.b(p.DTE)
	w.u(0, 3)
	w.b(p.Assigned)
	w.b(p.RAIM)
	w.u(uint64(p.Radio), 20)
}

func encText(w *bitWriter, m *Message) {
	if m.Type == 12 {
		w.u(uint64(m.Addr.SeqNo), 2)
		w.u(uint64(m.Addr.DestMMSI), 30)
		w.b(m.Addr.Retransmit)
		w.u(0, 1)
	} else {
		w.u(0, 2)
	}
	w.text(m.Text.text[:m.Text.n], m.Text.n)
}

func encInterrogation(w *bitWriter, m *Message) {
	q := &m.Interr
	w.u(0, 2)
	w.u(uint64(q.MMSI1), 30)
	w.u(uint64(q.Type1_1), 6)
	w.u(uint64(q.Offset1_1), 12)
	w.u(0, 2)
	if q.Type1_2 == 0 && q.Offset1_2 == 0 && q.MMSI2 == 0 {
		return // 88 bits
	}
	w.u(uint64(q.Type1_2), 6)
	w.u(uint64(q.Offset1_2), 12)
	if q.MMSI2 == 0 && q.Type2_1 == 0 && q.Offset2_1 == 0 {
		w.u(0, 2) // 110 bits
		return
	}
	w.u(0, 2)
	w.u(uint64(q.MMSI2), 30)
	w.u(uint64(q.Type2_1), 6)
	w.u(uint64(q.Offset2_1), 12)
	w.u(0, 2)
}

func encAssignment(w *bitWriter, m *Message) {
	a := &m.Assign
	w.u(0, 2)
	w.u(uint64(a.MMSI1), 30)
	w.u(uint64(a.Offset1), 12)
	w.u(uint64(a.Increment1), 10)
	if a.MMSI2 == 0 && a.Offset2 == 0 && a.Increment2 == 0 {
		w.u(0, 4) // 96 bits
		return
	}
	w.u(uint64(a.MMSI2), 30)
	w.u(uint64(a.Offset2), 12)
	w.u(uint64(a.Increment2), 10)
}

func encClassBHead(w *bitWriter, p *Position) {
	w.u(uint64(p.Reserved), 8)
	w.u(uint64(p.Speed), 10)
	w.b(p.Accuracy)
	w.s(int64(p.Lon), 28)
	w.s(int64(p.Lat), 27)
	w.u(uint64(p.Course), 12)
	w.u(uint64(p.Heading), 9)
	w.u(uint64(p.Second), 6)
}

func encClassB(w *bitWriter, m *Message) {
	p := &m.Pos
	encClassBHead(w, p)
	w.u(uint64(p.Regional), 2)
	for _, f := range []bool{p.CS, p.Display, p.DSC, p.Band, p.Msg22, p.Assigned, p.RAIM} {
		w.b(f)
	}
	w.u(uint64(p.Radio), 20)
}

func encClassBExt(w *bitWriter, m *Message) {
	p, s := &m.Pos, &m.Static
	encClassBHead(w, p)
	w.u(uint64(p.Regional), 4)
	w.text(s.shipname[:s.shipnameN], 20)
	w.u(uint64(s.ShipType), 8)
	encDims(w, s)
	w.u(uint64(s.EPFD), 4)
	w.b(p.RAIM)
	w.b(s.DTE)
	w.b(p.Assigned)
	w.u(0, 4)
}

func encDataLink(w *bitWriter, m *Message) {
	w.u(0, 2)
	for i := 0; i < m.DataLink.N; i++ {
		s := &m.DataLink.Slots[i]
		w.u(uint64(s.Offset), 12)
		w.u(uint64(s.Number), 4)
		w.u(uint64(s.Timeout), 3)
		w.u(uint64(s.Increment), 11)
	}
	for len(w.bits)%8 != 0 {
		w.u(0, 1) // pad to a byte boundary, as the standard does
	}
}

func encAtoN(w *bitWriter, m *Message) {
	a, p := &m.AtoN, &m.Pos
	name := a.name[:a.nameN]
	w.u(uint64(a.AidType), 5)
	w.text(name, 20)
	w.b(p.Accuracy)
	w.s(int64(p.Lon), 28)
	w.s(int64(p.Lat), 27)
	encDims(w, &m.Static)
	w.u(uint64(m.Static.EPFD), 4)
	w.u(uint64(p.Second), 6)
	w.b(a.OffPosition)
	w.u(uint64(p.Regional), 8)
	w.b(p.RAIM)
	w.b(a.VirtualAid)
	w.b(p.Assigned)
	w.u(0, 1)
	if len(name) > 20 {
		w.text(name[20:], len(name)-20)
	}
}

func encChannel(w *bitWriter, m *Message) {
	c := &m.Channel
	w.u(0, 2)
	w.u(uint64(c.ChannelA), 12)
	w.u(uint64(c.ChannelB), 12)
	w.u(uint64(c.TxRx), 4)
	w.b(c.Power)
	if c.Addressed {
		w.u(uint64(c.Dest1), 30)
		w.u(0, 5)
		w.u(uint64(c.Dest2), 30)
		w.u(0, 5)
	} else {
		w.s(int64(c.NELon), 18)
		w.s(int64(c.NELat), 17)
		w.s(int64(c.SWLon), 18)
		w.s(int64(c.SWLat), 17)
	}
	w.b(c.Addressed)
	w.b(c.BandA)
	w.b(c.BandB)
	w.u(uint64(c.ZoneSize), 3)
	w.u(0, 23)
}

func encGroup(w *bitWriter, m *Message) {
	g := &m.Group
	w.u(0, 2)
	w.s(int64(g.NELon), 18)
	w.s(int64(g.NELat), 17)
	w.s(int64(g.SWLon), 18)
	w.s(int64(g.SWLat), 17)
	w.u(uint64(g.StationType), 4)
	w.u(uint64(g.ShipType), 8)
	w.u(0, 22)
	w.u(uint64(g.TxRx), 2)
	w.u(uint64(g.Interval), 4)
	w.u(uint64(g.Quiet), 4)
	w.u(0, 6)
}

func encStaticB(w *bitWriter, m *Message) {
	s := &m.Static
	w.u(uint64(s.PartNo), 2)
	if s.PartNo == 0 {
		w.text(s.shipname[:s.shipnameN], 20)
		return
	}
	w.u(uint64(s.ShipType), 8)
	w.text(s.vendorID[:s.vendorN], 3)
	w.u(uint64(s.Model), 4)
	w.u(uint64(s.Serial), 20)
	w.text(s.callsign[:s.callsignN], 7)
	if isAuxiliary(m.MMSI) {
		w.u(uint64(s.MothershipMMSI), 30)
	} else {
		encDims(w, s)
	}
	w.u(0, 6)
}

func encLongRange(w *bitWriter, m *Message) {
	p := &m.Pos
	speed, course := p.Speed/10, p.Course/10
	if p.Speed == SpeedNA {
		speed = 63
	}
	if p.Course == CourseNA {
		course = 511
	}
	w.b(p.Accuracy)
	w.b(p.RAIM)
	w.u(uint64(p.Status), 4)
	w.s(int64(p.Lon/1000), 18)
	w.s(int64(p.Lat/1000), 17)
	w.u(uint64(speed), 6)
	w.u(uint64(course), 9)
	w.b(p.GNSS)
	w.u(0, 1)
}

package ais

import "math/rand/v2"

// randomMessage returns a message of type typ with random in-range field
// values, as Decode would produce them from a fresh Message (constants that
// Decode sets for a type, such as TurnNA for class B, are set here too).
func randomMessage(rng *rand.Rand, typ uint8) *Message {
	m := &Message{Type: typ, Repeat: uint8(rng.IntN(4)), MMSI: rng.Uint32N(1 << 30)}
	g := gen{rng}
	switch typ {
	case 1, 2, 3:
		g.classA(m)
	case 4, 11:
		g.base(m)
	case 5:
		g.voyage(m)
	case 6, 8, 17, 25, 26:
		g.binary(m)
	case 7, 13:
		g.acks(m)
	case 9:
		g.sar(m)
	case 10:
		m.Addr.DestMMSI = g.u(30)
	case 12, 14:
		g.text(m)
	default:
		g.other(m)
	}
	return m
}

// gen draws field values.
type gen struct{ r *rand.Rand }

func (g gen) u(width int) uint32   { return uint32(g.r.Uint64N(1 << uint(width))) }
func (g gen) s(width int) int32    { return int32(int64(g.r.Uint64N(1<<uint(width))) - 1<<uint(width-1)) }
func (g gen) b() bool              { return g.r.IntN(2) == 1 }
func (g gen) u8(width int) uint8   { return uint8(g.u(width)) }
func (g gen) u16(width int) uint16 { return uint16(g.u(width)) }

// str fills dst with up to len(dst) 6-bit characters other than '@' and
// returns the length after trimming trailing spaces (what Decode returns).
func (g gen) str(dst []byte) uint8 {
	n := g.r.IntN(len(dst) + 1)
	for i := 0; i < n; i++ {
		for dst[i] = sixbitASCII[g.r.IntN(64)]; dst[i] == '@'; dst[i] = sixbitASCII[g.r.IntN(64)] {
		}
	}
	t := trimSpaces(dst[:n])
	for i := t; i < len(dst); i++ {
		dst[i] = 0
	}
	return uint8(t)
}

func (g gen) other(m *Message) {
	switch m.Type {
	case 15:
		g.interrogation(m)
	case 16:
		g.assignment(m)
	case 18, 19:
		g.classB(m)
	case 20:
		g.dataLink(m)
	case 21:
		g.aton(m)
	case 22:
		g.channel(m)
	case 23:
		m.Group = GroupAssign{NELon: g.s(18), NELat: g.s(17), SWLon: g.s(18), SWLat: g.s(17),
			StationType: g.u8(4), ShipType: g.u8(8), TxRx: g.u8(2), Interval: g.u8(4), Quiet: g.u8(4)}
	case 24:
		g.staticB(m)
	case 27:
		g.longRange(m)
	}
}

func (g gen) classA(m *Message) {
	m.Pos = Position{Status: g.u8(4), Turn: int8(g.s(8)), Speed: g.u16(10), Accuracy: g.b(),
		Lon: g.s(28), Lat: g.s(27), Course: g.u16(12), Heading: g.u16(9), Second: g.u8(6),
		Maneuver: g.u8(2), RAIM: g.b(), Radio: g.u(19)}
}

// na is the position block of types without speed, course or heading.
func na(p Position) Position {
	p.Status, p.Turn, p.Speed, p.Course, p.Heading = 15, TurnNA, SpeedNA, CourseNA, HeadingNA
	return p
}

func (g gen) base(m *Message) {
	m.UTC = UTCTime{Year: g.u16(14), Month: g.u8(4), Day: g.u8(5), Hour: g.u8(5), Minute: g.u8(6), Second: g.u8(6)}
	m.Pos = na(Position{Accuracy: g.b(), Lon: g.s(28), Lat: g.s(27), RAIM: g.b(), Radio: g.u(19), Second: SecondNA})
	m.Static.EPFD = g.u8(4)
}

func (g gen) dims(s *Static) {
	s.ToBow, s.ToStern, s.ToPort, s.ToStarboard = g.u16(9), g.u16(9), g.u8(6), g.u8(6)
}

func (g gen) voyage(m *Message) {
	s := &m.Static
	s.AISVersion, s.IMO = g.u8(2), g.u(30)
	s.callsignN, s.shipnameN, s.destN = g.str(s.callsign[:]), g.str(s.shipname[:]), g.str(s.destination[:])
	s.ShipType, s.EPFD = g.u8(8), g.u8(4)
	g.dims(s)
	s.ETAMonth, s.ETADay, s.ETAHour, s.ETAMinute = g.u8(4), g.u8(5), g.u8(5), g.u8(6)
	s.Draught, s.DTE = g.u8(8), g.b()
}

// binary draws the header and data of 6, 8, 17, 25 and 26, avoiding the
// application ids Decode interprets (their fields are checked against gpsd).
func (g gen) binary(m *Message) {
	b := &m.Binary
	maxBits := map[uint8]int{6: 920, 8: 952, 17: 736, 25: 128, 26: 900}[m.Type]
	b.DataBits = g.r.IntN(maxBits + 1)
	for i := 0; i < (b.DataBits+7)/8; i++ {
		b.data[i] = byte(g.r.Uint32())
	}
	if r := b.DataBits % 8; r != 0 {
		b.data[b.DataBits/8] &= 0xFF << uint(8-r)
	}
	switch m.Type {
	case 6:
		m.Addr = Addressing{SeqNo: g.u8(2), DestMMSI: g.u(30), Retransmit: g.b()}
		b.Addressed, b.Structured, b.DAC, b.FID = true, true, g.u16(10), g.u8(6)
	case 8:
		b.Structured, b.DAC, b.FID = true, g.u16(10), g.u8(6)
	case 17:
		m.Pos = na(Position{Lon: g.s(18) * 1000, Lat: g.s(17) * 1000, Second: SecondNA})
	default:
		g.slotBinary(m)
	}
	for b.FID == 10 || b.FID == 11 || b.FID == 31 || b.FID == 55 {
		b.FID++ // not a decoded application
	}
}

func (g gen) slotBinary(m *Message) {
	b := &m.Binary
	b.Addressed, b.Structured = g.b(), g.b()
	if b.Addressed {
		m.Addr.DestMMSI = g.u(30)
	}
	if b.Structured {
		b.DAC, b.FID = g.u16(10), g.u8(6)
	}
	if m.Type == 26 {
		b.Radio = g.u(20)
	}
}

func (g gen) acks(m *Message) {
	m.Acks.N = 1 + g.r.IntN(4)
	for i := 0; i < m.Acks.N; i++ {
		m.Acks.MMSI[i], m.Acks.SeqNo[i] = g.u(30), g.u8(2)
	}
}

func (g gen) sar(m *Message) {
	speed := g.u16(10)
	if speed != SpeedNA {
		speed *= 10
	}
	m.Pos = Position{Alt: g.u16(12), Speed: speed, Accuracy: g.b(), Lon: g.s(28), Lat: g.s(27),
		Course: g.u16(12), Second: g.u8(6), Regional: g.u8(8), DTE: g.b(), Assigned: g.b(),
		RAIM: g.b(), Radio: g.u(20), Status: 15, Turn: TurnNA, Heading: HeadingNA}
}

func (g gen) text(m *Message) {
	if m.Type == 12 {
		m.Addr = Addressing{SeqNo: g.u8(2), DestMMSI: g.u(30), Retransmit: g.b()}
	}
	m.Text.n = int(g.str(m.Text.text[:156]))
}

func (g gen) interrogation(m *Message) {
	q := &m.Interr
	q.MMSI1, q.Type1_1, q.Offset1_1 = g.u(30), g.u8(6), g.u16(12)
	switch g.r.IntN(3) {
	case 2:
		q.MMSI2, q.Type2_1, q.Offset2_1 = g.u(30), g.u8(6), g.u16(12)
		fallthrough
	case 1:
		q.Type1_2, q.Offset1_2 = g.u8(6), g.u16(12)
	}
}

func (g gen) assignment(m *Message) {
	a := &m.Assign
	a.MMSI1, a.Offset1, a.Increment1 = g.u(30), g.u16(12), g.u16(10)
	if g.b() {
		a.MMSI2, a.Offset2, a.Increment2 = g.u(30), g.u16(12), g.u16(10)
	}
}

func (g gen) classB(m *Message) {
	p := &m.Pos
	*p = Position{Reserved: g.u8(8), Speed: g.u16(10), Accuracy: g.b(), Lon: g.s(28), Lat: g.s(27),
		Course: g.u16(12), Heading: g.u16(9), Second: g.u8(6), Assigned: g.b(), RAIM: g.b(),
		Status: 15, Turn: TurnNA}
	if m.Type == 18 {
		p.Regional, p.CS, p.Display, p.DSC, p.Band, p.Msg22 = g.u8(2), g.b(), g.b(), g.b(), g.b(), g.b()
		p.Radio = g.u(20)
		return
	}
	s := &m.Static
	p.Regional = g.u8(4)
	s.shipnameN, s.ShipType, s.EPFD, s.DTE = g.str(s.shipname[:]), g.u8(8), g.u8(4), g.b()
	g.dims(s)
}

func (g gen) dataLink(m *Message) {
	m.DataLink.N = 1 + g.r.IntN(4)
	for i := 0; i < m.DataLink.N; i++ {
		m.DataLink.Slots[i] = SlotReservation{Offset: g.u16(12), Number: g.u8(4), Timeout: g.u8(3), Increment: g.u16(11)}
	}
}

func (g gen) aton(m *Message) {
	a := &m.AtoN
	a.AidType, a.OffPosition, a.VirtualAid = g.u8(5), g.b(), g.b()
	a.nameN = g.str(a.name[:])
	m.Pos = na(Position{Accuracy: g.b(), Lon: g.s(28), Lat: g.s(27), Second: g.u8(6),
		Regional: g.u8(8), RAIM: g.b(), Assigned: g.b()})
	g.dims(&m.Static)
	m.Static.EPFD = g.u8(4)
}

func (g gen) channel(m *Message) {
	c := &m.Channel
	*c = ChannelMgmt{ChannelA: g.u16(12), ChannelB: g.u16(12), TxRx: g.u8(4), Power: g.b(),
		Addressed: g.b(), BandA: g.b(), BandB: g.b(), ZoneSize: g.u8(3)}
	if c.Addressed {
		c.Dest1, c.Dest2 = g.u(30), g.u(30)
	} else {
		c.NELon, c.NELat, c.SWLon, c.SWLat = g.s(18), g.s(17), g.s(18), g.s(17)
	}
}

func (g gen) staticB(m *Message) {
	s := &m.Static
	if g.r.IntN(4) == 0 {
		m.MMSI = 980000000 + g.r.Uint32N(10000000) // auxiliary craft
	}
	s.PartNo = g.u8(2)
	if s.PartNo == 0 {
		s.shipnameN = g.str(s.shipname[:])
		return
	}
	s.ShipType, s.Model, s.Serial = g.u8(8), g.u8(4), g.u(20)
	s.vendorN, s.callsignN = g.str(s.vendorID[:]), g.str(s.callsign[:])
	if isAuxiliary(m.MMSI) {
		s.MothershipMMSI = g.u(30)
	} else {
		g.dims(s)
	}
}

func (g gen) longRange(m *Message) {
	speed, course := g.u16(6), g.u16(9)
	if speed == 63 {
		speed = SpeedNA
	} else {
		speed *= 10
	}
	if course == 511 {
		course = CourseNA
	} else {
		course *= 10
	}
	m.Pos = Position{Accuracy: g.b(), RAIM: g.b(), Status: g.u8(4), Lon: g.s(18) * 1000,
		Lat: g.s(17) * 1000, Speed: speed, Course: course, GNSS: g.b(),
		Turn: TurnNA, Heading: HeadingNA, Second: SecondNA}
}

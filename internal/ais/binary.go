package ais

// setData copies nbits of application data starting at bit off (clamped to
// the payload) into b.
func (b *Binary) setData(r *bitBuf, off, nbits int) {
	if off+nbits > r.n {
		nbits = r.n - off
	}
	if nbits < 0 {
		nbits = 0
	}
	if nbits > maxBinary*8 {
		nbits = maxBinary * 8
	}
	b.DataBits = nbits
	r.bytesAt(b.data[:], off, nbits)
}

// decodeAddressedBinary decodes type 6 (addressed binary message).
func (m *Message) decodeAddressedBinary(r *bitBuf) {
	m.Addr = Addressing{
		SeqNo:      r.u8(38, 2),
		DestMMSI:   r.u32(40, 30),
		Retransmit: r.flag(70),
	}
	b := &m.Binary
	b.DAC, b.FID = r.u16(72, 10), r.u8(82, 6)
	b.Addressed, b.Structured, b.Radio = true, true, 0
	b.setData(r, 88, r.n-88)
	m.decodeApp6(r)
}

// decodeBroadcastBinary decodes type 8 (binary broadcast message) and the
// application messages it knows (see Meteo and InlandStatic).
func (m *Message) decodeBroadcastBinary(r *bitBuf) {
	b := &m.Binary
	b.DAC, b.FID = r.u16(40, 10), r.u8(50, 6)
	b.Addressed, b.Structured, b.Radio = false, true, 0
	b.setData(r, 56, r.n-56)
	switch {
	case b.DAC == 1 && b.FID == 31:
		m.decodeMeteo(r)
	case b.DAC == 1 && b.FID == 11:
		m.decodeMeteo11(r)
	case b.DAC == 200 && b.FID == 10:
		m.decodeInlandStatic(r)
	}
}

// decodeDGNSS decodes type 17 (DGNSS broadcast): reference position and the
// raw correction data.
func (m *Message) decodeDGNSS(r *bitBuf) {
	m.Pos = Position{
		Lon:     r.i32(40, 18) * 1000,
		Lat:     r.i32(58, 17) * 1000,
		Status:  15,
		Turn:    TurnNA,
		Speed:   SpeedNA,
		Course:  CourseNA,
		Heading: HeadingNA,
		Second:  SecondNA,
	}
	b := &m.Binary
	b.DAC, b.FID, b.Addressed, b.Structured, b.Radio = 0, 0, false, false, 0
	b.setData(r, 80, r.n-80)
}

// slotBinaryHeader decodes the flags, destination and application id of
// types 25 and 26, and returns the bit offset of the data.
func (m *Message) slotBinaryHeader(r *bitBuf) int {
	b := &m.Binary
	b.Addressed, b.Structured = r.flag(38), r.flag(39)
	b.DAC, b.FID, b.Radio = 0, 0, 0
	m.Addr = Addressing{}
	off := 40
	if b.Addressed {
		m.Addr.DestMMSI = r.u32(40, 30)
		off = 70
	}
	if b.Structured {
		b.DAC, b.FID = r.u16(off, 10), r.u8(off+10, 6)
		off += 16
	}
	return off
}

// decodeSingleSlotBinary decodes type 25 (single slot binary message).
func (m *Message) decodeSingleSlotBinary(r *bitBuf) {
	off := m.slotBinaryHeader(r)
	m.Binary.setData(r, off, r.n-off)
}

// decodeMultiSlotBinary decodes type 26 (multiple slot binary message with
// communication state): the last 20 bits are the radio status.
func (m *Message) decodeMultiSlotBinary(r *bitBuf) {
	off := m.slotBinaryHeader(r)
	end := r.n - 20
	if end < off {
		end = off
	}
	m.Binary.setData(r, off, end-off)
	if r.n-20 >= off {
		m.Binary.Radio = r.u32(r.n-20, 20)
	}
}

package ais

// decodeAddressedText decodes type 12 (addressed safety-related message).
func (m *Message) decodeAddressedText(r *bitBuf) {
	m.Addr = Addressing{
		SeqNo:      r.u8(38, 2),
		DestMMSI:   r.u32(40, 30),
		Retransmit: r.flag(70),
	}
	m.Text.n = r.readText(m.Text.text[:], 72, len(m.Text.text))
}

// countBlocks returns how many repeated blocks, starting at off and size
// bits apart, the payload holds, up to max. A block counts when at least
// its first need bits are present; its missing bits read as zero.
func countBlocks(nbits, off, size, need, max int) int {
	if nbits < off+need {
		return 0
	}
	n := (nbits-off-need)/size + 1
	if n > max {
		return max
	}
	return n
}

// decodeAcks decodes types 7 and 13 (binary and safety acknowledgements).
// The payload holds one to four 32-bit MMSI and sequence blocks. A block
// cut short counts, as in gpsd: senders trim trailing bits with fill
// (sample.aivdm has a type 7 whose third MMSI lacks its last 6 bits).
func (m *Message) decodeAcks(r *bitBuf) {
	a := &m.Acks
	*a = Acks{N: countBlocks(r.n, 40, 32, 1, 4)}
	for i := 0; i < a.N; i++ {
		a.MMSI[i] = r.u32(40+32*i, 30)
		a.SeqNo[i] = r.u8(70+32*i, 2)
	}
}

// decodeInterrogation decodes type 15.
func (m *Message) decodeInterrogation(r *bitBuf) {
	q := Interrogation{
		MMSI1:     r.u32(40, 30),
		Type1_1:   r.u8(70, 6),
		Offset1_1: r.u16(76, 12),
	}
	if r.n >= 108 {
		q.Type1_2, q.Offset1_2 = r.u8(90, 6), r.u16(96, 12)
	}
	if r.n >= 158 {
		q.MMSI2, q.Type2_1, q.Offset2_1 = r.u32(110, 30), r.u8(140, 6), r.u16(146, 12)
	}
	m.Interr = q
}

// decodeAssignment decodes type 16 (assignment mode command).
func (m *Message) decodeAssignment(r *bitBuf) {
	a := Assignment{
		MMSI1:      r.u32(40, 30),
		Offset1:    r.u16(70, 12),
		Increment1: r.u16(82, 10),
	}
	if r.n >= 144 {
		a.MMSI2, a.Offset2, a.Increment2 = r.u32(92, 30), r.u16(122, 12), r.u16(134, 10)
	}
	m.Assign = a
}

// decodeDataLink decodes type 20 (data link management). A reservation
// counts when its 12-bit offset is present: the standard pads 2, 3 and 4
// reservations to 104, 136 and 160 bits, so spare bits are not a block.
func (m *Message) decodeDataLink(r *bitBuf) {
	d := &m.DataLink
	*d = DataLink{N: countBlocks(r.n, 40, 30, 12, 4)}
	for i := 0; i < d.N; i++ {
		off := 40 + 30*i
		d.Slots[i] = SlotReservation{
			Offset:    r.u16(off, 12),
			Number:    r.u8(off+12, 4),
			Timeout:   r.u8(off+16, 3),
			Increment: r.u16(off+19, 11),
		}
	}
}

// decodeChannel decodes type 22 (channel management), addressed or
// broadcast.
func (m *Message) decodeChannel(r *bitBuf) {
	c := ChannelMgmt{
		ChannelA:  r.u16(40, 12),
		ChannelB:  r.u16(52, 12),
		TxRx:      r.u8(64, 4),
		Power:     r.flag(68),
		Addressed: r.flag(139),
		BandA:     r.flag(140),
		BandB:     r.flag(141),
		ZoneSize:  r.u8(142, 3),
	}
	if c.Addressed {
		c.Dest1, c.Dest2 = r.u32(69, 30), r.u32(104, 30)
	} else {
		c.NELon, c.NELat = r.i32(69, 18), r.i32(87, 17)
		c.SWLon, c.SWLat = r.i32(104, 18), r.i32(122, 17)
	}
	m.Channel = c
}

// decodeGroup decodes type 23 (group assignment command).
func (m *Message) decodeGroup(r *bitBuf) {
	m.Group = GroupAssign{
		NELon:       r.i32(40, 18),
		NELat:       r.i32(58, 17),
		SWLon:       r.i32(75, 18),
		SWLat:       r.i32(93, 17),
		StationType: r.u8(110, 4),
		ShipType:    r.u8(114, 8),
		TxRx:        r.u8(144, 2),
		Interval:    r.u8(146, 4),
		Quiet:       r.u8(150, 4),
	}
}

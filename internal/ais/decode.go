package ais

// minBits is the minimum payload size in bits of each message type, below
// which Decode reports ErrTooShort (after decoding what is there). It is
// the size of the mandatory fields per ITU-R M.1371-5; variable-length
// types use their shortest legal form.
var minBits = [28]int{
	1: 168, 2: 168, 3: 168, 4: 168, 5: 420, 6: 88, 7: 72, 8: 56, 9: 168,
	10: 72, 11: 168, 12: 72, 13: 72, 14: 40, 15: 88, 16: 96, 17: 80,
	18: 168, 19: 312, 20: 72, 21: 272, 22: 168, 23: 160, 24: 160, 25: 40,
	26: 60, 27: 96,
}

// Decode decodes an armoured AIS payload (the concatenated payload fields of
// all the sentences of a message) into m. fillBits is the fill-bit count of
// the last sentence (0..5; other values are treated as 0).
//
// Decode does not allocate. It overwrites the header and the sub-structs
// the type uses. On ErrTooShort (returned as a *ShortError that aliases m)
// the present fields are decoded and the missing ones read as zero (Bits
// says how many there were); on ErrInvalidChar, ErrEmpty and
// ErrUnsupportedType (type 0 or > 27; the header is still decoded) m holds
// no valid message body.
func (m *Message) Decode(payload []byte, fillBits int) error {
	if len(payload) == 0 {
		return ErrEmpty
	}
	r := &m.bits
	if err := r.load(payload, fillBits); err != nil {
		return err
	}
	typ := r.u8(0, 6) // kept in a register across the calls below
	m.Bits, m.Type = r.n, typ
	m.Repeat = r.u8(6, 2)
	m.MMSI = r.u32(8, 30)
	if typ == 0 || typ > 27 {
		return ErrUnsupportedType
	}
	if typ <= 3 { // most messages: spare decodeBody's dispatch
		m.decodeClassA(r)
	} else {
		m.decodeBody(r)
	}
	if min := minBits[typ]; r.n < min {
		m.short = ShortError{Type: typ, Bits: r.n, Min: min}
		return &m.short
	}
	return nil
}

// decodeBody dispatches on m.Type.
func (m *Message) decodeBody(r *bitBuf) {
	switch m.Type {
	case 1, 2, 3:
		m.decodeClassA(r)
	case 4, 11:
		m.decodeBase(r)
	case 5:
		m.decodeStaticVoyage(r)
	case 6:
		m.decodeAddressedBinary(r)
	case 7, 13:
		m.decodeAcks(r)
	case 8:
		m.decodeBroadcastBinary(r)
	case 9:
		m.decodeSAR(r)
	case 10:
		m.Addr = Addressing{DestMMSI: r.u32(40, 30)}
	case 12:
		m.decodeAddressedText(r)
	case 14:
		m.Text.n = r.readText(m.Text.text[:], 40, len(m.Text.text))
	default:
		m.decodeBody2(r)
	}
}

// decodeBody2 dispatches the types above 14.
func (m *Message) decodeBody2(r *bitBuf) {
	switch m.Type {
	case 15:
		m.decodeInterrogation(r)
	case 16:
		m.decodeAssignment(r)
	case 17:
		m.decodeDGNSS(r)
	case 18:
		m.decodeClassB(r)
	case 19:
		m.decodeClassBExt(r)
	case 20:
		m.decodeDataLink(r)
	case 21:
		m.decodeAtoN(r)
	case 22:
		m.decodeChannel(r)
	case 23:
		m.decodeGroup(r)
	case 24:
		m.decodeStaticB(r)
	case 25:
		m.decodeSingleSlotBinary(r)
	case 26:
		m.decodeMultiSlotBinary(r)
	case 27:
		m.decodeLongRange(r)
	}
}

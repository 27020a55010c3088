package ais

// Persons is the inland "number of persons on board" message (type 6,
// DAC 200, FI 55).
type Persons struct {
	Crew       uint8  // 255 = unknown
	Passengers uint16 // 8191 = unknown
	Personnel  uint8  // shipboard personnel, 255 = unknown
}

// decodePersons decodes 6/200/55 into m.Persons.
func (m *Message) decodePersons(r *bitBuf) {
	m.Persons = Persons{Crew: r.u8(88, 8), Passengers: r.u16(96, 13), Personnel: r.u8(109, 8)}
}

// AtoNMonitor is the GLA aid-to-navigation monitoring message (type 6,
// DAC 235 in the UK or 250 in Ireland, FI 10; IALA A-126).
type AtoNMonitor struct {
	AnaInt  uint16 // supply voltage, 0.05 V steps, 0 = not used
	AnaExt1 uint16 // external analogue #1, 0.05 V steps, 0 = not used
	AnaExt2 uint16 // external analogue #2, 0.05 V steps, 0 = not used
	Racon   uint8  // 0 none, 1 not monitored, 2 operational, 3 error
	Light   uint8  // 0 none/not monitored, 1 on, 2 off, 3 error
	Alarm   bool   // health: true = alarm
	StatExt uint8  // eight digital inputs, bit 7 first
	OffPos  bool   // off position
}

// decodeAtoNMonitor decodes 6/235/10 and 6/250/10 into m.Monitor.
func (m *Message) decodeAtoNMonitor(r *bitBuf) {
	m.Monitor = AtoNMonitor{
		AnaInt: r.u16(88, 10), AnaExt1: r.u16(98, 10), AnaExt2: r.u16(108, 10),
		Racon: r.u8(118, 2), Light: r.u8(120, 2), Alarm: r.flag(122),
		StatExt: r.u8(123, 8), OffPos: r.flag(131),
	}
}

// decodeApp6 decodes the known type 6 applications.
func (m *Message) decodeApp6(r *bitBuf) {
	b := &m.Binary
	switch {
	case b.DAC == 200 && b.FID == 55:
		m.decodePersons(r)
	case (b.DAC == 235 || b.DAC == 250) && b.FID == 10:
		m.decodeAtoNMonitor(r)
	}
}

// appendJSON writes 6/200/55, omitting unknown counts.
func (p *Persons) appendJSON(dst []byte) []byte {
	dst = optU(dst, "crew", uint64(p.Crew), 255)
	dst = optU(dst, "passengers", uint64(p.Passengers), 8191)
	return optU(dst, "personnel", uint64(p.Personnel), 255)
}

// appendJSON writes 6/235/10: voltages in volts (omitted when 0, not
// used), the status codes and flags as gpsd names them.
func (a *AtoNMonitor) appendJSON(dst []byte) []byte {
	dst = optVolts(dst, "ana_int", a.AnaInt)
	dst = optVolts(dst, "ana_ext1", a.AnaExt1)
	dst = optVolts(dst, "ana_ext2", a.AnaExt2)
	dst = appendUint(dst, "racon", uint64(a.Racon))
	dst = appendUint(dst, "light", uint64(a.Light))
	dst = appendBool(dst, "alarm", a.Alarm)
	dst = appendUint(dst, "stat_ext", uint64(a.StatExt))
	return appendBool(dst, "off_pos", a.OffPos)
}

// optVolts writes a 0.05 V count in volts unless it is 0 (not used).
func optVolts(dst []byte, k string, v uint16) []byte {
	if v == 0 {
		return dst
	}
	return appendDecimal(dst, k, int64(v)*5, 2)
}

package ais

// Meteo is the IMO SN.1/Circ.289 meteorological and hydrographic data
// message (type 8, DAC 1, FI 31), decoded in its transmitted units. Each
// field's not-available value is given in its comment.
//
// 8/1/11 (IMO SN/Circ.236, superseded by 8/1/31) is decoded into the same
// struct, converted to these units, with Legacy set; it has no Accuracy
// or VisGreater.
type Meteo struct {
	Legacy       bool   // decoded from 8/1/11
	Lon, Lat     int32  // 1/1000 minute; 181°, 91° = not available
	Accuracy     bool   // position accuracy
	Day          uint8  // 0 = n/a
	Hour         uint8  // 24 = n/a
	Minute       uint8  // 60 = n/a
	WSpeed       uint8  // knots, 127 = n/a
	WGust        uint8  // knots, 127 = n/a
	WDir         uint16 // degrees, 360 = n/a
	WGustDir     uint16 // degrees, 360 = n/a
	AirTemp      int16  // 1/10 °C, -1024 = n/a
	Humidity     uint8  // %, 101 = n/a
	DewPoint     int16  // 1/10 °C, 501 = n/a
	Pressure     uint16 // hPa - 799 (0 = 799 or less, 402 = 1201 or more), 511 = n/a
	PressureTend uint8  // 0 steady, 1 decreasing, 2 increasing, 3 n/a
	VisGreater   bool   // visibility is greater than the value
	Visibility   uint8  // 1/10 nautical mile, 127 = n/a (255 when Legacy)
	WaterLevel   uint16 // 1/100 m + 10 m offset (value/100 - 10), 4001 = n/a
	LevelTrend   uint8  // 3 = n/a
	CSpeed       uint8  // surface current, 1/10 knot, 255 = n/a
	CDir         uint16 // degrees, 360 = n/a
	CSpeed2      uint8  // 1/10 knot, 255 = n/a
	CDir2        uint16 // degrees, 360 = n/a
	CDepth2      uint8  // metres, 31 = n/a
	CSpeed3      uint8  // 1/10 knot, 255 = n/a
	CDir3        uint16 // degrees, 360 = n/a
	CDepth3      uint8  // metres, 31 = n/a
	WaveHeight   uint8  // 1/10 m, 255 = n/a
	WavePeriod   uint8  // seconds, 63 = n/a
	WaveDir      uint16 // degrees, 360 = n/a
	SwellHeight  uint8  // 1/10 m, 255 = n/a
	SwellPeriod  uint8  // seconds, 63 = n/a
	SwellDir     uint16 // degrees, 360 = n/a
	SeaState     uint8  // Beaufort, 13 = n/a
	WaterTemp    int16  // 1/10 °C, 501 = n/a
	PrecipType   uint8  // 7 = n/a
	Salinity     uint16 // 1/10 ‰, 510 = n/a, 511 = sensor n/a
	Ice          uint8  // 0 no, 1 yes, 3 = n/a
}

// decodeMeteo decodes 8/1/31 into m.Meteo.
func (m *Message) decodeMeteo(r *bitBuf) {
	m.Meteo = Meteo{
		Lon: r.i32(56, 25), Lat: r.i32(81, 24), Accuracy: r.flag(105),
		Day: r.u8(106, 5), Hour: r.u8(111, 5), Minute: r.u8(116, 6),
		WSpeed: r.u8(122, 7), WGust: r.u8(129, 7),
		WDir: r.u16(136, 9), WGustDir: r.u16(145, 9),
		AirTemp: int16(r.s(154, 11)), Humidity: r.u8(165, 7),
		DewPoint: int16(r.s(172, 10)), Pressure: r.u16(182, 9),
		PressureTend: r.u8(191, 2), VisGreater: r.flag(193),
		Visibility: r.u8(194, 7), WaterLevel: r.u16(201, 12),
		LevelTrend: r.u8(213, 2),
		CSpeed:     r.u8(215, 8), CDir: r.u16(223, 9),
		CSpeed2: r.u8(232, 8), CDir2: r.u16(240, 9), CDepth2: r.u8(249, 5),
		CSpeed3: r.u8(254, 8), CDir3: r.u16(262, 9), CDepth3: r.u8(271, 5),
		WaveHeight: r.u8(276, 8), WavePeriod: r.u8(284, 6), WaveDir: r.u16(290, 9),
		SwellHeight: r.u8(299, 8), SwellPeriod: r.u8(307, 6), SwellDir: r.u16(313, 9),
		SeaState: r.u8(322, 4), WaterTemp: int16(r.s(326, 10)),
		PrecipType: r.u8(336, 3), Salinity: r.u16(339, 9), Ice: r.u8(348, 2),
	}
}

// InlandStatic is the inland ship static and voyage related data message
// (type 8, DAC 200, FI 10, RIS/ERI).
type InlandStatic struct {
	Length   uint16 // 1/10 metre, 0 = n/a
	Beam     uint16 // 1/10 metre, 0 = n/a
	ShipType uint16 // ERI ship type code, 0 = n/a
	Hazard   uint8  // hazardous cargo: blue cones/lights 0..3, 4 = B-flag, 5 = unknown
	Draught  uint16 // 1/100 metre, 0 = n/a
	Loaded   uint8  // 1 loaded, 2 unloaded, 0 = n/a
	SpeedQ   bool   // speed from a certified device
	CourseQ  bool   // course from a certified device
	HeadingQ bool   // heading from a certified device
	vin      [8]byte
	vinN     uint8
}

// VIN returns the European vessel identification number.
func (s *InlandStatic) VIN() string { return string(s.vin[:s.vinN]) }

// decodeInlandStatic decodes 8/200/10 into m.Inland.
func (m *Message) decodeInlandStatic(r *bitBuf) {
	s := &m.Inland
	s.vinN = uint8(r.readText(s.vin[:], 56, 8))
	s.Length, s.Beam = r.u16(104, 13), r.u16(117, 10)
	s.ShipType, s.Hazard = r.u16(127, 14), r.u8(141, 3)
	s.Draught, s.Loaded = r.u16(144, 11), r.u8(155, 2)
	s.SpeedQ, s.CourseQ, s.HeadingQ = r.flag(157), r.flag(158), r.flag(159)
}

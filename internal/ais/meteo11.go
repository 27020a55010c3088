package ais

// decodeMeteo11 decodes 8/1/11, the meteorological and hydrographic
// message of IMO SN/Circ.236 that 8/1/31 replaced, into m.Meteo in the
// units and not-available values of 8/1/31, so that one struct serves
// both (Meteo.Legacy tells them apart). Conversions: offsets removed from
// temperatures, pressure and water level; IMO 236's "all ones" defaults
// mapped to 8/1/31's sentinels.
func (m *Message) decodeMeteo11(r *bitBuf) {
	w := &m.Meteo
	*w = Meteo{
		Legacy: true,
		Lat:    naTo(r.i32(56, 24), 0x7FFFFF, 91*60000),
		Lon:    naTo(r.i32(80, 25), 0xFFFFFF, 181*60000),
		Day:    r.u8(105, 5), Hour: r.u8(110, 5), Minute: r.u8(115, 6),
		WSpeed: r.u8(121, 7), WGust: r.u8(128, 7),
		WDir:         uint16(naTo(iu(r, 135, 9), 511, 360)),
		WGustDir:     uint16(naTo(iu(r, 144, 9), 511, 360)),
		AirTemp:      int16(offsetNA(iu(r, 153, 11), 2047, -600, -1024)),
		Humidity:     uint8(naTo(iu(r, 164, 7), 127, 101)),
		DewPoint:     int16(offsetNA(iu(r, 171, 10), 1023, -200, 501)),
		Pressure:     uint16(offsetNA(iu(r, 181, 9), 511, 1, 511)),
		PressureTend: r.u8(190, 2),
		Visibility:   r.u8(192, 8), // 255 = n/a (JSON knows Legacy)
		WaterLevel:   uint16(waterLevel11(iu(r, 200, 9))),
		LevelTrend:   r.u8(209, 2),
	}
	w.CSpeed, w.CDir = r.u8(211, 8), uint16(naTo(iu(r, 219, 9), 511, 360))
	w.CSpeed2, w.CDir2, w.CDepth2 = r.u8(228, 8), uint16(naTo(iu(r, 236, 9), 511, 360)), r.u8(245, 5)
	w.CSpeed3, w.CDir3, w.CDepth3 = r.u8(250, 8), uint16(naTo(iu(r, 258, 9), 511, 360)), r.u8(267, 5)
	w.WaveHeight, w.WavePeriod, w.WaveDir = r.u8(272, 8), r.u8(280, 6), uint16(naTo(iu(r, 286, 9), 511, 360))
	w.SwellHeight, w.SwellPeriod, w.SwellDir = r.u8(295, 8), r.u8(303, 6), uint16(naTo(iu(r, 309, 9), 511, 360))
	w.SeaState = uint8(naTo(iu(r, 318, 4), 15, 13))
	w.WaterTemp = int16(offsetNA(iu(r, 322, 10), 1023, -100, 501))
	w.PrecipType, w.Salinity, w.Ice = r.u8(332, 3), uint16(naTo(iu(r, 335, 9), 511, 510)), r.u8(344, 2)
	if w.Day == 31 && w.Hour == 31 && w.Minute == 63 {
		w.Day, w.Hour, w.Minute = 0, 24, 60
	}
}

// naTo maps the not-available value na to to.
func naTo(v, na, to int32) int32 {
	if v == na {
		return to
	}
	return v
}

// offsetNA adds off to v, or returns to when v is the not-available na.
func offsetNA(v, na, off, to int32) int32 {
	if v == na {
		return to
	}
	return v + off
}

// waterLevel11 converts IMO 236's water level (0.1 m, offset -10 m, 511
// n/a) to 8/1/31's (0.01 m, offset -10 m, 4001 n/a).
func waterLevel11(v int32) int32 {
	if v == 511 {
		return 4001
	}
	return v * 10
}

// iu reads an unsigned field as an int32.
func iu(r *bitBuf, off, width int) int32 { return int32(r.u(off, width)) }

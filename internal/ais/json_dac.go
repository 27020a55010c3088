package ais

// appendJSON writes the 8/1/31 (and 8/1/11) fields in natural units, omitting the
// not-available ones: lon/lat degrees, temperatures °C, pressure hPa,
// visibility nautical miles, water level and heights metres, current
// speeds knots.
func (w *Meteo) appendJSON(dst []byte) []byte {
	if w.Lon != 181*60000 && w.Lon >= -180*60000 && w.Lon <= 180*60000 {
		dst = appendDegrees(dst, "lon", int64(w.Lon), 60000)
	}
	if w.Lat != 91*60000 && w.Lat >= -90*60000 && w.Lat <= 90*60000 {
		dst = appendDegrees(dst, "lat", int64(w.Lat), 60000)
	}
	if !w.Legacy {
		dst = appendBool(dst, "accuracy", w.Accuracy)
	}
	if w.Day != 0 && w.Hour < 24 && w.Minute < 60 {
		dst = append(appendKey(dst, "timestamp"), '"')
		dst = append2(dst, w.Day)
		dst = append2(append(dst, 'T'), w.Hour)
		dst = append2(append(dst, ':'), w.Minute)
		dst = append(dst, 'Z', '"')
	}
	dst = optU(dst, "wspeed", uint64(w.WSpeed), 127)
	dst = optU(dst, "wgust", uint64(w.WGust), 127)
	dst = optU(dst, "wdir", uint64(w.WDir), 360)
	dst = optU(dst, "wgustdir", uint64(w.WGustDir), 360)
	if w.AirTemp != -1024 {
		dst = appendDecimal(dst, "airtemp", int64(w.AirTemp), 1)
	}
	dst = optU(dst, "humidity", uint64(w.Humidity), 101)
	if w.DewPoint != 501 {
		dst = appendDecimal(dst, "dewpoint", int64(w.DewPoint), 1)
	}
	if w.Pressure < 403 {
		dst = appendUint(dst, "pressure", uint64(w.Pressure)+799)
	}
	dst = optU(dst, "pressuretend", uint64(w.PressureTend), 3)
	if !w.Legacy {
		dst = appendBool(dst, "visgreater", w.VisGreater)
	}
	visNA := uint8(127)
	if w.Legacy {
		visNA = 255
	}
	if w.Visibility != visNA {
		dst = appendDecimal(dst, "visibility", int64(w.Visibility), 1)
	}
	if w.WaterLevel != 4001 {
		dst = appendDecimal(dst, "waterlevel", int64(w.WaterLevel)-1000, 2)
	}
	dst = optU(dst, "leveltrend", uint64(w.LevelTrend), 3)
	return w.appendJSONSea(dst)
}

// appendJSONSea writes the current, wave and sea fields of 8/1/31.
func (w *Meteo) appendJSONSea(dst []byte) []byte {
	dst = optTenth(dst, "cspeed", uint64(w.CSpeed), 255)
	dst = optU(dst, "cdir", uint64(w.CDir), 360)
	dst = optTenth(dst, "cspeed2", uint64(w.CSpeed2), 255)
	dst = optU(dst, "cdir2", uint64(w.CDir2), 360)
	dst = optU(dst, "cdepth2", uint64(w.CDepth2), 31)
	dst = optTenth(dst, "cspeed3", uint64(w.CSpeed3), 255)
	dst = optU(dst, "cdir3", uint64(w.CDir3), 360)
	dst = optU(dst, "cdepth3", uint64(w.CDepth3), 31)
	dst = optTenth(dst, "waveheight", uint64(w.WaveHeight), 255)
	dst = optU(dst, "waveperiod", uint64(w.WavePeriod), 63)
	dst = optU(dst, "wavedir", uint64(w.WaveDir), 360)
	dst = optTenth(dst, "swellheight", uint64(w.SwellHeight), 255)
	dst = optU(dst, "swellperiod", uint64(w.SwellPeriod), 63)
	dst = optU(dst, "swelldir", uint64(w.SwellDir), 360)
	dst = optU(dst, "seastate", uint64(w.SeaState), 13)
	if w.WaterTemp != 501 {
		dst = appendDecimal(dst, "watertemp", int64(w.WaterTemp), 1)
	}
	dst = optU(dst, "preciptype", uint64(w.PrecipType), 7)
	if w.Salinity < 510 {
		dst = appendDecimal(dst, "salinity", int64(w.Salinity), 1)
	}
	return optU(dst, "ice", uint64(w.Ice), 3)
}

// optU writes v unless it is the not-available value na.
func optU(dst []byte, k string, v, na uint64) []byte {
	if v == na {
		return dst
	}
	return appendUint(dst, k, v)
}

// optTenth writes v/10 unless v is the not-available value na.
func optTenth(dst []byte, k string, v, na uint64) []byte {
	if v == na {
		return dst
	}
	return appendDecimal(dst, k, int64(v), 1)
}

// appendJSON writes the 8/200/10 fields: length, beam and draught in
// metres (omitted when 0 = not available).
func (s *InlandStatic) appendJSON(dst []byte) []byte {
	dst = appendText(dst, "vin", s.vin[:s.vinN])
	dst = optTenth(dst, "length", uint64(s.Length), 0)
	dst = optTenth(dst, "beam", uint64(s.Beam), 0)
	dst = appendUint(dst, "shiptype", uint64(s.ShipType))
	dst = appendUint(dst, "hazard", uint64(s.Hazard))
	if s.Draught != 0 {
		dst = appendDecimal(dst, "draught", int64(s.Draught), 2)
	}
	dst = appendUint(dst, "loaded", uint64(s.Loaded))
	dst = appendBool(dst, "speed_q", s.SpeedQ)
	dst = appendBool(dst, "course_q", s.CourseQ)
	return appendBool(dst, "heading_q", s.HeadingQ)
}

// Package ais decodes AIS message payloads (ITU-R M.1371-5, all 27 message
// types) into a reusable Message, and writes them as gpsd-style JSON.
//
// The package works on the armoured 6-bit payload of a complete message and
// knows nothing of NMEA: framing, checksums, tag blocks and multi-sentence
// assembly live in the nmea subpackage, which calls Message.Decode with the
// assembled payload and the fill-bit count of the last sentence.
//
// Decoding is allocation-free: a Message owns a fixed bit buffer, fixed
// arrays for its texts (read with methods such as Static.ShipName, which
// allocate only when called) and a fixed buffer for binary application
// data. Reuse one Message per goroutine:
//
//	var m ais.Message
//	for … {
//		if err := m.Decode(payload, fill); err != nil && !errors.Is(err, ais.ErrTooShort) {
//			continue // count by reason
//		}
//		out = m.AppendJSON(out[:0])
//	}
//
// Integer fields hold transmitted values; Position normalises the units of
// the position-bearing types so one set of not-available sentinels applies
// (LonNA, LatNA, SpeedNA, CourseNA, HeadingNA, TurnNA, SecondNA).
//
// Application-specific messages: 6, 8, 25 and 26 keep their DAC, FI and raw
// data; 8/1/31 (IMO meteorological and hydrographic data) is decoded into
// Message.Meteo and 8/200/10 (inland ship static and voyage data) into
// Message.Inland.
//
// The field layouts follow ITU-R M.1371-5 as described in Eric S.
// Raymond's "AIVDM/AIVDO protocol decoding", and the tests compare every
// field with gpsd's expected output on gpsd's regression logs.
package ais

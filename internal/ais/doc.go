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
// Texts end at the first '@' (the standard's padding) and lose trailing
// spaces, as in gpsd. A payload shorter than its type's minimum is decoded as
// far as it goes and reported with a *ShortError (errors.Is ErrTooShort);
// bits past the payload read as zero. Longer payloads are decoded and the
// extra bits ignored (up to 2048 bits, twice the largest legal message).
//
// Application-specific messages: 6, 8, 25 and 26 keep their DAC, FI and raw
// data (Binary.Data). These applications are also decoded:
//   - 8/1/31, IMO SN.1/Circ.289 meteorological and hydrographic data, and
//     its predecessor 8/1/11 (IMO SN/Circ.236), into Message.Meteo;
//   - 8/200/10, inland ship static and voyage data, into Message.Inland;
//   - 6/200/55, inland persons on board, into Message.Persons;
//   - 6/235/10 and 6/250/10, GLA aid-to-navigation monitoring, into
//     Message.Monitor.
//
// AppendJSON writes gpsd's field names in natural units (degrees, knots,
// metres, °C, hPa) and omits what the message marks as not available;
// AppendJSONFields leaves the object open for a caller's extra fields.
//
// The field layouts follow ITU-R M.1371-5 as described in Eric S.
// Raymond's "AIVDM/AIVDO protocol decoding", and the tests compare every
// field with gpsd's expected output on gpsd's regression logs.
package ais

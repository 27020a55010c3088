package ais

import "strconv"

// AppendJSON appends m as one JSON object with gpsd's AIS field names and
// values in natural units (degrees, knots, metres), omitting fields the
// message marks as not available. It does not allocate beyond growing dst.
func (m *Message) AppendJSON(dst []byte) []byte {
	return append(m.AppendJSONFields(dst), '}')
}

// AppendJSONFields is AppendJSON without the closing brace: it appends
// `{"type":…,"repeat":…,"mmsi":…` and the message's fields, and leaves the
// object open so that the caller can append more fields, each starting
// with a comma, and then '}'. For example:
//
//	b = m.AppendJSONFields(b)
//	b = append(b, `,"src":"f.nmea:12"}`...)
func (m *Message) AppendJSONFields(dst []byte) []byte {
	dst = append(dst, `{"type":`...)
	dst = strconv.AppendUint(dst, uint64(m.Type), 10)
	dst = appendUint(dst, "repeat", uint64(m.Repeat))
	dst = appendUint(dst, "mmsi", uint64(m.MMSI))
	switch m.Type {
	case 1, 2, 3:
		dst = m.jsonClassA(dst)
	case 4, 11:
		dst = m.jsonBase(dst)
	case 5:
		dst = m.jsonVoyage(dst)
	case 6, 8, 25, 26:
		dst = m.jsonBinary(dst)
	case 7, 13:
		dst = m.jsonAcks(dst)
	case 9:
		dst = m.jsonSAR(dst)
	case 10:
		dst = appendUint(dst, "dest_mmsi", uint64(m.Addr.DestMMSI))
	case 12, 14:
		dst = m.jsonText(dst)
	default:
		dst = m.jsonFields2(dst)
	}
	return dst
}

// jsonFields2 writes the types above 14.
func (m *Message) jsonFields2(dst []byte) []byte {
	switch m.Type {
	case 15:
		dst = m.jsonInterrogation(dst)
	case 16:
		dst = m.jsonAssignment(dst)
	case 17:
		dst = m.jsonLonLat(dst)
		dst = appendData(dst, "data", m.Binary.Data(), m.Binary.DataBits)
	case 18, 19:
		dst = m.jsonClassB(dst)
	case 20:
		dst = m.jsonDataLink(dst)
	case 21:
		dst = m.jsonAtoN(dst)
	case 22:
		dst = m.jsonChannel(dst)
	case 23:
		dst = m.jsonGroup(dst)
	case 24:
		dst = m.jsonStaticB(dst)
	case 27:
		dst = m.jsonLongRange(dst)
	}
	return dst
}

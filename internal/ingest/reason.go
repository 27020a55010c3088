package ingest

// Reason names why an input line or a value was not used. Reasons are
// counted, with the first file:line of each, in the ingest summary.
type Reason string

// Reasons for CSV input. NMEA reasons come from the NMEA and payload
// decoders' errors.
const (
	ReasonNone        Reason = ""
	ReasonColumns     Reason = "csv: wrong number of columns"
	ReasonQuote       Reason = "csv: unclosed quote"
	ReasonMMSI        Reason = "bad mmsi"
	ReasonTime        Reason = "bad time"
	ReasonLatLon      Reason = "bad lat/lon"
	ReasonNoPosition  Reason = "position not available (91/181)"
	ReasonOutOfRange  Reason = "position out of range"
	ReasonNotVessel   Reason = "not a vessel (base station, AtoN, SAR aircraft)"
	ReasonNoTime      Reason = "no time for message"
	ReasonEmptyRow    Reason = "csv: empty row"
	ReasonUnsupported Reason = "not a vessel position or static report"
)

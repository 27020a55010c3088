package ingest

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
)

// Format is an input format.
type Format uint8

// The formats Ingest reads. FormatAuto asks for detection from content.
const (
	FormatAuto Format = iota
	FormatNMEA
	FormatDMACSV
	FormatMarineCadastreCSV
	FormatCSV
)

var formatNames = [...]string{"auto", "nmea", "dma-csv", "marinecadastre-csv", "csv"}

// String returns the --format name of f.
func (f Format) String() string {
	if int(f) < len(formatNames) {
		return formatNames[f]
	}
	return fmt.Sprintf("format(%d)", uint8(f))
}

// FormatNames lists the values --format accepts.
func FormatNames() []string { return formatNames[:] }

// ParseFormat returns the format named by a --format value.
func ParseFormat(s string) (Format, error) {
	for i, n := range formatNames {
		if strings.EqualFold(s, n) {
			return Format(i), nil
		}
	}
	return FormatAuto, fmt.Errorf("unknown format %q (want one of %s)", s, strings.Join(formatNames[:], ", "))
}

// ErrUnknownFormat means format detection found neither NMEA sentences nor
// a CSV header naming mmsi, lat and lon in the first lines of an input.
var ErrUnknownFormat = errors.New("unknown input format")

// detectLines is how many non-empty lines detection looks at.
const detectLines = 50

// DetectFormat guesses the format of an input from its first bytes (a few
// kilobytes are plenty): NMEA when one of the first non-comment lines holds
// a VDM/VDO sentence, with or without tag blocks, $PGHP lines or trailers;
// DMA aisdk CSV for a "# Timestamp,Type of mobile,MMSI" header;
// MarineCadastre for a header with MMSI and BaseDateTime; generic CSV for
// any other header that names an mmsi column and a time, lat or lon column
// (so that a CSV missing one of them gets a clear error, not "unknown"). The header test
// skips leading comment lines only for NMEA.
func DetectFormat(head []byte) (Format, error) {
	first := true
	for n := 0; n < detectLines && len(head) > 0; {
		var line []byte
		line, head = cutAnyLine(head)
		line = bytes.TrimSpace(line)
		if len(line) == 0 {
			continue
		}
		n++
		if isNMEALine(line) {
			return FormatNMEA, nil
		}
		if first {
			first = false
			if f, ok := detectCSVHeader(line); ok {
				return f, nil
			}
		}
	}
	return FormatAuto, ErrUnknownFormat
}

// isNMEALine reports whether a line holds an AIS VDM/VDO sentence or an
// NMEA tag block or $PGHP line that precedes one.
func isNMEALine(line []byte) bool {
	if line[0] != '!' && line[0] != '\\' && line[0] != '$' {
		return false
	}
	if i := bytes.Index(line, []byte("VDM,")); i >= 3 && bytes.IndexByte(line[:i], '!') >= 0 {
		return true
	}
	if i := bytes.Index(line, []byte("VDO,")); i >= 3 && bytes.IndexByte(line[:i], '!') >= 0 {
		return true
	}
	return bytes.HasPrefix(line, []byte("$PGHP,")) || (line[0] == '\\' && bytes.Count(line, []byte{'\\'}) >= 2)
}

// detectCSVHeader classifies a header line.
func detectCSVHeader(line []byte) (Format, bool) {
	if bytes.IndexByte(line, ',') < 0 {
		return FormatAuto, false
	}
	var fields [][]byte
	var scratch []byte
	fields, ok := splitCSV(fields, &scratch, line)
	if !ok {
		return FormatAuto, false
	}
	seen := map[Field]bool{}
	names := map[string]bool{}
	for _, f := range fields {
		n := normalizeHeader(string(f))
		names[n] = true
		if fl, _ := matchHeader(string(f)); fl != FieldNone {
			seen[fl] = true
		}
	}
	switch {
	case names["timestamp"] && names["type_of_mobile"] && names["mmsi"]:
		return FormatDMACSV, true
	case names["mmsi"] && names["basedatetime"] && names["lat"] && names["lon"]:
		return FormatMarineCadastreCSV, true
	case seen[FieldMMSI] && (seen[FieldLat] || seen[FieldLon] || seen[FieldTime]):
		return FormatCSV, true // NewSchema then names any missing column
	}
	return FormatAuto, false
}

// cutLine returns the first line of b (without \n or \r\n) and the rest.
func cutLine(b []byte) ([]byte, []byte) {
	i := bytes.IndexByte(b, '\n')
	if i < 0 {
		return trimCR(b), nil
	}
	return trimCR(b[:i]), b[i+1:]
}

// cutAnyLine is cutLine for a line that may also end in a lone CR (an
// old Mac-style NMEA log), as NMEA framing ends one.
func cutAnyLine(b []byte) ([]byte, []byte) {
	i := bytes.IndexAny(b, "\r\n")
	switch {
	case i < 0:
		return b, nil
	case b[i] == '\r' && i+1 < len(b) && b[i+1] == '\n':
		return b[:i], b[i+2:]
	}
	return b[:i], b[i+1:]
}

// trimCR drops one trailing carriage return.
func trimCR(b []byte) []byte {
	if len(b) > 0 && b[len(b)-1] == '\r' {
		return b[:len(b)-1]
	}
	return b
}

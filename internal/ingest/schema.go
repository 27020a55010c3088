package ingest

import (
	"errors"
	"fmt"
	"strings"
)

// Field names what a CSV column holds.
type Field uint8

// The fields a CSV row can carry. FieldClass holds the transponder class or
// DMA's "Type of mobile".
const (
	FieldNone Field = iota
	FieldMMSI
	FieldTime
	FieldLat
	FieldLon
	FieldSOG
	FieldCOG
	FieldHeading
	FieldStatus
	FieldName
	FieldIMO
	FieldCallsign
	FieldShipType
	FieldClass
	FieldLength
	FieldWidth
	FieldDraught
	FieldDestination
	FieldMsgType
	numFields
)

var fieldNames = [numFields]string{"", "mmsi", "time", "lat", "lon", "sog", "cog", "heading",
	"status", "name", "imo", "callsign", "shiptype", "class", "length", "width", "draught", "destination", "msgtype"}

// String returns the field's name as used by --columns.
func (f Field) String() string { return fieldNames[f] }

// Unit is the unit of a numeric column.
type Unit uint8

// Units of speed and course columns. UnitDefault means knots for speed and
// degrees for course.
const (
	UnitDefault Unit = iota
	UnitKnots
	UnitDeciKnots // 0.1 kn, raw AIS
	UnitMPS       // metres per second
	UnitKMH       // kilometres per hour
	UnitDegrees
	UnitDeciDegrees // 0.1°, raw AIS
)

// Errors about a CSV header. They are wrapped with the file name.
var (
	// ErrMissingColumn means a required column (mmsi, time, lat, lon) is absent.
	ErrMissingColumn = errors.New("missing column")
	// ErrAmbiguousColumns means two columns could hold the same field.
	ErrAmbiguousColumns = errors.New("ambiguous columns")
	// ErrBadColumnsFlag means a --columns mapping does not parse or names an
	// unknown field, unit or column.
	ErrBadColumnsFlag = errors.New("bad --columns mapping")
)

// Schema says which column of a CSV holds which field, in which unit.
type Schema struct {
	Format Format
	Col    [numFields]int // column index per field; -1 when absent
	Unit   [numFields]Unit
	NCols  int  // columns in the header
	DMA    bool // DMA aisdk enums: text status, ship type and "Type of mobile"
}

// aliases maps a normalised header name (lower case, unit suffix removed)
// to the field it holds.
var aliases = map[string]Field{
	"mmsi": FieldMMSI, "userid": FieldMMSI,
	"time": FieldTime, "timestamp": FieldTime, "basedatetime": FieldTime, "datetime": FieldTime,
	"date_time": FieldTime, "lat": FieldLat, "latitude": FieldLat, "lon": FieldLon,
	"long": FieldLon, "lng": FieldLon, "longitude": FieldLon, "sog": FieldSOG, "speed": FieldSOG,
	"speed_over_ground": FieldSOG, "cog": FieldCOG, "course": FieldCOG, "course_over_ground": FieldCOG,
	"heading": FieldHeading, "true_heading": FieldHeading, "hdg": FieldHeading,
	"status": FieldStatus, "nav_status": FieldStatus, "navigational_status": FieldStatus,
	"navstatus": FieldStatus, "name": FieldName, "vesselname": FieldName, "shipname": FieldName,
	"vessel_name": FieldName, "ship_name": FieldName, "imo": FieldIMO, "callsign": FieldCallsign,
	"call_sign": FieldCallsign, "vesseltype": FieldShipType, "shiptype": FieldShipType,
	"ship_type": FieldShipType, "vessel_type": FieldShipType, "transceiverclass": FieldClass,
	"type_of_mobile": FieldClass, "class": FieldClass, "length": FieldLength, "width": FieldWidth,
	"draught": FieldDraught, "draft": FieldDraught, "destination": FieldDestination,
	"message_id": FieldMsgType, "msgtype": FieldMsgType, "message_type": FieldMsgType,
	"msg_type": FieldMsgType, "time(yyyymmdd_hhmmss)": FieldTime,
}

// unitSuffixes maps header name suffixes to units. "_raw" columns carry
// undocumented raw integers and are matched only through --columns.
var unitSuffixes = []struct {
	suffix string
	unit   Unit
}{
	{"_knots", UnitKnots}, {"_knot", UnitKnots}, {"_kts", UnitKnots}, {"_kn", UnitKnots},
	{"_mps", UnitMPS}, {"_kmh", UnitKMH}, {"_degrees", UnitDegrees}, {"_deg", UnitDegrees},
	{"_utc", UnitDefault}, {"_m", UnitDefault},
}

// normalizeHeader lower-cases a header name, drops a leading "#" and
// quotes, and turns spaces and dashes into underscores.
func normalizeHeader(h string) string {
	h = strings.ToLower(strings.TrimSpace(strings.Trim(strings.TrimSpace(h), `"#`)))
	return strings.NewReplacer(" ", "_", "-", "_").Replace(h)
}

// matchHeader returns the field and unit a header name announces.
func matchHeader(h string) (Field, Unit) {
	n := normalizeHeader(h)
	if strings.HasSuffix(n, "_raw") {
		return FieldNone, UnitDefault
	}
	if f, ok := aliases[n]; ok {
		return f, UnitDefault
	}
	for _, s := range unitSuffixes {
		if base, ok := strings.CutSuffix(n, s.suffix); ok {
			if f, ok := aliases[base]; ok {
				return f, s.unit
			}
		}
	}
	return FieldNone, UnitDefault
}

// NewSchema builds a schema from a header row. columns is the --columns
// mapping ("sog=speed_raw:0.1kn,cog=course_raw:0.1deg"; may be empty),
// which overrides matching by name. It fails when mmsi, time, lat or lon
// has no column, or when two columns match one field.
func NewSchema(format Format, header []string, columns string) (*Schema, error) {
	s := &Schema{Format: format, NCols: len(header), DMA: format == FormatDMACSV}
	for i := range s.Col {
		s.Col[i] = -1
	}
	mapped, err := parseColumnsFlag(columns, header)
	if err != nil {
		return nil, err
	}
	for i, h := range header {
		f, u := matchHeader(h)
		if f == FieldNone || mapped[f].set {
			continue
		}
		if s.Col[f] >= 0 {
			return nil, fmt.Errorf("%w: %q and %q both look like %s; say which with --columns %s=COLUMN",
				ErrAmbiguousColumns, header[s.Col[f]], h, f, f)
		}
		s.Col[f], s.Unit[f] = i, u
	}
	for f, m := range mapped {
		if m.set {
			s.Col[f], s.Unit[f] = m.col, m.unit
		}
	}
	return s, s.checkRequired(header)
}

// checkRequired reports the first required field without a column.
func (s *Schema) checkRequired(header []string) error {
	for _, f := range []Field{FieldMMSI, FieldTime, FieldLat, FieldLon} {
		if s.Col[f] < 0 {
			return fmt.Errorf("%w %q: the header %q has no column for it (use --columns %s=COLUMN)",
				ErrMissingColumn, f.String(), strings.Join(header, ","), f)
		}
	}
	return nil
}

type mapping struct {
	set  bool
	col  int
	unit Unit
}

// unitNames are the units --columns accepts.
var unitNames = map[string]Unit{"kn": UnitKnots, "0.1kn": UnitDeciKnots, "mps": UnitMPS,
	"m/s": UnitMPS, "kmh": UnitKMH, "km/h": UnitKMH, "deg": UnitDegrees, "0.1deg": UnitDeciDegrees}

// parseColumnsFlag parses "field=column[:unit],…" against a header.
func parseColumnsFlag(spec string, header []string) ([numFields]mapping, error) {
	var out [numFields]mapping
	if strings.TrimSpace(spec) == "" {
		return out, nil
	}
	for _, part := range strings.Split(spec, ",") {
		field, col, ok := strings.Cut(strings.TrimSpace(part), "=")
		if !ok {
			return out, fmt.Errorf("%w: %q is not FIELD=COLUMN[:UNIT]", ErrBadColumnsFlag, part)
		}
		f := fieldByName(field)
		if f == FieldNone {
			return out, fmt.Errorf("%w: unknown field %q (want one of %s)", ErrBadColumnsFlag, field,
				strings.Join(fieldNames[1:], ", "))
		}
		col, unitName, hasUnit := strings.Cut(col, ":")
		m := mapping{set: true, col: headerIndex(header, col)}
		if m.col < 0 {
			return out, fmt.Errorf("%w: no column %q in header %q", ErrBadColumnsFlag, col, strings.Join(header, ","))
		}
		if hasUnit {
			u, ok := unitNames[unitName]
			if !ok {
				return out, fmt.Errorf("%w: unknown unit %q (want kn, 0.1kn, mps, kmh, deg, 0.1deg)", ErrBadColumnsFlag, unitName)
			}
			m.unit = u
		}
		out[f] = m
	}
	return out, nil
}

// fieldByName returns the field called name, or FieldNone.
func fieldByName(name string) Field {
	for f := FieldMMSI; f < numFields; f++ {
		if strings.EqualFold(fieldNames[f], strings.TrimSpace(name)) {
			return f
		}
	}
	return FieldNone
}

// headerIndex finds a column by exact or normalised name, or -1.
func headerIndex(header []string, name string) int {
	for i, h := range header {
		if h == name || normalizeHeader(h) == normalizeHeader(name) {
			return i
		}
	}
	return -1
}

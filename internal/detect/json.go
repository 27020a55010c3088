package detect

import (
	"encoding/json"
	"math"
	"sort"
	"strconv"
	"time"

	"github.com/lookout-osint/lookout/internal/track"
)

// SourceName turns a SourceRef into the "file:line" text of the evidence
// field (the store resolves the source id through its source table).
type SourceName func(track.SourceRef) string

// AppendJSON appends ev as one JSON object, in the shape of CLI.md's event
// JSON: id, type, mmsi, other_mmsi (when set), start, end (RFC 3339 UTC),
// lat, lon, port, from_port, to_port (when set), confidence (when set),
// attrs (keys sorted), evidence ([{"src":"file:line"}]) and computed. A nil
// src writes "source#line".
func AppendJSON(dst []byte, ev *Event, src SourceName) []byte {
	dst = append(dst, `{"id":`...)
	dst = appendJSONString(dst, ev.ID)
	dst = append(dst, `,"type":`...)
	dst = appendJSONString(dst, ev.Type)
	dst = append(dst, `,"mmsi":`...)
	dst = strconv.AppendUint(dst, uint64(ev.MMSI), 10)
	if ev.OtherMMSI != 0 {
		dst = append(dst, `,"other_mmsi":`...)
		dst = strconv.AppendUint(dst, uint64(ev.OtherMMSI), 10)
	}
	dst = appendTimeField(dst, "start", ev.Start)
	dst = appendTimeField(dst, "end", ev.End)
	dst = append(dst, `,"lat":`...)
	dst = appendFloat(dst, round(ev.Lat, 6))
	dst = append(dst, `,"lon":`...)
	dst = appendFloat(dst, round(ev.Lon, 6))
	dst = appendPort(dst, "port", ev.Port)
	dst = appendPort(dst, "from_port", ev.FromPort)
	dst = appendPort(dst, "to_port", ev.ToPort)
	if ev.Confidence != 0 {
		dst = append(dst, `,"confidence":`...)
		dst = strconv.AppendInt(dst, int64(ev.Confidence), 10)
	}
	if len(ev.Attrs) > 0 {
		dst = append(dst, `,"attrs":`...)
		dst = appendValue(dst, ev.Attrs)
	}
	dst = append(dst, `,"evidence":[`...)
	for i, r := range ev.Evidence {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = append(dst, `{"src":`...)
		dst = appendJSONString(dst, srcText(src, r))
		dst = append(dst, '}')
	}
	dst = append(dst, ']')
	if ev.Computed != 0 {
		dst = appendTimeField(dst, "computed", ev.Computed)
	}
	return append(dst, '}')
}

// srcText names r through src, or as "source#line" without one.
func srcText(src SourceName, r track.SourceRef) string {
	if src != nil {
		return src(r)
	}
	return strconv.FormatUint(uint64(r.Source), 10) + "#" + strconv.FormatUint(uint64(r.Line), 10)
}

// FormatTime formats Unix ms as RFC 3339 UTC (second precision unless the
// time has milliseconds).
func FormatTime(ms int64) string {
	return string(appendTime(nil, ms))
}

func appendTime(dst []byte, ms int64) []byte {
	t := time.UnixMilli(ms).UTC()
	if ms%1000 != 0 {
		return t.AppendFormat(dst, "2006-01-02T15:04:05.000Z07:00")
	}
	return t.AppendFormat(dst, time.RFC3339)
}

func appendTimeField(dst []byte, name string, ms int64) []byte {
	dst = append(dst, `,"`...)
	dst = append(dst, name...)
	dst = append(dst, `":"`...)
	dst = appendTime(dst, ms)
	return append(dst, '"')
}

// appendFloat writes a finite float in the shortest form, and null for NaN
// and infinities (which JSON cannot hold).
func appendFloat(dst []byte, x float64) []byte {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return append(dst, "null"...)
	}
	return strconv.AppendFloat(dst, x, 'f', -1, 64)
}

// appendPort writes a PortRef object under name when p is set.
func appendPort(dst []byte, name string, p *PortRef) []byte {
	if p == nil {
		return dst
	}
	dst = append(dst, `,"`...)
	dst = append(dst, name...)
	dst = append(dst, `":{`...)
	n := len(dst)
	if p.WPI > 0 {
		dst = append(dst, `"wpi":`...)
		dst = strconv.AppendInt(dst, int64(p.WPI), 10)
	}
	for _, kv := range [][2]string{{"anchorage", p.Anchorage}, {"name", p.Name}, {"country", p.Country}} {
		if kv[1] == "" {
			continue
		}
		if len(dst) > n {
			dst = append(dst, ',')
		}
		dst = append(dst, '"')
		dst = append(dst, kv[0]...)
		dst = append(dst, `":`...)
		dst = appendJSONString(dst, kv[1])
	}
	if p.Lat != 0 || p.Lon != 0 {
		if len(dst) > n {
			dst = append(dst, ',')
		}
		dst = append(dst, `"lat":`...)
		dst = appendFloat(dst, p.Lat)
		dst = append(dst, `,"lon":`...)
		dst = appendFloat(dst, p.Lon)
	}
	return append(dst, '}')
}

// appendValue writes an attribute value: maps with sorted keys, slices,
// numbers (non-finite as null), strings and booleans; anything else through
// encoding/json (null if that fails).
func appendValue(dst []byte, v any) []byte {
	switch x := v.(type) {
	case nil:
		return append(dst, "null"...)
	case string:
		return appendJSONString(dst, x)
	case bool:
		return strconv.AppendBool(dst, x)
	case float64:
		return appendFloat(dst, x)
	case float32:
		return appendFloat(dst, float64(x))
	case int:
		return strconv.AppendInt(dst, int64(x), 10)
	case int32:
		return strconv.AppendInt(dst, int64(x), 10)
	case int64:
		return strconv.AppendInt(dst, x, 10)
	case uint32:
		return strconv.AppendUint(dst, uint64(x), 10)
	case uint64:
		return strconv.AppendUint(dst, x, 10)
	case map[string]any:
		return appendMap(dst, x)
	case []map[string]any:
		dst = append(dst, '[')
		for i, m := range x {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = appendMap(dst, m)
		}
		return append(dst, ']')
	case []any:
		dst = append(dst, '[')
		for i, e := range x {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = appendValue(dst, e)
		}
		return append(dst, ']')
	}
	b, err := json.Marshal(v)
	if err != nil {
		return append(dst, "null"...)
	}
	return append(dst, b...)
}

func appendMap(dst []byte, m map[string]any) []byte {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	dst = append(dst, '{')
	for i, k := range keys {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = appendJSONString(dst, k)
		dst = append(dst, ':')
		dst = appendValue(dst, m[k])
	}
	return append(dst, '}')
}

// appendJSONString quotes s as a JSON string (encoding/json's escaping).
func appendJSONString(dst []byte, s string) []byte {
	b, _ := json.Marshal(s) // a string always marshals
	return append(dst, b...)
}

// AppendGeoJSONFeature appends ev as a GeoJSON Feature: a Point at the
// event's representative position whose properties are the event JSON of
// AppendJSON.
func AppendGeoJSONFeature(dst []byte, ev *Event, src SourceName) []byte {
	dst = append(dst, `{"type":"Feature","geometry":{"type":"Point","coordinates":[`...)
	dst = appendFloat(dst, round(ev.Lon, 6))
	dst = append(dst, ',')
	dst = appendFloat(dst, round(ev.Lat, 6))
	dst = append(dst, `]},"properties":`...)
	dst = AppendJSON(dst, ev, src)
	return append(dst, '}')
}

// AppendAttrsJSON appends an attribute map as a JSON object with sorted
// keys, as in AppendJSON.
func AppendAttrsJSON(dst []byte, attrs map[string]any) []byte { return appendMap(dst, attrs) }

package places

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/lookout-osint/lookout/internal/geo"
)

// gjFeature is one GeoJSON feature as read from a FeatureCollection.
type gjFeature struct {
	ID         json.RawMessage `json:"id"`
	Geometry   *gjGeometry     `json:"geometry"`
	Properties map[string]any  `json:"properties"`
	line       int             // line of the feature's opening brace
}

type gjGeometry struct {
	Type        string          `json:"type"`
	Coordinates json.RawMessage `json:"coordinates"`
}

// readFeatures decodes a GeoJSON FeatureCollection (or a single Feature)
// feature by feature, recording the line each starts on.
func readFeatures(data []byte, source string) ([]gjFeature, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	lineAt := lineCounter(data)
	var head struct {
		Type string `json:"type"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		return nil, &ParseError{Source: source, Line: jsonErrLine(err, lineAt), Err: fmt.Errorf("%w: %v", ErrBadFormat, err)}
	}
	switch head.Type {
	case "Feature":
		var f gjFeature
		if err := json.Unmarshal(data, &f); err != nil {
			return nil, &ParseError{Source: source, Line: 1, Err: fmt.Errorf("%w: %v", ErrBadFormat, err)}
		}
		f.line = 1
		return []gjFeature{f}, nil
	case "FeatureCollection":
	default:
		return nil, &ParseError{Source: source, Line: 1, Err: fmt.Errorf("%w: GeoJSON type %q, want FeatureCollection or Feature", ErrBadFormat, head.Type)}
	}
	if err := seekKey(dec, "features"); err != nil {
		return nil, &ParseError{Source: source, Line: lineAt(dec.InputOffset()), Err: fmt.Errorf("%w: %v", ErrBadFormat, err)}
	}
	var out []gjFeature
	for dec.More() {
		off := dec.InputOffset()
		var f gjFeature
		if err := dec.Decode(&f); err != nil {
			return nil, &ParseError{Source: source, Line: lineAt(off + 1), Err: fmt.Errorf("%w: feature %d: %v", ErrBadFormat, len(out), err)}
		}
		f.line = lineAt(off + leadingSpace(data[off:]))
		out = append(out, f)
	}
	return out, nil
}

// seekKey advances dec, inside the top-level object, to just after the
// '[' of the array value of key.
func seekKey(dec *json.Decoder, key string) error {
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return fmt.Errorf("want an object")
	}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return err
		}
		if t == key {
			if t, err := dec.Token(); err != nil || t != json.Delim('[') {
				return fmt.Errorf("%q is not an array", key)
			}
			return nil
		}
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			return err
		}
	}
	return fmt.Errorf("no %q member", key)
}

func leadingSpace(b []byte) int64 {
	n := int64(0)
	for _, c := range b {
		if c != ' ' && c != '\n' && c != '\r' && c != '\t' && c != ',' {
			break
		}
		n++
	}
	return n
}

// lineCounter returns a function mapping a byte offset in data to its
// 1-based line number.
func lineCounter(data []byte) func(off int64) int {
	var nl []int64
	for i, c := range data {
		if c == '\n' {
			nl = append(nl, int64(i))
		}
	}
	return func(off int64) int {
		lo, hi := 0, len(nl)
		for lo < hi {
			mid := (lo + hi) / 2
			if nl[mid] < off {
				lo = mid + 1
			} else {
				hi = mid
			}
		}
		return lo + 1
	}
}

func jsonErrLine(err error, lineAt func(int64) int) int {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return lineAt(se.Offset)
	}
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return lineAt(te.Offset)
	}
	return 1
}

// polygonRings decodes Polygon or MultiPolygon coordinates into rings of
// points (polygons flattened for a MultiPolygon), in [lon, lat] order.
func polygonRings(g *gjGeometry) ([][][]geo.Point, error) {
	var polys [][][][]float64
	switch g.Type {
	case "Polygon":
		var p [][][]float64
		if err := json.Unmarshal(g.Coordinates, &p); err != nil {
			return nil, fmt.Errorf("%w: Polygon coordinates: %v", ErrBadValue, err)
		}
		polys = [][][][]float64{p}
	case "MultiPolygon":
		if err := json.Unmarshal(g.Coordinates, &polys); err != nil {
			return nil, fmt.Errorf("%w: MultiPolygon coordinates: %v", ErrBadValue, err)
		}
	default:
		return nil, fmt.Errorf("%w: geometry type %q, want Polygon or MultiPolygon", ErrBadValue, g.Type)
	}
	out := make([][][]geo.Point, len(polys))
	for i, p := range polys {
		for j, r := range p {
			ring, err := toPoints(r)
			if err != nil {
				return nil, fmt.Errorf("polygon %d ring %d: %w", i, j, err)
			}
			out[i] = append(out[i], ring)
		}
	}
	return out, nil
}

func toPoints(coords [][]float64) ([]geo.Point, error) {
	pts := make([]geo.Point, len(coords))
	for i, c := range coords {
		if len(c) < 2 {
			return nil, fmt.Errorf("%w: position %d has %d numbers", ErrBadValue, i, len(c))
		}
		pts[i] = geo.Point{Lat: clampNoise(c[1], 90), Lon: clampNoise(c[0], 180)}
		if !pts[i].Valid() {
			return nil, fmt.Errorf("%w: position %d [%v, %v] out of range", ErrBadValue, i, c[0], c[1])
		}
	}
	return pts, nil
}

// ReadLandGeoJSON reads the rings of every Polygon and MultiPolygon feature
// of a GeoJSON FeatureCollection (such as Natural Earth's ne_10m_land), for
// NewLandMask. Features of other geometry types are an error.
func ReadLandGeoJSON(data []byte, source string) ([][]geo.Point, error) {
	feats, err := readFeatures(data, source)
	if err != nil {
		return nil, err
	}
	var rings [][]geo.Point
	for i, f := range feats {
		if f.Geometry == nil {
			return nil, &ParseError{Source: source, Line: f.line, Err: fmt.Errorf("%w: feature %d has no geometry", ErrBadValue, i)}
		}
		polys, err := polygonRings(f.Geometry)
		if err != nil {
			return nil, &ParseError{Source: source, Line: f.line, Err: fmt.Errorf("feature %d: %w", i, err)}
		}
		for _, p := range polys {
			rings = append(rings, p...)
		}
	}
	return rings, nil
}

// clampNoise pulls values that overshoot ±limit by floating-point noise
// (Natural Earth has longitudes of 180.00000000000014) back to the limit.
func clampNoise(v, limit float64) float64 {
	const noise = 1e-9
	if v > limit && v < limit+noise {
		return limit
	}
	if v < -limit && v > -limit-noise {
		return -limit
	}
	return v
}

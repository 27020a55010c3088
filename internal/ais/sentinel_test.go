package ais_test

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/lookout-osint/lookout/internal/ais"
)

// TestJSONNoSentinels decodes every real message and checks that no
// not-available value reaches the JSON: a consumer can use every field it
// finds.
func TestJSONNoSentinels(t *testing.T) {
	var m struct {
		Lat, Lon, Speed, Course *float64
		Heading, Second, Alt    *int
		Turn                    any
	}
	msgs := payloadsAll(t)
	for _, p := range msgs {
		b := p.json
		m.Lat, m.Lon, m.Speed, m.Course, m.Heading, m.Second, m.Alt, m.Turn = nil, nil, nil, nil, nil, nil, nil, nil
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatalf("%s: %v", b, err)
		}
		bad := (m.Lat != nil && (*m.Lat > 90 || *m.Lat < -90)) ||
			(m.Lon != nil && (*m.Lon > 180 || *m.Lon < -180)) ||
			(m.Speed != nil && *m.Speed >= 102.3 && p.typ != 9) ||
			(m.Course != nil && *m.Course >= 360) ||
			(m.Heading != nil && *m.Heading == 511) ||
			(m.Second != nil && *m.Second == 60) ||
			(m.Alt != nil && *m.Alt == 4095) ||
			m.Turn == -128.0
		if bad {
			t.Errorf("not-available value in %s", b)
		}
	}
	if len(msgs) < 1997 { // the assembled messages of the six logs (SOURCE.md statistics)
		t.Errorf("only %d messages", len(msgs))
	}
}

// decodedJSON is one real message's JSON and type.
type decodedJSON struct {
	typ  uint8
	json []byte
}

// payloadsAll decodes every real payload (short ones too) and returns its
// JSON.
func payloadsAll(t *testing.T) []decodedJSON {
	var out []decodedJSON
	var m ais.Message
	for _, p := range realPayloads(t) {
		if err := m.Decode(p.data, p.fill); err != nil && !errors.Is(err, ais.ErrTooShort) {
			continue
		}
		out = append(out, decodedJSON{m.Type, m.AppendJSON(nil)})
	}
	return out
}

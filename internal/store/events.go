package store

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/lookout-osint/lookout/internal/detect"
	"github.com/lookout-osint/lookout/internal/track"
)

// storedEvent is the JSON form of an event in the store. Evidence is kept
// as [source, line] pairs.
type storedEvent struct {
	ID         string          `json:"id"`
	Type       string          `json:"type"`
	MMSI       uint32          `json:"mmsi"`
	OtherMMSI  uint32          `json:"other_mmsi,omitempty"`
	Start      int64           `json:"start"`
	End        int64           `json:"end"`
	Lat        float64         `json:"lat"`
	Lon        float64         `json:"lon"`
	Port       *detect.PortRef `json:"port,omitempty"`
	FromPort   *detect.PortRef `json:"from_port,omitempty"`
	ToPort     *detect.PortRef `json:"to_port,omitempty"`
	Confidence int             `json:"confidence,omitempty"`
	Attrs      map[string]any  `json:"attrs,omitempty"`
	Evidence   [][2]uint32     `json:"evidence,omitempty"`
	Computed   int64           `json:"computed,omitempty"`
}

func toStored(e *detect.Event) storedEvent {
	se := storedEvent{ID: e.ID, Type: e.Type, MMSI: e.MMSI, OtherMMSI: e.OtherMMSI, Start: e.Start, End: e.End,
		Lat: e.Lat, Lon: e.Lon, Port: e.Port, FromPort: e.FromPort, ToPort: e.ToPort,
		Confidence: e.Confidence, Attrs: e.Attrs, Computed: e.Computed}
	for _, r := range e.Evidence {
		se.Evidence = append(se.Evidence, [2]uint32{r.Source, r.Line})
	}
	return se
}

func (se *storedEvent) event() detect.Event {
	e := detect.Event{ID: se.ID, Type: se.Type, MMSI: se.MMSI, OtherMMSI: se.OtherMMSI, Start: se.Start, End: se.End,
		Lat: se.Lat, Lon: se.Lon, Port: se.Port, FromPort: se.FromPort, ToPort: se.ToPort,
		Confidence: se.Confidence, Attrs: se.Attrs, Computed: se.Computed}
	for _, r := range se.Evidence {
		e.Evidence = append(e.Evidence, track.SourceRef{Source: r[0], Line: r[1]})
	}
	return e
}

// PutEvents replaces the stored events whose Start is in [from, to) with
// events, atomically: a detector re-run over a range replaces that range.
// Events outside the range are written too (keyed by start time and ID, so
// a later run writing the same event overwrites it). An event without an ID
// gets one from a hash of its content.
func (s *Store) PutEvents(from, to int64, events []detect.Event) (err error) {
	s.wmu.Lock()
	defer s.wmu.Unlock()
	defer s.recoverFatal(&err)
	if err := s.writable(); err != nil {
		return err
	}
	pb := s.db.NewBatch()
	defer pb.Close()
	if from < to {
		if err := pb.DeleteRange(eventKey(from, ""), eventKey(to, ""), nil); err != nil {
			return fmt.Errorf("put events: %w", err)
		}
	}
	for i := range events {
		se := toStored(&events[i])
		if se.ID == "" {
			b, _ := json.Marshal(se)
			sum := sha256.Sum256(b)
			se.ID = hex.EncodeToString(sum[:8])
		}
		b, err := json.Marshal(se)
		if err != nil {
			return fmt.Errorf("put events: event %s: %w", se.ID, err)
		}
		if err := pb.Set(eventKey(se.Start, se.ID), b, nil); err != nil {
			return fmt.Errorf("put events: %w", err)
		}
	}
	if err := pb.Commit(s.writeOpts()); err != nil {
		return fmt.Errorf("put events to %s: %w", s.dir, err)
	}
	return nil
}

// EventFilter selects events; zero fields select everything.
type EventFilter struct {
	Types []string // any of these types
	MMSI  uint32   // MMSI or OtherMMSI equals this
	From  int64    // events ending at or after From
	To    int64    // events starting before To; 0 means no bound
}

func (f *EventFilter) match(e *storedEvent) bool {
	if len(f.Types) > 0 && !slices.Contains(f.Types, e.Type) {
		return false
	}
	if f.MMSI != 0 && e.MMSI != f.MMSI && e.OtherMMSI != f.MMSI {
		return false
	}
	return e.End >= f.From
}

// Events returns the events matching f, ordered by start time then ID.
func (s *Store) Events(f EventFilter) ([]detect.Event, error) {
	hi := []byte{pEvent + 1}
	if f.To != 0 {
		hi = eventKey(f.To, "")
	}
	var out []detect.Event
	err := s.scan([]byte{pEvent}, hi, func(k, v []byte) error {
		var se storedEvent
		if err := json.Unmarshal(v, &se); err != nil {
			return fmt.Errorf("event %x: %v: %w", k, err, ErrCorrupt)
		}
		if f.match(&se) {
			out = append(out, se.event())
		}
		return nil
	})
	return out, err
}

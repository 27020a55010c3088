package watch

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/lookout-osint/lookout/internal/detect"
	"github.com/lookout-osint/lookout/internal/track"
)

// MatchEvents turns screening matches into sanctions_match events, computed
// at the given time (Unix ms, supplied by the caller). The evidence is the
// raw message in which the vessel reported the matched identity.
func MatchEvents(ms []Match, computed int64) []detect.Event {
	out := make([]detect.Event, 0, len(ms))
	for i := range ms {
		m := &ms[i]
		attrs := map[string]any{
			"list": m.List.Name, "entry": m.Entry.Name, "entry_id": m.Entry.ID,
			"match": m.Kind, "score": m.Score, "programs": strings.Join(m.Entry.Programs, ","),
		}
		if !m.List.Published.IsZero() {
			attrs["list_date"] = m.List.Published.Format("2006-01-02")
		}
		if m.IMO != 0 {
			attrs["imo"] = m.IMO
		}
		if m.Name != "" {
			attrs["name"] = m.Name
		}
		var ev []track.SourceRef
		if m.Src != (track.SourceRef{}) {
			ev = []track.SourceRef{m.Src}
		}
		out = append(out, detect.Event{
			ID:   matchID(m),
			Type: detect.TypeSanctionsMatch, MMSI: m.MMSI, Start: m.ValidFrom, End: m.ValidTo,
			Confidence: int(m.Score * 4), Attrs: attrs, Evidence: ev, Computed: computed,
		})
	}
	return out
}

// eventID is a stable id from an event's defining fields.
func eventID(parts ...any) string {
	h := sha256.Sum256([]byte(fmt.Sprint(parts...)))
	return hex.EncodeToString(h[:10])
}

// matchID is stable for the same vessel, list entry, kind and identity.
func matchID(m *Match) string {
	h := sha256.Sum256([]byte(fmt.Sprintf("sanctions_match|%d|%s|%s|%s|%d|%s|%d",
		m.MMSI, m.List.Name, m.Entry.ID, m.Kind, m.IMO, m.Name, m.ValidFrom)))
	return hex.EncodeToString(h[:8])
}

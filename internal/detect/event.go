package detect

import "github.com/lookout-osint/lookout/internal/track"

// Event type names, as written in every output (shared/docs/CLI.md).
const (
	TypePortVisit        = "port_visit"
	TypeVoyage           = "voyage"
	TypeGap              = "gap"
	TypeDarkPortCall     = "dark_port_call"
	TypeEncounter        = "encounter"
	TypeLoitering        = "loitering"
	TypePositionJump     = "position_jump"
	TypeIdentityOverlap  = "identity_overlap"
	TypeOnLand           = "on_land"
	TypeIdentityChange   = "identity_change"
	TypeVoyageDataChange = "voyage_data_change"
	TypeSanctionsMatch   = "sanctions_match"
	TypeAreaEntry        = "area_entry"
	TypeAreaExit         = "area_exit"
	TypeSurge            = "surge"
)

// PortRef names the port an event happened at: a World Port Index entry
// (WPI > 0) or a learned anchorage (Anchorage non-empty).
type PortRef struct {
	WPI       int     `json:"wpi,omitempty"`
	Anchorage string  `json:"anchorage,omitempty"`
	Name      string  `json:"name,omitempty"`
	Country   string  `json:"country,omitempty"`
	Lat       float64 `json:"lat,omitempty"`
	Lon       float64 `json:"lon,omitempty"`
}

// Event is one finding. Times are Unix milliseconds UTC; Start and End are
// the times of the bounding fixes. Evidence lists the raw messages that
// support the finding, so that a report can quote them.
type Event struct {
	ID         string         // stable: the same finding on the same data gets the same id
	Type       string         // one of the Type* constants
	MMSI       uint32         // the vessel
	OtherMMSI  uint32         // the other vessel (encounters); 0 otherwise
	Start      int64          // Unix ms
	End        int64          // Unix ms
	Lat, Lon   float64        // a representative position
	Port       *PortRef       // port_visit, dark_port_call
	FromPort   *PortRef       // voyage
	ToPort     *PortRef       // voyage
	Confidence int            // port_visit: 1..4; other types may use it
	Attrs      map[string]any // type-specific attributes (JSON-encodable values)
	Evidence   []track.SourceRef
	Computed   int64 // Unix ms when the event was computed (supplied by the caller)
}

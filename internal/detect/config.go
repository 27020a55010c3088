package detect

import (
	"errors"
	"fmt"

	"github.com/goccy/go-yaml"
)

// Config holds every detector threshold. DefaultConfig gives the values of
// shared/docs/DETECTORS.md; ParseConfig reads overrides from YAML. Units are
// in the key names (km, nm, kn, hours, m).
type Config struct {
	PortVisit       PortVisitConfig       `yaml:"port_visit"`
	Anchorages      AnchorageConfig       `yaml:"anchorages"`
	Voyage          VoyageConfig          `yaml:"voyage"`
	Gap             GapConfig             `yaml:"gap"`
	HighSeas        HighSeasConfig        `yaml:"high_seas_disabling"`
	DarkPortCall    DarkPortCallConfig    `yaml:"dark_port_call"`
	Encounter       EncounterConfig       `yaml:"encounter"`
	Loitering       LoiteringConfig       `yaml:"loitering"`
	PositionJump    PositionJumpConfig    `yaml:"position_jump"`
	IdentityOverlap IdentityOverlapConfig `yaml:"identity_overlap"`
	OnLand          OnLandConfig          `yaml:"on_land"`
	IdentityChange  IdentityChangeConfig  `yaml:"identity_change"`
}

// PortVisitConfig: the AT_SEA/IN_PORT state machine of DETECTORS.md §2.
type PortVisitConfig struct {
	Enabled       bool    `yaml:"enabled"`
	EntryKm       float64 `yaml:"entry_km"`       // AT_SEA → IN_PORT within this distance of an anchorage point
	ExitKm        float64 `yaml:"exit_km"`        // IN_PORT → AT_SEA beyond this distance (hysteresis)
	StopSOGKn     float64 `yaml:"stop_sog_kn"`    // a stop begins at or below this speed
	MoveSOGKn     float64 `yaml:"move_sog_kn"`    // a stop ends at or above this speed
	GapHours      float64 `yaml:"gap_hours"`      // an in-port silence longer than this counts as a stop
	MinConfidence int     `yaml:"min_confidence"` // visits below this confidence are not output
	MinFixes      int     `yaml:"min_fixes"`      // visits with fewer in-port fixes are not output (a lone fix is no visit)
}

// AnchorageConfig: anchorages learned from the data (DETECTORS.md §2).
type AnchorageConfig struct {
	Learn      bool `yaml:"learn"`
	MinVessels int  `yaml:"min_vessels"` // distinct vessels that stayed in a cell
	// PortAreaKm and PortAreaMinVessels: within this distance of a World
	// Port Index entry, fewer vessels suffice (default one): the WPI gives
	// one arc-minute point per port, and berths lie up to ~10 km from it
	// (Marsden Point is 5.9 km from Whangarei's point). Beyond DETECTORS.md;
	// 0 disables.
	PortAreaKm         float64 `yaml:"port_area_km"`
	PortAreaMinVessels int     `yaml:"port_area_min_vessels"`
	StayRadiusKm       float64 `yaml:"stay_radius_km"` // a stay keeps within this distance
	StayHours          float64 `yaml:"stay_hours"`     // for at least this long
	CellKm             float64 `yaml:"cell_km"`        // equal-area grid cell size
	// MergeKm: learned cells within this distance of each other (directly
	// or through other cells) are one anchorage, with one id and name: the
	// berths of a terminal lie in several cells (Marsden Point: three,
	// 0.5–1.6 km apart). Default 4, as port_visit.exit_km. Beyond
	// DETECTORS.md; 0 keeps every cell an anchorage of its own.
	MergeKm float64 `yaml:"merge_km"`
	// JoinOutages: a stay cut in two by a silence between segments counts
	// as one when the vessel is within stay_radius_km on both sides and
	// the whole feed was down for all but less than gap.min_hours of the
	// silence (as the gap detector's receiver_outage). Beyond DETECTORS.md.
	JoinOutages bool `yaml:"join_outages"`
	// JoinStillM: such a stay also counts as one, whatever the feed did,
	// when the vessel's last fix before the silence and first fix after
	// lie within this many metres (AIS noise at a berth: it did not move).
	// Beyond DETECTORS.md; 0 disables.
	JoinStillM float64 `yaml:"join_still_m"`
}

// VoyageConfig: voyages between port visits.
type VoyageConfig struct {
	Enabled       bool    `yaml:"enabled"`
	MaxJoinNM     float64 `yaml:"max_join_nm"`    // segments further apart than this are not joined
	MinConfidence int     `yaml:"min_confidence"` // visits that count as voyage ends
}

// GapConfig: AIS silences within a segment (DETECTORS.md §3).
type GapConfig struct {
	Enabled          bool    `yaml:"enabled"`
	MinHours         float64 `yaml:"min_hours"`           // a gap is a silence longer than this
	BeforeHours      float64 `yaml:"before_hours"`        // window for counting fixes before the gap
	PortSearchKm     float64 `yaml:"port_search_km"`      // nearest-port search radius for the ends
	OutageRatio      float64 `yaml:"outage_ratio"`        // others' rate during / before below this = receiver outage
	OutageMinPerHour float64 `yaml:"outage_min_per_hour"` // baseline rate of others needed to judge an outage
	ReceptionCellDeg float64 `yaml:"reception_cell_deg"`  // cell size for the reception estimate
}

// HighSeasConfig: the high_seas_disabling profile (Welch et al. 2022).
type HighSeasConfig struct {
	MinHours       float64 `yaml:"min_hours"`
	MinShoreNM     float64 `yaml:"min_shore_nm"`
	MinFixesBefore int     `yaml:"min_fixes_before"`
}

// DarkPortCallConfig: possible calls at watched ports during gaps.
type DarkPortCallConfig struct {
	Enabled         bool    `yaml:"enabled"`
	MinGapHours     float64 `yaml:"min_gap_hours"`
	MinDwellHours   float64 `yaml:"min_dwell_hours"`
	FallbackKn      float64 `yaml:"fallback_speed_kn"` // v_max when the vessel's own speeds are too few
	SpeedPercentile float64 `yaml:"speed_percentile"`
	MinSpeedFixes   int     `yaml:"min_speed_fixes"` // moving fixes needed to trust the percentile
	NearKm          float64 `yaml:"near_km"`         // both ends this close to the port also qualify
}

// EncounterConfig: ship-to-ship meetings (DETECTORS.md §4).
type EncounterConfig struct {
	Enabled          bool    `yaml:"enabled"`
	StepMinutes      float64 `yaml:"step_minutes"`     // resampling interval
	MaxInterpHours   float64 `yaml:"max_interp_hours"` // no interpolation across longer silences
	MaxDistanceM     float64 `yaml:"max_distance_m"`
	MinHours         float64 `yaml:"min_hours"`
	MaxMedianSpeedKn float64 `yaml:"max_median_speed_kn"`
	MinAnchorageKm   float64 `yaml:"min_anchorage_km"` // encounters this close to an anchorage point are dropped
	MergeHours       float64 `yaml:"merge_hours"`
	GridKm           float64 `yaml:"grid_km"`
	// MinShoreKm drops encounters closer than this to the coast (or on
	// land by the mask): marinas and berths missing from the World Port
	// Index, where moored ships lie side by side (beyond DETECTORS.md; 0
	// disables).
	MinShoreKm float64 `yaml:"min_shore_km"`
}

// LoiteringConfig: slow drifting far from shore (DETECTORS.md §5).
type LoiteringConfig struct {
	Enabled    bool    `yaml:"enabled"`
	MaxSpeedKn float64 `yaml:"max_speed_kn"`
	MinHours   float64 `yaml:"min_hours"`
	MinShoreNM float64 `yaml:"min_shore_nm"`
}

// PositionJumpConfig: isolated impossible positions.
type PositionJumpConfig struct {
	Enabled    bool    `yaml:"enabled"`
	MinSpeedKn float64 `yaml:"min_speed_kn"`
	// MinDistanceNM: the jumped fix must lie at least this far from both
	// neighbours. Fixes seconds apart from different receivers (with
	// clock jitter) imply hundreds of knots over a few hundred metres;
	// that is no jump (beyond DETECTORS.md; 0 disables).
	MinDistanceNM float64 `yaml:"min_distance_nm"`
}

// IdentityOverlapConfig: one MMSI in two places at once.
type IdentityOverlapConfig struct {
	Enabled         bool    `yaml:"enabled"`
	MinDistanceNM   float64 `yaml:"min_distance_nm"`
	MinHours        float64 `yaml:"min_hours"`
	MaxStaleMinutes float64 `yaml:"max_stale_minutes"` // compare with the other segment's fix at most this old
	MinFixes        int     `yaml:"min_fixes"`         // segments with fewer fixes are ignored
	// MergeHours: apart periods of the same two segments less than this
	// apart are one overlap (a stale or lost report breaks a period; as
	// encounters merge). 0 disables merging.
	MergeHours float64 `yaml:"merge_hours"`
}

// OnLandConfig: positions inland.
type OnLandConfig struct {
	Enabled     bool    `yaml:"enabled"`
	MinInlandKm float64 `yaml:"min_inland_km"`
	// MinFixes: runs of fewer consecutive inland fixes are not reported (a
	// lone inland fix is a position jump's business, or a marina the 10m
	// coastline does not resolve).
	MinFixes int `yaml:"min_fixes"`
	// SkipSeaConnected: runs in a segment that also has fixes at sea are
	// not reported: the vessel sailed there along a plausible track, up a
	// river, canal, estuary or into a marina the 1:10m coastline does not
	// resolve (beyond DETECTORS.md; false reports every inland run).
	SkipSeaConnected bool `yaml:"skip_sea_connected"`
	// SkipMovingKn: runs whose median speed (SOG, else first-to-last
	// implied speed) is at least this are not reported: a vessel under way
	// on a lake or waterway the land mask fills (beyond DETECTORS.md; 0
	// reports every inland run).
	SkipMovingKn float64 `yaml:"skip_moving_kn"`
}

// IdentityChangeConfig: identity_change and voyage_data_change.
type IdentityChangeConfig struct {
	Enabled     bool    `yaml:"enabled"`
	VoyageData  bool    `yaml:"voyage_data"` // also emit voyage_data_change
	MinDraughtM float64 `yaml:"min_draught_change_m"`
	// MinPersistHours: a value reported for less time than this (and
	// followed by another) is a flicker, not a change.
	MinPersistHours float64 `yaml:"min_persist_hours"`
}

// DefaultConfig returns the documented defaults (shared/docs/DETECTORS.md).
func DefaultConfig() Config {
	return Config{
		PortVisit: PortVisitConfig{Enabled: true, EntryKm: 3, ExitKm: 4, StopSOGKn: 0.2, MoveSOGKn: 0.5, GapHours: 4, MinConfidence: 2, MinFixes: 2},
		Anchorages: AnchorageConfig{Learn: true, MinVessels: 20, PortAreaKm: 10, PortAreaMinVessels: 1, StayRadiusKm: 0.5, StayHours: 12, CellKm: 0.6,
			MergeKm: 4, JoinOutages: true, JoinStillM: 30},
		Voyage: VoyageConfig{Enabled: true, MaxJoinNM: 60, MinConfidence: 2},
		Gap: GapConfig{Enabled: true, MinHours: 6, BeforeHours: 12, PortSearchKm: 500,
			OutageRatio: 0.05, OutageMinPerHour: 10, ReceptionCellDeg: 1},
		HighSeas: HighSeasConfig{MinHours: 12, MinShoreNM: 50, MinFixesBefore: 14},
		DarkPortCall: DarkPortCallConfig{Enabled: true, MinGapHours: 2, MinDwellHours: 2, FallbackKn: 15,
			SpeedPercentile: 95, MinSpeedFixes: 20, NearKm: 10},
		Encounter: EncounterConfig{Enabled: true, StepMinutes: 10, MaxInterpHours: 1, MaxDistanceM: 500,
			MinHours: 2, MaxMedianSpeedKn: 2, MinAnchorageKm: 10, MergeHours: 4, GridKm: 2, MinShoreKm: 2},
		Loitering:       LoiteringConfig{Enabled: true, MaxSpeedKn: 2, MinHours: 4, MinShoreNM: 20},
		PositionJump:    PositionJumpConfig{Enabled: true, MinSpeedKn: 50, MinDistanceNM: 1},
		IdentityOverlap: IdentityOverlapConfig{Enabled: true, MinDistanceNM: 10, MinHours: 1, MaxStaleMinutes: 30, MinFixes: 3, MergeHours: 4},
		OnLand:          OnLandConfig{Enabled: true, MinInlandKm: 1, MinFixes: 2, SkipSeaConnected: true, SkipMovingKn: 3},
		IdentityChange:  IdentityChangeConfig{Enabled: true, VoyageData: true, MinDraughtM: 0.1, MinPersistHours: 1},
	}
}

// ErrConfig marks an invalid configuration value.
var ErrConfig = errors.New("invalid detector config")

// ParseConfig reads YAML overrides on top of DefaultConfig. Unknown keys are
// errors, so that a misspelt threshold is never silently ignored.
func ParseConfig(data []byte) (Config, error) {
	c := DefaultConfig()
	if err := yaml.UnmarshalWithOptions(data, &c, yaml.DisallowUnknownField()); err != nil {
		return Config{}, fmt.Errorf("parse detector config: %w", err)
	}
	if err := c.Validate(); err != nil {
		return Config{}, err
	}
	return c, nil
}

// YAML returns c as YAML, in the form ParseConfig reads.
func (c Config) YAML() ([]byte, error) {
	b, err := yaml.MarshalWithOptions(c, yaml.Indent(2))
	if err != nil {
		return nil, fmt.Errorf("encode detector config: %w", err)
	}
	return b, nil
}

// Validate checks that thresholds are usable (positive where they must be).
func (c Config) Validate() error {
	pos := []struct {
		name string
		v    float64
	}{
		{"port_visit.entry_km", c.PortVisit.EntryKm}, {"port_visit.exit_km", c.PortVisit.ExitKm},
		{"anchorages.stay_radius_km", c.Anchorages.StayRadiusKm}, {"anchorages.cell_km", c.Anchorages.CellKm},
		{"gap.min_hours", c.Gap.MinHours}, {"gap.reception_cell_deg", c.Gap.ReceptionCellDeg},
		{"dark_port_call.fallback_speed_kn", c.DarkPortCall.FallbackKn},
		{"encounter.step_minutes", c.Encounter.StepMinutes}, {"encounter.max_distance_m", c.Encounter.MaxDistanceM},
		{"encounter.grid_km", c.Encounter.GridKm}, {"loitering.min_hours", c.Loitering.MinHours},
		{"position_jump.min_speed_kn", c.PositionJump.MinSpeedKn},
	}
	for _, p := range pos {
		if !(p.v > 0) {
			return fmt.Errorf("%w: %s must be > 0, got %v", ErrConfig, p.name, p.v)
		}
	}
	if c.PortVisit.ExitKm < c.PortVisit.EntryKm {
		return fmt.Errorf("%w: port_visit.exit_km (%v) < entry_km (%v)", ErrConfig, c.PortVisit.ExitKm, c.PortVisit.EntryKm)
	}
	if c.Encounter.GridKm*1000 < c.Encounter.MaxDistanceM {
		return fmt.Errorf("%w: encounter.grid_km must be ≥ max_distance_m", ErrConfig)
	}
	if c.Anchorages.MergeKm < 0 || c.Anchorages.JoinStillM < 0 {
		return fmt.Errorf("%w: anchorages.merge_km and join_still_m must be ≥ 0", ErrConfig)
	}
	if c.Anchorages.MinVessels < 1 {
		return fmt.Errorf("%w: anchorages.min_vessels must be ≥ 1", ErrConfig)
	}
	if p := c.DarkPortCall.SpeedPercentile; p <= 0 || p > 100 {
		return fmt.Errorf("%w: dark_port_call.speed_percentile must be in (0, 100]", ErrConfig)
	}
	return nil
}

package track

import (
	"errors"
	"fmt"
	"math"
)

// SegmenterConfig holds every knob of the segmenter (DETECTORS.md §1). The
// defaults are Global Fishing Watch's gpsdio-segment Matcher defaults, so
// segments are comparable with GFW's; only MaxOpenSegments is lower (GFW
// uses 100) to bound memory per shared MMSI.
type SegmenterConfig struct {
	// MaxKnots is the speed (kn) a discrepancy is measured against: a fix
	// whose dead-reckoned discrepancy exceeds MaxKnots × padded hours cannot
	// join a segment. Default 25.
	MaxKnots float64
	// PenaltySpeedKn sets how fast the match metric falls with discrepancy:
	// discrepancies at more than this speed are strongly discouraged.
	// Default 5.
	PenaltySpeedKn float64
	// PenaltyHours shortens dead-reckoning over long gaps, since vessels do
	// not keep a straight course for hours. Default 4.
	PenaltyHours float64
	// HoursExp is the exponent of the penalised-hours correction:
	// h / (1 + (h/PenaltyHours)^(1-HoursExp)). Default 0.5.
	HoursExp float64
	// BufferHours pads the time between fixes (in quadrature) so that fixes
	// very close in time still allow some discrepancy (GPS noise). Default
	// 0.25 h.
	BufferHours float64
	// Lookback is how many of a segment's latest fixes a new fix is compared
	// with; matching an earlier one drops the fixes in between. Default 5.
	// A fix is final once Lookback-1 newer fixes have joined its segment,
	// and the window is not refilled with older fixes after a drop (GFW,
	// holding a whole day in memory, can then reach further back): this
	// keeps memory bounded and output prompt.
	Lookback int
	// LookbackFactor is how much better a match to an earlier fix must be
	// before the fixes in between are dropped. Default 2.
	LookbackFactor float64
	// AmbiguityFactor: when the second-best segment scores within this
	// factor of the best, the match is ambiguous, the candidates are closed
	// and the fix starts a new segment. Default 10.
	AmbiguityFactor float64
	// ShortSegThreshold: segments with fewer fixes than about this are
	// down-weighted when several segments compete. Default 10.
	ShortSegThreshold float64
	// ShapeFactor penalises the "stayed put" and "somewhere along the path"
	// discrepancy estimates against the dead-reckoned one. Default 4.
	ShapeFactor float64
	// TransponderMismatchWeight multiplies the metric of a segment whose
	// recent fixes are all of the other transponder class (A vs B).
	// Default 0.1.
	TransponderMismatchWeight float64
	// MaxGapMs: a segment with no fix for longer than this closes, and no
	// fix further than this from a candidate fix can match it. Default 24 h.
	MaxGapMs int64
	// MaxOpenSegments caps the open segments of one MMSI; opening one more
	// closes the least recently updated. Default 20.
	MaxOpenSegments int
}

// DefaultSegmenterConfig returns the defaults of DETECTORS.md §1.
func DefaultSegmenterConfig() SegmenterConfig {
	return SegmenterConfig{
		MaxKnots:                  25,
		PenaltySpeedKn:            5,
		PenaltyHours:              4,
		HoursExp:                  0.5,
		BufferHours:               0.25,
		Lookback:                  5,
		LookbackFactor:            2,
		AmbiguityFactor:           10,
		ShortSegThreshold:         10,
		ShapeFactor:               4,
		TransponderMismatchWeight: 0.1,
		MaxGapMs:                  24 * 3600 * 1000,
		MaxOpenSegments:           20,
	}
}

// ErrConfig is wrapped by every SegmenterConfig validation error.
var ErrConfig = errors.New("invalid segmenter config")

// Validate reports the first unusable setting.
func (c SegmenterConfig) Validate() error {
	pos := []struct {
		name string
		v    float64
	}{
		{"MaxKnots", c.MaxKnots}, {"PenaltySpeedKn", c.PenaltySpeedKn},
		{"PenaltyHours", c.PenaltyHours}, {"BufferHours", c.BufferHours},
		{"AmbiguityFactor", c.AmbiguityFactor}, {"ShortSegThreshold", c.ShortSegThreshold},
		{"ShapeFactor", c.ShapeFactor},
	}
	for _, p := range pos {
		if !(p.v > 0) || math.IsInf(p.v, 0) {
			return fmt.Errorf("%w: %s = %v, want > 0", ErrConfig, p.name, p.v)
		}
	}
	switch {
	case !(c.HoursExp >= 0 && c.HoursExp <= 1):
		return fmt.Errorf("%w: HoursExp = %v, want 0..1", ErrConfig, c.HoursExp)
	case !(c.LookbackFactor >= 1):
		return fmt.Errorf("%w: LookbackFactor = %v, want >= 1", ErrConfig, c.LookbackFactor)
	case !(c.TransponderMismatchWeight > 0 && c.TransponderMismatchWeight <= 1):
		return fmt.Errorf("%w: TransponderMismatchWeight = %v, want (0, 1]", ErrConfig, c.TransponderMismatchWeight)
	case c.Lookback < 1 || c.Lookback > 64:
		return fmt.Errorf("%w: Lookback = %d, want 1..64", ErrConfig, c.Lookback)
	case c.MaxGapMs <= 0:
		return fmt.Errorf("%w: MaxGapMs = %d, want > 0", ErrConfig, c.MaxGapMs)
	case c.MaxOpenSegments < 1:
		return fmt.Errorf("%w: MaxOpenSegments = %d, want >= 1", ErrConfig, c.MaxOpenSegments)
	}
	return nil
}

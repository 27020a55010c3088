package places

import (
	"bytes"
	_ "embed"
	"fmt"
	"sync"
)

//go:generate go run ./gen -ref ../../../shared/data/ref -out embedded

// embeddedWPI is the World Port Index reduced to the columns Port keeps
// (gzip CSV); embeddedLand is Natural Earth 10m land and minor islands in
// the compact land format. See embedded/SOURCE.md.
var (
	//go:embed embedded/wpi.csv.gz
	embeddedWPI []byte
	//go:embed embedded/land.bin.gz
	embeddedLand []byte
)

// EmbeddedSource labels data loaded from the binary in Source fields.
const (
	EmbeddedWPISource  = "embedded:NGA World Port Index (Pub 150, UpdatedPub150 as of 2024-01)"
	EmbeddedLandSource = "embedded:Natural Earth 4.0.0 ne_10m_land + ne_10m_minor_islands"
)

var (
	defaultPorts = sync.OnceValues(func() (*Gazetteer, error) {
		data, err := gunzipIf(embeddedWPI, "embedded wpi")
		if err != nil {
			return nil, err
		}
		g, err := ParseWPI(bytes.NewReader(data), EmbeddedWPISource)
		if err == nil && len(g.Skipped) > 0 {
			err = fmt.Errorf("places: embedded gazetteer has %d bad rows, first: %w", len(g.Skipped), g.Skipped[0])
		}
		return g, err
	})
	defaultLand = sync.OnceValues(func() (*LandMask, error) {
		return DecodeLandMask(bytes.NewReader(embeddedLand), EmbeddedLandSource)
	})
)

// DefaultPorts returns the embedded World Port Index gazetteer, parsed on
// first use (a few milliseconds) and shared afterwards.
func DefaultPorts() (*Gazetteer, error) { return defaultPorts() }

// DefaultLand returns the embedded land mask, decoded and indexed on first
// use and shared afterwards.
func DefaultLand() (*LandMask, error) { return defaultLand() }

// Default returns the embedded gazetteer and land mask.
func Default() (*Set, error) { return Load(Options{}) }

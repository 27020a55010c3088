package places

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"os"
)

// Options selects the reference data to load. An empty path means the
// edition embedded in the binary.
type Options struct {
	// WPIPath is a World Port Index CSV (UpdatedPub150 layout), plain or
	// gzip-compressed.
	WPIPath string
	// LandPath is a land polygon GeoJSON (Natural Earth ne_10m_land or a
	// newer edition), plain or gzip-compressed, or a compact land mask
	// written by EncodeLandMask. Building from GeoJSON takes seconds.
	LandPath string
	// IslandsPath is an optional GeoJSON of extra islands (Natural Earth
	// ne_10m_minor_islands) merged into LandPath's polygons; it needs a
	// GeoJSON LandPath.
	IslandsPath string
}

// Set is the reference data Lookout uses at run time.
type Set struct {
	Ports *Gazetteer
	Land  *LandMask
}

// Load reads the data that opt names, falling back to the embedded
// editions for empty paths.
func Load(opt Options) (*Set, error) {
	var s Set
	var err error
	if opt.WPIPath == "" {
		s.Ports, err = DefaultPorts()
	} else {
		s.Ports, err = LoadGazetteer(opt.WPIPath)
	}
	if err != nil {
		return nil, err
	}
	switch {
	case opt.LandPath == "" && opt.IslandsPath != "":
		return nil, fmt.Errorf("places: an islands file (%s) needs a land GeoJSON path too", opt.IslandsPath)
	case opt.LandPath == "":
		s.Land, err = DefaultLand()
	default:
		s.Land, err = LoadLandMask(opt.LandPath, opt.IslandsPath)
	}
	if err != nil {
		return nil, err
	}
	return &s, nil
}

// readMaybeGzip reads a whole file, decompressing it if it is gzip.
func readMaybeGzip(path string) ([]byte, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return gunzipIf(data, path)
}

func gunzipIf(data []byte, name string) ([]byte, error) {
	if len(data) < 2 || data[0] != 0x1f || data[1] != 0x8b {
		return data, nil
	}
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("gunzip %s: %w", name, err)
	}
	out, err := io.ReadAll(zr)
	if err != nil {
		return nil, fmt.Errorf("gunzip %s: %w", name, err)
	}
	return out, nil
}

// LoadGazetteer reads a World Port Index CSV file (plain or gzip).
func LoadGazetteer(path string) (*Gazetteer, error) {
	data, err := readMaybeGzip(path)
	if err != nil {
		return nil, fmt.Errorf("load ports: %w", err)
	}
	return ParseWPI(bytes.NewReader(data), path)
}

// LoadLandMask reads a land GeoJSON (plus an optional islands GeoJSON) or
// a compact land mask file (plain or gzip).
func LoadLandMask(path, islandsPath string) (*LandMask, error) {
	data, err := readMaybeGzip(path)
	if err != nil {
		return nil, fmt.Errorf("load land: %w", err)
	}
	if bytes.HasPrefix(data, []byte(landMagic)) {
		if islandsPath != "" {
			return nil, fmt.Errorf("load land: %s is a compact mask; islands can only be merged into GeoJSON", path)
		}
		return decodeLandMask(bufio.NewReader(bytes.NewReader(data)), path)
	}
	rings, err := ReadLandGeoJSON(data, path)
	if err != nil {
		return nil, fmt.Errorf("load land: %w", err)
	}
	if islandsPath != "" {
		idata, err := readMaybeGzip(islandsPath)
		if err != nil {
			return nil, fmt.Errorf("load islands: %w", err)
		}
		islands, err := ReadLandGeoJSON(idata, islandsPath)
		if err != nil {
			return nil, fmt.Errorf("load islands: %w", err)
		}
		if rings, _, err = MergeIslands(rings, islands); err != nil {
			return nil, err
		}
	}
	return NewLandMask(rings, path)
}

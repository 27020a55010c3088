package detect

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/lookout-osint/lookout/internal/geo"
	"github.com/lookout-osint/lookout/internal/places"
)

// PortAnchors turns a World Port Index gazetteer into anchorage points for
// Env.Anchors.
func PortAnchors(g *places.Gazetteer) []Anchor {
	if g == nil {
		return nil
	}
	ports := g.Ports()
	out := make([]Anchor, 0, len(ports))
	for _, p := range ports {
		out = append(out, Anchor{Point: p.Point(), Ref: PortRef{WPI: p.WPI, Name: p.Name, Country: p.Country, Lat: p.Lat, Lon: p.Lon}})
	}
	return out
}

// ErrWatchFile marks a watched-ports file that cannot be used.
var ErrWatchFile = errors.New("bad watched-ports file")

// ParseWatchedPorts reads the watched ports for dark_port_call from a
// GeoJSON FeatureCollection of Point features or a CSV with a header naming
// lat and lon (and optionally id, name, kind, country or country_iso2, wpi
// or identifiers such as "WPI 60510; …") — the shape of
// shared/data/ref/seed-sites. Sites whose kind is set and is not a port,
// anchorage or terminal (a rail crossing) are skipped and counted.
func ParseWatchedPorts(data []byte, name string) (ports []WatchedPort, skipped int, err error) {
	rows, err := watchRows(data)
	if err != nil {
		return nil, 0, fmt.Errorf("%s: %w: %v", name, ErrWatchFile, err)
	}
	for i, r := range rows {
		if !portKind(r["kind"]) {
			skipped++
			continue
		}
		w, err := watchedPort(r)
		if err != nil {
			return nil, 0, fmt.Errorf("%s: site %d: %w: %v", name, i+1, ErrWatchFile, err)
		}
		ports = append(ports, w)
	}
	return ports, skipped, nil
}

// watchRows returns one string map per site from GeoJSON or CSV.
func watchRows(data []byte) ([]map[string]string, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if t := bytes.TrimSpace(data); len(t) > 0 && t[0] == '{' {
		return geojsonRows(t)
	}
	recs, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		return nil, err
	}
	if len(recs) == 0 {
		return nil, errors.New("empty")
	}
	head := recs[0]
	var out []map[string]string
	for _, rec := range recs[1:] {
		m := map[string]string{}
		for i, h := range head {
			if i < len(rec) {
				m[strings.ToLower(strings.TrimSpace(h))] = strings.TrimSpace(rec[i])
			}
		}
		out = append(out, m)
	}
	return out, nil
}

// geojsonRows flattens Point features into property maps with lat and lon.
func geojsonRows(data []byte) ([]map[string]string, error) {
	var fc struct {
		Features []struct {
			ID       any `json:"id"`
			Geometry struct {
				Type        string    `json:"type"`
				Coordinates []float64 `json:"coordinates"`
			} `json:"geometry"`
			Properties map[string]any `json:"properties"`
		} `json:"features"`
	}
	if err := json.Unmarshal(data, &fc); err != nil {
		return nil, err
	}
	var out []map[string]string
	for i, f := range fc.Features {
		if f.Geometry.Type != "Point" || len(f.Geometry.Coordinates) < 2 {
			return nil, fmt.Errorf("feature %d: want a Point, got %q", i+1, f.Geometry.Type)
		}
		m := map[string]string{}
		for k, v := range f.Properties {
			if v != nil {
				m[strings.ToLower(k)] = fmt.Sprint(v)
			}
		}
		if f.ID != nil && m["id"] == "" {
			m["id"] = fmt.Sprint(f.ID)
		}
		m["lon"] = strconv.FormatFloat(f.Geometry.Coordinates[0], 'f', -1, 64)
		m["lat"] = strconv.FormatFloat(f.Geometry.Coordinates[1], 'f', -1, 64)
		out = append(out, m)
	}
	return out, nil
}

func portKind(kind string) bool {
	k := strings.ToLower(kind)
	return k == "" || strings.Contains(k, "port") || strings.Contains(k, "anchorage") || strings.Contains(k, "terminal")
}

var wpiInText = regexp.MustCompile(`(?i)\bWPI\s*(\d+)`)

// watchedPort builds a WatchedPort from one site's fields.
func watchedPort(r map[string]string) (WatchedPort, error) {
	lat, err1 := strconv.ParseFloat(r["lat"], 64)
	lon, err2 := strconv.ParseFloat(r["lon"], 64)
	p := geo.Point{Lat: lat, Lon: lon}
	if err1 != nil || err2 != nil || !p.Valid() {
		return WatchedPort{}, fmt.Errorf("bad position lat %q lon %q", r["lat"], r["lon"])
	}
	ref := PortRef{Name: r["name"], Country: r["country"], Lat: lat, Lon: lon}
	if ref.Country == "" {
		ref.Country = r["country_iso2"]
	}
	if n, err := strconv.Atoi(r["wpi"]); err == nil && n > 0 {
		ref.WPI = n
	} else if m := wpiInText.FindStringSubmatch(r["identifiers"]); m != nil {
		ref.WPI, _ = strconv.Atoi(m[1])
	}
	if ref.WPI == 0 {
		ref.Anchorage = r["id"]
		if ref.Anchorage == "" {
			ref.Anchorage = fmt.Sprintf("site %.4f,%.4f", lat, lon)
		}
	}
	if ref.Name == "" {
		ref.Name = r["id"]
	}
	return WatchedPort{Ref: ref, Point: p}, nil
}

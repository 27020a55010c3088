// Command gen derives the reference data embedded in package places from
// the raw files in shared/data/ref: the World Port Index reduced to the
// columns places.Port keeps, and Natural Earth 10m land plus minor islands
// as a compact land mask with its shore-distance grid. Run it with
// `go generate ./internal/places` from the repository root; the output is
// reproducible (same input, same bytes).
package main

import (
	"bytes"
	"compress/gzip"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/lookout-osint/lookout/internal/geo"
	"github.com/lookout-osint/lookout/internal/places"
)

func main() {
	ref := flag.String("ref", "../../../shared/data/ref", "shared reference data folder")
	out := flag.String("out", "embedded", "output folder")
	flag.Parse()
	if err := run(*ref, *out); err != nil {
		log.Fatal(err)
	}
}

func run(ref, out string) error {
	if err := genPorts(filepath.Join(ref, "nga-wpi", "UpdatedPub150.csv.gz"), filepath.Join(out, "wpi.csv.gz")); err != nil {
		return err
	}
	ne := filepath.Join(ref, "natural-earth")
	return genLand(filepath.Join(ne, "ne_10m_land.geojson.gz"), filepath.Join(ne, "ne_10m_minor_islands.geojson.gz"), filepath.Join(out, "land.bin.gz"))
}

func genPorts(src, dst string) error {
	g, err := places.LoadGazetteer(src)
	if err != nil {
		return err
	}
	if len(g.Skipped) > 0 {
		return fmt.Errorf("%s: %d rows skipped, first: %w", src, len(g.Skipped), g.Skipped[0])
	}
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err := places.WriteWPI(zw, g.Ports()); err != nil {
		return err
	}
	if err := zw.Close(); err != nil {
		return err
	}
	log.Printf("%s: %d ports, %d bytes", dst, g.Len(), buf.Len())
	return os.WriteFile(dst, buf.Bytes(), 0o644)
}

func genLand(landPath, islandsPath, dst string) error {
	read := func(p string) ([][]geo.Point, error) {
		data, err := os.ReadFile(p)
		if err != nil {
			return nil, err
		}
		zr, err := gzip.NewReader(bytes.NewReader(data))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", p, err)
		}
		var raw bytes.Buffer
		if _, err := raw.ReadFrom(zr); err != nil {
			return nil, fmt.Errorf("%s: %w", p, err)
		}
		return places.ReadLandGeoJSON(raw.Bytes(), filepath.Base(p))
	}
	land, err := read(landPath)
	if err != nil {
		return err
	}
	islands, err := read(islandsPath)
	if err != nil {
		return err
	}
	places.QuantizeRings(land)
	places.QuantizeRings(islands)
	rings, dropped, err := places.MergeIslands(land, islands)
	if err != nil {
		return err
	}
	m, err := places.NewLandMask(rings, "gen")
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := places.EncodeLandMask(&buf, m); err != nil {
		return err
	}
	st := m.Stats()
	log.Printf("%s: %d land rings, %d islands (%d dropped as touching land), %d vertices, %d mixed tiles, %d bytes",
		dst, len(land), len(islands)-dropped, dropped, st.Vertices, st.MixedTiles, buf.Len())
	return os.WriteFile(dst, buf.Bytes(), 0o644)
}

package places

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/lookout-osint/lookout/internal/geo"
)

// Port is one World Port Index entry.
type Port struct {
	WPI     int     // World Port Index number (e.g. 60510 for Najin); 0 if fractional
	Number  string  // the WPI number as published: "60510", or "49454.5" for the few fractional ones
	Name    string  // main port name
	AltName string  // alternate name, "" if none
	LOCODE  string  // UN/LOCODE as printed by the WPI ("KP RJN"), "" if none
	Country string  // country name as in the WPI (e.g. "North Korea")
	Region  string  // WPI region name
	Size    string  // harbour size: Very Small, Small, Medium, Large or ""
	Type    string  // harbour type, e.g. "Open Roadstead", or ""
	Lat     float64 // decimal degrees WGS 84 (WPI rounds to the arc-minute)
	Lon     float64 // decimal degrees WGS 84
}

// Point returns the port's position.
func (p Port) Point() geo.Point { return geo.Point{Lat: p.Lat, Lon: p.Lon} }

// wpiColumns maps Port fields to WPI header names; the first four are
// required.
var wpiColumns = []string{
	"World Port Index Number", "Main Port Name", "Latitude", "Longitude",
	"Alternate Port Name", "UN/LOCODE", "Country Code", "Region Name",
	"Harbor Size", "Harbor Type",
}

const wpiRequired = 4

// ParseWPI reads a World Port Index CSV export ("UpdatedPub150" layout, or
// any CSV with at least its number, name, latitude and longitude columns).
// It strips a UTF-8 BOM and trims every field (the WPI writes empty values
// as a single space). Rows that do not parse are skipped and returned as
// *ParseError values in the Gazetteer's Skipped list; a missing required
// column or a read failure is an error.
func ParseWPI(r io.Reader, source string) (*Gazetteer, error) {
	br := bufio.NewReader(r)
	if b, err := br.Peek(3); err == nil && bytes.Equal(b, []byte("\xef\xbb\xbf")) {
		br.Discard(3)
	}
	cr := csv.NewReader(br)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err != nil {
		return nil, &ParseError{Source: source, Line: 1, Err: fmt.Errorf("%w: header: %v", ErrBadFormat, err)}
	}
	idx, err := wpiIndex(header)
	if err != nil {
		return nil, &ParseError{Source: source, Line: 1, Err: err}
	}
	var ports []Port
	var skipped []*ParseError
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if !errors.As(err, &pe) {
				return nil, fmt.Errorf("read %s: %w", source, err)
			}
			skipped = append(skipped, &ParseError{Source: source, Line: pe.StartLine, Err: fmt.Errorf("%w: %v", ErrBadValue, pe.Err)})
			continue
		}
		line, _ := cr.FieldPos(0)
		p, err := wpiRow(rec, idx)
		if err != nil {
			skipped = append(skipped, &ParseError{Source: source, Line: line, Err: err})
			continue
		}
		ports = append(ports, p)
	}
	g := NewGazetteer(ports)
	g.Source = source
	g.Skipped = skipped
	return g, nil
}

func wpiIndex(header []string) ([]int, error) {
	idx := make([]int, len(wpiColumns))
	for i, name := range wpiColumns {
		idx[i] = -1
		for j, h := range header {
			if strings.TrimSpace(h) == name {
				idx[i] = j
				break
			}
		}
		if idx[i] < 0 && i < wpiRequired {
			return nil, fmt.Errorf("%w %q", ErrMissingColumn, name)
		}
	}
	return idx, nil
}

func wpiRow(rec []string, idx []int) (Port, error) {
	f := func(i int) string {
		if idx[i] < 0 || idx[i] >= len(rec) {
			return ""
		}
		return strings.TrimSpace(rec[idx[i]])
	}
	num, err := strconv.ParseFloat(f(0), 64)
	if err != nil || !(num > 0 && num < 1e9) {
		return Port{}, fmt.Errorf("%w: World Port Index Number %q", ErrBadValue, f(0))
	}
	wpi := 0
	if num == math.Trunc(num) {
		wpi = int(num)
	}
	lat, err1 := strconv.ParseFloat(f(2), 64)
	lon, err2 := strconv.ParseFloat(f(3), 64)
	if err1 != nil || err2 != nil || !(geo.Point{Lat: lat, Lon: lon}).Valid() {
		return Port{}, fmt.Errorf("%w: position %q, %q", ErrBadValue, f(2), f(3))
	}
	if f(1) == "" {
		return Port{}, fmt.Errorf("%w: empty Main Port Name", ErrBadValue)
	}
	return Port{
		WPI: wpi, Number: strconv.FormatFloat(num, 'f', -1, 64), Name: f(1), Lat: lat, Lon: lon,
		AltName: f(4), LOCODE: f(5), Country: f(6), Region: f(7), Size: f(8), Type: f(9),
	}, nil
}

// WriteWPI writes ports as a CSV in the WPI layout restricted to the
// columns Port keeps (the compact form embedded in the binary); ParseWPI
// reads it back unchanged.
func WriteWPI(w io.Writer, ports []Port) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(wpiColumns); err != nil {
		return err
	}
	for _, p := range ports {
		rec := []string{
			p.Number, p.Name, strconv.FormatFloat(p.Lat, 'f', -1, 64),
			strconv.FormatFloat(p.Lon, 'f', -1, 64), p.AltName, p.LOCODE, p.Country,
			p.Region, p.Size, p.Type,
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

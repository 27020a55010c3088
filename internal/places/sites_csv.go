package places

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/lookout-osint/lookout/internal/geo"
)

// ParseSitesCSV reads point sites from a CSV with a header row naming at
// least lat and lon; id, name, kind and radius_m are used when present
// (id defaults to name; radius_m to opt.DefaultRadiusM) and every other
// column is kept in Props. It returns every problem (up to 20), each a
// *ParseError with its line, joined; a file with any problem yields no
// sites, since a watch list must be complete to be trusted.
func ParseSitesCSV(r io.Reader, source string, opt SiteOptions) ([]Site, error) {
	br := bufio.NewReader(r)
	if b, err := br.Peek(3); err == nil && bytes.Equal(b, []byte("\xef\xbb\xbf")) {
		br.Discard(3)
	}
	cr := csv.NewReader(br)
	cr.FieldsPerRecord = 0
	header, err := cr.Read()
	if err != nil {
		return nil, &ParseError{Source: source, Line: 1, Err: fmt.Errorf("%w: header: %v", ErrBadFormat, err)}
	}
	col := map[string]int{}
	for i, h := range header {
		col[strings.ToLower(strings.TrimSpace(h))] = i
	}
	for _, need := range []string{"lat", "lon"} {
		if _, ok := col[need]; !ok {
			return nil, &ParseError{Source: source, Line: 1, Err: fmt.Errorf("%w %q", ErrMissingColumn, need)}
		}
	}
	if _, ok := col["id"]; !ok {
		if _, ok := col["name"]; !ok {
			return nil, &ParseError{Source: source, Line: 1, Err: fmt.Errorf("%w: need an id or a name column", ErrMissingColumn)}
		}
	}
	se := &siteErrors{source: source}
	var sites []Site
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
			se.add(pe.StartLine, fmt.Errorf("%w: %v", ErrBadValue, pe.Err))
			if len(se.errs) >= maxSiteErrors {
				break
			}
			continue
		}
		line, _ := cr.FieldPos(0)
		s, err := csvSite(rec, header, col, opt)
		if err != nil {
			se.add(line, err)
			continue
		}
		s.Source, s.Line = source, line
		se.checkID(s.ID, line)
		sites = append(sites, s)
	}
	if err := se.err(); err != nil {
		return nil, err
	}
	return sites, nil
}

func csvSite(rec, header []string, col map[string]int, opt SiteOptions) (Site, error) {
	get := func(name string) string {
		if i, ok := col[name]; ok {
			return strings.TrimSpace(rec[i])
		}
		return ""
	}
	lat, err1 := strconv.ParseFloat(get("lat"), 64)
	lon, err2 := strconv.ParseFloat(get("lon"), 64)
	centre := geo.Point{Lat: lat, Lon: lon}
	if err1 != nil || err2 != nil || !centre.Valid() {
		return Site{}, fmt.Errorf("%w: position %q, %q", ErrBadValue, get("lat"), get("lon"))
	}
	radius := opt.radius()
	if v := get("radius_m"); v != "" {
		r, err := strconv.ParseFloat(v, 64)
		if err != nil {
			return Site{}, fmt.Errorf("%w: radius_m %q", ErrBadValue, v)
		}
		radius = r
	}
	if err := checkRadius(radius); err != nil {
		return Site{}, err
	}
	s := Site{ID: get("id"), Name: get("name"), Kind: get("kind"), Shape: geo.Circle{Center: centre, RadiusM: radius}}
	if s.ID == "" {
		s.ID = s.Name
	}
	if s.ID == "" {
		return Site{}, fmt.Errorf("%w: empty id and name", ErrBadValue)
	}
	s.Props = map[string]string{}
	for i, h := range header {
		switch k := strings.ToLower(strings.TrimSpace(h)); k {
		case "id", "name", "kind", "lat", "lon", "radius_m":
		default:
			s.Props[strings.TrimSpace(h)] = strings.TrimSpace(rec[i])
		}
	}
	return s, nil
}

package watch

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// ParseWatchlist reads a user watch list: CSV with a header naming some of
// the columns imo, mmsi, name, note (any order, case-insensitive; other
// columns ignored). Each row is a vessel of interest. A row with neither a
// valid identifier nor a name is recorded in List.Problems; an IMO whose
// check digit is wrong is kept but recorded too, since a typo would
// otherwise silently match nothing.
func ParseWatchlist(r io.Reader, source string) (*List, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	header, err := cr.Read()
	if err != nil {
		return nil, &ParseError{Source: source, Line: 1, Err: fmt.Errorf("watchlist header: %w", err)}
	}
	col := map[string]int{}
	for i, h := range header {
		col[strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))] = i
	}
	_, hasIMO := col["imo"]
	_, hasMMSI := col["mmsi"]
	_, hasName := col["name"]
	if !hasIMO && !hasMMSI && !hasName {
		return nil, &ParseError{Source: source, Line: 1, Err: errors.New("watchlist header names none of imo, mmsi, name")}
	}
	l := &List{Name: "Watchlist " + source, Format: FormatWatchlist, Source: source}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return l, nil
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				l.Problems = append(l.Problems, ParseError{source, pe.Line, pe.Err})
				continue
			}
			return l, fmt.Errorf("read %s: %w", source, err)
		}
		line, _ := cr.FieldPos(0)
		e, problem := watchlistEntry(rec, col, line)
		if problem != nil {
			l.Problems = append(l.Problems, ParseError{source, line, problem})
		}
		if e.IMO != 0 || e.MMSI != 0 || e.Name != "" {
			l.Entries = append(l.Entries, e)
		}
	}
}

func watchlistEntry(rec []string, col map[string]int, line int) (Entry, error) {
	get := func(k string) string {
		if i, ok := col[k]; ok && i < len(rec) {
			return strings.TrimSpace(rec[i])
		}
		return ""
	}
	e := Entry{ID: strconv.Itoa(line), Kind: "vessel", Name: get("name"), Note: get("note"), Line: line}
	var problems []string
	if s := get("imo"); s != "" {
		s = strings.TrimSpace(strings.TrimPrefix(strings.ToUpper(s), "IMO"))
		n, err := strconv.ParseUint(s, 10, 32)
		switch {
		case err != nil || len(s) != 7:
			problems = append(problems, fmt.Sprintf("imo %q is not a 7-digit number", get("imo")))
		default:
			e.IMO = uint32(n)
			if !ValidIMO(e.IMO) {
				problems = append(problems, fmt.Sprintf("imo %s fails its check digit (kept)", s))
			}
		}
	}
	if s := get("mmsi"); s != "" {
		n, err := strconv.ParseUint(s, 10, 32)
		if err != nil || len(s) != 9 {
			problems = append(problems, fmt.Sprintf("mmsi %q is not a 9-digit number", s))
		} else {
			e.MMSI = uint32(n)
		}
	}
	if e.IMO == 0 && e.MMSI == 0 && e.Name == "" {
		problems = append(problems, "row has no imo, mmsi or name")
	}
	if len(problems) > 0 {
		return e, errors.New(strings.Join(problems, "; "))
	}
	return e, nil
}

// ValidIMO reports whether n is a 7-digit IMO ship number whose check digit
// is right: the sum of the first six digits weighted 7..2, modulo 10, is the
// last digit.
func ValidIMO(n uint32) bool {
	if n < 1000000 || n > 9999999 {
		return false
	}
	check := n % 10
	sum := uint32(0)
	rest := n / 10
	for w := uint32(2); w <= 7; w++ {
		sum += (rest % 10) * w
		rest /= 10
	}
	return sum%10 == check
}

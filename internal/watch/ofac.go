package watch

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
)

// ofacFields is the number of fields of an OFAC legacy sdn.csv record.
const ofacFields = 12

var (
	reIMO   = regexp.MustCompile(`\bIMO\s+(\d{7})\b`)
	reMMSI  = regexp.MustCompile(`\bMMSI\s+(\d{9})\b`)
	reFKA   = regexp.MustCompile(`(?:f\.k\.a\.|a\.k\.a\.)\s+'([^']+)'`)
	reLinks = regexp.MustCompile(`Linked To:\s+([^;]+?)\.?(?:;|$)`)
)

// ParseOFACSDN reads OFAC's legacy sdn.csv: no header, 12 quoted fields,
// "-0-" for null, programs joined by "] [", a DOS end-of-file byte (0x1A) on
// the last line. Vessel identifiers live only in the Remarks field and are
// parsed out of it. Malformed rows are recorded in List.Problems; an I/O
// error is returned.
func ParseOFACSDN(r io.Reader, source string) (*List, error) {
	l := &List{Name: "OFAC SDN", Format: FormatOFACSDN, Source: source}
	cr := csv.NewReader(bufio.NewReader(r))
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	cr.ReuseRecord = true
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return l, nil
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			l.Problems = append(l.Problems, ParseError{source, pe.Line, pe.Err})
			continue
		}
		if err != nil {
			return l, fmt.Errorf("read %s: %w", source, err)
		}
		line, _ := cr.FieldPos(0)
		if len(rec) == 1 && strings.Trim(rec[0], "\x1a \r\n") == "" {
			continue // the DOS EOF byte, or a blank line
		}
		e, perr := ofacEntry(rec, line)
		if perr != nil {
			l.Problems = append(l.Problems, ParseError{source, line, perr})
			continue
		}
		l.Entries = append(l.Entries, e)
	}
}

// ofacEntry turns one sdn.csv record into an Entry.
func ofacEntry(rec []string, line int) (Entry, error) {
	if len(rec) != ofacFields {
		return Entry{}, fmt.Errorf("want %d fields, got %d", ofacFields, len(rec))
	}
	f := func(i int) string {
		v := strings.TrimSpace(rec[i])
		if v == "-0-" {
			return ""
		}
		return v
	}
	if _, err := strconv.Atoi(f(0)); err != nil {
		return Entry{}, fmt.Errorf("ent_num %q is not a number", rec[0])
	}
	kind := f(2)
	if kind == "" {
		kind = "entity"
	}
	remarks := f(11)
	e := Entry{
		ID: f(0), Name: f(1), Kind: kind, Callsign: f(5), Flag: f(9), Line: line,
		Programs: splitPrograms(f(3)),
	}
	if m := reIMO.FindStringSubmatch(remarks); m != nil && kind == "vessel" {
		e.IMO = atou(m[1])
	}
	if m := reMMSI.FindStringSubmatch(remarks); m != nil {
		e.MMSI = atou(m[1])
	}
	for _, m := range reFKA.FindAllStringSubmatch(remarks, -1) {
		e.Aliases = append(e.Aliases, m[1])
	}
	if m := reLinks.FindStringSubmatch(remarks); m != nil {
		e.Note = "Linked to " + strings.TrimSpace(m[1])
	}
	return e, nil
}

// splitPrograms splits OFAC's "IRAN] [SDGT" program field.
func splitPrograms(s string) []string {
	if s == "" {
		return nil
	}
	var out []string
	for _, p := range strings.Split(s, "] [") {
		if p = strings.Trim(p, "[] "); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func atou(s string) uint32 {
	n, _ := strconv.ParseUint(s, 10, 32)
	return uint32(n)
}

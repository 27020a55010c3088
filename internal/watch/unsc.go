package watch

import (
	"encoding/xml"
	"fmt"
	"io"
	"regexp"
	"strings"
	"time"
)

// unscList mirrors the parts of the UN consolidated list XML that screening
// needs (schema sc-sanctions.xsd).
type unscList struct {
	DateGenerated string       `xml:"dateGenerated,attr"`
	Individuals   []unscRecord `xml:"INDIVIDUALS>INDIVIDUAL"`
	Entities      []unscRecord `xml:"ENTITIES>ENTITY"`
}

type unscRecord struct {
	DataID    string      `xml:"DATAID"`
	First     string      `xml:"FIRST_NAME"`
	Second    string      `xml:"SECOND_NAME"`
	Third     string      `xml:"THIRD_NAME"`
	Fourth    string      `xml:"FOURTH_NAME"`
	ListType  string      `xml:"UN_LIST_TYPE"`
	Reference string      `xml:"REFERENCE_NUMBER"`
	Comments  string      `xml:"COMMENTS1"`
	Aliases   []unscAlias `xml:"INDIVIDUAL_ALIAS"`
	EAliases  []unscAlias `xml:"ENTITY_ALIAS"`
}

type unscAlias struct {
	Name string `xml:"ALIAS_NAME"`
}

// reUNIMO finds IMO numbers in UN comments, e.g. "International Maritime
// Organization (IMO) Number: 1790183" or "IMO number 8705539".
var reUNIMO = regexp.MustCompile(`(?i)\bIMO\)?\s*(?:number|no\.?)?\s*:?\s*(\d{7})\b`)

// ParseUNSC reads the UN Security Council consolidated list XML. Entities
// and individuals become entries (Kind "entity" or "individual"), with the
// UN list type (DPRK, Iran, ...) as program and IMO numbers found in the
// comments. The list is published on its dateGenerated.
func ParseUNSC(r io.Reader, source string) (*List, error) {
	var doc unscList
	dec := xml.NewDecoder(r)
	if err := dec.Decode(&doc); err != nil {
		line, _ := dec.InputPos()
		return nil, &ParseError{Source: source, Line: line, Err: fmt.Errorf("UN consolidated list XML: %w", err)}
	}
	l := &List{Name: "UN SC Consolidated", Format: FormatUNSC, Source: source}
	if t, err := time.Parse("2006-01-02T15:04:05.999-07:00", doc.DateGenerated); err == nil {
		l.Published = t.UTC()
	}
	for _, rec := range doc.Individuals {
		l.Entries = append(l.Entries, unscEntry(rec, "individual"))
	}
	for _, rec := range doc.Entities {
		l.Entries = append(l.Entries, unscEntry(rec, "entity"))
	}
	return l, nil
}

func unscEntry(rec unscRecord, kind string) Entry {
	var parts []string
	for _, p := range []string{rec.First, rec.Second, rec.Third, rec.Fourth} {
		if p = strings.Join(strings.Fields(p), " "); p != "" {
			parts = append(parts, p)
		}
	}
	e := Entry{ID: strings.TrimSpace(rec.Reference), Name: strings.Join(parts, " "), Kind: kind}
	if lt := strings.TrimSpace(rec.ListType); lt != "" {
		e.Programs = []string{"UN " + lt}
	}
	if m := reUNIMO.FindStringSubmatch(rec.Comments); m != nil {
		e.IMO = atou(m[1])
	}
	for _, a := range append(rec.Aliases, rec.EAliases...) {
		if n := strings.Join(strings.Fields(a.Name), " "); n != "" {
			e.Aliases = append(e.Aliases, n)
		}
	}
	return e
}

package watch

import (
	"errors"
	"fmt"
	"time"
)

// List is one loaded watch list: a published sanctions list or a user's own.
type List struct {
	Name      string    // short name, e.g. "OFAC SDN"
	Format    string    // one of the Format* constants
	Source    string    // file the list was read from
	Published time.Time // publication date when the list states one (zero if unknown)
	Entries   []Entry
	Problems  []ParseError // malformed rows, skipped
}

// Entry is one listed party. Vessel entries carry identifiers; entity and
// individual entries are kept for names and company IMO numbers.
type Entry struct {
	ID       string   // the list's own id (OFAC ent_num, UN reference number, row number)
	Name     string   // listed name
	Kind     string   // "vessel", "entity", "individual", "aircraft"
	Programs []string // sanctions programs, e.g. RUSSIA-EO14024
	IMO      uint32   // IMO ship number (vessels) or company number (entities); 0 if none
	MMSI     uint32   // 0 if none
	Callsign string
	Flag     string
	Aliases  []string // formerly-known-as and alias names
	Note     string   // user note (watchlist CSV) or linked parties
	Line     int      // 1-based line of the entry in its file
}

// List formats.
const (
	FormatOFACSDN   = "ofac-sdn-csv"
	FormatUNSC      = "un-sc-xml"
	FormatWatchlist = "watchlist-csv"
)

// Formats lists the list formats ParseList understands, for error messages.
var Formats = []string{FormatOFACSDN, FormatUNSC, FormatWatchlist}

// ErrUnknownFormat is returned for a list file in none of the Formats.
var ErrUnknownFormat = errors.New("unknown list format")

// ParseError locates a malformed row of a list file.
type ParseError struct {
	Source string
	Line   int
	Err    error
}

func (e *ParseError) Error() string { return fmt.Sprintf("%s:%d: %v", e.Source, e.Line, e.Err) }

// Unwrap returns the underlying error.
func (e *ParseError) Unwrap() error { return e.Err }

// Vessels returns the number of vessel entries, and how many carry an IMO
// number and an MMSI.
func (l *List) Vessels() (vessels, withIMO, withMMSI int) {
	for i := range l.Entries {
		e := &l.Entries[i]
		if e.Kind != "vessel" {
			continue
		}
		vessels++
		if e.IMO != 0 {
			withIMO++
		}
		if e.MMSI != 0 {
			withMMSI++
		}
	}
	return
}

// Label returns the list's name with its publication date, as a report
// cites it.
func (l *List) Label() string {
	if l.Published.IsZero() {
		return l.Name
	}
	return l.Name + " (" + l.Published.Format("2006-01-02") + ")"
}

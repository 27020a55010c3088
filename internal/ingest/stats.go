package ingest

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/lookout-osint/lookout/internal/ais/nmea"
	"github.com/lookout-osint/lookout/internal/track"
)

// Stats counts what an ingest did. Every input line ends up in one of the
// counts: decoded, bad by reason, or context (comments, $PGHP, other NMEA).
type Stats struct {
	Inputs     int        // inputs read
	Skipped    []string   // inputs skipped: already ingested (same content hash)
	Refused    []error    // inputs refused: unknown format, bad header, no time, read error
	NotAIS     []string   // files found in directories that are not AIS (skipped)
	Bytes      int64      // raw bytes read
	Lines      int64      // text lines read
	Rows       int64      // CSV data rows
	NMEA       nmea.Stats // NMEA lines, sentences, messages by type, bad input by reason
	Fixes      int64      // position fixes decoded (before the track filters)
	Kept       int64      // fixes kept by the filters, each in a segment, and sent to the sink
	Identities int64      // identity records (a vessel's repeats within one chunk merged)
	Vessels    int        // distinct MMSIs with a stored fix or identity
	Bad        map[Reason]*BadCount
	Dropped    track.Counts // fixes dropped by the track stage, by reason
	Elapsed    time.Duration
}

// BadCount is how often one reason occurred and where it first did.
type BadCount struct {
	N     int64
	First []string // FILE:LINE of the first occurrences
}

// addBad merges a chunk's bad counts for input name.
func (s *Stats) addBad(name string, b badCounts) {
	if s.Bad == nil {
		s.Bad = map[Reason]*BadCount{}
	}
	for _, c := range b {
		s.addBadN(c.reason, c.n, name, c.first)
	}
}

// addBadN counts n occurrences of r with their first lines.
func (s *Stats) addBadN(r Reason, n int64, name string, lines []uint32) {
	if s.Bad == nil {
		s.Bad = map[Reason]*BadCount{}
	}
	bc := s.Bad[r]
	if bc == nil {
		bc = &BadCount{}
		s.Bad[r] = bc
	}
	bc.N += n
	for _, l := range lines {
		if len(bc.First) < maxFirst {
			bc.First = append(bc.First, fmt.Sprintf("%s:%d", name, l))
		}
	}
}

// BadTotal is the number of bad or unusable input lines over all reasons,
// NMEA framing and payload errors included.
func (s *Stats) BadTotal() int64 {
	n := s.NMEA.BadTotal()
	for _, b := range s.Bad {
		n += b.N
	}
	return n
}

// Summary is the one-line summary printed at the end of an ingest.
func (s *Stats) Summary() string {
	var b strings.Builder
	fmt.Fprintf(&b, "ingest: %d inputs", s.Inputs)
	if len(s.Skipped) > 0 {
		fmt.Fprintf(&b, " (%d already ingested)", len(s.Skipped))
	}
	if len(s.Refused) > 0 {
		fmt.Fprintf(&b, " (%d refused)", len(s.Refused))
	}
	if len(s.NotAIS) > 0 {
		fmt.Fprintf(&b, " (%d not AIS, skipped)", len(s.NotAIS))
	}
	fmt.Fprintf(&b, ", %d lines", s.Lines)
	if s.Rows > 0 {
		fmt.Fprintf(&b, ", %d csv rows", s.Rows)
	}
	if s.NMEA.Sentences > 0 {
		fmt.Fprintf(&b, ", %d sentences, %d messages", s.NMEA.Sentences, s.NMEA.Messages)
	}
	fmt.Fprintf(&b, ", %d fixes decoded, %d kept, %d dropped, %d identities, %d vessels, %d bad",
		s.Fixes, s.Kept, s.Dropped.Dropped(), s.Identities, s.Vessels, s.BadTotal())
	secs := s.Elapsed.Seconds()
	if secs > 0 {
		fmt.Fprintf(&b, " in %.2fs (%.0f lines/s)", secs, float64(s.Lines)/secs)
	}
	return b.String()
}

// Details is the multi-line breakdown: messages by type, bad input by
// reason with first locations, dropped fixes by reason.
func (s *Stats) Details() string {
	var b strings.Builder
	if s.NMEA.Messages > 0 {
		b.WriteString("messages by type:")
		for t, n := range s.NMEA.ByType {
			if n > 0 {
				fmt.Fprintf(&b, " %d:%d", t, n)
			}
		}
		b.WriteByte('\n')
	}
	for r, n := range s.NMEA.Bad {
		if n > 0 {
			fmt.Fprintf(&b, "bad: %s %d (first at %s)\n", nmea.Reason(r), n, locs(s.NMEA.First[r]))
		}
	}
	for _, r := range s.badReasons() {
		bc := s.Bad[r]
		fmt.Fprintf(&b, "bad: %s %d (first at %s)\n", r, bc.N, strings.Join(bc.First, ", "))
	}
	for r := track.ReasonNone + 1; r < track.NumReasons; r++ {
		if n := s.Dropped[r]; n > 0 {
			fmt.Fprintf(&b, "dropped fixes: %s %d\n", r, n)
		}
	}
	for _, n := range s.Skipped {
		fmt.Fprintf(&b, "skipped (already ingested): %s\n", n)
	}
	for _, n := range s.NotAIS {
		fmt.Fprintf(&b, "skipped (not AIS): %s\n", n)
	}
	for _, n := range s.NotAIS {
		fmt.Fprintf(&b, "skipped (not AIS): %s\n", n)
	}
	for _, e := range s.Refused {
		fmt.Fprintf(&b, "refused: %v\n", e)
	}
	return b.String()
}

// badReasons returns the reasons in s.Bad, sorted.
func (s *Stats) badReasons() []Reason {
	rs := make([]Reason, 0, len(s.Bad))
	for r := range s.Bad {
		rs = append(rs, r)
	}
	sort.Slice(rs, func(i, j int) bool { return rs[i] < rs[j] })
	return rs
}

// locs formats NMEA locations.
func locs(ls []nmea.Location) string {
	parts := make([]string, len(ls))
	for i, l := range ls {
		parts[i] = l.String()
	}
	return strings.Join(parts, ", ")
}

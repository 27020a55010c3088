package nmea

import (
	"fmt"
	"strconv"
)

// Reason says why a piece of input was not turned into a message.
type Reason uint8

// Reasons for bad input. The last four come from the payload decoder.
const (
	BadChecksum     Reason = iota // sentence checksum does not match
	BadFraming                    // not a sentence, missing or malformed fields
	BadTagBlock                   // tag block with a bad checksum or field; the sentence is still used
	UnknownSentence               // '!' sentence that is not xxVDM/xxVDO, or a bad talker
	OrphanFragment                // fragment whose message never completed
	OutOfOrder                    // fragment number not the one expected
	EmptyPayload                  // sentence with no payload characters
	TooShort                      // payload shorter than its message type
	InvalidChar                   // payload byte outside the 6-bit armour
	UnsupportedType               // message type 0 or above 27
	NumReasons                    // number of reasons, for arrays
)

var reasonNames = [NumReasons]string{
	"bad_checksum", "bad_framing", "bad_tag_block", "unknown_sentence",
	"orphan_fragment", "out_of_order_fragment", "empty_payload",
	"payload_too_short", "invalid_char", "unsupported_type",
}

// String returns the reason's snake_case name, used in summaries.
func (r Reason) String() string {
	if r < NumReasons {
		return reasonNames[r]
	}
	return "reason(" + strconv.Itoa(int(r)) + ")"
}

// MaxLocations is how many locations Stats keeps per reason.
const MaxLocations = 5

// Location is a place in the input: source name and 1-based line.
type Location struct {
	Source string
	Line   uint32
}

// String formats l as FILE:LINE.
func (l Location) String() string { return l.Source + ":" + strconv.FormatUint(uint64(l.Line), 10) }

// Stats counts what a Decoder read. The counters sit beside what they count
// so that a summary never has to re-read the input.
type Stats struct {
	Lines     int64 // physical lines read
	Sentences int64 // well-formed VDM/VDO sentences (checksum valid)
	Messages  int64 // decoded AIS messages yielded
	OtherNMEA int64 // valid non-AIS sentences ($GPRMC, $PSTT, ...), not errors
	Comments  int64 // lines starting with '#'
	ByType    [32]int64
	Bad       [NumReasons]int64
	First     [NumReasons][]Location // first MaxLocations locations per reason
}

// add counts one bad piece of input.
func (s *Stats) add(r Reason, src string, line uint32) {
	s.Bad[r]++
	if len(s.First[r]) < MaxLocations {
		s.First[r] = append(s.First[r], Location{src, line})
	}
}

// BadTotal is the number of bad pieces of input over all reasons.
func (s *Stats) BadTotal() int64 {
	var n int64
	for _, v := range s.Bad {
		n += v
	}
	return n
}

// Merge adds o's counts to s (locations up to MaxLocations).
func (s *Stats) Merge(o *Stats) {
	s.Lines += o.Lines
	s.Sentences += o.Sentences
	s.Messages += o.Messages
	s.OtherNMEA += o.OtherNMEA
	s.Comments += o.Comments
	for i := range s.ByType {
		s.ByType[i] += o.ByType[i]
	}
	for r := range s.Bad {
		s.Bad[r] += o.Bad[r]
		for _, l := range o.First[r] {
			if len(s.First[r]) < MaxLocations {
				s.First[r] = append(s.First[r], l)
			}
		}
	}
}

// String is a one-line summary: counts, messages by type, bad input by
// reason with its first locations.
func (s *Stats) String() string {
	b := fmt.Appendf(nil, "%d lines, %d sentences, %d messages", s.Lines, s.Sentences, s.Messages)
	sep := " (types"
	for t, n := range s.ByType {
		if n > 0 {
			b = fmt.Appendf(b, "%s %d:%d", sep, t, n)
			sep = ""
		}
	}
	if sep == "" {
		b = append(b, ')')
	}
	if s.OtherNMEA > 0 {
		b = fmt.Appendf(b, ", %d other NMEA", s.OtherNMEA)
	}
	b = fmt.Appendf(b, ", %d bad", s.BadTotal())
	for r, n := range s.Bad {
		if n == 0 {
			continue
		}
		b = fmt.Appendf(b, "; %s %d at", Reason(r), n)
		for _, l := range s.First[r] {
			b = append(b, ' ')
			b = append(b, l.String()...)
		}
		if n > int64(len(s.First[r])) {
			b = append(b, " ..."...)
		}
	}
	return string(b)
}

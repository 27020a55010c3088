package nmea

import "bytes"

// Kind is the kind of a Piece of a line.
type Kind uint8

// Kinds of pieces.
const (
	KindSentence Kind = iota + 1 // "!..." or "$..." sentence
	KindTagBlock                 // text between the backslashes of a tag block
	KindJunk                     // text that is neither (bad framing)
	KindComment                  // a line starting with '#'
)

// Piece is one part of a line. Its slices alias the line.
type Piece struct {
	Kind    Kind
	Text    []byte // the sentence with "*hh", the tag block text, the junk, or the comment
	Trailer []byte // after a sentence's checksum: receiver metadata, or nothing
	Err     error  // for sentences: nil, ErrBadFraming or ErrBadChecksum
}

// Splitter cuts a line into pieces: tag blocks, sentences with their
// trailers, junk, so that several tag-blocked sentences on one line (and a
// literal "\r\n" between them) are all found. It is pure and allocates
// nothing.
type Splitter struct {
	line []byte
	p    int
}

// Reset starts splitting line (without its line terminator).
func (s *Splitter) Reset(line []byte) { s.line, s.p = line, 0 }

// Next stores the next piece in pc and reports whether there was one.
func (s *Splitter) Next(pc *Piece) bool {
	b := s.line
	for s.p < len(b) && (b[s.p] == ' ' || b[s.p] == '\t') {
		s.p++
	}
	if s.p >= len(b) {
		return false
	}
	*pc = Piece{}
	switch c := b[s.p]; {
	case c == '#' && s.p == 0:
		pc.Kind, pc.Text = KindComment, b
		s.p = len(b)
	case c == '\\':
		if s.escapedNewline() {
			return s.Next(pc)
		}
		s.tagBlock(pc)
	case c == '!' || c == '$':
		s.sentence(pc)
	default:
		s.junk(pc)
	}
	return true
}

// escapedNewline skips a literal "\r", "\n", "\x0d" or "\x0a" written as
// text after or between sentences (seen in real logs).
func (s *Splitter) escapedNewline() bool {
	b, p := s.line, s.p
	if p+3 < len(b) && b[p+1] == 'x' && hexVal[b[p+2]] != 0xFF && hexVal[b[p+3]] != 0xFF &&
		(p+4 == len(b) || b[p+4] == '\\' || b[p+4] == '!' || b[p+4] == '$') {
		s.p += 4
		return true
	}
	if p+1 >= len(b) || (b[p+1] != 'r' && b[p+1] != 'n') {
		return false
	}
	if p+2 < len(b) && b[p+2] != '\\' && b[p+2] != '!' && b[p+2] != '$' {
		return false
	}
	s.p += 2
	return true
}

// tagBlock takes "\...\" at s.p.
func (s *Splitter) tagBlock(pc *Piece) {
	b := s.line
	end := bytes.IndexByte(b[s.p+1:], '\\')
	if end >= 0 {
		end += s.p + 1
	}
	if end < 0 {
		pc.Kind, pc.Text = KindJunk, b[s.p:]
		s.p = len(b)
		return
	}
	pc.Kind, pc.Text = KindTagBlock, b[s.p+1:end]
	s.p = end + 1
}

// sentence takes a sentence at s.p and the trailer after its checksum.
func (s *Splitter) sentence(pc *Piece) {
	b := s.line[s.p:]
	n, err := frame(b)
	pc.Kind, pc.Text, pc.Err = KindSentence, b[:n], err
	if err == ErrBadFraming {
		// Take everything up to the next delimiter as the broken sentence.
		n += nextStart(b[n:])
		pc.Text = b[:n]
		s.p += n
		return
	}
	t := nextStart(b[n:])
	pc.Trailer = b[n : n+t]
	s.p += n + t
}

// junk takes text up to the next tag block or sentence.
func (s *Splitter) junk(pc *Piece) {
	b := s.line[s.p:]
	n := 1 + nextStart(b[1:])
	pc.Kind, pc.Text = KindJunk, b[:n]
	s.p += n
}

// nextStart returns the index of the first '\\', '!' or '$' in b, or len(b).
func nextStart(b []byte) int {
	for i, c := range b {
		if c == '\\' || c == '!' || c == '$' {
			return i
		}
	}
	return len(b)
}

package nmea

import (
	"errors"
	"fmt"
	"io"

	"github.com/lookout-osint/lookout/internal/ais"
)

// Options tune a Decoder. The zero value is ready to use.
type Options struct {
	// Strict makes the first bad piece of input an error (a *ParseError)
	// instead of a count in Stats.
	Strict bool
	// KeepShort yields messages whose payload is shorter than their type
	// (ais.ErrTooShort: the missing fields read as zero). They are counted
	// as payload_too_short either way.
	KeepShort bool
	// MaxPending bounds the partial multi-sentence messages held
	// (DefaultMaxPending when 0); MaxAge is the age in sentences after which
	// a partial message is dropped as orphan (DefaultMaxAge when 0).
	MaxPending int
	MaxAge     int
}

// Message is one decoded AIS message with its provenance. A Decoder reuses
// one Message: everything in it, including Frame.Payload and Frame.Lines,
// is overwritten by the next call of Next.
type Message struct {
	Frame
	AIS ais.Message
}

// Decoder reads NMEA text from an io.Reader and yields decoded AIS messages
// one at a time (the stream tier over the pure parser). It keeps the state
// that spans lines: a tag block alone on its line, a $PGHP time, partial
// multi-sentence messages. It allocates nothing per message after warm-up.
type Decoder struct {
	opt     Options
	src     string
	lr      lineReader
	sp      Splitter
	inLine  bool
	pc      Piece
	sent    Sentence
	asm     *Assembler
	stats   Stats
	tags    tagCache
	pghpc   pghpCache
	lineTag TagBlock // tag block read on the current line, not yet used
	hasLine bool
	// pend is the tag block that ended a previous line: lineTag or
	// tags.tag, not copied. Both change only when a tag block is parsed,
	// which first drops the pending one (piece), so pend stays valid
	// while hasPend holds.
	pend     *TagBlock
	hasPend  bool
	pghp     int64  // time of a $PGHP right before; 0 when none
	pghpLine uint32 // its line: it applies on that line or the next only
	frame    Frame
	noQuick  bool  // never take quickLine (tests compare with the plain path)
	quickN   int64 // lines taken by quickLine, for tests
	maybeRMC bool  // a line since Reset may be a $xxRMC sentence
	single   [1]uint32
	msg      Message
	err      error // sticky: read error or, in strict mode, the first bad input
	done     bool
}

// NewDecoder returns a Decoder reading r, whose lines are reported as
// source:line (source is usually the file name).
func NewDecoder(r io.Reader, source string, opt Options) *Decoder {
	d := &Decoder{opt: opt, asm: NewAssembler(opt.MaxPending)}
	if opt.MaxAge > 0 {
		d.asm.MaxAge = uint64(opt.MaxAge)
	}
	d.asm.Drop = d.drop
	d.Reset(r, source)
	return d
}

// Reset makes d read a new input, keeping Stats (so they add up over several
// files) and the buffers. The previous input's partial messages must have
// been flushed by reading it to io.EOF; any left are counted as orphans.
func (d *Decoder) Reset(r io.Reader, source string) {
	d.restart(source)
	d.lr.reset(r)
}

// ResetBytes is Reset for an input held in memory: its lines are read from
// data in place instead of being copied into the decoder's buffer, with
// the same results as Reset(bytes.NewReader(data), source). data must not
// change until the next Reset or ResetBytes.
func (d *Decoder) ResetBytes(data []byte, source string) {
	d.restart(source)
	d.lr.resetBytes(data)
}

// restart ends the previous input and clears the state that spans lines.
func (d *Decoder) restart(source string) {
	if !d.done && d.src != "" {
		d.asm.Flush()
	}
	d.src = source
	d.inLine, d.hasLine, d.hasPend, d.pghp, d.err, d.done = false, false, false, 0, nil, false
	d.maybeRMC = false
}

// MaybeRMC reports whether a line read since the last Reset may hold a
// $xxRMC sentence: it starts with "$xxRMC," or is a '$' line too short to
// tell. It is false for input that has none, so that a caller looking for
// RMC times in the same input can skip it.
func (d *Decoder) MaybeRMC() bool { return d.maybeRMC }

// noteRMC sets maybeRMC for a line that starts with '$'.
func (d *Decoder) noteRMC(line []byte) {
	if len(line) < 7 || string(line[3:7]) == "RMC," {
		d.maybeRMC = true
	}
}

// Stats returns the counts so far. The pointer stays valid; read it after
// Next has returned io.EOF for final numbers.
func (d *Decoder) Stats() *Stats { return &d.stats }

// Next returns the next decoded message. At the end of the input it returns
// io.EOF; on a read error, the error wrapped with the source name; in strict
// mode, the first bad input as a *ParseError. The Message is overwritten by
// the next call.
func (d *Decoder) Next() (*Message, error) {
	for {
		f, err := d.NextFrame()
		if err != nil {
			return nil, err
		}
		if m := d.decode(f); m != nil {
			return m, nil
		}
		if d.err != nil {
			return nil, d.err
		}
	}
}

// decode runs the payload decoder on f; nil when the payload is bad.
func (d *Decoder) decode(f *Frame) *Message {
	m := &d.msg
	if f != &m.Frame {
		m.Frame = *f
	}
	err := m.AIS.Decode(f.Payload, f.FillBits)
	if err != nil {
		d.payloadError(err, f.Line)
		if !errors.Is(err, ais.ErrTooShort) || !d.opt.KeepShort {
			return nil
		}
	}
	d.stats.Messages++
	d.stats.ByType[m.AIS.Type&31]++
	return m
}

// payloadError counts a payload decoder error by reason.
func (d *Decoder) payloadError(err error, line uint32) {
	r := BadFraming
	switch {
	case errors.Is(err, ais.ErrTooShort):
		r = TooShort
	case errors.Is(err, ais.ErrInvalidChar):
		r = InvalidChar
	case errors.Is(err, ais.ErrUnsupportedType):
		r = UnsupportedType
	case errors.Is(err, ais.ErrEmpty):
		r = EmptyPayload
	}
	d.badErr(r, line, err)
}

// NextFrame returns the next complete message before payload decoding: its
// armoured payload and provenance. It is the framing half of Next (use one
// or the other). The Frame is overwritten by the next call.
func (d *Decoder) NextFrame() (*Frame, error) {
	for d.err == nil {
		if !d.inLine {
			if f, took := d.quickLine(); took {
				if f != nil {
					return f, nil
				}
				continue
			}
			if !d.nextLine() {
				break
			}
		}
		if !d.sp.Next(&d.pc) {
			d.endLine()
			continue
		}
		f := d.piece()
		if d.sp.p >= len(d.sp.line) {
			d.endLine() // the last piece: spare a call of Next
		}
		if f != nil {
			return f, nil
		}
	}
	if d.err != nil {
		return nil, d.err
	}
	return nil, io.EOF
}

// nextLine starts the next line; false at the end of the input. A line
// equal to the last line that held one valid tag block and nothing else
// (DMA's "\si:AISD*3F\" before every sentence) is taken whole here.
func (d *Decoder) nextLine() bool {
	for {
		line, ok := d.lr.next()
		if !ok {
			d.finish()
			return false
		}
		d.stats.Lines++
		if len(line) > 0 && line[0] == '$' {
			d.noteRMC(line)
		}
		if d.lr.long {
			d.bad(BadFraming, d.lr.line)
			return true
		}
		d.sp.Reset(line)
		d.inLine = true
		return true
	}
}

// endLine ends the current line: a tag block that no sentence followed
// applies to the next sentence (NMEA 4.0 lets it stand on its own line).
func (d *Decoder) endLine() {
	d.inLine = false
	if d.hasLine {
		d.pend, d.hasPend, d.hasLine = &d.lineTag, true, false
	}
}

// finish ends the input: partial messages become orphans; a read error is
// returned from now on.
func (d *Decoder) finish() {
	if d.done {
		return
	}
	d.done = true
	d.asm.Flush()
	if d.lr.err != nil && d.err == nil {
		d.err = fmt.Errorf("read %s: %w", d.src, d.lr.err)
	}
}

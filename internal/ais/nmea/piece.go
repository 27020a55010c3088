package nmea

// piece handles the piece in d.pc; it returns a Frame when one completes.
func (d *Decoder) piece() *Frame {
	line := d.lr.line
	switch d.pc.Kind {
	case KindComment:
		d.stats.Comments++
	case KindJunk:
		d.bad(BadFraming, line)
	case KindTagBlock:
		d.hasPend = false // a new tag block replaces a pending one
		d.hasLine = d.tags.parse(d.pc.Text, &d.lineTag)
		if !d.hasLine {
			d.bad(BadTagBlock, line)
		}
	case KindSentence:
		return d.sentence(line, d.pc.Text, d.pc.Trailer, d.pc.Err)
	}
	return nil
}

// tag returns the tag block that applies to the sentence being read, and
// whether it was on the same line, and marks it used.
func (d *Decoder) tag() (*TagBlock, bool) {
	switch {
	case d.hasLine:
		d.hasLine = false
		return &d.lineTag, true
	case d.hasPend:
		d.hasPend = false
		return d.pend, false
	}
	return nil, false
}

// sentence handles a sentence piece: text is the sentence with its
// checksum, trailer what follows it, perr its framing error.
func (d *Decoder) sentence(line uint32, text, trailer []byte, perr error) *Frame {
	pghp := d.pghp
	if d.pghpLine+1 < line {
		pghp = 0 // lines between: the $PGHP was not for this sentence
	}
	d.pghp = 0 // a $PGHP applies only to the sentence right after it
	if perr != nil {
		d.tag()
		d.bad(errReason(perr), line)
		return nil
	}
	if text[0] == '$' {
		d.other(line, text)
		return nil
	}
	tag, inline := d.tag()
	if err := parseVDM(text, &d.sent); err != nil {
		d.bad(errReason(err), line)
		return nil
	}
	d.stats.Sentences++
	// The time: tag block c:, then $PGHP, then a trailer's Unix time.
	t := pghp
	if tag != nil && tag.Time != 0 {
		t = tag.Time
	} else if pghp == 0 && len(trailer) > 0 {
		t = TrailerTime(trailer)
	}
	if d.sent.Total == 1 {
		d.asm.tick++ // partial messages age by every sentence
		return d.singleFrame(line, t)
	}
	f := d.asm.Add(&d.sent, Fragment{Line: line, Time: t, Tag: tag, Inline: inline})
	if f != nil {
		f.Source = d.src
	}
	return f
}

// other handles a valid '$' sentence: $PGHP gives the time of the next
// sentence and leaves a pending tag block for it; the rest is counted.
func (d *Decoder) other(line uint32, text []byte) {
	if !isPGHP(text) {
		d.tag()
		d.stats.OtherNMEA++
		return
	}
	if d.hasLine { // "\si:AISD*3F\$PGHP,…": the tag block is for the VDM
		d.pend, d.hasPend, d.hasLine = &d.lineTag, true, false
	}
	t, err := d.pghpc.parse(text)
	if err != nil {
		d.bad(BadFraming, line)
		return
	}
	d.stats.OtherNMEA++
	d.pghp, d.pghpLine = t, line
}

// singleFrame returns the Frame of a one-sentence message, in d.msg; its
// payload aliases the line.
func (d *Decoder) singleFrame(line uint32, t int64) *Frame {
	s, f := &d.sent, &d.msg.Frame
	d.single[0] = line
	// Every field, one store each (a composite literal would be built on
	// the stack and copied).
	f.Payload, f.FillBits, f.Time, f.Source = s.Payload, s.FillBits, t, d.src
	f.Line, f.LastLine, f.Lines = line, line, d.single[:]
	f.Channel, f.Talker, f.Own = s.Channel, s.Talker, s.Own
	return f // written in place: Next need not copy it
}

// errReason maps a parser sentinel to its Reason.
func errReason(err error) Reason {
	for r, e := range reasonErrs {
		if e == err && e != nil {
			return Reason(r)
		}
	}
	return BadFraming
}

// drop is the assembler's callback for fragments that will never complete.
func (d *Decoder) drop(r Reason, line uint32) { d.bad(r, line) }

// bad counts one bad piece of input; in strict mode it also stops the
// decoder with a *ParseError.
func (d *Decoder) bad(r Reason, line uint32) { d.badErr(r, line, reasonErrs[r]) }

// badErr is bad with the underlying error.
func (d *Decoder) badErr(r Reason, line uint32, err error) {
	d.stats.add(r, d.src, line)
	if d.opt.Strict && d.err == nil {
		d.err = &ParseError{Source: d.src, Line: line, Reason: r, Err: err}
	}
}

package nmea

// quickLine takes the next line straight from the line reader's window
// when it is one of the two lines that make up nearly all real input: a
// sentence alone on its line (with or without a trailer), or the repeated
// tag-block-only line (the tag block last parsed, see tagCache), or a
// $PGHP line with the cached prefix (see quickPGHP). The sentence's framing
// then finds the line end too, so the line is scanned once instead of by the line reader,
// the Splitter and frame in turn, and the sentence is handled at once. It
// reports whether it took a line, and returns the Frame the line completed,
// if any; a tag-block line or a $PGHP line it takes completes none, and it
// goes on with the next line. Anything else, and a line that does not end inside the window,
// is left to nextLine and the Splitter; the result is the same either way.
// It is called between lines only, where no tag block of the line before
// is left unused (endLine has made it pending).
func (d *Decoder) quickLine() (*Frame, bool) {
	if d.noQuick {
		return nil, false
	}
	// A tag-block line or a $PGHP line taken here yields no Frame and
	// cannot fail; the line after it is tried at once.
	took := false
	for {
		data := d.lr.rest()
		if len(data) == 0 {
			return nil, took
		}
		switch data[0] {
		case '$':
			if d.pghpc.n > 0 && d.quickPGHP(data) {
				d.quickN++
				took = true
				continue
			}
			if f, ok := d.quickSentence(data); ok {
				return f, true
			}
		case '!':
			if f, ok := d.quickSentence(data); ok {
				return f, true
			}
		case '\\':
			if d.tags.n > 0 && d.tags.good && d.quickTagLine(data) {
				d.quickN++
				took = true
				continue
			}
		}
		return nil, took
	}
}

// quickSentence is quickLine for a line of data that starts with '!' or '$'.
func (d *Decoder) quickSentence(data []byte) (*Frame, bool) {
	n, err := frame(data)
	if err != nil {
		return nil, false
	}
	end, ok := d.takeSentence(data, n)
	if !ok {
		return nil, false
	}
	d.quickN++
	return d.sentence(d.lr.line, data[:n], data[n:end], nil), true
}

// quickPGHP takes a line of data that is a valid $PGHP starting with the
// prefix of the last one parsed (see pghpCache), as sentence would: its
// time becomes the pending $PGHP time. The prefix is neither framed nor
// parsed again: its bytes equal the cached ones, whose checksum is known.
// It reports false, having taken nothing, for any other line, a bad one,
// and a line whose end is not in data.
func (d *Decoder) quickPGHP(data []byte) bool {
	c := &d.pghpc
	if !c.hasPrefix(data) {
		return false
	}
	k := 6 + c.n
	n, err := frameFrom(data, k, c.sum)
	if err != nil || n-3 <= k {
		return false
	}
	f := data[k : n-3]
	sec, ms, ok := pghpSecMsWord(f) // as c.secMs, without its calls
	if !ok {
		sec, ms, ok = pghpSecMsBytes(f)
	}
	if !ok || sec > 60 || ms > 999 {
		return false
	}
	if _, ok := d.takeSentence(data, n); !ok {
		return false
	}
	// As sentence and other: between lines no tag block of the line is
	// left to hand on.
	d.stats.OtherNMEA++
	d.pghp, d.pghpLine = c.base+sec*1000+ms, d.lr.line
	return true
}

// takeSentence takes the line of data (rest()) that starts with a
// sentence of length n (framed without error) and goes on with its trailer,
// and returns where the line ends. It reports false when another piece
// follows on the line or the line end is not in data.
func (d *Decoder) takeSentence(data []byte, n int) (int, bool) {
	end := n
	for ; end < len(data); end++ {
		c := data[end]
		if c == '\n' || c == '\r' {
			break
		}
		if c == '\\' || c == '!' || c == '$' {
			return 0, false // another piece on this line
		}
	}
	if !d.lr.take(data, end) {
		return 0, false
	}
	d.stats.Lines++
	if data[0] == '$' {
		d.noteRMC(data[:end])
	}
	return end, true
}

// quickTagLine takes a line of data that is only the tag block last parsed
// (a valid one), as the Splitter and piece would: it becomes the pending
// tag block. It reports false when the line is another or its end is not
// in data.
func (d *Decoder) quickTagLine(data []byte) bool {
	n, ok := d.tags.isLine(data)
	if !ok || !d.lr.take(data, n) {
		return false
	}
	d.stats.Lines++
	d.pendTag, d.hasPend, d.hasLine = d.tags.tag, true, false
	return true
}

package nmea

import "bytes"

// quickLine takes the next line straight from the line reader's window
// when it is one of the four lines that make up nearly all real input: a
// sentence alone on its line (with or without a trailer), the repeated
// tag-block-only line (the tag block last parsed, see tagCache), a tag
// block and a sentence on one line (see quickTagSentence), or a $PGHP
// line with the cached prefix (see quickPGHP). The sentence's framing
// then finds the line end too, so the line is scanned once instead of by
// the line reader, the Splitter and frame in turn, and the sentence is
// handled at once. It reports whether it took a line, and returns the
// Frame the line completed, if any; a tag-block line or a $PGHP line it
// takes completes none, and it goes on with the next line. Anything else,
// and a line that does not end inside the window, is left to nextLine and
// the Splitter; the result is the same either way. It is called between
// lines only, where no tag block of the line before is left unused
// (endLine has made it pending).
func (d *Decoder) quickLine() (*Frame, bool) {
	if d.noQuick {
		return nil, false
	}
	// A tag-block line or a $PGHP line taken here yields no Frame and
	// cannot fail; the line after it is tried at once, in the rest of the
	// window (data[used:] is rest() again, see take).
	took := false
	data := d.lr.rest()
	for {
		if len(data) == 0 {
			return nil, took
		}
		switch data[0] {
		case '$':
			if d.pghpc.n > 0 {
				if used := d.quickPGHP(data); used > 0 {
					d.quickN++
					took = true
					data = data[used:]
					continue
				}
			}
			if f, ok := d.quickSentence(data); ok {
				return f, true
			}
		case '!':
			if f, ok := d.quickSentence(data); ok {
				return f, true
			}
		case '\\':
			if d.tags.n > 0 && d.tags.good {
				if used := d.quickTagLine(data); used > 0 {
					d.quickN++
					took = true
					data = data[used:]
					continue
				}
			}
			if f, ok := d.quickTagSentence(data); ok {
				return f, true
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
	end, used := d.takeSentence(data, n)
	if used == 0 {
		return nil, false
	}
	d.quickN++
	return d.sentence(d.lr.line, data[:n], data[n:end], nil), true
}

// maxQuickTag bounds the search for the end of a tag block in
// quickTagSentence, so that a line with an unclosed one is not searched to
// the end of the window: 256 bytes is three times the longest real tag
// blocks here (the satellite sample's are about 40).
const maxQuickTag = 256

// quickTagSentence takes a line of data that is one tag block followed at
// once by a '!' sentence and its trailer ("\\s:2190067,c:1384257600*0F\\!BSVDM,…":
// receiver logs and satellite feeds), as the Splitter, piece and sentence
// would. Anything else it leaves to them: a tag block that is bad or not
// closed on its line, whitespace or another piece after it, a sentence
// that does not frame, a line end outside data, a tag block longer than
// maxQuickTag. It has then changed nothing, or (a bad tag block on a line
// that ends in data) only the tag cache and lineTag, which the plain path
// parses the same line into again, dropping a pending tag block as it
// does. data[2] must be ':', a field key's, which also rules out the
// escaped newlines ("\\r", "\\n", "\\x0d") that the Splitter skips.
func (d *Decoder) quickTagSentence(data []byte) (*Frame, bool) {
	if len(data) < 4 || data[2] != ':' {
		return nil, false
	}
	end := bytes.IndexByte(data[1:min(len(data), maxQuickTag)], '\\') + 1
	if end < 1 || lineEnd(data[1:end]) < end-1 || end+1 >= len(data) || data[end+1] != '!' {
		return nil, false
	}
	start := end + 1
	n, err := frame(data[start:])
	if err != nil {
		return nil, false
	}
	// Parse the tag block only once the line is known to end in data: the
	// parse writes lineTag and the tag cache, which a pending tag block may
	// be, and the plain path splits no line too long for the window.
	lineEnd, used := sentenceEnd(data, start+n)
	if used == 0 || !d.tags.parse(data[1:end], &d.lineTag) {
		return nil, false
	}
	d.lr.take(data, lineEnd)
	d.stats.Lines++
	d.quickN++
	d.hasPend, d.hasLine = false, true
	return d.sentence(d.lr.line, data[start:start+n], data[start+n:lineEnd], nil), true
}

// quickPGHP takes a line of data that is a valid $PGHP starting with the
// prefix of the last one parsed (see pghpCache), as sentence would: its
// time becomes the pending $PGHP time. The prefix is neither framed nor
// parsed again: its bytes equal the cached ones, whose checksum is known.
// It returns the bytes taken (see take), or 0, having taken nothing, for
// any other line, a bad one, and a line whose end is not in data.
func (d *Decoder) quickPGHP(data []byte) int {
	c := &d.pghpc
	if !c.hasPrefix(data) {
		return 0
	}
	k := 6 + c.n
	n, err := frameFrom(data, k, c.sum)
	if err != nil || n-3 <= k {
		return 0
	}
	// As c.secMs, without its calls. The word path may read past the
	// fields (data[k:n-3]): a comma it needs there would be the '*' at n-3.
	sec, ms, ok := pghpSecMsWord(data[k:])
	if !ok {
		sec, ms, ok = pghpSecMsBytes(data[k : n-3])
	}
	if !ok || sec > 60 || ms > 999 {
		return 0
	}
	_, used := d.takeSentence(data, n)
	if used == 0 {
		return 0
	}
	// As sentence and other: between lines no tag block of the line is
	// left to hand on.
	d.stats.OtherNMEA++
	d.pghp, d.pghpLine = c.base+sec*1000+ms, d.lr.line
	return used
}

// takeSentence takes the line of data (rest()) that starts with a
// sentence of length n (framed without error) and goes on with its trailer.
// It returns where the line ends and the bytes taken (see take); 0 taken
// when another piece follows on the line or the line end is not in data.
func (d *Decoder) takeSentence(data []byte, n int) (end, used int) {
	if end, used = sentenceEnd(data, n); used == 0 {
		return 0, 0
	}
	d.lr.take(data, end)
	d.stats.Lines++
	if data[0] == '$' {
		d.noteRMC(data[:end])
	}
	return end, used
}

// sentenceEnd returns where the line of data (rest()) that holds a
// sentence ending at n ends, and the bytes taking it would take (see
// lineUsed); 0 taken when another piece follows on the line or the line
// end is not in data. It changes nothing.
func sentenceEnd(data []byte, n int) (end, used int) {
	end = n
	for ; end < len(data); end++ {
		c := data[end]
		if c == '\n' || c == '\r' {
			break
		}
		if c == '\\' || c == '!' || c == '$' {
			return 0, 0 // another piece on this line
		}
	}
	return end, lineUsed(data, end)
}

// quickTagLine takes a line of data that is only the tag block last parsed
// (a valid one), as the Splitter and piece would: it becomes the pending
// tag block. It returns the bytes taken (see take), or 0 when the line is
// another or its end is not in data.
func (d *Decoder) quickTagLine(data []byte) int {
	n, ok := d.tags.isLine(data)
	if !ok {
		return 0
	}
	used := d.lr.take(data, n)
	if used == 0 {
		return 0
	}
	d.stats.Lines++
	d.pend, d.hasPend, d.hasLine = &d.tags.tag, true, false
	return used
}

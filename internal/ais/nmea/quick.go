package nmea

// Results of quickLine.
const (
	quickNone  = iota // nothing taken: read the line the usual way
	quickPiece        // a line taken whose only piece is in d.pc
	quickDone         // a line taken and handled whole
)

// quickLine takes the next line straight from the line reader's window
// when it is one of the two lines that make up nearly all real input: a
// sentence alone on its line (with or without a trailer), or the repeated
// tag-block-only line (see tagLine). The sentence's framing then finds the
// line end too, so the line is scanned once instead of by the line reader,
// the Splitter and frame in turn. Anything else, and a line that does not
// end inside the window, is left to lineReader.next and the Splitter; the
// result is the same either way.
func (d *Decoder) quickLine() int {
	data := d.lr.rest()
	if len(data) == 0 || d.noQuick {
		return quickNone
	}
	r := quickNone
	switch data[0] {
	case '!', '$':
		if d.quickSentence(data) {
			r = quickPiece
		}
	case '\\':
		if d.rep.n > 0 && d.quickTagLine(data) {
			r = quickDone
		}
	}
	if r != quickNone {
		d.quickN++
	}
	return r
}

// quickSentence takes a line of data that is one framed sentence and its
// trailer, and stores it in d.pc as the Splitter would. It reports false
// when the line is not that (a bad sentence, more pieces after it) or its
// end is not in data.
func (d *Decoder) quickSentence(data []byte) bool {
	n, err := frame(data)
	if err != nil {
		return false
	}
	end := n
	for ; end < len(data); end++ {
		c := data[end]
		if c == '\n' || c == '\r' {
			break
		}
		if c == '\\' || c == '!' || c == '$' {
			return false // another piece on this line
		}
	}
	line, ok := d.lr.take(end)
	if !ok {
		return false
	}
	d.stats.Lines++
	if line[0] == '$' {
		d.noteRMC(line)
	}
	d.sp.line, d.sp.p = line, len(line)
	d.pc = Piece{Kind: KindSentence, Text: line[:n], Trailer: line[n:]}
	d.ready, d.inLine = true, true
	return true
}

// quickTagLine takes a line of data equal to the remembered tag-block-only
// line, as repeatTagLine does; false when it is not that line or its end
// is not in data.
func (d *Decoder) quickTagLine(data []byte) bool {
	n := d.rep.n
	if len(data) <= n || string(data[:n]) != string(d.rep.raw[:n]) {
		return false
	}
	if _, ok := d.lr.take(n); !ok {
		return false
	}
	d.stats.Lines++
	d.pendTag, d.hasPend, d.hasLine = d.rep.tag, true, false
	return true
}

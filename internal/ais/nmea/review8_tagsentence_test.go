package nmea

import (
	"bytes"
	"math/rand"
	"strings"
	"testing"
)

// Review 8 of e22332d (quickTagSentence): differential tests against the
// plain path (checkRepeatSame: shortcuts off through short reads vs on,
// in place and through short reads, strict and not).

const review8Sent = "!BSVDM,1,1,,A,13@:`L001N0ded0O6Fp8wW<00<0t,0*62"

// TestReview8TagSentenceSecondByte: quickTagSentence checks data[2] == ':'
// but not data[1]. When data[1] is '\\' the Splitter sees an empty tag
// block ("\\\\"), when it is CR or LF the line ends there; quickTagSentence
// instead parses data[1:end] as one tag block (the key "\\", "\n" or "\r"
// is unknown, so it is valid) and takes the line (for CR/LF: two lines as
// one). The shortcut then yielded a message the plain path does not, and
// for CR/LF one line fewer (fixed: the search starts at data[1]).
func TestReview8TagSentenceSecondByte(t *testing.T) {
	for _, key := range []string{`\:`, "\n:", "\r:"} {
		checkRepeatSame(t, []byte("junk\n\\"+withChecksum(key)+"\\"+review8Sent+"\n"))
	}
}

// TestReview8TagSentenceOverlongKeepsPending: the plain path does not
// split an over-long line (over readBufSize), so a tag block pending from
// the line before survives it and applies to the next sentence.
// quickTagSentence, trying the over-long line, parses its tag block into
// lineTag and the tag cache (which the pending tag block points to) before
// it finds no line end in the window and gives the line up: the next
// sentence got the over-long line's c: time instead of the pending one
// (fixed: it parses once the line is known to end in the window).
func TestReview8TagSentenceOverlongKeepsPending(t *testing.T) {
	for _, sent := range []string{review8Sent, "!"} {
		in := "junk\n\\" + withChecksum("c:1384257600") + "\\\n" + tagged("c:1384257700", sent) +
			strings.Repeat("x", readBufSize) + "\n" + review8Sent + "\n"
		checkRepeatSame(t, []byte(in))
	}
}

// review8TagLine returns a random line of a tag block and a sentence, or
// a near miss: tag blocks of every length around maxCachedTag and
// maxQuickTag, groups, bad checksums, trailers, escaped newlines, '\\' in
// the sentence, pieces after it.
func review8TagLine(rng *rand.Rand, seq *int) string {
	sents := []string{review8Sent, "!BSVDM,1,1,,A,13Aq6h000KPem06Q9w23:ja>0HG?,0*67", pos1, pos2}
	var f []string
	if rng.Intn(3) > 0 {
		f = append(f, "s:"+strings.Repeat("r", rng.Intn(3))+strings.Repeat("7", 1+rng.Intn(8)))
	}
	if rng.Intn(4) > 0 {
		f = append(f, "c:"+[]string{"1384257600", "1384257601", "1599239526500", "0", "x"}[rng.Intn(5)])
	}
	if rng.Intn(8) == 0 { // pad the tag block across the cache and quick limits
		f = append(f, "z:"+strings.Repeat("p", 40+rng.Intn(240)))
	}
	s := sents[rng.Intn(len(sents))]
	if rng.Intn(3) == 0 { // a group: both parts, or one
		*seq++
		id := string(rune('0' + *seq%10))
		g1 := append(append([]string(nil), f...), "g:1-2-"+id)
		g2 := []string{"g:2-2-" + id}
		l1 := tagged(strings.Join(g1, ","), frag1)
		l2 := tagged(strings.Join(g2, ","), frag2)
		switch rng.Intn(4) {
		case 0:
			return l1
		case 1:
			return l2
		}
		return l1 + "\n" + l2
	}
	tag := withChecksum(strings.Join(f, ","))
	switch rng.Intn(14) {
	case 0: // bad tag checksum
		tag = tag[:len(tag)-1] + "0"
	case 1:
		s = s[:len(s)-1] + "0" // bad sentence checksum
	case 2:
		s += ",1384257600" // trailer
	case 3:
		s += `\`
	case 4:
		s = s[:10] + `\` + s[10:]
	case 5:
		s += `\r` + review8Sent
	case 6:
		s += " "
	case 7:
		tag = "r" + `\` + tag // escaped-newline look-alike
	case 8:
		return `\` + tag // tag block alone, maybe at the end of input
	case 9:
		return `\` + tag + `\` // tag-only line
	case 10:
		s = s[:len(s)-3] // no checksum
	}
	return `\` + tag + `\` + s
}

// review8TagInput is a random input of review8TagLine lines and other
// parts, with random line ends, n lines long.
func review8TagInput(rng *rand.Rand, n int) []byte {
	ends := []string{"\n", "\r\n", "\r", "\n\n", "\r\r\n"}
	var b bytes.Buffer
	seq := 0
	b.WriteString(strings.Repeat("j", rng.Intn(40)) + "\n")
	for range n {
		if rng.Intn(6) == 0 {
			b.WriteString(repeatParts[rng.Intn(len(repeatParts))])
		} else {
			b.WriteString(review8TagLine(rng, &seq))
		}
		if rng.Intn(50) > 0 { // now and then no line end: pieces join
			b.WriteString(ends[rng.Intn(len(ends))])
		}
	}
	if rng.Intn(2) == 0 { // end without a line end, or in a lone CR
		b.Truncate(b.Len() - 1)
	}
	return b.Bytes()
}

// TestReview8TagSentenceRandom compares short random inputs.
func TestReview8TagSentenceRandom(t *testing.T) {
	rng := rand.New(rand.NewSource(8))
	for range 4000 {
		data := review8TagInput(rng, 1+rng.Intn(20))
		checkRepeatSame(t, data)
	}
}

// TestReview8TagSentenceWindows compares inputs of several windows, so
// that lines cross the reader's window ends at many offsets, in place
// (readBufSize windows) and through short reads (halving windows).
func TestReview8TagSentenceWindows(t *testing.T) {
	rng := rand.New(rand.NewSource(88))
	for range 12 {
		data := review8TagInput(rng, 3000+rng.Intn(2000))
		checkRepeatSame(t, data)
	}
}

// TestReview8TagSentenceWindowEdge places a tag-and-sentence line's end
// (LF, CR LF, lone CR) at every offset around the end of the first
// in-place window: the CR last in the window, the LF after it outside.
func TestReview8TagSentenceWindowEdge(t *testing.T) {
	line := tagged("s:2190067,c:1384257600", review8Sent)
	for _, end := range []string{"\n", "\r\n", "\r"} {
		for delta := -4; delta <= 4; delta++ {
			// Filler lines, then two tag lines; the second's end lands at
			// readBufSize+delta.
			fill := readBufSize + delta - 2*(len(line)+len(end))
			var b bytes.Buffer
			for fill > 0 {
				n := min(fill, 100)
				if fill-n > 0 && fill-n < 2 {
					n -= 2
				}
				b.WriteString(strings.Repeat("j", n-1) + "\n")
				fill -= n
			}
			for range 2 {
				b.WriteString(line + end)
			}
			b.WriteString(tagged("c:1384257601", review8Sent) + end + review8Sent)
			checkRepeatSame(t, b.Bytes())
		}
	}
}

// FuzzReview8TagSentence builds lines of a tag block and a sentence from
// fuzzed parts, with valid checksums when asked, so that quickTagSentence
// is reached, and compares the decoder with and without shortcuts.
func FuzzReview8TagSentence(f *testing.F) {
	f.Add([]byte("s:2190067,c:1384257600"), []byte("!BSVDM,1,1,,A,13@:`L001N0ded0O6Fp8wW<00<0t,0"), []byte(""), uint8(3))
	f.Add([]byte("g:1-2-7,c:1384257600"), []byte(frag1[:len(frag1)-3]), []byte(`\g:2-2-7*5A\`+frag2), uint8(7))
	f.Add([]byte("s:"+strings.Repeat("x", 70)), []byte("!AIVDM,1,1,,A,13HOI:0P0000VOHLCnHQKwvL05Ip,0"), []byte(",1384257600"), uint8(11))
	f.Add([]byte("c:1384257600"), []byte("!"), []byte(""), uint8(0x31))
	f.Fuzz(func(t *testing.T, tag, sent, tail []byte, mode uint8) {
		tg, st := string(tag), string(sent)
		if mode&1 != 0 {
			tg = withChecksum(tg)
		}
		if mode&2 != 0 {
			st = withChecksum(st)
		}
		line := `\` + tg + `\` + st + string(tail)
		end := []string{"\n", "\r\n", "\r", ""}[mode>>2&3]
		var b strings.Builder
		b.WriteString("junk\n")
		if mode&16 != 0 { // a pending tag block first
			b.WriteString(`\` + withChecksum("c:1384257500") + `\` + "\n")
		}
		b.WriteString(line + end + line + end) // the second: a tag cache hit
		if mode&32 != 0 {
			b.WriteString(review8Sent + end)
		}
		if mode&64 != 0 {
			b.WriteString(line)
		}
		data := []byte(b.String())
		checkRepeatSame(t, data)
	})
}

package ais

// sixbitASCII maps a 6-bit character code to ASCII (ITU-R M.1371 table 47):
// 0..31 are '@'..'_', 32..63 are ' '..'?'.
const sixbitASCII = "@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_ !\"#$%&'()*+,-./0123456789:;<=>?"

// readText decodes up to nchars 6-bit characters at bit offset off into dst,
// stopping at the end of the payload (whole characters only), and returns
// the length of the text. As in gpsd, the text ends at the first '@' (the
// standard's "no character" padding: what follows it in real messages is
// filler or garbage) and trailing spaces are trimmed.
func (r *bitBuf) readText(dst []byte, off, nchars int) int {
	if avail := (r.n - off) / 6; avail < nchars {
		nchars = avail
	}
	if nchars > len(dst) {
		nchars = len(dst)
	}
	n := 0
	for i := 0; i < nchars; i++ {
		c := sixbitASCII[r.u(off+6*i, 6)]
		if c == '@' {
			break
		}
		dst[i] = c
		if c != ' ' {
			n = i + 1
		}
	}
	return n
}

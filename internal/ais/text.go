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
	return trimSpaces(dst[:r.readRaw(dst, off, nchars)])
}

// readRaw is readText without trimming spaces: it returns the number of
// characters before the first '@' or the end of the payload.
func (r *bitBuf) readRaw(dst []byte, off, nchars int) int {
	if avail := (r.n - off) / 6; avail < nchars {
		nchars = avail
	}
	if nchars > len(dst) {
		nchars = len(dst)
	}
	for i := 0; i < nchars; i += 9 {
		w := r.u(off+6*i, 54) // nine characters per load
		for k := 0; k < 9 && i+k < nchars; k++ {
			c := sixbitASCII[w>>uint(48-6*k)&63]
			if c == '@' {
				return i + k
			}
			dst[i+k] = c
		}
	}
	return max(nchars, 0)
}

// trimSpaces returns the length of s without its trailing spaces.
func trimSpaces(s []byte) int {
	n := len(s)
	for n > 0 && s[n-1] == ' ' {
		n--
	}
	return n
}

package nmea

// frameFast is frameFrom's fast path for a well-formed sentence (its
// "hh" may be the last bytes of b, as frameFrom allows): the first byte from b[i] that may be a stop byte (a
// byte below '+', a '\\', or any byte of 0x80 and above) is a '*' within
// the sixteen-byte blocks from i, and the two bytes after it are the
// upper-case "hh" of the body's sum (sum, then the bytes of b[i:] before
// the '*'). It then returns the sentence's length, as frameFrom would;
// otherwise 0, and frameFrom decides. i must be in [0, len(b)].
//
//go:noescape
func frameFast(b []byte, i int, sum byte) (n int)

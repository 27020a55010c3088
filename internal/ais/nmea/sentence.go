package nmea

import (
	"bytes"
	"encoding/binary"
	"math/bits"
)

// Sentence is one parsed !xxVDM or !xxVDO sentence. Payload aliases the
// input given to ParseSentence.
type Sentence struct {
	Talker   [2]byte // "AI", "AB", "BS", "SA", "--", ...
	Own      bool    // VDO: the receiving station's own position
	Total    int     // fragments in the message, 1..9
	Num      int     // this fragment's number, 1..Total
	SeqID    byte    // sequential message id '0'..'9'; 0 when empty
	Channel  byte    // radio channel ('A', 'B', '1', '2'); 0 when empty
	Payload  []byte  // armoured payload of this fragment
	FillBits int     // fill bits at the end of this fragment, 0..5
}

// stopByte marks the bytes that cannot occur inside a sentence body: the
// starts of the next sentence or tag block, and control characters.
var stopByte = func() (t [256]bool) {
	for c := 0; c < 0x20; c++ {
		t[c] = true
	}
	t['!'], t['$'], t['\\'], t['*'] = true, true, true, true
	return t
}()

// hexVal maps a hex digit (either case) to its value, or 0xFF.
var hexVal = func() (t [256]byte) {
	for i := range t {
		t[i] = 0xFF
	}
	for c := '0'; c <= '9'; c++ {
		t[c] = byte(c - '0')
	}
	for c := 'A'; c <= 'F'; c++ {
		t[c] = byte(c-'A') + 10
		t[c+'a'-'A'] = byte(c-'A') + 10
	}
	return t
}()

// hexUpper maps a checksum to its "hh" in upper case, as the little-endian
// uint16 of the two bytes: frameFrom's test for the usual spelling before
// frameCheck.
var hexUpper = func() (t [256]uint16) {
	const digits = "0123456789ABCDEF"
	for i := range t {
		t[i] = uint16(digits[i>>4]) | uint16(digits[i&15])<<8
	}
	return t
}()

// frame finds the end of the sentence that starts at b[0] ('!' or '$') and
// checks its checksum. It returns the length of the sentence including
// "*hh". On ErrBadFraming, n is where the sentence stopped (a delimiter or
// the end of b), so that the caller can go on from there; on
// ErrBadChecksum, n is the full length.
func frame(b []byte) (n int, err error) { return frameFrom(b, 1, 0) }

// frameFrom is frame for a sentence whose bytes b[1:i] are known to hold no
// stop byte and to XOR to sum (a prefix it repeats, see pghpCache).
//
// It XORs the body 8 bytes at a time, two words a turn, up to the first
// word that may hold a stop byte, and within that word up to its first
// stop byte when the first byte the test flags is one (wordStop); then it
// goes on byte by byte with the exact stopByte table (at once done when
// the word test stopped at the '*').
// On amd64 frameFast takes the sentences that end in a '*' and the "hh"
// as hexUpper spells it first, sixteen bytes a compare (SSE2).
// The word test flags a superset of the stop bytes: any byte below '+'
// (control characters, ' ', '!', '"', '#', '$', ..., '*'), a '\\', and
// some bytes of 0x80 and above. The bytes it adds never occur in VDM/VDO or
// $PGHP bodies, so the word loop runs to the '*' on real input; elsewhere
// only speed differs. (w - n*ones) & highs flags every byte below n and no
// byte from n to 0x7F unless a byte below it flags too (a borrow only runs
// up from a byte below n); a byte equal to c is one where w^(c*ones) has a
// zero byte, flagged the same way with n = 1. So the lowest flagged byte of
// a word is either a byte of 0x80 or above or a byte the test is for, and
// no stop byte comes before it.
func frameFrom(b []byte, i int, sum byte) (n int, err error) {
	if n := frameFast(b, i, sum); n > 0 { // amd64: 16 bytes a compare
		return n, nil
	}
	var acc uint64
	// The masks are read from a variable so that the compiler keeps them
	// in registers instead of loading each constant again in every turn.
	below, back, one, high := frameMasks[0], frameMasks[1], frameMasks[2], frameMasks[3]
scan:
	for {
		for ; i+16 <= len(b); i += 16 {
			p := b[i : i+16 : i+16]
			w, v := binary.LittleEndian.Uint64(p), binary.LittleEndian.Uint64(p[8:])
			mw := ((w - below) | ((w ^ back) - one)) & high
			mv := ((v - below) | ((v ^ back) - one)) & high
			if mw|mv != 0 {
				if mw == 0 {
					acc ^= w
					i += 8
					w, mw = v, mv
				}
				i, acc = wordStop(b, i, w, mw, acc)
				break scan
			}
			acc ^= w ^ v
		}
		for ; i+8 <= len(b); i += 8 {
			w := binary.LittleEndian.Uint64(b[i : i+8 : i+8])
			if m := ((w - below) | ((w ^ back) - one)) & high; m != 0 {
				i, acc = wordStop(b, i, w, m, acc)
				break scan
			}
			acc ^= w
		}
		break
	}
	sum ^= foldXOR(acc)
	if i < len(b) && b[i] == '*' { // the word test ended at the stop byte
		if i+2 < len(b) && binary.LittleEndian.Uint16(b[i+1:i+3]) == hexUpper[sum] {
			return i + 3, nil // the "hh" as nearly always written: frameCheck would agree
		}
		return frameCheck(b, i, sum)
	}
	for ; i < len(b); i++ {
		c := b[i]
		if stopByte[c] {
			break
		}
		sum ^= c
	}
	if i >= len(b) || b[i] != '*' {
		return i, ErrBadFraming
	}
	return frameCheck(b, i, sum)
}

// wordStop ends frameFrom's word scan at the word w = b[i:i+8], whose test
// flags the bytes m (non-zero), acc being the XOR of the words before it.
// The lowest flagged byte is the first that passed a test. When it is a
// stop byte (as the '*' of a sentence is), the bytes before it finish the
// XOR and the scan ends there; else it goes on byte by byte from b[i].
func wordStop(b []byte, i int, w, m, acc uint64) (int, uint64) {
	if k := bits.TrailingZeros64(m) >> 3; stopByte[b[i+k]] {
		acc ^= w & ((m&-m)>>7 - 1) // the bytes below byte k
		i += k
	}
	return i, acc
}

// frameCheck checks the "*hh" at b[i] against the XOR sum of the body.
func frameCheck(b []byte, i int, sum byte) (n int, err error) {
	if i+2 >= len(b) {
		return len(b), ErrBadFraming
	}
	hi, lo := hexVal[b[i+1]], hexVal[b[i+2]]
	if hi == 0xFF || lo == 0xFF {
		return i + 1, ErrBadFraming
	}
	if hi<<4|lo != sum {
		return i + 3, ErrBadChecksum
	}
	return i + 3, nil
}

// Word-at-a-time helpers (SWAR): ones has 0x01 in every byte, highs 0x80.
const (
	ones  = 0x0101010101010101
	highs = 0x8080808080808080
)

// foldXOR returns the XOR of the bytes of acc.
func foldXOR(acc uint64) byte {
	acc ^= acc >> 32
	acc ^= acc >> 16
	acc ^= acc >> 8
	return byte(acc)
}

// frameMasks are frameFrom's constants: '+' and '\\' (the bytes its
// tests look for) in every byte, then ones and highs.
var frameMasks = [4]uint64{'+' * ones, '\\' * ones, ones, highs}

// ParseSentence parses one complete sentence at the start of b ("!AIVDM,1,1,,A,
// 13u?etPv2;0n:dDPwUM1U1Cb069D,0*24") into s, checking the checksum. It
// returns the sentence length, so b may hold trailing data. Errors:
// ErrBadFraming, ErrBadChecksum, ErrUnknownSentence (a '!' sentence that is
// not VDM/VDO, or a '$' sentence).
func ParseSentence(b []byte, s *Sentence) (int, error) {
	if len(b) == 0 || (b[0] != '!' && b[0] != '$') {
		return 0, ErrBadFraming
	}
	n, err := frame(b)
	if err != nil {
		return n, err
	}
	return n, parseVDM(b[:n], s)
}

// parseVDM splits the fields of a framed sentence b (checksum already
// verified) into s: "!xxVDM," then "total,num,seq,chan,payload,fill", in
// one function as it runs for every sentence.
func parseVDM(b []byte, s *Sentence) error {
	if len(b) < 7 || b[6] != ',' {
		return ErrBadFraming
	}
	if b[0] != '!' || b[3] != 'V' || b[4] != 'D' || (b[5] != 'M' && b[5] != 'O') ||
		!talkerByte(b[1]) || !talkerByte(b[2]) {
		return ErrUnknownSentence
	}
	s.Talker = [2]byte{b[1], b[2]}
	s.Own = b[5] == 'O'
	f := b[7 : len(b)-3]
	// The four short fields come first; find their commas by hand.
	if len(f) < 8 || f[1] != ',' || f[3] != ',' {
		return ErrBadFraming
	}
	s.Total, s.Num = int(f[0]-'0'), int(f[2]-'0')
	if s.Total < 1 || s.Total > 9 || s.Num < 1 || s.Num > s.Total {
		return ErrBadFraming
	}
	i := 4
	s.SeqID = 0
	if f[i] != ',' {
		if f[i] < '0' || f[i] > '9' || f[i+1] != ',' {
			return ErrBadFraming
		}
		s.SeqID = f[i]
		i++
	}
	i++ // comma after seq
	s.Channel = 0
	if i < len(f) && f[i] != ',' {
		s.Channel = f[i]
		i++
	}
	if i >= len(f) || f[i] != ',' {
		return ErrBadFraming
	}
	// "payload,fill"
	f = f[i+1:]
	n := len(f)
	switch {
	case n >= 2 && f[n-2] == ',' && f[n-1] >= '0' && f[n-1] <= '5':
		s.Payload, s.FillBits = f[:n-2], int(f[n-1]-'0')
	case n >= 1 && f[n-1] == ',': // fill omitted
		s.Payload, s.FillBits = f[:n-1], 0
	default:
		return ErrBadFraming
	}
	if bytes.IndexByte(s.Payload, ',') >= 0 {
		return ErrBadFraming
	}
	return nil
}

// talkerByte reports whether c may appear in a talker id: letters, digits
// and '-' (some feeds write "!--VDM").
func talkerByte(c byte) bool {
	return c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-'
}

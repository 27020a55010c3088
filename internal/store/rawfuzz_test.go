package store

import (
	"bytes"
	"errors"
	"slices"
	"testing"
)

// FuzzDecompressRaw feeds arbitrary bytes to the raw block decoder: it
// must return lines or ErrCorrupt, never panic or allocate past
// maxRawBlock, and lines it returns from a rawPieces block hold no '\n',
// are at most a block's worth, and come back the same from compressRaw.
func FuzzDecompressRaw(f *testing.F) {
	lines := [][]byte{[]byte("!AIVDM,1,1,,A,13u?etPv2;0n:dDPwUM1U1Cb069D,0*24"), nil, []byte("x\r")}
	var plain []byte
	for _, l := range lines {
		plain = appendRawLine(plain, l)
	}
	f.Add(compressRaw(nil, plain))
	f.Add(compressRaw(nil, bytes.Repeat(plain, rawPiece/len(plain)+3)))
	f.Add(compressRaw(nil, nil))
	f.Add(encodeRawV3(lines))
	f.Add(encodeRawZstd(lines))
	f.Add([]byte{rawPieces, 0x80, 0x80, 0x80, 0x80, 0x01})
	f.Fuzz(func(t *testing.T, b []byte) {
		got, err := decodeRaw(b)
		if err != nil {
			if !errors.Is(err, ErrCorrupt) {
				t.Fatalf("error %v is not ErrCorrupt", err)
			}
			return
		}
		if len(got) > rawBlockLines {
			t.Fatalf("%d lines, more than a block", len(got))
		}
		if b[0] != rawPieces {
			return
		}
		var plain []byte
		for i, l := range got {
			if bytes.IndexByte(l, '\n') >= 0 {
				t.Fatalf("line %d holds a '\\n': %q", i+1, l)
			}
			plain = appendRawLine(plain, l)
		}
		again, err := decodeRaw(compressRaw(nil, plain))
		if err != nil || !slices.EqualFunc(got, again, bytes.Equal) {
			t.Fatalf("lines differ after compressRaw: %v", err)
		}
	})
}

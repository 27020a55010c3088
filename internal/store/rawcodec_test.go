package store

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"testing"

	"github.com/cockroachdb/pebble/v2"
	"github.com/klauspost/compress/s2"
	"github.com/lookout-osint/lookout/internal/track"
)

// TestRawCodecRoundTrip checks that compressRaw writes rawPieces, S2 in
// pieces of rawPiece bytes, and that decodeRaw reads it, a schema 3 S2
// block and a zstd frame (schema 1) back to the same lines, while
// refusing damaged blocks with ErrCorrupt.
func TestRawCodecRoundTrip(t *testing.T) {
	var lines [][]byte
	var plain []byte
	for i := range 3000 {
		l := fmt.Appendf(nil, "!AIVDM,1,1,,B,13u?etPv2;0n:dDPwUM1U1Cb069D,0*%02X", i%256)
		if i%1000 == 7 {
			l = nil // an empty line
		}
		lines = append(lines, l)
		plain = appendRawLine(plain, l)
	}
	if len(plain) <= 2*rawPiece {
		t.Fatalf("%d plain bytes: the test wants at least three pieces", len(plain))
	}
	pb := compressRaw([]byte("prefix"), plain)
	if string(pb[:6]) != "prefix" || pb[6] != rawPieces {
		t.Fatalf("compressRaw: got % x..., want the prefix kept and codec byte %#x", pb[:min(8, len(pb))], rawPieces)
	}
	pb = pb[6:]
	if len(pb) >= len(plain)/2 {
		t.Errorf("%d bytes stored for %d plain: expected at least 2x compression of repetitive lines", len(pb), len(plain))
	}
	if got, _, err := decompressRaw([]byte("x"), pb); err != nil || !bytes.Equal(got, append([]byte("x"), plain...)) {
		t.Errorf("decompressRaw: %d bytes, %v; want the x prefix and %d plain bytes", len(got), err, len(plain))
	}
	// The pieces: header, then pieces of rawPiece plain bytes but the last.
	total, k := binary.Uvarint(pb[1:])
	first := 1 + k + rawPieceHead + int(binary.BigEndian.Uint32(pb[1+k:]))
	if n, err := s2.DecodedLen(pb[1+k+rawPieceHead:]); total != uint64(len(plain)) || err != nil || n != rawPiece {
		t.Errorf("header says %d bytes, first piece %d (%v); want %d and %d", total, n, err, len(plain), rawPiece)
	}
	setLen := func(b []byte, total uint64) []byte { // b with the header's length set to total
		return append(append([]byte{rawPieces}, binary.AppendUvarint(nil, total)...), b[1+k:]...)
	}
	badPiece := slices.Clone(pb)
	badPiece[1+k+rawPieceHead+2]++ // the first piece's decoded length, 65536 = 80 80 04
	cases := []struct {
		name   string
		stored []byte
		ok     bool
	}{
		{"pieces", pb, true},
		{"s2", encodeRawV3(lines), true},
		{"zstd", encodeRawZstd(lines), true},
		{"no lines", compressRaw(nil, nil), true},
		{"empty", nil, false},
		{"unknown codec", []byte{0x07, 1, 2, 3}, false},
		{"codec byte alone", []byte{rawPieces}, false},
		{"truncated pieces", pb[:len(pb)/2], false},
		{"one piece less", pb[:first], false},
		{"truncated piece header", pb[:first+2], false},
		{"length one short", setLen(pb, total-1), false},
		{"length one over", setLen(pb, total+1), false},
		{"huge length", setLen(pb, 1<<40), false},
		{"damaged piece", badPiece, false},
		{"piece of zero bytes", append(slices.Clone(pb), 0, 0, 0, 0), false},
		{"no final newline", compressRaw(nil, []byte("a\nb")), false},
		{"too many lines", compressRaw(nil, bytes.Repeat([]byte("\n"), rawBlockLines+1)), false},
		{"truncated s2", encodeRawV3(lines)[:1000], false},
		{"truncated zstd", encodeRawZstd(lines)[:20], false},
		{"huge s2 length", append([]byte{rawS2}, binary.AppendUvarint(nil, 1<<31)...), false},
	}
	for _, c := range cases {
		got, err := decodeRaw(c.stored)
		if !c.ok {
			if !errors.Is(err, ErrCorrupt) {
				t.Errorf("%s: %d lines, %v; want ErrCorrupt", c.name, len(got), err)
			}
			continue
		}
		want := lines
		if c.name == "no lines" {
			want = nil
		}
		if err != nil || len(got) != len(want) {
			t.Errorf("%s: %d lines, %v; want %d", c.name, len(got), err, len(want))
			continue
		}
		for i := range want {
			if !bytes.Equal(got[i], want[i]) {
				t.Errorf("%s: line %d %q, want %q", c.name, i+1, got[i], want[i])
				break
			}
		}
	}
}

// TestRawZstdStoreContinues opens a store whose raw blocks are zstd frames
// (as older versions wrote them): its lines read back, and a new commit
// continues its partial zstd tail block, which is then rewritten as
// rawPieces.
func TestRawZstdStoreContinues(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "db")
	s := openT(t, dir, Options{NoSync: true})
	si, err := s.RegisterSource(simHash("zstd"), "zstd", 1)
	if err != nil {
		t.Fatal(err)
	}
	// An old writer's state: one full block and a 3-line tail, both zstd.
	var full, tail [][]byte
	for i := 1; i <= rawBlockLines; i++ {
		full = append(full, simLine(uint32(i)))
	}
	for i := rawBlockLines + 1; i <= rawBlockLines+3; i++ {
		tail = append(tail, simLine(uint32(i)))
	}
	old := encodeRawZstd
	si.Lines = rawBlockLines + 3
	pb := s.db.NewBatch()
	pb.Set(rawKey(si.ID, 1), old(full), nil)
	pb.Set(rawKey(si.ID, rawBlockLines+1), old(tail), nil)
	pb.Set(sourceKey(si.ID), encodeSource(&si), nil)
	if err := pb.Commit(pebble.Sync); err != nil {
		t.Fatal(err)
	}
	s.Close()

	s = openT(t, dir, Options{NoSync: true})
	b := NewBatch()
	next := uint32(rawBlockLines + 4)
	b.AddRaw(si.ID, next, simLine(next))
	if st, err := s.Commit(b); err != nil || st.RawLines != 1 {
		t.Fatalf("commit after zstd tail: %+v, %v; want 1 raw line", st, err)
	}
	for _, line := range []uint32{1, rawBlockLines, rawBlockLines + 1, rawBlockLines + 3, next} {
		got, err := s.RawLine(track.SourceRef{Source: si.ID, Line: line})
		if err != nil || got != string(simLine(line)) {
			t.Errorf("line %d: %q, %v; want %q", line, got, err, simLine(line))
		}
	}
	v, err := s.get(rawKey(si.ID, rawBlockLines+1))
	if err != nil || len(v) == 0 || v[0] != rawPieces {
		t.Errorf("rewritten tail block starts % x, %v; want the codec byte %#x", v[:min(len(v), 4)], err, rawPieces)
	}
	v, err = s.get(rawKey(si.ID, 1))
	if err != nil || string(v[:4]) != zstdMagic {
		t.Errorf("untouched full block starts % x, %v; want it left as zstd", v[:min(len(v), 4)], err)
	}
}

package store

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cockroachdb/pebble/v2"
	"github.com/lookout-osint/lookout/internal/track"
)

// TestRawCodecRoundTrip checks that compressRaw output is S2 with the codec
// byte, and that decompressRaw reads both it and a zstd frame (the codec
// of stores written before the codec byte) back to the same bytes, while
// refusing what is neither.
func TestRawCodecRoundTrip(t *testing.T) {
	var tl rawTail
	for i := range 3000 {
		tl.add(fmt.Appendf(nil, "!AIVDM,1,1,,B,13u?etPv2;0n:dDPwUM1U1Cb069D,0*%02X", i%256))
	}
	s2b := compressRaw([]byte("prefix"), tl.plain)
	if string(s2b[:6]) != "prefix" || s2b[6] != rawS2 {
		t.Fatalf("compressRaw: got % x..., want the prefix kept and codec byte %#x", s2b[:min(8, len(s2b))], rawS2)
	}
	if len(s2b)-7 >= len(tl.plain)/2 {
		t.Errorf("S2 block %d bytes for %d plain: expected at least 2x compression of repetitive lines", len(s2b)-7, len(tl.plain))
	}
	cases := []struct {
		name    string
		stored  []byte
		wantErr bool
	}{
		{"s2", s2b[6:], false},
		{"zstd", zenc.EncodeAll(tl.plain, nil), false},
		{"empty", nil, true},
		{"unknown codec", []byte{0x07, 1, 2, 3}, true},
		{"truncated s2", s2b[6 : len(s2b)/2], true},
		{"truncated zstd", zenc.EncodeAll(tl.plain, nil)[:20], true},
		{"huge s2 length", append([]byte{rawS2}, binary.AppendUvarint(nil, 1<<31)...), true},
	}
	for _, c := range cases {
		got, err := decompressRaw([]byte("x"), c.stored)
		if c.wantErr {
			if err == nil {
				t.Errorf("%s: no error", c.name)
			}
			// Refused by our bound, or on 32-bit platforms by s2's own.
			if c.name == "huge s2 length" && (err == nil || !strings.Contains(err.Error(), "more than") && !strings.Contains(err.Error(), "too large")) {
				t.Errorf("%s: %v; want refused before allocating", c.name, err)
			}
			continue
		}
		if err != nil || !bytes.Equal(got, append([]byte("x"), tl.plain...)) {
			t.Errorf("%s: %d bytes, %v; want the x prefix and %d plain bytes", c.name, len(got), err, len(tl.plain))
		}
	}
}

// TestRawZstdStoreContinues opens a store whose raw blocks are zstd frames
// (as older versions wrote them): its lines read back, and a new commit
// continues its partial zstd tail block, which is then rewritten as S2.
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
	old := func(lines [][]byte) []byte {
		var tl rawTail
		for _, l := range lines {
			tl.add(l)
		}
		return zenc.EncodeAll(tl.plain, nil)
	}
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
	if err != nil || len(v) == 0 || v[0] != rawS2 {
		t.Errorf("rewritten tail block starts % x, %v; want the S2 codec byte", v[:min(len(v), 4)], err)
	}
	v, err = s.get(rawKey(si.ID, 1))
	if err != nil || string(v[:4]) != zstdMagic {
		t.Errorf("untouched full block starts % x, %v; want it left as zstd", v[:min(len(v), 4)], err)
	}
}

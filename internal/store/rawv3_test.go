package store

import (
	"bytes"
	"encoding/binary"
	"errors"
	"path/filepath"
	"testing"

	"github.com/klauspost/compress/s2"
	"github.com/lookout-osint/lookout/internal/track"
)

// The raw block encoding of schema 2 and 3 stores, frozen here so that
// tests can write what those stores hold: each line preceded by its
// uvarint length, the whole block one S2 block behind the codec byte
// rawS2 (or, in schema 1, a zstd frame of the same lines).

// appendPrefixedLines appends the schema 3 encoding of lines to dst.
func appendPrefixedLines(dst []byte, lines [][]byte) []byte {
	for _, l := range lines {
		dst = binary.AppendUvarint(dst, uint64(len(l)))
		dst = append(dst, l...)
	}
	return dst
}

// encodeRawV3 returns a raw block of lines as a schema 3 store holds it.
func encodeRawV3(lines [][]byte) []byte {
	return append([]byte{rawS2}, s2.Encode(nil, appendPrefixedLines(nil, lines))...)
}

// encodeRawZstd returns a raw block of lines as a schema 1 store holds it.
func encodeRawZstd(lines [][]byte) []byte {
	return zenc.EncodeAll(appendPrefixedLines(nil, lines), nil)
}

// TestRawV3StoreContinues writes a source as a schema 3 store holds it
// (a full block in the raw file and a partial tail inline, both rawS2 of
// length-prefixed lines; schema key and marker 3), then continues it with
// AddRawLines: the read-only open leaves it at schema 3, the writable one
// marks it 4, the old tail goes on in the new encoding (rewritten as
// rawPieces, then filled and moved to the raw file behind the old block),
// the old full block stays as it was, and every line reads back.
func TestRawV3StoreContinues(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "db")
	s := openT(t, dir, Options{NoSync: true})
	si, err := s.RegisterSource(simHash("v3"), "v3", 1)
	if err != nil {
		t.Fatal(err)
	}
	var want [][]byte // every line, as archived
	for i := 1; i <= rawBlockLines+10; i++ {
		l := simLine(uint32(i))
		switch i % 7 {
		case 3:
			l = nil
		case 5:
			l = append(bytes.Repeat([]byte("y"), 200+i%300), '\r') // a '\r' inside a line, as AddRaw kept it
		}
		want = append(want, l)
	}
	s.Close()
	reviewWriteV3(t, dir, si, want)

	r := openT(t, dir, Options{ReadOnly: true})
	checkRawLines(t, r, si.ID, want)
	r.Close()
	if m, err := readMarker(dir); err != nil || m != 3 {
		t.Fatalf("marker after a read-only open: %d, %v; want 3", m, err)
	}

	// Continue from the old tail: '\r\n' and '\n' endings, a line longer
	// than a piece, an empty line, the last without '\n'; two commits, the
	// first filling the old tail block.
	var data []byte
	var starts []int // offset in data of each new line
	for i := len(want) + 1; i <= 2*rawBlockLines+50; i++ {
		starts = append(starts, len(data))
		l := simLine(uint32(i))
		switch {
		case i == rawBlockLines+100:
			l = bytes.Repeat([]byte("long"), rawPiece/2)
		case i%11 == 0:
			l = nil
		}
		want = append(want, l)
		data = append(data, l...)
		if i%3 == 0 {
			data = append(data, '\r')
		}
		data = append(data, '\n')
	}
	data = data[:len(data)-1] // the last line without its '\n' (and a '\r' if it had one)
	data = bytes.TrimSuffix(data, []byte{'\r'})
	s = openT(t, dir, Options{NoSync: true})
	if m, err := readMarker(dir); err != nil || m != SchemaVersion {
		t.Fatalf("marker after a writable open: %d, %v; want %d", m, err, SchemaVersion)
	}
	cut := 2*rawBlockLines - 10 - (rawBlockLines + 10) // new lines up to the end of block 2, and 10 more
	b := NewBatch()
	b.AddRawLines(si.ID, rawBlockLines+11, uint32(cut), data[:starts[cut]])
	if _, err := s.Commit(b); err != nil {
		t.Fatal(err)
	}
	b.AddRawLines(si.ID, rawBlockLines+11+uint32(cut), uint32(len(starts)-cut), data[starts[cut]:])
	if _, err := s.Commit(b); err != nil {
		t.Fatal(err)
	}
	s.Close()

	s = openT(t, dir, Options{NoSync: true})
	defer s.Close()
	checkRawLines(t, s, si.ID, want)
	for _, c := range []struct {
		first uint32
		codec byte
	}{{1, rawS2}, {rawBlockLines + 1, rawPieces}, {2*rawBlockLines + 1, rawPieces}} {
		v, err := s.getRaw(rawKey(si.ID, c.first))
		if err != nil || len(v) == 0 || v[0] != c.codec {
			t.Errorf("block %d: % x..., %v; want codec %#x", c.first, v[:min(len(v), 4)], err, c.codec)
		}
	}
	if v := mustGet(t, s, rawKey(si.ID, rawBlockLines+1)); !isRawPointer(v) {
		t.Errorf("the old tail block, now full, is inline, not in the raw file")
	}
}

// checkRawLines checks that source src of s holds exactly the lines want,
// quoted one by one and all at once.
func checkRawLines(t *testing.T, s *Store, src uint32, want [][]byte) {
	t.Helper()
	if si, err := s.SourceInfo(src); err != nil || si.Lines != uint32(len(want)) {
		t.Fatalf("source %d: %d lines, %v; want %d", src, si.Lines, err, len(want))
	}
	refs := make([]track.SourceRef, len(want))
	for i := range want {
		refs[i] = track.SourceRef{Source: src, Line: uint32(i + 1)}
		if got, err := s.RawLine(refs[i]); err != nil || got != string(want[i]) {
			t.Fatalf("line %d: %.40q, %v; want %.40q", i+1, got, err, want[i])
		}
	}
	got, err := s.RawLines(refs)
	if err != nil {
		t.Fatal(err)
	}
	for i := range want {
		if got[i] != string(want[i]) {
			t.Fatalf("RawLines line %d: %.40q; want %.40q", i+1, got[i], want[i])
		}
	}
	if _, err := s.RawLine(track.SourceRef{Source: src, Line: uint32(len(want) + 1)}); !errors.Is(err, ErrNotFound) {
		t.Fatalf("line %d past the end: %v; want ErrNotFound", len(want)+1, err)
	}
}

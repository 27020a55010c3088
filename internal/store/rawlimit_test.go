package store

import (
	"bytes"
	"errors"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/lookout-osint/lookout/internal/track"
)

// TestRawBlockTooBigRefused: a raw block larger than readers accept
// (maxRawWrite, lowered here) fails its commit with ErrRawBlockTooBig
// naming the lines, instead of landing as a block every later quote and
// commit of the source would fail on; what was committed before stays
// readable and the store takes further commits.
func TestRawBlockTooBigRefused(t *testing.T) {
	defer func(m int) { maxRawWrite = m }(maxRawWrite)
	maxRawWrite = 64 << 10
	dir := filepath.Join(t.TempDir(), "db")
	s := openT(t, dir, Options{NoSync: true})
	si, err := s.RegisterSource(simHash("long"), "long", 1)
	if err != nil {
		t.Fatal(err)
	}
	b := NewBatch()
	b.AddRawLines(si.ID, 1, 2, []byte("line one\nline two\n"))
	if _, err := s.Commit(b); err != nil {
		t.Fatal(err)
	}
	long := append(bytes.Repeat([]byte("x"), 40<<10), '\n')
	b.AddRawLines(si.ID, 3, 2, append(append([]byte(nil), long...), long...)) // 80 KiB in the tail
	_, err = s.Commit(b)
	if !errors.Is(err, ErrRawBlockTooBig) {
		t.Fatalf("commit of 80 KiB of lines with a 64 KiB limit: err %v, want ErrRawBlockTooBig", err)
	}
	b.Reset()
	for i, want := range []string{"line one", "line two"} {
		got, err := s.RawLine(track.SourceRef{Source: si.ID, Line: uint32(i + 1)})
		if err != nil || got != want {
			t.Fatalf("line %d after the refused commit: %q, %v; want %q", i+1, got, err, want)
		}
	}
	b.AddRawLines(si.ID, 3, 1, []byte("line three\n"))
	if _, err := s.Commit(b); err != nil {
		t.Fatalf("commit after the refused one: %v", err)
	}
	if got, err := s.RawLine(track.SourceRef{Source: si.ID, Line: 3}); err != nil || got != "line three" {
		t.Fatalf("line 3: %q, %v", got, err)
	}
}

// TestCorruptPieceHeaderAllocatesLittle: a raw block whose header claims
// far more bytes than its pieces hold is refused before the claimed
// room is allocated.
func TestCorruptPieceHeaderAllocatesLittle(t *testing.T) {
	bad := []byte{rawPieces, 0x80, 0x80, 0x80, 0x80, 0x01} // total 256 MiB, no pieces
	var m0, m1 runtime.MemStats
	runtime.ReadMemStats(&m0)
	_, _, err := decompressRaw(nil, bad)
	runtime.ReadMemStats(&m1)
	if !errors.Is(err, ErrCorrupt) {
		t.Fatalf("err %v, want ErrCorrupt", err)
	}
	if grew := m1.TotalAlloc - m0.TotalAlloc; grew > 1<<20 {
		t.Fatalf("decoding a 6-byte corrupt block allocated %d bytes", grew)
	}
}

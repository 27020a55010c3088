package store

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/cockroachdb/pebble/v2"
	"github.com/lookout-osint/lookout/internal/track"
)

// The raw file tests' workload: 4 vessels × 2600 fixes, 10,400 raw lines:
// two full blocks (in the file) and a partial tail (inline).
const rfVessels, rfFixes = 4, 2600

// TestRawPointerRoundTrip encodes pointers and decodes them back, and
// refuses values that are not well-formed pointers.
func TestRawPointerRoundTrip(t *testing.T) {
	good := []rawPointer{
		{file: 1, off: 0, n: 1, crc: 0},
		{file: 7, off: 123456789, n: 40000, crc: 0xdeadbeef},
		{file: ^uint32(0), off: 1 << 62, n: maxRawBlock, crc: ^uint32(0)},
	}
	for _, p := range good {
		v := appendRawPointer([]byte("x"), p)[1:]
		if len(v) != rawPtrLen || !isRawPointer(v) {
			t.Fatalf("%+v: encoded %x (%d bytes); want %d bytes starting %#x", p, v, len(v), rawPtrLen, rawPtr)
		}
		got, err := decodeRawPointer(v)
		if err != nil || got != p {
			t.Errorf("%+v: decoded %+v, %v", p, got, err)
		}
	}
	ok := appendRawPointer(nil, good[1])
	bad := []struct {
		name string
		v    []byte
	}{
		{"empty", nil},
		{"inline s2", []byte{rawS2, 0}},
		{"short", ok[:rawPtrLen-1]},
		{"long", append(append([]byte(nil), ok...), 0)},
		{"zero length", appendRawPointer(nil, rawPointer{file: 1, off: 5})},
		{"huge length", appendRawPointer(nil, rawPointer{file: 1, n: maxRawBlock + 1})},
		{"huge offset", appendRawPointer(nil, rawPointer{file: 1, off: 1<<62 + 1, n: 1})},
	}
	for _, c := range bad {
		if _, err := decodeRawPointer(c.v); !errors.Is(err, ErrCorrupt) {
			t.Errorf("%s: %v; want ErrCorrupt", c.name, err)
		}
	}
}

// TestRawFileNames checks that only the names the writer creates parse as
// raw files.
func TestRawFileNames(t *testing.T) {
	for _, c := range []struct {
		name string
		id   uint32
		ok   bool
	}{
		{"1.raw", 1, true},
		{"4294967295.raw", ^uint32(0), true},
		{"01.raw", 0, false},
		{"4294967296.raw", 0, false},
		{"1.raw.tmp", 0, false},
		{"x.raw", 0, false},
		{".raw", 0, false},
	} {
		id, ok := parseRawFileName(c.name)
		if id != c.id || ok != c.ok {
			t.Errorf("%q: %d, %v; want %d, %v", c.name, id, ok, c.id, c.ok)
		}
		if c.ok && filepath.Base(rawFileName("db", c.id)) != c.name {
			t.Errorf("%d: file name %q; want %q", c.id, rawFileName("db", c.id), c.name)
		}
	}
}

// TestRawFullBlocksInFiles checks where a commit puts raw blocks: each
// full block in the source's file, its Pebble value a pointer whose
// target holds exactly what the block's inline value held before (S2 codec
// byte and block), the partial tail inline; every line reads back, also
// after Compact, and SpaceUsage counts the file.
func TestRawFullBlocksInFiles(t *testing.T) {
	s := openT(t, t.TempDir(), Options{NoSync: true})
	writeSim(t, s, "f", rfVessels, rfFixes, 1000)
	const lines = rfVessels * rfFixes
	var end int64
	for first := uint32(1); first <= lines; first += rawBlockLines {
		v, err := s.get(rawKey(1, first))
		if err != nil {
			t.Fatal(err)
		}
		var plain rawTail
		for l := first; l < first+rawBlockLines && l <= lines; l++ {
			plain.add(simLine(l))
		}
		want := compressRaw(nil, plain.plain)
		if first+rawBlockLines-1 > lines { // the partial tail
			if !bytes.Equal(v, want) {
				t.Errorf("tail block %d: inline value % x...; want the S2 block", first, v[:min(len(v), 8)])
			}
			continue
		}
		p, err := decodeRawPointer(v)
		if err != nil {
			t.Fatalf("full block %d: value % x: %v; want a pointer", first, v[:min(len(v), 8)], err)
		}
		if p.file != 1 || int64(p.off) != end {
			t.Errorf("full block %d: %+v; want file 1 at offset %d", first, p, end)
		}
		end = p.end()
		if got, err := s.getRaw(rawKey(1, first)); err != nil || !bytes.Equal(got, want) {
			t.Errorf("full block %d: stored %d bytes, %v; want the %d bytes of its S2 block", first, len(got), err, len(want))
		}
	}
	fi, err := os.Stat(rawFileName(s.dir, 1))
	if err != nil || fi.Size() != end {
		t.Fatalf("raw file: %v, %v; want %d bytes", fi, err, end)
	}
	for _, line := range []uint32{1, rawBlockLines, rawBlockLines + 1, 2 * rawBlockLines, lines} {
		if got, err := s.RawLine(track.SourceRef{Source: 1, Line: line}); err != nil || got != string(simLine(line)) {
			t.Errorf("line %d: %q, %v", line, got, err)
		}
	}
	if err := s.Compact(); err != nil {
		t.Fatal(err)
	}
	sp, err := s.SpaceUsage()
	if err != nil || sp.Raw < end {
		t.Errorf("space usage %+v, %v; want Raw >= the file's %d bytes", sp, err, end)
	}
	s.rawCache = rawBlockCache{}
	for _, line := range []uint32{1, 2*rawBlockLines + 1, lines} {
		if got, err := s.RawLine(track.SourceRef{Source: 1, Line: line}); err != nil || got != string(simLine(line)) {
			t.Errorf("line %d after Compact: %q, %v", line, got, err)
		}
	}
}

// TestRawTrimUncommitted appends bytes no commit points at (what a writer
// killed between its file write and its Pebble commit leaves) to a raw
// file: a read-only open leaves them and reads every line, a writable
// open drops them, and the store then equals one that never had them, also
// after more commits.
func TestRawTrimUncommitted(t *testing.T) {
	clean := openT(t, t.TempDir(), Options{NoSync: true})
	writeSim(t, clean, "t", rfVessels, rfFixes, 1000)
	want := dumpStore(t, clean)
	for _, junk := range []struct {
		name string
		b    []byte
	}{
		{"one byte", []byte{rawS2}},
		{"a block", compressRaw(nil, bytes.Repeat([]byte("x"), 5000))},
	} {
		t.Run(junk.name, func(t *testing.T) {
			dir := t.TempDir()
			s := openT(t, dir, Options{NoSync: true})
			if err := commitSimLines(s, "t", 1, 9000, rfVessels*rfFixes); err != nil {
				t.Fatal(err)
			}
			s.Close()
			name := rawFileName(dir, 1)
			committed := fileSize(t, name)
			f, err := os.OpenFile(name, os.O_WRONLY|os.O_APPEND, 0)
			if err != nil {
				t.Fatal(err)
			}
			f.Write(junk.b)
			f.Close()
			r := openT(t, dir, Options{ReadOnly: true})
			if l, err := r.RawLine(track.SourceRef{Source: 1, Line: 1}); err != nil || l != string(simLine(1)) {
				t.Errorf("read-only open: line 1 %q, %v", l, err)
			}
			r.Close()
			if got := fileSize(t, name); got != committed+int64(len(junk.b)) {
				t.Fatalf("after a read-only open the file has %d bytes; want it untouched (%d)", got, committed+int64(len(junk.b)))
			}
			w := openT(t, dir, Options{NoSync: true})
			if got := fileSize(t, name); got != committed {
				t.Fatalf("after a writable open the file has %d bytes; want the %d committed", got, committed)
			}
			writeSim(t, w, "t", rfVessels, rfFixes, 777)
			compareDumps(t, want, dumpStore(t, w))
		})
	}
}

func fileSize(t *testing.T, name string) int64 {
	t.Helper()
	fi, err := os.Stat(name)
	if err != nil {
		t.Fatal(err)
	}
	return fi.Size()
}

// TestRawCorruptFile damages the raw file under a committed block: every
// damage makes quoting a line of the block fail with ErrCorrupt, never
// return a wrong line, while lines of the intact blocks still read. The
// store still opens for writing; a file that lost committed bytes refuses
// more blocks of its source (ErrCorrupt), one whose length is intact takes
// them, and other sources ingest.
func TestRawCorruptFile(t *testing.T) {
	for _, c := range []struct {
		name   string
		damage func(t *testing.T, name string)
		short  bool // the file lost committed bytes
	}{
		{"flipped bit", func(t *testing.T, name string) {
			b, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			b[len(b)-10] ^= 0x10
			if err := os.WriteFile(name, b, 0o644); err != nil {
				t.Fatal(err)
			}
		}, false},
		{"truncated", func(t *testing.T, name string) {
			if err := os.Truncate(name, fileSize(t, name)-1); err != nil {
				t.Fatal(err)
			}
		}, true},
		{"removed", func(t *testing.T, name string) {
			if err := os.Remove(name); err != nil {
				t.Fatal(err)
			}
		}, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			s := openT(t, dir, Options{NoSync: true})
			writeSim(t, s, "c", rfVessels, rfFixes, 1000)
			s.Close()
			c.damage(t, rawFileName(dir, 1))
			r := openT(t, dir, Options{ReadOnly: true})
			if _, err := r.RawLine(track.SourceRef{Source: 1, Line: rawBlockLines + 5}); !errors.Is(err, ErrCorrupt) {
				t.Errorf("line in the damaged block: %v; want ErrCorrupt", err)
			}
			if c.name != "removed" {
				if l, err := r.RawLine(track.SourceRef{Source: 1, Line: 5}); err != nil || l != string(simLine(5)) {
					t.Errorf("line in an intact block: %q, %v", l, err)
				}
			}
			tail := uint32(rfVessels * rfFixes)
			if l, err := r.RawLine(track.SourceRef{Source: 1, Line: tail}); err != nil || l != string(simLine(tail)) {
				t.Errorf("line in the inline tail: %q, %v", l, err)
			}
			r.Close()
			w := openT(t, dir, Options{NoSync: true})
			b := NewBatch()
			for l := tail + 1; l <= 3*rawBlockLines; l++ {
				b.AddRaw(1, l, simLine(l))
			}
			_, err := w.Commit(b)
			if c.short != errors.Is(err, ErrCorrupt) {
				t.Errorf("commit of a next full block: %v; want ErrCorrupt %v", err, c.short)
			}
			writeSim(t, w, "other", 2, rawBlockLines, 1000)
			if l, err := w.RawLine(track.SourceRef{Source: 2, Line: 2 * rawBlockLines}); err != nil || l != string(simLine(2*rawBlockLines)) {
				t.Errorf("line of another source: %q, %v", l, err)
			}
		})
	}
}

// TestRawCorruptPointerTarget checks the CRC catches a pointer whose
// target is well-formed S2 of other lines.
func TestRawCorruptPointerTarget(t *testing.T) {
	s := openT(t, t.TempDir(), Options{NoSync: true})
	writeSim(t, s, "p", rfVessels, rfFixes, 1000)
	v, err := s.get(rawKey(1, 1))
	if err != nil {
		t.Fatal(err)
	}
	p, err := decodeRawPointer(v)
	if err != nil {
		t.Fatal(err)
	}
	second, err := s.get(rawKey(1, rawBlockLines+1))
	if err != nil {
		t.Fatal(err)
	}
	q, _ := decodeRawPointer(second)
	q.crc = p.crc // the second block's bytes under the first block's CRC
	if err := s.db.Set(rawKey(1, 1), appendRawPointer(nil, q), pebble.Sync); err != nil {
		t.Fatal(err)
	}
	s.rawCache = rawBlockCache{}
	if l, err := s.RawLine(track.SourceRef{Source: 1, Line: 1}); !errors.Is(err, ErrCorrupt) {
		t.Errorf("line 1: %q, %v; want ErrCorrupt", l, err)
	}
}

// TestRawFileWriteErrors fails the raw file's writes (a full disk) or the
// Pebble commit after them (the WAL on a full disk): the commit returns
// the error, nothing committed is lost, and once the disk has room again
// (after a reopen where the failure is fatal to Pebble) the same ingest
// completes to exactly the store of a clean run.
func TestRawFileWriteErrors(t *testing.T) {
	clean := openT(t, t.TempDir(), Options{NoSync: true})
	writeSim(t, clean, "e", rfVessels, rfFixes, 1000)
	want := dumpStore(t, clean)
	for _, c := range []struct {
		name   string
		target string // path part of the files that fail
		fatal  bool   // Pebble's WAL fails: the store must be reopened
	}{
		{"raw file full", string(filepath.Separator) + rawDir + string(filepath.Separator), false},
		{"wal full", ".log", true},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			fs, full, _ := fullDiskFS(c.target)
			s, err := Open(dir, Options{fs: fs})
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			const total = rfVessels * rfFixes
			if err := commitSimLines(s, "e", 1, 5000, total); err != nil { // block 1 in the file
				t.Fatal(err)
			}
			committed := fileSize(t, rawFileName(dir, 1))
			full.Store(true)
			err = commitSimLines(s, "e", 5001, 9000, total) // fills block 2: written to the file
			if !errors.Is(err, syscall.ENOSPC) {
				t.Fatalf("commit on a full disk: %v; want ENOSPC", err)
			}
			t.Logf("commit error: %v", err)
			full.Store(false)
			if c.fatal {
				if got := fileSize(t, rawFileName(dir, 1)); got <= committed {
					t.Fatalf("the failed commit appended nothing (%d bytes, %d committed): nothing to drop", got, committed)
				}
				s.Close()
				s = openT(t, dir, Options{})
			}
			if got := fileSize(t, rawFileName(dir, 1)); c.fatal && got != committed {
				t.Errorf("reopened raw file has %d bytes; want the %d committed", got, committed)
			}
			for _, line := range []uint32{3000, 5000} {
				if l, err := s.RawLine(track.SourceRef{Source: 1, Line: line}); err != nil || l != string(simLine(line)) {
					t.Errorf("line %d after the failed commit: %q, %v", line, l, err)
				}
			}
			if _, err := s.RawLine(track.SourceRef{Source: 1, Line: 5001}); !errors.Is(err, ErrNotFound) {
				t.Errorf("line 5001 of the failed commit: %v; want ErrNotFound", err)
			}
			writeSim(t, s, "e", rfVessels, rfFixes, 1000)
			compareDumps(t, want, dumpStore(t, s))
		})
	}
}

// commitSimLines commits lines from..to (of total) of writeSim's source
// name (rfVessels vessels) in one batch.
func commitSimLines(s *Store, name string, from, to, total int) error {
	si, err := s.RegisterSource(simHash(name), name, int64(total*40))
	if err != nil {
		return err
	}
	b := NewBatch()
	for line := from; line <= to; line++ {
		if err := addSimLine(b, si.ID, rfVessels, line, total); err != nil {
			return err
		}
	}
	_, err = s.Commit(b)
	return err
}

// TestRawInlineStoreContinues continues a source of a schema 2 store,
// whose full blocks are inline: the old blocks stay as they are, the next
// full block starts the raw file at offset 0, and every line reads back
// after a reopen (which keeps the file: its block is committed).
func TestRawInlineStoreContinues(t *testing.T) {
	dir := t.TempDir()
	s := openT(t, dir, Options{NoSync: true})
	si, err := s.RegisterSource(simHash("inline"), "inline", 1)
	if err != nil {
		t.Fatal(err)
	}
	const oldLines = rawBlockLines + 10
	pb := s.db.NewBatch()
	for first := uint32(1); first <= oldLines; first += rawBlockLines {
		var lines [][]byte
		for l := first; l < first+rawBlockLines && l <= oldLines; l++ {
			lines = append(lines, simLine(l))
		}
		pb.Set(rawKey(si.ID, first), encodeRawV3(lines), nil)
	}
	si.Lines = oldLines
	pb.Set(sourceKey(si.ID), encodeSource(&si), nil)
	if err := pb.Commit(pebble.Sync); err != nil {
		t.Fatal(err)
	}
	if n, err := s.rawCommitted(si.ID); err != nil || n != 0 {
		t.Fatalf("committed length with inline full blocks: %d, %v; want 0", n, err)
	}
	b := NewBatch()
	const lines = 3 * rawBlockLines
	for l := uint32(oldLines + 1); l <= lines; l++ {
		b.AddRaw(si.ID, l, simLine(l))
	}
	if _, err := s.Commit(b); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s = openT(t, dir, Options{NoSync: true})
	for first, wantPtr := range map[uint32]bool{1: false, rawBlockLines + 1: true, 2*rawBlockLines + 1: true} {
		v, err := s.get(rawKey(si.ID, first))
		if err != nil || isRawPointer(v) != wantPtr {
			t.Errorf("block %d: % x..., %v; want pointer %v", first, v[:min(len(v), 4)], err, wantPtr)
		}
	}
	if p, err := decodeRawPointer(mustGet(t, s, rawKey(si.ID, rawBlockLines+1))); err != nil || p.off != 0 {
		t.Errorf("first block in the file: %+v, %v; want offset 0", p, err)
	}
	for l := uint32(1); l <= lines; l += 97 {
		if got, err := s.RawLine(track.SourceRef{Source: si.ID, Line: l}); err != nil || got != string(simLine(l)) {
			t.Fatalf("line %d: %q, %v", l, got, err)
		}
	}
}

func mustGet(t *testing.T, s *Store, k []byte) []byte {
	t.Helper()
	v, err := s.get(k)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// FuzzRawPointer feeds arbitrary bytes to the pointer decoder: it returns
// ErrCorrupt or a pointer that encodes back to the same bytes, never
// panics. A decoded pointer is then read from a store's raw file: the
// read fails, or returns exactly the stored bytes of one of the blocks
// there (a damaged pointer never yields other bytes).
func FuzzRawPointer(f *testing.F) {
	s := openT(f, f.TempDir(), Options{NoSync: true})
	writeSim(f, s, "fuzz", rfVessels, rfFixes, 1000)
	var blocks [][]byte
	for first := uint32(1); first+rawBlockLines-1 <= rfVessels*rfFixes; first += rawBlockLines {
		v, err := s.get(rawKey(1, first))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(v)
		b, err := s.getRaw(rawKey(1, first))
		if err != nil {
			f.Fatal(err)
		}
		blocks = append(blocks, b)
	}
	f.Add(appendRawPointer(nil, rawPointer{file: 2, off: 1 << 40, n: 1, crc: 0}))
	f.Add([]byte{rawPtr})
	f.Fuzz(func(t *testing.T, v []byte) {
		p, err := decodeRawPointer(v)
		if err != nil {
			if !errors.Is(err, ErrCorrupt) {
				t.Fatalf("%x: %v; want ErrCorrupt", v, err)
			}
			return
		}
		if again := appendRawPointer(nil, p); !bytes.Equal(again, v) {
			t.Fatalf("%x decoded to %+v, encodes to %x", v, p, again)
		}
		got, err := s.readRawPointer(p)
		if err != nil {
			if !errors.Is(err, ErrCorrupt) {
				t.Fatalf("%+v: %v; want ErrCorrupt", p, err)
			}
			return
		}
		for _, b := range blocks {
			if bytes.Equal(got, b) {
				return
			}
		}
		t.Fatalf("%+v read %d bytes that are no stored block", p, len(got))
	})
}

// TestRawFullBlockAllocs checks that archiving full blocks into the raw
// file allocates nothing per block: a commit of four full blocks
// allocates no more than a commit of one.
func TestRawFullBlockAllocs(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts are not meaningful under the race detector")
	}
	s := openT(t, t.TempDir(), Options{NoSync: true})
	si, err := s.RegisterSource(simHash("allocs"), "allocs", 1)
	if err != nil {
		t.Fatal(err)
	}
	lines := make([][]byte, 8*rawBlockLines)
	for i := range lines {
		lines[i] = simLine(uint32(i + 1))
	}
	next := uint32(1)
	b := NewBatch()
	commit := func(blocks int) {
		for range blocks * rawBlockLines {
			b.AddRaw(si.ID, next, lines[int(next-1)%len(lines)])
			next++
		}
		if _, err := s.Commit(b); err != nil {
			t.Fatal(err)
		}
	}
	commit(4) // warm up: the file, the scratch memory
	one := testing.AllocsPerRun(5, func() { commit(1) })
	four := testing.AllocsPerRun(5, func() { commit(4) })
	t.Logf("allocations per commit: %.0f with one full block, %.0f with four", one, four)
	if four > one {
		t.Errorf("a commit of four full blocks allocates %.0f times, of one %.0f: want nothing per block", four, one)
	}
}

// TestRawManySources archives full blocks of more sources than the writer
// keeps files open for, one source per commit and then all of them again
// in one commit: the open files stay bounded, and every source's file
// continues where it was after its file was closed and reopened.
func TestRawManySources(t *testing.T) {
	const sources = 3 * maxRawWriters
	s := openT(t, t.TempDir(), Options{NoSync: true})
	next := map[uint32]uint32{}
	add := func(b *Batch, src uint32, blocks int) {
		for range blocks * rawBlockLines {
			next[src]++
			b.AddRaw(src, next[src], simLine(next[src]))
		}
	}
	var ids []uint32
	for i := range sources {
		si, err := s.RegisterSource(simHash(fmt.Sprint("many ", i)), "many", 1)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, si.ID)
		b := NewBatch()
		add(b, si.ID, 1)
		if _, err := s.Commit(b); err != nil {
			t.Fatal(err)
		}
		if n := len(s.raw.writers); n > maxRawWriters+1 {
			t.Fatalf("after source %d: %d raw files open; want at most %d", i+1, n, maxRawWriters+1)
		}
	}
	b := NewBatch()
	for _, id := range ids {
		add(b, id, 1)
	}
	if _, err := s.Commit(b); err != nil {
		t.Fatal(err)
	}
	for _, id := range ids {
		for _, line := range []uint32{1, rawBlockLines, rawBlockLines + 1, next[id]} {
			if got, err := s.RawLine(track.SourceRef{Source: id, Line: line}); err != nil || got != string(simLine(line)) {
				t.Fatalf("source %d line %d: %q, %v", id, line, got, err)
			}
		}
		p, err := decodeRawPointer(mustGet(t, s, rawKey(id, rawBlockLines+1)))
		if err != nil || p.off == 0 {
			t.Errorf("source %d's second block: %+v, %v; want it after the first in the file", id, p, err)
		}
	}
}

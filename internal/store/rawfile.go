package store

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"

	"github.com/cockroachdb/pebble/v2/vfs"
)

// Full raw blocks live outside Pebble, in append-only files under
// <store>/raw/, one file per source (raw/<source id>.raw). A full block is
// written once and never changes, so storing it in the LSM only cost
// memtable, WAL, flush and compaction work on bytes that are already
// compressed. The Pebble value at rawKey(src, first) of a full block is a
// rawPointer instead: codec byte rawPtr, file id, offset, length and a
// CRC-32C of the stored bytes, which are exactly what the value would
// hold inline (the codec byte rawPieces and its pieces, raw.go). A
// source's partial tail block stays inline in Pebble, so no byte of a
// file is ever rewritten.
//
// Crash safety: Commit appends the blocks of a batch to the files, syncs
// them (unless Options.NoSync), and only then commits the Pebble batch
// holding their pointers. A file's committed length is the end of the last
// full block its source's record covers (rawCommitted), so it needs no
// record of its own. Bytes beyond it come from a commit that never landed:
// a writable open truncates them, and so does the writer before it appends
// to a file again after a failed commit. Read-only opens never truncate,
// and read only the ranges their snapshot points at.

// rawPtr is the codec byte of a pointer to a block in a raw file.
const rawPtr = 0x03

// rawPtrLen is the length of an encoded rawPointer.
const rawPtrLen = 1 + 4 + 8 + 4 + 4

// rawDir is the store subdirectory holding the raw files.
const rawDir = "raw"

// rawFileExt ends the name of every raw file.
const rawFileExt = ".raw"

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// rawPointer locates a stored raw block in a raw file.
type rawPointer struct {
	file uint32 // file id (the source id)
	off  uint64 // offset of the stored bytes
	n    uint32 // length of the stored bytes
	crc  uint32 // CRC-32C (Castagnoli) of the stored bytes
}

// end returns the offset just past the block.
func (p rawPointer) end() int64 { return int64(p.off) + int64(p.n) }

// appendRawPointer appends the Pebble value of p to dst.
func appendRawPointer(dst []byte, p rawPointer) []byte {
	dst = append(dst, rawPtr)
	dst = binary.BigEndian.AppendUint32(dst, p.file)
	dst = binary.BigEndian.AppendUint64(dst, p.off)
	dst = binary.BigEndian.AppendUint32(dst, p.n)
	return binary.BigEndian.AppendUint32(dst, p.crc)
}

// isRawPointer reports whether a raw block value is a pointer.
func isRawPointer(v []byte) bool { return len(v) > 0 && v[0] == rawPtr }

// decodeRawPointer parses a pointer value, refusing one that is malformed
// or points at more than a raw block can hold.
func decodeRawPointer(v []byte) (rawPointer, error) {
	if len(v) != rawPtrLen || v[0] != rawPtr {
		return rawPointer{}, fmt.Errorf("raw block pointer %x: %w", v, ErrCorrupt)
	}
	p := rawPointer{
		file: binary.BigEndian.Uint32(v[1:]),
		off:  binary.BigEndian.Uint64(v[5:]),
		n:    binary.BigEndian.Uint32(v[13:]),
		crc:  binary.BigEndian.Uint32(v[17:]),
	}
	if p.n == 0 || p.n > maxRawBlock || p.off > 1<<62 {
		return rawPointer{}, fmt.Errorf("raw block pointer %x: %w", v, ErrCorrupt)
	}
	return p, nil
}

// rawFileName returns the path of raw file id in the store dir.
func rawFileName(dir string, id uint32) string {
	return filepath.Join(dir, rawDir, strconv.FormatUint(uint64(id), 10)+rawFileExt)
}

// parseRawFileName returns the id of a raw file name; ok is false for
// other names.
func parseRawFileName(name string) (id uint32, ok bool) {
	digits, found := strings.CutSuffix(name, rawFileExt)
	if !found {
		return 0, false
	}
	v, err := strconv.ParseUint(digits, 10, 32)
	if err != nil || strconv.FormatUint(v, 10) != digits {
		return 0, false
	}
	return uint32(v), true
}

// rawFiles holds the store's open raw files.
type rawFiles struct {
	// writers are the writer's files by source, with the length written
	// so far; only the writer (under Store.wmu) uses them.
	writers map[uint32]*rawWriter
	// touched are the writers the current commit appended to.
	touched []*rawWriter
	dirMade bool // the writer created or found raw/

	mu      sync.Mutex
	readers map[uint32]vfs.File // read handles by file id
}

// maxRawReaders bounds the read handles a store keeps open.
const maxRawReaders = 64

// maxRawWriters is how many raw files the writer keeps open between
// commits (rawCommitDone).
const maxRawWriters = 16

// rawWriter is the writer's handle on one raw file.
type rawWriter struct {
	id      uint32
	f       vfs.File
	end     int64 // bytes written, committed or not
	touched bool  // in rawFiles.touched
}

// rawCommitted returns the committed length of raw file id (the id of
// the source whose blocks it holds): the end of the last full block the
// source record covers when that block is a pointer, else 0 (no block of
// the file is committed: the source is new, unknown, or its full blocks
// are all inline, as a store of schema 2 or older wrote them).
func (s *Store) rawCommitted(id uint32) (int64, error) {
	si, err := s.SourceInfo(id)
	if errors.Is(err, ErrUnknownSource) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	if si.Lines < rawBlockLines {
		return 0, nil
	}
	first := blockFirst(si.Lines+1) - rawBlockLines // the last full block
	v, err := s.get(rawKey(id, first))
	if errors.Is(err, ErrNotFound) {
		return 0, fmt.Errorf("raw block %d:%d of a source with %d lines is missing: %w", id, first, si.Lines, ErrCorrupt)
	}
	if err != nil || !isRawPointer(v) {
		return 0, err
	}
	p, err := decodeRawPointer(v)
	if err != nil {
		return 0, err
	}
	if p.file != id {
		return 0, fmt.Errorf("raw block %d:%d points into file %d: %w", id, first, p.file, ErrCorrupt)
	}
	return p.end(), nil
}

// trimRawFiles truncates every raw file to its committed length, dropping
// the bytes of commits that never landed. Only a writable open calls it. A
// damaged file, e.g. shorter than its committed length (bytes lost in a
// machine crash under NoSync), does not stop the open: quoting its lost
// blocks fails with ErrCorrupt, and so does appending to it
// (rawWriterFor), while other sources work.
func (s *Store) trimRawFiles() error {
	names, err := s.po.FS.List(filepath.Join(s.dir, rawDir))
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("open store %s: list raw files: %w", s.dir, err)
	}
	for _, name := range names {
		id, ok := parseRawFileName(name)
		if !ok {
			continue
		}
		if _, err := s.trimRawFile(id); err != nil && !errors.Is(err, ErrCorrupt) {
			return fmt.Errorf("open store %s: %w", s.dir, err)
		}
	}
	return nil
}

// trimRawFile truncates raw file id to its committed length and returns
// that length. A file shorter than what the store points at has lost
// committed blocks: ErrCorrupt.
func (s *Store) trimRawFile(id uint32) (int64, error) {
	committed, err := s.rawCommitted(id)
	if err != nil {
		return 0, fmt.Errorf("raw file %d: %w", id, err)
	}
	name := rawFileName(s.dir, id)
	var size int64
	fi, err := s.po.FS.Stat(name)
	switch {
	case err == nil:
		size = fi.Size()
	case !errors.Is(err, os.ErrNotExist):
		return 0, fmt.Errorf("raw file %s: %w", name, err)
	}
	switch {
	case size < committed:
		return 0, fmt.Errorf("raw file %s has %d bytes, the store points at %d: %w", name, size, committed, ErrCorrupt)
	case size > committed:
		// Pebble's vfs has no truncate: this goes to the OS file system
		// even when Options.fs wraps it (tests inject faults into writes
		// and syncs, which this does not need).
		if err := os.Truncate(name, committed); err != nil {
			return 0, fmt.Errorf("raw file %s: drop uncommitted bytes: %w", name, err)
		}
	}
	return committed, nil
}

// rawWriterFor returns the writer's handle on source src's raw file,
// opening (or creating) it and truncating what no commit covers on first
// use.
func (s *Store) rawWriterFor(src uint32) (*rawWriter, error) {
	if w, ok := s.raw.writers[src]; ok {
		return w, nil
	}
	if err := s.makeRawDir(); err != nil {
		return nil, err
	}
	name := rawFileName(s.dir, src)
	_, statErr := s.po.FS.Stat(name)
	f, err := s.po.FS.OpenReadWrite(name, vfs.WriteCategoryUnspecified)
	if err != nil {
		return nil, fmt.Errorf("raw file %s: %w", name, err)
	}
	if errors.Is(statErr, os.ErrNotExist) && !s.opts.NoSync {
		if err := s.syncFSDir(filepath.Join(s.dir, rawDir)); err != nil {
			f.Close()
			return nil, err
		}
	}
	committed, err := s.trimRawFile(src)
	if err != nil {
		f.Close()
		return nil, err
	}
	w := &rawWriter{id: src, f: f, end: committed}
	if s.raw.writers == nil {
		s.raw.writers = map[uint32]*rawWriter{}
	}
	s.raw.writers[src] = w
	return w, nil
}

// makeRawDir creates raw/ the first time the writer needs it, durably
// unless NoSync.
func (s *Store) makeRawDir() error {
	if s.raw.dirMade {
		return nil
	}
	dir := filepath.Join(s.dir, rawDir)
	if _, err := s.po.FS.Stat(dir); err == nil {
		s.raw.dirMade = true
		return nil
	}
	if err := s.po.FS.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("create %s: %w", dir, err)
	}
	if !s.opts.NoSync {
		if err := s.syncFSDir(s.dir); err != nil {
			return err
		}
	}
	s.raw.dirMade = true
	return nil
}

// syncFSDir syncs a directory through the store's file system.
func (s *Store) syncFSDir(dir string) error { return syncDirFS(s.po.FS, dir) }

// appendRawBlock appends the stored form b of a full raw block of source
// src to its raw file and returns the block's pointer. The bytes count as
// committed only once the Pebble batch holding the pointer commits
// (rawCommitDone).
func (s *Store) appendRawBlock(src uint32, b []byte) (rawPointer, error) {
	w, err := s.rawWriterFor(src)
	if err != nil {
		return rawPointer{}, err
	}
	// Touched before writing: a write that fails part-way has still
	// appended bytes, which a failed commit must drop (rawCommitDone).
	if !w.touched {
		w.touched = true
		s.raw.touched = append(s.raw.touched, w)
	}
	if _, err := w.f.WriteAt(b, w.end); err != nil {
		return rawPointer{}, fmt.Errorf("append raw block to %s: %w", rawFileName(s.dir, src), err)
	}
	p := rawPointer{file: src, off: uint64(w.end), n: uint32(len(b)), crc: crc32.Checksum(b, castagnoli)}
	w.end += int64(len(b))
	return p, nil
}

// syncRaw makes the blocks the current commit appended durable (unless
// NoSync), before the Pebble batch that points at them commits.
func (s *Store) syncRaw() error {
	if s.opts.NoSync {
		return nil
	}
	for _, w := range s.raw.touched {
		if err := w.f.SyncData(); err != nil {
			return fmt.Errorf("sync %s: %w", rawFileName(s.dir, w.id), err)
		}
	}
	return nil
}

// rawCommitDone ends a commit: on success what it appended is committed;
// on failure the files it appended to are closed, so that their next use
// truncates the uncommitted bytes first. Beyond maxRawWriters open files
// (an ingest of many sources), a successful commit closes the files it
// did not append to: reopening one costs a few lookups.
func (s *Store) rawCommitDone(ok bool) {
	c := &s.raw
	if !ok {
		for _, w := range c.touched {
			w.f.Close()
			delete(c.writers, w.id)
		}
	} else if len(c.writers) > maxRawWriters {
		for id, w := range c.writers {
			if !w.touched {
				w.f.Close() // its blocks are committed, and synced unless NoSync
				delete(c.writers, id)
			}
		}
	}
	for _, w := range c.touched {
		w.touched = false
	}
	c.touched = c.touched[:0]
}

// readRawPointer returns the stored bytes p points at, checked against
// its CRC. A range beyond the end of the file (or a missing file) is
// ErrCorrupt, since a pointer said the bytes are there; it is refused
// before allocating what a damaged pointer asks for.
func (s *Store) readRawPointer(p rawPointer) ([]byte, error) {
	buf, err := s.readRawRange(p)
	if err != nil {
		return nil, err
	}
	if crc32.Checksum(buf, castagnoli) != p.crc {
		return nil, fmt.Errorf("raw file %s: block at %d (%d bytes): checksum mismatch: %w", rawFileName(s.dir, p.file), p.off, p.n, ErrCorrupt)
	}
	return buf, nil
}

// readRawRange reads the bytes p points at.
func (s *Store) readRawRange(p rawPointer) ([]byte, error) {
	c := &s.raw
	c.mu.Lock()
	defer c.mu.Unlock()
	if s.closed {
		return nil, ErrClosed
	}
	f, err := s.rawReader(p.file)
	if err != nil {
		return nil, err
	}
	name := rawFileName(s.dir, p.file)
	fi, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("raw file %s: %w", name, err)
	}
	if p.end() > fi.Size() {
		return nil, fmt.Errorf("raw file %s has %d bytes, a block ends at %d: %w", name, fi.Size(), p.end(), ErrCorrupt)
	}
	buf := make([]byte, p.n)
	n, err := f.ReadAt(buf, int64(p.off))
	if n == len(buf) {
		return buf, nil
	}
	if err == nil || errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("raw file %s: %d bytes at %d, want %d: %w", name, n, p.off, p.n, ErrCorrupt)
	}
	return nil, fmt.Errorf("raw file %s: %w", name, err)
}

// rawReader returns a read handle on raw file id; c.mu is held.
func (s *Store) rawReader(id uint32) (vfs.File, error) {
	c := &s.raw
	if f, ok := c.readers[id]; ok {
		return f, nil
	}
	name := rawFileName(s.dir, id)
	f, err := s.po.FS.Open(name)
	if errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("raw file %s is missing: %w", name, ErrCorrupt)
	}
	if err != nil {
		return nil, fmt.Errorf("raw file %s: %w", name, err)
	}
	if c.readers == nil || len(c.readers) >= maxRawReaders {
		closeRawReaders(c.readers)
		c.readers = map[uint32]vfs.File{}
	}
	c.readers[id] = f
	return f, nil
}

func closeRawReaders(m map[uint32]vfs.File) {
	for _, f := range m {
		f.Close()
	}
}

// closeRawFiles closes every raw file handle (at Close).
func (s *Store) closeRawFiles() error {
	var first error
	for _, w := range s.raw.writers {
		if err := w.f.Close(); err != nil && first == nil {
			first = err
		}
	}
	s.raw.writers, s.raw.touched = nil, nil
	s.raw.mu.Lock()
	closeRawReaders(s.raw.readers)
	s.raw.readers = nil
	s.raw.mu.Unlock()
	return first
}

// rawFileBytes returns the total size of the raw files.
func (s *Store) rawFileBytes() (int64, error) {
	dir := filepath.Join(s.dir, rawDir)
	names, err := s.po.FS.List(dir)
	if errors.Is(err, os.ErrNotExist) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("list %s: %w", dir, err)
	}
	var n int64
	for _, name := range names {
		if _, ok := parseRawFileName(name); !ok {
			continue
		}
		fi, err := s.po.FS.Stat(filepath.Join(dir, name))
		if err != nil {
			return 0, fmt.Errorf("raw file %s: %w", name, err)
		}
		n += fi.Size()
	}
	return n, nil
}

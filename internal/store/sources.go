package store

import (
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"

	"github.com/cockroachdb/pebble/v2"
)

// SourceInfo describes one ingested input (a file, or one live session).
type SourceInfo struct {
	ID       uint32
	Name     string   // file name as given at registration
	Hash     [32]byte // SHA-256 of the content
	Size     int64    // bytes
	Lines    uint32   // raw lines archived so far
	Progress uint32   // last line whose derived data is committed (Batch.SetProgress)
	Done     bool     // the ingest of this source completed (Batch.FinishSource)
}

// HashHex returns the content hash in hex.
func (si SourceInfo) HashHex() string { return hex.EncodeToString(si.Hash[:]) }

func encodeSource(si *SourceInfo) []byte {
	b := append([]byte{1}, si.Hash[:]...)
	b = binary.AppendVarint(b, si.Size)
	b = binary.AppendUvarint(b, uint64(si.Lines))
	b = binary.AppendUvarint(b, uint64(si.Progress))
	done := byte(0)
	if si.Done {
		done = 1
	}
	b = append(b, done)
	return append(b, si.Name...)
}

func decodeSource(id uint32, b []byte) (SourceInfo, error) {
	si := SourceInfo{ID: id}
	if len(b) < 33 || b[0] != 1 {
		return si, fmt.Errorf("source %d record: %w", id, ErrCorrupt)
	}
	copy(si.Hash[:], b[1:33])
	r := blockReader{b: b[33:]}
	si.Size = r.varint()
	si.Lines = uint32(r.uvarint())
	si.Progress = uint32(r.uvarint())
	if r.err != nil || len(r.b) < 1 {
		return si, fmt.Errorf("source %d record: %w", id, ErrCorrupt)
	}
	si.Done = r.b[0] == 1
	si.Name = string(r.b[1:])
	return si, nil
}

// RegisterSource returns the source with this content hash, registering it
// (durably) under a new id when it is new. Call it before writing a batch
// that refers to the source; check Done to skip a complete source and
// Progress to resume a partial one.
func (s *Store) RegisterSource(hash [32]byte, name string, size int64) (_ SourceInfo, err error) {
	s.wmu.Lock()
	defer s.wmu.Unlock()
	defer s.recoverFatal(&err)
	if err := s.writable(); err != nil {
		return SourceInfo{}, err
	}
	si, ok, err := s.sourceByHash(hash)
	if err != nil || ok {
		return si, err
	}
	next, err := s.metaUint32("nextsrc")
	if err != nil {
		return SourceInfo{}, err
	}
	si = SourceInfo{ID: max(next, 1), Name: name, Hash: hash, Size: size}
	b := s.db.NewBatch()
	defer b.Close()
	b.Set(sourceKey(si.ID), encodeSource(&si), nil)
	b.Set(hashKey(hash), be32(nil, si.ID), nil)
	b.Set(metaKey("nextsrc"), be32(nil, si.ID+1), nil)
	if err := b.Commit(s.writeOpts()); err != nil {
		return SourceInfo{}, fmt.Errorf("register source %s: %w", name, err)
	}
	return si, nil
}

// SourceDone reports whether a source with this content hash was ingested
// completely, and its id when it is known at all (0 otherwise).
func (s *Store) SourceDone(hash [32]byte) (id uint32, done bool, err error) {
	si, ok, err := s.sourceByHash(hash)
	if err != nil || !ok {
		return 0, false, err
	}
	return si.ID, si.Done, nil
}

// SourceByHash returns the source with this content hash, if registered.
func (s *Store) SourceByHash(hash [32]byte) (SourceInfo, bool, error) {
	return s.sourceByHash(hash)
}

func (s *Store) sourceByHash(hash [32]byte) (SourceInfo, bool, error) {
	v, err := s.get(hashKey(hash))
	if errors.Is(err, ErrNotFound) {
		return SourceInfo{}, false, nil
	}
	if err != nil {
		return SourceInfo{}, false, err
	}
	if len(v) != 4 {
		return SourceInfo{}, false, fmt.Errorf("source hash %x: %w", hash, ErrCorrupt)
	}
	si, err := s.SourceInfo(binary.BigEndian.Uint32(v))
	return si, err == nil, err
}

// SourceInfo returns the record of source id (ErrUnknownSource if absent).
func (s *Store) SourceInfo(id uint32) (SourceInfo, error) {
	v, err := s.get(sourceKey(id))
	if errors.Is(err, ErrNotFound) {
		return SourceInfo{}, fmt.Errorf("source %d: %w", id, ErrUnknownSource)
	}
	if err != nil {
		return SourceInfo{}, err
	}
	return decodeSource(id, v)
}

// Sources lists every registered source in id order.
func (s *Store) Sources() ([]SourceInfo, error) {
	var out []SourceInfo
	err := s.scan([]byte{pSource}, []byte{pSource + 1}, func(k, v []byte) error {
		if len(k) != 5 {
			return fmt.Errorf("source key %x: %w", k, ErrCorrupt)
		}
		si, err := decodeSource(binary.BigEndian.Uint32(k[1:]), v)
		out = append(out, si)
		return err
	})
	return out, err
}

// get returns a copy of the value at k, or ErrNotFound.
func (s *Store) get(k []byte) ([]byte, error) {
	if s.closed {
		return nil, ErrClosed
	}
	v, closer, err := s.db.Get(k)
	if errors.Is(err, pebble.ErrNotFound) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("store get %x: %w", k, err)
	}
	out := append([]byte(nil), v...)
	closer.Close()
	return out, nil
}

// scan calls fn for every key in [lo, hi). k and v are only valid during the call.
func (s *Store) scan(lo, hi []byte, fn func(k, v []byte) error) error {
	if s.closed {
		return ErrClosed
	}
	it, err := s.db.NewIter(&pebble.IterOptions{LowerBound: lo, UpperBound: hi})
	if err != nil {
		return fmt.Errorf("store scan %x: %w", lo, err)
	}
	for it.First(); it.Valid(); it.Next() {
		v, err := it.ValueAndErr()
		if err != nil {
			it.Close()
			return fmt.Errorf("store scan %x: %w", it.Key(), err)
		}
		if err := fn(it.Key(), v); err != nil {
			it.Close()
			return err
		}
	}
	if err := it.Close(); err != nil {
		return fmt.Errorf("store scan %x: %w", lo, err)
	}
	return nil
}

func (s *Store) metaUint32(name string) (uint32, error) {
	v, err := s.get(metaKey(name))
	if errors.Is(err, ErrNotFound) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	if len(v) != 4 {
		return 0, fmt.Errorf("meta %s: %w", name, ErrCorrupt)
	}
	return binary.BigEndian.Uint32(v), nil
}

func (s *Store) writable() error {
	switch {
	case s.closed:
		return ErrClosed
	case s.opts.ReadOnly:
		return ErrReadOnly
	case s.broken != nil:
		return fmt.Errorf("store %s: an earlier write failed: %w", s.dir, s.broken)
	}
	return nil
}

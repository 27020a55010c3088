package store

import (
	"context"
	"fmt"
)

// Space is the estimated on-disk size of each part of the store, in bytes
// (after Pebble's own compression; data still in the memtable/WAL is not
// counted until flushed, so call Compact first for a settled figure).
type Space struct {
	Fixes   int64 // fix blocks
	Grid    int64 // spatial grid index
	Vessels int64 // vessel summaries and identity histories
	Raw     int64 // raw line archive (tail blocks in Pebble, full blocks in raw/ files)
	Events  int64
	Other   int64 // sources, meta
	// Tables is the exact size of the live sstables (the parts above, but
	// for the raw files in Raw, are estimates that sum to about this once
	// the memtable is flushed).
	Tables int64
}

// Total returns the sum of all parts.
func (sp Space) Total() int64 {
	return sp.Fixes + sp.Grid + sp.Vessels + sp.Raw + sp.Events + sp.Other
}

// SpaceUsage estimates the bytes used by each part of the store.
func (s *Store) SpaceUsage() (Space, error) {
	if s.closed {
		return Space{}, ErrClosed
	}
	var sp Space
	for _, p := range []struct {
		prefix byte
		dst    *int64
	}{{pFix, &sp.Fixes}, {pGrid, &sp.Grid}, {pVessel, &sp.Vessels}, {pIdentity, &sp.Vessels},
		{pRaw, &sp.Raw}, {pEvent, &sp.Events}, {pSource, &sp.Other}, {pHash, &sp.Other}, {pMeta, &sp.Other}} {
		n, err := s.db.EstimateDiskUsage([]byte{p.prefix}, []byte{p.prefix + 1})
		if err != nil {
			return sp, fmt.Errorf("space usage of %s: %w", s.dir, err)
		}
		*p.dst += int64(n)
	}
	files, err := s.rawFileBytes()
	if err != nil {
		return sp, fmt.Errorf("space usage of %s: %w", s.dir, err)
	}
	sp.Raw += files
	sp.Tables = s.db.Metrics().Total().TablesSize
	return sp, nil
}

// Compact flushes the memtable and compacts the whole store into its final
// sorted, compressed form: smaller and faster to read. Call it after a
// large ingest (it takes time proportional to the store size).
func (s *Store) Compact() (err error) {
	s.wmu.Lock()
	defer s.wmu.Unlock()
	defer s.recoverFatal(&err)
	if err := s.writable(); err != nil {
		return err
	}
	if err := s.db.Compact(context.Background(), []byte{0}, []byte{0xff}, true); err != nil {
		return fmt.Errorf("compact %s: %w", s.dir, err)
	}
	return nil
}

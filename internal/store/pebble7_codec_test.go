package store

import (
	"testing"

	"github.com/cockroachdb/pebble/v2"
	"github.com/cockroachdb/pebble/v2/sstable"
)

// TestCompactedTablesCodec checks the codec of every table after Compact:
// zstd everywhere but the raw archive's span, which keeps Pebble's fastest
// codec. Compact moves a table that overlaps nothing below it as it is, so
// the codec a table was flushed with can be the one it keeps for good: a
// faster L0 codec (commit f319fc4, reverted in e00dad3) left small stores
// a third larger. The cases cover a store whose data reaches its tables
// only when the WAL is replayed at the next open, and one whose memtable
// is small enough to flush many overlapping tables while it is written.
func TestCompactedTablesCodec(t *testing.T) {
	for _, tc := range []struct {
		name     string
		memTable uint64
		nv, nf   int
	}{
		{"replayed at reopen", 0, 20, 300},
		{"flushed while writing", 256 << 10, 40, 2000},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			w := openT(t, dir, Options{NoSync: true, memTable: tc.memTable})
			writeSim(t, w, "codec", tc.nv, tc.nf, 500)
			if err := w.Close(); err != nil {
				t.Fatal(err)
			}
			s := openT(t, dir, Options{memTable: tc.memTable})
			if err := s.Compact(); err != nil {
				t.Fatal(err)
			}
			checkTableCodecs(t, s)
		})
	}
}

// checkTableCodecs fails unless every table of s holds either raw archive
// keys only (fastest codec) or none of them (zstd), and some of each exist.
func checkTableCodecs(t *testing.T, s *Store) {
	t.Helper()
	levels, err := s.db.SSTables(pebble.WithProperties())
	if err != nil {
		t.Fatal(err)
	}
	var raw, other int
	for level, tables := range levels {
		for _, tb := range tables {
			lo, hi := tb.Smallest.UserKey, tb.Largest.UserKey
			want := sstable.ZstdCompression.Name
			switch {
			case lo[0] == pRaw && hi[0] == pRaw:
				want = sstable.FastestCompression.Name
				raw++
			case lo[0] <= pRaw && hi[0] >= pRaw:
				t.Errorf("L%d table %s spans raw archive and other keys: %q..%q", level, tb.FileNum, lo, hi)
				continue
			default:
				other++
			}
			if got := tb.Properties.CompressionName; got != want {
				t.Errorf("L%d table %s (%q..%q): codec %q, want %q", level, tb.FileNum, lo, hi, got, want)
			}
		}
	}
	if raw == 0 || other == 0 {
		t.Errorf("%d raw archive tables and %d others after Compact, want some of each", raw, other)
	}
}

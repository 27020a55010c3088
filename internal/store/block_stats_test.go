package store

import (
	"context"
	"encoding/binary"
	"math/bits"
	"os"
	"slices"
	"testing"

	"github.com/cockroachdb/pebble/v2"
	"github.com/cockroachdb/pebble/v2/sstable"
)

// Block-format measurements on the real captures, run on demand:
//
//	LOOKOUT_BLOCK_STATS=1 go test -run 'TestBlock(Space|Columns)' -v ./internal/store/
//
// They write only fix blocks into a fresh store, so the sstable size is
// exactly what the blocks cost: keys, values, Pebble's per-key overhead,
// index, filter and properties, after zstd.

func skipUnlessStats(t *testing.T) {
	if os.Getenv("LOOKOUT_BLOCK_STATS") == "" {
		t.Skip("set LOOKOUT_BLOCK_STATS=1")
	}
}

func countFixes(blocks [][]qfix) (n int) {
	for _, q := range blocks {
		n += len(q)
	}
	return n
}

// blockSpace writes the blocks, encoded by enc, under keys into a fresh
// Pebble with the store's options but zstd on every level (what Compact
// means to leave: a store's L0 may use a faster compression, and a table
// Compact merely moves down keeps it), compacts, and returns Pebble's
// estimate for the fix key range and the exact size of the sstables (which
// hold nothing else).
func blockSpace(tb testing.TB, keys [][]byte, blocks [][]qfix, bases []int64, enc func([]byte, []qfix, int64) []byte) (est, tables int64) {
	return blockSpaceWith(tb, sstable.ZstdCompression, keys, blocks, bases, enc)
}

// blockSpaceAlways is blockSpace with Pebble told to keep every compressed
// sstable block, even one that zstd shrinks by less than the 12% Pebble's
// ZstdCompression profile asks for (a what-if for store.go's options: it
// matters to values that are already dense, e.g. bit-packed columns).
func blockSpaceAlways(tb testing.TB, keys [][]byte, blocks [][]qfix, bases []int64, enc func([]byte, []qfix, int64) []byte) (est, tables int64) {
	always := *sstable.ZstdCompression
	always.Name, always.MinReductionPercent = "ZstdAlways", 0
	return blockSpaceWith(tb, &always, keys, blocks, bases, enc)
}

func blockSpaceWith(tb testing.TB, cp *sstable.CompressionProfile, keys [][]byte, blocks [][]qfix, bases []int64, enc func([]byte, []qfix, int64) []byte) (est, tables int64) {
	po := pebbleOptions(Options{NoSync: true})
	for i := range po.Levels {
		po.Levels[i].Compression = func() *sstable.CompressionProfile { return cp }
	}
	dir := tb.TempDir()
	db, err := pebble.Open(dir, po)
	if err != nil {
		tb.Fatal(err)
	}
	defer db.Close()
	return blockSpaceIn(tb, &Store{dir: dir, db: db, po: po}, keys, blocks, bases, enc)
}

func blockSpaceIn(tb testing.TB, s *Store, keys [][]byte, blocks [][]qfix, bases []int64, enc func([]byte, []qfix, int64) []byte) (est, tables int64) {
	pb := s.db.NewBatch()
	var val []byte
	for i, q := range blocks {
		val = enc(val[:0], q, bases[i])
		if err := pb.Set(keys[i], val, nil); err != nil {
			tb.Fatal(err)
		}
	}
	if err := pb.Commit(nil); err != nil {
		tb.Fatal(err)
	}
	if err := s.db.Compact(context.Background(), []byte{0}, []byte{0xff}, true); err != nil {
		tb.Fatal(err)
	}
	sp, err := s.SpaceUsage()
	if err != nil {
		tb.Fatal(err)
	}
	return sp.Fixes, sp.Tables
}

// TestBlockSpace reports the bytes per fix of v2 and v3 blocks, with hour
// blocks (the store's) and day blocks (a what-if), and of a size-only
// prototype with exp-Golomb coded columns.
func TestBlockSpace(t *testing.T) {
	skipUnlessStats(t)
	for _, c := range []realCSV{noaaCSV, aucklandCSV} {
		rows, _ := loadReal(t, c)
		for _, span := range []int64{hourMs, dayMs} {
			var keys [][]byte
			blocks, bases := realBlocksBy(rows, span, &keys)
			nf := countFixes(blocks)
			for _, e := range []struct {
				name string
				enc  func([]byte, []qfix, int64) []byte
			}{{"v2", encodeBlockV2}, {"v3", encodeBlock}} {
				est, tab := blockSpace(t, keys, blocks, bases, e.enc)
				_, tabAlways := blockSpaceAlways(t, keys, blocks, bases, e.enc)
				t.Logf("%.12s span %2dh %s: %5d blocks (%.1f fix/block): %.3f B/fix (estimate for the key range %.3f); %.3f with every sstable block compressed",
					c.path[3:], span/hourMs, e.name, len(blocks), float64(nf)/float64(len(blocks)), float64(tab)/float64(nf), float64(est)/float64(nf), float64(tabAlways)/float64(nf))
			}
			_, none := blockSpace(t, keys, blocks, bases, func(dst []byte, q []qfix, base int64) []byte { return dst })
			raw := 0
			for i, q := range blocks {
				raw += len(egBlock(nil, q, bases[i]))
			}
			t.Logf("%.12s span %2dh keys alone %.3f B/fix; exp-Golomb prototype: keys + values %.3f B/fix",
				c.path[3:], span/hourMs, float64(none)/float64(nf), float64(none+int64(raw))/float64(nf))
		}
	}
}

// v3Columns splits the v3 encoding of q into its parts: header, time,
// lat+lon, sog, cog, heading, status, source, line.
func v3Columns(q []qfix, base int64) [][]byte {
	flags := planBlock(q)
	pos, delta := appendPositions(nil, q, int(flags>>f3PosShift&3))
	if delta {
		flags |= f3PosDelta
	}
	hdr := binary.AppendUvarint([]byte{blockVersion, byte(flags), byte(flags >> 8)}, uint64(len(q)))
	cols := [][]byte{hdr, appendTimes(nil, q, base, flags&f3Seconds != 0), pos,
		appendColumn(nil, q, colSOG, flags&f3SogConst != 0, false),
		appendColumn(nil, q, colCOG, flags&f3CogConst != 0, flags&f3CogWhole != 0),
		appendColumn(nil, q, colHdg, flags&f3HdgConst != 0, false)}
	if flags&f3StConst != 0 {
		cols = append(cols, binary.AppendUvarint(nil, uint64(q[0].st)))
	} else {
		cols = append(cols, appendRuns(nil, q, func(f *qfix) uint32 { return uint32(f.st) }))
	}
	if flags&f3SrcConst != 0 {
		cols = append(cols, binary.AppendUvarint(nil, uint64(q[0].src)))
	} else {
		cols = append(cols, appendRuns(nil, q, func(f *qfix) uint32 { return f.src }))
	}
	return append(cols, appendLines(nil, q, int(flags>>f3LineShift&3)))
}

// TestBlockColumns reports each v3 column's size before compression and
// its cost after: the bytes saved by leaving it out.
func TestBlockColumns(t *testing.T) {
	skipUnlessStats(t)
	names := []string{"header", "time", "lat+lon", "sog", "cog", "heading", "status", "source", "line"}
	for _, c := range []realCSV{noaaCSV, aucklandCSV} {
		rows, _ := loadReal(t, c)
		var keys [][]byte
		blocks, bases := realBlocksBy(rows, hourMs, &keys)
		nf := float64(countFixes(blocks))
		if got := len(slices.Concat(v3Columns(blocks[0], bases[0])...)); got != len(encodeBlock(nil, blocks[0], bases[0])) {
			t.Fatalf("v3Columns: %d bytes; encodeBlock %d", got, len(encodeBlock(nil, blocks[0], bases[0])))
		}
		_, all := blockSpace(t, keys, blocks, bases, encodeBlock)
		_, none := blockSpace(t, keys, blocks, bases, func(dst []byte, q []qfix, base int64) []byte { return dst })
		t.Logf("%s: %.3f B/fix, keys alone %.3f", c.path, float64(all)/nf, float64(none)/nf)
		for k := range names {
			raw := 0
			_, tab := blockSpace(t, keys, blocks, bases, func(dst []byte, q []qfix, base int64) []byte {
				for j, col := range v3Columns(q, base) {
					if j != k {
						dst = append(dst, col...)
					} else {
						raw += len(col)
					}
				}
				return dst
			})
			t.Logf("  %-8s %.3f B/fix raw, %.3f compressed", names[k], float64(raw)/nf, float64(all-tab)/nf)
		}
	}
}

// egBlock is a size-only prototype (no decoder): the v3 header and first
// values, then each column's other values in exponential-Golomb code of
// the best order for the block (5 bits to say which).
func egBlock(dst []byte, q []qfix, base int64) []byte {
	cols := v3Columns(q, base)
	dst = append(dst, cols[0]...)
	nbits := 0
	for j, c := range cols[1:] {
		var vs []uint64
		for len(c) > 0 {
			v, n := binary.Uvarint(c)
			vs, c = append(vs, v), c[n:]
		}
		parts := [][]uint64{vs}
		if j == 1 && len(vs) == 2*len(q) { // lat, lon
			parts = [][]uint64{vs[:len(q)], vs[len(q):]}
		}
		for _, p := range parts {
			if len(p) > 0 {
				nbits += 8*uvlen(p[0]) + egCost(p[1:])
			}
		}
	}
	return append(dst, make([]byte, (nbits+7)/8)...)
}

// egCost is the bits of vs in exponential-Golomb code of the best order,
// plus 5 bits for the order.
func egCost(vs []uint64) int { return egCostOrder(vs, 5) }

// egCostOrder is egCost with orderBits for the order.
func egCostOrder(vs []uint64, orderBits int) int {
	if len(vs) == 0 {
		return 0
	}
	best := 1 << 30
	for k := range 32 {
		c := orderBits
		for _, v := range vs {
			c += 2*(bits.Len64(v>>k+1)-1) + 1 + k
		}
		best = min(best, c)
	}
	return best
}

package store

import (
	"context"
	"encoding/binary"
	"math"
	"math/bits"
	"testing"

	"github.com/cockroachdb/pebble/v2"
	"github.com/cockroachdb/pebble/v2/bloom"
	"github.com/cockroachdb/pebble/v2/sstable"
)

// Where the bytes of the sparse real captures go (the NOAA slice has about
// 9 fixes a vessel, Auckland about 19 a block), and what other codings
// would save, after Pebble's zstd. Run on demand:
//
//	LOOKOUT_BLOCK_STATS=1 go test -run 'TestSparse' -v ./internal/store/
//
// The alternative codings here are size-only prototypes (no decoder): they
// say what an encoding would cost, they are not one.

// TestSparseSpace reports the parts of BytesPerFix's no-raw store (fix
// blocks, grid, vessel summaries, the rest) and splits the fix blocks into
// their keys (with Pebble's per-record overhead) and values.
func TestSparseSpace(t *testing.T) {
	skipUnlessStats(t)
	for _, c := range []realCSV{noaaCSV, aucklandCSV} {
		rows, _ := loadReal(t, c)
		s := sparseStore(t, rows)
		sp, err := s.SpaceUsage()
		if err != nil {
			t.Fatal(err)
		}
		vs, err := s.Vessels()
		if err != nil {
			t.Fatal(err)
		}
		s.Close()
		n := sumFixes(vs)
		var keys [][]byte
		blocks, bases := realBlocksBy(rows, hourMs, &keys)
		if nb := countFixes(blocks); uint64(nb) != n {
			t.Fatalf("%s: the store holds %d fixes, the blocks measured %d", c.path, n, nb)
		}
		_, all := blockSpace(t, keys, blocks, bases, encodeBlock)
		_, none := blockSpace(t, keys, blocks, bases, func(dst []byte, q []qfix, base int64) []byte { return dst })
		f := func(x int64) float64 { return float64(x) / float64(n) }
		t.Logf("%.12s: %d vessels, %d blocks, %d fixes; B/fix: fixes %.3f (alone: keys %.3f + values %.3f), grid %.3f, vessels %.3f, other %.3f; tables %.3f",
			c.path[3:], len(vs), len(blocks), n, f(sp.Fixes), f(none), f(all-none), f(sp.Grid), f(sp.Vessels), f(sp.Other), f(sp.Tables))
	}
}

// sparseBlocks loads capture c and returns its blocks as realBlocksBy
// groups them by the hour, their bases and keys, and their fixes.
func sparseBlocks(t *testing.T, c realCSV) (blocks [][]qfix, bases []int64, keys [][]byte, nf float64) {
	rows, _ := loadReal(t, c)
	blocks, bases = realBlocksBy(rows, hourMs, &keys)
	return blocks, bases, keys, float64(countFixes(blocks))
}

// sparseStore stores the fixes of rows alone (BytesPerFix's no-raw store)
// in a fresh store and compacts it.
func sparseStore(t *testing.T, rows []realRow) *Store {
	s := openT(t, t.TempDir(), Options{NoSync: true})
	storeRealFixes(t, s, rows)
	if err := s.Compact(); err != nil {
		t.Fatal(err)
	}
	return s
}

// kv is one Pebble record.
type kv struct{ k, v []byte }

// kvSpace writes kvs into a fresh Pebble with the store's options (bloom
// filters off when noFilter), compacts, and returns the sstable bytes.
func kvSpace(tb testing.TB, kvs []kv, noFilter bool) int64 {
	if noFilter {
		return kvSpaceFilter(tb, kvs, nil)
	}
	return kvSpaceFilter(tb, kvs, pebbleOptions(Options{}).Levels[0].FilterPolicy)
}

// kvSpaceFilter is kvSpace with filter policy fp (nil: none).
func kvSpaceFilter(tb testing.TB, kvs []kv, fp pebble.FilterPolicy) int64 {
	po := pebbleOptions(Options{NoSync: true})
	for i := range po.Levels {
		po.Levels[i].FilterPolicy = fp
	}
	db, err := pebble.Open(tb.TempDir(), po)
	if err != nil {
		tb.Fatal(err)
	}
	defer db.Close()
	pb := db.NewBatch()
	for _, e := range kvs {
		if err := pb.Set(e.k, e.v, nil); err != nil {
			tb.Fatal(err)
		}
	}
	if err := pb.Commit(nil); err != nil {
		tb.Fatal(err)
	}
	if err := db.Compact(context.Background(), []byte{0}, []byte{0xff}, true); err != nil {
		tb.Fatal(err)
	}
	return db.Metrics().Total().TablesSize
}

// sparseRecords returns the per-vessel records the store writes for
// blocks: fix keys (no values), vessel keys alone, vessel summaries as
// stored, as they would be with last-first for last, and grid keys.
func sparseRecords(blocks [][]qfix, keys [][]byte) (fixKeys, vKeys, vCur, vDelta, grid []kv) {
	recs := map[uint32]*vesselRec{}
	var order []uint32
	cells := map[gridEntry]bool{}
	for i, q := range blocks {
		fixKeys = append(fixKeys, kv{k: keys[i]})
		mmsi, _, _, _ := parseFixKey(keys[i])
		v := recs[mmsi]
		if v == nil {
			v = &vesselRec{first: q[0].t, last: q[0].t}
			recs[mmsi] = v
			order = append(order, mmsi)
		}
		v.first, v.last = min(v.first, q[0].t), max(v.last, q[len(q)-1].t)
		v.fixes += uint64(len(q))
		for j := range q {
			cells[gridEntry{hourCell(&q[j]), mmsi}] = true
		}
	}
	for _, m := range order {
		v := *recs[m]
		vKeys = append(vKeys, kv{k: vesselKey(m)})
		vCur = append(vCur, kv{vesselKey(m), encodeVessel(v)})
		b := binary.AppendVarint(nil, v.first)
		b = binary.AppendUvarint(b, uint64(v.last-v.first))
		vDelta = append(vDelta, kv{vesselKey(m), binary.AppendUvarint(b, v.fixes)})
	}
	for g := range cells {
		grid = append(grid, kv{k: gridKey(nil, uint32(g.hc>>16), uint16(g.hc), g.mmsi)})
	}
	return fixKeys, vKeys, vCur, vDelta, grid
}

// TestSparseRecords reports what each kind of per-vessel record costs on
// its own, with the store's bloom filters and without.
func TestSparseRecords(t *testing.T) {
	skipUnlessStats(t)
	for _, c := range []realCSV{noaaCSV, aucklandCSV} {
		blocks, _, keys, nf := sparseBlocks(t, c)
		fixKeys, vKeys, vCur, vDelta, grid := sparseRecords(blocks, keys)
		for _, e := range []struct {
			name string
			kvs  []kv
		}{{"fix keys", fixKeys}, {"vessel keys", vKeys}, {"vessel recs", vCur}, {"vessel last-first", vDelta}, {"grid", grid}} {
			with, without := kvSpace(t, e.kvs, false), kvSpace(t, e.kvs, true)
			if with <= without {
				t.Fatalf("%s: %d bytes with bloom filters, %d without", e.name, with, without)
			}
			n := float64(len(e.kvs))
			t.Logf("%.12s %-17s %6d records: %.3f B/fix = %.1f B/record; without filters %.3f B/fix = %.1f B/record",
				c.path[3:], e.name, len(e.kvs), float64(with)/nf, float64(with)/n, float64(without)/nf, float64(without)/n)
		}
	}
}

// colAlt codes column j of v3Columns (0 header, 1 time, 2 lat+lon, 3 sog,
// 4 cog, 5 heading, 6 status, 7 source, 8 line) another way; j < 0 keeps
// every column as block version 3 writes it.
type colAlt struct {
	name string
	j    int
	enc  func(q []qfix, base int64, v3 []byte) []byte
}

var sparseColAlts = []colAlt{
	{"v3", -1, nil},
	{"time: deltas", 1, timeDeltas},
	{"time: deltas when shorter", 1, func(q []qfix, base int64, v3 []byte) []byte { return shorter(timeDeltas(q, base, v3), v3) }},
	{"cog: deltas mod 360°", 4, cogWrapped},
	{"line: zz delta of deltas", 8, linesDoD},
	{"line: first, last, residuals from interpolation in time", 8, linesInterpolated},
	{"line: residuals from the previous line + 69 lines/s (NOAA's rate)", 8, linesRate69},
	{"line: residuals from the previous two lines' rate", 8, linesPrevRate},
}

func shorter(a, b []byte) []byte {
	if len(a) < len(b) {
		return a
	}
	return b
}

// timeDeltas codes times as deltas rather than delta-of-deltas.
func timeDeltas(q []qfix, base int64, _ []byte) []byte {
	div := int64(1)
	if planBlock(q)&f3Seconds != 0 {
		div = 1000
	}
	dst := binary.AppendUvarint(nil, uint64(q[0].t/div-base/div))
	for i := 1; i < len(q); i++ {
		dst = binary.AppendUvarint(dst, uint64(q[i].t/div-q[i-1].t/div))
	}
	return dst
}

// cogWrapped codes COG deltas between available values modulo a turn.
func cogWrapped(q []qfix, _ int64, v3 []byte) []byte {
	f := planBlock(q)
	if f&f3CogConst != 0 {
		return v3
	}
	turn := int64(3600)
	if f&f3CogWhole != 0 {
		turn = 360
	}
	var dst []byte
	var prev int64
	for i := range q {
		v := int64(q[i].cog)
		if f&f3CogWhole != 0 && v >= 0 {
			v /= 10
		}
		d := v - prev
		if i > 0 && v >= 0 && prev >= 0 {
			d = ((d+turn/2)%turn+turn)%turn - turn/2
		}
		dst = binary.AppendUvarint(dst, zig(d))
		prev = v
	}
	return dst
}

func linesDoD(q []qfix, _ int64, _ []byte) []byte {
	dst := binary.AppendUvarint(nil, uint64(q[0].line))
	var prev int64
	for i := 1; i < len(q); i++ {
		g := int64(q[i].line) - int64(q[i-1].line)
		dst = binary.AppendUvarint(dst, zig(g-prev))
		prev = g
	}
	return dst
}

func linesInterpolated(q []qfix, _ int64, _ []byte) []byte {
	n := len(q)
	dst := binary.AppendUvarint(nil, uint64(q[0].line))
	if n == 1 {
		return dst
	}
	l0, ln := int64(q[0].line), int64(q[n-1].line)
	t0, tn := q[0].t, q[n-1].t
	dst = binary.AppendUvarint(dst, zig(ln-l0))
	for i := 1; i < n-1; i++ {
		p := l0
		if tn > t0 {
			p += (ln - l0) * (q[i].t - t0) / (tn - t0)
		}
		dst = binary.AppendUvarint(dst, zig(int64(q[i].line)-p))
	}
	return dst
}

func linesRate69(q []qfix, _ int64, _ []byte) []byte {
	dst := binary.AppendUvarint(nil, uint64(q[0].line))
	for i := 1; i < len(q); i++ {
		p := int64(q[i-1].line) + (q[i].t-q[i-1].t)*69/1000
		dst = binary.AppendUvarint(dst, zig(int64(q[i].line)-p))
	}
	return dst
}

func linesPrevRate(q []qfix, _ int64, _ []byte) []byte {
	dst := binary.AppendUvarint(nil, uint64(q[0].line))
	for i := 1; i < len(q); i++ {
		p := int64(q[i-1].line)
		if i >= 2 && q[i-1].t > q[i-2].t {
			p += (int64(q[i-1].line) - int64(q[i-2].line)) * (q[i].t - q[i-1].t) / (q[i-1].t - q[i-2].t)
		}
		dst = binary.AppendUvarint(dst, zig(int64(q[i].line)-p))
	}
	return dst
}

// TestSparseColumns reports each alternative column coding's raw size and
// the fix blocks' cost with it (keys included).
func TestSparseColumns(t *testing.T) {
	skipUnlessStats(t)
	for _, c := range []realCSV{noaaCSV, aucklandCSV} {
		blocks, bases, keys, nf := sparseBlocks(t, c)
		_, v3 := blockSpace(t, keys, blocks, bases, encodeBlock)
		for _, a := range sparseColAlts {
			raw := 0
			_, tab := blockSpace(t, keys, blocks, bases, func(dst []byte, q []qfix, base int64) []byte {
				for j, col := range v3Columns(q, base) {
					if j == a.j {
						col = a.enc(q, base, col)
						raw += len(col)
					}
					dst = append(dst, col...)
				}
				return dst
			})
			if a.j < 0 && tab != v3 {
				t.Fatalf("v3 columns joined: %d bytes; encodeBlock: %d", tab, v3)
			}
			t.Logf("%.12s %-66s column %.3f B/fix raw; fix blocks %.3f B/fix", c.path[3:], a.name, float64(raw)/nf, float64(tab)/nf)
		}
	}
}

// TestSparsePebble reports the fix blocks' cost at other zstd levels and
// sstable block sizes than the store's (level 3, 32 KiB).
func TestSparsePebble(t *testing.T) {
	skipUnlessStats(t)
	for _, c := range []realCSV{noaaCSV, aucklandCSV} {
		blocks, bases, keys, nf := sparseBlocks(t, c)
		for _, lvl := range []uint8{3, 7, 19} {
			p := *sstable.ZstdCompression
			p.Name = "ZstdLevel"
			p.DataBlocks.Level, p.OtherBlocks.Level = lvl, lvl
			_, tab := blockSpaceWith(t, &p, keys, blocks, bases, encodeBlock)
			t.Logf("%.12s zstd level %2d: %.3f B/fix", c.path[3:], lvl, float64(tab)/nf)
		}
		for _, size := range []int{32 << 10, 64 << 10, 256 << 10} {
			po := pebbleOptions(Options{NoSync: true})
			for i := range po.Levels {
				po.Levels[i].BlockSize = size
			}
			dir := t.TempDir()
			db, err := pebble.Open(dir, po)
			if err != nil {
				t.Fatal(err)
			}
			_, tab := blockSpaceIn(t, &Store{dir: dir, db: db, po: po}, keys, blocks, bases, encodeBlock)
			db.Close()
			t.Logf("%.12s sstable blocks of %3d KiB: %.3f B/fix", c.path[3:], size>>10, float64(tab)/nf)
		}
	}
}

// logBucketBits estimates the bits an ideal order-0 entropy coder needs
// for vs, with the values' log2 classes as symbols and the bits within a
// class sent as they are.
func logBucketBits(vs []uint64) float64 {
	var h [65]int
	within := 0
	for _, v := range vs {
		b := bits.Len64(v)
		h[b]++
		within += max(b-1, 0)
	}
	e := 0.0
	for _, c := range h {
		if c > 0 {
			e -= float64(c) * math.Log2(float64(c)/float64(len(vs)))
		}
	}
	return e + float64(within)
}

// columnValues returns the values of v3 column j (flags and count for the
// header), first values apart from the rest (lat and lon each have one).
func columnValues(q []qfix, j int, col []byte) (first, rest []uint64) {
	if j == 0 {
		return []uint64{uint64(col[1]) | uint64(col[2])<<8, uint64(len(q))}, nil
	}
	var vs []uint64
	for len(col) > 0 {
		v, n := binary.Uvarint(col)
		vs, col = append(vs, v), col[n:]
	}
	if j == 2 && len(vs) == 2*len(q) {
		return []uint64{vs[0], vs[len(q)]}, append(vs[1:len(q):len(q)], vs[len(q)+1:]...)
	}
	return vs[:1], vs[1:]
}

// TestSparseEntropy reports, per v3 column, its raw size and the ideal
// order-0 estimate (logBucketBits over the whole capture) of its first
// values and of the rest: a bound that no per-block code reaches, since it
// needs no per-block parameters and knows the capture's statistics.
func TestSparseEntropy(t *testing.T) {
	skipUnlessStats(t)
	names := []string{"header", "time", "lat+lon", "sog", "cog", "heading", "status", "source", "line"}
	for _, c := range []realCSV{noaaCSV, aucklandCSV} {
		blocks, bases, _, nf := sparseBlocks(t, c)
		first := make([][]uint64, len(names))
		rest := make([][]uint64, len(names))
		raw := make([]int, len(names))
		for i, q := range blocks {
			for j, col := range v3Columns(q, bases[i]) {
				raw[j] += len(col)
				f, r := columnValues(q, j, col)
				first[j], rest[j] = append(first[j], f...), append(rest[j], r...)
			}
		}
		totRaw, tot := 0, 0.0
		for j, name := range names {
			f, r := logBucketBits(first[j])/8/nf, logBucketBits(rest[j])/8/nf
			totRaw, tot = totRaw+raw[j], tot+f+r
			t.Logf("%.12s %-8s %.3f B/fix raw; order-0 bound: first values %.3f + the rest %.3f", c.path[3:], name, float64(raw[j])/nf, f, r)
		}
		if tot >= float64(totRaw)/nf {
			t.Fatalf("bound %.3f B/fix is not below the raw %.3f", tot, float64(totRaw)/nf)
		}
		t.Logf("%.12s block values: %.3f B/fix raw; order-0 bound %.3f", c.path[3:], float64(totRaw)/nf, tot)
	}
}

// egBlockPacked is egBlock with the header and first values packed too:
// a version byte, 13 flag bits, the count in exp-Golomb order 3 (free),
// each column's first value in the fixed width its unit needs (time,
// lat/lon, SOG, COG, heading, status) or a 5-bit length and its bits
// (source, line), the rest of each column in exp-Golomb code of its best
// order with orderBits to say which.
func egBlockPacked(dst []byte, q []qfix, base int64, orderBits int) []byte {
	cols := v3Columns(q, base)
	flags := planBlock(q)
	nbits := 8 + 13 + egCostOrder([]uint64{uint64(len(q))}, 0)
	latBits := [4]int{28, 25, 21, 27}[flags>>f3PosShift&3]
	tBits := 22
	if flags&f3Seconds != 0 {
		tBits = 12
	}
	firstBits := []int{0, tBits, latBits, 11, 12, 9, 8, 0, 0}
	for j := 1; j < len(cols); j++ {
		first, rest := columnValues(q, j, cols[j])
		for k, v := range first {
			switch {
			case firstBits[j] == 0:
				nbits += 5 + bits.Len64(v)
			case j == 2 && k == 1: // longitude: one bit more than latitude
				nbits += firstBits[j] + 1
			default:
				nbits += firstBits[j]
			}
		}
		if j == 2 && len(first) == 2 {
			n := len(rest) / 2
			nbits += egCostOrder(rest[:n], orderBits) + egCostOrder(rest[n:], orderBits)
			continue
		}
		nbits += egCostOrder(rest, orderBits)
	}
	return append(dst, make([]byte, (nbits+7)/8)...)
}

// TestSparseBitPacked reports what bit-packed blocks would cost (keys as
// stored, values as if incompressible): egBlock, egBlockPacked, and
// egBlockPacked with the exp-Golomb orders free (a bound for orders that
// cost nothing, say fixed in the code).
func TestSparseBitPacked(t *testing.T) {
	skipUnlessStats(t)
	for _, c := range []realCSV{noaaCSV, aucklandCSV} {
		blocks, bases, keys, nf := sparseBlocks(t, c)
		_, none := blockSpace(t, keys, blocks, bases, func(dst []byte, q []qfix, base int64) []byte { return dst })
		_, v3 := blockSpace(t, keys, blocks, bases, encodeBlock)
		var eg, packed, free int
		for i, q := range blocks {
			eg += len(egBlock(nil, q, bases[i]))
			packed += len(egBlockPacked(nil, q, bases[i], 5))
			free += len(egBlockPacked(nil, q, bases[i], 0))
		}
		if free > packed {
			t.Fatalf("free orders %d bytes > paid orders %d", free, packed)
		}
		f := func(values int) float64 { return float64(none+int64(values)) / nf }
		t.Logf("%.12s fix blocks, B/fix: v3 %.3f; exp-Golomb values %.3f; + packed header and first values %.3f; + free orders %.3f",
			c.path[3:], float64(v3)/nf, f(eg), f(packed), f(free))
	}
}

// fixOnlyFilter is a what-if for store.go: bloom filters over fix keys
// only. Other keys stay out of the filter, and it may contain any of them.
type fixOnlyFilter struct{ bloom.FilterPolicy }

func (fixOnlyFilter) Name() string { return "lookout.FixKeyBloom" }

func (p fixOnlyFilter) MayContain(ft pebble.FilterType, f, key []byte) bool {
	return len(key) == 0 || key[0] != pFix || p.FilterPolicy.MayContain(ft, f, key)
}

func (p fixOnlyFilter) NewWriter(ft pebble.FilterType) pebble.FilterWriter {
	return fixOnlyWriter{p.FilterPolicy.NewWriter(ft)}
}

type fixOnlyWriter struct{ pebble.FilterWriter }

func (w fixOnlyWriter) AddKey(key []byte) {
	if len(key) > 0 && key[0] == pFix {
		w.FilterWriter.AddKey(key)
	}
}

// TestSparseFilters copies BytesPerFix's no-raw store into fresh Pebbles
// with the store's bloom filters, with filters over fix keys only, and
// without, and reports each one's sstable bytes.
func TestSparseFilters(t *testing.T) {
	skipUnlessStats(t)
	for _, c := range []realCSV{noaaCSV, aucklandCSV} {
		rows, _ := loadReal(t, c)
		s := sparseStore(t, rows)
		it, err := s.db.NewIter(nil)
		if err != nil {
			t.Fatal(err)
		}
		var kvs []kv
		for it.First(); it.Valid(); it.Next() {
			kvs = append(kvs, kv{append([]byte(nil), it.Key()...), append([]byte(nil), it.Value()...)})
		}
		if err := it.Close(); err != nil {
			t.Fatal(err)
		}
		stored := s.db.Metrics().Total().TablesSize
		vs, err := s.Vessels()
		if err != nil {
			t.Fatal(err)
		}
		s.Close()
		n := float64(sumFixes(vs))
		var sizes []float64
		for _, fp := range []pebble.FilterPolicy{bloom.FilterPolicy(10), fixOnlyFilter{10}, nil} {
			sizes = append(sizes, float64(kvSpaceFilter(t, kvs, fp))/n)
		}
		if sizes[2] >= sizes[0] {
			t.Fatalf("without filters %.3f B/fix, with %.3f", sizes[2], sizes[0])
		}
		t.Logf("%.12s no-raw store %.3f B/fix; copied: bloom on every key %.3f, on fix keys only %.3f, none %.3f",
			c.path[3:], float64(stored)/n, sizes[0], sizes[1], sizes[2])
	}
}

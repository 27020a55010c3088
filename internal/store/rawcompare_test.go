package store

import (
	"bytes"
	"slices"
	"testing"

	"github.com/lookout-osint/lookout/internal/track"
)

// TestCompareRawArchives compares the raw archives of two stores that
// ingested the same inputs, e.g. one written by an older build (inline
// blocks) and one by this one (blocks in raw files):
//
//	LOOKOUT_RAWCMP="OLD.db NEW.db" go test -run TestCompareRawArchives ./internal/store/
//
// Every source must have the same record, every block the same lines
// (whatever codec stored them: a store of schema 3 and one of schema 4
// compare equal), and every line must quote the same through RawLine; it
// counts the blocks whose stored bytes are the same too. Without the
// variable it skips.
func TestCompareRawArchives(t *testing.T) {
	dirs, a, b := envStorePair(t, "LOOKOUT_RAWCMP", "by their raw archives")
	sa, err := a.Sources()
	if err != nil {
		t.Fatal(err)
	}
	sb, err := b.Sources()
	if err != nil {
		t.Fatal(err)
	}
	if len(sa) != len(sb) {
		t.Fatalf("%d sources vs %d", len(sa), len(sb))
	}
	var pointers, same, lines int
	for i := range sa {
		if sa[i] != sb[i] {
			t.Fatalf("source %d: %+v vs %+v", i, sa[i], sb[i])
		}
		p, sm, n := compareRawSource(t, a, b, sa[i])
		pointers += p
		same += sm
		lines += n
	}
	t.Logf("%d sources, %d lines quoted identically; %d blocks of %s are raw-file pointers; %d blocks' stored bytes identical",
		len(sa), lines, pointers, dirs[1], same)
}

// compareRawSource compares source si's blocks and lines in a and b. It
// returns how many of b's blocks are pointers, how many blocks have the
// same stored bytes (a pointer's target counted) and how many lines it
// read.
func compareRawSource(t *testing.T, a, b *Store, si SourceInfo) (pointers, same, lines int) {
	t.Helper()
	for first := uint32(1); first <= si.Lines; first += rawBlockLines {
		k := rawKey(si.ID, first)
		if v, err := b.get(k); err == nil && isRawPointer(v) {
			pointers++
		}
		va, err := a.getRaw(k)
		if err != nil {
			t.Fatalf("%s block %d:%d: %v", a.dir, si.ID, first, err)
		}
		vb, err := b.getRaw(k)
		if err != nil {
			t.Fatalf("%s block %d:%d: %v", b.dir, si.ID, first, err)
		}
		if bytes.Equal(va, vb) {
			same++
		}
		la, err := decodeRaw(va)
		if err != nil {
			t.Fatal(err)
		}
		lb, err := decodeRaw(vb)
		if err != nil || !slices.EqualFunc(la, lb, bytes.Equal) {
			t.Fatalf("block %d:%d differs (%d vs %d lines, %v)", si.ID, first, len(la), len(lb), err)
		}
	}
	for line := uint32(1); line <= si.Lines; line++ {
		ref := track.SourceRef{Source: si.ID, Line: line}
		la, ea := a.RawLine(ref)
		lb, eb := b.RawLine(ref)
		if ea != nil || eb != nil || la != lb {
			t.Fatalf("line %d:%d: %q, %v vs %q, %v", si.ID, line, la, ea, lb, eb)
		}
		lines++
	}
	return pointers, same, lines
}

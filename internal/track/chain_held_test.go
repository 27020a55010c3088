package track

import "testing"

// TestHeldSlotIsWhereInsertPuts checks heldSlot, PrefetchAhead's guess of
// the ring slot a push will store its fix in, against where insert does
// store it: for a vessel's in-order fixes, from its first ring through
// growth, the slot returned before each push holds that fix after it
// (found by its line number); a full ring (insert will grow it), a record
// of another MMSI and no record give nil.
func TestHeldSlotIsWhereInsertPuts(t *testing.T) {
	c, err := NewChain(DefaultReorderWindowMs, DefaultDedupeWindowMs, DefaultSegmenterConfig())
	if err != nil {
		t.Fatal(err)
	}
	const mmsi = 211000001
	first := Fix{MMSI: mmsi, Time: t0, Lat: 54, Lon: 10, SOG: 3, COG: 90, Src: SourceRef{Source: 1, Line: 1}}
	c.Push(nil, &first)
	_, e := c.probe(mmsi)
	rec := aheadRec{mmsi: mmsi, idx: uint32(e)}
	if c.heldSlot(aheadRec{mmsi: mmsi + 1, idx: uint32(e)}, mmsi) != nil || c.heldSlot(aheadRec{}, mmsi) != nil {
		t.Fatal("a slot for another MMSI's record, or for none")
	}
	b := &c.rec(uint32(e) - 1).r
	guessed, full := 0, 0
	for i := 1; i < 40; i++ { // 10 s apart: all held (the window is 10 min)
		f := first
		f.Time += int64(i) * 10000
		f.Src.Line = uint32(i + 1)
		slot := c.heldSlot(rec, mmsi)
		if int(b.n) == len(b.ring) {
			if slot != nil {
				t.Fatalf("fix %d: a slot %p in a full ring of %d", i, slot, len(b.ring))
			}
			full++
		} else {
			guessed++
		}
		c.Push(nil, &f)
		if slot != nil {
			if held := (*heldFix)(slot); held.Src.Line != f.Src.Line {
				t.Fatalf("fix %d (line %d): guessed slot holds line %d", i, f.Src.Line, held.Src.Line)
			}
		}
		if got := b.at(int(b.n) - 1); got.Src.Line != f.Src.Line {
			t.Fatalf("fix %d not the newest held: %+v", i, *got)
		}
	}
	if guessed == 0 || full == 0 {
		t.Errorf("%d slots guessed, %d full rings: both cases should come up", guessed, full)
	}
}

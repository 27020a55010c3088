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

// TestPrefetchAheadWarmsReleases checks PrefetchAhead's part of Push's
// warm: over vessels reporting in turn (so that no other push of a vessel
// comes between the look-ahead and its push), a push is marked warmed
// exactly when it releases a fix, which it does once a vessel has held
// fixes for the reorder window; and decisions are those of plain pushes.
func TestPrefetchAheadWarmsReleases(t *testing.T) {
	const vessels, rounds = 7, 40
	var fixes []Fix
	for r := range rounds {
		for v := range vessels {
			fixes = append(fixes, Fix{MMSI: 219000000 + uint32(v), Time: t0 + int64(r)*minute,
				Lat: 55 + float64(r)/600, Lon: 12 + float64(v)/10, SOG: 10, COG: 0, Class: ClassA,
				Src: SourceRef{Source: 1, Line: uint32(len(fixes) + 1)}})
		}
	}
	ahead, _ := NewChain(DefaultReorderWindowMs, DefaultDedupeWindowMs, DefaultSegmenterConfig())
	plain, _ := NewChain(DefaultReorderWindowMs, DefaultDedupeWindowMs, DefaultSegmenterConfig())
	var got, want []Assigned
	warmed, released := 0, 0
	for i := range fixes {
		ahead.PrefetchAhead(fixes, i)
		marked := ahead.next.idx != 0 && ahead.next.mmsi == fixes[i].MMSI && ahead.next.warm
		held := ahead.Held()
		got = ahead.Push(got, &fixes[i])
		want = plain.Push(want, &fixes[i])
		releases := ahead.Held() <= held        // one fix more held, unless some left
		if i >= vessels && marked != releases { // the first round has no records to look ahead with
			t.Fatalf("fix %d: marked warmed %v, releases %v", i, marked, releases)
		}
		if marked {
			warmed++
		}
		if releases {
			released++
		}
	}
	if warmed == 0 || released == 0 || released == len(fixes) {
		t.Errorf("%d pushes warmed, %d released of %d: the test should see both kinds", warmed, released, len(fixes))
	}
	if len(got) != len(want) {
		t.Fatalf("%d decisions with PrefetchAhead, %d without", len(got), len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("decision %d: %+v, without PrefetchAhead %+v", i, got[i], want[i])
		}
	}
}

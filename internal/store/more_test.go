package store

import (
	"encoding/binary"
	"errors"
	"math"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/cockroachdb/pebble/v2"
	"github.com/cockroachdb/pebble/v2/vfs"

	"github.com/lookout-osint/lookout/internal/detect"
	"github.com/lookout-osint/lookout/internal/geo"
	"github.com/lookout-osint/lookout/internal/track"
)

func TestIdempotentDoubleWrite(t *testing.T) {
	once := openT(t, t.TempDir(), Options{NoSync: true})
	writeSim(t, once, "a", 4, 1000, 1500)
	twice := openT(t, t.TempDir(), Options{NoSync: true})
	writeSim(t, twice, "a", 4, 1000, 1500)
	var added int
	b := NewBatch()
	for i := range 1000 { // the same fixes again, other batch boundaries, no resume
		for v := range 4 {
			f := simFix(v, i, 1, 4)
			if err := b.AddFix(uint64(i/500), &f); err != nil {
				t.Fatal(err)
			}
		}
		if i%333 == 0 || i == 999 {
			st, err := twice.Commit(b)
			if err != nil {
				t.Fatal(err)
			}
			added += st.Fixes + st.Blocks
		}
	}
	writeSimHook(t, twice, "a", 4, 1000, 999, false, nil)
	if added != 0 {
		t.Fatalf("second write stored %d new fixes/blocks; want 0", added)
	}
	compareDumps(t, dumpStore(t, once), dumpStore(t, twice))
}

func TestDuplicateKeepsSmallestRef(t *testing.T) {
	s := openT(t, t.TempDir(), Options{NoSync: true})
	f := simFix(0, 0, 9, 1)
	g := f
	g.Src = track.SourceRef{Source: 3, Line: 50}
	for _, x := range []track.Fix{f, g, f} {
		b := NewBatch()
		if err := b.AddFix(0, &x); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Commit(b); err != nil {
			t.Fatal(err)
		}
	}
	got, err := s.Track(f.MMSI, 0, MaxTime)
	if err != nil || len(got) != 1 || got[0].Src != g.Src {
		t.Fatalf("got %+v, %v; want one fix with src %+v", got, err, g.Src)
	}
	vs, _ := s.Vessels()
	if len(vs) != 1 || vs[0].Fixes != 1 {
		t.Fatalf("vessels %+v; want one vessel with 1 fix", vs)
	}
}

func TestInvalidFixRefused(t *testing.T) {
	b := NewBatch()
	for _, f := range []track.Fix{{Lat: 91, Lon: 181}, {Lat: math.NaN()}, {Time: -1}} {
		if err := b.AddFix(0, &f); !errors.Is(err, ErrInvalidFix) {
			t.Errorf("%+v: got %v; want ErrInvalidFix", f, err)
		}
	}
	if b.Len() != 0 {
		t.Fatalf("batch has %d entries; want 0", b.Len())
	}
}

func TestRawLinesAndSources(t *testing.T) {
	s := openT(t, t.TempDir(), Options{NoSync: true})
	writeSim(t, s, "a", 3, 3000, 2500) // 9000 lines: 2 full blocks + a partial
	si, err := s.SourceInfo(1)
	if err != nil || si.Lines != 9000 || si.Progress != 9000 || !si.Done || si.Name != "a" || si.Hash != simHash("a") {
		t.Fatalf("source: %+v, %v", si, err)
	}
	id, done, err := s.SourceDone(simHash("a"))
	if id != 1 || !done || err != nil {
		t.Fatalf("SourceDone: %d %v %v", id, done, err)
	}
	if _, done, _ := s.SourceDone(simHash("b")); done {
		t.Fatal("unknown hash reported done")
	}
	refs := []track.SourceRef{{Source: 1, Line: 1}, {Source: 1, Line: 4096}, {Source: 1, Line: 4097}, {Source: 1, Line: 9000}}
	lines, err := s.RawLines(refs)
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range refs {
		if lines[i] != string(simLine(r.Line)) {
			t.Errorf("line %d: got %q", r.Line, lines[i])
		}
	}
	for _, r := range []track.SourceRef{{Source: 1, Line: 9001}, {Source: 2, Line: 1}, {Source: 1, Line: 0}} {
		if _, err := s.RawLine(r); !errors.Is(err, ErrNotFound) {
			t.Errorf("%+v: got %v; want ErrNotFound", r, err)
		}
	}
}

func TestRawGap(t *testing.T) {
	s := openT(t, t.TempDir(), Options{NoSync: true})
	si, _ := s.RegisterSource(simHash("g"), "g", 1)
	b := NewBatch()
	b.AddRaw(si.ID, 1, []byte("one"))
	b.AddRaw(si.ID, 3, []byte("three"))
	if _, err := s.Commit(b); !errors.Is(err, ErrRawGap) {
		t.Fatalf("got %v; want ErrRawGap", err)
	}
	if l, err := s.RawLine(track.SourceRef{Source: si.ID, Line: 1}); !errors.Is(err, ErrNotFound) {
		t.Fatalf("failed commit left line 1 = %q, %v", l, err)
	}
	b.Reset()
	b.AddRaw(si.ID, 1, []byte("one"))
	if _, err := s.Commit(b); err != nil {
		t.Fatal(err)
	}
}

func TestNewerSchema(t *testing.T) {
	dir := t.TempDir()
	s := openT(t, dir, Options{})
	if err := s.db.Set(metaKey("schema"), binary.BigEndian.AppendUint32(nil, SchemaVersion+1), nil); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if _, err := Open(dir, Options{}); !errors.Is(err, ErrNewerSchema) {
		t.Fatalf("schema key: got %v; want ErrNewerSchema", err)
	}
	dir2 := t.TempDir()
	os.WriteFile(filepath.Join(dir2, markerFile), []byte(markerPrefix+"99\n"), 0o644)
	if _, err := Open(dir2, Options{ReadOnly: true}); !errors.Is(err, ErrNewerSchema) {
		t.Fatalf("marker: got %v; want ErrNewerSchema", err)
	}
}

func TestReaderWhileWriting(t *testing.T) {
	dir := t.TempDir()
	w := openT(t, dir, Options{})
	writeSim(t, w, "a", 2, 500, 400)
	r := openT(t, dir, Options{ReadOnly: true})
	got, err := r.Track(211000000, 0, MaxTime)
	if err != nil || len(got) != 500 {
		t.Fatalf("reader: %d fixes, %v; want 500", len(got), err)
	}
	writeSim(t, w, "b", 3, 500, 400) // the writer goes on
	if _, err := r.Commit(NewBatch()); !errors.Is(err, ErrReadOnly) {
		t.Fatalf("reader commit: got %v; want ErrReadOnly", err)
	}
	r2 := openT(t, dir, Options{ReadOnly: true})
	vs, err := r2.Vessels()
	if err != nil || len(vs) != 3 {
		t.Fatalf("new reader sees %d vessels, %v; want 3", len(vs), err)
	}
	if got, _ := r.Track(211000000, 0, MaxTime); len(got) != 500 {
		t.Fatalf("old reader: %d fixes after writer went on; want 500", len(got))
	}
}

func TestSegmentsAndForEach(t *testing.T) {
	s := openT(t, t.TempDir(), Options{NoSync: true})
	writeSim(t, s, "a", 3, 1200, 1000)
	segs, err := s.TrackSegments(211000001, 0, MaxTime)
	if err != nil || len(segs) != 3 || len(segs[0].Fixes) != 500 || segs[2].ID != 2 || len(segs[2].Fixes) != 200 {
		t.Fatalf("segments: %d, %v", len(segs), err)
	}
	from := simFix(0, 100, 1, 3).Time
	to := simFix(0, 200, 1, 3).Time
	part, _ := s.Track(211000000, from, to)
	if len(part) != 100 || part[0].Time != from {
		t.Fatalf("range: %d fixes; want 100 starting at %d", len(part), from)
	}
	n, vessels := 0, 0
	err = s.ForEachVessel(0, MaxTime, func(vt *VesselTrack) error {
		vessels++
		n += len(vt.Fixes)
		for i := 1; i < len(vt.Fixes); i++ {
			if vt.Fixes[i].Time < vt.Fixes[i-1].Time || vt.Segments[i] != uint64(i/500) {
				t.Fatalf("vessel %d fix %d: out of order or wrong segment", vt.MMSI, i)
			}
		}
		return nil
	})
	if err != nil || vessels != 3 || n != 3600 {
		t.Fatalf("ForEachVessel: %d vessels, %d fixes, %v", vessels, n, err)
	}
}

func TestFixesInBBox(t *testing.T) {
	s := openT(t, t.TempDir(), Options{NoSync: true})
	writeSim(t, s, "a", 5, 3000, 5000)
	box := geo.BBox{MinLat: 54.015, MinLon: 10.1, MaxLat: 54.2, MaxLon: 10.3}
	from, to := simFix(0, 0, 1, 5).Time, simFix(0, 2000, 1, 5).Time
	got, err := s.FixesInBBox(box, from, to)
	if err != nil {
		t.Fatal(err)
	}
	want := 0 // computed independently by brute force
	for v := range 5 {
		for i := range 3000 {
			f := Quantize(simFix(v, i, 1, 5))
			if f.Time >= from && f.Time < to && box.Contains(f.Point()) {
				want++
			}
		}
	}
	if len(got) != want || want == 0 {
		t.Fatalf("bbox: got %d fixes; want %d", len(got), want)
	}
	cross := geo.BBox{MinLat: 0, MinLon: 170, MaxLat: 80, MaxLon: 11} // crosses the antimeridian
	if all, _ := s.FixesInBBox(cross, 0, MaxTime); len(all) != 15000 {
		t.Fatalf("antimeridian box: %d fixes; want 15000", len(all))
	}
}

func TestEvents(t *testing.T) {
	s := openT(t, t.TempDir(), Options{NoSync: true})
	ev := func(id, typ string, mmsi uint32, start int64) detect.Event {
		return detect.Event{ID: id, Type: typ, MMSI: mmsi, Start: start, End: start + 10,
			Attrs: map[string]any{"k": 1.5}, Evidence: []track.SourceRef{{Source: 1, Line: 7}}}
	}
	if err := s.PutEvents(0, 100, []detect.Event{ev("a", detect.TypeGap, 1, 10), ev("b", detect.TypeEncounter, 2, 50), ev("c", detect.TypeGap, 2, 150)}); err != nil {
		t.Fatal(err)
	}
	if err := s.PutEvents(40, 100, []detect.Event{ev("d", detect.TypeLoitering, 1, 60)}); err != nil {
		t.Fatal(err)
	}
	all, err := s.Events(EventFilter{})
	if err != nil || len(all) != 3 || all[0].ID != "a" || all[1].ID != "d" || all[2].ID != "c" {
		t.Fatalf("after replace: %+v, %v", all, err)
	}
	if all[0].Evidence[0] != (track.SourceRef{Source: 1, Line: 7}) || all[0].Attrs["k"] != 1.5 {
		t.Fatalf("evidence/attrs lost: %+v", all[0])
	}
	for _, tc := range []struct {
		f    EventFilter
		want int
	}{
		{EventFilter{Types: []string{detect.TypeGap}}, 2},
		{EventFilter{MMSI: 2}, 1},
		{EventFilter{From: 65, To: 151}, 2}, // d (60..70) and c (150..160)
		{EventFilter{From: 71, To: 151}, 1},
		{EventFilter{From: 0, To: 60}, 1},
	} {
		got, _ := s.Events(tc.f)
		if len(got) != tc.want {
			t.Errorf("%+v: got %d events; want %d", tc.f, len(got), tc.want)
		}
	}
}

func TestIdentityHistory(t *testing.T) {
	h := []track.Identity(nil)
	a := track.Identity{MMSI: 1, Name: "A", From: 0, To: 10}
	b := track.Identity{MMSI: 1, Name: "B", From: 20, To: 30}
	for _, r := range []track.Identity{a, {MMSI: 1, Name: "A", From: 5, To: 15}, b, a, {MMSI: 1, Name: "A", From: 40, To: 40}} {
		h = mergeIdentity(h, r)
	}
	if len(h) != 3 || h[0].To != 15 || h[1].Name != "B" || h[2].From != 40 {
		t.Fatalf("history: %+v", h)
	}
	got, err := decodeIdentities(1, encodeIdentities(h))
	if err != nil || len(got) != 3 || got[2] != h[2] {
		t.Fatalf("round trip: %+v, %v", got, err)
	}
}

// TestReadersDuringFlushes opens, queries and closes read-only handles over
// and over while a writer commits with a tiny memtable, so that flushes and
// compactions delete files under the readers.
func TestReadersDuringFlushes(t *testing.T) {
	dir := t.TempDir()
	w := openT(t, dir, Options{memTable: 256 << 10})
	writeSim(t, w, "first", 3, 200, 100)
	done := make(chan error, 1)
	go func() {
		defer close(done)
		b := NewBatch()
		for i := range 200 {
			for v := range 50 {
				f := simFix(v, i, 1, 50)
				f.MMSI += 1000
				if err := b.AddFix(0, &f); err != nil {
					done <- err
					return
				}
			}
			if _, err := w.Commit(b); err != nil {
				done <- err
				return
			}
		}
	}()
	reads := 0
	for running := true; running || reads < 5; reads++ {
		select {
		case err := <-done:
			if err != nil {
				t.Fatal(err)
			}
			running = false
		default:
		}
		r, err := Open(dir, Options{ReadOnly: true})
		if err != nil {
			t.Fatalf("read-only open %d during writes: %v", reads, err)
		}
		vs, err := r.Vessels()
		if err != nil || len(vs) < 3 {
			t.Fatalf("read %d: %d vessels, %v", reads, len(vs), err)
		}
		if _, err := r.Track(vs[len(vs)-1].MMSI, 0, MaxTime); err != nil {
			t.Fatalf("read %d: track: %v", reads, err)
		}
		r.Close()
	}
	t.Logf("%d read-only opens during the writes", reads)
}

func TestDelayFSRemovesAfterGrace(t *testing.T) {
	dir := t.TempDir()
	now := time.Unix(1000, 0)
	d := newDelayFS(vfs.Default)
	d.now = func() time.Time { return now }
	for _, n := range []string{"a.sst", "b.log", "c.sst", "OPTIONS-1"} {
		if err := os.WriteFile(filepath.Join(dir, n), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	exists := func(n string) bool { _, err := os.Stat(filepath.Join(dir, n)); return err == nil }
	d.Remove(filepath.Join(dir, "a.sst"))
	d.Remove(filepath.Join(dir, "OPTIONS-1"))
	if !exists("a.sst") || exists("OPTIONS-1") {
		t.Fatal("table removed at once, or other file kept")
	}
	now = now.Add(readerGrace + time.Second)
	d.Remove(filepath.Join(dir, "b.log"))
	if exists("a.sst") || !exists("b.log") {
		t.Fatal("grace period not applied")
	}
	d.Remove(filepath.Join(dir, "c.sst"))
	if err := d.removeAll(); err != nil || exists("b.log") || exists("c.sst") {
		t.Fatalf("removeAll: %v", err)
	}
}

// TestSchemaUpgrade: a version 1 store opens read-only as it is, and is
// marked SchemaVersion (key and marker file) when opened for writing.
func TestSchemaUpgrade(t *testing.T) {
	dir := t.TempDir()
	s := openT(t, dir, Options{})
	if err := s.db.Set(metaKey("schema"), binary.BigEndian.AppendUint32(nil, 1), pebble.Sync); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if err := os.WriteFile(filepath.Join(dir, markerFile), []byte(markerPrefix+"1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	schema := func() (key uint32, marker int) {
		t.Helper()
		r := openT(t, dir, Options{ReadOnly: true})
		defer r.Close()
		v, err := r.get(metaKey("schema"))
		if err != nil || len(v) != 4 {
			t.Fatalf("schema key %x, %v", v, err)
		}
		m, err := readMarker(dir)
		if err != nil {
			t.Fatal(err)
		}
		return binary.BigEndian.Uint32(v), m
	}
	if k, m := schema(); k != 1 || m != 1 {
		t.Fatalf("read-only open changed the schema: key %d, marker %d", k, m)
	}
	openT(t, dir, Options{}).Close()
	if k, m := schema(); k != SchemaVersion || m != SchemaVersion {
		t.Fatalf("after a writable open: key %d, marker %d; want %d", k, m, SchemaVersion)
	}
}

package store

import "testing"

// TestCloseFlushesMemtable checks that a writer's Close leaves nothing that
// only the write-ahead log holds: a read-only open after it replays no
// log into a memtable, yet sees every fix. Without the flush on Close the
// replayed memtable holds the whole simulated ingest.
func TestCloseFlushesMemtable(t *testing.T) {
	dir := t.TempDir()
	s := openT(t, dir, Options{NoSync: true})
	writeSim(t, s, "close-flush", 40, 4000, 500)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	r := openT(t, dir, Options{ReadOnly: true})
	defer r.Close()
	m := r.db.Metrics()
	// An empty memtable still reserves its arena; the simulated ingest
	// alone is far larger than this bound (over 1 MB in the log).
	const bound = 256 << 10
	if used := m.MemTable.Size; used > bound {
		t.Errorf("read-only open after Close holds %d B of memtables (want <= %d): the log was replayed", used, bound)
	}
	vs, err := r.Vessels()
	if err != nil {
		t.Fatal(err)
	}
	if n := sumFixes(vs); n != 40*4000 {
		t.Errorf("read-only open after Close: %d fixes, want %d", n, 40*4000)
	}
}

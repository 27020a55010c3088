package store

import (
	"errors"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"

	"github.com/cockroachdb/pebble/v2/vfs"
	"github.com/cockroachdb/pebble/v2/vfs/errorfs"
	"github.com/lookout-osint/lookout/internal/track"
)

// TestDiskFullOnCommit makes every write to the WAL fail with ENOSPC (a
// full disk) and checks that Commit returns the error, and that the store
// reopens with every earlier commit intact and nothing of the failed one.
func TestDiskFullOnCommit(t *testing.T) {
	dir := t.TempDir()
	fs, full, _ := fullDiskFS(".log")
	s, err := Open(dir, Options{fs: fs})
	if err != nil {
		t.Fatal(err)
	}
	writeSim(t, s, "a", 2, 100, 1000)
	full.Store(true)
	b := NewBatch()
	f := simFix(5, 0, 1, 1)
	if err := b.AddFix(0, &f); err != nil {
		t.Fatal(err)
	}
	_, err = s.Commit(b)
	if !errors.Is(err, syscall.ENOSPC) {
		t.Fatalf("commit on a full disk: got %v; want ENOSPC", err)
	}
	t.Logf("commit error: %v", err)
	if _, err := s.Commit(NewBatch()); err == nil {
		t.Fatal("commit after a fatal error succeeded; want an error until reopened")
	}
	s.Close() // may report the same error; the files stay as they were
	full.Store(false)
	r := openT(t, dir, Options{})
	vs, err := r.Vessels()
	if err != nil || len(vs) != 2 || vs[0].Fixes != 100 {
		t.Fatalf("after reopen: %+v, %v; want the 2 committed vessels", vs, err)
	}
	if got, _ := r.Track(f.MMSI, 0, MaxTime); len(got) != 0 {
		t.Fatalf("failed commit left %d fixes", len(got))
	}
	if l, err := r.RawLine(track.SourceRef{Source: 1, Line: 200}); err != nil || l != string(simLine(200)) {
		t.Fatalf("raw line 200: %q, %v", l, err)
	}
}

// fullDiskFS returns a file system on which, once full is set, every
// write to a file whose path contains part (".log", ".sst", a directory)
// fails with ENOSPC (a full disk), counting them in failed.
func fullDiskFS(part string) (fs vfs.FS, full *atomic.Bool, failed *atomic.Int64) {
	full, failed = new(atomic.Bool), new(atomic.Int64)
	inj := errorfs.InjectorFunc(func(op errorfs.Op) error {
		if full.Load() && op.Kind.ReadOrWrite() == errorfs.OpIsWrite && strings.Contains(op.Path, part) {
			failed.Add(1)
			return syscall.ENOSPC
		}
		return nil
	})
	return errorfs.Wrap(vfs.Default, inj), full, failed
}

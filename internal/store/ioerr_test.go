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
	var full atomic.Bool
	inj := errorfs.InjectorFunc(func(op errorfs.Op) error {
		if full.Load() && op.Kind.ReadOrWrite() == errorfs.OpIsWrite && strings.HasSuffix(op.Path, ".log") {
			return syscall.ENOSPC
		}
		return nil
	})
	s, err := Open(dir, Options{fs: errorfs.Wrap(vfs.Default, inj)})
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

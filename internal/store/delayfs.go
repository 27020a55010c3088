package store

import (
	"errors"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/cockroachdb/pebble/v2/vfs"
)

// readerGrace is how long the writer keeps a table or WAL file that Pebble
// no longer needs, so that read-only handles opened before it became
// obsolete (which open tables lazily) can still read it.
const readerGrace = 2 * time.Minute

// delayFS is the writer's file system: it defers the removal of obsolete
// .sst and .log files by readerGrace. Files still pending when the writer
// closes are removed then, so the disk is not left holding them.
type delayFS struct {
	vfs.FS
	mu      sync.Mutex
	pending []pendingRemoval
	now     func() time.Time
}

type pendingRemoval struct {
	name string
	at   time.Time
}

func newDelayFS(fs vfs.FS) *delayFS { return &delayFS{FS: fs, now: time.Now} }

// Remove defers the removal of tables and WALs; other files go at once.
func (d *delayFS) Remove(name string) error {
	if !strings.HasSuffix(name, ".sst") && !strings.HasSuffix(name, ".log") {
		return d.FS.Remove(name)
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	d.pending = append(d.pending, pendingRemoval{name: name, at: d.now()})
	return d.flushLocked(d.now().Add(-readerGrace))
}

// flushLocked removes the pending files queued before cutoff.
func (d *delayFS) flushLocked(cutoff time.Time) error {
	var first error
	i := 0
	for ; i < len(d.pending) && !d.pending[i].at.After(cutoff); i++ {
		if err := d.FS.Remove(d.pending[i].name); err != nil && first == nil && !isNotExist(err) {
			first = err
		}
	}
	d.pending = d.pending[i:]
	return first
}

// removeAll removes every pending file (at Close).
func (d *delayFS) removeAll() error {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.flushLocked(d.now().Add(time.Hour))
}

func isNotExist(err error) bool { return errors.Is(err, os.ErrNotExist) }

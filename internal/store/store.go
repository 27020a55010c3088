package store

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/cockroachdb/pebble/v2"
	"github.com/cockroachdb/pebble/v2/bloom"
	"github.com/cockroachdb/pebble/v2/sstable"
	"github.com/cockroachdb/pebble/v2/vfs"
)

// SchemaVersion is the layout version this package writes (doc.go).
// Version 2 added fix block format v3 and S2 raw blocks; version 3 moved
// full raw blocks into append-only files under raw/, with pointers in
// Pebble (rawfile.go); version 4 writes raw blocks as '\n'-terminated
// lines compressed in pieces (codec byte 0x04, raw.go); version 5 keeps
// long identity histories as a head and frozen chunks (identity.go). This
// package still reads version 1 to 4 stores and upgrades them when opened
// for writing,
// so that a Lookout that reads only an older version refuses them with
// ErrNewerSchema instead of failing on values it cannot decode.
const SchemaVersion = 5

// markerFile names the file that says a directory is a Lookout store.
const markerFile = "LOOKOUT"

const markerPrefix = "lookout store schema "

// Options configure Open. The zero value opens for writing with fsync on
// every commit.
type Options struct {
	// ReadOnly opens without the writer lock, so that it works while another
	// process writes; the store shows what was committed when it was opened.
	ReadOnly bool
	// NoSync skips the fsync on commit: faster, and a crash may then lose the
	// last batches (never corrupt the store, except that after a machine
	// crash, not a process kill, quoting raw lines of the last full blocks
	// may fail with ErrCorrupt), and read-only opens by other handles may
	// not see the last commits yet. For benchmarks and scratch stores.
	NoSync bool
	// CacheBytes is the block cache size; 0 means 64 MiB.
	CacheBytes int64

	fs       vfs.FS // tests inject I/O errors through it; nil means the OS
	memTable uint64 // tests shrink it to force flushes; 0 means 64 MiB
}

// Store is an open store. Reads are safe from many goroutines; Commit and
// the other writes must come from one goroutine at a time (they serialise).
type Store struct {
	dir  string
	opts Options
	db   *pebble.DB
	po   *pebble.Options
	lock *pebble.Lock

	wmu    sync.Mutex // serialises writers
	tails  map[uint32]*rawTail
	bw     blockWork     // commit scratch, reused
	pb     *pebble.Batch // the writer's batch, reused (commit.go)
	cache  blockCache
	vcache vesselCache
	icache identityCache

	rawCache rawBlockCache
	raw      rawFiles // full raw blocks' files (rawfile.go)
	broken   error    // a fatal write error happened; only Close works
	closed   bool
	bgErr    chan error // a background (flush, compaction) error not yet seen
}

// Open opens the store in dir, creating it when dir is absent or empty
// (unless read-only). See the package errors for what can go wrong.
func Open(dir string, opts Options) (*Store, error) {
	if err := checkDir(dir, opts.ReadOnly); err != nil {
		return nil, err
	}
	po := pebbleOptions(opts)
	s := &Store{dir: dir, opts: opts, po: po, tails: map[uint32]*rawTail{}, bgErr: make(chan error, 1)}
	po.EventListener = &pebble.EventListener{BackgroundError: s.backgroundError}
	if !opts.ReadOnly {
		l, err := pebble.LockDirectory(dir, vfs.Default)
		if err != nil {
			return nil, lockError(dir, err)
		}
		s.lock, po.Lock = l, l
	}
	db, err := openPebble(dir, po)
	if err != nil {
		s.releaseLock()
		return nil, fmt.Errorf("open store %s: %w", dir, err)
	}
	s.db = db
	if err := s.checkSchema(); err != nil {
		s.Close()
		return nil, err
	}
	if !opts.ReadOnly {
		if err := s.trimRawFiles(); err != nil {
			s.Close()
			return nil, err
		}
	}
	return s, nil
}

// openPebble opens Pebble. A read-only open races with the writer (a WAL
// being appended or recycled, a table just compacted away), so it retries a
// few times.
func openPebble(dir string, po *pebble.Options) (*pebble.DB, error) {
	for attempt := 0; ; attempt++ {
		db, err := pebble.Open(dir, po)
		if err == nil || !po.ReadOnly || attempt == 4 {
			return db, err
		}
		time.Sleep(time.Duration(attempt+1) * 20 * time.Millisecond)
	}
}

// lockError maps a failure to take Pebble's lock to ErrLocked.
func lockError(dir string, err error) error {
	if errors.Is(err, syscall.EAGAIN) || errors.Is(err, syscall.EACCES) ||
		strings.Contains(err.Error(), "lock held by current process") {
		return fmt.Errorf("open store %s: %w", dir, ErrLocked)
	}
	return fmt.Errorf("open store %s: lock: %w", dir, err)
}

// checkDir makes sure dir is a store (or creates one) before Pebble touches it.
func checkDir(dir string, readOnly bool) error {
	v, err := readMarker(dir)
	switch {
	case err == nil:
		if v > SchemaVersion {
			return fmt.Errorf("open store %s (schema %d, this lookout reads <= %d): %w", dir, v, SchemaVersion, ErrNewerSchema)
		}
		return nil
	case !errors.Is(err, os.ErrNotExist):
		return fmt.Errorf("open store %s: %w", dir, err)
	}
	empty, err := dirEmpty(dir)
	if err != nil {
		return fmt.Errorf("open store %s: %w", dir, err)
	}
	if !empty {
		return fmt.Errorf("open store %s: %w", dir, ErrNotStore)
	}
	if readOnly {
		return fmt.Errorf("open store %s: %w", dir, ErrNoStore)
	}
	return writeMarker(dir)
}

func readMarker(dir string) (int, error) {
	b, err := os.ReadFile(filepath.Join(dir, markerFile))
	if err != nil {
		return 0, err
	}
	var v int
	if _, err := fmt.Sscanf(string(b), markerPrefix+"%d", &v); err != nil {
		return 0, fmt.Errorf("marker %s: %q: %w", markerFile, b, ErrCorrupt)
	}
	return v, nil
}

// dirEmpty reports whether dir is absent or has no entries.
func dirEmpty(dir string) (bool, error) {
	f, err := os.Open(dir)
	if errors.Is(err, os.ErrNotExist) {
		return true, nil
	}
	if err != nil {
		return false, err
	}
	defer f.Close()
	_, err = f.Readdirnames(1)
	if err == io.EOF {
		return true, nil
	}
	return false, err
}

// writeMarker creates dir and its marker file atomically (temp + rename + fsync).
func writeMarker(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("create store %s: %w", dir, err)
	}
	tmp := filepath.Join(dir, markerFile+".tmp")
	body := fmt.Sprintf("%s%d\nThis directory is a Lookout store (https://github.com/lookout-osint/lookout). Do not edit.\n", markerPrefix, SchemaVersion)
	if err := writeFileSync(tmp, []byte(body)); err != nil {
		return fmt.Errorf("create store %s: %w", dir, err)
	}
	if err := os.Rename(tmp, filepath.Join(dir, markerFile)); err != nil {
		return fmt.Errorf("create store %s: %w", dir, err)
	}
	return syncDir(dir)
}

func writeFileSync(name string, b []byte) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	if _, err := f.Write(b); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// syncDir syncs a directory of the OS file system.
func syncDir(dir string) error { return syncDirFS(vfs.Default, dir) }

// syncDirFS syncs a directory through fs, so that a file created or
// renamed in it survives a machine crash.
func syncDirFS(fs vfs.FS, dir string) error {
	d, err := fs.OpenDir(dir)
	if err != nil {
		return fmt.Errorf("sync %s: %w", dir, err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("sync %s: %w", dir, err)
	}
	return nil
}

// checkSchema reads the schema version key, writing it on a new store.
func (s *Store) checkSchema() (err error) {
	defer s.recoverFatal(&err)
	v, closer, err := s.db.Get(metaKey("schema"))
	if errors.Is(err, pebble.ErrNotFound) {
		if s.opts.ReadOnly {
			return nil // created but nothing committed yet: an empty store
		}
		return s.db.Set(metaKey("schema"), binary.BigEndian.AppendUint32(nil, SchemaVersion), pebble.Sync)
	}
	if err != nil {
		return fmt.Errorf("open store %s: read schema: %w", s.dir, err)
	}
	defer closer.Close()
	if len(v) != 4 {
		return fmt.Errorf("open store %s: schema key %x: %w", s.dir, v, ErrCorrupt)
	}
	got := binary.BigEndian.Uint32(v)
	if got > SchemaVersion {
		return fmt.Errorf("open store %s (schema %d, this lookout reads <= %d): %w", s.dir, got, SchemaVersion, ErrNewerSchema)
	}
	if got < SchemaVersion && !s.opts.ReadOnly {
		return s.upgradeSchema(got)
	}
	return nil
}

// upgradeSchema marks an older store as SchemaVersion before anything of
// the new layout is written: the schema key first (synced), then the
// marker file. A crash in between leaves the key ahead of the marker,
// which both old and new builds read correctly (old ones refuse it).
func (s *Store) upgradeSchema(from uint32) error {
	if err := s.db.Set(metaKey("schema"), binary.BigEndian.AppendUint32(nil, SchemaVersion), pebble.Sync); err != nil {
		return fmt.Errorf("open store %s: upgrade schema %d to %d: %w", s.dir, from, SchemaVersion, err)
	}
	if err := writeMarker(s.dir); err != nil {
		return fmt.Errorf("open store %s: upgrade schema %d to %d: %w", s.dir, from, SchemaVersion, err)
	}
	return nil
}

// Close closes the raw files and releases the directory. It is safe to
// call twice. Every Commit is durable on its own; a writer's Close also
// flushes the memtable (what is so far only in the write-ahead log) to
// sstables, so that later opens, read-only ones above all, need not replay
// the log: after a 2 M-row ingest that replay cost each read-only query
// about 0.3 CPU-s.
func (s *Store) Close() error {
	s.wmu.Lock()
	defer s.wmu.Unlock()
	if s.closed {
		return nil
	}
	s.closePebbleBatch()
	err := s.flushOnClose()
	s.closed = true
	if rerr := s.closeRawFiles(); err == nil {
		err = rerr
	}
	if s.db != nil {
		if cerr := s.closeDB(); err == nil {
			err = cerr
		}
	}
	s.releaseLock()
	if d, ok := s.po.FS.(*delayFS); ok && err == nil {
		err = d.removeAll()
	}
	if err != nil {
		return fmt.Errorf("close store %s: %w", s.dir, err)
	}
	return nil
}

// flushOnClose flushes a healthy writer's memtable; a failure loses
// nothing (the log still holds it) but is reported. It waits for the
// flush or for its first failure: Pebble retries a failed flush until the
// database closes, so DB.Flush would wait for ever on a full disk.
func (s *Store) flushOnClose() (err error) {
	if s.db == nil || s.writable() != nil {
		return nil
	}
	defer s.recoverFatal(&err)
	select {
	case <-s.bgErr: // an earlier failure, not this flush's
	default:
	}
	done, err := s.db.AsyncFlush()
	if err != nil {
		return fmt.Errorf("flush: %w", err)
	}
	select {
	case <-done:
		return nil
	case err := <-s.bgErr:
		return fmt.Errorf("flush (the write-ahead log keeps what it would have written): %w", err)
	}
}

// backgroundError keeps an error of Pebble's background work for
// flushOnClose (Pebble calls it from its own goroutines).
func (s *Store) backgroundError(err error) {
	select {
	case s.bgErr <- err:
	default: // one is already waiting
	}
}

// closeDB closes Pebble, which may panic after a fatal error.
func (s *Store) closeDB() (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("close after failure: %v", r)
		}
	}()
	return s.db.Close()
}

func (s *Store) releaseLock() {
	if s.lock != nil {
		s.lock.Close()
		s.lock = nil
	}
}

// Dir returns the store directory.
func (s *Store) Dir() string { return s.dir }

func (s *Store) writeOpts() *pebble.WriteOptions {
	if s.opts.NoSync {
		return pebble.NoSync
	}
	return pebble.Sync
}

// pebbleOptions tunes Pebble for few, large, already-delta-encoded values:
// big zstd-compressed sstable blocks, and no lock for read-only opens. The
// raw archive's values are compressed already (raw.go), so its key span
// gets Pebble's fastest compression, which stores incompressible blocks as
// they are, instead of spending zstd on them at every flush and compaction.
// A bulk ingest writes much and reads little: compaction out of L0 waits
// for 8 files rather than 4, so fewer compactions rewrite the same data.
// (L0 keeps zstd: Compact moves a table that overlaps nothing below as it
// is, so a faster L0 codec would stay in small stores for good.)
// Bloom filters on every level let Commit's lookups of blocks that do not
// exist yet (most of them in a bulk load) skip reading and decompressing
// sstable blocks.
func pebbleOptions(o Options) *pebble.Options {
	cache := o.CacheBytes
	if cache <= 0 {
		cache = 64 << 20
	}
	po := &pebble.Options{
		Cache:              pebble.NewCache(cache),
		FormatMajorVersion: pebble.FormatNewest,
		Logger:             quietLogger{},
		ReadOnly:           o.ReadOnly,
		FS:                 vfs.Default,
		MemTableSize:       64 << 20,
	}
	if o.memTable > 0 {
		po.MemTableSize = o.memTable
	}
	for i := range po.Levels {
		po.Levels[i].BlockSize = 32 << 10
		po.Levels[i].FilterPolicy = bloom.FilterPolicy(10)
		po.Levels[i].Compression = func() *sstable.CompressionProfile { return sstable.ZstdCompression }
	}
	po.L0CompactionThreshold, po.L0StopWritesThreshold = 8, 32
	po.Experimental.SpanPolicyFunc = pebble.MakeStaticSpanPolicyFunc(pebble.DefaultComparer.Compare,
		pebble.KeyRange{Start: []byte{pRaw}, End: []byte{pRaw + 1}}, pebble.SpanPolicy{PreferFastCompression: true})
	if o.fs != nil {
		po.FS = o.fs
	}
	if o.ReadOnly {
		po.FS = noLockFS{po.FS}
	} else {
		po.FS = newDelayFS(po.FS)
	}
	return po
}

// noLockFS lets a read-only open proceed while a writer holds the lock.
type noLockFS struct{ vfs.FS }

func (noLockFS) Lock(string) (io.Closer, error) { return io.NopCloser(nil), nil }

// quietLogger drops Pebble's informational logs; errors reach the caller
// through returned errors. Pebble reports a failed WAL write (a full disk)
// through Fatalf, which would exit the process: it panics with a
// *fatalError instead, which the write methods recover into an error.
type quietLogger struct{}

func (quietLogger) Infof(string, ...any)  {}
func (quietLogger) Errorf(string, ...any) {}
func (quietLogger) Fatalf(format string, args ...any) {
	fe := &fatalError{msg: fmt.Sprintf(format, args...)}
	for _, a := range args {
		if err, ok := a.(error); ok {
			fe.cause = err
		}
	}
	panic(fe)
}

// fatalError is an unrecoverable Pebble error; the store must be reopened.
type fatalError struct {
	msg   string
	cause error
}

func (e *fatalError) Error() string { return e.msg + " (reopen the store)" }
func (e *fatalError) Unwrap() error { return e.cause }

// recoverFatal turns a *fatalError panic into *err and marks the store
// broken, so that later writes fail fast instead of hanging.
func (s *Store) recoverFatal(err *error) {
	r := recover()
	if r == nil {
		return
	}
	fe, ok := r.(*fatalError)
	if !ok {
		panic(r)
	}
	s.broken = fe
	*err = fmt.Errorf("store %s: %w", s.dir, fe)
}

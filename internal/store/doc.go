// Package store is Lookout's embedded, crash-safe store: one directory holds
// the sources ingested (by content hash), a compressed archive of their raw
// lines, every vessel's fixes in time-ordered compressed blocks, identity
// history, a vessel summary, a coarse spatial grid index and detector events.
// It sits on Pebble (an LSM key-value store) and needs no server.
//
// # Writing
//
// One goroutine writes: it fills a Batch (raw lines, fixes with their
// segment id, identities, the source's progress) and calls Store.Commit,
// which applies everything in one atomic, fsynced Pebble batch. Fix blocks
// are keyed by (mmsi, UTC hour, segment) and merged on write: the content of a
// block is the set of its fixes, sorted by (time, lat, lon), deduplicated on
// (time, lat, lon) keeping the smallest source reference. So the bytes
// stored are a function of the set of fixes written, not of batch boundaries
// or of how often they were written: a re-run after kill -9 (or a double
// ingest) converges to exactly the state of one clean run.
//
// A vessel's identity history is time-bounded records of what it said of
// itself, each report merged whole: a record grows while reports say the
// same thing, and a report that says something else starts a new one. So
// a class B vessel's type 24 part A (the name) and part B (call sign,
// type, size) reports alternate in it; Vessel.Identity completes the
// latest record from the earlier ones (track.FillIdentity) for display.
//
// Identity histories are the exception: a commit merges its records in
// time order, but into what earlier commits stored, so when one vessel's
// records reach the store out of time order across commits the history
// can depend on where the commits were cut. Arriving [Y 4..4], then
// [Y 2..3] and [X 2..3] in a later commit gives [Y 2..4][X 2..3]; all in
// one commit gives [Y 2..3][X 2..3][Y 4..4]. Histories whose records
// arrive in time order (a time-sorted source) converge too.
//
// Commit also keeps, in the same atomic batch, the source's raw lines (full
// blocks of them as pointers into raw files, see below) and
// progress (SourceInfo.Progress, set with Batch.SetProgress), so after a
// kill -9 an ingest can skip storing again what derives from the lines up
// to Progress (lookout ingest re-reads the source from the start, since
// segmenting needs every fix, but stores only the rest), or simply runs
// again from the start: what it writes twice changes nothing.
//
// A commit looks up a fix block only when the vessel summary's first..last
// covers its hour (summary and blocks are written in the same atomic
// batch), so a bulk load of new days reads no blocks; the sstables carry
// bloom filters for the lookups that remain.
//
// # Reading
//
// A store opened for writing holds Pebble's directory lock; a second writer
// gets ErrLocked. Other processes read while an ingest runs by opening with
// Options.ReadOnly: a read-only handle is a snapshot of what was committed
// (and synced) when it opened; reopen it to see newer data. The writer keeps
// files it no longer needs for two minutes so that such snapshots can still
// read them; read-only handles are meant to be short-lived (a CLI query),
// long-lived readers belong in the writer's process.
//
// A writer's Close flushes what only the write-ahead log holds into
// sstables, so a read-only open after an ingest need not replay the log.
//
// # Key layout (schema version 5)
//
// Version 5 keeps a long identity history as its latest records (the
// head, i <mmsi>, version byte 2 with the chunk count and the chunks'
// latest end) and frozen chunks of 256 records before them, so that a
// commit rewrites the head only (identity.go); a short history is one
// value as before (version byte 1). Version 4 writes raw blocks as '\n'-terminated lines compressed in
// pieces (codec byte 0x04, below); version 3 keeps full raw blocks in
// files (below); version 2 stores fix blocks as format v3 and raw blocks,
// full or not, inline as S2 behind a codec byte; version 1 stores (format
// v2 blocks, zstd raw blocks) are still read. Version 1 to 3 stores are
// marked version 4 (now 5) when opened for writing, since new blocks then join the
// old ones (the partial tail block of a source is continued in the new
// encoding); a Lookout that knows only an older version refuses them
// (ErrNewerSchema) rather than failing on a pointer or a codec byte.
//
//	m <name>                              meta: schema version, next source id
//	s <src:4>                             source record
//	h <sha256:32>                         source id by content hash
//	r <src:4> <first line:4>              raw lines [first, first+4096): a pointer
//	                                      (codec byte 0x03) when the block is full,
//	                                      else the block (codec byte 0x04); S2 of
//	                                      length-prefixed lines (0x02) or zstd in
//	                                      old stores
//	f <mmsi:4> <hour:4> <seg:8>           fix block of one UTC hour (see block.go)
//	g <hour:4> <cell:2> <mmsi:4>          grid: the vessel has fixes in the 1° cell that hour
//	v <mmsi:4>                            vessel summary (first/last seen, fixes)
//	i <mmsi:4>                            identity history, or its head (version 5)
//	i <mmsi:4> <seq:4>                    frozen identity chunk seq of a long history
//	e <start:8> <id>                      event (JSON)
//
// A raw block pointer is 0x03, file id:4, offset:8, length:4 and the
// CRC-32C (Castagnoli) of the bytes it points at, all big-endian.
//
// A raw block (codec byte 0x04) is its lines, each followed by '\n', cut
// into pieces of 64 KiB (the last shorter) each compressed as one S2
// block: 0x04, the uvarint length of the lines' bytes, then per piece its
// compressed length:4 (big-endian) and its S2 block. Older stores hold
// 0x02 and one S2 block of the lines each preceded by its uvarint length,
// or a zstd frame of the same.
//
// # Raw files
//
// raw/<src>.raw (src in decimal, no leading zeros) holds source src's full
// raw blocks, appended in line order, each stored exactly as an inline
// value would be (0x04 and its pieces; 0x02 and an S2 block in a schema 3
// store); nothing in a file is rewritten.
// Commit appends a batch's full blocks, fdatasyncs the files (unless
// NoSync), then commits the Pebble batch with their pointers. A file's
// committed length is the end of the block that the last full block's
// pointer (per the source record's line count) names, so it needs no key
// of its own. A writable open truncates every file to its committed length
// (a kill -9 between the file write and the Pebble commit leaves bytes no
// pointer names), and the writer does so again before appending after a
// failed commit; read-only opens never truncate and read only the ranges
// their snapshot points at. A read checks the range lies in the file and
// its CRC: damage is ErrCorrupt, never a wrong line. With NoSync a machine
// crash (not a process kill) can lose file bytes that a surviving pointer
// names; the store still opens, and quoting those lines, or archiving more
// full blocks of that source, fails with ErrCorrupt.
//
// Integers are big-endian so that keys sort by value.
package store

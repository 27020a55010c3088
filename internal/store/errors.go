package store

import "errors"

// Sentinel errors; compare with errors.Is. Errors returned by the store wrap
// them with the directory or the key concerned.
var (
	// ErrLocked means another process has the store open for writing.
	ErrLocked = errors.New("store is locked by another writer (is an ingest or serve running? readers can use a read-only open)")
	// ErrNotStore means the directory exists, is not empty and is not a Lookout store.
	ErrNotStore = errors.New("not a Lookout store (non-empty directory without the LOOKOUT marker file)")
	// ErrNoStore means a read-only open found no store in the directory.
	ErrNoStore = errors.New("no Lookout store here (run 'lookout ingest' first)")
	// ErrNewerSchema means the store was written by a newer Lookout.
	ErrNewerSchema = errors.New("store was written by a newer version of Lookout; upgrade lookout to read it")
	// ErrReadOnly is returned by writes on a store opened read-only.
	ErrReadOnly = errors.New("store is open read-only")
	// ErrClosed is returned by calls on a closed store.
	ErrClosed = errors.New("store is closed")
	// ErrUnknownSource means a source id or hash is not registered.
	ErrUnknownSource = errors.New("unknown source")
	// ErrRawGap means raw lines were not added consecutively from the last archived line.
	ErrRawGap = errors.New("raw lines must be added consecutively")
	// ErrRawBlockTooBig means the lines of one raw archive block (4096
	// lines) are too long to archive: input with lines of tens of MiB.
	ErrRawBlockTooBig = errors.New("raw lines too long to archive (is this AIS input?)")
	// ErrInvalidFix means a fix has no usable time or position.
	ErrInvalidFix = errors.New("invalid fix")
	// ErrNotFound means a raw line or record does not exist.
	ErrNotFound = errors.New("not found")
	// ErrCorrupt means a stored value could not be decoded.
	ErrCorrupt = errors.New("corrupt store value")
)

package store

import (
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"sync"

	"github.com/klauspost/compress/s2"
	"github.com/klauspost/compress/zstd"
	"github.com/lookout-osint/lookout/internal/track"
)

// The raw archive keeps every input line of a source in blocks of
// rawBlockLines lines: key (source, first line), value the compressed
// (uvarint length, bytes) per line. The last block of a source is rewritten
// with more lines until it is full; a full block goes to the source's raw
// file, and its value becomes a pointer there (rawfile.go).
//
// A value says how it is compressed: the codec byte rawS2 followed by an S2
// block (what Commit writes: about 3x faster to write than zstd, and the
// raw archive is kept apart from the per-fix size budget), or a zstd frame,
// recognised by its magic number, as stores written before the codec byte
// hold. Both read back the same lines.

// rawS2 is the codec byte of an S2-compressed raw block. It differs from
// the first byte of zstd's frame magic (zstdMagic).
const rawS2 = 0x02

// zstdMagic starts every zstd frame.
const zstdMagic = "\x28\xb5\x2f\xfd"

var (
	zenc, _ = zstd.NewWriter(nil, zstd.WithEncoderLevel(zstd.SpeedFastest), zstd.WithEncoderConcurrency(1))
	zdec, _ = zstd.NewReader(nil, zstd.WithDecoderConcurrency(1), zstd.WithDecoderMaxMemory(maxRawBlock))
)

// maxRawBlock bounds a decoded raw block, so that a damaged store fails a
// quote with ErrCorrupt rather than allocating what a corrupt header asks.
const maxRawBlock = 256 << 20

// compressRaw appends the stored form of the block encoding plain to dst.
func compressRaw(dst, plain []byte) []byte {
	n := len(dst)
	dst = slices.Grow(dst, 1+s2.MaxEncodedLen(len(plain)))
	dst = append(dst, rawS2)
	enc := s2.Encode(dst[n+1:cap(dst)], plain)
	return dst[:n+1+len(enc)]
}

// decompressRaw returns the block encoding of a stored raw block, appended
// to dst.
func decompressRaw(dst, b []byte) ([]byte, error) {
	switch {
	case len(b) > 0 && b[0] == rawS2:
		n, err := s2.DecodedLen(b[1:])
		if err != nil {
			return nil, fmt.Errorf("raw block: s2: %v: %w", err, ErrCorrupt)
		}
		if n > maxRawBlock {
			return nil, fmt.Errorf("raw block: s2: %d bytes decoded, more than %d: %w", n, maxRawBlock, ErrCorrupt)
		}
		out := slices.Grow(dst, n)
		plain, err := s2.Decode(out[len(dst):len(dst)+n], b[1:])
		if err != nil {
			return nil, fmt.Errorf("raw block: s2: %v: %w", err, ErrCorrupt)
		}
		return out[:len(dst)+len(plain)], nil
	case len(b) >= len(zstdMagic) && string(b[:len(zstdMagic)]) == zstdMagic:
		out, err := zdec.DecodeAll(b, dst)
		if err != nil {
			return nil, fmt.Errorf("raw block: zstd: %v: %w", err, ErrCorrupt)
		}
		return out, nil
	}
	return nil, fmt.Errorf("raw block: unknown codec: %w", ErrCorrupt)
}

// rawTail is the writer's copy of a source's last, possibly partial block,
// kept uncompressed in the block's encoding.
type rawTail struct {
	first uint32 // line number of the first line
	n     uint32 // lines in plain
	plain []byte // (uvarint length, bytes) per line
}

func (t *rawTail) next() uint32 { return t.first + t.n }

func decodeRaw(b []byte) ([][]byte, error) {
	plain, err := decompressRaw(nil, b)
	if err != nil {
		return nil, err
	}
	return splitRaw(plain)
}

// splitRaw splits a decompressed raw block into its lines.
func splitRaw(plain []byte) ([][]byte, error) {
	var out [][]byte
	for len(plain) > 0 {
		n, k := binary.Uvarint(plain)
		if k <= 0 || n > uint64(len(plain)-k) {
			return nil, fmt.Errorf("raw block line %d: %w", len(out)+1, ErrCorrupt)
		}
		out = append(out, plain[k:k+int(n)])
		plain = plain[k+int(n):]
	}
	return out, nil
}

func blockFirst(line uint32) uint32 { return (line-1)/rawBlockLines*rawBlockLines + 1 }

// tail returns the writer's tail for src, loading it from the store the
// first time (after a restart it is the stored partial block).
func (s *Store) tail(src uint32) (*rawTail, error) {
	if t, ok := s.tails[src]; ok {
		return t, nil
	}
	si, err := s.SourceInfo(src)
	if err != nil {
		return nil, err
	}
	t := &rawTail{first: blockFirst(si.Lines + 1)}
	if si.Lines >= t.first {
		v, err := s.getRaw(rawKey(src, t.first))
		if err != nil {
			return nil, fmt.Errorf("raw tail of source %d: %w", src, err)
		}
		if t.plain, err = decompressRaw(nil, v); err != nil {
			return nil, fmt.Errorf("raw tail of source %d: %w", src, err)
		}
		lines, err := splitRaw(t.plain)
		if err != nil {
			return nil, err
		}
		t.n = uint32(len(lines))
		if t.next() != si.Lines+1 {
			return nil, fmt.Errorf("raw tail of source %d has %d lines, record says %d: %w", src, len(lines), si.Lines, ErrCorrupt)
		}
	}
	s.tails[src] = t
	return t, nil
}

// rawBlockCache keeps the last decoded raw block for RawLine lookups.
type rawBlockCache struct {
	mu    sync.Mutex
	key   string
	lines [][]byte
}

// RawLine returns the raw input line ref points at, as archived.
func (s *Store) RawLine(ref track.SourceRef) (string, error) {
	if ref.Line == 0 {
		return "", fmt.Errorf("raw line %d:%d: %w", ref.Source, ref.Line, ErrNotFound)
	}
	first := blockFirst(ref.Line)
	k := rawKey(ref.Source, first)
	lines, err := s.rawBlock(k, false)
	if err == nil && int(ref.Line-first) >= len(lines) {
		lines, err = s.rawBlock(k, true) // the cached tail block may have grown
	}
	if errors.Is(err, ErrNotFound) || (err == nil && int(ref.Line-first) >= len(lines)) {
		return "", fmt.Errorf("raw line %d:%d: %w", ref.Source, ref.Line, ErrNotFound)
	}
	if err != nil {
		return "", fmt.Errorf("raw line %d:%d: %w", ref.Source, ref.Line, err)
	}
	return string(lines[ref.Line-first]), nil
}

func (s *Store) rawBlock(k []byte, reload bool) ([][]byte, error) {
	c := &s.rawCache
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.key == string(k) && !reload {
		return c.lines, nil
	}
	v, err := s.getRaw(k)
	if err != nil {
		return nil, err
	}
	lines, err := decodeRaw(v)
	if err != nil {
		return nil, err
	}
	c.key, c.lines = string(k), lines
	return lines, nil
}

// getRaw returns the stored form of the raw block at k: the Pebble value,
// or for a pointer the bytes it points at in a raw file.
func (s *Store) getRaw(k []byte) ([]byte, error) {
	v, err := s.get(k)
	if err != nil || !isRawPointer(v) {
		return v, err
	}
	p, err := decodeRawPointer(v)
	if err != nil {
		return nil, err
	}
	return s.readRawPointer(p)
}

// RawLines resolves many references; out[i] is the line of refs[i]. A
// missing line is an error naming it.
func (s *Store) RawLines(refs []track.SourceRef) ([]string, error) {
	out := make([]string, len(refs))
	for i, r := range refs {
		l, err := s.RawLine(r)
		if err != nil {
			return nil, err
		}
		out[i] = l
	}
	return out, nil
}

package store

import (
	"bytes"
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
// rawBlockLines lines: key (source, first line), value the block's lines,
// compressed. The last block of a source is rewritten with more lines
// until it is full; a full block goes to the source's raw file, and its
// value becomes a pointer there (rawfile.go).
//
// A value says how it is stored by its first byte:
//
//   - rawPieces (0x04), what Commit writes: the lines, each followed by
//     '\n' (a line never holds one), cut into pieces of rawPiece bytes
//     (the last shorter), each compressed as one S2 block. After the codec
//     byte come the uvarint length of the lines' bytes, then per piece its
//     compressed length (4 bytes, big-endian) and its S2 block; the
//     pieces' decoded lengths add up to the lines' length. S2 is about 3x
//     faster to write than zstd, pieces of 64 KiB are about 15% faster
//     than a whole block, and '\n'-terminated lines are what the input
//     holds, so a batch copies its lines in bulk (appendRawLines).
//   - rawS2 (0x02), as schema 2 and 3 stores hold: one S2 block of the
//     lines, each preceded by its uvarint length.
//   - a zstd frame, recognised by its magic number, as schema 1 stores
//     hold: the lines as rawS2 encodes them.
//
// All read back the same lines; the writer continues a tail block stored
// the old way in the new one (Store.tail).

// rawS2 is the codec byte of a raw block of length-prefixed lines in one
// S2 block (schema 2 and 3). It differs from the first byte of zstd's
// frame magic (zstdMagic), and from rawPtr and rawPieces.
const rawS2 = 0x02

// rawPieces is the codec byte of a raw block of '\n'-terminated lines
// compressed in pieces of S2 (schema 4).
const rawPieces = 0x04

// rawPiece is the size of the pieces a raw block is compressed in. S2
// compresses small inputs faster, as they stay in cache, and a little
// worse: on full blocks of the NMEA bench file (about 160 KB) a median
// 591 MB/s whole, 673 MB/s in 64 KiB pieces and 618 in 32 KiB, ratio
// 2.63, 2.47 and 2.38; on the CSV file's (about 460 KB) 230, 247 and 234
// MB/s, ratio 1.77, 1.68 and 1.62 (BenchmarkRawCodecs, 5 runs each).
// 32 KiB pieces bought no more speed on a busy machine for 4% more bytes.
const rawPiece = 64 << 10

// rawPieceHead is the length of a piece's header, its compressed length.
const rawPieceHead = 4

// zstdMagic starts every zstd frame.
const zstdMagic = "\x28\xb5\x2f\xfd"

var (
	zenc, _ = zstd.NewWriter(nil, zstd.WithEncoderLevel(zstd.SpeedFastest), zstd.WithEncoderConcurrency(1))
	zdec, _ = zstd.NewReader(nil, zstd.WithDecoderConcurrency(1), zstd.WithDecoderMaxMemory(maxRawBlock))
)

// maxRawBlock bounds a decoded raw block, so that a damaged store fails a
// quote with ErrCorrupt rather than allocating what a corrupt header asks.
const maxRawBlock = 256 << 20

// compressRaw appends the stored form (rawPieces) of plain, lines each
// followed by '\n', to dst.
func compressRaw(dst, plain []byte) []byte {
	room := 1 + binary.MaxVarintLen64
	for p := 0; p < len(plain); p += rawPiece {
		room += rawPieceHead + s2.MaxEncodedLen(min(rawPiece, len(plain)-p))
	}
	dst = slices.Grow(dst, room)
	dst = append(dst, rawPieces)
	dst = binary.AppendUvarint(dst, uint64(len(plain)))
	for p := plain; len(p) > 0; {
		k := min(rawPiece, len(p))
		h := len(dst)
		enc := s2.Encode(dst[h+rawPieceHead:cap(dst)], p[:k])
		binary.BigEndian.PutUint32(dst[h:h+rawPieceHead], uint32(len(enc)))
		dst = dst[:h+rawPieceHead+len(enc)]
		p = p[k:]
	}
	return dst
}

// decompressRaw returns the lines of a stored raw block, appended to dst,
// and whether they are length-prefixed (rawS2 and zstd blocks) rather
// than '\n'-terminated (rawPieces).
func decompressRaw(dst, b []byte) (_ []byte, prefixed bool, err error) {
	switch {
	case len(b) > 0 && b[0] == rawPieces:
		out, err := decompressPieces(dst, b[1:])
		return out, false, err
	case len(b) > 0 && b[0] == rawS2:
		out, err := decompressS2(dst, b[1:])
		return out, true, err
	case len(b) >= len(zstdMagic) && string(b[:len(zstdMagic)]) == zstdMagic:
		out, err := zdec.DecodeAll(b, dst)
		if err != nil {
			return nil, true, fmt.Errorf("raw block: zstd: %v: %w", err, ErrCorrupt)
		}
		return out, true, nil
	}
	return nil, false, fmt.Errorf("raw block: unknown codec: %w", ErrCorrupt)
}

// decompressPieces appends to dst the lines of b, a rawPieces block after
// its codec byte.
func decompressPieces(dst, b []byte) ([]byte, error) {
	total, k := binary.Uvarint(b)
	if k <= 0 || total > maxRawBlock {
		return nil, fmt.Errorf("raw block: bad length %d (at most %d): %w", total, maxRawBlock, ErrCorrupt)
	}
	if err := checkPieces(b[k:], total); err != nil {
		return nil, err
	}
	// checkPieces has checked every header: each piece lies within b and
	// decodes to a length that, added up, is total, so each fits in out.
	out := slices.Grow(dst, int(total))[:len(dst)+int(total)]
	pos := len(dst)
	for b = b[k:]; len(b) > 0; {
		c := int(binary.BigEndian.Uint32(b))
		plain, err := s2.Decode(out[pos:], b[rawPieceHead:rawPieceHead+c])
		if err != nil {
			return nil, fmt.Errorf("raw block: piece at %d: s2: %v: %w", pos-len(dst), err, ErrCorrupt)
		}
		pos += len(plain)
		b = b[rawPieceHead+c:]
	}
	return out, nil
}

// checkPieces checks the piece headers of a rawPieces block (b after its
// total length) before anything is allocated: each piece within b and
// decoding to at most rawPiece bytes, together to total. A damaged header
// then costs no more memory than the pieces really hold.
func checkPieces(b []byte, total uint64) error {
	var sum uint64
	for len(b) > 0 {
		if len(b) < rawPieceHead || uint64(binary.BigEndian.Uint32(b)) > uint64(len(b)-rawPieceHead) {
			return fmt.Errorf("raw block: piece at %d: truncated: %w", sum, ErrCorrupt)
		}
		c := int(binary.BigEndian.Uint32(b))
		n, err := s2.DecodedLen(b[rawPieceHead : rawPieceHead+c])
		if err != nil || n > rawPiece {
			return fmt.Errorf("raw block: piece at %d: %d bytes decoded (at most %d), %v: %w", sum, n, rawPiece, err, ErrCorrupt)
		}
		sum += uint64(n)
		b = b[rawPieceHead+c:]
	}
	if sum != total {
		return fmt.Errorf("raw block: pieces hold %d bytes, header says %d: %w", sum, total, ErrCorrupt)
	}
	return nil
}

// decompressS2 appends to dst the lines of b, a rawS2 block after its
// codec byte.
func decompressS2(dst, b []byte) ([]byte, error) {
	n, err := s2.DecodedLen(b)
	if err != nil {
		return nil, fmt.Errorf("raw block: s2: %v: %w", err, ErrCorrupt)
	}
	if n > maxRawBlock {
		return nil, fmt.Errorf("raw block: s2: %d bytes decoded, more than %d: %w", n, maxRawBlock, ErrCorrupt)
	}
	out := slices.Grow(dst, n)
	plain, err := s2.Decode(out[len(dst):len(dst)+n], b)
	if err != nil {
		return nil, fmt.Errorf("raw block: s2: %v: %w", err, ErrCorrupt)
	}
	return out[:len(dst)+len(plain)], nil
}

// rawTail is the writer's copy of a source's last, possibly partial block,
// kept uncompressed in the rawPieces line encoding.
type rawTail struct {
	first uint32 // line number of the first line
	n     uint32 // lines in plain
	plain []byte // the lines, each followed by '\n'
}

func (t *rawTail) next() uint32 { return t.first + t.n }

// decodeRaw returns the lines of a stored raw block.
func decodeRaw(b []byte) ([][]byte, error) {
	plain, prefixed, err := decompressRaw(nil, b)
	if err != nil {
		return nil, err
	}
	if prefixed {
		return splitPrefixed(plain)
	}
	return splitRaw(plain)
}

// splitRaw splits a decompressed rawPieces block into its lines, each
// followed by '\n'.
func splitRaw(plain []byte) ([][]byte, error) {
	n := bytes.Count(plain, newline)
	if n > rawBlockLines || (len(plain) > 0 && plain[len(plain)-1] != '\n') {
		return nil, fmt.Errorf("raw block of %d bytes: %d lines, or no '\\n' at its end: %w", len(plain), n, ErrCorrupt)
	}
	out := make([][]byte, 0, n)
	for len(plain) > 0 {
		i := bytes.IndexByte(plain, '\n')
		out = append(out, plain[:i:i])
		plain = plain[i+1:]
	}
	return out, nil
}

// newline is the line terminator of the rawPieces encoding.
var newline = []byte{'\n'}

// splitPrefixed splits a decompressed rawS2 or zstd block into its lines,
// each preceded by its uvarint length.
func splitPrefixed(plain []byte) ([][]byte, error) {
	var out [][]byte
	for len(plain) > 0 {
		n, k := binary.Uvarint(plain)
		if k <= 0 || n > uint64(len(plain)-k) || len(out) == rawBlockLines {
			return nil, fmt.Errorf("raw block line %d: %w", len(out)+1, ErrCorrupt)
		}
		out = append(out, plain[k:k+int(n)])
		plain = plain[k+int(n):]
	}
	return out, nil
}

func blockFirst(line uint32) uint32 { return (line-1)/rawBlockLines*rawBlockLines + 1 }

// tail returns the writer's tail for src, loading it from the store the
// first time (after a restart it is the stored partial block, in the
// rawPieces encoding whatever codec stored it).
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
		lines, err := decodeRaw(v)
		if err != nil {
			return nil, fmt.Errorf("raw tail of source %d: %w", src, err)
		}
		for _, l := range lines {
			if bytes.IndexByte(l, '\n') >= 0 { // only AddRaw of schema 3 or older took one
				return nil, fmt.Errorf("raw tail of source %d: line %d holds a '\\n', which schema %d cannot continue: %w",
					src, t.next(), SchemaVersion, ErrCorrupt)
			}
			t.plain = appendRawLine(t.plain, l)
			t.n++
		}
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

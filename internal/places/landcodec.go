package places

import (
	"bufio"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"

	"github.com/lookout-osint/lookout/internal/geo"
)

// The compact land format (gzip-compressed): a magic string; the number of
// rings; per ring its vertex count and the vertices as zigzag varint
// deltas of latitude and longitude in units of 1e-5° (about 1.1 m); then
// the shore grid's dimensions and its values as zigzag varint deltas.
const (
	landMagic    = "LKLAND02"
	landQuantum  = 1e5 // units per degree
	maxRingVerts = 1 << 24
)

// QuantizeRings rounds every vertex to the 1e-5° lattice of the compact
// format, so that a mask built from the result equals its decoded copy.
func QuantizeRings(rings [][]geo.Point) {
	for _, r := range rings {
		for i, p := range r {
			r[i] = geo.Point{Lat: math.Round(p.Lat*landQuantum) / landQuantum, Lon: math.Round(p.Lon*landQuantum) / landQuantum}
		}
	}
}

// EncodeLandMask writes m in the compact format.
func EncodeLandMask(w io.Writer, m *LandMask) error {
	zw, err := gzip.NewWriterLevel(w, gzip.BestCompression)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(zw)
	var buf [binary.MaxVarintLen64]byte
	putU := func(v uint64) { bw.Write(buf[:binary.PutUvarint(buf[:], v)]) }
	putS := func(v int64) { bw.Write(buf[:binary.PutVarint(buf[:], v)]) }
	bw.WriteString(landMagic)
	putU(uint64(len(m.ringEnds)))
	var pLat, pLon int64
	start := int32(0)
	for _, end := range m.ringEnds {
		putU(uint64(end - start))
		for _, p := range m.verts[start:end] {
			lat, lon := int64(math.Round(p.Lat*landQuantum)), int64(math.Round(p.Lon*landQuantum))
			putS(lat - pLat)
			putS(lon - pLon)
			pLat, pLon = lat, lon
		}
		start = end
	}
	putU(shoreRows)
	putU(shoreCols)
	prev := int64(0)
	for _, v := range m.shore.d {
		putS(int64(v) - prev)
		prev = int64(v)
	}
	prev = 0
	for _, v := range m.shore.seg {
		putS(int64(v) - prev)
		prev = int64(v)
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	return zw.Close()
}

// DecodeLandMask reads a land mask in the compact format written by
// EncodeLandMask (gzip-compressed) and builds its grid index.
func DecodeLandMask(r io.Reader, source string) (*LandMask, error) {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, &ParseError{Source: source, Err: fmt.Errorf("%w: %v", ErrBadFormat, err)}
	}
	return decodeLandMask(bufio.NewReader(zr), source)
}

func decodeLandMask(br *bufio.Reader, source string) (*LandMask, error) {
	rings, shore, err := decodeLand(br)
	if err != nil {
		if errors.Is(err, io.EOF) {
			err = fmt.Errorf("%w (%v)", io.ErrUnexpectedEOF, err)
		}
		return nil, &ParseError{Source: source, Err: fmt.Errorf("%w: %v", ErrBadFormat, err)}
	}
	m := &LandMask{Source: source}
	m.reserve(rings)
	for i, ring := range rings {
		if err := m.addRing(ring); err != nil {
			return nil, &ParseError{Source: source, Err: fmt.Errorf("ring %d: %w", i, err)}
		}
	}
	m.buildGrid()
	for k, id := range shore.seg {
		if id >= 0 && (int(id)+1 >= len(m.verts) || !m.isCoast(id)) {
			return nil, &ParseError{Source: source, Err: fmt.Errorf("%w: shore grid node %d names edge %d, not a coastline edge", ErrBadFormat, k, id)}
		}
	}
	m.shore = shore
	return m, nil
}

func decodeLand(br *bufio.Reader) ([][]geo.Point, shoreGrid, error) {
	magic := make([]byte, len(landMagic))
	if _, err := io.ReadFull(br, magic); err != nil || string(magic) != landMagic {
		return nil, shoreGrid{}, fmt.Errorf("not a Lookout land mask (magic %q)", magic)
	}
	n, err := binary.ReadUvarint(br)
	if err != nil || n > maxRingVerts {
		return nil, shoreGrid{}, fmt.Errorf("ring count: %v", errOr(err, n))
	}
	rings := make([][]geo.Point, 0, min(n, 4096)) // counts are untrusted
	var lat, lon int64
	for i := uint64(0); i < n; i++ {
		nv, err := binary.ReadUvarint(br)
		if err != nil || nv > maxRingVerts {
			return nil, shoreGrid{}, fmt.Errorf("ring %d size: %v", i, errOr(err, nv))
		}
		ring := make([]geo.Point, 0, min(nv, 4096))
		for k := 0; k < int(nv); k++ {
			dLat, err1 := binary.ReadVarint(br)
			dLon, err2 := binary.ReadVarint(br)
			if err := errors.Join(err1, err2); err != nil {
				return nil, shoreGrid{}, fmt.Errorf("ring %d vertex %d: %w", i, k, err)
			}
			lat, lon = lat+dLat, lon+dLon
			ring = append(ring, geo.Point{Lat: float64(lat) / landQuantum, Lon: float64(lon) / landQuantum})
		}
		rings = append(rings, ring)
	}
	shore, err := decodeShore(br)
	return rings, shore, err
}

func decodeShore(br *bufio.Reader) (shoreGrid, error) {
	rows, err1 := binary.ReadUvarint(br)
	cols, err2 := binary.ReadUvarint(br)
	if err := errors.Join(err1, err2); err != nil {
		return shoreGrid{}, fmt.Errorf("shore grid size: %w", err)
	}
	if rows != shoreRows || cols != shoreCols {
		return shoreGrid{}, fmt.Errorf("shore grid %d×%d, want %d×%d", rows, cols, shoreRows, shoreCols)
	}
	s := shoreGrid{d: make([]uint16, rows*cols)}
	prev := int64(0)
	for k := range s.d {
		dv, err := binary.ReadVarint(br)
		if err != nil {
			return shoreGrid{}, fmt.Errorf("shore grid value %d: %w", k, err)
		}
		prev += dv
		if prev < 0 || prev > math.MaxUint16 {
			return shoreGrid{}, fmt.Errorf("shore grid value %d out of range: %d", k, prev)
		}
		s.d[k] = uint16(prev)
	}
	s.seg = make([]int32, rows*cols)
	prev = 0
	for k := range s.seg {
		dv, err := binary.ReadVarint(br)
		if err != nil {
			return shoreGrid{}, fmt.Errorf("shore grid edge %d: %w", k, err)
		}
		prev += dv
		if prev < -1 || prev > math.MaxInt32 {
			return shoreGrid{}, fmt.Errorf("shore grid edge %d out of range: %d", k, prev)
		}
		s.seg[k] = int32(prev)
	}
	return s, nil
}

func errOr(err error, n uint64) any {
	if err != nil {
		return err
	}
	return fmt.Sprintf("%d too large", n)
}

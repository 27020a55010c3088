package store

import (
	"encoding/binary"
	"math"
)

// Key prefixes (see doc.go).
const (
	pMeta     = 'm'
	pSource   = 's'
	pHash     = 'h'
	pRaw      = 'r'
	pFix      = 'f'
	pGrid     = 'g'
	pVessel   = 'v'
	pIdentity = 'i'
	pEvent    = 'e'
)

const (
	dayMs  = 86400000
	hourMs = 3600000
	// bucketMs is the time span of one fix block: an hour keeps the
	// read-merge-write of a growing block cheap for dense feeds.
	bucketMs = hourMs
	// rawBlockLines is the number of raw lines per archive block.
	rawBlockLines = 4096
)

// MaxTime is a convenient "no upper bound" for time ranges (Unix ms).
const MaxTime = math.MaxInt64

func be32(b []byte, v uint32) []byte { return binary.BigEndian.AppendUint32(b, v) }
func be64(b []byte, v uint64) []byte { return binary.BigEndian.AppendUint64(b, v) }

func metaKey(name string) []byte { return append([]byte{pMeta}, name...) }

func sourceKey(id uint32) []byte { return be32([]byte{pSource}, id) }

func hashKey(h [32]byte) []byte { return append([]byte{pHash}, h[:]...) }

func rawKey(src, first uint32) []byte { return appendRawKey(make([]byte, 0, 9), src, first) }

// appendRawKey appends the key of the raw block of src at line first to dst.
func appendRawKey(dst []byte, src, first uint32) []byte {
	return be32(be32(append(dst, pRaw), src), first)
}

// fixKey is the key of the block of mmsi's fixes of one bucket (UTC hour) in one segment.
func fixKey(dst []byte, mmsi, day uint32, seg uint64) []byte {
	dst = append(dst[:0], pFix)
	return be64(be32(be32(dst, mmsi), day), seg)
}

// parseFixKey splits a fix key; ok is false for a malformed key.
func parseFixKey(k []byte) (mmsi, day uint32, seg uint64, ok bool) {
	if len(k) != 17 || k[0] != pFix {
		return 0, 0, 0, false
	}
	return binary.BigEndian.Uint32(k[1:]), binary.BigEndian.Uint32(k[5:]), binary.BigEndian.Uint64(k[9:]), true
}

// gridKey says mmsi has fixes in cell during hour (in any segment).
func gridKey(dst []byte, hour uint32, cell uint16, mmsi uint32) []byte {
	dst = append(dst[:0], pGrid)
	dst = be32(dst, hour)
	dst = binary.BigEndian.AppendUint16(dst, cell)
	return be32(dst, mmsi)
}

func vesselKey(mmsi uint32) []byte { return appendVesselKey(nil, mmsi) }

// appendVesselKey appends the vessel key of mmsi to dst.
func appendVesselKey(dst []byte, mmsi uint32) []byte { return be32(append(dst, pVessel), mmsi) }

func identityKey(mmsi uint32) []byte { return appendIdentityKey(nil, mmsi) }

// appendIdentityKey appends the identity key of mmsi to dst.
func appendIdentityKey(dst []byte, mmsi uint32) []byte { return be32(append(dst, pIdentity), mmsi) }

// eventKey orders events by start time; the sign bit is flipped so that
// negative times sort first.
func eventKey(start int64, id string) []byte {
	return append(be64([]byte{pEvent}, uint64(start)^(1<<63)), id...)
}

// bucketOf and hourOf return the block bucket and UTC hour numbers of a
// Unix ms time >= 0.
func bucketOf(t int64) uint32 { return uint32(t / bucketMs) }
func hourOf(t int64) uint32   { return uint32(t / hourMs) }

// cellOf returns the 1° grid cell of a position: row-major from (-90, -180).
func cellOf(lat, lon float64) uint16 {
	r := int(math.Floor(lat + 90))
	c := int(math.Floor(lon + 180))
	r = min(max(r, 0), 179)
	c = min(max(c, 0), 359)
	return uint16(r*360 + c)
}

// prefixEnd returns the smallest key greater than every key with prefix p.
func prefixEnd(p []byte) []byte {
	e := append([]byte(nil), p...)
	for i := len(e) - 1; i >= 0; i-- {
		if e[i] != 0xff {
			e[i]++
			return e[:i+1]
		}
	}
	return nil
}
